from __future__ import annotations

from allegiance.extraction.pipeline import extract

WIRE = ("March 3 2016 Rebels shelled the town of Nubl on Tuesday killing two people a monitor said. "
        "The Syrian Observatory for Human Rights said the shelling continued. "
        "Reporting by Adam Fenwick and Clara Moss in Beirut; Editing by Peter Holloway "
        "Our Standards:The Thomson Reuters Trust Principles.")


def _names(ex):
    return {e.name for e in ex.entities}


def test_names_in_page_furniture_are_dropped_but_credited_writers_stay_people():
    ex = extract(WIRE)
    names = _names(ex)
    assert "Syrian Observatory for Human Rights" in names
    assert not any("Trust Principles" in n or "Standards" in n for n in names)
    assert "Beirut" not in names  # where a writer filed from is no place of the report
    people = {e.name for e in ex.entities if e.type == "PERSON"}
    assert "Peter Holloway" in people  # cut at the credit line's end, not "… Our Standards"
    for f in ex.facts:
        assert "Trust Principles" not in f.evidence.text


def test_a_related_list_names_nobody():
    text = ("Airstrikes killed 12 civilians in Raqqa on Monday the Syrian Observatory for Human Rights "
            "said. The strikes hit a market. Source TRTWorld and agencies Related News Sudanese President "
            "Bashir dissolves government Summit in Tehran calls for political solution")
    names = _names(extract(text))
    assert "Raqqa" in names
    assert not names & {"Bashir", "Tehran", "TRTWorld"}


def test_a_share_counter_names_nothing():
    text = ("Car bomb kills 10 in Homs AFP Tuesday 29 Apr 2014 Print Tweet Views 371 A car bomb killed "
            "ten people in the Syrian city of Homs on Tuesday the governor said.")
    names = _names(extract(text))
    assert "Homs" in names
    assert not any("Views" in n or "Tweet" in n for n in names)
