"""--jobs: the same bytes as one process, in the same order, and the same counts."""

from __future__ import annotations

import json

import pytest

from zhnorm import Options
from zhnorm.parallel import CHUNK, MIN_CHUNK, WHOLE_FILE, Settled, _scout, plan
from zhnorm.pipeline import split_lines

from .conftest import CORPORA, SAMPLES, SEED, run_cli


@pytest.fixture(scope="module")
def big_mixed(tmp_path_factory):
    """A file past the whole-file limit: rendered seed pages with boilerplate and damaged
    spans, among corpus text, so chunks cut through clean's and tidy's state."""
    seed = (SEED / "ganzi-news.input.txt").read_bytes()
    text = (CORPORA / "news-commentary.zh-hans.txt").read_bytes()
    block = seed + b"\n\n\n" + text + "\u00a0相关新闻\n甘孜州召开会议\n".encode()
    path = tmp_path_factory.mktemp("big") / "mixed.txt"
    with path.open("wb") as f:
        while f.tell() < WHOLE_FILE + 2 * CHUNK:
            f.write(block)
    return path


def test_big_file_in_chunks_equals_one_process(big_mixed):
    one = run_cli(big_mixed, "--report", "--jobs", "1", timeout=300)
    two = run_cli(big_mixed, "--report", "--jobs", "2", timeout=300)
    assert one.returncode == two.returncode == 0
    assert len(one.stdout) > WHOLE_FILE // 2
    assert two.stdout == one.stdout
    assert "annotations stripped" in one.stderr.decode()
    assert two.stderr == one.stderr  # every count, as one process counts it


@pytest.mark.parametrize("options", [["--only", "convert"], ["--to", "hant"], ["--skip", "clean"],
                                     ["--only", "unrender", "--only", "tidy"], ["--keep-annotations", "--punct", "keep"]])
def test_every_option_in_chunks_equals_one_process(big_mixed, options):
    one = run_cli(big_mixed, *options, timeout=300)
    two = run_cli(big_mixed, *options, "-j", "2", timeout=300)
    assert two.stdout == one.stdout


def _short_lines(n: int) -> bytes:
    """Corpus text cut into lines of 12 characters: none is settled."""
    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    return ("\n".join(text[i : i + 12] for i in range(0, len(text), 12)) + "\n").encode() * n


def test_a_chunk_without_a_settled_line(tmp_path):
    # part 1 cannot end in chunk 2, all of whose lines are short: this process goes on from
    # where part 1 starts, and the output and the counts are still those of one process
    text = (CORPORA / "news-commentary.zh-hans.txt").read_bytes() + (SEED / "ganzi-news.input.txt").read_bytes()
    path = tmp_path / "short.txt"
    short = _short_lines(1)
    with path.open("wb") as f:
        while f.tell() < CHUNK + CHUNK // 4:
            f.write(text)
        while f.tell() < 3 * CHUNK + CHUNK // 4:
            f.write(short)
        while f.tell() < 4 * CHUNK:
            f.write(text)
    options = Options.build()
    cut = plan(str(path), options, digest=False, jobs=2)  # as `-j 2` cuts it: 6 chunks of 2.8 MB
    assert len(cut.chunks) == 6
    data = path.read_bytes()
    assert _scout(options, str(path), data[slice(*cut.chunks[1])], "utf-8") is not None
    assert _scout(options, str(path), data[slice(*cut.chunks[2])], "utf-8") is None
    one = run_cli(path, "--report", timeout=300)
    two = run_cli(path, "--report", "-j", "2", timeout=300)
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr


def test_chunks_even_and_a_multiple_of_the_jobs(big_mixed):
    # no worker waits idle while another runs a last, odd chunk
    size = big_mixed.stat().st_size
    for jobs in (1, 2, 3):
        cut = plan(str(big_mixed), Options.build(), digest=False, jobs=jobs)
        sizes = [end - start for start, end in cut.chunks]
        assert cut.chunks[0][0] == 0 and cut.chunks[-1][1] == size
        assert all(a[1] == b[0] for a, b in zip(cut.chunks, cut.chunks[1:]))
        assert len(sizes) % jobs == 0 and len(sizes) >= -(-size // CHUNK)
        assert max(sizes) - min(sizes) < 64 * 1024  # each cut at the first line end after its share
    cut = plan(str(big_mixed), Options.build(), digest=False, jobs=64)  # more jobs than MIN_CHUNK allows
    assert len(cut.chunks) == size // MIN_CHUNK
    assert min(end - start for start, end in cut.chunks[:-1]) >= MIN_CHUNK


def test_settled_lines_are_body_text_far_from_damage():
    options = Options.build()
    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8")
    body = next(line for line in text.splitlines() if len(line) > 80)
    lines = [
        "甘孜州召开会议",  # a title
        "相关新闻",  # a list's heading
        body,  # body text: settled
        body.replace("。", "?", 1),  # damaged (a '?' is what a lost character became)
        body,  # not settled: within 32 lines of the damage
        *[body] * 31,  # the 32nd line after it is
    ]
    settled = Settled(options, "x.txt")
    seen = []
    for line in settled.damage(split_lines("\n".join(lines))):
        seen.append(settled(line))
    assert seen == [False, False, True, False, *[False] * 31, True]


def test_many_files_in_order(tmp_path):
    files = sorted(SAMPLES.glob("*.txt")) + [SEED / "ganzi-news.input.txt"]
    one = run_cli(*files)
    two = run_cli("-j", "2", *files)
    assert two.stdout == one.stdout
    assert one.stdout.count("甘孜日报 2017年04月05日".encode()) == len(files)


def test_json_lines_files_go_to_the_workers_too(tmp_path):
    seed = (SEED / "ganzi-news.input.txt").read_text(encoding="utf-8")
    names = []
    for k in range(4):
        path = tmp_path / f"{k}.jsonl"
        records = [json.dumps({"id": n, "text": seed}, ensure_ascii=False) for n in range(k + 1)]
        path.write_text("\n".join(records[:k] + ["{not json"] + records[k:]) + "\n", encoding="utf-8")
        names.append(path)
    one = run_cli("--on-error", "skip", *names)
    two = run_cli("--on-error", "skip", "-j", "2", *names)
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert two.stderr.decode().count("not valid JSON") == 4
    expected = (SEED / "ganzi-news.expected.txt").read_text(encoding="utf-8")
    assert json.loads(two.stdout.splitlines()[0])["text"] == expected.rstrip("\n")


def test_stats_of_a_big_file_with_jobs(big_mixed, tmp_path):
    stats = []
    for jobs in ("1", "2"):
        out = tmp_path / f"stats{jobs}.json"
        run_cli("--only", "clean", "--stats", out, "-o", tmp_path / "out.txt", "-j", jobs, big_mixed, timeout=300)
        stats.append(json.loads(out.read_text(encoding="utf-8")))
    one, two = (s["inputs"][0] for s in stats)
    assert one["lines_in"] == big_mixed.read_bytes().count(b"\n")
    assert (two["lines_in"], two["lines_out"], two["changes"]) == (one["lines_in"], one["lines_out"], one["changes"])


def test_errors_and_report_with_jobs(tmp_path):
    bad = tmp_path / "missing.txt"
    r = run_cli("-j", "2", "--report", SEED / "ganzi-news.input.txt", bad)
    assert r.returncode == 3
    assert r.stdout == (SEED / "ganzi-news.expected.txt").read_bytes()
    assert "missing.txt: no such file" in r.stderr.decode()
    assert "annotations stripped" in r.stderr.decode()


def test_in_place_with_jobs(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes((SEED / "ganzi-news.input.txt").read_bytes())
    r = run_cli("-i", "-j", "2", a)
    assert r.returncode == 0
    assert a.read_bytes() == (SEED / "ganzi-news.expected.txt").read_bytes()


def test_long_lines_in_chunks_equal_one_process(tmp_path):
    text = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    line = (text * (WHOLE_FILE // len(text.encode()) + 2)).encode()
    path = tmp_path / "long.txt"
    path.write_bytes((SEED / "ganzi-news.input.txt").read_bytes() + b"\n" + line + b"\n" + (CORPORA / "news-commentary.zh-hans.txt").read_bytes())
    one = run_cli(path, timeout=300)
    two = run_cli("-j", "2", path, timeout=300)
    assert two.stdout == one.stdout
    assert [len(l) > WHOLE_FILE for l in one.stdout.split(b"\n")].count(True) == 1  # the long line, whole


def test_explain_and_dropped_with_jobs(big_mixed, tmp_path):
    # workers number the lines of their part from where they start; the parent adds the lines before
    one = run_cli(big_mixed, "--only", "clean", "--explain", timeout=300)
    two = run_cli(big_mixed, "--only", "clean", "--explain", "-j", "2", timeout=300)
    assert two.stdout == one.stdout
    assert one.stderr.count(b"\n") > 100
    assert two.stderr == one.stderr
    dropped = []
    for jobs in ("1", "2"):
        out = tmp_path / f"dropped{jobs}.jsonl"
        run_cli(big_mixed, "--dropped", out, "-j", jobs, "-o", tmp_path / "out.txt", timeout=300)
        dropped.append(out.read_bytes())
    assert dropped[0].count(b"\n") > 100
    assert dropped[1] == dropped[0]


def test_progress_moves_with_each_chunk_done(big_mixed):
    # -j N: the progress bar advances by a chunk's size as each chunk comes back, in
    # order, not once at the end of the file
    from zhnorm import Pipeline
    from zhnorm.parallel import Parallel

    options = Options.build(only=["convert"])
    cut = plan(str(big_mixed), options, digest=False)
    assert len(cut.chunks) >= 3
    pipeline = Pipeline(options)
    done: list[tuple[int, int]] = []  # (bytes reported, pieces of output seen by then)
    seen = 0
    parallel = Parallel(2, options, record=False)
    try:
        for _ in parallel.chunked(str(big_mixed), cut, pipeline, lambda n: done.append((n, seen))):
            seen += 1
    finally:
        parallel.close()
    assert [n for n, _ in done] == [end - start for start, end in cut.chunks]
    assert [at for _, at in done] == sorted(at for _, at in done)
    assert done[1][1] < seen  # the second chunk was reported before the output ended


def test_a_line_tidy_may_join_with_the_next_is_not_settled(tmp_path):
    # without clean, a long indented line is settled, unless tidy may join the next to it
    # (a hard line break inside a sentence): part k would end at it and part k+1 take its rest
    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8")
    body = [x for x in text.splitlines() if len(x) > 80 and x.endswith("。") and "，" in x[:40]]
    pairs = []
    for x in body:
        at = x.index("，") + 4
        if all("\u4e00" <= c <= "\u9fff" for c in x[at - 3 : at + 1]):
            pairs.append(f"  {x[:at]}\n{x[at:]}\n\n")
    block = "".join(pairs).encode()
    path = tmp_path / "cut.txt"
    with path.open("wb") as f:
        while f.tell() < WHOLE_FILE + 2 * CHUNK:
            f.write(block)
    one = run_cli(path, "--skip", "clean", timeout=300)
    two = run_cli(path, "--skip", "clean", "-j", "2", timeout=300)
    assert one.returncode == two.returncode == 0
    assert two.stdout == one.stdout
    out = one.stdout.decode().split("\n\n")
    assert out[0] == pairs[0].strip().replace("\n", "") and all("\n" not in x.strip() for x in out)  # every pair joined
