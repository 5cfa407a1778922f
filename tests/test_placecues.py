"""Place cues (allegiance.extraction.entities.placecues): a name NER typed PERSON or ORG is a
PLACE when the words around it call it one; names the cues do not reach, and names the
knowledge base, a group pattern or an organisation noun type, keep their type. The sentences
and names are written for these tests."""

from __future__ import annotations

from dataclasses import dataclass

from allegiance.extraction.entities.placecues import place_by_context

_KB = {"Jaish al-Watan": "ORG", "Hezbollah": "ORG"}
_HERE = {"Tell Qasra", "Zawra"}  # names the "gazetteer" of these tests knows in the article's country


@dataclass
class _Cand:
    start: int
    end: int
    type: str
    source: str = "ner"
    kb_id: str | None = None


def _run(text: str, tagged: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    cands, at = [], 0
    for span, etype in tagged:
        start = text.index(span, at)
        at = start + len(span)
        cands.append(_Cand(start, at, etype))
    place_by_context(text, cands, _KB.get, _HERE.__contains__)
    return [(text[c.start:c.end], c.type) for c in cands]


def test_a_plural_place_noun_before_a_list_makes_every_name_a_place() -> None:
    got = _run("Evacuees from the two villages of Marwana and Qalbeen waited at the crossing.",
               (("Marwana", "ORG"), ("Qalbeen", "PERSON")))
    assert got == [("Marwana", "PLACE"), ("Qalbeen", "PLACE")]


def test_a_list_without_its_commas_is_still_one_list() -> None:
    got = _run("Shells hit the neighborhoods of al-Sabeel Hajjara and Bab Tamim overnight.",
               (("al-Sabeel", "ORG"), ("Hajjara", "PERSON"), ("Bab Tamim", "PERSON")))
    assert got == [("al-Sabeel", "PLACE"), ("Hajjara", "PLACE"), ("Bab Tamim", "PLACE")]


def test_a_plural_place_noun_after_a_list_makes_every_name_a_place() -> None:
    got = _run("Rockets fell on al-Rumman and al-Jisrain neighborhoods in the city.",
               (("al-Rumman", "PERSON"), ("al-Jisrain", "PERSON")))
    assert got == [("al-Rumman", "PLACE"), ("al-Jisrain", "PLACE")]


def test_a_singular_kind_after_a_name_is_that_name_only() -> None:
    got = _run("Soldiers met Omar Haddad and advanced in the Marwana oilfield near the Qalbeen border crossing.",
               (("Omar Haddad", "PERSON"), ("Marwana", "PERSON"), ("Qalbeen", "ORG")))
    assert got == [("Omar Haddad", "PERSON"), ("Marwana", "PLACE"), ("Qalbeen", "PLACE")]


def test_a_control_word_glued_before_a_name_makes_it_a_place() -> None:
    got = _run("Troops stormed rebel-held Marwana and government-controlled Qalbeen.",
               (("Marwana", "PERSON"), ("Qalbeen", "ORG")))
    assert got == [("Marwana", "PLACE"), ("Qalbeen", "PLACE")]


def test_a_place_preposition_needs_the_gazetteer() -> None:
    got = _run("Gas was used in Tell Qasra and in Marwana, Zawra Haddad said.",
               (("Tell Qasra", "PERSON"), ("Marwana", "PERSON"), ("Zawra Haddad", "PERSON")))
    assert got == [("Tell Qasra", "PLACE"), ("Marwana", "PERSON"), ("Zawra Haddad", "PERSON")]


def test_a_word_of_a_persons_name_after_a_preposition_stays_a_person() -> None:
    got = _run("Zawra Haddad spoke. The crowd gathered around Zawra as she left.",
               (("Zawra Haddad", "PERSON"), ("Zawra", "PERSON")))
    assert got == [("Zawra Haddad", "PERSON"), ("Zawra", "PERSON")]


def test_a_name_that_says_its_kind_is_a_place() -> None:
    got = _run("Forces captured Rajm al Qasr Region after clashes.", (("Rajm al Qasr Region", "PERSON"),))
    assert got == [("Rajm al Qasr Region", "PLACE")]


def test_groups_and_bodies_keep_their_type() -> None:
    got = _run("Shelling hit the towns of Jaish al-Watan and Hezbollah and the Marwana Brigade camp. "
               "Fighting in the neighborhood of Marwana the Qalbeen Observatory said.",
               (("Jaish al-Watan", "ORG"), ("Hezbollah", "ORG"), ("Marwana Brigade", "ORG"),
                ("Marwana the Qalbeen Observatory", "ORG")))
    assert got == [("Jaish al-Watan", "ORG"), ("Hezbollah", "ORG"), ("Marwana Brigade", "ORG"),
                   ("Marwana the Qalbeen Observatory", "ORG")]


def test_the_names_other_mentions_follow() -> None:
    got = _run("Jets struck the towns of Marwana and Qalbeen. Marwana lies on the road.",
               (("Marwana", "ORG"), ("Qalbeen", "ORG"), ("Marwana", "PERSON")))
    assert got == [("Marwana", "PLACE"), ("Qalbeen", "PLACE"), ("Marwana", "PLACE")]


def test_names_in_a_sentence_without_cues_keep_their_type() -> None:
    got = _run("Marwana and Qalbeen met the envoy on Tuesday.", (("Marwana", "PERSON"), ("Qalbeen", "ORG")))
    assert got == [("Marwana", "PERSON"), ("Qalbeen", "ORG")]


def test_a_building_or_square_ending_the_name_is_a_place() -> None:
    got = _run("Shells fell near Saleh al-Marwani Square and the Omar Qalbeen Mosque.",
               (("Saleh al-Marwani Square", "PERSON"), ("Omar Qalbeen Mosque", "PERSON")))
    assert got == [("Saleh al-Marwani Square", "PLACE"), ("Omar Qalbeen Mosque", "PLACE")]
