"""The entries of the actor knowledge base: their dataclasses and the reading and
checking of the YAML files that hold them (format in `allegiance.kb`).

Every problem is a KnowledgeBaseError naming the file, the entry and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from allegiance.errors import KnowledgeBaseError
from allegiance.names import normalize

__all__ = ["ACRONYM", "ENV_VAR", "KINDS", "LINK_FIELDS", "Actor", "DatedName", "Link", "earlier", "files_in",
           "floor_day", "read_entries", "within"]

ENV_VAR = "ALLEGIANCE_KB_PATH"
KINDS = frozenset(
    "armed_group coalition operations_room party opposition_body government military security"
    " militia foreign_force state media ngo international person".split()
)
LINK_FIELDS = ("part_of", "allied_with", "leader_of", "member_of", "merged_into", "succeeded_by")
_FIELDS = frozenset(
    {"id", "name", "type", "kind", "aliases", "ambiguous_aliases", "wikidata", "founded",
     "dissolved", "names", "sources", "description", *LINK_FIELDS}
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")
# libyaml's safe loader when present: same safety, several times faster on 200 entries.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class DatedName:
    name: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A dated edge to another entry (`target` is its id)."""

    target: str
    start: str | None = None
    end: str | None = None
    role: str | None = None
    source: str | None = None  # a source for this link alone, when the entry's do not say it


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str
    kind: str
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: frozenset[str] = frozenset()
    wikidata: str | None = None
    founded: str | None = None
    dissolved: str | None = None
    names: tuple[DatedName, ...] = ()
    part_of: tuple[Link, ...] = ()
    allied_with: tuple[Link, ...] = ()
    leader_of: tuple[Link, ...] = ()
    member_of: tuple[Link, ...] = ()
    merged_into: tuple[Link, ...] = ()
    succeeded_by: tuple[Link, ...] = ()
    sources: tuple[str, ...] = ()
    description: str | None = None
    file: str = field(default="", compare=False)

    def all_names(self) -> tuple[str, ...]:
        """Canonical name, dated names and aliases, first occurrence kept."""
        seen = dict.fromkeys((self.name, *(n.name for n in self.names), *self.aliases))
        return tuple(seen)

    def name_on(self, day: str) -> str:
        """The name in use on `day` (ISO, partial allowed); the canonical name if none.

        An open-ended name gives way to a later-starting one, so only renames need dates.
        """
        found = self.name
        for n in sorted(self.names, key=lambda n: floor_day(n.start) if n.start else ""):
            if within(day, n.start, n.end):
                found = n.name
        return found


def floor_day(day: str) -> str:
    return (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10]


def earlier(day: str, than: str) -> bool:
    """`day` is before `than` at the precision both share: "2014-06" is not before "2014-06-15"."""
    n = min(len(day), len(than))
    return day[:n] < than[:n]


def within(day: str, start: str | None, end: str | None) -> bool:
    """`day` in [start, end): an end date is when the next state began."""
    d = floor_day(day)
    return (start is None or d >= floor_day(start)) and (end is None or d < floor_day(end))


# -- validation --------------------------------------------------------------------


class _Check:
    """Builds typed errors that name the file and the entry."""

    def __init__(self, file: str, entry: str) -> None:
        self.file, self.entry = file, entry

    def fail(self, what: str, hint: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"entry {self.entry!r}: {what}", input=self.file, hint=hint)

    def text(self, raw: Mapping[str, Any], key: str, *, required: bool = False) -> str | None:
        if (val := raw.get(key)) is None and required:
            raise self.fail(f"missing `{key}`", f"Add a `{key}:` line to the entry.")
        if val is None:
            return None
        if not isinstance(val, str) or not val.strip():
            raise self.fail(f"`{key}` must be a non-empty string", f"Quote the value of `{key}`.")
        return val.strip()

    def date(self, raw: Mapping[str, Any], key: str) -> str | None:
        if (val := raw.get(key)) is None:
            return None
        val = str(val)  # YAML turns 2016-07-28 into a date object
        if not _DATE.match(val):
            raise self.fail(f"`{key}` is {val!r}, not an ISO date", "Write YYYY, YYYY-MM or YYYY-MM-DD.")
        return val

    def strings(self, raw: Mapping[str, Any], key: str) -> tuple[str, ...]:
        val = raw.get(key) or []
        if not isinstance(val, list) or not all(isinstance(v, str) and v.strip() for v in val):
            raise self.fail(f"`{key}` must be a list of strings", f"Write `{key}: [a, b]`.")
        return tuple(v.strip() for v in val)

    def links(self, raw: Mapping[str, Any], key: str) -> tuple[Link, ...]:
        val = raw.get(key) or []
        if not isinstance(val, list):
            raise self.fail(f"`{key}` must be a list", f"Write `{key}: [{{id: other-id}}]`.")
        out = []
        for item in val:
            item = {"id": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise self.fail(f"each `{key}` item needs an `id`", "Write `- {id: other-id}`.")
            unknown = set(item) - {"id", "start", "end", "role", "source"}
            if unknown:
                raise self.fail(f"`{key}` item has unknown keys {sorted(unknown)}",
                                "Use id, start, end, role, source.")
            start, end = self.date(item, "start"), self.date(item, "end")
            if start and end and floor_day(end) < floor_day(start):
                raise self.fail(f"`{key}` → {item['id']} ends before it starts",
                                "Swap or fix the dates.")
            if key == "succeeded_by" and (start is None or end is not None):
                raise self.fail(f"`succeeded_by` → {item['id']} needs a `start` and no `end`",
                                "Give the day the successor took over as `start`.")
            out.append(Link(item["id"], start, end, self.text(item, "role"),
                            self.text(item, "source")))
        return tuple(out)


def _parse_entry(raw: Any, file: str, index: int) -> Actor:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"entry #{index} is not a mapping", input=file,
                                 hint="Each item under `actors:` must be `key: value` lines.")
    chk = _Check(file, str(raw.get("id") or f"#{index}"))
    unknown = set(raw) - _FIELDS
    if unknown:
        raise chk.fail(f"unknown keys {sorted(unknown)}", f"Allowed keys: {sorted(_FIELDS)}.")
    ident = chk.text(raw, "id", required=True) or ""
    if not _ID.match(ident):
        raise chk.fail(f"id {ident!r} is not a slug", "Use lower-case letters, digits, - and _.")
    typ, kind = chk.text(raw, "type", required=True), chk.text(raw, "kind", required=True)
    if typ not in ("ORG", "PERSON"):
        raise chk.fail(f"type {typ!r} is not ORG or PERSON", "Set `type: ORG` or `PERSON`.")
    if kind not in KINDS:
        raise chk.fail(f"kind {kind!r} is unknown", f"Use one of {sorted(KINDS)}.")
    qid = raw.get("wikidata")
    if qid is not None and (not isinstance(qid, str) or not _QID.match(qid)):
        raise chk.fail(f"wikidata {qid!r} is not a Q-id", "Write Q123 or null if unverified.")
    sources = chk.strings(raw, "sources")
    if not sources:
        raise chk.fail("no `sources`", "List the Wikidata id or URL that states the facts.")
    names = []
    for item in raw.get("names") or []:
        if not isinstance(item, dict):
            raise chk.fail("`names` items must be mappings", "Write `- {name: X, start: Y}`.")
        names.append(DatedName(chk.text(item, "name", required=True) or "",
                               chk.date(item, "start"), chk.date(item, "end")))
    aliases = chk.strings(raw, "aliases")
    ambiguous = chk.strings(raw, "ambiguous_aliases")
    return Actor(
        id=ident, name=chk.text(raw, "name", required=True) or "", type=typ or "",
        kind=kind or "", aliases=aliases + tuple(a for a in ambiguous if a not in aliases),
        ambiguous_aliases=frozenset(normalize(a) for a in ambiguous), wikidata=qid,
        founded=chk.date(raw, "founded"), dissolved=chk.date(raw, "dissolved"),
        names=tuple(names), sources=sources, description=chk.text(raw, "description"),
        file=file,
        **{key: chk.links(raw, key) for key in LINK_FIELDS},
    )


def files_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml", ".json"})
    if path.is_file():
        return [path]
    raise KnowledgeBaseError("no such file or folder", input=str(path),
                             hint=f"Fix the path given in extra_paths or {ENV_VAR}.")


def read_entries(path: Path) -> list[Actor]:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot be read as YAML ({exc})", input=str(path),
                                 hint="Fix the file's syntax; it must be UTF-8 YAML.") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise KnowledgeBaseError("has no `actors:` list", input=str(path),
                                 hint="Put the entries in a list under a top-level `actors:`.")
    return [_parse_entry(raw, str(path), i) for i, raw in enumerate(doc["actors"], 1)]


# -- the knowledge base ----------------------------------------------------------------
