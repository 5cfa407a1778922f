"""Degraded text (allegiance.extraction.entities.degraded): names that stripped commas and
apostrophes glued together are split and trimmed; clean prose is left alone. The sentences
are written for these tests."""

from __future__ import annotations

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.article import Mention
from allegiance.extraction.entities.degraded import _repaired


def _split(text: str, span: str, etype: str = "ORG") -> list[tuple[str, str]]:
    start = text.index(span)
    m = Mention(start=start, end=start + len(span), text=span, type=etype, source="ner")
    return [(p.text, p.type) for p in _repaired(text, m)]


@pytest.mark.parametrize(("text", "span", "want"), [
    ("Warplanes struck Syrias Idlib province.", "Syrias Idlib", [("Syria", "PLACE"), ("Idlib", "PLACE")]),
    ("Warplanes struck Syrias north.", "Syrias", [("Syria", "PLACE")]),
    ("Bashar al-Assads forces shelled it.", "Bashar al-Assads", [("Bashar al-Assad", "PERSON")]),
    ("Tags Syria Idlib Assad", "Tags Syria Idlib", [("Syria", "PLACE"), ("Idlib", "PLACE")]),
    ("the town of Jayrud 60 kilometres northeast", "Jayrud 60 kilometres", [("Jayrud", "PLACE")]),
    ("Officials in Azaz Aleppo reacted.", "Azaz Aleppo", [("Azaz", "PLACE"), ("Aleppo", "PLACE")]),
    ("a hospital in the town of Meles western Idlib city", "Meles western Idlib",
     [("Meles", "PLACE"), ("Idlib", "PLACE")]),
])
def test_glued_names_come_apart(text: str, span: str, want: list[tuple[str, str]]) -> None:
    assert _split(text, span) == want


@pytest.mark.parametrize(("text", "span", "etype"), [
    ("The Aleppo Media Center reported it.", "Aleppo Media Center", "ORG"),
    ("Fighting raged in the Yarmouk Basin.", "Yarmouk Basin", "PLACE"),
    ("Ahmad Hamdan, a teacher, was detained.", "Ahmad Hamdan", "PERSON"),
    ("The Syrian Observatory for Human Rights said so.", "Syrian Observatory for Human Rights", "ORG"),
])
def test_names_of_their_own_stay_whole(text: str, span: str, etype: str) -> None:
    assert _split(text, span, etype) == [(span, etype)]


def test_listed_places_in_a_degraded_report_are_one_entity_each() -> None:
    x = pipeline.extract("Report\n\nRebel commanders in Azaz Aleppo and Idlib said they would fight.\n",
                         published="2016-02-09")
    assert {"Azaz", "Aleppo", "Idlib"} <= {e.name for e in x.entities if e.type == "PLACE"}
