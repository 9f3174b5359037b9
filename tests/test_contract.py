"""The command's contract as a user meets it, where a sweep of it found a failure: each
test is one such case, through the real command."""

from __future__ import annotations

import os
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
