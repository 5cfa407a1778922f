"""End to end on the bundled article: the evaluation gate (floors pinned below the scores
measured when they were set; a drop fails CI) and the public entry points."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from allegiance.eval.score import score_article
from allegiance.extraction.pipeline import extract, run_many
from allegiance.read.inputs import Source, read_path

from .conftest import ARTICLE, DATA

GOLD = DATA / "syria-direct-2017-04-11-rahmoun.gold.json"
FLOORS = {
    "structure_ok": 1.0, "entity_recall": 0.95, "entity_precision": 0.9, "entity_type_acc": 0.95,
    "geo_acc": 1.0, "fact_recall": 0.85, "fact_precision": 0.85, "time_acc": 0.9, "speaker_acc": 0.95,
    "role_acc": 0.85, "modality_acc": 1.0, "place_acc": 0.8,
}
CEILINGS = {"entity_split": 0, "entity_merged": 0, "evidence_mismatch": 0}


@pytest.fixture(scope="module")
def extraction() -> dict:
    source = next(iter(read_path(ARTICLE)))
    assert isinstance(source, Source)
    return extract(source, with_text=True).to_dict(with_text=True)


@pytest.fixture(scope="module")
def scores(extraction) -> dict:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return score_article(extraction, gold).as_dict()


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_floor(scores, key):
    assert scores[key] >= FLOORS[key], (key, scores[key], scores.get("missed_required_entities"))


@pytest.mark.parametrize("key", sorted(CEILINGS))
def test_ceiling(scores, key):
    assert scores[key] <= CEILINGS[key], (key, scores[key])


def test_every_evidence_is_an_exact_slice(extraction):
    text = extraction["document"]["text"]
    for fact in extraction["facts"]:
        ev = fact["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_every_fact_argument_is_an_entity(extraction):
    ids = {e["id"] for e in extraction["entities"]}
    for fact in extraction["facts"]:
        for value in fact["args"].values():
            if value.startswith("e") and value[1:].isdigit():
                assert value in ids


def test_shared_judge_agrees(shared, extraction, tmp_path):
    out = tmp_path / "out.json"
    out.write_text(json.dumps(extraction, ensure_ascii=False), encoding="utf-8")
    gold = shared / "gold" / "dev" / "syria-direct-2017-04-11-rahmoun.gold.json"
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(out), str(gold), str(ARTICLE),
                          "--json"], capture_output=True, text=True, check=True)
    judged = json.loads(res.stdout)
    assert judged["structure_ok"] == 1.0
    assert judged["entity_recall"] >= FLOORS["entity_recall"]


def test_batch_keeps_order_and_reports_failures():
    items = [Source(name="a", text="First report.\n\nFighting in Aleppo.", published="2020-01-01"),
             Source(name="b", html="<html><body></body></html>"),
             Source(name="c", text="Second report.\n\nShelling near Homs.", published="2020-01-02")]
    results = list(run_many(items))
    assert [getattr(r, "name", None) or r.structured.source_name for r in results] == ["a", "b", "c"]
    assert type(results[1]).__name__ == "Failure"


# The project's own annotated articles: fictional reports (invented people, real groups and
# places), each written and annotated by someone who had not seen the pipeline's output, then
# scored unseen before any rule was changed for it. Floors sit below their measured scores.
OWN_FLOORS = {"structure_ok": 1.0, "entity_recall": 0.9, "entity_precision": 0.9, "geo_acc": 1.0,
              "fact_recall": 0.8, "fact_precision": 0.85, "time_acc": 0.9}
# Later genres whose gaps are only partly closed: the floor is what is reached now, and the
# comment the fact recall it scored unseen (the honest figure for text the rules never saw).
OWN_FLOOR_OVERRIDES: dict[str, dict[str, float]] = {
    # news feature on detainees, unseen fact recall 0.29
    "euphrates-review-2018-11-15-douma-detainees": {"fact_recall": 0.75, "fact_precision": 0.95, "time_acc": 0.65},
    # interview with name labels, unseen 0.26
    "levantine-ledger-2019-06-18-haddour": {"fact_recall": 0.68, "fact_precision": 0.93, "time_acc": 0.4},
    # profile told as a timeline, unseen 0.16
    "basalt-post-2022-05-17-hallaq": {"fact_recall": 0.55, "fact_precision": 0.85, "time_acc": 0.3,
                                      "geo_acc": 0.9},
    # wire report, unseen 0.15
    "khabur-wire-2019-05-24-kafr-nabuda": {"fact_recall": 0.6, "fact_precision": 0.95, "time_acc": 0.4,
                                           "geo_acc": 0.8},
    # analysis of coalitions and renames, unseen 0.275
    "amanus-dispatch-2020-01-14-idlib-factions": {"fact_recall": 0.4, "fact_precision": 0.9, "time_acc": 0.2},
    # interview in north-east Syria, unseen 0.295 (0.273 without a match by overlap)
    "jazira-herald-2020-03-12-kalo": {"fact_recall": 0.5, "fact_precision": 0.85, "time_acc": 0.12},
    # monitor's briefing on detentions, unseen 0.20
    "hawran-documentation-group-2020-07-09-daraa-detentions": {"fact_recall": 0.6, "fact_precision": 0.95,
                                                               "time_acc": 0.12},
}


OWN_ARTICLES = sorted(p.with_name(p.name.replace(".gold.json", "")) for p in (DATA / "articles").glob("*.gold.json"))


@pytest.mark.parametrize("own", OWN_ARTICLES, ids=lambda p: p.name)
def test_own_article_floors(own):
    source = next(iter(read_path(own.with_suffix(".txt"))))
    assert isinstance(source, Source)
    out = extract(source, with_text=True).to_dict(with_text=True)
    gold = json.loads(own.with_suffix(".gold.json").read_text(encoding="utf-8"))
    got = score_article(out, gold).as_dict()
    floors = {**OWN_FLOORS, **OWN_FLOOR_OVERRIDES.get(own.name, {})}
    low = {k: got[k] for k, floor in floors.items() if got[k] < floor}
    assert not low, (low, got["missed_required_facts"], got["missed_required_entities"])
