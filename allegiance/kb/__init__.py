"""Knowledge base of actors: named groups and people with time-bounded names and links.

The data lives in YAML files (`allegiance/kb/actors/*.yaml`, plus any files or folders
given as `extra_paths` or in `ALLEGIANCE_KB_PATH`, os.pathsep-separated). This module
knows nothing about any one conflict: it builds a lookup index once over entries that
`allegiance.kb.entries` has read and checked, and answers questions over time. A file
holds `actors:`, a list of entries:

    id: stable-slug                      # required, [a-z0-9][a-z0-9_-]*
    name: Canonical Name                 # required
    type: ORG | PERSON                   # required
    kind: armed_group | coalition | …    # required, one of KINDS
    aliases: [spelling, ACRONYM, …]      # other names, any time
    ambiguous_aliases: [alias, …]        # aliases knowingly shared with another entry
    wikidata: Q123 | null                # only when verified
    founded / dissolved: ISO date        # partial dates allowed: 2014, 2014-08, 2014-08-12
    names: [{name, start, end}]          # the name in use over a period (renames)
    merged_into: [{id, start}]           # ceased as its own body and joined `id`
    succeeded_by: [{id, start}]          # ceased as its own body; `id`, a new body, took
                                         # its place on `start` (required): a fallen
                                         # government and the one that replaced it
    part_of / allied_with / leader_of / member_of: [{id, start, end, role, source}]
    sources: [Q-id or URL, …]            # required, non-empty

Time. An entry is in being from `founded` until the first of `dissolved`, a `merged_into`
or a `succeeded_by` start. A link holds over [start, end) and never outside the time both
of its ends were in being: the alliances of a government end with it even where no `end`
is written. A link may not start before the entry it names was founded; a link with no
`start` starts at its own entry's founding, so an older group's undated `part_of` a newer
coalition is rejected at load: give it the `start` it joined.

Lookup cascade, first hit wins: acronym, case sensitive so "IS" is not "is" (score 0.96)
→ exact normalised alias (1.0) → transliteration skeleton (0.95) → fuzzy word-by-word
similarity ≥ `threshold` within blocks of equal word count (0.98 × similarity). Given a
date (`on`), entries in being on it come first among equal scores, so a generic name
listed under `ambiguous_aliases` of a government and of its successor ("Syrian
government") resolves by date; without one, file order decides (the older entry first).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from allegiance.errors import KnowledgeBaseError
from allegiance.kb.entries import (
    ACRONYM,
    ENV_VAR,
    KINDS,
    LINK_FIELDS,
    Actor,
    DatedName,
    Link,
    earlier,
    files_in,
    floor_day,
    read_entries,
    within,
)
from allegiance.names import normalize, skeleton, word_similarity

__all__ = ["KINDS", "Actor", "DatedName", "KnowledgeBase", "LineageStep", "Link", "Match", "load_kb"]

DATA_DIR = Path(__file__).parent / "actors"


@dataclass(frozen=True, slots=True)
class Match:
    actor: Actor
    alias: str  # the KB name that matched
    score: float
    method: str  # exact | acronym | skeleton | fuzzy
    name_on: str | None = None  # the actor's name on the `on` date, when one was asked


@dataclass(frozen=True, slots=True)
class LineageStep:
    date: str | None
    actor_id: str
    name: str
    event: str  # founded | renamed | merged_into | succeeded_by | dissolved



_Entry = tuple[int, str]  # (actor index, KB alias)
_Index = defaultdict[str, list[_Entry]]
_Edges = defaultdict[str, list[tuple[str, Link]]]


class KnowledgeBase:
    """Validated actors with a lookup index built once at construction."""

    def __init__(self, actors: Iterable[Actor], *, threshold: float = 0.92) -> None:
        self._actors: list[Actor] = []
        self._by_id: dict[str, int] = {}
        for actor in actors:
            if actor.id in self._by_id:
                other = self._actors[self._by_id[actor.id]]
                raise KnowledgeBaseError(
                    f"entry {actor.id!r}: id already used in {other.file}", input=actor.file,
                    hint="Give the entry a new id, or add aliases to the existing one.")
            self._by_id[actor.id] = len(self._actors)
            self._actors.append(actor)
        self.threshold = threshold
        self._check_links()
        # name key → entries, one dict per step of the cascade
        self._exact, self._acronym, self._skeleton, self._joined = (
            _Index(list) for _ in range(4)
        )
        # (word count, first letter) → first word → [(other words, actor index, alias)]
        self._blocks: dict[tuple[int, str], dict[str, list[tuple[tuple[str, ...], int, str]]]] = (
            defaultdict(lambda: defaultdict(list))
        )
        # actor id → (other id, link) for links read from the other end
        self._allies, self._merged_from, self._succeeded_from, self._leaders = (
            _Edges(list) for _ in range(4))
        self._memo: dict[str, list[tuple[int, str, float, str]]] = {}
        self._build()

    def _check_links(self) -> None:
        for actor in self._actors:
            for key in LINK_FIELDS:
                for link in getattr(actor, key):
                    if link.target not in self._by_id:
                        raise KnowledgeBaseError(
                            f"entry {actor.id!r}: `{key}` names unknown id {link.target!r}",
                            input=actor.file, hint="Add that entry or fix the id.")
                    self._check_start(actor, key, link)

    def _check_start(self, actor: Actor, key: str, link: Link) -> None:
        """A link cannot begin before the body it names was founded."""
        far = self._actors[self._by_id[link.target]]
        start = link.start or actor.founded
        if not (start and far.founded and earlier(start, far.founded)):
            return
        when = f"starts {start}" if link.start else f"has no `start`, so starts at the entry's founding ({start})"
        raise KnowledgeBaseError(
            f"entry {actor.id!r}: `{key}` → {far.id} {when}, before {far.id} was founded ({far.founded})",
            input=actor.file,
            hint=f"Give the link the `start` it really began, on or after {far.founded}, "
                 f"or fix the `founded` of {far.id!r} ({far.file}).")

    def _build(self) -> None:
        owners: dict[str, int] = {}
        for idx, actor in enumerate(self._actors):
            for alias in actor.all_names():
                entry = (idx, alias)
                bare = alias.replace(".", "")
                acro = ACRONYM.match(bare) is not None
                key = "\0" + bare if acro else normalize(alias)
                if key in owners and owners[key] != idx:
                    self._collision(alias, self._actors[owners[key]], actor)
                owners.setdefault(key, idx)
                if acro:
                    self._add(self._acronym, bare, entry)
                    continue
                self._add(self._exact, key, entry)
                skel = skeleton(alias)
                self._add(self._skeleton, skel, entry)
                self._add(self._joined, skel.replace(" ", ""), entry)
                toks = tuple(skel.split())
                if toks:
                    self._blocks[(len(toks), toks[0][:1])][toks[0]].append((toks[1:], idx, alias))
            for link in actor.allied_with:
                self._allies[actor.id].append((link.target, link))
                self._allies[link.target].append((actor.id, link))
            for link in actor.merged_into:
                self._merged_from[link.target].append((actor.id, link))
            for link in actor.succeeded_by:
                self._succeeded_from[link.target].append((actor.id, link))
            for link in actor.leader_of:
                self._leaders[link.target].append((actor.id, link))

    @staticmethod
    def _add(index: _Index, key: str, entry: _Entry) -> None:
        bucket = index[key]
        if all(e[0] != entry[0] for e in bucket):
            bucket.append(entry)

    @staticmethod
    def _collision(alias: str, first: Actor, second: Actor) -> None:
        flagged = normalize(alias)
        if flagged in first.ambiguous_aliases and flagged in second.ambiguous_aliases:
            return
        raise KnowledgeBaseError(
            f"entry {second.id!r}: name {alias!r} is also a name of {first.id!r} ({first.file})",
            input=second.file,
            hint="Remove it from one entry, or list it under `ambiguous_aliases` in both.")

    # -- access ---------------------------------------------------------------------

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors)

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, ident: object) -> bool:
        return ident in self._by_id

    def get(self, ident: str) -> Actor:
        try:
            return self._actors[self._by_id[ident]]
        except KeyError:
            raise KnowledgeBaseError(f"no actor with id {ident!r}", input=ident,
                                     hint="Look the name up with KnowledgeBase.lookup().") from None

    def lookup(self, name: str, *, on: str | None = None, limit: int = 5) -> list[Match]:
        """Actors known by `name`, best first.

        `on` (ISO date) puts the actors in being that day first among equal scores (a
        government before the one it fell to, or after) and adds the name then in use.
        """
        key = name.strip()
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > 200_000:  # mentions repeat; bound memory on huge batches
                self._memo.clear()
            found = self._memo[key] = self._lookup(key)
        if on and len(found) > 1:
            found = sorted(found, key=lambda f: (-f[2], not self.in_being(self._actors[f[0]], on)))
        return [Match(self._actors[i], alias, score, method,
                      self._actors[i].name_on(on) if on else None)
                for i, alias, score, method in found[:limit]]

    def _lookup(self, name: str) -> list[tuple[int, str, float, str]]:
        if not name:
            return []
        bare = name.replace(".", "")
        # Upper-case words with no acronym entry ("HEZBOLLAH") are names: fall through.
        if ACRONYM.match(bare) and (hits := self._acronym.get(bare)):
            return [(i, a, 0.96, "acronym") for i, a in hits]
        if hits := self._exact.get(normalize(name)):
            return [(i, a, 1.0, "exact") for i, a in hits]
        skel = skeleton(name)
        if hits := self._skeleton.get(skel) or self._joined.get(skel.replace(" ", "")):
            return [(i, a, 0.95, "skeleton") for i, a in hits]
        toks = skel.split()
        if not toks:
            return []
        best: dict[int, tuple[int, str, float, str]] = {}
        # Words must match one for one, so only aliases with as many words and the same
        # first letter can score, and one test of each distinct first word prunes the rest.
        block = self._blocks.get((len(toks), toks[0][:1]), {})
        for first, cands in block.items():
            head = word_similarity(toks[0], first)
            if head < self.threshold:
                continue
            for rest, idx, alias in cands:
                score = head
                for x, y in zip(toks[1:], rest, strict=True):
                    score = min(score, word_similarity(x, y))
                    if score < self.threshold:
                        break
                if score >= self.threshold and (idx not in best or score > best[idx][2]):
                    best[idx] = (idx, alias, round(score * 0.98, 3), "fuzzy")
        return sorted(best.values(), key=lambda m: -m[2])

    # -- time and structure -----------------------------------------------------------

    def _ends(self, actor: Actor) -> str | None:
        """When an actor ceased as its own body: dissolution, merger or succession, whichever
        is first."""
        gone = (lk.start for lk in (*actor.merged_into, *actor.succeeded_by))
        dates = [d for d in (actor.dissolved, *gone) if d]
        return min(dates, key=floor_day) if dates else None

    def in_being(self, actor: Actor, on: str) -> bool:
        """Whether `actor` existed on `on`: founded (if known) and not yet ended."""
        return within(on, actor.founded, self._ends(actor))

    def _bounded(self, child: Actor, link: Link, on: str | None, *, other: str = "") -> bool:
        """A link lasts no longer than either end of it, even when its own end is unknown,
        and begins no earlier than either was founded."""
        if on is None:
            return True
        far = self.get(other or link.target)
        starts = [d for d in (link.start, child.founded, far.founded) if d]
        start = max(starts, key=floor_day) if starts else None
        ends = [d for d in (link.end, self._ends(child), self._ends(far)) if d]
        end = min(ends, key=floor_day) if ends else None
        return within(on, start, end)

    def parents(self, ident: str, *, on: str | None = None) -> list[tuple[Actor, Link]]:
        """Bodies `ident` was part of (on a date, if given)."""
        actor = self.get(ident)
        return [(self.get(lk.target), lk) for lk in actor.part_of if self._bounded(actor, lk, on)]

    def members(self, ident: str, *, on: str | None = None) -> list[tuple[Actor, Link]]:
        """Entries that list `ident` under part_of or member_of."""
        out = []
        for actor in self._actors:
            for lk in (*actor.part_of, *actor.member_of):
                if lk.target == ident and self._bounded(actor, lk, on):
                    out.append((actor, lk))
        return out

    def allies(self, ident: str, *, on: str | None = None) -> list[tuple[Actor, Link]]:
        """Allies of `ident` in either direction (alliance is symmetric)."""
        me = self.get(ident)
        seen: dict[str, tuple[Actor, Link]] = {}
        for other, lk in self._allies.get(ident, ()):
            if self._bounded(me, lk, on, other=other):
                seen.setdefault(other, (self.get(other), lk))
        return list(seen.values())

    def leaders(self, ident: str, *, on: str | None = None) -> list[tuple[Actor, Link]]:
        """People with a `leader_of` link to `ident` (on a date, if given)."""
        self.get(ident)
        return [(self.get(p), lk) for p, lk in self._leaders.get(ident, ())
                if on is None or within(on, lk.start, lk.end)]

    def lineage(self, ident: str) -> list[LineageStep]:
        """Names, mergers and successions of `ident`, its predecessors and successors, oldest
        first.

        Walks back through bodies that merged into it or that it succeeded, and forward
        through bodies it merged into or was succeeded by, but not sideways: other groups
        that joined the same successor are not its past.
        """
        def before(a: str) -> list[str]:
            return [p for p, _ in (*self._merged_from.get(a, ()), *self._succeeded_from.get(a, ()))]

        def after(a: str) -> list[str]:
            return [lk.target for lk in (*self.get(a).merged_into, *self.get(a).succeeded_by)]

        chain = [self.get(ident).id]
        for step in (before, after):
            todo = step(ident)
            while todo:
                cur = todo.pop()
                if cur not in chain:
                    chain.append(cur)
                    todo.extend(step(cur))
        steps: list[LineageStep] = []
        for aid in chain:
            actor = self.get(aid)
            first = actor.names[0].name if actor.names else actor.name
            steps.append(LineageStep(actor.founded, aid, first, "founded"))
            for n in actor.names[1:]:
                steps.append(LineageStep(n.start, aid, n.name, "renamed"))
            for lk in actor.merged_into:
                steps.append(LineageStep(lk.start, aid, self.get(lk.target).name, "merged_into"))
            for lk in actor.succeeded_by:
                steps.append(LineageStep(lk.start, aid, self.get(lk.target).name, "succeeded_by"))
            if actor.dissolved and not actor.merged_into and not actor.succeeded_by:
                steps.append(LineageStep(actor.dissolved, aid, actor.name, "dissolved"))
        order = {"founded": 0, "renamed": 1, "merged_into": 2, "succeeded_by": 2, "dissolved": 3}
        return sorted(steps, key=lambda s: (floor_day(s.date) if s.date else "9999", order[s.event]))


# -- loading ---------------------------------------------------------------------------


def _env_paths() -> tuple[str, ...]:
    return tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip())


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> KnowledgeBase:
    actors: list[Actor] = []
    for base in (DATA_DIR, *map(Path, paths)):
        for path in files_in(base):
            actors.extend(read_entries(path))
    return KnowledgeBase(actors)


def load_kb(*, extra_paths: Iterable[str | os.PathLike[str]] = ()) -> KnowledgeBase:
    """The packaged actors plus `extra_paths` and `ALLEGIANCE_KB_PATH`, validated.

    Cached per set of paths: files are read and the index built once per process.
    """
    paths = tuple(str(Path(p).expanduser().resolve()) for p in (*_env_paths(), *extra_paths))
    return _load(paths)
