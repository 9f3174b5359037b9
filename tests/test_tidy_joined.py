"""tidy: a paragraph the page's source broke inside a sentence (a line end in an old
page's HTML) is joined to its rest again; every other line break stays."""

from __future__ import annotations

from zhnorm import normalize

from .conftest import CORPORA, SHARED, run_cli

PAGE = SHARED / "realpages" / "boilerplate" / "012"
#: a real paragraph of the corpora, cut inside a sentence (a character, not a mark, before the cut)
PARAGRAPH = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[2]
CUT = next(k for k in range(len(PARAGRAPH) - 12, 40, -1) if "\u4e00" <= PARAGRAPH[k - 1] <= "\u9fff" and "\u4e00" <= PARAGRAPH[k] <= "\u9fff")
HEAD, REST = PARAGRAPH[:CUT], PARAGRAPH[CUT:]


def tidied(text: str, **options) -> str:
    return normalize(text, only=["tidy"], **options)


def test_the_real_page_gets_its_paragraph_whole():
    gold = [x for x in (PAGE.parent / "012.expected.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    raw = (PAGE.parent / "012.txt").read_text(encoding="utf-8").splitlines()
    out = run_cli(PAGE.parent / "012.txt").stdout.decode("utf-8")
    # the gold's long paragraph is two lines of the page, and one line of the output
    assert not any(x.strip() and x.strip() in gold for x in raw if len(x) > 200)
    fold = str.maketrans({"，": ",", "：": ":", "？": "?", "（": "(", "）": ")"})
    assert max(gold, key=len) in [x.translate(fold) for x in out.splitlines()]
    again = run_cli(input=out.encode("utf-8")).stdout.decode("utf-8")
    assert again == out


def test_an_indented_paragraph_and_its_rest_are_one_line():
    assert HEAD[-1] != "。" and REST[-1] == "。"
    assert tidied(f"  {HEAD}\n{REST}\n\n  {PARAGRAPH}\n") == f"{PARAGRAPH}\n\n{PARAGRAPH}\n"


def test_other_line_breaks_stay():
    for text in (
        f"  {HEAD}\n  {REST}\n",  # the rest indented: a paragraph of its own
        f"{HEAD}\n{REST}\n",  # the page indents nothing: nothing says the break is not the text's
        f"  {HEAD}\n\n{REST}\n",  # a blank line between
        f"  {HEAD}\n{REST[:-1]}\n",  # the rest ends no sentence
        f"  {HEAD}\n1. {REST}\n",  # the rest is an item of a list
        f"  {HEAD[:30]}\n{REST}\n",  # a short line: a heading, a caption
    ):
        lines = [x.strip() for x in text.splitlines()]
        assert tidied(text).splitlines() == lines


def test_data_and_markdown_keep_their_lines():
    text = f"  {HEAD}\n{REST}\n"
    assert tidied(text, format="markdown").splitlines() == text.splitlines()
