"""Degraded text (allegiance.extraction.entities.degraded): names that stripped commas and
apostrophes glued together are split and trimmed; clean prose is left alone. The sentences
are written for these tests."""

from __future__ import annotations

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.article import Mention
from allegiance.extraction.entities.degraded import _possessive_in_text, _repaired, _untagged_possessives


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
    # an acronym's possessive: the known body, then the person
    ("The EUs Mogherini spoke on Monday.", "EUs Mogherini", [("EU", "ORG"), ("Mogherini", "PERSON")]),
    ("Are Donald Trumps new policies just?", "Are Donald Trumps", [("Donald Trumps", "ORG")]),
    ("said Ole Solvang HRW deputy director", "Ole Solvang HRW", [("Ole Solvang", "PERSON"), ("HRW", "ORG")]),
    ("fighters of the 7 Nusra Front", "7 Nusra Front", [("Nusra Front", "ORG")]),
    ("under Bashar al-Assad Eleven people died", "Bashar al-Assad Eleven", [("Bashar al-Assad", "PERSON")]),
    ("the Syrian Observatory for Human Rights Rami Abdel Rahman said", "Syrian Observatory for Human Rights "
     "Rami Abdel Rahman", [("Syrian Observatory for Human Rights", "ORG"), ("Rami Abdel Rahman", "PERSON")]),
])
def test_glued_names_come_apart(text: str, span: str, want: list[tuple[str, str]]) -> None:
    etype = "PERSON" if any(n in span for n in ("Solvang", "Mogherini")) else "ORG"
    assert _split(text, span, etype) == want


@pytest.mark.parametrize(("text", "span", "etype"), [
    ("Warplanes struck Homs.", "Homs", "PLACE"),
    ("The UN said so.", "UN", "ORG"),
    ("The US said so.", "US", "PLACE"),
    ("The Free Syrian Army FSA said so.", "Free Syrian Army FSA", "ORG"),  # a name and its acronym
    ("said Ole Solvang HRW deputy director", "Ole Solvang HRW", "ORG"),  # not read as a person
    ("The 2011 Revolution Council said so.", "2011 Revolution Council", "ORG"),  # a number in a name
    ("The Free Syrian Army Media Office said so.", "Free Syrian Army Media Office", "ORG"),
    ("IS group fighters attacked the town.", "IS group", "ORG"),  # an acronym, not the question "Is"
])
def test_no_possessive_or_acronym_to_cut(text: str, span: str, etype: str) -> None:
    assert _split(text, span, etype) == [(span, etype)]


def _people(text: str) -> set[str]:
    x = pipeline.extract(text, published="2017-01-01")
    return {e.name for e in x.entities if e.type == "PERSON"}


def test_a_persons_possessive_goes_only_where_apostrophes_were_stripped() -> None:
    stripped = ("Report\n\nUS President Donald Trumps administration has pulled back from Syrias diplomatic "
                "front, Ahmad Jones said.\n")
    assert {"Donald Trump", "Ahmad Jones"} <= _people(stripped)  # "said" is a verb: Jones stays
    clean = ("Report\n\nUS President Donald Trumps administration has pulled back from Syrias diplomatic "
             "front, it's said.\n")
    assert "Donald Trump" not in _people(clean)
    unknown = "Report\n\nUS President Donald Trumps administration has pulled back.\n"  # no damage shown
    assert "Donald Trump" not in _people(unknown)


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


@pytest.mark.parametrize(("text", "span", "want"), [
    ("Crowds in Zelfanah cheered while Zelfanahs residents fled.", "Zelfanahs", "Zelfanah"),
    ("Qurnas residents fled.", "Qurnas", "Qurnas"),  # the text never writes "Qurna" alone
    ("Zelfanah is quiet. Zelfanahs.", "Zelfanahs", "Zelfanahs"),  # no word after it to possess
])
def test_a_possessive_the_text_itself_shows(text: str, span: str, want: str) -> None:
    start = text.rindex(span)
    m = Mention(start=start, end=start + len(span), text=span, type="PLACE", source="ner")
    assert _possessive_in_text(text, m).text == want


@pytest.mark.parametrize(("text", "span", "etype", "want"), [
    ('Shells hit the Zelfa Road" Abdel Karim said.', 'the Zelfa Road" Abdel Karim', "PLACE",
     [("the Zelfa Road", "PLACE")]),  # the name ends at the quote mark
    ("BEIRUT Air strikes hit the town.", "BEIRUT Air", "ORG", [("BEIRUT", "PLACE")]),  # a dateline
    ("the Observatory Rami Zelfani said.", "Observatory Rami Zelfani", "PERSON",
     [("Observatory", "ORG"), ("Rami Zelfani", "PERSON")]),  # the body, then its head
])
def test_names_glued_at_an_edge(text: str, span: str, etype: str, want: list[tuple[str, str]]) -> None:
    assert _split(text, span, etype) == want


def test_an_untagged_possessive_of_a_known_name() -> None:
    text = "Jets struck Syrias north and Qurnas west."
    assert [(m.text, m.type) for m in _untagged_possessives(text, [])] == [("Syria", "PLACE")]


def test_a_keyword_line_keeps_its_known_names_only() -> None:
    text = "Jets struck a village. Tags Russia Syria Deir az-Zour Islamic State SOHR At least nine died."
    assert _split(text, "Deir az-Zour Islamic", "PLACE") == [("Deir az-Zour", "PLACE")]
    prose = "Jets struck Deir az-Zour Islamic State positions."
    assert _split(prose, "Deir az-Zour Islamic", "PLACE") == [("Deir az-Zour Islamic", "PLACE")]


def _mention(text: str, span: str, etype: str = "PERSON") -> Mention:
    start = text.index(span)
    return Mention(start=start, end=start + len(span), text=span, type=etype, source="ner")


def test_a_headline_attribution_before_the_wire_credit_is_no_name() -> None:
    from allegiance.extraction.entities.degraded import _without_headline_credit

    text = "Barrel bombs kill 15 in Syrias Aleppo Monitor AFP Saturday 27 Aug 2016 At least 15 died. State media AFP"
    got = _without_headline_credit(text, [_mention(text, "Aleppo Monitor"), _mention(text, "Monitor AFP", "ORG")])
    assert [(m.text, m.type) for m in got] == [("Aleppo", "PLACE"), ("AFP", "ORG")]
    clean = "The monitor said AFP had left."  # no credit: nothing cut
    assert _without_headline_credit(clean, [_mention(clean, "AFP", "ORG")])[0].text == "AFP"


def test_a_place_then_the_next_sentences_first_word() -> None:
    from allegiance.extraction.entities.degraded import _place_then_word

    text = "Shells hit homes. Aleppo Death toll rose. The death of a child. Homs Police said."
    lower = {"death", "police", "the", "toll", "rose"}
    assert _place_then_word(text, _mention(text, "Aleppo Death"), lower).text == "Aleppo"
    assert _place_then_word(text, _mention(text, "Homs Police", "ORG"), lower).text == "Homs Police"
    # NER's person: a town of the home country then any word, but never a country then a name
    text = "Aleppo Suspected airstrikes hit it. Israel Katz spoke."
    assert _place_then_word(text, _mention(text, "Aleppo Suspected"), set()).text == "Aleppo"
    assert _place_then_word(text, _mention(text, "Israel Katz"), set()).text == "Israel Katz"
    text = "An activist known as Dr Zelfan posted it."
    assert _place_then_word(text, _mention(text, "Dr Zelfan"), set()).text == "Dr Zelfan"


def test_the_next_sentences_opening_count_is_cut_off_a_name() -> None:
    from allegiance.extraction.entities.degraded import _without_next_opening

    text = "Tags Syria al-Nusra Front At least 43 died. Fatah al-Sham Eleven people died. Liwa Eleven Brigades"
    assert _without_next_opening(text, _mention(text, "al-Nusra Front At", "ORG")).text == "al-Nusra Front"
    assert _without_next_opening(text, _mention(text, "Fatah al-Sham Eleven", "ORG")).text == "Fatah al-Sham"
    assert _without_next_opening(text, _mention(text, "Liwa Eleven", "ORG")).text == "Liwa Eleven"


def test_a_day_or_month_glued_before_a_name() -> None:
    from allegiance.extraction.entities.degraded import _without_calendar_word

    text = "Shells hit on Sunday al-Hamadaniyeh area. Thu Jul 30 2015. Jan Egeland and the Sun spoke."
    assert _without_calendar_word(text, _mention(text, "Sunday al-Hamadaniyeh", "PLACE")).text == "al-Hamadaniyeh"
    assert _without_calendar_word(text, _mention(text, "Thu Jul")) is None
    assert _without_calendar_word(text, _mention(text, "Jan Egeland")).text == "Jan Egeland"
    assert _without_calendar_word(text, _mention(text, "the Sun", "ORG")).text == "the Sun"


def test_a_keyword_line_with_lower_case_keywords_that_runs_into_the_report() -> None:
    from allegiance.extraction.entities.degraded import _in_tag_list

    text = ("Shelling left 11 dead in the city Tags Syria Aleppo barrel bombs UN Zelfa Eleven people including "
            "a woman were killed in Zelfa Qurna on Friday.")
    assert _in_tag_list(text, text.index("UN Zelfa"))
    assert not _in_tag_list(text, text.index("Zelfa Qurna"))  # the report's sentence has begun
