"""Facts as readable rows (allegiance.serve.explain)."""

from __future__ import annotations

from allegiance.extraction import pipeline
from allegiance.model import Document, Entity, Evidence, Extraction, Fact, Time
from allegiance.serve.explain import COLUMNS, explain_rows, format_time

TEXT = ("Jaish al-Fajr—now Jabhat al-Sabah—attacked Liwa Nour a-Din in Tell Karama in May 2016. "
        "Sami Haddad, a Liwa Nour a-Din commander, was born in Tell Karama.")


def _extraction() -> Extraction:
    text = "X met Y in Z."
    ents = [Entity(id="e1", type="PERSON", name="Ann Doe"), Entity(id="e2", type="ORG", name="Blue Front"),
            Entity(id="e3", type="PLACE", name="Townville")]
    ev = Evidence(start=0, end=len(text), text=text)
    facts = [
        Fact(id="f1", predicate="member_of", args={"subject": "e1", "object": "e2"}, role="fighter",
             time=Time(start="2014-08", end="2015-08"), asserted_by="interviewee", evidence=ev,
             confidence=0.8),
        Fact(id="f2", predicate="agreement", args={"agent": "e2", "signatory": "e1"}, place="e3",
             time=Time(as_of="2017-04-11"), polarity="negative", modality="hedged", evidence=ev),
        Fact(id="f3", predicate="renamed_to", args={"subject": "e2", "object": "e2", "name": "Red Front"},
             evidence=ev),
    ]
    return Extraction(document=Document(id="d", text=text), entities=ents, facts=facts)


def test_rows_name_the_arguments() -> None:
    rows = explain_rows(_extraction())
    assert [r["id"] for r in rows] == ["f1", "f2", "f3"]
    assert all(tuple(r) == COLUMNS for r in rows)
    first = rows[0]
    assert (first["predicate"], first["subject"], first["object"]) == ("member_of", "Ann Doe", "Blue Front")
    assert first["role"] == "fighter" and first["speaker"] == "interviewee"
    assert first["time"] == "2014-08 – 2015-08"
    assert first["quote"] == "X met Y in Z."


def test_event_rows_keep_other_participants_and_attributes() -> None:
    row = explain_rows(_extraction())[1]
    assert row["predicate"] == "agreement (event)"
    assert row["subject"] == "Blue Front"
    assert row["object"] == "signatory: Ann Doe"
    assert (row["place"], row["polarity"], row["modality"]) == ("Townville", "negative", "hedged")
    assert row["time"] == "as of 2017-04-11"


def test_rename_row_shows_the_new_name() -> None:
    row = explain_rows(_extraction())[2]
    assert (row["subject"], row["object"]) == ("Blue Front", "Red Front")


def test_format_time() -> None:
    assert format_time(None) is None
    assert format_time(Time()) is None
    assert format_time(Time(start="2013", end="2013")) == "2013"
    assert format_time(Time(start="2013")) == "since 2013"
    assert format_time(Time(end="2014")) == "until 2014"
    assert format_time(Time(start="2017", end="2017", as_of="2017-04-11")) == "2017, as of 2017-04-11"


def test_rows_from_a_real_extraction() -> None:
    x = pipeline.extract(TEXT, published="2017-01-01", with_text=True)
    rows = explain_rows(x)
    assert rows and len(rows) == len(x.facts)
    attack = next(r for r in rows if r["predicate"] == "attack (event)")
    assert (attack["subject"], attack["object"], attack["place"]) == ("Jaish al-Fajr", "Liwa Nour a-Din",
                                                                      "Tell Karama")
    assert attack["time"] == "2016-05"
    for r in rows:
        assert isinstance(r["quote"], str) and r["quote"] in TEXT
