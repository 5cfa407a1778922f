from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from allegiance.serve.cli import main

from .conftest import ARTICLE, DATA


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_extract_json_with_text():
    res = run("extract", ARTICLE, "--format", "json", "--with-text")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["document"]["published"] == "2017-04-11"
    assert data["document"]["text"] == ARTICLE.read_text(encoding="utf-8")
    assert sum(s["kind"] == "question" for s in data["segments"]) == 6
    import hashlib
    assert data["document"]["id"] == hashlib.sha256(data["document"]["text"].encode()).hexdigest()


def test_extract_jsonl_batch_with_a_bad_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "one", "text": "Fighting was reported.\\n\\nMore text.", "published": "2020-02-02"}\n'
                 "{broken\n"
                 '{"id": "two", "text": "Another report.", "published": "2020-02-03"}\n')
    res = run("extract", p, "--format", "jsonl")
    assert res.exit_code == 3
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["document"]["id"] for x in lines] == ["one", "two"]
    assert "in.jsonl:2" in res.stderr and "A106" in res.stderr and "1 input(s) failed" in res.stderr


def test_extract_folder_gives_an_array():
    res = run("extract", DATA / "structure", "--format", "json")
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == 4
    assert "warning [A108]" in res.stderr and "no-date.txt" in res.stderr


def test_require_date_makes_a_missing_date_an_error():
    res = run("extract", DATA / "structure" / "no-date.txt", "--require-date")
    assert res.exit_code == 3
    assert "A108" in res.stderr and "Traceback" not in res.output


def test_published_flag_fills_a_missing_date():
    res = run("extract", DATA / "structure" / "no-date.txt", "--published", "2019-05-01")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["document"]["published"] == "2019-05-01"


def test_stdin():
    res = run("extract", "-", input=b"Headline of a story\n\n12 May 2016\n\nA short body paragraph.")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["document"]["published"] == "2016-05-12"


def test_user_errors_have_no_traceback(tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_text("")
    for args, code, text in [
        (("extract", empty), 3, "A101"),
        (("extract", tmp_path / "missing.txt"), 3, "A107"),
        (("extract", ARTICLE, "--model", "nope_model"), 4, "A201"),
    ]:
        res = run(*args)
        assert res.exit_code == code, (args, res.output)
        assert text in res.stderr and "Traceback" not in res.output


def test_schema_command():
    res = run("schema")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["title"] == "allegiance extraction"


def test_evaluate_article_gold_table_json_and_min():
    pred, gold = DATA / "eval" / "mini.pred.json", DATA / "eval" / "mini.gold.json"
    text = DATA / "eval" / "mini.txt"
    res = run("evaluate", pred, gold, "--text", text)
    assert res.exit_code == 0, res.output
    assert "entity_recall" in res.stdout
    res = run("evaluate", pred, gold, "--text", text, "--json")
    scores = json.loads(res.stdout)
    assert 0.0 <= scores["fact_f1"] <= 1.0
    res = run("evaluate", pred, gold, "--text", text, "--min", "fact_f1=1.01")
    assert res.exit_code == 6 and "below minimum: fact_f1" in res.stderr


def test_evaluate_re3d_gold():
    res = run("evaluate", DATA / "eval" / "mini_re3d.pred.jsonl", DATA / "eval" / "mini_re3d.gold.jsonl", "--json")
    assert res.exit_code == 0, res.output
    assert "mention_f1_partial" in json.loads(res.stdout)


def test_evaluate_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    res = run("evaluate", bad, DATA / "eval" / "mini.gold.json")
    assert res.exit_code == 6 and "A501" in res.stderr and "bad.json" in res.stderr
    res = run("evaluate", DATA / "eval" / "mini.pred.json", DATA / "eval" / "mini.gold.json", "--min", "x")
    assert res.exit_code == 6 and "KEY=NUMBER" in res.stderr


def test_geocode_command():
    res = run("geocode", "Aleppo", "--format", "json")
    assert res.exit_code == 0, res.output
    best = json.loads(res.stdout)[0]
    assert best["country"] == "SY" and abs(best["lat"] - 36.2) < 0.5
    res = run("geocode", "Qwzxvplace")
    assert res.exit_code == 3 and "unresolved" in res.stderr


def test_gazetteer_import_command(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLEGIANCE_CACHE_DIR", str(tmp_path))
    dump = tmp_path / "XX.txt"
    row = ["9999001", "Qaryat Tajriba", "Qaryat Tajriba", "Tajriba Village", "35.5", "37.5", "P", "PPL",
           "SY", "", "06", "", "", "", "1200", "", "300", "Asia/Damascus", "2020-01-01"]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    res = run("gazetteer", "import", dump)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["places"] == 1
    res = run("geocode", "Tajriba Village", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["geonames"] == 9999001
    broken = tmp_path / "broken.txt"
    broken.write_text("not\ta\tgeonames\tline\n")
    res = run("gazetteer", "import", broken)
    assert res.exit_code == 5 and "A401" in res.stderr and "broken.txt" in res.stderr


def test_kb_lookup_command():
    res = run("kb", "lookup", "Jabhat Fateh al-Sham")
    assert res.exit_code == 0 and "jabhat-al-nusra" in res.stdout
    res = run("kb", "lookup", "Nusra", "--on", "2016-09-01")
    assert "name on 2016-09-01: Jabhat Fatah al-Sham" in res.stdout
    res = run("kb", "lookup", "JFS", "--on", "2017-06-01")
    assert "merged into hay-at-tahrir-al-sham on 2017-01-28" in res.stdout
    res = run("kb", "lookup", "Qwzxv Brigade of Nowhere")
    assert res.exit_code == 3


def test_explain_table_json_and_saved_extraction(tmp_path):
    text = DATA / "structure" / "qa-labels.txt"
    res = run("explain", text, "--format", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert all({"predicate", "subject", "quote", "speaker", "time"} <= set(r) for r in rows)
    saved = tmp_path / "x.json"
    saved.write_text(run("extract", ARTICLE).stdout, encoding="utf-8")
    res = run("explain", saved)
    assert res.exit_code == 0 and "facts" in res.stdout and "quote" in res.stdout
    res = run("explain", saved, "--format", "tsv")
    assert res.stdout.splitlines()[0].startswith("id\tpredicate\tsubject")
    assert len(res.stdout.splitlines()) > 20
    res = run("explain", DATA / "structure")
    assert res.exit_code == 3 and "one article" in res.stderr


def test_options_that_used_to_be_accepted_silently(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from allegiance.serve.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["geocode", "Aleppo", "--limit", "-1"]).exit_code == 2
    assert runner.invoke(main, ["kb", "lookup", "Nusra", "--on", "garbage"]).exit_code == 2
    not_extraction = tmp_path / "scores.json"
    not_extraction.write_text('{"fact_f1": 0.8}')
    res = runner.invoke(main, ["explain", str(not_extraction)])
    assert res.exit_code == 3 and "not an extraction" in res.output
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert runner.invoke(main, ["explain", str(broken)]).exit_code == 3


def test_every_error_code_is_in_the_readme_table() -> None:
    """Each code of allegiance/errors.py has a row (or a range row) in the README's code table."""
    import re

    from allegiance import errors

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (A\d{3})(?:–(A\d{3}))? \|", readme, flags=re.M)
    documented = {(int(a[1:]), int((b or a)[1:])) for a, b in rows}
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.AllegianceError)}
    leaves = {c for c in codes if not c.endswith("00") or c == "A000"}  # A100, A700, A800 are families
    missing = sorted(c for c in leaves if not any(lo <= int(c[1:]) <= hi for lo, hi in documented))
    assert "A801" in codes and "A802" in codes
    assert not missing, f"add these codes to the README's error code table: {missing}"


def test_lazy_commands_name_every_command_of_their_modules() -> None:
    """The lazy map in cli.py lists exactly the commands each command module registers, so
    a command added to a module cannot silently vanish from `allegiance --help`."""
    import click

    from allegiance.serve import cli

    every = dict(cli.main.commands)  # reading it imports every lazy module
    for module, names in cli.LAZY_COMMANDS.items():
        defined = {n for n, c in every.items() if getattr(c.callback, "__module__", "") == module}
        assert defined == set(names), module
    assert set(cli.main.list_commands(click.Context(cli.main))) == set(every)


def test_extract_imports_no_server_database_or_cluster_library() -> None:
    """`allegiance extract` (start-up measured by bench/startup.py) loads only its own module:
    FastAPI, SQLAlchemy, uvicorn and Dask stay unimported."""
    import subprocess
    import sys

    code = ("import sys\nfrom allegiance.serve.cli import main\n"
            "try:\n    main(['schema'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('fastapi', 'sqlalchemy', 'uvicorn', 'distributed', 'allegiance.serve.graph_cli') "
            "if m in sys.modules]\nprint('HEAVY', heavy, file=sys.stderr)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert "HEAVY []" in res.stderr, res.stderr[-2000:]
    res = subprocess.run([sys.executable, "-c", code.replace("['schema']", "['stats', '--help']")],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "'sqlalchemy'" in res.stderr and "'fastapi'" not in res.stderr  # the check can see an import
