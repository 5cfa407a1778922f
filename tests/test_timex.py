"""Date expressions → ISO partial dates (allegiance.extraction.timex)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

import pytest

from allegiance.extraction.timex import (
    TimeValue,
    Timex,
    anchor_duration,
    find_timexes,
    narrative_shift,
    parse_duration,
    resolve,
)

PUB = "2017-04-11"  # a Tuesday; the running example's publication date
ARTICLE = Path(__file__).parent / "data" / "syria-direct-2017-04-11-rahmoun.txt"


def point(iso: str, precision: Literal["year", "month", "day"]) -> TimeValue:
    return TimeValue(iso, iso, precision, None)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # absolute
        ("In April 2013", point("2013-04", "month")),
        ("in 2011", point("2011", "year")),
        ("August 2014", point("2014-08", "month")),
        ("11 April 2017", point("2017-04-11", "day")),
        ("April 11, 2017", point("2017-04-11", "day")),
        ("2017-04-11", point("2017-04-11", "day")),
        ("11th of April, 2017", point("2017-04-11", "day")),
        ("Sept. 5, 2015", point("2015-09-05", "day")),
        ("April of 2013", point("2013-04", "month")),
        ("in mid-2015", point("2015", "year")),
        ("late 2014", point("2014", "year")),
        ("early 2013", point("2013", "year")),
        ("the summer of 2012", point("2012", "year")),
        ("the end of 2014", point("2014", "year")),
        ("early April 2013", point("2013-04", "month")),
        # relative to 2017-04-11
        ("Last December", point("2016-12", "month")),
        ("last April", point("2016-04", "month")),
        ("last March", point("2017-03", "month")),
        ("this December", point("2017-12", "month")),
        ("last month", point("2017-03", "month")),
        ("last year", point("2016", "year")),
        ("this year", point("2017", "year")),
        ("earlier this year", point("2017", "year")),
        ("earlier this month", point("2017-04", "month")),
        ("two years ago", point("2015", "year")),
        ("a year ago", point("2016", "year")),
        ("three months ago", point("2017-01", "month")),
        ("5 days ago", point("2017-04-06", "day")),
        ("yesterday", point("2017-04-10", "day")),
        ("on Monday", point("2017-04-10", "day")),
        ("on Tuesday", point("2017-04-04", "day")),  # strictly before publication
        ("last Friday", point("2017-04-07", "day")),
        ("in December", point("2016-12", "month")),
        ("in April", point("2017-04", "month")),
        ("in May", point("2016-05", "month")),
        ("on 12 April", point("2016-04-12", "day")),
        ("on April 10", point("2017-04-10", "day")),
        ("last week", TimeValue("2017-04-03", "2017-04-09", "day")),
        # ranges
        ("in the past year", TimeValue("2016-04", "2017-04", "month")),
        ("In the past two years", TimeValue("2015-04", "2017-04", "month")),
        ("over the last three months", TimeValue("2017-01", "2017-04", "month")),
        ("between 2012 and 2014", TimeValue("2012", "2014", "year")),
        ("from 2012 to 2014", TimeValue("2012", "2014", "year")),
        ("from April to August 2014", TimeValue("2014-04", "2014-08", "month")),
        ("from November 2013 until March 2014", TimeValue("2013-11", "2014-03", "month")),
        ("2012–2014", TimeValue("2012", "2014", "year")),
        ("December 2016 – January 2017", TimeValue("2016-12", "2017-01", "month")),
        ("March-May 2015", TimeValue("2015-03", "2015-05", "month")),
        ("in 2014 and 2015", TimeValue("2014", "2015", "year")),
        ("since 2013", TimeValue("2013", None, "year", PUB)),
        ("until August 2014", TimeValue(None, "2014-08", "month")),
        ("from 2012", TimeValue("2012", None, "year")),
        ("on 20–22 March", TimeValue("2017-03-20", "2017-03-22", "day")),
        # present
        ("now", TimeValue(as_of=PUB)),
        ("currently", TimeValue(as_of=PUB)),
        ("today", TimeValue(as_of=PUB)),
    ],
)
def test_resolve(expression: str, expected: TimeValue) -> None:
    assert resolve(expression, published=PUB) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 34-year-old is now",
        "two of their members",
        "tens of thousands of civilians",
        "6 min read",
        "UN Security Council Resolution 2254",
        "Resolution 2139 demanded access",
        "2,000 fighters",
        "1 million people",
        "surrounded by 2000 fighters",
        "we may leave",
        "May we leave?",
        "they march on",
        "in the early days",
        "in the 1990s",
        "a few years ago",
        "a year later",
        "for a short time",
        "on the last day of the siege",
        "31 February 2015",
    ],
)
def test_no_date(text: str) -> None:
    assert [t for t in find_timexes(text, published=PUB) if t.kind != "present"] == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("In April 2013, he founded", [("April 2013", "date")]),
        ("Q: In the past year, several", [("the past year", "range")]),
        ("Now, in 2017, you are", [("Now", "present"), ("2017", "date")]),
        ("I remained in Turkey for a whole year.", [("for a whole year", "duration")]),
        ("clashes in 2014 and 2015", [("2014", "date"), ("2015", "date")]),
        ("in 2012, 2013 and 2014", [("2012", "date"), ("2013", "date"), ("2014", "date")]),
        ("between April and June 2015", [("between April and June 2015", "range")]),
        ("on Monday, a week after", [("Monday", "relative")]),
        ("established in May 2015.", [("May 2015", "date")]),
        ("Last month, you wrote", [("Last month", "relative")]),
        ("since 2011 he has", [("since 2011", "range")]),
        ("met on 19 September.", [("19 September", "relative")]),
        ("talks on 5-6 April 2016 in", [("5-6 April 2016", "range")]),
        ("On Monday 19 December the", [("Monday", "relative"), ("19 December", "relative")]),
        ("From 2012, he worked", [("From 2012", "range")]),
    ],
)
def test_spans_are_exact(text: str, spans: list[tuple[str, str]]) -> None:
    found = find_timexes(text, published=PUB)
    assert [(t.text, t.kind) for t in found] == spans
    assert all(text[t.start : t.end] == t.text for t in found)


def test_article_offsets_and_values() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    found = find_timexes(text, published=PUB)
    assert all(text[t.start : t.end] == t.text for t in found)
    values = {(t.text, t.value.start, t.value.end) for t in found if t.kind != "present"}
    assert values == {
        ("11 April 2017", "2017-04-11", "2017-04-11"),
        ("Last December", "2016-12", "2016-12"),
        ("2011", "2011", "2011"),
        ("April 2013", "2013-04", "2013-04"),
        ("August 2014", "2014-08", "2014-08"),
        ("2013", "2013", "2013"),
        ("2017", "2017", "2017"),
        ("2014", "2014", "2014"),
        ("for a whole year", None, None),
        ("May 2015", "2015-05", "2015-05"),
        ("October 2015", "2015-10", "2015-10"),
        ("November 2015", "2015-11", "2015-11"),
        ("2012", "2012", "2012"),
        ("the past year", "2016-04", "2017-04"),
        ("Last month", "2017-03", "2017-03"),
    }
    present = [t for t in found if t.kind == "present"]
    assert {t.text.lower() for t in present} == {"now", "today"}
    assert all(t.value.as_of == PUB for t in present)


def test_without_published_date_relative_values_stay_empty() -> None:
    text = "Last December he left; in April 2013 he founded it, and is now in Hama."
    found = {t.text: t for t in find_timexes(text, published=None)}
    assert set(found) == {"Last December", "April 2013", "now"}
    assert found["April 2013"].value == point("2013-04", "month")
    assert not found["Last December"].value.resolved
    assert not found["now"].value.resolved
    assert resolve("last month", published=None) is None
    assert resolve("two years ago", published=None) is None
    assert resolve("11 April", published=None) is None
    assert resolve("11 April 2017", published=None) == point("2017-04-11", "day")


@pytest.mark.parametrize(
    ("published", "expression", "expected"),
    [
        ("2017-04", "last month", point("2017-03", "month")),
        ("2017-04", "yesterday", None),  # too coarse for a day
        ("2017", "last month", None),
        ("2017", "in the past year", TimeValue("2016", "2017", "year")),
        (date(2017, 4, 11), "on Monday", point("2017-04-10", "day")),
        (datetime(2017, 1, 3, 12), "last December", point("2016-12", "month")),
        ("2017-01-03T12:00:00Z", "last month", point("2016-12", "month")),
        ("2017-03-01", "yesterday", point("2017-02-28", "day")),
    ],
)
def test_published_forms_and_precision(
    published: str | date, expression: str, expected: TimeValue | None
) -> None:
    assert resolve(expression, published=published) == expected


def test_bad_published_date_names_it() -> None:
    with pytest.raises(ValueError, match="'last spring'"):
        find_timexes("in 2014", published="last spring")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for a whole year", (1, "year")),
        ("for six months", (6, "month")),
        ("for two years", (2, "year")),
        ("for 10 days", (10, "day")),
        ("for three weeks", (3, "week")),
        ("a year and a half", (18, "month")),
        ("for a short time", None),
        ("a 34-year-old", None),
    ],
)
def test_parse_duration(text: str, expected: tuple[int, str] | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("for a whole year", "2014-08", TimeValue("2014-08", "2015-08", "month")),
        ("for six months", "2014-08", TimeValue("2014-08", "2015-02", "month")),
        ("for two years", "2014", TimeValue("2014", "2016", "year")),
        ("for six months", "2014", TimeValue("2014", "2014", "year")),
        ("for a month", "2016-01-31", TimeValue("2016-01-31", "2016-02-29", "day")),
        ("for ten days", "2016-12-25", TimeValue("2016-12-25", "2017-01-04", "day")),
    ],
)
def test_anchor_duration(text: str, start: str, expected: TimeValue) -> None:
    assert anchor_duration(text, start=start) == expected


def test_anchor_duration_without_a_duration_says_so() -> None:
    with pytest.raises(ValueError, match="no duration"):
        anchor_duration("in the early days", start="2014-08")


def test_timex_is_a_plain_record() -> None:
    t = find_timexes("in 2011", published=PUB)[0]
    assert t == Timex(3, 7, "2011", point("2011", "year"), "date")


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("Two years earlier, his father was arrested", "2015-10", "2013"),
    ("The following month, he fled", "2014-08", "2014-09"),
    ("A year later, she left", "2014", "2015"),
    ("three months later.", "2014-11", "2015-02"),
    ("two years before, he had left", "2015", "2013"),
    ("two years before the war", "2015", None),
    ("three months later", "2014", None),  # no month to move from
    ("he was arrested", "2015", None),
])
def test_narrative_shift(text: str, anchor: str, expected: str | None) -> None:
    assert narrative_shift(text, anchor=anchor) == expected


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("That August the front absorbed it.", "2018-05", "2018-08"),
    ("That summer he appeared in videos.", "2016-07", "2016"),
    ("that March", "2019-12", None),  # before the anchor's month: the year is not said
])
def test_that_month_is_in_the_storys_year(text: str, anchor: str, expected: str | None) -> None:
    assert narrative_shift(text, anchor=anchor) == expected


def test_narrative_shift_with_an_anchor_that_is_no_date_gives_nothing() -> None:
    assert narrative_shift("Two years earlier, he left", anchor="not a date") is None
    assert narrative_shift("That August he left", anchor="") is None


def _date_cores(n: int, seed: int) -> list[str]:
    """`n` random date strings in `_DATE`'s forms with a year, some of them no real day."""
    import random

    from allegiance.extraction import timex

    rnd = random.Random(seed)
    mons = [m for names in timex._MONTH_NAMES for m in names] + \
        [m + "." for names in timex._MONTH_NAMES for m in names[1:]]
    out = []
    while len(out) < n:
        y, m, d = rnd.choice([1900, 2000, 2016, 2017, 2099]), rnd.choice(mons), rnd.randint(1, 31)
        day = rnd.choice([str(d), f"{d:02d}"]) + rnd.choice(["", "st", "nd", "rd", "th", "TH"])
        sp = rnd.choice([" ", " ", "  ", "\n"])
        out.append(rnd.choice([
            f"{day}{sp}{m}{sp}{y}", f"{day}{sp}of{sp}{m}{sp}{y}", f"{day}{sp}{m},{sp}{y}",
            f"{m}{sp}{day},{sp}{y}", f"{m}{sp}{day}{sp}{y}", f"{m}{sp}{y}", f"{m},{sp}{y}",
            f"{m}{sp}of{sp}{y}", f"{y}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 31):02d}"]))
    return out


def test_plain_dates_are_read_as_dateparser_reads_them() -> None:
    from allegiance.extraction import timex

    cores = [c for c in _date_cores(400, seed=11) if (g := timex._DATE_FULL.fullmatch(c)) and g["core"] == c]
    assert len(cores) > 300
    fast = 0
    for core in cores:
        plain = timex._plain(core)
        data = timex._PARSER.get_date_data(core)
        if plain is None:  # no real day ("31 April"): left to dateparser
            continue
        fast += 1
        parts = {"year": 1, "month": 2}.get(data.period or "", 3)
        assert data.date_obj is not None, core
        d = data.date_obj
        assert plain == (d.year, d.month if parts > 1 else None, d.day if parts > 2 else None), core
    assert fast > 250
    assert timex._plain("31 April 2017") is None and timex._absolute("31 April 2017") is None
    assert timex._plain("in March 2017") is None
