"""The rules of allegiance.extraction.facts.frames that tell agreements and clashes as
nouns: who made a deal ("a truce between X and Y", "brokered by X and Y") and who fought
whom. The sentences are written for these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.facts import model as M
from allegiance.model import Extraction


@pytest.fixture(autouse=True)
def _rule_of_thumb(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[None]:
    """The rules alone, without the trained model that weighs events."""
    monkeypatch.setattr(M, "WEIGHTS", tmp_path / "absent.json")
    M.load_model.cache_clear()
    yield
    M.load_model.cache_clear()


def _x(text: str) -> Extraction:
    return pipeline.extract(f"Report\n\n{text}\n", published="2019-06-10", with_text=True)


def _roles(x: Extraction, predicate: str) -> list[dict[str, str]]:
    names = {e.id: e.name for e in x.entities}
    return [{k: names.get(v, v) for k, v in f.args.items()} for f in x.facts if f.predicate == predicate]


def test_a_truce_between_two_groups_brokered_by_two_states() -> None:
    x = _x("A nationwide ceasefire between Jaysh al-Islam and Faylaq al-Rahman brokered by Russia and "
           "Turkey took effect on Monday.")
    [deal] = _roles(x, "agreement")
    assert {deal["agent"], deal["patient"]} == {"Jaysh al-Islam", "Faylaq al-Rahman"}
    assert {deal["mediator"], deal["mediator_2"]} == {"Russia", "Turkey"}


def test_whatever_a_broker_brokered_is_a_deal() -> None:
    x = _x("The freeze on fighting brokered by the United States and Russia lasted a week.")
    [deal] = _roles(x, "agreement")
    assert {deal["mediator"], deal["mediator_2"]} == {"United States", "Russia"}
    assert not _roles(x, "clash")


@pytest.mark.parametrize("text", [
    "Activists called for a truce between Jaysh al-Islam and Faylaq al-Rahman on Monday.",
    "Talks on a truce between Jaysh al-Islam and Faylaq al-Rahman began on Monday.",
    "A deal between Jaysh al-Islam and Faylaq al-Rahman would end the siege, a spokesman said on Monday.",
])
def test_a_deal_called_for_talked_about_or_to_come_is_no_agreement(text: str) -> None:
    assert not _roles(_x(text), "agreement")


def test_a_deal_with_one_side_unnamed_names_no_half() -> None:
    x = _x("Residents left on Monday under a deal between Jaysh al-Islam and the local notables.")
    assert not _roles(x, "agreement")


def test_the_verb_states_a_deal_its_subject_signed() -> None:
    x = _x("Jaysh al-Islam signed a truce with Faylaq al-Rahman on Monday.")
    assert _roles(x, "agreement") == [{"agent": "Jaysh al-Islam", "patient": "Faylaq al-Rahman"}]
