"""zhnorm.ray: a local Ray instance gives what the command gives on the same records."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import CORPORA, ROOT, SEED, run_cli

ray = pytest.importorskip("ray", reason="the ray extra is not installed")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


@pytest.fixture
def corpus(tmp_path):
    lines = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[:40]
    texts = [(SEED / "ganzi-news.input.txt").read_text(encoding="utf-8")]
    texts += [normalize_to_trad(t) for t in lines]
    path = tmp_path / "in" / "part-0.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return path


def normalize_to_trad(text: str) -> str:
    import zhnorm

    return zhnorm.normalize(text, to="hant", only=["convert"]) + "(測試)"


def cli_records(path) -> dict[int, str]:
    out = run_cli("--jsonl", path).stdout.decode().splitlines()
    return {r["id"]: r["text"] for r in map(json.loads, out)}


def test_normalize_dataset_equals_the_command(local_ray, corpus):
    import zhnorm.ray

    ds = ray.data.read_json(str(corpus))
    rows = zhnorm.ray.normalize_dataset(ds, column="text").take_all()
    got = {int(r["id"]): r["text"] for r in rows}
    assert got == cli_records(corpus)
    assert got[0] + "\n" == (SEED / "ganzi-news.expected.txt").read_text(encoding="utf-8")


def test_example_script_writes_json_lines(local_ray, corpus, tmp_path):
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "ray_normalize.py"), str(corpus.parent), str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    rows = [json.loads(l) for f in sorted(out.glob("*.json*")) for l in f.read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: r["text"] for r in rows} == cli_records(corpus)
