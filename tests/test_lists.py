"""Lists of places whose commas were stripped (allegiance.extraction.entities.lists): one
mention per place where the words around say the run lists places; anything else is left
as it is. The sentences and place names are written for these tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from allegiance.extraction.article import Mention
from allegiance.extraction.entities.lists import _pieces, split_lists

_PAD = " The report was written without commas and the sentence before this one says nothing at all." * 3
_KNOWN = {"Homs": "PLACE", "Bashar al-Assad": "PERSON"}


@dataclass
class _Article:
    text: str
    mentions: list[Mention] = field(default_factory=list)


def _run(text: str, tagged: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    text = text + _PAD
    mentions = []
    for span, etype in tagged:
        start = text.index(span)
        mentions.append(Mention(start=start, end=start + len(span), text=span, type=etype, source="ner"))
    article = _Article(text, mentions)
    split_lists(article, _KNOWN.get)  # type: ignore[arg-type]
    return [(m.text, m.type) for m in article.mentions]


def test_a_list_after_a_plural_place_noun_is_one_place_per_name() -> None:
    got = _run("Jets bombed the villages of al-Mazra al-Karim Qurna Beit Sahem Umm Batna and Zelfa in rural Homs.",
               (("Qurna Beit Sahem", "PERSON"), ("Zelfa", "PERSON")))
    assert got == [("al-Mazra", "PLACE"), ("al-Karim", "PLACE"), ("Qurna", "PLACE"), ("Beit Sahem", "PLACE"),
                   ("Umm Batna", "PLACE"), ("Zelfa", "PLACE")]


def test_a_plural_place_noun_after_the_last_item() -> None:
    got = _run("Shells hit al-Zahra al-Shaar Bab Tuma and Saif al-Din neighborhoods on Monday.")
    assert got == [("al-Zahra", "PLACE"), ("al-Shaar", "PLACE"), ("Bab Tuma", "PLACE"), ("Saif al-Din", "PLACE")]


def test_a_place_preposition_and_a_street_as_the_last_item() -> None:
    got = _run("Rockets fell on al-Jdeideh Bab Qinnasrin and al-Hamra Street at noon.")
    assert got == [("al-Jdeideh", "PLACE"), ("Bab Qinnasrin", "PLACE"), ("al-Hamra Street", "PLACE")]


def test_a_known_person_in_a_list_keeps_its_type() -> None:
    got = _run("Posters hung in the streets of Bashar al-Assad Zelfa and Qurna town.")
    assert got == [("Bashar al-Assad", "PERSON"), ("Zelfa", "PLACE"), ("Qurna", "PLACE")]


@pytest.mark.parametrize("text", [
    "He held talks with Bashar al-Assad Vladimir Putin and Hassan Rouhani on Monday.",  # people, no place word
    "The Nour al-Din al-Zenki Movement said so.",
    "Jets bombed the town of Khan Sheikhoun at dawn.",  # a singular noun: one name
])
def test_runs_that_list_no_places_are_left_alone(text: str) -> None:
    assert _run(text) == []


def test_text_with_commas_is_left_alone() -> None:
    text = "Jets bombed the villages of Qurna Beit Sahem and Zelfa, a monitor said."
    article = _Article(text + _PAD, [])
    split_lists(article, _KNOWN.get)  # type: ignore[arg-type]
    assert article.mentions == []


@pytest.mark.parametrize(("run", "want"), [
    ("Kafr Nabl Maaret Alartiq Urm Alqubra", ["Kafr Nabl", "Maaret Alartiq", "Urm Alqubra"]),
    ("al-Ramousa al-Assad Suburb al-Sheikh Maqsoud", ["al-Ramousa", "al-Assad Suburb", "al-Sheikh Maqsoud"]),
    ("Bab al-Faraj Saif al-Dawleh", ["Bab al-Faraj", "Saif al-Dawleh"]),
    ("Khaled Bin al-Walid Salah Eddin", ["Khaled Bin al-Walid", "Salah Eddin"]),
    ("al-Serian al-Qadima Iskandaron", ["al-Serian al-Qadima", "Iskandaron"]),
])
def test_where_names_end(run: str, want: list[str]) -> None:
    assert [run[a:b] for a, b in _pieces(run, 0, len(run))] == want


def test_a_lower_case_street_word_is_part_of_the_name() -> None:
    got = _run("Snipers fired on al-Nil street and a Homs suburb.", (("al-Nil", "PERSON"), ("Homs", "PLACE")))
    assert got == [("al-Nil street", "PLACE"), ("Homs", "PLACE")]


@pytest.mark.parametrize(("text", "tagged", "want"), [
    ("Shells fell on the al-Sheikh Zelfa neighborhood at dawn.", (("al-Sheikh", "PERSON"),),
     [("al-Sheikh Zelfa", "PLACE")]),
    ("Meanwhile al-Qurna town was quiet and meanwhile nothing moved.", (), [("al-Qurna", "PLACE")]),
    ("Fighters crossed from the Lebanese town of Qurna.", (), []),  # a nationality, not the town
    ("Bashar al-Assad area was quiet.", (), []),  # a name the knowledge base knows as a person
])
def test_the_name_before_a_place_noun_is_a_place(text: str, tagged: tuple[tuple[str, str], ...],
                                                 want: list[tuple[str, str]]) -> None:
    assert _run(text, tagged) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Rebels cut the Zelfa road on Monday.", [("Zelfa road", "PLACE")]),  # the noun is part of the name
    ("Rockets hit Qurna international airport at dawn.", [("Qurna international airport", "PLACE")]),
    ("Shells fell near his ancestral village Zelfa the monitor said.", [("Zelfa", "PLACE")]),  # comma lost
    ("Troops took the town Sunday and left.", []),  # a day, not a town
    ("Troops reached the countryside of Homs Tal Zelfa west of Homs.", [("Homs", "PLACE"), ("Tal Zelfa", "PLACE")]),
])
def test_place_nouns_around_a_name(text: str, want: list[tuple[str, str]]) -> None:
    assert _run(text) == want
