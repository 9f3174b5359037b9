"""The pre-commit hooks, run by the real pre-commit against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SEED

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
pytestmark = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a development extra")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "zhnorm tests",
    "GIT_AUTHOR_EMAIL": "tests@zhnorm.invalid",
    "GIT_COMMITTER_NAME": "zhnorm tests",
    "GIT_COMMITTER_EMAIL": "tests@zhnorm.invalid",
}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}


@pytest.fixture
def corpus(tmp_path, env):
    repo = tmp_path / "corpus"
    repo.mkdir()
    (repo / "gbk.txt").write_bytes("头发干燥，会议开始了。\n".encode("gbk"))
    (repo / "page.txt").write_bytes((SEED / "ganzi-news.input.txt").read_bytes())
    (repo / "clean.txt").write_bytes("已经是规范的简体中文。\n".encode())
    (repo / "notes.md").write_bytes("頭髮 stays: not a .txt file\n".encode())
    for cmd in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-q", "-m", "corpus"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True)
    return repo


def try_repo(hook: str, repo, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files", "--verbose"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=900,
    )


def test_fixing_hook_rewrites_and_fails_once(corpus, env):
    r = try_repo("normalize", corpus, env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Fixing gbk.txt" in r.stdout and "Fixing page.txt" in r.stdout
    assert "clean.txt" not in r.stdout.split("normalize Chinese text")[-1]
    assert (corpus / "gbk.txt").read_text(encoding="utf-8") == "头发干燥，会议开始了。\n"
    assert (corpus / "page.txt").read_bytes() == (SEED / "ganzi-news.expected.txt").read_bytes()
    assert (corpus / "notes.md").read_text(encoding="utf-8") == "頭髮 stays: not a .txt file\n"
    again = try_repo("normalize", corpus, env)
    assert again.returncode == 0, again.stdout + again.stderr


def test_checking_hook_writes_nothing(corpus, env):
    before = {p.name: p.read_bytes() for p in corpus.iterdir() if p.is_file()}
    r = try_repo("normalize-check", corpus, env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "gbk.txt" in r.stdout and "page.txt" in r.stdout
    assert {p.name: p.read_bytes() for p in corpus.iterdir() if p.is_file()} == before
