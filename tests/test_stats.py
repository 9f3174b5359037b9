"""--stats: figures per input and in all, read from what the stages counted."""

from __future__ import annotations

import json
from collections import Counter

import zhnorm

from .conftest import SHARED, run_cli

PAGES = SHARED / "realpages"
MOJIBAKE = PAGES / "mojibake" / "001.txt"
BOILERPLATE = PAGES / "boilerplate" / "015.txt"
TRADITIONAL = PAGES / "traditional_no_pinyin" / "001.txt"


def _inputs(tmp_path):
    gbk = tmp_path / "trad-big5.txt"  # a real page as a Big5 file would hold it
    gbk.write_bytes(TRADITIONAL.read_text(encoding="utf-8").encode("big5", "replace"))
    return [MOJIBAKE, BOILERPLATE, gbk]


def _stats(tmp_path, *args):
    out = tmp_path / "stats.json"
    r = run_cli("--stats", out, "-o", tmp_path / "out.txt", *args)
    return r, json.loads(out.read_text(encoding="utf-8"))


def test_each_input_has_its_encoding_lines_and_changes(tmp_path):
    inputs = _inputs(tmp_path)
    dropped = tmp_path / "dropped.jsonl"
    r, stats = _stats(tmp_path, "--dropped", dropped, *inputs)
    assert r.returncode == 0, r.stderr
    assert stats["version"] == 1
    assert [i["file"] for i in stats["inputs"]] == [str(p) for p in inputs]
    assert [(i["encoding"], i["detected_by"]) for i in stats["inputs"]] == [
        ("utf-8", "utf-8"), ("utf-8", "utf-8"), ("big5hkscs", "scored")]
    assert stats["inputs"][2]["margin"] > 0.5 and not stats["inputs"][2]["unsure"]
    assert stats["inputs"][0]["margin"] is None  # valid UTF-8 is not scored
    for path, record in zip(inputs, stats["inputs"]):
        data = path.read_bytes()
        assert record["bytes"] == len(data)
        assert record["lines_in"] == len(data.splitlines())
        alone = run_cli(path).stdout  # the same input on its own, through the command
        assert record["lines_out"] == alone.count(b"\n")
        assert record["lines_in"] - record["lines_out"] == record["dropped_total"]
    # clean's drops are the ones --dropped wrote, category by category
    written = [json.loads(line) for line in dropped.read_text(encoding="utf-8").splitlines()]
    for path, record in zip(inputs, stats["inputs"]):
        clean = Counter(d["category"] for d in written if d["file"] == str(path))
        assert clean == Counter(record["changes"]["clean"])
    assert stats["inputs"][0]["changes"]["repair"]  # the mojibake page's repairs
    assert stats["inputs"][2]["changes"]["convert"]["t2s"] > 0


def test_totals_are_the_sum_of_the_inputs(tmp_path):
    r, stats = _stats(tmp_path, *_inputs(tmp_path))
    totals, inputs = stats["totals"], stats["inputs"]
    assert totals["files"] == 3 and totals["unreadable"] == 0
    for key in ("bytes", "lines_in", "lines_out", "changes_total", "dropped_total", "unrecoverable"):
        assert totals[key] == sum(i[key] for i in inputs), key
    assert totals["encodings"] == {"utf-8": 2, "big5hkscs": 1}
    summed = Counter()
    for i in inputs:
        for stage, counts in i["changes"].items():
            summed.update({(stage, reason): n for reason, n in counts.items()})
    assert {(s["stage"], s["reason"]): s["count"] for s in totals["statistics"]} == summed
    counts = [s["count"] for s in totals["statistics"]]
    assert counts == sorted(counts, reverse=True)  # most frequent first, as ruff --statistics


def test_the_same_figures_with_workers(tmp_path):
    inputs = _inputs(tmp_path)
    _, one = _stats(tmp_path, *inputs)
    _, two = _stats(tmp_path, "-j", "2", *inputs)
    assert two == one


def test_to_standard_output_with_check_and_an_unreadable_input(tmp_path):
    r = run_cli("--check", "--stats", "-", BOILERPLATE, tmp_path / "missing.txt")
    assert r.returncode == 3
    names, _, doc = r.stdout.decode().partition("{")
    assert names == f"{BOILERPLATE}\n"
    stats = json.loads("{" + doc)
    assert [(i["file"], i["status"]) for i in stats["inputs"]] == [
        (str(BOILERPLATE), "ok"), (str(tmp_path / "missing.txt"), "unreadable")]
    assert stats["inputs"][0]["changed"] is True and stats["totals"]["changed"] == 1


def test_standard_output_is_refused_when_it_holds_the_text():
    r = run_cli("--stats", "-", BOILERPLATE)
    assert r.returncode == 2 and r.stdout == b""
    assert b"--stats" in r.stderr


def test_the_api_says_the_encoding_too():
    data = TRADITIONAL.read_text(encoding="utf-8").encode("big5", "replace")
    result = zhnorm.normalize_bytes_ex(data)
    assert result.text == zhnorm.normalize_bytes(data) == run_cli(input=data).stdout.decode()
    assert (result.encoding, result.detected_by) == ("big5hkscs", "scored")
    assert result.lines == len(data.splitlines())
    assert result.counts["convert"]["t2s"] > 0
