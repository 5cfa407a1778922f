"""Score extractions against annotated gold, so users can measure the pipeline.

Two gold formats, told apart by `load_gold`:

    article   one JSON object (like shared/gold/dev/*.gold.json): entities with accepted
              names, facts with accepted predicates and evidence quotes, structure checks.
              `score_article(prediction, gold, text=...)` scores one extraction.
    re3d      JSONL, one document per line: entity spans and typed relations.
              `score_corpus(predictions, gold_lines)` scores a JSONL of extractions.

Predictions are plain dicts in the extraction contract (shared/DESIGN.md), so any JSON
can be scored. The metrics are those of the project judges, shared/eval/score.py and
score_re3d.py, and tests pin that the numbers agree, quirks included (noted where kept).
A malformed part of a prediction (null where an object belongs) scores as missing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from allegiance.errors import EvaluationError
from allegiance.geo.gazetteer import haversine_km

__all__ = ["ArticleScores", "CorpusScores", "score_article", "score_corpus"]

JsonDict = dict[str, Any]

ENTITY_TYPES = ("PERSON", "ORG", "PLACE")
# The judge keys names with its own article list (it also drops "the"), which differs
# from names.normalize; matching it exactly is what makes the scores agree.
_JUDGE_ARTICLES = frozenset(
    {"al", "a", "el", "ad", "ash", "as", "ar", "at", "az", "an", "adh", "ath", "the"})
_MARKS = re.compile(r"[’'ʼ‘`ʿʾ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
SYMMETRIC_PREDICATES = frozenset({"allied_with", "relative_of", "clash"})
DEFAULT_GEO_TOLERANCE_KM = 30.0
# The judge's per-gold-key tolerances (big places get more room). This is gold data, kept
# only so shared gold scores as the judge scores it; a gold entity's own "tolerance_km"
# wins, and new gold files should carry that instead.
_JUDGE_GEO_TOLERANCE_KM = {"syria": 600.0, "turkey": 900.0, "hama": 80.0, "aleppo": 60.0,
                           "outer_damascus": 100.0, "homs": 30.0}
COUNTED_SEGMENT_KINDS = ("question", "editor_note", "caption")

# re3d relation types → the predicates that express them.
RE3D_PREDICATES: Mapping[str, frozenset[str]] = {
    "BelongsTo": frozenset({"member_of", "part_of", "works_for"}),
    "InChargeOf": frozenset({"leader_of", "founded"}),
    "AlliesOf": frozenset({"allied_with"}),
    "FightingAgainst": frozenset({"attack", "clash", "killing", "detention"}),
}
LEADER_ROLES = frozenset({"leader", "commander", "founder", "head", "chief"})
_RE3D_SCORED = frozenset().union(*RE3D_PREDICATES.values())


@dataclass
class ArticleScores:
    """Scores of one extraction against article gold; `as_dict()` matches the judge's JSON."""

    entity_precision: float
    entity_recall: float
    entity_f1: float
    entity_type_acc: float
    entity_split: int
    entity_merged: int
    geo_acc: float
    fact_precision: float
    fact_recall: float
    fact_f1: float
    time_acc: float | None
    speaker_acc: float | None
    modality_acc: float | None
    role_acc: float | None
    place_acc: float | None
    evidence_mismatch: int
    structure_ok: float
    predicted_entities: int
    predicted_facts: int
    missed_required_facts: list[str]
    missed_required_entities: list[str]
    structure_checks: dict[str, bool]

    def as_dict(self) -> JsonDict:
        return asdict(self)


@dataclass
class CorpusScores:
    """Scores of extractions against re3d gold; `as_dict()` matches the judge's JSON."""

    mention_f1_exact: float
    mention_precision_exact: float
    mention_recall_exact: float
    mention_f1_partial: float
    relation_recall: float
    relation_precision: float
    relation_recall_by_type: dict[str, str]
    documents: int
    documents_missing: int
    bad_prediction_lines: int
    gold_mentions: int
    predicted_mentions: int
    relation_f1: float

    def as_dict(self) -> JsonDict:
        return asdict(self)


# ---- small shared helpers ----------------------------------------------------------

def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def _ratio(part: float, whole: int) -> float:
    return part / whole if whole else 0.0


def _obj(value: Any) -> JsonDict:
    """A JSON object, or {} for anything else (null, a list, a string)."""
    return value if isinstance(value, dict) else {}


def _lookup(mapping: Mapping[Any, str], value: Any) -> str | None:
    return mapping.get(value) if isinstance(value, Hashable) else None


def _overlaps(a: Iterable[int], b: Iterable[int]) -> bool:
    (a0, a1), (b0, b1) = a, b
    return a0 < b1 and b0 < a1


def name_key(name: str) -> str:
    """Spelling-tolerant key of a name: no diacritics, marks, case or Arabic articles."""
    folded = unicodedata.normalize("NFKD", name or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = _NON_ALNUM.sub(" ", _MARKS.sub("", folded))
    return " ".join(t for t in folded.split() if t not in _JUDGE_ARTICLES)


def _find_all(text: str, snippet: str) -> list[tuple[int, int]]:
    """Every occurrence of snippet in text, overlapping ones included."""
    spans, at = [], text.find(snippet)
    while at >= 0:
        spans.append((at, at + len(snippet)))
        at = text.find(snippet, at + 1)
    return spans


# ---- article gold: entities --------------------------------------------------------

def _align_entities(pred_entities: list[JsonDict], gold: JsonDict) -> tuple[dict[Any, str], int]:
    """Map predicted entity ids to gold keys by accepted names; count merged entities.

    The first of an entity's names (name, then aliases) that is a gold name decides its
    gold key; an entity whose names reach two gold entities is a merge.
    """
    by_name: dict[str, str] = {}
    for ent in gold["entities"]:
        for name in ent["names"]:
            by_name.setdefault(name_key(name), ent["key"])
    to_gold: dict[Any, str] = {}
    merged = 0
    for ent in pred_entities:
        names = [ent.get("name") or "", *(ent.get("aliases") or [])]
        keys = [by_name[k] for k in map(name_key, names) if k in by_name]
        if keys and isinstance(ent.get("id"), Hashable):
            to_gold[ent.get("id")] = keys[0]
            merged += len(set(keys)) > 1
    return to_gold, merged


def _entity_scores(pred_entities: list[JsonDict], gold: JsonDict,
                   to_gold: dict[Any, str], merged: int) -> JsonDict:
    gold_by_key = {e["key"]: e for e in gold["entities"]}
    found: dict[str, list[Any]] = {}
    for pid, key in to_gold.items():
        found.setdefault(key, []).append(pid)
    required = [k for k, e in gold_by_key.items() if e["required"]]
    precision = _ratio(len(to_gold), len(pred_entities))
    recall = _ratio(sum(k in found for k in required), len(required))
    # A city and its governorate may rightly be two entities: only people and
    # organisations count as split.
    split = sum(len(ids) > 1 for k, ids in found.items() if gold_by_key[k]["type"] != "PLACE")
    aligned = [(e, k) for e in pred_entities if (k := _lookup(to_gold, e.get("id")))]
    type_ok = sum(bool(gold_by_key[k].get("any_type")) or e["type"] == gold_by_key[k]["type"]
                  for e, k in aligned)
    geo_total = geo_ok = 0
    for ent, key in aligned:
        g = gold_by_key[key]
        if g["type"] != "PLACE" or "lat" not in g or not g["required"]:
            continue
        geo_total += 1
        if ent.get("lat") is not None and ent.get("lon") is not None:
            limit = g.get("tolerance_km") or _JUDGE_GEO_TOLERANCE_KM.get(
                key, DEFAULT_GEO_TOLERANCE_KM)
            geo_ok += haversine_km(ent["lat"], ent["lon"], g["lat"], g["lon"]) <= limit
    return {
        "entity_precision": round(precision, 3), "entity_recall": round(recall, 3),
        "entity_f1": round(_f1(precision, recall), 3),
        "entity_type_acc": round(type_ok / len(aligned), 3) if aligned else 0.0,
        "entity_split": split, "entity_merged": merged,
        "geo_acc": round(geo_ok / geo_total, 3) if geo_total else 0.0,
        "missed_required_entities": [k for k in required if k not in found],
    }


# ---- article gold: facts -----------------------------------------------------------

def _args_match(args: JsonDict, gf: JsonDict, to_gold: dict[Any, str]) -> bool:
    if "subject" in gf:
        pair = (_lookup(to_gold, args.get("subject")), _lookup(to_gold, args.get("object")))
        want = (gf["subject"], gf["object"])
        # The judge reads symmetry off the first accepted predicate only.
        symmetric = gf["predicate"][0] in SYMMETRIC_PREDICATES
        if pair != want and not (symmetric and pair[::-1] == want):
            return False
    if gf.get("participants"):
        keys = {_lookup(to_gold, v) for v in args.values() if isinstance(v, str)}
        return set(gf["participants"]) <= keys
    return True


def _evidence_matches(evidence: JsonDict, gf: JsonDict, gold_spans: list[tuple[int, int]]) -> bool:
    """Offsets, when given, must overlap a gold quote; otherwise the quotes must nest."""
    start, end = evidence.get("start"), evidence.get("end")
    if isinstance(start, int) and isinstance(end, int):
        return any(_overlaps((start, end), span) for span in gold_spans)
    quote = evidence.get("text")
    quote = quote if isinstance(quote, str) else ""
    return any(g in quote or (bool(quote) and quote in g) for g in gf["evidence"])


def _fact_matches(pf: JsonDict, gf: JsonDict, to_gold: dict[Any, str],
                  gold_spans: list[tuple[int, int]]) -> bool:
    if pf.get("predicate") not in gf["predicate"]:
        return False
    if (pf.get("polarity") or "positive") != gf.get("polarity", "positive"):
        return False
    return (_args_match(_obj(pf.get("args")), gf, to_gold)
            and _evidence_matches(_obj(pf.get("evidence")), gf, gold_spans))


def _evidence_is_wrong(evidence: JsonDict, text: str) -> bool:
    """A quote given with offsets must be exactly that slice of the text."""
    start = evidence.get("start")
    if not isinstance(start, int) or evidence.get("text") is None:
        return False
    return text[start:evidence.get("end")] != evidence["text"]


def time_score(gold_time: JsonDict | None, pred_time: Any) -> float | None:
    """Mean over the gold's time fields: 1 same or finer, 0.5 coarser, 0 wrong or missing.

    A predicted `start` stands in for a missing `as_of`: true since then, true as of now.
    """
    if not gold_time:
        return None
    pred = _obj(pred_time)
    scores = []
    for field in ("start", "end", "as_of"):
        want = gold_time.get(field)
        if want:
            got = pred.get(field) or (pred.get("start") if field == "as_of" else None)
            got = str(got) if got else ""
            scores.append(1.0 if got and got.startswith(want)
                          else 0.5 if got and want.startswith(got) else 0.0)
    return sum(scores) / len(scores) if scores else None


def _attribute_scores(required: list[JsonDict], hits: dict[str, list[JsonDict]],
                      to_gold: dict[Any, str]) -> dict[str, float | None]:
    """Per attribute, the mean over required gold facts of the best matching prediction.

    A missed fact scores 0, so attributes count only as far as facts are found; None
    when no required fact carries the attribute.
    """
    scorers: dict[str, tuple[str, Callable[[JsonDict, JsonDict], float | None]]] = {
        "time_acc": ("time", lambda g, p: time_score(g["time"], p.get("time"))),
        "speaker_acc": ("asserted_by", lambda g, p: float(p.get("asserted_by") == g["asserted_by"])),
        "modality_acc": ("modality", lambda g, p: float(p.get("modality") == g["modality"])),
        "role_acc": ("role", lambda g, p: float(p.get("role") in g["role"])),
        "place_acc": ("place", lambda g, p: float(_lookup(to_gold, p.get("place")) in g["place"])),
    }
    out: dict[str, float | None] = {}
    for name, (field, scorer) in scorers.items():
        per_fact = []
        for gf in (f for f in required if f.get(field)):
            vals = [v for v in (scorer(gf, pf) for pf in hits.get(gf["id"], [])) if v is not None]
            per_fact.append(max(vals) if vals else 0.0)
        out[name] = round(sum(per_fact) / len(per_fact), 3) if per_fact else None
    return out


def _fact_scores(pred_facts: list[JsonDict], gold: JsonDict, text: str,
                 to_gold: dict[Any, str]) -> JsonDict:
    gold_facts = gold["facts"]
    spans = {f["id"]: [s for q in f["evidence"] for s in _find_all(text, q)] for f in gold_facts}
    hits: dict[str, list[JsonDict]] = {}
    matched = wrong_evidence = 0
    for pf in pred_facts:
        wrong_evidence += _evidence_is_wrong(_obj(pf.get("evidence")), text)
        found = [gf for gf in gold_facts if _fact_matches(pf, gf, to_gold, spans[gf["id"]])]
        matched += bool(found)
        for gf in found:
            hits.setdefault(gf["id"], []).append(pf)
    required = [f for f in gold_facts if f["required"]]
    precision = _ratio(matched, len(pred_facts))
    recall = _ratio(sum(f["id"] in hits for f in required), len(required))
    return {
        "fact_precision": round(precision, 3), "fact_recall": round(recall, 3),
        "fact_f1": round(_f1(precision, recall), 3),
        **_attribute_scores(required, hits, to_gold),
        "evidence_mismatch": wrong_evidence,
        "missed_required_facts": [f["id"] for f in required if f["id"] not in hits],
    }


# ---- article gold: structure and the whole score -----------------------------------

def _structure_checks(pred: JsonDict, gold: JsonDict, text: str,
                      to_gold: dict[Any, str]) -> dict[str, bool]:
    segments = [_obj(s) for s in pred.get("segments") or []]
    want = _obj(gold.get("segments"))
    checks: dict[str, bool] = {}
    for kind in COUNTED_SEGMENT_KINDS:
        if kind in want:
            checks[f"{kind}s"] = sum(s.get("kind") == kind for s in segments) == want[kind]
    if "answer_speaker" in want:
        answers = [s for s in segments if s.get("kind") == "answer"]
        checks["answer_speaker"] = bool(answers) and all(
            _lookup(to_gold, s.get("speaker")) == want["answer_speaker"] for s in answers)
    # Without segments nothing was kept or dropped, so boilerplate is not checked.
    kept = [(s["start"], s["end"]) for s in segments if s.get("kind") not in (None, "boilerplate")
            and isinstance(s.get("start"), int | float) and isinstance(s.get("end"), int | float)]
    for junk in want.get("not_in_any_segment", []) if segments else []:
        checks[f"dropped:{junk}"] = not any(_overlaps(span, seg)
                                            for span in _find_all(text, junk) for seg in kept)
    doc, gold_doc = _obj(pred.get("document")), _obj(gold.get("document"))
    checks["published"] = doc.get("published") == gold_doc.get("published")
    checks["title"] = (doc.get("title") or "").strip() == gold_doc.get("title")
    return checks


def score_article(prediction: JsonDict, gold: JsonDict, *,
                  text: str | None = None) -> ArticleScores:
    """Score one extraction against article gold.

    `text` is the document the offsets refer to; the prediction's own `document.text`
    wins when present. Raises EvaluationError when neither gives a text.
    """
    text = _obj(prediction.get("document")).get("text") or text
    if text is None:
        raise EvaluationError("no document text to check evidence offsets against",
                              input="prediction", hint="Pass the article text (CLI: --text "
                              "ARTICLE.txt) or extract with --with-text.")
    pred_entities = [e for e in map(_obj, prediction.get("entities") or [])
                     if e.get("type") in ENTITY_TYPES]
    pred_facts = [_obj(f) for f in prediction.get("facts") or []]
    to_gold, merged = _align_entities(pred_entities, gold)
    entities = _entity_scores(pred_entities, gold, to_gold, merged)
    facts = _fact_scores(pred_facts, gold, text, to_gold)
    checks = _structure_checks(prediction, gold, text, to_gold)
    return ArticleScores(
        **entities, **facts, structure_ok=round(sum(checks.values()) / len(checks), 3),
        predicted_entities=len(pred_entities), predicted_facts=len(pred_facts),
        structure_checks=checks,
    )


# ---- re3d gold ---------------------------------------------------------------------

def _index_predictions(predictions: Iterable[object]) -> tuple[dict[Any, JsonDict], int]:
    """Predictions by document id (a later one wins) and the count of unusable items."""
    by_id: dict[Any, JsonDict] = {}
    bad = 0
    for item in predictions:
        doc = _obj(item).get("document", {})
        if isinstance(item, dict) and isinstance(doc, dict) and isinstance(doc.get("id"), Hashable):
            by_id[doc.get("id")] = item
        else:
            bad += 1
    return by_id, bad


def _relation_found(rel: JsonDict, facts: list[JsonDict], src: set[Any], tgt: set[Any],
                    matched: set[int]) -> bool:
    """Whether a gold relation is expressed; adds every fact expressing it to `matched`."""
    if rel["type"] == "IsSynonymOf":
        return bool(src & tgt)
    want = RE3D_PREDICATES.get(rel["type"], frozenset())
    found = False
    for i, fact in enumerate(facts):
        pred = fact.get("predicate")
        leads = (rel["type"] == "InChargeOf" and pred == "member_of"
                 and (fact.get("role") or "") in LEADER_ROLES)
        args, ev = _obj(fact.get("args")), _obj(fact.get("evidence"))
        ids = {args.get(k) for k in ("subject", "object", "agent", "patient")}
        span = (ev.get("start", -1), ev.get("end", -1))
        if ((pred in want or leads) and ids & src and ids & tgt
                and _overlaps(span, rel["source"]) and _overlaps(span, rel["target"])):
            found = True
            matched.add(i)
    return found


def _document_counts(pred: JsonDict, gold: JsonDict, by_type: dict[str, list[int]]) -> Counter[str]:
    """Mention and relation counts of one document; adds [found, total] per relation type."""
    mentions = [(s, t, e["type"], e.get("id")) for e in map(_obj, pred.get("entities") or [])
                if e.get("type") in ENTITY_TYPES for s, t in e.get("mentions") or []]
    spans = {(s, t, ty) for s, t, ty, _ in mentions}
    counts: Counter[str] = Counter(predicted=len(mentions), gold=len(gold["entities"]))
    for g in gold["entities"]:
        counts["exact"] += (g["start"], g["end"], g["type"]) in spans
        counts["partial"] += any(ty == g["type"] and _overlaps((s, t), (g["start"], g["end"]))
                                 for s, t, ty, _ in mentions)
    facts = [f for f in map(_obj, pred.get("facts") or []) if f.get("predicate") in _RE3D_SCORED]
    matched: set[int] = set()
    for rel in gold["relations"]:
        src = {eid for s, t, _, eid in mentions if _overlaps((s, t), rel["source"])}
        tgt = {eid for s, t, _, eid in mentions if _overlaps((s, t), rel["target"])}
        found = _relation_found(rel, facts, src, tgt, matched)
        tally = by_type.setdefault(rel["type"], [0, 0])
        tally[0], tally[1] = tally[0] + found, tally[1] + 1
        counts["relations"] += 1
        counts["relations_found"] += found
    # A scored fact is right when it expresses some gold relation of its document.
    counts.update(facts=len(facts), facts_right=len(matched))
    return counts


def score_corpus(predictions: Iterable[object], gold_lines: Iterable[JsonDict]) -> CorpusScores:
    """Score extractions, matched to gold lines on `document.id`, against re3d gold.

    Items of `predictions` that are not extraction objects (such as the None that
    `load_extractions` gives for a line that is not JSON) count as bad prediction lines.
    """
    by_id, bad = _index_predictions(predictions)
    total: Counter[str] = Counter()
    by_type: dict[str, list[int]] = {}
    for gold in gold_lines:
        pred = by_id.get(gold["id"])
        total.update(_document_counts(pred or {}, gold, by_type),
                     documents=1, missing=pred is None)
    p_exact, r_exact = (_ratio(total["exact"], total[n]) for n in ("predicted", "gold"))
    p_part, r_part = (_ratio(total["partial"], total[n]) for n in ("predicted", "gold"))
    rel_recall = round(_ratio(total["relations_found"], total["relations"]), 3)
    rel_precision = round(_ratio(total["facts_right"], total["facts"]), 3)
    return CorpusScores(
        mention_f1_exact=round(_f1(p_exact, r_exact), 3),
        mention_precision_exact=round(p_exact, 3), mention_recall_exact=round(r_exact, 3),
        mention_f1_partial=round(_f1(p_part, r_part), 3),
        relation_recall=rel_recall, relation_precision=rel_precision,
        relation_recall_by_type={k: f"{v[0]}/{v[1]}" for k, v in sorted(by_type.items())},
        documents=total["documents"], documents_missing=total["missing"],
        bad_prediction_lines=bad, gold_mentions=total["gold"],
        predicted_mentions=total["predicted"],
        # The judge takes the F1 of the rounded precision and recall.
        relation_f1=round(_f1(rel_precision, rel_recall), 3),
    )
