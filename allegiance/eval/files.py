"""Gold and prediction files for `allegiance.eval.score`, and the score table.

Loading checks a gold file's entries up front, so a bad file fails with its name and
entry rather than with a KeyError deep in scoring.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from allegiance.errors import EvaluationError
from allegiance.eval.score import ArticleScores, CorpusScores, JsonDict, _obj, score_article, score_corpus

GoldFile = tuple[Literal["article"], JsonDict] | tuple[Literal["re3d"], list[JsonDict]]

# ---- files -------------------------------------------------------------------------

_GOLD_HINT = ("Give article gold (one JSON object with 'entities' and 'facts', like "
              "shared/gold/dev/*.gold.json) or re3d gold (JSONL, one object per line with "
              "'id', 'entities' and 'relations').")
_PRED_HINT = "Give the output of `allegiance extract FILE --format json`."
# What each entry of a gold file needs, checked on load so that a bad gold file fails
# with its name and entry rather than with a KeyError deep in scoring.
_GOLD_ENTRY_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "article": {"entities": ("key", "type", "names", "required"),
                "facts": ("id", "predicate", "evidence", "required")},
    "re3d": {"entities": ("start", "end", "type"), "relations": ("type", "source", "target")},
}


def _read(path: str | Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvaluationError(f"{what} file not found", input=str(path),
                              hint="Check the path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read the {what} file ({exc})", input=str(path),
                              hint="Give a UTF-8 text file.") from None


def _gold_error(message: str, path: str | Path) -> EvaluationError:
    return EvaluationError(message, input=str(path), hint=_GOLD_HINT)


def _check_entries(kind: str, doc: JsonDict, where: str, path: str | Path) -> None:
    for part, keys in _GOLD_ENTRY_KEYS[kind].items():
        entries = doc[part] if isinstance(doc[part], list) else [None]
        for i, entry in enumerate(entries, 1):
            missing = [k for k in keys if not isinstance(entry, dict) or k not in entry]
            if missing:
                raise _gold_error(f"{where}{part} entry {i} lacks {', '.join(missing)}", path)


def _check_article(gold: JsonDict, path: str | Path) -> None:
    """Catch authoring slips that would otherwise score silently wrong: a quote given as
    a string is matched character by character, an unknown key never matches."""
    _check_entries("article", gold, "", path)
    keys = {e["key"] for e in gold["entities"]}
    speaker = _obj(gold.get("segments")).get("answer_speaker")
    if speaker is not None and speaker not in keys:
        raise _gold_error(f"segments.answer_speaker {speaker!r} is no entity key", path)
    for entry in gold["entities"] + gold["facts"]:
        where = f"entity {entry['key']!r}" if "key" in entry else f"fact {entry['id']!r}"
        for field in ("names", "predicate", "evidence", "role", "place", "participants"):
            if field in entry and not isinstance(entry[field], list):
                raise _gold_error(f"{where}: {field} must be a list", path)
        if ("subject" in entry) != ("object" in entry):
            raise _gold_error(f"{where} needs both subject and object", path)
        refs = [entry.get("subject"), entry.get("object"), *entry.get("participants", []),
                *entry.get("place", [])]
        unknown = [r for r in refs if r is not None and r not in keys]
        if unknown and "id" in entry:
            raise _gold_error(f"{where} names unknown entity keys {unknown}", path)


def load_gold(path: str | Path) -> GoldFile:
    """Read a gold file and tell its format: ("article", dict) or ("re3d", list of lines)."""
    raw = _read(path, "gold")
    try:
        docs = [json.loads(raw)]
    except ValueError:  # not one JSON document; perhaps JSONL
        docs = []
        for n, line in enumerate(raw.splitlines(), 1):
            try:
                docs.extend([json.loads(line)] if line.strip() else [])
            except ValueError as exc:
                raise _gold_error(f"gold is not JSON (line {n}: {exc})", path) from None
    if len(docs) == 1 and isinstance(docs[0], dict) and {"entities", "facts"} <= docs[0].keys():
        _check_article(docs[0], path)
        return "article", docs[0]
    if docs and all(isinstance(d, dict) and {"id", "entities", "relations"} <= d.keys()
                    for d in docs):
        for n, doc in enumerate(docs, 1):
            _check_entries("re3d", doc, f"line {n}: ", path)
        return "re3d", docs
    raise _gold_error("unknown gold format", path)


def load_extraction(path: str | Path) -> JsonDict:
    """Read one extraction (a JSON object in the contract) to score against article gold."""
    try:
        data = json.loads(_read(path, "prediction"))
    except ValueError as exc:
        raise EvaluationError(f"prediction is not JSON ({exc})", input=str(path),
                              hint=_PRED_HINT) from None
    if not isinstance(data, dict) or not {"document", "entities", "facts"} & data.keys():
        raise EvaluationError("prediction is not an extraction (no document, entities or "
                              "facts)", input=str(path), hint=_PRED_HINT)
    return data


def load_extractions(path: str | Path) -> list[object]:
    """Read a JSONL of extractions; a line that is not JSON becomes None (a bad line)."""
    items: list[object] = []
    for line in filter(str.strip, _read(path, "prediction").splitlines()):
        try:
            items.append(json.loads(line))
        except ValueError:
            items.append(None)
    if items and all(x is None for x in items):
        raise EvaluationError("no line of the prediction file is JSON", input=str(path),
                              hint="Give JSONL, one extraction per line.")
    return items


def evaluate_files(prediction_path: str | Path, gold_path: str | Path, *,
                   text_path: str | Path | None = None) -> ArticleScores | CorpusScores:
    """Load a prediction and a gold file of either format and score one against the other.

    For article gold the text is `text_path`, else the prediction's document.text, else
    the file named by the gold's document.file when it sits beside the gold file.
    """
    _, gold = load_gold(gold_path)
    if isinstance(gold, list):
        return score_corpus(load_extractions(prediction_path), gold)
    prediction = load_extraction(prediction_path)
    beside = Path(gold_path).parent / str(_obj(gold.get("document")).get("file") or "")
    if text_path is None and not _obj(prediction.get("document")).get("text") and beside.is_file():
        text_path = beside
    text = _read(text_path, "text") if text_path is not None else None
    return score_article(prediction, gold, text=text)


# ---- reporting ---------------------------------------------------------------------

def check_minimums(scores: Mapping[str, Any], minimums: Mapping[str, float]) -> list[str]:
    """Keys whose score is below its minimum or is not a number (unknown keys included)."""
    return [k for k, floor in minimums.items()
            if not isinstance(scores.get(k), (int, float)) or scores[k] < floor]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "ok" if value else "FAILED"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return "n/a" if value is None else str(value)


def format_table(scores: Mapping[str, Any]) -> str:
    """Scores as aligned `key  value` lines; a nested dict's items indented below its key."""
    width = max((len(k) for k in scores), default=0) + 2
    lines = []
    for key, value in scores.items():
        if isinstance(value, dict):
            lines.append(key)
            inner = max((len(str(k)) for k in value), default=0) + 2
            lines.extend(f"  {k!s:<{inner}}{_cell(v)}" for k, v in value.items())
        else:
            lines.append(f"{key:<{width}}{_cell(value)}")
    return "\n".join(lines)
