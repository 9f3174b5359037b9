"""Garbage that repair leaves as it is (bytes read in the wrong encoding, some lost) is no
language: convert leaves it exactly as it is, as it leaves Japanese and Korean."""

from __future__ import annotations

from zhnorm import normalize
from zhnorm.lang import foreign, garbled, segments

from .conftest import SHARED, run_cli

PAGE = SHARED / "realpages" / "mojibake" / "006.txt"


def garbles() -> list[str]:
    """The page's quoted decodings of one garble: GB2312, GBK, GB18030, Big5."""
    return [x for x in PAGE.read_text(encoding="utf-8").splitlines() if x.count("\ufffd") >= 2]


def test_the_real_pages_garbles_stay_as_they_are():
    lines = garbles()
    assert len(lines) == 4
    out = run_cli(PAGE).stdout.decode("utf-8").splitlines()
    for line in lines:
        assert line in out  # not t2s-converted (鈥 is what GBK reads; 钬 would be another garble)
    report = run_cli("--report", PAGE).stderr.decode("utf-8")
    assert "garbled text left alone" in report


def test_a_garble_is_no_foreign_text_for_repair_and_unrender():
    line = garbles()[1]
    assert garbled(line) and not foreign(line)
    assert [lang for _, lang in segments(line)] == ["garbled"]


def test_a_chinese_sentence_with_a_character_lost_is_still_converted():
    text = "這是一個關於經濟發展\ufffd\ufffd的報告，內容涉及許多問題。\n"
    assert normalize(text) == "这是一个关于经济发展\ufffd\ufffd的报告，内容涉及许多问题。\n"
    text = "這是一個關於經濟發展\ufffd的報告，內容涉及許多\ufffd問題。\n"
    assert normalize(text) == "这是一个关于经济发展\ufffd的报告，内容涉及许多\ufffd问题。\n"
    # the garbled sentence alone stays; the sentence beside it is converted
    line = garbles()[3]
    assert normalize(f"經濟發展。{line}\n") == f"经济发展。{line}\n"


def test_a_garble_without_lost_bytes_is_left_to_convert():
    # 錕斤拷 converted to Traditional with its page is made 锟斤拷 again (no U+FFFD in it)
    assert normalize("聯繫人：錕斤拷錕斤拷\n") == "联系人：锟斤拷锟斤拷\n"
