"""repair: two Han characters of UTF-8 read as GBK whose middle pair the reader lost
(a pair of GBK's user-defined area, which a page drops), standing alone beside clean text."""

from __future__ import annotations

import re

from zhnorm import normalize
from zhnorm.repair import fix_lost_pair, lost_pair_run

from .conftest import CORPORA, SHARED, run_cli

PAGE = SHARED / "realpages" / "mojibake" / "009"


def lost_middle(word: str) -> str:
    """`word`'s UTF-8 read as GBK, with the pair of its first character's last byte and
    the second's lead lost (what a page shows when that pair is in GBK's user-defined area)."""
    b = word.encode("utf-8")
    assert 0xAA <= b[2] <= 0xAF
    return (b[:2] + b[4:]).decode("gbk")


def test_the_real_page_gets_the_file_name_back():
    gold = (PAGE.parent / "009.expected.txt").read_text(encoding="utf-8").splitlines()
    out = run_cli(PAGE.parent / "009.txt").stdout.decode("utf-8").splitlines()
    garbled = next(x for x in PAGE.with_suffix(".txt").read_text(encoding="utf-8").splitlines() if x.startswith("garbled"))
    want = next(x for x in gold if x.startswith("garbled"))
    assert garbled != want and want in out


def test_two_characters_alone_are_read_with_the_likeliest_pair_put_back():
    for word in ("中文", "中国", "个月"):
        garbled = lost_middle(word)
        assert normalize(f"文件名：{garbled}.txt\n", to="keep") == f"文件名：{word}.txt\n"


def test_beside_other_han_or_without_an_odd_character_nothing_changes():
    garbled = lost_middle("中文")
    # Han beside it: the run is longer than the two, and `fix_utf8_runs` judges it
    assert fix_lost_pair(f"我的{garbled}.txt") == (f"我的{garbled}.txt", 0)
    # two characters Chinese text has, in the same byte shapes: clean text
    for line in (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines():
        if lost_pair_run().search(line):
            assert fix_lost_pair(line) == (line, 0)


def test_clean_lines_with_the_byte_shapes_stay():
    seen = 0
    for name in ("clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        for line in (CORPORA / name).read_text(encoding="utf-8").splitlines():
            if lost_pair_run().search(line):
                seen += 1
                assert fix_lost_pair(line) == (line, 0)
    assert seen >= 10
    assert re.search(lost_pair_run(), "涓枃")
