"""Import GeoNames dumps into the user layer of the gazetteer.

The dump format (https://download.geonames.org/export/dump/readme.txt) is one place per
line, 19 tab-separated columns:

    geonameid, name, asciiname, alternatenames (comma-separated), latitude, longitude,
    feature class, feature code, country code, cc2, admin1 code, admin2 code,
    admin3 code, admin4 code, population, elevation, dem, timezone, modification date

as a plain file (SY.txt) or inside a zip (allCountries.zip → allCountries.txt).
alternateNamesV2.txt (alternateNameId, geonameid, isolanguage, name, …) optionally adds
names, and its `wkdt` rows give Wikidata ids. The layer lives in one SQLite file in the
cache directory; a place imported twice is replaced, not duplicated.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from allegiance.errors import GazetteerError
from allegiance.geo.gazetteer import (
    _SCHEMA,
    PRECISION,
    USER_DB,
    index_keys,
    load_gazetteer,
    names_hash,
    resolve_cache_dir,
)

# Pids of the user layer start here so they never collide with the embedded layer's.
USER_PID_BASE = 1_000_000_000
_HINT = ("Give a GeoNames dump: 19 tab-separated columns per line, as in SY.txt or "
         "allCountries.zip from https://download.geonames.org/export/dump/.")
# Feature codes → our kinds; anything else keeps its feature class's default below.
_CODE_KIND = {"PCLI": "country", "PCLD": "country", "PCLS": "country", "PCLF": "country",
              "ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict",
              "ADM4": "subdistrict", "PPLX": "neighbourhood", "VAL": "valley",
              "VALS": "valley", "WAD": "valley", "WADS": "valley", "PLN": "region",
              "RGN": "region", "AREA": "region", "MTS": "region", "PLAT": "region"}
_CLASS_KIND = {"A": "region", "P": "town", "L": "region", "T": "region", "H": "region"}
_SKIP_LANGS = {"link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc", "tcid"}


@dataclass
class ImportReport:
    """What an import did; the CLI prints it as is."""

    path: str
    user_db: str
    places: int = 0
    names: int = 0
    alternate_names: int = 0
    wikidata_ids: int = 0
    replaced: int = 0
    countries: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _open_text(path: Path) -> tuple[IO[str], str]:
    """The text stream of a dump and the name to cite in errors."""
    if not path.exists():
        raise GazetteerError("no such file", input=str(path), hint=_HINT)
    if zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        members = [m for m in zf.namelist()
                   if m.endswith(".txt") and "readme" not in m.lower()]
        if not members:
            raise GazetteerError("the zip holds no .txt dump", input=str(path), hint=_HINT)
        member = max(members, key=lambda m: zf.getinfo(m).file_size)
        return io.TextIOWrapper(zf.open(member), encoding="utf-8"), f"{path}!{member}"
    return path.open(encoding="utf-8"), str(path)


def _rows(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    stream, label = _open_text(path)
    with stream:
        try:
            for lineno, line in enumerate(stream, 1):
                if not line.strip() or line.startswith("#"):
                    continue
                cols = line.rstrip("\n").rstrip("\r").split("\t")
                if len(cols) != 19:
                    raise GazetteerError(f"line {lineno}: {len(cols)} columns, expected 19",
                                         input=label, hint=_HINT)
                yield lineno, label, cols
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"not UTF-8 text ({exc.reason})", input=label,
                                 hint=_HINT) from exc


def _alternates(path: Path, wanted: set[int]) -> tuple[dict[int, list[str]], dict[int, str]]:
    extra: dict[int, list[str]] = defaultdict(list)
    wikidata: dict[int, str] = {}
    stream, label = _open_text(path)
    with stream:
        for lineno, line in enumerate(stream, 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                raise GazetteerError(f"line {lineno}: not an alternateNames row",
                                     input=label,
                                     hint="Give alternateNamesV2.txt from GeoNames.")
            gid = int(cols[1])
            if gid not in wanted or cols[2] in _SKIP_LANGS:
                continue
            if cols[2] == "wkdt":
                wikidata[gid] = cols[3]
            else:
                extra[gid].append(cols[3])
    return extra, wikidata


def _kind(fclass: str, fcode: str, population: int) -> str:
    kind = _CODE_KIND.get(fcode) or _CLASS_KIND.get(fclass, "feature")
    if kind == "town" and population >= 100_000:
        return "city"
    return kind


def _connect(root: Path) -> sqlite3.Connection:
    root.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(root / USER_DB)
    conn.executescript(_SCHEMA)
    conn.executescript("CREATE INDEX IF NOT EXISTS name_key ON name(key);"
                       "CREATE INDEX IF NOT EXISTS name_skel ON name(skel);"
                       "CREATE INDEX IF NOT EXISTS place_geonames ON place(geonames);")
    return conn


def _parse_float(value: str, what: str, lineno: int, label: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise GazetteerError(f"line {lineno}: {what} {value!r} is not a number",
                             input=label, hint=_HINT) from None


def import_dump(path: Path, *, alternate_names: str | Path | None, root: Path) -> ImportReport:
    started = time.perf_counter()
    # Parse everything before writing, so a bad line leaves the layer as it was.
    parsed: list[tuple[list[str], float, float, int, str, str]] = []
    admin1_names: dict[str, str] = {}
    for lineno, label, cols in _rows(path):
        if not cols[0].isdigit():
            raise GazetteerError(f"line {lineno}: geonameid {cols[0]!r} is not a number",
                                 input=label, hint=_HINT)
        lat = _parse_float(cols[4], "latitude", lineno, label)
        lon = _parse_float(cols[5], "longitude", lineno, label)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"line {lineno}: coordinates {lat}, {lon} out of range",
                                 input=label, hint=_HINT)
        pop = int(cols[14]) if cols[14].isdigit() else 0
        if cols[7] == "ADM1":
            admin1_names[f"{cols[8]}.{cols[10]}"] = cols[2] or cols[1]
        parsed.append((cols, lat, lon, pop, cols[6], cols[7]))
    if not parsed:
        raise GazetteerError("no places in the file", input=str(path), hint=_HINT)
    wanted = {int(p[0][0]) for p in parsed}
    extra: dict[int, list[str]] = {}
    wikidata: dict[int, str] = {}
    if alternate_names is not None:
        extra, wikidata = _alternates(Path(alternate_names), wanted)
    # The embedded layer knows admin1 names (curated spellings for Syria) by code; the
    # dump's own ADM1 rows fill in what it lacks.
    base = load_gazetteer(cache_dir=root)
    row = base.conn.execute("SELECT v FROM main.meta WHERE k = 'admin1'").fetchone()
    known: dict[str, str] = {**admin1_names, **(json.loads(row[0]) if row else {})}

    report = ImportReport(path=str(path), user_db=str(root / USER_DB))
    countries: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    conn = _connect(root)
    with conn:
        next_pid = (conn.execute("SELECT MAX(pid) FROM place").fetchone()[0]
                    or USER_PID_BASE) + 1
        existing = {r[0] for r in conn.execute("SELECT geonames FROM place")}
        report.replaced = len(existing & wanted)
        conn.executemany("DELETE FROM name WHERE pid IN "
                         "(SELECT pid FROM place WHERE geonames = ?)", [(g,) for g in wanted])
        conn.executemany("DELETE FROM place WHERE geonames = ?", [(g,) for g in wanted])
        for cols, lat, lon, pop, fclass, fcode in parsed:
            gid = int(cols[0])
            kind = _kind(fclass, fcode, pop)
            admin1 = known.get(f"{cols[8]}.{cols[10]}")
            conn.execute("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (next_pid, cols[1], gid, wikidata.get(gid), lat, lon, cols[8],
                          admin1, None, kind, PRECISION.get(kind, 1), pop,
                          f"GeoNames {gid} imported from {Path(path).name}", "user",
                          f"{fclass}.{fcode}"))
            labels = [cols[1], cols[2], *cols[3].split(","), *extra.get(gid, [])]
            seen: set[str] = set()
            for i, lab in enumerate(labels):
                keys = index_keys(lab)
                if keys is None or keys[0] in seen:
                    continue
                seen.add(keys[0])
                conn.execute("INSERT INTO name VALUES (?,?,?,?,?)",
                             (keys[0], keys[1], next_pid, lab, int(i < 2)))
                report.names += 1
            next_pid += 1
            countries[cols[8]] += 1
            kinds[kind] += 1
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('names', ?)", (names_hash(),))
    conn.close()
    report.places = len(parsed)
    report.alternate_names = sum(len(v) for v in extra.values())
    report.wikidata_ids = len(wikidata)
    report.countries = dict(countries.most_common())
    report.kinds = dict(kinds.most_common())
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def import_geonames(path: str | os.PathLike[str], *,
                    alternate_names: str | os.PathLike[str] | None = None,
                    cache_dir: str | os.PathLike[str] | None = None) -> ImportReport:
    """Load a GeoNames dump (SY.txt, allCountries.zip, …) into the user layer.

    See the module docstring for the format; raises GazetteerError naming the
    file and line of anything it cannot read.
    """
    alt = Path(alternate_names) if alternate_names is not None else None
    return import_dump(Path(path), alternate_names=alt,
                       root=resolve_cache_dir(cache_dir))
