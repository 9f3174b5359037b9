"""The README's two commands stay true: CI runs the test command as written."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", text)


def test_readme_has_the_two_commands():
    setup_and_run, tests = readme_commands()
    assert setup_and_run.endswith("normalize samples/ganzi-news.txt")
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    assert readme_commands()[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
