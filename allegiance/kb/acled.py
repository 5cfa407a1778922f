"""Our event predicates → ACLED event types and sub-event types, read from
`allegiance/kb/events/acled.yaml` (the mapping, with the ACLED codebook as its source).

    >>> acled_type("attack", "Russian air strikes on the town")
    ('Explosions/Remote violence', 'Air/drone strike')
    >>> acled_type("clash")
    ('Battles', 'Armed clash')
    >>> acled_type("member_of") is None
    True

`acled_type(predicate, text=None)` is all an exporter needs: the evidence text, when given,
refines the default by the first cue it contains ("shelling", "suicide bomber", "kidnapped").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from allegiance.errors import KnowledgeBaseError

__all__ = ["AcledRule", "AcledTypes", "acled_type", "load_acled_types"]

DATA = Path(__file__).parent / "events" / "acled.yaml"

AcledType = tuple[str, str]


@dataclass(frozen=True, slots=True)
class AcledRule:
    pattern: re.Pattern[str]
    type: AcledType


@dataclass(frozen=True, slots=True)
class AcledTypes:
    """The mapping: per predicate a default type and cue rules (None: not an ACLED event)."""

    event_types: tuple[str, ...]
    defaults: dict[str, AcledType | None]
    rules: dict[str, tuple[AcledRule, ...]]

    def type_of(self, predicate: str, text: str | None = None) -> AcledType | None:
        """(event_type, sub_event_type) of a fact, or None when ACLED codes no such event."""
        default = self.defaults.get(predicate)
        if default is None:
            return None
        low = (text or "").lower()
        for rule in self.rules.get(predicate, ()):
            if low and rule.pattern.search(low):
                return rule.type
        return default


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    parts = []
    for cue in cues:
        stem = re.escape(cue.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(stem + (r"[\w-]*" if cue.endswith("*") else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _pair(value: Any, where: str, event_types: tuple[str, ...]) -> AcledType:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise KnowledgeBaseError(f"{where}: expected [event_type, sub_event_type], got {value!r}",
                                 input=str(DATA), hint="Fix the ACLED mapping file.")
    if value[0] not in event_types:
        raise KnowledgeBaseError(f"{where}: {value[0]!r} is no ACLED event type",
                                 input=str(DATA), hint=f"Use one of {', '.join(event_types)}.")
    return value[0], value[1]


def _flatten(items: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


@lru_cache(maxsize=4)
def load_acled_types(path: str | Path | None = None) -> AcledTypes:
    """Read and check the mapping file (the bundled one by default); cached."""
    src = Path(path) if path is not None else DATA
    try:
        data = yaml.safe_load(src.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read the ACLED mapping ({exc})", input=str(src),
                                 hint="Check the file exists and is valid YAML.") from None
    event_types = tuple(data.get("event_types") or ())
    defaults: dict[str, AcledType | None] = {}
    rules: dict[str, tuple[AcledRule, ...]] = {}
    for pred, spec in (data.get("predicates") or {}).items():
        if spec is None:
            defaults[pred] = None
            continue
        defaults[pred] = _pair(spec.get("default"), f"{pred}.default", event_types)
        rules[pred] = tuple(
            AcledRule(_cue_pattern(r["cues"]), _pair(r["type"], f"{pred}.cues", event_types))
            for r in _flatten(spec.get("cues") or []))
    return AcledTypes(event_types, defaults, rules)


def acled_type(predicate: str, text: str | None = None) -> AcledType | None:
    """(event_type, sub_event_type) for a fact's predicate and, optionally, its evidence text."""
    return load_acled_types().type_of(predicate, text)
