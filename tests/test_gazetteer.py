"""The gazetteer: embedded build, on-disk cache, curated YAML, GeoNames import."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from allegiance.errors import GazetteerError
from allegiance.geo import gazetteer
from allegiance.geo.gazetteer import KB_DIR, load_gazetteer
from allegiance.geo.geonames_import import import_geonames
from allegiance.geo.places import geocode

from .conftest import SCOPE


@pytest.fixture
def fresh_cache(built_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache dir holding a copy of the built index, for tests that import."""
    root = tmp_path / "cache"
    root.mkdir()
    for f in built_cache.glob("gazetteer-*.sqlite"):
        shutil.copy(f, root / f.name)
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(root))
    monkeypatch.setenv("ALLEGIANCE_GAZETTEER_SCOPE", SCOPE)
    return root


def _row(gid: int, name: str, lat: float, lon: float, *, alt: str = "", fclass: str = "P",
         fcode: str = "PPL", cc: str = "SY", admin1: str = "10", pop: int = 0) -> str:
    ascii_name = name.encode("ascii", "ignore").decode() or name
    cols = [str(gid), name, ascii_name, alt, str(lat), str(lon), fclass, fcode, cc, "",
            admin1, "", "", "", str(pop), "", "300", "Asia/Damascus", "2024-01-01"]
    return "\t".join(cols)


# -- build and cache ------------------------------------------------------------------


def test_index_is_built_once_and_reused(cache: Path) -> None:
    path = load_gazetteer().path
    assert path.parent == cache and path.name.startswith("gazetteer-")
    stamp = path.stat().st_mtime_ns
    gazetteer._loaded.clear()
    started = time.perf_counter()
    again = load_gazetteer()
    assert time.perf_counter() - started < 1.0
    assert again.path == path and path.stat().st_mtime_ns == stamp


def test_cache_key_carries_the_scope(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert gazetteer._fingerprint(("SY",)) != gazetteer._fingerprint(None)
    assert gazetteer.resolve_cache_dir() == cache
    assert gazetteer.resolve_cache_dir("/x") == Path("/x")


def test_load_follows_the_cache_dir_setting(built_cache: Path, fresh_cache: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_gazetteer().path.parent == fresh_cache
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(built_cache))
    assert load_gazetteer().path.parent == built_cache
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(fresh_cache))
    assert load_gazetteer().path.parent == fresh_cache


def test_default_cache_dir_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALLEGIANCE_CACHE_DIR", raising=False)
    assert gazetteer.resolve_cache_dir() == Path.home() / ".cache" / "allegiance"


def test_cities500_has_halfaya_with_alternate_names(cache: Path) -> None:
    gaz = load_gazetteer()
    hits = gaz.by_key("halfaya")
    assert [p.geonames for p, _label, _primary in hits] == [170044]
    place = hits[0][0]
    assert place.admin1 == "Hama" and place.country == "SY" and place.population > 0


def test_admin1_names_come_from_the_curated_governorates(cache: Path) -> None:
    gaz = load_gazetteer()
    (place, _label, _primary), = [h for h in gaz.by_key("duma") if h[0].country == "SY"][:1]
    assert place.admin1 == "Rif Dimashq"


def test_countries_are_indexed(cache: Path) -> None:
    gaz = load_gazetteer()
    kinds = {p.kind for p, _l, _pr in gaz.by_key("lebanon")}
    assert "country" in kinds
    stats = gaz.stats()
    assert stats["curated"] >= 100 and stats["geonames"] > 1000


# -- curated data ---------------------------------------------------------------------


def _curated() -> list[dict]:
    out = []
    for path in sorted(KB_DIR.glob("*.yaml")):
        out += yaml.safe_load(path.read_text(encoding="utf-8"))["places"]
    return out


def test_every_curated_place_has_a_source_and_a_known_kind() -> None:
    entries = _curated()
    assert len(entries) >= 120
    for e in entries:
        assert e.get("source"), e["name"]
        assert e["kind"] in gazetteer.PRECISION, e["name"]
        if e.get("lat") is not None and e["kind"] != "country":  # the region's own places
            assert 29 < e["lat"] < 43 and 25 < e["lon"] < 50, e["name"]


def test_fourteen_governorates_with_distinct_admin1_codes() -> None:
    govs = [e for e in _curated() if e["kind"] == "governorate"]
    assert len(govs) == 14
    assert len({g["admin1_code"] for g in govs}) == 14


def test_districts_cover_every_governorate_but_damascus() -> None:
    districts = [e for e in _curated() if e["kind"] == "district"]
    assert len(districts) >= 60
    assert len({d["admin1"] for d in districts}) == 13


# -- import ---------------------------------------------------------------------------


def test_import_dump_adds_places_that_geocode_finds(fresh_cache: Path, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join([
        _row(99000001, "Qaryat Ikhtibar", 35.3, 36.5, alt="Karyat Ikhtibar,Qariyat al-Ikhtibar"),
        _row(99000002, "Wadi Tajriba", 35.5, 36.4, fclass="T", fcode="VAL"),
        _row(99000003, "Muhafazat Tajriba", 35.0, 37.0, fclass="A", fcode="ADM1",
             admin1="99"),
    ]) + "\n", encoding="utf-8")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("1\t99000001\ten\tIkhtibar village\t\t\t\t\t\t\n"
                   "2\t99000001\twkdt\tQ99999999\t\t\t\t\t\t\n"
                   "3\t12345\ten\tNot imported\t\t\t\t\t\t\n", encoding="utf-8")
    report = import_geonames(dump, alternate_names=alt)
    assert report.places == 3 and report.wikidata_ids == 1 and report.alternate_names == 1
    assert report.countries == {"SY": 3}
    assert report.kinds == {"town": 1, "valley": 1, "governorate": 1}
    assert Path(report.user_db).parent == fresh_cache
    best = geocode("Qariyat al-Ikhtibar")[0]
    assert best.geonames == 99000001 and best.admin1 == "Hama"
    assert best.wikidata == "Q99999999" and "SY.txt" in best.source
    assert geocode("Ikhtibar village")[0].geonames == 99000001
    valley = geocode("Wadi Tajriba")[0]
    assert valley.kind == "valley" and valley.precision == 2
    assert report.as_dict()["places"] == 3


def test_reimport_replaces_instead_of_duplicating(fresh_cache: Path, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(_row(99000001, "Qaryat Ikhtibar", 35.3, 36.5) + "\n", encoding="utf-8")
    import_geonames(dump)
    dump.write_text(_row(99000001, "Qaryat Ikhtibar", 35.4, 36.6) + "\n", encoding="utf-8")
    report = import_geonames(dump)
    assert report.replaced == 1
    cands = [c for c in geocode("Qaryat Ikhtibar") if c.geonames == 99000001]
    assert len(cands) == 1 and cands[0].lat == pytest.approx(35.4)


def test_import_from_zip(fresh_cache: Path, tmp_path: Path) -> None:
    archive = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not data")
        zf.writestr("allCountries.txt", _row(99000010, "Tall Mithal", 36.0, 38.0) + "\n")
    report = import_geonames(archive)
    assert report.places == 1
    assert geocode("Tall Mithal")[0].geonames == 99000010


def test_import_with_explicit_cache_dir(built_cache: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "elsewhere"
    root.mkdir()
    for f in built_cache.glob("gazetteer-*.sqlite"):
        shutil.copy(f, root / f.name)
    monkeypatch.setenv("ALLEGIANCE_GAZETTEER_SCOPE", SCOPE)
    dump = tmp_path / "SY.txt"
    dump.write_text(_row(99000020, "Khirbat Namudhaj", 34.0, 37.0) + "\n", encoding="utf-8")
    report = import_geonames(dump, cache_dir=root)
    assert Path(report.user_db) == root / gazetteer.USER_DB


@pytest.mark.parametrize(("content", "message"), [
    ("only\tthree\tcolumns\n", "line 1: 3 columns, expected 19"),
    ("{good}\n" + "x" * 10 + "\n", "line 2: 1 columns"),
    ("{badlat}\n", "line 1: latitude 'north'"),
    ("{badid}\n", "line 1: geonameid 'abc'"),
    ("{range}\n", "out of range"),
    ("\n", "no places"),
])
def test_bad_dumps_name_the_file_and_line(fresh_cache: Path, tmp_path: Path, content: str,
                                          message: str) -> None:
    good = _row(99000030, "Good", 35.0, 36.0)
    content = content.format(
        good=good, badlat=good.replace("\t35.0\t", "\tnorth\t"),
        badid=good.replace("99000030", "abc", 1),
        range=good.replace("\t35.0\t", "\t135.0\t"))
    dump = tmp_path / "bad.txt"
    dump.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        import_geonames(dump)
    assert "bad.txt" in str(err.value) and message in str(err.value)
    assert err.value.code == "A401" and err.value.hint
    assert not (fresh_cache / gazetteer.USER_DB).exists()


def test_missing_and_binary_files_are_gazetteer_errors(fresh_cache: Path,
                                                       tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no such file"):
        import_geonames(tmp_path / "nope.txt")
    binary = tmp_path / "SY.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81" * 50)
    with pytest.raises(GazetteerError, match=r"SY\.txt"):
        import_geonames(binary)
    empty_zip = tmp_path / "x.zip"
    with zipfile.ZipFile(empty_zip, "w") as zf:
        zf.writestr("readme.txt", "nothing")
    with pytest.raises(GazetteerError, match=r"no \.txt dump"):
        import_geonames(empty_zip)


def test_bad_alternate_names_file(fresh_cache: Path, tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_text(_row(99000040, "Good", 35.0, 36.0) + "\n", encoding="utf-8")
    alt = tmp_path / "alternateNamesV2.txt"
    alt.write_text("garbage line\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"alternateNamesV2.txt.*line 1"):
        import_geonames(dump, alternate_names=alt)
