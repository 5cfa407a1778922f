"""Date expressions in news text → ISO 8601 partial dates, anchored on the publication date.

How a text is read, in order:

1. Regexes (below) find candidate spans. They are strict on purpose: a bare year or bare
   month name counts only after a cue ("in 2011", "since May", "mid-2015"), so numbers
   such as "Resolution 2254", "2,000 fighters" or "34-year-old" and the verb "may" are
   never dates. Candidates that overlap are settled longest-first, so a range ("between
   2012 and 2014", "December 2016 – January 2017", "5-6 April") is one expression.
2. Absolute dates with a year ("11 April 2017", "April of 2013", "2017-04-11") are parsed
   by dateparser (English only, absolute parser only, so it never guesses a language,
   never reads a timestamp and never touches the network); its `period` gives the
   precision. Results are cached.
3. Everything relative ("last December", "two years ago", "in the past year", "on
   Monday", "11 April" without a year) is anchored here, on the publication date, with
   our own rules: without a publication date — or with one too coarse, e.g. "yesterday"
   against "2017-04" — the expression is still found but its value stays empty.

Spans: prepositions that only place an expression ("in", "on", "during") are left out;
words that change its meaning ("since", "until", "between", "from", "for", "last",
"early", "the summer of") are kept. A point expression has start == end ("August 2014"
covers 2014-08); `precision` describes `start` (or `end` when there is no start).

Deliberately not emitted: vague expressions ("in the early days", "recently", "a few
years ago"), narrative-anchored ones ("a year later", "the following year": they need
the event they follow, not the publication date), decades ("the 1990s") and years used
as modifiers without a cue ("the 2011 uprising": too easily a count or a number).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from dateparser.date import DateDataParser

__all__ = ["TimeValue", "Timex", "anchor_duration", "find_timexes", "narrative_shift", "parse_duration",
           "resolve"]

Precision = Literal["year", "month", "day"]
Kind = Literal["date", "relative", "duration", "present", "range"]


@dataclass(frozen=True, slots=True)
class TimeValue:
    """An interval of ISO partial dates; `as_of` is the publication date for the present."""

    start: str | None = None
    end: str | None = None
    precision: Precision | None = None
    as_of: str | None = None

    @property
    def resolved(self) -> bool:
        return any((self.start, self.end, self.as_of))


@dataclass(frozen=True, slots=True)
class Timex:
    """A date expression found in a text: `text == source[start:end]`."""

    start: int
    end: int
    text: str
    value: TimeValue
    kind: Kind


_EMPTY = TimeValue()


# -- the regex vocabulary: month names are case-sensitive ("May" is a month, "may" a verb) --
_MONTH_NAMES = (
    ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",),
    ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"),
    ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
)
_MONTHS = {name: i + 1 for i, names in enumerate(_MONTH_NAMES) for name in names}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30,
}
# Nouns that turn a cued number into a count ("surrounded by 2000 fighters"), not a year.
_COUNTED = r"(?!\s+(?:fighters|people|men|women|soldiers|troops|civilians|members|residents)\b)"

_MFULL = r"(?:" + "|".join(names[0] for names in _MONTH_NAMES) + r")(?![\w'’])"
_MON = (  # only an abbreviation takes a full stop: "Sept. 5", but not "on 19 September."
    r"(?:" + "|".join(names[0] for names in _MONTH_NAMES) + r"|(?:"
    + "|".join(n for names in _MONTH_NAMES for n in sorted(names[1:], key=len, reverse=True))
    + r")\.?)(?![\w'’])"
)
_YEAR = r"(?<![\w,.$£€#/])(?:19|20)\d\d(?![\w/]|[,.]\d|['’]s\b)"
_DAY = r"(?<![\w,.])(?:0?[1-9]|[12]\d|3[01])(?i:st|nd|rd|th)?(?![\w:])"
_ISO = r"(?<![\w-])(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])"
_NUM = r"(?i:\d{1,3}|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(?i:year|month|week|day)"
_MOD = (
    r"(?:(?i:early|late|mid)(?:-|\s+)|(?i:the\s+)?(?i:end|beginning|start|middle|"
    r"first\s+half|second\s+half|summer|spring|autumn|fall|winter)\s+(?i:of\s+)?)"
)
_DATE = (
    rf"(?P<mod>{_MOD})?(?P<core>(?P<iso>{_ISO})|(?P<dmy>{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR})"
    rf"|(?P<mdy>{_MON}\s+{_DAY},?\s+{_YEAR})|(?P<my>{_MON},?\s+(?:of\s+)?{_YEAR})"
    rf"|(?P<dm>{_DAY}\s+(?:of\s+)?{_MON})|(?P<md>{_MON}\s+{_DAY})|(?P<y>{_YEAR})|(?P<m>{_MFULL}))"
)
_DATE_FULL = re.compile(_DATE)
_DATE_ANON = re.sub(r"\?P<\w+>", "?:", _DATE)  # reusable twice inside one range pattern
_DURATION = (
    rf"(?P<n>{_NUM})\s+(?:(?i:whole|full|entire|long)\s+)?(?P<u>{_UNIT})s?(?![\w-])"
    r"(?P<half>\s+(?i:and\s+a\s+half))?"
)

# -- anchoring ---------------------------------------------------------------------------
_Point = tuple[int, int | None, int | None]  # year, month, day; None = not that precise


def _iso(p: _Point) -> str:
    return "-".join(f"{part:02d}" for part in p if part is not None)


def _precision(p: _Point) -> Precision:
    return "year" if p[1] is None else "month" if p[2] is None else "day"


def _point(p: _Point | None) -> TimeValue:
    return TimeValue(_iso(p), _iso(p), _precision(p)) if p else _EMPTY


def _span(a: _Point | None, b: _Point | None, as_of: str | None = None) -> TimeValue:
    first = a or b
    return TimeValue(a and _iso(a), b and _iso(b), first and _precision(first), as_of)


def _shift_months(y: int, m: int, n: int) -> tuple[int, int]:
    y, m0 = divmod(y * 12 + m - 1 + n, 12)
    return y, m0 + 1


def _from_date(d: date) -> _Point:
    return d.year, d.month, d.day


def _day(p: _Point | None) -> date | None:
    return date(p[0], p[1], p[2]) if p and p[1] is not None and p[2] is not None else None


def _parse_point(iso: str) -> _Point:
    found = re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ].*)?", iso.strip())
    if found is None:
        raise ValueError(f"{iso!r}: not an ISO 8601 date; give e.g. '2017-04-11' or '2017-04'")
    y, m, d = found.groups()
    return int(y), int(m) if m else None, int(d) if d else None


def _anchor(published: str | date | None) -> _Point | None:
    if isinstance(published, date):  # datetime is a date too
        return published.year, published.month, published.day
    return None if published is None else _parse_point(published)


_PARSER = DateDataParser(languages=["en"], settings={
    "PARSERS": ["absolute-time"], "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
    "RELATIVE_BASE": datetime(2000, 1, 1), "RETURN_AS_TIMEZONE_AWARE": False,
})


_SUFFIX = r"(?i:st|nd|rd|th)?"
_PLAIN = re.compile(
    rf"(?P<iy>\d{{4}})-(?P<im>\d\d)-(?P<id>\d\d)"
    rf"|(?P<d1>\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?(?P<m1>{_MON}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}}){_SUFFIX},?\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MON}),?\s+(?:of\s+)?(?P<y3>\d{{4}})"
)


def _plain(core: str) -> _Point | None:
    """A real calendar date in one of `_DATE`'s own forms with a year (ISO, day month year,
    month day year, month year), read without dateparser; None for anything else ("31
    April", which dateparser then judges). Why: dateparser was ~3% of an extraction on
    dates that are all one of these; on the 99,957 valid such dates of
    tests/test_timex.py's generator (every month spelling, day 1-31, suffixes, "of",
    commas, whitespace, years 1900-2099) it gives what dateparser gives."""
    g = _PLAIN.fullmatch(core)
    if g is None:
        return None
    if g["y3"]:
        return int(g["y3"]), _MONTHS[g["m3"].rstrip(".")], None
    if g["iy"]:
        y, m, d = int(g["iy"]), int(g["im"]), int(g["id"])
    else:
        y, m = int(g["y1"] or g["y2"]), _MONTHS[(g["m1"] or g["m2"]).rstrip(".")]
        d = int(g["d1"] or g["d2"])
    try:
        date(y, m, d)
    except ValueError:
        return None
    return y, m, d


@lru_cache(maxsize=4096)
def _absolute(core: str) -> _Point | None:
    plain = _plain(core)
    if plain is not None:
        return plain
    # Only ever given spans that hold a year, so RELATIVE_BASE cannot leak into a result;
    # it is pinned anyway so that nothing depends on today's date.
    data = _PARSER.get_date_data(core)
    d, parts = data.date_obj, {"year": 1, "month": 2}.get(data.period or "", 3)
    if d is None:
        return None
    return d.year, d.month if parts > 1 else None, d.day if parts > 2 else None


def _interpret(text: str, now: _Point | None) -> tuple[_Point | None, bool]:
    """One date (from `_DATE`) → (point or None, whether it needed the publication date)."""
    g = _DATE_FULL.fullmatch(text)
    if g is None:
        return None, False
    if g["y"]:
        return (int(g["y"]), None, None), False
    if g["iso"] or g["dmy"] or g["mdy"] or g["my"]:
        return _absolute(g["core"]), False
    # No year: the most recent such month or day not after publication (news is past tense).
    mon, day = re.search(_MON, g["core"]), re.search(r"\d+", g["core"])
    if now is None or now[1] is None or mon is None or (day is not None and now[2] is None):
        return None, True
    m, d = _MONTHS[mon[0].rstrip(".")], int(day[0]) if day else None
    y = now[0] if (m, d or 0) <= (now[1], now[2] or 0) else now[0] - 1
    if d is not None and _absolute(f"{d} {mon[0]} {y}") is None:  # "31 April"
        return None, True
    return (y, m, d), True


def _minus(now: _Point | None, n: int, unit: str) -> _Point | None:
    month, today = now and now[1], _day(now)
    if now is None or (unit != "year" and month is None):
        return None
    if unit == "year" or month is None:
        return now[0] - n, month, None
    if unit == "month":
        return (*_shift_months(now[0], month, -n), None)
    days = n * (7 if unit == "week" else 1)
    return None if today is None else _from_date(today - timedelta(days=days))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


# -- the rules: (pattern, handler). A handler returns kind and value, or None to reject --
_Result = tuple[Kind, TimeValue] | None
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], _Point | None, str | None], _Result]]
_STEP = {"last": -1, "this": 0, "next": 1}


def _date_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    if (g["y"] or g["m"]) and not (g["mod"] or g["cue"]):
        return None  # a bare year or month name needs a cue: "Resolution 2254", "March on"
    p, relative = _interpret(g["x"], now)
    if p is None and not relative:
        return None  # "31 February 2015"
    return ("relative" if relative else "date"), _point(p)


def _range_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    a, a_rel = _interpret(g["a"], now)
    b, b_rel = _interpret(g["b"], now)
    if (a is None and not a_rel) or (b is None and not b_rel):
        return None
    if a_rel and b is not None and not b_rel:
        # "from April to August 2014": the first date borrows the year of the second.
        a, _ = _interpret(g["a"], (b[0], b[1] or 12, b[2] or 31))
    return "range", (_span(a, b) if a and b else _EMPTY)


def _day_range_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    # "5-6 April 2016": the first day borrows the month and year of the second.
    b, relative = _interpret(g["b"], now)
    if b is None or b[1] is None or b[2] is None:
        return ("range", _EMPTY) if relative else None
    first = int(g["d"].rstrip("stndrh"))
    return ("range", _span((b[0], b[1], first), b)) if first < b[2] else None


def _open_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    p, relative = _interpret(g["a"], now)
    if p is None:
        return ("range", _EMPTY) if relative else None
    # "since 2013" still holds at publication, hence as_of; "until 2014" says nothing of it.
    prep = g["prep"].lower()
    if prep in ("since", "from"):
        return "range", _span(p, None, pub if prep == "since" else None)
    return "range", _span(None, p)


def _past_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    unit = g["u"].lower()
    start = _minus(now, _number(g["n"]) if g["n"] else 1, unit)
    if now is None or start is None:
        return "range", _EMPTY
    # "the past year" in April 2017 is 2016-04 … 2017-04: month precision, not day.
    return "range", _span(start, now if unit in ("week", "day") else (now[0], now[1], None))


def _ago_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    unit = (g["u"] or "day").lower()
    p = _minus(now, _number(g["n"]) if g["n"] else 1, unit)
    return "relative", _point(p and (p[0], None, None) if unit == "year" else p)


def _this_unit_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    step, unit, today = _STEP[g["w"].lower()], g["u"].lower(), _day(now)
    if unit == "year" and now:
        return "relative", _point((now[0] + step, None, None))
    if unit == "month" and now and now[1]:
        return "relative", _point((*_shift_months(now[0], now[1], step), None))
    if unit != "week" or today is None:
        return "relative", _EMPTY
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    last = today if step == 0 else monday + timedelta(days=6)
    return "relative", _span(_from_date(monday), _from_date(last))


def _named_month_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    if now is None or now[1] is None:
        return "relative", _EMPTY
    m, step = _MONTHS[g["m"]], _STEP[g["w"].lower()]
    # "last December": the most recent December strictly before the publication month.
    y = now[0] - (m >= now[1]) if step < 0 else now[0] + (m <= now[1]) if step > 0 else now[0]
    return "relative", _point((y, m, None))


def _weekday_rule(g: re.Match[str], now: _Point | None, pub: str | None) -> _Result:
    today = _day(now)
    if today is None:
        return "relative", _EMPTY
    back = (today.weekday() - _WEEKDAYS.index(g["d"])) % 7 or 7  # strictly before
    return "relative", _point(_from_date(today - timedelta(days=back)))


# Only for speed: the first letters of every cue, modifier, digit or month a date can start
# with, so that the engine skips most positions at once (a quarter of the time without it).
_START = r"\b(?=[\dA-Z]|(?i:in|du|by|be|af|ar|th|ea|la|mi|en|st|fi|se|su|sp|au|fa|wi))"
_RULES: list[_Rule] = [
    (re.compile(rf"{_START}(?:(?P<cue>(?i:in|during|by|before|after|around|through(?:out)?))\s+)?"
                rf"(?P<x>{_DATE}){_COUNTED}"), _date_rule),
    (re.compile(rf"\b(?i:between)\s+(?P<a>{_DATE_ANON})\s+and\s+(?P<b>{_DATE_ANON})"), _range_rule),
    (re.compile(rf"\b(?i:from)\s+(?P<a>{_DATE_ANON})\s+(?i:to|until|till|through)\s+"
                rf"(?P<b>{_DATE_ANON})"), _range_rule),
    (re.compile(rf"{_START}(?P<a>{_DATE_ANON})\s*[-–—]\s*(?P<b>{_DATE_ANON})"), _range_rule),
    (re.compile(rf"(?P<d>{_DAY})\s*[-–]\s*(?P<b>{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?)"),
     _day_range_rule),
    (re.compile(rf"\b(?P<prep>(?i:since|from|until|till))\s+(?P<a>{_DATE_ANON}){_COUNTED}"),
     _open_rule),
    (re.compile(rf"\b(?i:the\s+(?:past|last|previous))\s+(?:(?P<n>{_NUM})\s+)?(?P<u>{_UNIT})s?"
                r"\b(?!\s+of\b)"), _past_rule),
    (re.compile(rf"\b(?:(?P<n>{_NUM})\s+(?P<u>{_UNIT})s?\s+(?i:ago)|(?i:yesterday))\b"), _ago_rule),
    (re.compile(r"\b(?:(?i:earlier|later)\s+)?(?P<w>(?i:last|this|next))\s+"
                r"(?P<u>(?i:year|month|week))\b"), _this_unit_rule),
    (re.compile(rf"\b(?P<w>(?i:last|this|next))\s+(?P<m>{_MFULL})"), _named_month_rule),
    (re.compile(rf"\b(?:(?i:last|this\s+past)\s+)?(?P<d>{'|'.join(_WEEKDAYS)})\b"), _weekday_rule),
    (re.compile(r"\b(?i:now|nowadays|currently|today|at\s+present|these\s+days)\b"),
     lambda g, now, pub: ("present", TimeValue(as_of=pub))),
    # A duration is anchored on its event, not on publication: see anchor_duration().
    (re.compile(rf"\b(?i:for)\s+(?:(?i:about|around|nearly|almost|over|more\s+than|"
                rf"at\s+least)\s+)?{_DURATION}"), lambda g, now, pub: ("duration", _EMPTY)),
]
_TRIGGER = re.compile(  # cheap exit for texts with no date at all
    r"\d|\b(?i:now|today|currently|yesterday|present|(?:year|month|week|day)s?)\b|"
    + "|".join(list(_MONTHS) + list(_WEEKDAYS))
)
_LIST_TAIL = re.compile(rf"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?P<x>{_YEAR}){_COUNTED}")


def find_timexes(text: str, *, published: str | date | None) -> list[Timex]:
    """Every date expression in `text`, resolved against `published` where needed."""
    now = _anchor(published)
    pub = _iso(now) if now else None
    if not _TRIGGER.search(text):
        return []
    candidates: list[Timex] = []
    for pattern, handler in _RULES:
        for g in pattern.finditer(text):
            result = handler(g, now, pub)
            if result is not None:
                s, e = g.span("x") if "x" in g.groupdict() else g.span()
                candidates.append(Timex(s, e, text[s:e], result[1], result[0]))
    candidates.sort(key=lambda t: (t.start, t.start - t.end))  # leftmost, then longest
    chosen: list[Timex] = []
    for t in candidates:
        if not chosen or t.start >= chosen[-1].end:
            chosen.append(t)
    # "in 2014 and 2015", "2012, 2013 and 2014": years listed after a year are years too.
    i = 0
    while i < len(chosen):
        t = chosen[i]
        tail = _LIST_TAIL.match(text, t.end) if t.value.precision == "year" else None
        free = i + 1 == len(chosen) or (tail is not None and tail.end() <= chosen[i + 1].start)
        if tail and t.kind == "date" and free:
            s, e = tail.span("x")
            year = _point((int(tail["x"]), None, None))
            chosen.insert(i + 1, Timex(s, e, text[s:e], year, "date"))
        i += 1
    return chosen


def resolve(expression: str, *, published: str | date | None) -> TimeValue | None:
    """The value of one expression ("Last December"), or None when it has none."""
    values = [t.value for t in find_timexes(expression, published=published) if t.value.resolved]
    dated = [v for v in values if v.start or v.end] or values
    if not dated:
        return None
    if len(dated) == 1:
        return dated[0]
    # "in 2014 and 2015": one interval covering all of them.
    first, last = dated[0], dated[-1]
    return TimeValue(first.start, last.end or last.start, first.precision, first.as_of)


_SHIFT = re.compile(
    rf"\b(?:(?P<n>{_NUM})\s+(?P<u>{_UNIT})s?\s+(?P<dir>(?i:earlier|later)\b|(?i:before|after)(?=\s*[,.;]))"
    rf"|(?i:the\s+)?(?P<rel>(?i:following|next|previous|preceding))\s+(?P<u2>(?i:year|month))\b"
    rf"|(?i:a|one)\s+(?P<u3>(?i:year|month))\s+(?P<dir3>(?i:earlier|later))\b)")


_THAT = re.compile(r"\b(?i:that|the\s+same)\s+(?P<what>(?i:january|february|march|april|may|june|july|august|september"
                   r"|october|november|december|summer|spring|autumn|fall|winter|year))\b")
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _that(text: str, anchor: str) -> str | None:
    """"That August", "that summer", "the same year": in the story's last year."""
    g = _THAT.search(text)
    if g is None:
        return None
    try:
        y, m, _d = _parse_point(anchor)
    except ValueError:
        return None
    what = g["what"].lower()
    if what == "year" or what in _SEASON_START:
        return f"{y:04d}"
    month = next(i for i, names in enumerate(_MONTH_NAMES, start=1) if names[0].lower() == what)
    if m is not None and month < m:
        return None  # "that March" after a December date: which year is not said
    return f"{y:04d}-{month:02d}"


def narrative_shift(text: str, *, anchor: str) -> str | None:
    """A date told relative to the story's last one: "two years earlier" than "2015-10" is
    "2013"; "the following month" after "2014-08" is "2014-09". The result is no finer
    than the unit moved by (a year moved gives a year). None when `text` has no such phrase."""
    g = _SHIFT.search(text)
    if g is None:
        return _that(text, anchor)
    if g["n"]:
        n, unit = _number(g["n"]), g["u"].lower()
        sign = -1 if g["dir"].lower() in ("earlier", "before") else 1
    elif g["rel"]:
        n, unit = 1, g["u2"].lower()
        sign = 1 if g["rel"].lower() in ("following", "next") else -1
    else:
        n, unit = 1, g["u3"].lower()
        sign = -1 if g["dir3"].lower() == "earlier" else 1
    if unit not in ("year", "month"):
        return None
    try:
        y, m, _d = _parse_point(anchor)
    except ValueError:
        return None
    if unit == "year":
        return f"{y + sign * n:04d}"
    if m is None:
        return None  # months from a bare year: no honest month to give
    total = y * 12 + (m - 1) + sign * n
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def parse_duration(text: str) -> tuple[int, str] | None:
    """'for a whole year' → (1, 'year'); 'a year and a half' → (18, 'month')."""
    g = re.search(_DURATION, text)
    if g is None:
        return None
    n, unit = _number(g["n"]), g["u"].lower()
    if g["half"] and unit in _FINER:
        factor, finer = _FINER[unit]
        return n * factor + factor // 2, finer
    return n, unit


_FINER = {"year": (12, "month"), "month": (4, "week"), "week": (7, "day")}


def anchor_duration(duration_text: str, *, start: str) -> TimeValue:
    """An event's interval: its start plus the duration, at the start's precision.

    "for a whole year" from "2014-08" → 2014-08 … 2015-08. A duration finer than the start
    counts only in whole units of the start (six months from "2014" ends in "2014"):
    anything else would invent precision the text does not have.
    """
    parsed = parse_duration(duration_text)
    if parsed is None:
        raise ValueError(f"{duration_text!r}: no duration found; expected e.g. 'for two years'")
    n, unit = parsed
    first = y, m, d = _parse_point(start)
    months = {"year": 12 * n, "month": n}.get(unit, 0)
    days = {"week": 7 * n, "day": n}.get(unit, 0)
    end: _Point
    if m is None:
        end = (y + (months + days // 30) // 12, None, None)
    elif d is None:
        end = (*_shift_months(y, m, months + days // 30), None)
    else:
        ny, nm = _shift_months(y, m, months)
        then = date(ny, nm, min(d, calendar.monthrange(ny, nm)[1])) + timedelta(days=days)
        end = (then.year, then.month, then.day)
    return TimeValue(_iso(first), _iso(end), _precision(first))
