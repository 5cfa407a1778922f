"""Tests of allegiance.eval.score: hand-computed scores on tiny fictional fixtures, file
loading and errors, and agreement with the project judges (shared/eval) when present."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from allegiance import eval as ev
from allegiance.errors import EvaluationError
from allegiance.eval import score

DATA = Path(__file__).parent / "data" / "eval"
SHARED = Path(os.environ.get("ALLEGIANCE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ARTICLE_JUDGE = SHARED / "eval" / "score.py"
RE3D_JUDGE = SHARED / "eval" / "score_re3d.py"
_judges_missing = pytest.mark.skipif(not ARTICLE_JUDGE.is_file() or not RE3D_JUDGE.is_file(),
                                     reason="shared/eval judges not available")


def needs_shared(test: Any) -> Any:
    return pytest.mark.shared(_judges_missing(test))

RE3D_PREDICATE = {"BelongsTo": "member_of", "InChargeOf": "leader_of",
                  "AlliesOf": "allied_with", "FightingAgainst": "attack"}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _re3d_gold(path: Path) -> list[dict[str, Any]]:
    kind, gold = ev.load_gold(path)
    assert kind == "re3d" and isinstance(gold, list)
    return gold


def _mini() -> tuple[dict[str, Any], dict[str, Any], str]:
    return (_json(DATA / "mini.pred.json"), _json(DATA / "mini.gold.json"),
            (DATA / "mini.txt").read_text(encoding="utf-8"))


# ---- prediction builders -----------------------------------------------------------

def perfect_article(gold: dict[str, Any], text: str) -> dict[str, Any]:
    """An extraction that states exactly what the gold says, with offsets into `text`."""
    ids = {e["key"]: f"e{i}" for i, e in enumerate(gold["entities"], 1)}
    entities = []
    for e in gold["entities"]:
        ent = {"id": ids[e["key"]], "type": e["type"], "name": e["names"][0],
               "aliases": e["names"][1:], "mentions": []}
        if "lat" in e:
            ent.update(lat=e["lat"], lon=e["lon"])
        entities.append(ent)
    facts = []
    for i, g in enumerate(gold["facts"], 1):
        if "subject" in g:
            args = {"subject": ids[g["subject"]], "object": ids[g["object"]]}
        else:
            names = ["agent", "patient"] + [f"arg{n}" for n in range(2, 9)]
            args = {n: ids[k] for n, k in zip(names, g.get("participants", []), strict=False)}
        quote = next((q for q in g["evidence"] if q in text), g["evidence"][0])
        start = text.find(quote)
        evidence = ({"start": start, "end": start + len(quote), "text": quote} if start >= 0
                    else {"text": quote})
        fact = {"id": f"f{i}", "predicate": g["predicate"][0], "args": args,
                "polarity": g.get("polarity", "positive"), "evidence": evidence,
                "time": g.get("time"), "role": (g.get("role") or [None])[0],
                "place": ids[g["place"][0]] if g.get("place") else None,
                "modality": g.get("modality", "asserted"), "asserted_by": g.get("asserted_by")}
        facts.append(fact)
    want = gold.get("segments", {})
    segments = [{"kind": kind, "start": 0, "end": 1, "speaker": None}
                for kind in ("question", "editor_note", "caption") for _ in range(want.get(kind, 0))]
    if "answer_speaker" in want:
        segments.append({"kind": "answer", "start": 0, "end": 1,
                         "speaker": ids[want["answer_speaker"]]})
    doc = gold.get("document", {})
    return {"document": {"id": "x", "title": doc.get("title"), "published": doc.get("published")},
            "segments": segments, "entities": entities, "facts": facts}


def perturb_article(pred: dict[str, Any], gold: dict[str, Any], text: str,
                    rng: random.Random) -> dict[str, Any]:
    """Random damage of every kind the article metrics look at."""
    pred = copy.deepcopy(pred)
    gold_names = [n for e in gold["entities"] for n in e["names"]]
    ids = [e["id"] for e in pred["entities"]]
    for ent in list(pred["entities"]):
        roll = rng.random()
        if roll < 0.15:
            pred["entities"].remove(ent)
        elif roll < 0.25:
            ent["type"] = rng.choice(["PERSON", "ORG", "PLACE", "DATE"])
        elif roll < 0.35:
            ent["aliases"] = [*ent["aliases"], rng.choice(gold_names)]  # a merge
        elif roll < 0.45:
            pred["entities"].append({**ent, "id": ent["id"] + "b", "aliases": []})  # a split
        elif roll < 0.55 and "lat" in ent:
            ent["lat"] += rng.uniform(-3, 3)
        elif roll < 0.6:
            ent["name"], ent["aliases"] = "Nobody In Particular", []
    pred["entities"].append({"id": "junk", "type": "ORG", "name": "Made-up Brigade"})
    for fact in list(pred["facts"]):
        roll = rng.random()
        ev_ = fact["evidence"]
        if roll < 0.1:
            pred["facts"].remove(fact)
        elif roll < 0.2:
            fact["predicate"] = rng.choice(["member_of", "attack", "clash", "allied_with", "founded"])
        elif roll < 0.27:
            fact["polarity"] = "negative"
        elif roll < 0.35:
            fact["args"] = {k: rng.choice(ids) for k in fact["args"]}
        elif roll < 0.42:
            a = fact["args"]
            if "subject" in a:
                a["subject"], a["object"] = a["object"], a["subject"]
        elif roll < 0.5 and "start" in ev_:
            shift = rng.choice([-400, -5, 5, 400])
            ev_["start"], ev_["end"] = max(0, ev_["start"] + shift), max(0, ev_["end"] + shift)
        elif roll < 0.56:
            fact["evidence"] = {"text": ev_["text"][: rng.randint(0, len(ev_["text"]))]}
        elif roll < 0.62:
            ev_["text"] = ev_["text"] + "!"
        if rng.random() < 0.3:
            fact["time"] = rng.choice([None, {"start": "2014"}, {"start": "2016-12-03"},
                                       {"as_of": "2017"}, {"start": "1999", "end": "2015-08"}])
        if rng.random() < 0.2:
            fact["role"] = rng.choice([None, "member", "commander", "negotiator"])
        if rng.random() < 0.2:
            fact["asserted_by"] = rng.choice([None, "reporter", "editor", "interviewee"])
        if rng.random() < 0.2:
            fact["modality"] = rng.choice(["asserted", "hedged"])
        if rng.random() < 0.2:
            fact["place"] = rng.choice([None, *ids])
    start = rng.randrange(len(text))
    quote = text[start:start + 60]
    pred["facts"].append({"id": "junk", "predicate": "attack", "args": {"agent": rng.choice(ids)},
                          "evidence": {"start": start, "end": start + len(quote), "text": quote}})
    rng.shuffle(pred["facts"])
    if rng.random() < 0.5:
        pred["segments"] = pred["segments"][: rng.randint(0, len(pred["segments"]))]
        pred["segments"].append({"kind": "body", "start": 0, "end": len(text), "speaker": None})
    if rng.random() < 0.5:
        pred["document"]["published"] = "2017"
    return pred


def perfect_corpus(gold_lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extractions that state exactly what re3d gold says: synonyms share an entity."""
    out = []
    for g in gold_lines:
        group = {(e["start"], e["end"]): i for i, e in enumerate(g["entities"])}
        for r in g["relations"]:
            if r["type"] == "IsSynonymOf" and tuple(r["source"]) in group and tuple(r["target"]) in group:
                old, new = group[tuple(r["target"])], group[tuple(r["source"])]
                group = {k: new if v == old else v for k, v in group.items()}
        entities: dict[int, dict[str, Any]] = {}
        for e in g["entities"]:
            gid = group[(e["start"], e["end"])]
            ent = entities.setdefault(gid, {"id": f"e{gid}", "type": e["type"], "name": e["text"],
                                            "mentions": []})
            ent["mentions"].append([e["start"], e["end"]])
        facts = []
        for i, r in enumerate(g["relations"]):
            if r["type"] in RE3D_PREDICATE:
                src, tgt = group.get(tuple(r["source"]), -1), group.get(tuple(r["target"]), -1)
                lo, hi = min(r["source"][0], r["target"][0]), max(r["source"][1], r["target"][1])
                facts.append({"id": f"f{i}", "predicate": RE3D_PREDICATE[r["type"]],
                              "args": {"subject": f"e{src}", "object": f"e{tgt}"},
                              "evidence": {"start": lo, "end": hi}})
        out.append({"document": {"id": g["id"]}, "entities": list(entities.values()),
                    "facts": facts})
    return out


def perturb_corpus(preds: list[dict[str, Any]], rng: random.Random) -> list[Any]:
    lines: list[Any] = []
    for pred in copy.deepcopy(preds):
        if rng.random() < 0.1:
            continue  # a missing document
        for ent in pred["entities"]:
            if rng.random() < 0.2:
                ent["type"] = rng.choice(["PERSON", "ORG", "PLACE", "MONEY"])
            ent["mentions"] = [[s + rng.choice([0, 0, 0, -2, 3, 50]), t] for s, t in ent["mentions"]
                               if rng.random() > 0.1]
        for fact in pred["facts"]:
            roll = rng.random()
            if roll < 0.1:
                fact["predicate"] = rng.choice(["member_of", "founded", "clash", "from_place"])
                fact["role"] = rng.choice([None, "leader", "fighter"])
            elif roll < 0.2:
                fact["args"] = {"agent": fact["args"]["object"], "patient": fact["args"]["subject"]}
            elif roll < 0.3:
                fact["evidence"] = {"start": fact["evidence"]["start"] + 500, "end": 10**6}
            elif roll < 0.35:
                fact["evidence"] = {}
        pred["facts"] = [f for f in pred["facts"] if rng.random() > 0.1]
        lines.append(pred)
    rng.shuffle(lines)
    lines += rng.choice([[], ["{not json"], [[1, 2]], [{"document": "d"}], [{"facts": []}]])
    if lines and rng.random() < 0.3:
        lines.append(lines[0])  # a document given twice: the later one counts
    return lines


# ---- judge runners -----------------------------------------------------------------

def _judge(*args: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, *map(str, args), "--json"], capture_output=True,
                          text=True, check=True, timeout=120)
    return json.loads(done.stdout.splitlines()[0])


def _write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
                    encoding="utf-8")
    return path


def _agree_article(tmp_path: Path, pred: dict[str, Any], gold_path: Path, text_path: Path) -> None:
    pred_path = tmp_path / "pred.json"
    pred_path.write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
    mine = ev.evaluate_files(pred_path, gold_path, text_path=text_path).as_dict()
    assert mine == _judge(ARTICLE_JUDGE, pred_path, gold_path, text_path)


def _agree_corpus(tmp_path: Path, lines: list[Any], gold_path: Path) -> None:
    pred_path = _write_jsonl(tmp_path / "pred.jsonl", lines)
    mine = ev.evaluate_files(pred_path, gold_path).as_dict()
    assert mine == _judge(RE3D_JUDGE, pred_path, gold_path)


# ---- tiny fixtures, no shared data needed ------------------------------------------

def test_mini_article_hand_computed_scores() -> None:
    pred, gold, text = _mini()
    scores = ev.score_article(pred, gold, text=text).as_dict()
    assert scores == {
        "entity_precision": 0.75, "entity_recall": 1.0, "entity_f1": 0.857,
        "entity_type_acc": 1.0, "entity_split": 0, "entity_merged": 0, "geo_acc": 1.0,
        "fact_precision": 0.667, "fact_recall": 0.667, "fact_f1": 0.667,
        "time_acc": 0.75, "speaker_acc": 0.5, "modality_acc": 0.0, "role_acc": 1.0,
        "place_acc": None, "evidence_mismatch": 1, "structure_ok": 0.833,
        "predicted_entities": 4, "predicted_facts": 3,
        "missed_required_facts": ["dawali_hometown"], "missed_required_entities": [],
        "structure_checks": {"questions": True, "editor_notes": True, "answer_speaker": True,
                             "dropped:Share this article": True, "published": False,
                             "title": True},
    }


def test_perfect_prediction_scores_one_and_empty_scores_zero() -> None:
    _, gold, text = _mini()
    best = ev.score_article(perfect_article(gold, text), gold, text=text)
    assert (best.entity_f1, best.fact_f1, best.time_acc, best.modality_acc) == (1.0, 1.0, 1.0, 1.0)
    assert best.missed_required_facts == [] and best.evidence_mismatch == 0
    empty = ev.score_article({}, gold, text=text)
    assert (empty.entity_f1, empty.fact_f1, empty.speaker_acc, empty.structure_ok) == (0, 0, 0, 0)
    assert empty.missed_required_entities == ["dawali", "lions", "naseem"]


def test_merged_split_and_mistyped_entities() -> None:
    _, gold, text = _mini()
    pred = {"entities": [
        {"id": "a", "type": "ORG", "name": "Karim Dawali", "aliases": ["Tel Naseem"]},  # merged
        {"id": "b", "type": "ORG", "name": "Lions of the Valley"},
        {"id": "c", "type": "ORG", "name": "the Lions of the Valley Brigade"},  # split
        {"id": "d", "type": "PLACE", "name": "Tall Nasim", "lat": 12.0, "lon": 20.0}]}
    s = ev.score_article(pred, gold, text=text)
    assert (s.entity_merged, s.entity_split, s.entity_type_acc, s.geo_acc) == (1, 1, 0.75, 0.0)


def test_symmetric_predicates_match_either_way() -> None:
    gold = {"entities": [{"key": k, "type": "ORG", "names": [k], "required": True} for k in "xy"],
            "facts": [{"id": p, "predicate": [p], "evidence": ["X and Y"], "required": True,
                       "subject": "x", "object": "y"} for p in ("allied_with", "part_of")]}
    ents = [{"id": "1", "type": "ORG", "name": "x"}, {"id": "2", "type": "ORG", "name": "y"}]
    facts = [{"predicate": p, "args": {"subject": "2", "object": "1"}, "evidence": {"text": "X and Y"}}
             for p in ("allied_with", "part_of")]
    s = ev.score_article({"entities": ents, "facts": facts}, gold, text="X and Y")
    assert s.missed_required_facts == ["part_of"]


@pytest.mark.parametrize(("gold_time", "pred_time", "want"), [
    ({"start": "2014-08"}, {"start": "2014-08-12"}, 1.0),
    ({"start": "2014-08"}, {"start": "2014"}, 0.5),
    ({"start": "2014-08"}, {"start": "2015"}, 0.0),
    ({"start": "2014-08", "end": "2015-08"}, {"start": "2014-08"}, 0.5),
    ({"as_of": "2017-04"}, {"start": "2017-04-11"}, 1.0),
    ({"as_of": "2017-04"}, None, 0.0),
    ({}, {"start": "2014"}, None),
])
def test_time_score(gold_time: dict[str, str], pred_time: dict[str, str] | None,
                    want: float | None) -> None:
    assert score.time_score(gold_time, pred_time) == want


def test_mini_corpus_hand_computed_scores() -> None:
    gold = _re3d_gold(DATA / "mini_re3d.gold.jsonl")
    scores = ev.score_corpus(ev.load_extractions(DATA / "mini_re3d.pred.jsonl"), gold).as_dict()
    assert scores == {
        "mention_f1_exact": 0.462, "mention_precision_exact": 0.6, "mention_recall_exact": 0.375,
        "mention_f1_partial": 0.615, "relation_recall": 0.5, "relation_precision": 0.667,
        "relation_recall_by_type": {"BelongsTo": "0/1", "FightingAgainst": "1/1",
                                    "InChargeOf": "1/1", "IsSynonymOf": "0/1"},
        "documents": 2, "documents_missing": 1, "bad_prediction_lines": 1,
        "gold_mentions": 8, "predicted_mentions": 5,
        "relation_f1": 0.572,  # F1 of the rounded 0.667 and 0.5, as the judge takes it
    }


def test_perfect_corpus_prediction_finds_everything() -> None:
    gold = _re3d_gold(DATA / "mini_re3d.gold.jsonl")
    s = ev.score_corpus(perfect_corpus(gold), gold)
    assert (s.mention_f1_exact, s.relation_recall, s.relation_precision) == (1.0, 1.0, 1.0)


def test_load_gold_tells_formats_apart(tmp_path: Path) -> None:
    assert ev.load_gold(DATA / "mini.gold.json")[0] == "article"
    assert [line["id"] for line in _re3d_gold(DATA / "mini_re3d.gold.jsonl")] == ["d1", "d2"]
    one = tmp_path / "one.jsonl"
    one.write_text((DATA / "mini_re3d.gold.jsonl").read_text().splitlines()[0] + "\n")
    assert ev.load_gold(one)[0] == "re3d"


@pytest.mark.parametrize(("content", "message"), [
    (None, "gold file not found"),
    ("{not json", "gold is not JSON"),
    ('{"a": 1}\n{"b": 2}\n', "unknown gold format"),
    ("", "unknown gold format"),
    ('[{"entities": [], "facts": []}]', "unknown gold format"),
    ('{"entities": [{"key": "x", "type": "ORG"}], "facts": []}', "entities entry 1 lacks names, required"),
    ('{"id": "d", "entities": [], "relations": [{"type": "AlliesOf"}]}', "line 1: relations entry 1"),
])
def test_bad_gold_files_raise_evaluation_error(tmp_path: Path, content: str | None,
                                               message: str) -> None:
    path = tmp_path / "gold.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as caught:
        ev.load_gold(path)
    assert caught.value.code == "A501" and caught.value.input == str(path) and caught.value.hint


@pytest.mark.parametrize(("change", "message"), [
    (lambda g: g["facts"][0].update(evidence="a quote"), "'dawali_leads': evidence must be a list"),
    (lambda g: g["facts"][1].update(object="lion"), r"unknown entity keys \['lion'\]"),
    (lambda g: g["facts"][2].pop("object"), "needs both subject and object"),
    (lambda g: g["entities"][0].update(names="Dawali"), "entity 'dawali': names must be a list"),
    (lambda g: g["segments"].update(answer_speaker="nobody"), "answer_speaker 'nobody'"),
])
def test_gold_authoring_slips_are_caught(tmp_path: Path, change: Any, message: str) -> None:
    _, gold, _ = _mini()
    change(gold)
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        ev.load_gold(path)


def test_malformed_prediction_parts_score_as_missing() -> None:
    _, gold, text = _mini()
    pred = {"document": None, "segments": None,
            "entities": [{"id": "e1", "type": "PERSON", "name": None, "aliases": None},
                         {"id": "e2", "type": "PERSON", "name": "Dawali", "aliases": ["Karim Dawali"]},
                         "not an entity"],
            "facts": [None, {"predicate": "founded", "args": None, "evidence": None, "time": "2019"},
                      {"predicate": "from_place", "args": {"subject": ["e2"]}, "place": ["x"],
                       "evidence": {"start": "3", "text": 5}}]}
    s = ev.score_article(pred, gold, text=text)
    assert (s.predicted_entities, s.predicted_facts, s.entity_precision, s.fact_precision) == (2, 3, 0.5, 0.0)
    assert ev.score_corpus([pred, {"document": {"id": "d1"}, "entities": None, "facts": [3]}],
                           [{"id": "d1", "entities": [], "relations": []}]).bad_prediction_lines == 1  # document: null


@pytest.mark.parametrize(("content", "loader", "message"), [
    (None, ev.load_extraction, "prediction file not found"),
    ("{oops", ev.load_extraction, "prediction is not JSON"),
    ("[1, 2]", ev.load_extraction, "not an extraction"),
    (None, ev.load_extractions, "prediction file not found"),
    ("oops\nstill not json\n", ev.load_extractions, "no line of the prediction file is JSON"),
])
def test_bad_prediction_files_raise_evaluation_error(tmp_path: Path, content: str | None,
                                                     loader: Any, message: str) -> None:
    path = tmp_path / "pred.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        loader(path)


def test_article_scoring_needs_a_text_and_finds_it_beside_the_gold(tmp_path: Path) -> None:
    pred, gold, _ = _mini()
    with pytest.raises(EvaluationError, match="--text"):
        ev.score_article(pred, gold)
    with pytest.raises(TypeError):
        ev.score_article(pred, gold, "text")  # type: ignore[call-arg]  # options are keyword-only
    scores = ev.evaluate_files(DATA / "mini.pred.json", DATA / "mini.gold.json")
    assert isinstance(scores, ev.ArticleScores) and scores.fact_f1 == 0.667
    elsewhere = tmp_path / "gold.json"
    elsewhere.write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(EvaluationError, match="no document text"):
        ev.evaluate_files(DATA / "mini.pred.json", elsewhere)


def test_check_minimums_and_format_table() -> None:
    pred, gold, text = _mini()
    scores = ev.score_article(pred, gold, text=text).as_dict()
    mins = {"fact_f1": 0.6, "entity_f1": 0.9, "place_acc": 0.1, "no_such_score": 0.0}
    assert ev.check_minimums(scores, mins) == ["entity_f1", "place_acc", "no_such_score"]
    assert ev.check_minimums(scores, {}) == []
    table = ev.format_table(scores)
    assert "fact_f1" in table and "0.667" in table and "  published" in table
    assert "FAILED" in table and "dawali_hometown" in table


def test_public_api() -> None:
    assert set(ev.__all__) >= {"score_article", "score_corpus", "load_gold", "check_minimums",
                               "format_table", "ArticleScores", "CorpusScores"}


# ---- agreement with the project judges ---------------------------------------------

@needs_shared
def test_mini_fixtures_agree_with_judges(tmp_path: Path) -> None:
    pred, _, _ = _mini()
    _agree_article(tmp_path, pred, DATA / "mini.gold.json", DATA / "mini.txt")
    lines = [json.loads(x) if x.startswith("{") else x
             for x in (DATA / "mini_re3d.pred.jsonl").read_text().splitlines()]
    _agree_corpus(tmp_path, lines, DATA / "mini_re3d.gold.jsonl")


def _shared_articles() -> list[tuple[Path, Path]]:
    pairs = []
    for gold_path in sorted((SHARED / "gold").glob("*/*.gold.json")):
        text = SHARED / "corpus" / gold_path.parent.name / _json(gold_path)["document"]["file"]
        if text.is_file():
            pairs.append((gold_path, text))
    return pairs


def _article_variants(gold: dict[str, Any], text: str) -> dict[str, dict[str, Any]]:
    best = perfect_article(gold, text)
    wrong = copy.deepcopy(best)
    for i, ent in enumerate(wrong["entities"]):
        ent["type"] = ["ORG", "PLACE", "PERSON"][i % 3]
    wrong["entities"][0]["aliases"] += wrong["entities"][1]["aliases"]  # a merge
    wrong["entities"].append({**wrong["entities"][2], "id": "split"})
    quotes_only = copy.deepcopy(best)
    for fact in quotes_only["facts"]:
        fact["evidence"] = {"text": fact["evidence"]["text"][5:]}
    with_text = copy.deepcopy(best)
    with_text["document"]["text"] = text
    variants = {"perfect": best, "empty": {"document": {}}, "wrong_types_merged": wrong,
                "quotes_only": quotes_only, "document_text": with_text}
    for seed in range(12):
        variants[f"random{seed}"] = perturb_article(best, gold, text, random.Random(seed))
    return variants


@needs_shared
def test_article_scores_agree_with_judge(tmp_path: Path) -> None:
    pairs = _shared_articles()
    if not pairs:
        pytest.skip("no shared gold article with its text")
    for gold_path, text_path in pairs:
        gold, text = _json(gold_path), text_path.read_text(encoding="utf-8")
        for name, pred in _article_variants(gold, text).items():
            try:
                _agree_article(tmp_path, pred, gold_path, text_path)
            except AssertionError as exc:
                raise AssertionError(f"{gold_path.name} / {name}: {exc}") from None


@needs_shared
def test_corpus_scores_agree_with_judge(tmp_path: Path) -> None:
    gold_path = SHARED / "corpus" / "re3d" / "dev.gold.jsonl"
    if not gold_path.is_file():
        pytest.skip("no shared re3d gold")
    best = perfect_corpus(_re3d_gold(gold_path))
    variants: dict[str, list[Any]] = {"perfect": list(best), "empty": [], "half": best[::2]}
    for seed in range(12):
        variants[f"random{seed}"] = perturb_corpus(best, random.Random(seed))
    for name, lines in variants.items():
        try:
            _agree_corpus(tmp_path, lines, gold_path)
        except AssertionError as exc:
            raise AssertionError(f"re3d / {name}: {exc}") from None
