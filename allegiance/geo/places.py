"""Place resolution: a name as written in an article → ranked gazetteer candidates.

The cascade, in order:

    1. qualifiers   "southern Idlib countryside", "Raqqa province", "Homs city",
                    "the Baba Amr district" → base name + direction + kind hint
    2. exact        the whole name, then the base name, by `names.normalize` key
                    (article, diacritics, ʿayn marks do not matter: Maarat = Maʿarrat)
    3. skeleton     `names.skeleton` key (ou/u, q/k, doubled letters, …)
    4. fuzzy        `names.similarity` over the names of the bias country only
    5. derived      a direction of a known place with no entry of its own ("west
                    Homs") becomes a region or quarter of that place, flagged in `source`
    6. scoring      match quality × prior (bigger and administrative places first) ×
                    country bias × context (the text names the candidate's governorate)
                    × kind hint; ambiguity stays visible as ranked candidates

An empty list is the explicit "unresolved". Nothing here knows a Syrian name: all of
that lives in the gazetteer data (allegiance/kb/places/ and the GeoNames layers).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from allegiance import names
from allegiance.geo.gazetteer import USER_DB, Gazetteer, Place, haversine_km, load_gazetteer

__all__ = ["PlaceCandidate", "geocode", "is_known_place", "resolve_place"]

_DIRECTIONS = {
    "north": "northern", "northern": "northern", "south": "southern", "southern": "southern",
    "east": "eastern", "eastern": "eastern", "west": "western", "western": "western",
    "northeast": "northeastern", "northeastern": "northeastern",
    "northwest": "northwestern", "northwestern": "northwestern",
    "southeast": "southeastern", "southeastern": "southeastern",
    "southwest": "southwestern", "southwestern": "southwestern",
    "central": "central",
}
# Trailing words that say what kind of place the rest names; the value is the kind hint.
_SUFFIXES = {
    "countryside": "region", "rural": "region", "province": "governorate",
    "governorate": "governorate", "muhafazah": "governorate", "district": "district",
    "mantiqah": "district", "subdistrict": "subdistrict", "nahiya": "subdistrict",
    "city": "city", "town": "town", "village": "town", "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood", "quarter": "neighbourhood", "region": "region",
    "area": "region", "valley": "valley", "suburbs": "region", "outskirts": "region",
    "plain": "region", "surroundings": "region", "environs": "region", "hinterland": "region",
}
# Leading words, English and transliterated Arabic admin terms ("Nahiyat X" = subdistrict
# X, "Markaz X" = the centre of X).
_PREFIXES = {"rural": "region", "greater": "region", "countryside of": "region",
             "outskirts of": "region", "province of": "governorate", "city of": "city",
             "town of": "town", "village of": "town", "muhafazat": "governorate",
             "mintaqat": "district", "nahiyat": "subdistrict", "nahiyat markaz": "subdistrict",
             "markaz": "district", "governorate of": "governorate",
             "district of": "district",
             # the same words romanised letter by letter from unvowelled script
             "nahyt": "subdistrict", "nahyt mrkz": "subdistrict", "mntqt": "district",
             "mntqt mrkz": "district", "mhafzt": "governorate"}
_COUNTRYSIDE_WORDS = frozenset({"surroundings", "environs", "hinterland"})
_UNVOWELLED_WORDS = frozenset({"nahyt", "mntqt", "mhafzt", "mrkz"})
_KIND_PRIOR = {"country": 1.0, "governorate": 0.92, "macroregion": 0.85, "region": 0.84,
               "valley": 0.84, "district": 0.8, "subdistrict": 0.74, "neighbourhood": 0.8,
               "feature": 0.5}
_HINT_COMPATIBLE = {"city": {"city", "town"}, "town": {"town", "city"},
                    "region": {"region", "valley", "macroregion", "governorate"},
                    "governorate": {"governorate"}, "district": {"district", "neighbourhood"},
                    "subdistrict": {"subdistrict", "district"},
                    "neighbourhood": {"neighbourhood", "district"},
                    "valley": {"valley", "region"}}
_LAYER_RANK = {"curated": 0, "user": 1, "geonames": 2}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """One possible reading of a place name. `precision`: 1 town/city/neighbourhood,
    2 near a town or a small region/district/valley/countryside, 3 governorate, country
    or larger. `score` is 0..1; `matched` is the gazetteer name that matched."""

    name: str
    geonames: int | None
    wikidata: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    admin2: str | None = None
    kind: str = "town"
    precision: int = 1
    score: float = 0.0
    source: str = ""
    matched: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    base: str
    direction: str | None
    hint: str | None
    stem: str = ""


def _parse(name: str) -> _Query:
    """Split qualifiers off a name: "the", direction words and kind words at either end.

    The outermost kind word gives the hint; `stem` keeps inner ones, so "Damascus
    Countryside governorate" can still match the entry "Damascus countryside".
    """
    text = " ".join(name.replace("’", "'").split()).strip(" ,.;:")
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    text = " ".join(words)
    direction = hint = None
    prefixes = sorted(_PREFIXES.items(), key=lambda kv: -len(kv[0]))
    changed = True
    while changed and len(words) > 1:
        changed = False
        lower = [names.fold(w) or w.lower() for w in words]
        if lower[0] == "the":
            words, changed = words[1:], True
            continue
        if lower[0] in _DIRECTIONS and direction is None:
            direction, words, changed = _DIRECTIONS[lower[0]], words[1:], True
            continue
        for pre, kind in prefixes:
            n = len(pre.split())
            if len(lower) > n and " ".join(lower[:n]) == pre:
                hint = hint or kind
                words, changed = words[n:], True
                break
    stem = " ".join(words)
    lower = [names.fold(w) or w.lower() for w in words]
    if len(lower) > 1 and lower[-1] in _SUFFIXES:
        hint = hint or _SUFFIXES[lower[-1]]
        words, lower = words[:-1], lower[:-1]
        stem = " ".join(words)
        # "Raqqa countryside province" / "Homs city district": one more qualifier off.
        if len(lower) > 1 and lower[-1] in _SUFFIXES:
            words, lower = words[:-1], lower[:-1]
    if direction and len(lower) > 1 and lower[-1] in _DIRECTIONS:
        words = words[:-1]
    return _Query(text=text, base=" ".join(words), direction=direction, hint=hint, stem=stem)


def _prior(p: Place) -> float:
    if p.kind in ("city", "town", "village"):
        return 0.55 + 0.45 * min(1.0, math.log10(p.population + 1) / 6.5)
    return _KIND_PRIOR.get(p.kind, 0.6)


def _context_words(context: str | None) -> str:
    return f" {' '.join(_WORD.findall(names.normalize(context)))} " if context else ""


def _mentions(ctx: str, value: str | None) -> bool:
    if not ctx or not value:
        return False
    key = names.normalize(value)
    return bool(key) and f" {key} " in ctx


@dataclass
class _Hit:
    place: Place
    matched: str
    quality: float
    derived: str | None = None


def _lookup(gaz: Gazetteer, text: str) -> list[_Hit]:
    key = names.normalize(text)
    if not key:
        return []
    folded = names.fold(text)
    hits = [_Hit(p, label, (1.0 if names.fold(label) == folded else 0.98) * (1.0 if primary else 0.96))
            for p, label, primary in gaz.by_key(key)]
    if not hits:
        skel = names.skeleton(text)
        hits = [_Hit(p, label, 0.92 * (1.0 if primary else 0.97))
                for p, label, primary in gaz.by_skeleton(skel)] if skel else []
    return hits


@lru_cache(maxsize=64)
def _country_index(gaz_id: int, country: str) -> tuple[list[str], list[str]]:
    gaz = _GAZ_BY_ID[gaz_id]

    def build() -> list[list[str]]:
        keys, labels = [], []
        for _key, label in gaz.keys_in(country):
            keys.append(names.skeleton(label))
            labels.append(label)
        return [keys, labels]

    keys, labels = _persisted(gaz, "skeletons", country, build)
    return keys, labels


def _persisted(gaz: Gazetteer, kind: str, country: str, build: Callable[[], Any]) -> Any:
    """A lazy index kept as JSON beside the gazetteer's file, whose name carries the data
    and names.py fingerprint: built once per cache instead of once per process (~1-3 s)."""
    user = gaz.path.parent / USER_DB
    stamp = int(user.stat().st_mtime) if "user" in gaz.tables and user.exists() else 0
    path = gaz.path.with_name(f"{gaz.path.stem}.{kind}-{country}-{stamp}.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        # those of older data, code or user layers are dead weight
        for stale in path.parent.glob(f"{gaz.path.stem.rsplit('-', 1)[0]}-*.{kind}-{country}-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:  # a read-only cache: keep it in memory only
        pass
    return value


_GAZ_BY_ID: dict[int, Gazetteer] = {}


def _register(gaz: Gazetteer) -> None:
    """Key the lru caches by gazetteer: an import opens a new one, whose answers differ."""
    if _GAZ_BY_ID.get(id(gaz)) is not gaz:
        _GAZ_BY_ID.clear()
        _country_index.cache_clear()
        _consonant_index.cache_clear()
        _known.cache_clear()
        _memo_candidates.cache_clear()
        _GAZ_BY_ID[id(gaz)] = gaz


def _fuzzy(gaz: Gazetteer, text: str, country: str) -> list[_Hit]:
    skels, labels = _country_index(id(gaz), country)
    query = names.skeleton(text)
    if not query or not skels:
        return []
    hits: list[_Hit] = []
    seen: set[str] = set()
    for _s, _score, i in process.extract(query, skels, scorer=fuzz.ratio, limit=8,
                                         score_cutoff=80):
        label = labels[i]
        sim = names.similarity(text, label)
        # Short names sit close to many others ("Army" ~ "Sarmin"): demand more of them; and
        # letters alike are not a variant of the name unless each word is (two villages
        # one letter apart are two villages; "Antakya" is not "Latakiya").
        variant = (names.skeleton_similarity(names.skeleton(text), names.skeleton(label)) > 0
                   or _loose_consonants(text) == _loose_consonants(label))
        if sim < (0.8 if len(query) >= 6 else 0.86) or label in seen or (not variant and sim < 0.9):
            continue
        seen.add(label)
        hits.extend(_Hit(p, lab, 0.85 * sim) for p, lab, _pr in gaz.by_key(names.normalize(label))
                    if p.country == country)
    return hits


@lru_cache(maxsize=64)
def _consonant_index(gaz_id: int, country: str) -> dict[str, list[str]]:
    gaz = _GAZ_BY_ID[gaz_id]

    def build() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for _key, label in gaz.keys_in(country):
            key = names.consonants(label)
            if len(key) >= 2:
                index.setdefault(key, []).append(label)
        return index

    index: dict[str, list[str]] = _persisted(gaz, "consonants", country, build)
    return index


def _unvowelled(gaz: Gazetteer, text: str, country: str) -> list[_Hit]:
    """Names of the country whose consonants are the query's: the reading of a
    letter-by-letter romanisation ("tl tmr"), scored below every other kind of match."""
    labels = _consonant_index(id(gaz), country).get(names.consonants(text), [])
    return [_Hit(p, label, 0.75 * (1.0 if primary else 0.97))
            for label in dict.fromkeys(labels)
            for p, _lab, primary in gaz.by_key(names.normalize(label)) if p.country == country]


_LOOSE = (("dh", "t"), ("th", "t"), ("gh", "k"), ("kh", "k"), ("sh", "s"))


def _loose_consonants(name: str) -> str:
    """Consonants with the pairs romanisations mix merged (Thibeen/Dhibbin, Aghtrin/Akhtrin)."""
    key = names.consonants(name)
    for a, b in _LOOSE:
        key = key.replace(a, b)
    return key


def _derive(base_hits: list[_Hit], q: _Query) -> list[_Hit]:
    """A direction of a known place with no entry of its own: keep the place's
    coordinates, widen the precision, and say so in the source."""
    out = []
    for h in base_hits:
        p = h.place
        if p.kind in ("city", "town", "village", "neighbourhood") and q.hint not in ("region",):
            kind, precision = "neighbourhood", 1
        elif p.kind in ("country", "macroregion"):
            kind, precision = "macroregion", 3
        else:
            kind, precision = "region", 2
        label = f"{q.direction} {p.name}" + (" countryside" if q.hint == "region" else "")
        derived = Place(pid=-p.pid, name=label, geonames=None, wikidata=None, lat=p.lat,
                        lon=p.lon, country=p.country, admin1=p.admin1, admin2=p.admin2,
                        kind=kind, precision=precision, population=0,
                        source=f"derived: the {q.direction} part of {p.name} ({p.source})",
                        layer=p.layer)
        factor = 0.9 if kind == "neighbourhood" else 0.85
        out.append(_Hit(derived, h.matched, h.quality * factor, derived=p.name))
    return out


def _governorate_of(gaz: Gazetteer, p: Place) -> list[_Hit]:
    """The governorate a city belongs to, for "X province" when X is its capital."""
    if not p.admin1:
        return []
    return [_Hit(g, label, 0.93) for g, label, _pr in gaz.by_key(names.normalize(
        f"{p.admin1} governorate")) if g.kind == "governorate" and g.country == p.country]


def _candidates(gaz: Gazetteer, q: _Query, country: str | None) -> list[_Hit]:
    hits = _lookup(gaz, q.text)
    whole = bool(hits)
    if q.stem and q.stem not in (q.text, q.base):
        hits.extend(_Hit(h.place, h.matched, h.quality * 0.98) for h in _lookup(gaz, q.stem))
    if q.base and q.base != q.text:
        base_hits = _lookup(gaz, q.base) or (_fuzzy(gaz, q.base, country) if country else [])
        if q.direction:
            # "southern Idlib countryside" is a region; "west Homs" without a kind word
            # is more often the city's own east, so the region then only comes second.
            area_q = 0.99 if q.hint == "region" else 0.85
            for h in list(base_hits):
                for area in {q.base, h.place.admin1 or ""} - {""}:
                    hits.extend(_Hit(r.place, r.matched, r.quality * area_q)
                                for r in _lookup(gaz, f"{q.direction} {area} countryside")
                                if r.place.kind in ("region", "valley"))
            # A name that is itself an entry ("Eastern Ghouta") needs no derived reading.
            if not whole and (q.hint != "region" or not any(
                    h.place.kind in ("region", "valley") for h in hits)):
                hits.extend(_derive(base_hits, q))
        else:
            hits.extend(_Hit(h.place, h.matched, h.quality * 0.97) for h in base_hits)
            if not whole and names.fold(q.text).split()[-1] in _COUNTRYSIDE_WORDS:
                # "Damascus surroundings" is what "Damascus countryside" names.
                hits.extend(_Hit(h.place, h.matched, h.quality * 0.99)
                            for h in _lookup(gaz, f"{q.base} countryside"))
            if not whole and q.hint in ("governorate", "region"):
                # "Idlib province", "rural Idlib": the governorate named after its capital.
                for h in base_hits:
                    if q.hint == "governorate" or (
                            names.normalize(h.place.admin1 or "") == names.normalize(q.base)):
                        hits.extend(_governorate_of(gaz, h.place))
    if country and not any(h.place.country == country for h in hits):
        # A foreign namesake must not hide a spelling variant of a place in the country.
        hits.extend(_fuzzy(gaz, q.text, country))
    if country and q.base and not any(h.place.country == country for h in hits) and (
            names.looks_unvowelled(q.base)
            or names.fold(q.text).split()[0] in _UNVOWELLED_WORDS):
        hits.extend(_unvowelled(gaz, q.base, country))
    return hits


@lru_cache(maxsize=65536)
def _memo_candidates(gaz_id: int, q: _Query, country: str | None) -> tuple[_Hit, ...]:
    """The look-ups for one name and country, once a run: articles name the same places
    again and again, and only scoring depends on the context."""
    return tuple(_candidates(_GAZ_BY_ID[gaz_id], q, country))


def _score(h: _Hit, q: _Query, country: str | None, ctx: str, *, local: bool) -> float:
    """`local`: some candidate lies in the bias country; only then do foreign ones drop
    far, so "Beirut" in a Syrian article still resolves with a fair score."""
    p = h.place
    s = h.quality * (0.45 + 0.55 * _prior(p))
    if country and p.country != country and p.kind != "country":
        s *= 0.55 if local else (0.9 if p.population >= 100_000 else 0.7)
        if h.quality < 0.95:
            # Abroad, only the exact spelling counts for much: a Syrian prison's name
            # spelled almost like a Senegalese city is no variant of it.
            s *= 0.6
    if q.hint:
        s *= 1.12 if p.kind in _HINT_COMPATIBLE.get(q.hint, {q.hint}) else 0.8
    if ctx and p.kind != "country":
        # Naming the governorate ("Suran, in the northern Aleppo countryside") outweighs
        # the population prior, but not a poor name match.
        if _mentions(ctx, p.admin1) and names.normalize(p.admin1 or "") != names.normalize(q.base):
            s *= 1.3
        elif _mentions(ctx, p.admin2):
            s *= 1.15
    return s


def geocode(name: str, *, context: str | None = None, country: str | None = "SY",
            limit: int = 5) -> list[PlaceCandidate]:
    """Ranked candidates for a place name, best first; [] when nothing fits.

    `context` is nearby text ("Manbij, in Aleppo province"); `country` (ISO 3166 alpha-2)
    biases toward the article's country, None for no bias.
    """
    q = _parse(name or "")
    if not q.text or not names.normalize(q.text):
        return []
    gaz = load_gazetteer()
    _register(gaz)
    ctx = _context_words(context)
    best: dict[tuple[Any, ...], tuple[float, _Hit]] = {}
    hits = _memo_candidates(id(gaz), q, country)
    # only a real match at home (not a fuzzy look-alike) pushes foreign places down
    local = any(h.place.country == country and h.quality >= 0.9 for h in hits)
    for h in hits:
        s = _score(h, q, country, ctx, local=local)
        p = h.place
        key: tuple[Any, ...] = (("g", p.geonames, p.kind) if p.geonames and not h.derived
                                else ("n", p.name, round(p.lat or 0, 2), round(p.lon or 0, 2)))
        old = best.get(key)
        if (old is None or s > old[0] + 1e-9 or
                (abs(s - old[0]) <= 1e-9
                 and _LAYER_RANK.get(p.layer, 3) < _LAYER_RANK.get(old[1].place.layer, 3))):
            best[key] = (s, h)
    ranked = sorted(best.values(), key=lambda t: (-t[0], -t[1].place.population))
    out = []
    for s, h in ranked[: max(limit, 0)]:
        p = h.place
        out.append(PlaceCandidate(
            name=p.name, geonames=p.geonames, wikidata=p.wikidata, lat=p.lat, lon=p.lon,
            country=p.country, admin1=p.admin1, admin2=p.admin2, kind=p.kind,
            precision=p.precision, score=round(min(1.0, s), 4), source=p.source,
            matched=h.matched))
    return out


def resolve_place(name: str, *, context: str | None = None,
                  country: str | None = "SY") -> PlaceCandidate | None:
    """The best candidate when it is clearly the best, else None (ambiguous or unknown)."""
    cands = geocode(name, context=context, country=country, limit=3)
    if not cands or cands[0].score < 0.6:
        return None
    top = cands[0]
    if len(cands) > 1:
        second = cands[1]
        close = (top.lat is not None and second.lat is not None and second.lon is not None
                 and top.lon is not None
                 and haversine_km(top.lat, top.lon, second.lat, second.lon) < 30)
        if top.score - second.score < 0.05 and not close:
            return None
    return top


@lru_cache(maxsize=65536)
def _known(gaz_id: int, name: str, country: str | None) -> bool:
    gaz = _GAZ_BY_ID[gaz_id]
    q = _parse(name)
    for text in dict.fromkeys([q.text, q.base]):
        key = names.normalize(text)
        if not key:
            continue
        for p, _label, primary in gaz.by_key(key):
            if country is not None:
                if p.country == country or p.kind == "country":
                    return True
            # Across the whole world nearly every English word ("Omar", "Army") is some
            # village's name, so without a country only checked entries and real towns
            # count; the caller passes the article's country for the rest.
            elif (p.layer != "geonames" or p.kind == "country" or p.population >= 15000
                  or (primary and p.population >= 1000)):
                return True
    if country is not None:
        # Within one country a spelling variant ("Maarat" for "Ma‘arrat") is still known.
        for text in dict.fromkeys([q.text, q.base]):
            skel = names.skeleton(text)
            if skel and len(skel) >= 5 and any(p.country == country for p, _l, _pr in gaz.by_skeleton(skel)):
                return True
    return False


def is_known_place(name: str, *, country: str | None = None) -> bool:
    """Whether the gazetteer knows `name` as a place (cheap; for NER span filtering)."""
    if not name or not name.strip():
        return False
    gaz = load_gazetteer()
    _register(gaz)
    return _known(id(gaz), name.strip(), country)
