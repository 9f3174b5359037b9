"""Folders on the command line: walked as black and ruff walk theirs, through the CLI."""

from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import SEED, run_cli

TRAD = "頭髮乾燥，會議開始了。\n"
SIMP = "头发干燥，会议开始了。\n"


@pytest.fixture
def tree(tmp_path):
    """A git repository with a .gitignore at its root and one in a subfolder, hidden
    folders, files of each kind and files of no kind taken."""
    root = tmp_path / "repo"
    (root / "docs" / "deep").mkdir(parents=True)
    (root / "build").mkdir()
    (root / ".cache").mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".gitignore").write_text("build/\n*.tmp.txt\n!keep.tmp.txt\n")
    (root / "docs" / ".gitignore").write_text("draft.md\n")
    for rel in ("a.txt", "b.csv", "c.tsv", "docs/d.md", "docs/deep/e.txt", "docs/draft.md",
                "build/out.txt", ".cache/x.txt", ".hidden.txt", "notes.tmp.txt", "keep.tmp.txt",
                "script.py", "README"):
        (root / rel).write_text(TRAD if not rel.endswith((".csv", ".tsv")) else "頭髮,乾燥\n", encoding="utf-8")
    (root / "r.jsonl").write_text(json.dumps({"text": "頭髮", "n": 1}, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "s.ndjson").write_text(json.dumps({"text": "乾燥"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return root


TAKEN = ["a.txt", "b.csv", "c.tsv", "docs/d.md", "docs/deep/e.txt", "keep.tmp.txt", "r.jsonl", "s.ndjson"]


def listed(r, root) -> list[str]:
    prefix = str(root) + "/"
    return [line[len(prefix):] for line in r.stdout.decode().splitlines()]


def test_check_walks_by_kind_skipping_hidden_and_gitignored(tree):
    r = run_cli("--check", tree)
    assert r.returncode == 1, r.stderr
    assert listed(r, tree) == TAKEN


def test_in_place_rewrites_the_folder_and_json_lines_by_name(tree):
    r = run_cli("-i", "-q", tree)
    assert r.returncode == 0, r.stderr
    assert (tree / "docs" / "deep" / "e.txt").read_text() == SIMP
    assert (tree / "b.csv").read_text() == "头发,干燥\n"
    # JSON Lines by their name: the field changes, the record keeps its form
    assert (tree / "r.jsonl").read_text() == '{"text": "头发", "n": 1}\n'
    assert (tree / "s.ndjson").read_text() == '{"text": "干燥"}\n'
    # what the walk skips is left as it was
    for rel in ("build/out.txt", ".cache/x.txt", ".hidden.txt", "notes.tmp.txt", "docs/draft.md", "script.py", "README"):
        assert (tree / rel).read_text() == TRAD, rel
    again = run_cli("--check", tree)
    assert (again.returncode, again.stdout) == (0, b"")


def test_include_replaces_the_kinds_and_exclude_prunes(tree):
    r = run_cli("--check", "--include", "*.py", "--include", "*.md", "--exclude", "deep/", tree)
    assert listed(r, tree) == ["docs/d.md", "script.py"]
    r = run_cli("--check", "--exclude", "docs/", "--exclude", "*.csv", "--exclude", "*.jsonl", tree)
    assert listed(r, tree) == ["a.txt", "c.tsv", "keep.tmp.txt", "s.ndjson"]


def test_files_named_are_always_taken(tree):
    named = [tree / "build" / "out.txt", tree / "script.py", tree / ".hidden.txt"]
    r = run_cli("--check", "--exclude", "*.py", *named)
    assert r.stdout.decode().splitlines() == [str(p) for p in named]


def test_gitignore_of_the_repository_above_applies_to_a_subfolder(tree):
    (tree / "docs" / "notes.tmp.txt").write_text(TRAD, encoding="utf-8")
    r = run_cli("--check", tree / "docs")
    assert listed(r, tree / "docs") == ["d.md", "deep/e.txt"]


def test_diff_and_output_of_a_folder(tree, tmp_path):
    r = run_cli("--diff", tree / "docs")
    assert r.returncode == 1
    assert f"+++ b/{tree}/docs/deep/e.txt".encode() in r.stdout and b"+" + SIMP.encode() in r.stdout
    out = tmp_path / "all.txt"
    r = run_cli("-o", out, tree / "docs")  # one output: the files one after another, as cat does
    assert r.returncode == 0 and out.read_text() == SIMP * 2


def test_a_folder_with_nothing_to_take(tmp_path):
    (tmp_path / "x.py").write_text("print(1)\n")
    r = run_cli("--check", tmp_path)
    assert r.returncode == 0 and r.stdout == b""
    assert r.stderr.decode() == f"normalize: no files to normalize in {tmp_path}\n"


def test_the_seed_page_in_a_folder_comes_out_as_named(tmp_path):
    page = (SEED / "ganzi-news.input.txt").read_bytes()
    for rel in ("a/page.txt", "a/b/page.md", "a/.old/page.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(page)
    r = run_cli("-i", tmp_path / "a")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().splitlines() == [f"Fixing {tmp_path}/a/b/page.md", f"Fixing {tmp_path}/a/page.txt"]
    assert (tmp_path / "a" / "page.txt").read_bytes() == (SEED / "ganzi-news.expected.txt").read_bytes()
    assert (tmp_path / "a" / ".old" / "page.txt").read_bytes() == page
