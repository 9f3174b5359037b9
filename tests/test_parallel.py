"""--jobs: the same bytes as one process, in the same order."""

from __future__ import annotations

import pytest

from zhnorm.parallel import CHUNK, WHOLE_FILE

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
    one = run_cli(big_mixed, "--jobs", "1", timeout=300)
    two = run_cli(big_mixed, "--jobs", "2", timeout=300)
    assert one.returncode == two.returncode == 0
    assert len(one.stdout) > WHOLE_FILE // 2
    assert two.stdout == one.stdout


def test_only_convert_in_chunks_equals_one_process(big_mixed):
    one = run_cli(big_mixed, "--only", "convert", timeout=300)
    two = run_cli(big_mixed, "--only", "convert", "-j", "2", timeout=300)
    assert two.stdout == one.stdout


def test_many_files_in_order(tmp_path):
    files = sorted(SAMPLES.glob("*.txt")) + [SEED / "ganzi-news.input.txt"]
    one = run_cli(*files)
    two = run_cli("-j", "2", *files)
    assert two.stdout == one.stdout
    assert one.stdout.count("甘孜日报 2017年04月05日".encode()) == len(files)


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


def test_explain_line_numbers_with_jobs(big_mixed):
    # workers number the lines of their chunk from 1; the parent adds the chunks before
    one = run_cli(big_mixed, "--only", "clean", "--explain", timeout=300)
    two = run_cli(big_mixed, "--only", "clean", "--explain", "-j", "2", timeout=300)
    assert two.stdout == one.stdout
    assert one.stderr.count(b"\n") > 100
    assert two.stderr == one.stderr


def test_progress_moves_with_each_chunk_done(big_mixed):
    # -j N: the progress bar advances by a chunk's size as each chunk comes back, in
    # order, not once at the end of the file
    from zhnorm import Options, Pipeline
    from zhnorm.parallel import Parallel, plan

    options = Options.build(only=["convert"])
    cut = plan(str(big_mixed), options, digest=False)
    assert len(cut.chunks) >= 3
    pipeline = Pipeline(options)
    done: list[tuple[int, int]] = []  # (bytes reported, pieces of output seen by then)
    seen = 0
    parallel = Parallel(2, options, record=False)
    try:
        for _ in parallel.chunked(str(big_mixed), cut, pipeline, pipeline.totals["decode"], lambda n: done.append((n, seen))):
            seen += 1
    finally:
        parallel.close()
    assert [n for n, _ in done] == [end - start for start, end in cut.chunks]
    assert [at for _, at in done] == sorted(at for _, at in done)
    assert done[1][1] < seen  # the second chunk was reported before the output ended
