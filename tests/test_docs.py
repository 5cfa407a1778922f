"""The README documents every command and every setting (a missing one fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from allegiance.serve.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out += _commands(cmd, f"{full} ")
        else:
            out.append(full)
    return out


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(main) if f"allegiance {c}" not in README]
    assert not missing, f"document these commands in README.md: {missing}"


def test_every_setting_is_in_the_readme():
    used = set()
    for path in (ROOT / "allegiance").rglob("*.py"):
        used |= set(re.findall(r"ALLEGIANCE_[A-Z_]+", path.read_text(encoding="utf-8")))
    missing = sorted(v for v in used if v not in README)
    assert not missing, f"document these settings in README.md: {missing}"


def test_every_exit_code_is_in_the_readme():
    from allegiance import errors

    codes = {cls.exit_code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.AllegianceError)}
    for code in codes:
        assert f"| {code} |" in README
