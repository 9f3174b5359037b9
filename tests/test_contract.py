"""The command's contract as a user meets it, where a sweep of it found a failure: each
test is one such case, through the real command."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading

import pytest

from .conftest import HANG

#: a line two documents carry (a site's slogan), and each document's own text
SLOGAN = "欢迎访问本站官方网站首页"
PAGES = [f"{SLOGAN}\n第{n}篇文章的正文内容。\n".encode() for n in (1, 2)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_template_lines_read_a_fifo_once(tmp_path):
    # the first pass reads every input, the second reads it again: a FIFO (or `<(cmd)`)
    # read twice waited for ever for a writer that had gone; it is spooled as stdin is
    fifo, page = tmp_path / "a.txt", tmp_path / "b.txt"
    os.mkfifo(fifo)
    page.write_bytes(PAGES[1])

    def write():
        with open(fifo, "wb") as f:
            f.write(PAGES[0])

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    r = subprocess.run([sys.executable, "-m", "zhnorm", "--template-lines", "2", fifo, page],
                       capture_output=True, timeout=HANG)
    writer.join(timeout=HANG)
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == "第1篇文章的正文内容。\n第2篇文章的正文内容。\n".encode()


@pytest.mark.parametrize(
    "names, code",
    [
        (["changed"], 1),
        (["changed", "invalid"], 4),  # invalid bytes outrank a file that would change
        (["changed", "invalid", "missing"], 3),  # an input skipped outranks both
    ],
)
def test_the_exit_code_of_several_problems_is_the_gravest(tmp_path, names, code):
    # README's exit codes: where a run meets several, 5 wins over 3, 3 over 4, 4 over 1
    files = {"changed": "我們的網站\n".encode(), "invalid": "我们的网站\n".encode() + b"\xff\xfe\n", "missing": None}
    paths = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        data = files[name]
        if data is not None:
            path.write_bytes(data)
        paths.append(str(path))
    r = subprocess.run([sys.executable, "-m", "zhnorm", "--check", *paths], capture_output=True, timeout=HANG)
    assert r.returncode == code
    said = r.stdout.decode() + r.stderr.decode()
    assert all(p in said for p in paths)  # each file named: listed as changed, or its one line


@pytest.mark.parametrize("data, offset", [(b"\xff\n", 0), (b"\xff", 0), (b"\x80\n", 0), ("中文".encode() + b"\xff\n", 6)])
def test_a_lone_invalid_byte_is_u_fffd_with_its_offset_not_utf_16(data, offset):
    # two bytes without a NUL were read as one UTF-16 code unit (FF 0A: ＊), and a lone
    # byte as cp1252 (ÿ): the README's undecodable input is U+FFFD, named, exit 4
    r = subprocess.run([sys.executable, "-m", "zhnorm"], input=data, capture_output=True, timeout=HANG)
    assert r.returncode == 4
    assert r.stdout == data.replace(b"\xff", "\ufffd".encode()).replace(b"\x80", "\ufffd".encode()).rstrip(b"\n") + b"\n"
    assert r.stderr.decode().endswith(f"written as U+FFFD (first at byte offset {offset})\n")


def test_utf_16_without_a_bom_or_a_nul_still_reads():
    # Chinese in UTF-16 without ASCII holds no NUL: two code units are evidence enough
    for enc in ("utf-16-le", "utf-16-be"):
        r = subprocess.run([sys.executable, "-m", "zhnorm"], input="中文".encode(enc), capture_output=True, timeout=HANG)
        assert (r.returncode, r.stdout, r.stderr) == (0, "中文\n".encode(), b"")


def _file_size_limit(n: int):
    """For subprocess: files the command writes may hold at most `n` bytes (a full disk,
    as EFBIG), without root or a small file system."""
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))

    return limit


#: a page whose boilerplate clean drops (lines for --dropped), Traditional (changes for
#: --explain and the reports)
PAGE = ("您所在的位置：首頁 > 新聞 > 正文\n\n" + "會議總結了過去一年的工作，研究部署了今年的重點任務。\n" * 40
        + "版權所有 © 2017 某某網 京ICP備12345678號\n").encode()


@pytest.mark.parametrize("option", ["--stats", "--html-report", "--dropped"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_report_file_that_cannot_be_written_is_one_line_exit_5_and_no_temporary(tmp_path, option, jobs):
    # a full disk under --stats FILE or --html-report FILE left the temporary beside the
    # target; under --dropped it was named "standard output"
    pages = []
    for n in range(3):
        pages.append(tmp_path / f"p{n}.txt")
        pages[-1].write_bytes(PAGE)
    target = tmp_path / "report.out"
    r = subprocess.run([sys.executable, "-m", "zhnorm", "-j", jobs, option, target, *pages], capture_output=True,
                       timeout=HANG, preexec_fn=_file_size_limit(200))
    assert (r.returncode, r.stderr) == (5, f"normalize: cannot write {target}: File too large\n".encode())
    assert r.stdout.count("会议总结了过去一年的工作".encode()) == 120  # the text itself went out
    assert not list(tmp_path.glob("*.tmp"))


def test_a_dropped_file_that_cannot_be_written_is_left_as_it_was_and_a_new_one_keeps_its_mode(tmp_path):
    # --dropped truncated its file at the first dropped line, so a full disk left half of it
    page = tmp_path / "p.txt"
    page.write_bytes(PAGE)
    dropped = tmp_path / "dropped.jsonl"
    before = b'{"file": "old.txt", "line": 1, "category": "footer", "text": "\xe7\x89\x88\xe6\x9d\x83"}\n'
    dropped.write_bytes(before)
    dropped.chmod(0o640)
    r = subprocess.run([sys.executable, "-m", "zhnorm", "--dropped", dropped, page, page, page], capture_output=True,
                       timeout=HANG, preexec_fn=_file_size_limit(200))
    assert (r.returncode, r.stderr) == (5, f"normalize: cannot write {dropped}: File too large\n".encode())
    assert dropped.read_bytes() == before and not list(tmp_path.glob("*.tmp"))
    r = subprocess.run([sys.executable, "-m", "zhnorm", "--dropped", dropped, page], capture_output=True, timeout=HANG)
    assert r.returncode == 0
    rows = [json.loads(x) for x in dropped.read_text(encoding="utf-8").splitlines()]
    assert [(x["line"], x["category"]) for x in rows] == [(1, "breadcrumb"), (43, "footer")]
    assert stat.S_IMODE(dropped.stat().st_mode) == 0o640


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--explain"], ["--explain", "-j", "2"], ["--report"]], ids=" ".join)
def test_a_full_standard_error_is_exit_5_not_a_traceback_or_an_unreadable_input(tmp_path, args):
    # --explain's lines to a full stderr were taken for the input's read error, and the
    # message about it failed again: a traceback no one could read, exit 1
    page = tmp_path / "p.txt"
    page.write_bytes(PAGE)
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "zhnorm", *args, page], stdout=subprocess.PIPE, stderr=full, timeout=HANG)
    assert r.returncode == 5
