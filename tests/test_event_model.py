"""The trained part of the facts stage (allegiance.extraction.facts.model): weights shipped
and read offline, probabilities as confidences, the rule of thumb without weights, and
features that are words of the language, never names. Sentences written for these tests."""

from __future__ import annotations

import pytest

from allegiance.extraction import pipeline
from allegiance.extraction.facts import model as M
from allegiance.model import EVENT_PREDICATES

TEXT = ("Report\n\nThirty civilians were killed on Saturday in air strikes on the town of Saraqib, a "
        "monitor said. A bomb blast in Qamishli on Wednesday killed 48 people.\n")


def test_the_shipped_weights_load() -> None:
    model = M.load_model()
    assert model is not None and 0 < model.threshold < 1 and model.weights


def test_a_feature_with_positive_weight_raises_the_probability() -> None:
    model = M.load_model()
    assert model is not None
    feature, weight = max(model.weights.items(), key=lambda x: x[1])
    assert weight > 0
    assert model.probability([feature]) > model.probability([])


def test_event_layer_events_carry_the_models_probability() -> None:
    x = pipeline.extract(TEXT, published="2019-06-10")
    events = [f for f in x.facts if f.predicate in EVENT_PREDICATES]
    assert events and all(0 < f.confidence <= 1 for f in events)


def test_without_weights_the_rule_of_thumb_decides(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(M, "WEIGHTS", tmp_path / "absent.json")
    M.load_model.cache_clear()
    try:
        x = pipeline.extract(TEXT, published="2019-06-10")
        assert any(f.fatalities == 48 for f in x.facts)
    finally:
        M.load_model.cache_clear()


def test_features_are_no_names(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(M, "COLLECT", lambda feats, fact, article: seen.append(feats))
    x = pipeline.extract(TEXT, published="2019-06-10")
    names = {n.lower() for e in x.entities for n in [e.name, *e.aliases]}
    assert seen
    for feats in seen:
        assert not any(f.split("=", 1)[-1].lower() in names for f in feats)


def test_an_incident_counted_dated_and_placed_is_kept_whoever_did_it() -> None:
    x = pipeline.extract("Report\n\nA bomb blast in the city of Qamishli on Wednesday killed 48 people "
                         "and wounded 20 others.\n", published="2019-06-10")
    assert any(f.fatalities == 48 and f.injured == 20 for f in x.facts)


def _events(text: str) -> list[tuple[str, dict[str, str]]]:
    x = pipeline.extract("Report\n\n" + text + "\n", published="2019-06-10")
    names = {e.id: e.name for e in x.entities}
    return [(f.predicate, {k: names.get(v, v) for k, v in f.args.items()})
            for f in x.facts if f.predicate in EVENT_PREDICATES]


def test_a_doer_the_trigger_itself_names_is_kept() -> None:
    # the event noun's modifier, and the subject of the verb that carries the noun out
    assert ("attack", {"agent": "Hezbollah"}) in _events(
        "Hezbollah said it repelled the rebels. The report mentioned a Hezbollah ambush near the river.")
    assert ("attack", {"agent": "Government of Syria"}) in _events(
        "The Syrian government faces criticism. Officials said government planes were carrying out air "
        "strikes west of the city.")


def test_a_bare_participle_names_no_doer() -> None:
    # "X killed in an airstrike" is X killed, not X killing
    assert not any(p == "killing" and a.get("agent") == "Abu Bakr al-Baghdadi" for p, a in _events(
        "Abu Bakr al-Baghdadi killed in an airstrike in Raqqa wrote several poems."))


def test_an_event_inside_a_purpose_is_left_to_the_model() -> None:
    assert not _events("Hezbollah said it repelled the rebels. The report said the goal was to forge a "
                       "pretext for triggering new Hezbollah strikes.")


def test_the_subject_of_a_response_verb_did_its_means() -> None:
    assert ("attack", {"agent": "Hezbollah"}) in _events(
        "Hezbollah said it repelled the rebels. Hezbollah retaliated by shelling the area around the river.")


def test_a_suspected_doer_is_left_to_the_model() -> None:
    assert not _events("Hezbollah said it repelled the rebels. The report mentioned a suspected Hezbollah "
                       "ambush near the river.")
