"""Ordinary words glued onto names (allegiance.extraction.entities.headlines): cut off when
the text writes them in lower case elsewhere and they are verbs, plurals or words of a
title-case headline; names and the words names are made of stay. The sentences are
written for these tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest

from allegiance.extraction.article import Mention
from allegiance.extraction.entities.headlines import trim_headline_words
from allegiance.extraction.language import load_pipeline


@dataclass
class _Article:
    text: str
    doc: Any
    mentions: list[Mention] = field(default_factory=list)
    structured: Any = field(default_factory=lambda: SimpleNamespace(title=None))


def _trim(text: str, span: str, etype: str = "ORG", *, title: str | None = None, source: str = "ner") -> list[str]:
    start = text.index(span)
    article = _Article(text, load_pipeline()(text),
                       [Mention(start=start, end=start + len(span), text=span, type=etype, source=source)],
                       SimpleNamespace(title=title))
    trim_headline_words(article, lambda name: None)  # type: ignore[arg-type]
    return [m.text for m in article.mentions]


@pytest.mark.parametrize(("text", "span", "want"), [
    # a dateline's name, then the next sentence's plural subject
    ("Zelfa Warplanes struck the town. Two warplanes came back later.", "Zelfa Warplanes", ["Zelfa"]),
    # a title-case headline: every capitalised word the text also writes in lower case goes
    ("Qurna Attack Kills Nine In Zelfa. The attack began at dawn and the gunmen kills many.", "Qurna Attack",
     ["Qurna"]),
    ("Warns Against New Strikes On Zelfa. He warns against strikes.", "Warns Against", []),
])
def test_ordinary_words_come_off(text: str, span: str, want: list[str]) -> None:
    assert _trim(text, span) == want


@pytest.mark.parametrize(("text", "span"), [
    ("The Zelfa Army said the army would stay.", "Zelfa Army"),  # a word names are made of
    ("Zelfa Warplanes struck the town.", "Zelfa Warplanes"),  # never written in lower case here
    ("Mark Qurna spoke to the press and said he would mark the day.", "Mark Qurna"),  # a given name, no headline
])
def test_names_stay_whole(text: str, span: str) -> None:
    assert _trim(text, span) == [span]


@pytest.mark.parametrize(("text", "span"), [
    ("Shelling began at around 800pm on Monday.", "800pm"),
    ("Troops advanced in the Southeastern parts of the town.", "Southeastern"),
    ("Crowds left the mosques after prayers.", "mosques"),
])
def test_times_directions_and_common_nouns_are_no_names(text: str, span: str) -> None:
    assert _trim(text, span, "PLACE") == []


@pytest.mark.parametrize(("text", "span", "want"), [
    # a sentence's first word the text also writes in lower case: capitalised for its place
    ("The blast hit a market. Media reports said the media were there.", "Media", []),
    ("Camp residents fled. The camp was shelled.", "Camp", []),
    # inside a sentence, or never written in lower case: a name
    ("Reports said Media was shelled. The media left.", "Media", ["Media"]),
    ("Zelfa residents fled. The camp was shelled.", "Zelfa", ["Zelfa"]),
])
def test_a_sentences_first_word_is_no_name(text: str, span: str, want: list[str]) -> None:
    assert _trim(text, span, "PLACE") == want


# A one-line wire text: dateline, the record's title-case headline glued to the report
# (spaCy reads them as one sentence), then the report.
_WIRE = ("10-11-2014 Liwa Zelfa Kill Commander in Qurna Advances in Marsa Rocket Attacks. The fighters "
         "killed a commander near Qurna and advanced towards Marsa where two rockets hit a school on Monday.")
_TITLE = "Liwa Zelfa Kill Commander in Qurna Advances in Marsa Rocket Attacks- Outlet Website Archive"


@pytest.mark.parametrize(("span", "source", "want"), [
    ("Qurna Advances", "ner", ["Qurna"]),  # "advanced" in the report: an inflection of an ordinary word
    ("Marsa Rocket Attacks", "ner", ["Marsa"]),  # a plural noun in the headline, though never in lower case
    ("Liwa Zelfa Kill", "pattern", ["Liwa Zelfa"]),  # a pattern's end, not its group word
])
def test_the_records_headline_in_the_text_is_title_case(span: str, source: str, want: list[str]) -> None:
    assert _trim(_WIRE, span, title=_TITLE, source=source) == want


def test_outside_the_headline_and_without_a_title_nothing_changes() -> None:
    assert _trim(_WIRE, "Marsa Rocket Attacks") == ["Marsa Rocket Attacks"]
    assert _trim(_WIRE, "Qurna Advances") == ["Qurna Advances"]
