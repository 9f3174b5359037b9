"""--html-report: one self-contained page, checked in a real headless browser (Debian's
chromium): what its script shows after it ran (--dump-dom) and a screenshot that is not
blank."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import struct
import subprocess
import tempfile
import zlib

import pytest

from .conftest import CORPORA, SHARED, run_cli

PAGES = SHARED / "realpages"
INPUTS = [PAGES / "mojibake" / "001.txt", PAGES / "boilerplate" / "015.txt", PAGES / "pinyin_traditional" / "001.txt"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browser(*args: str) -> bytes:
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args],
            capture_output=True, timeout=120, cwd=profile,
        )
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


class Rows(html.parser.HTMLParser):
    """The rows of the changes table as the script built them, and the #shown text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.cell: list[str] | None = None
        self.mark: str | None = None
        self.in_changes = False
        self.shown = ""
        self.in_shown = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.in_changes = a.get("id") == "changes"
        if self.in_changes and tag == "tr" and "data-stage" in a:
            self.rows.append({"stage": a["data-stage"], "file": a["data-file"], "cells": [], "del": [], "ins": []})
        if self.in_changes and self.rows and tag == "td":
            self.rows[-1]["cells"].append("")
        if tag in ("del", "ins") and self.rows:
            self.mark = tag
        self.in_shown = a.get("id") == "shown"

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_changes = False
        if tag in ("del", "ins"):
            self.mark = None
        self.in_shown = False

    def handle_data(self, data):
        if self.in_shown:
            self.shown += data
        if self.in_changes and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1] += data
            if self.mark:
                self.rows[-1][self.mark].append(data)


def _view(page, fragment: str = "") -> Rows:
    parser = Rows()
    parser.feed(_browser("--dump-dom", page.as_uri() + (f"#{fragment}" if fragment else "")).decode("utf-8"))
    return parser


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    page, stats = tmp / "report.html", tmp / "stats.json"
    r = run_cli("--html-report", page, "--stats", stats, "-o", tmp / "out.txt", *INPUTS)
    assert r.returncode == 0, r.stderr
    explained = run_cli("--explain", "-o", tmp / "out2.txt", *INPUTS).stderr.decode().splitlines()
    return page, json.loads(stats.read_text(encoding="utf-8")), explained


def test_the_page_lists_every_change_side_by_side(report):
    page, stats, explained = report
    view = _view(page)
    # one row per change --explain prints, in the same order (first page of 200)
    n = len(explained)
    assert n > 50
    assert view.shown == f"1–{min(n, 200)} of {n} (page 1 of {-(-n // 200)})"
    line_of = lambda where: re.match(r"(.*?:\d+)", where).group(1)  # file:line, without a column
    assert [line_of(r["cells"][0]) for r in view.rows] == [line_of(line) for line in explained[:200]]
    # the one 著 -> 着 of boilerplate/015's line 3, marked on both sides
    row = next(r for r in view.rows if r["cells"][0] == f"{INPUTS[1]}:3:18")
    assert (row["stage"], row["del"], row["ins"]) == ("convert", ["著"], ["着"])
    assert row["cells"][2] == "「这是真的吗?」本土型男黄军豪,顶著一颗直径超过四十公分的「…"
    assert row["cells"][3] == "「这是真的吗?」本土型男黄军豪,顶着一颗直径超过四十公分的「…"


def test_filters_by_stage_file_and_kind(report):
    page, stats, explained = report
    view = _view(page, "stage=clean")
    clean = [line for line in explained if ": clean: " in line]
    assert len(view.rows) == len(clean) == sum(stats["totals"]["changes"]["clean"].values())
    assert {r["stage"] for r in view.rows} == {"clean"}
    assert all(r["cells"][3].startswith("(dropped: ") for r in view.rows)
    view = _view(page, "file=1&kind=dropped")
    assert {r["file"] for r in view.rows} == {str(INPUTS[1])}
    assert len(view.rows) == stats["inputs"][1]["dropped_total"]
    view = _view(page, "stage=tidy&file=2&page=2")
    tidy = [line for line in explained if line.startswith(f"{INPUTS[2]}:") and ": tidy: " in line]
    assert view.shown.endswith(f"of {len(tidy)} (page {min(2, -(-len(tidy) // 200))} of {-(-len(tidy) // 200)})")


def test_a_thousand_changes_are_paged(tmp_path):
    page = tmp_path / "report.html"
    corpus = CORPORA / "news-commentary.zh-hans.txt"
    assert run_cli("--to", "hant", "--html-report", page, "-o", tmp_path / "out.txt", corpus).returncode == 0
    n = len(run_cli("--to", "hant", "--explain", "-o", tmp_path / "out.txt", corpus).stderr.splitlines())
    assert n > 1000
    last = -(-n // 200)
    view = _view(page, f"page={last}")
    assert view.shown == f"{(last - 1) * 200 + 1}–{n} of {n} (page {last} of {last})"
    assert len(view.rows) == n - (last - 1) * 200


def test_text_that_looks_like_markup_stays_text(tmp_path):
    page = tmp_path / "report.html"
    line = "頭髮</script><script>document.title='x'</script><!--<b>乾燥</b>\n"
    assert run_cli("--html-report", page, input=line.encode()).returncode == 0
    view = _view(page)
    # the markup is shown as text (12 characters of context around each change)
    assert [r["cells"][2] for r in view.rows] == ["頭髮</script><sc…ript><!--<b>乾燥</b>"]
    assert [r["cells"][3] for r in view.rows] == ["头发</script><sc…ript><!--<b>干燥</b>"]
    assert (view.rows[0]["del"], view.rows[0]["ins"]) == (["頭髮", "乾"], ["头发", "干"])


def test_self_contained(report):
    text = report[0].read_text(encoding="utf-8")
    head = text[: text.index('<script type="application/json"')]
    assert "<link" not in head and " src=" not in text and "@import" not in text and "url(" not in head
    assert "default-src 'none'" in head  # the page may fetch nothing, even by mistake


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) pixels) of an 8-bit RGB or RGBA PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i : i + 3]) for r in rows for i in range(0, stride, bpp)]


def test_a_screenshot_is_not_blank(report, tmp_path):
    shot = tmp_path / "shot.png"
    _browser("--hide-scrollbars", "--window-size=800,600", f"--screenshot={shot}", report[0].as_uri())
    width, height, pixels = _pixels(shot.read_bytes())
    assert (width, height) == (800, 600)
    white = sum(1 for p in pixels if p == b"\xff\xff\xff")
    assert 0.02 < 1 - white / len(pixels) < 0.9  # text and tables, not an empty or a black page
    assert len(set(pixels)) > 20  # more than one colour: text, the marks, the bars


def test_the_report_keeps_at_most_its_cap_and_says_how_many_it_left_out():
    from zhnorm import explain
    from zhnorm.htmlreport import Collector, page

    text = (PAGES / "boilerplate" / "015.txt").read_text(encoding="utf-8")
    events = explain(text).events
    assert len(events) > 10
    collector = Collector(cap=10)
    for event in events:
        collector(event)
    assert (len(collector.rows), collector.left_out) == (10, len(events) - 10)
    stats = {"inputs": [], "totals": {}}
    data = page(stats, collector)
    blob = data[data.index('id="data">') + len('id="data">') : data.index("</script>", data.index('id="data">'))]
    assert "<" not in blob
    embedded = json.loads(blob)
    assert (len(embedded["rows"]), embedded["left_out"], embedded["cap"]) == (10, len(events) - 10, 10)
