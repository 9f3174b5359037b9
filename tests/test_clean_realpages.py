"""clean on real pages of the mojibake and boilerplate kinds, through the command line.

The pages and their gold output are read from ../shared/realpages (never copied here).
A page is exact when the lines `normalize` keeps, the page's either-way lines aside, are
its gold paragraphs, in order (whitespace and the width of ，：；（）！？ folded, as the
pages' scorer does).
"""

from __future__ import annotations

import json
import re

import pytest

from zhnorm import normalize

from .conftest import CORPORA, SHARED, run_cli

PAGES = SHARED / "realpages"
WS = re.compile(r"\s+")
WIDTH = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
#: the pages whose output is their gold; mojibake/006 repairs a garble in part that the
#: gold leaves as it is, boilerplate/012 keeps a paragraph the page broke inside a word
#: as two lines
EXACT = [
    "mojibake/001", "mojibake/003", "mojibake/004", "mojibake/007", "mojibake/009", "mojibake/010",
    "boilerplate/001", "boilerplate/003", "boilerplate/004", "boilerplate/006", "boilerplate/007",
    "boilerplate/009", "boilerplate/010", "boilerplate/013", "boilerplate/015",
    "boilerplate/016", "boilerplate/018", "boilerplate/019",
]


def fold(text: str) -> str:
    return WS.sub("", text.translate(WIDTH))


def kept(page: str, out: str) -> list[str]:
    either = PAGES / f"{page}.either.txt"
    skip = {fold(x) for x in either.read_text(encoding="utf-8").splitlines() if x.strip()} if either.exists() else set()
    return [fold(x) for x in out.splitlines() if x.strip() and fold(x) not in skip]


def gold(page: str) -> list[str]:
    return [fold(x) for x in (PAGES / f"{page}.expected.txt").read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.mark.parametrize("page", EXACT)
def test_every_gold_paragraph_and_no_other_line(page):
    got = run_cli(PAGES / f"{page}.txt")
    assert got.returncode == 0
    assert kept(page, got.stdout.decode("utf-8")) == gold(page)


def dropped_records(tmp_path, page: str) -> list[dict]:
    out = tmp_path / "dropped.jsonl"
    run_cli("--dropped", out, PAGES / f"{page}.txt")
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def test_a_row_of_headlines_under_a_list_heading_goes_with_the_list(tmp_path):
    # the page's last line: the headlines of 新闻推荐 laid out on one line
    page = "boilerplate/016"
    last = (PAGES / f"{page}.txt").read_text(encoding="utf-8").splitlines()[-1]
    records = dropped_records(tmp_path, page)
    assert (records[-1]["text"], records[-1]["category"]) == (last, "related")


BODY = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[2]


def test_a_row_of_headlines_goes_only_under_a_list_heading():
    row = "多地发布暴雨预警 专家：今年雨水为何这么多？ 高铁部分车次停运 一图看懂新规"
    assert normalize(f"{BODY}\n相关新闻\n{row}\n", only=["clean"]) == f"{BODY}\n"
    # with no heading above it, it is decided by its neighbours: between body lines, it stays
    assert normalize(f"{BODY}\n{row}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{row}\n{BODY}\n"
    # a row with an item that holds no Han is no row of headlines (a Latin word, a number)
    words = "多地发布暴雨预警 专家：今年雨水为何这么多？ Reuters 高铁部分车次停运"
    assert normalize(f"{BODY}\n相关新闻\n{words}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{words}\n{BODY}\n"


def test_a_short_title_given_twice_at_the_top_goes_the_second_time(tmp_path):
    page = "mojibake/010"
    records = dropped_records(tmp_path, page)
    assert {"line": 3, "category": "repeat"}.items() <= records[0].items()
    out = run_cli(PAGES / f"{page}.txt").stdout.decode("utf-8").splitlines()
    assert out[0] == "锟斤拷" and out[1] == ""


def test_a_short_title_said_again_later_or_not_second_stays():
    for text, want in (
        (f"北京\n北京\n{BODY}\n", f"北京\n{BODY}\n"),  # the second line with text says the first again: it goes
        (f"北京\n简介\n北京\n{BODY}\n", None),  # the third: it stays
        (f"{BODY}\n北京\n北京\n{BODY}\n", None),  # in the body: it stays
        (f"北京\n\n北京\n\n北京\n{BODY}\n", None),  # said a third time: a refrain, not a title; all stay
    ):
        assert normalize(text, only=["clean"]) == (want or text)


def test_slogans_framed_by_ornaments_go(tmp_path):
    page = "boilerplate/010"
    line = next(x for x in (PAGES / f"{page}.txt").read_text(encoding="utf-8").splitlines() if x.startswith("※"))
    assert {"text": line, "category": "slogan"}.items() <= next(r for r in dropped_records(tmp_path, page) if r["text"] == line).items()
    for slogan in ("★ 专注城市发展研究 ★ ★ 服务政府科学决策 ★", "◆权威发布◆◆深度解读◆"):
        assert normalize(f"{BODY}\n{slogan}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{BODY}\n"
    # one framed phrase is a heading; ornaments alone are a separator; a sentence stays
    for kept_line in ("★ 一、总体要求 ★", "◆ ◆ ◆", "★重要★ 会议要求各单位抓好落实。"):
        assert normalize(f"{BODY}\n{kept_line}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{kept_line}\n{BODY}\n"


def test_a_sibling_sites_name_and_address_alone_goes(tmp_path):
    page = "boilerplate/012"
    line = next(x for x in (PAGES / f"{page}.txt").read_text(encoding="utf-8").splitlines() if x.endswith(".com)"))
    assert any(r["text"] == line and r["category"] == "nav" for r in dropped_records(tmp_path, page))
    assert normalize(f"{BODY}\n搜索（example.com）\n{BODY}\n", only=["clean"]) == f"{BODY}\n{BODY}\n"
    prose = "百度(baidu.com)是常用的搜索引擎。"
    assert normalize(f"{BODY}\n{prose}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{prose}\n{BODY}\n"


def test_a_short_line_cut_off_after_a_comma_goes_beside_boilerplate(tmp_path):
    # the page's last line: an injected advertisement's first clauses, after the attribution
    page = "boilerplate/015"
    lines = (PAGES / f"{page}.txt").read_text(encoding="utf-8").splitlines()
    assert {"line": len(lines), "category": "context"}.items() <= dropped_records(tmp_path, page)[-1].items()
    fragment = "本店提供各地名优特产，长期订购者另有优惠，"
    assert normalize(f"{BODY}\n来源：新华社\n{fragment}\n", only=["clean"]) == f"{BODY}\n"
    # between body lines it is the article's (a paragraph broken by the page)
    assert normalize(f"{BODY}\n{fragment}\n{BODY}\n", only=["clean"]) == f"{BODY}\n{fragment}\n{BODY}\n"
