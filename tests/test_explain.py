"""--explain: the changed span with a little context, not both whole lines."""

from __future__ import annotations

from .conftest import SHARED, run_cli

PAGE = SHARED / "realpages" / "boilerplate" / "015.txt"


def _explained(*args):
    r = run_cli("--explain", *args)
    assert r.returncode == 0
    return r.stderr.decode().splitlines()


def test_one_character_in_a_long_line_is_shown_with_its_context():
    # line 3 of the page is 221 characters; its one 著 -> 着 is shown with 12 characters
    # on each side, at its column, not as both whole lines
    lines = [l for l in _explained(PAGE) if ":3:" in l and "by reading or context" in l]
    assert lines == [
        f"{PAGE}:3:18: convert: characters chosen by reading or context: "
        "「这是真的吗?」本土型男黄军豪,顶[著 -> 着]一颗直径超过四十公分的「…"
    ]


def test_changes_in_one_line_are_marked_inline():
    lines = [l for l in _explained(PAGE) if ":3:" in l and ": tidy: " in l]
    assert lines == [
        f"{PAGE}:3:7: tidy: punctuation: 「这是真的吗[? -> ？]」本土型男黄军豪[, -> ，]顶着一颗直径超过四十公分…"
        "。高雄市长陈菊乍看也直呼[: -> ：]「我们很像呢[! -> ！]」因担心后座观众抗议[, -> ，]他已经很久没上电影院了。"
    ]


def test_no_line_of_the_explanation_holds_a_long_line_twice():
    page = PAGE.read_text(encoding="utf-8").splitlines()
    shown = _explained(PAGE)
    assert len(shown) > 20
    # a line as long as the page's longest is not repeated whole (before and after)
    assert all(l.count(page_line) <= 1 for l in shown for page_line in page if len(page_line) > 60)


def test_short_lines_and_dropped_lines_are_shown_whole():
    r = run_cli("--explain", input="頭髮\n您所在的位置：首頁 > 新聞\n".encode())
    assert r.stderr.decode().splitlines() == [
        "<stdin>:1: convert: t2s: '頭髮' -> '头发'",
        "<stdin>:2: convert: t2s: '您所在的位置：首頁 > 新聞' -> '您所在的位置：首页 > 新闻'",
        "<stdin>:2: clean: breadcrumb: '您所在的位置：首页 > 新闻' -> (dropped)",
    ]
