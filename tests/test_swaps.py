"""swaps: Big5 read as GBK and GBK read as Big5, the short pieces and the lossy ones."""

from __future__ import annotations

import pytest

from zhnorm import normalize_bytes
from zhnorm.repair import repair_text


def big5_as_gbk(text: str, reader: str = "gb18030") -> str:
    return text.encode("big5").decode(reader, errors="replace")


def gbk_as_big5(text: str) -> str:
    return text.encode("gbk").decode("big5hkscs")


@pytest.mark.parametrize(
    "host, span",
    [
        ("在国事活动中，外表应当是遮人耳", "目的。"),
        ("便宜又大本，纸质", "也不错。"),
        ("这家店的质量真不错，就是掉漆严", "重。"),
    ],
)
def test_a_short_garble_ending_in_a_small_form_mark(host, span):
    # GBK's 。 read as Big5 is ﹝, its 、 ﹜: marks no clean text ends a sentence with
    garbled = host + gbk_as_big5(span)
    assert "﹝" in garbled
    assert repair_text(garbled)[0] == host + span


@pytest.mark.parametrize(
    "text, at",
    [
        ("效果的話真的要用過了一段時間才知道", "道"),
        ("喜歡這位作家的作品", "品"),
        ("這個手機殼比較實用", "用"),  # ノ: a kana alone amid Chinese
        ("這本書的紙有點薄", "點薄"),
        ("這家店的服務很好，價格有點貴", "點貴"),
    ],
)
def test_one_character_garbled_alone_beside_clean_han(text, at):
    garbled = text.replace(at, big5_as_gbk(at))
    assert garbled != text
    assert repair_text(garbled) == (text, ["big5 as gbk"])


def test_a_rare_character_in_clean_text_is_not_a_lone_garble():
    for text in ("到达郔地之后再说。", "甪直古镇位于苏州东南。", "三头牛为犇，形容牛群奔跑。"):
        assert repair_text(text)[0] == text


def test_the_edges_of_a_span_are_settled_by_the_counts():
    # the garble starts one character into 那果真: 那 itself is clean
    text = "但是，那果真是一場開於2001年9月11日的戰爭嗎？"
    garbled = text[:4] + big5_as_gbk(text[4:])
    assert garbled.startswith("但是，那")
    assert repair_text(garbled)[0] == text


HOST = "最後安倍政府必須削減企"
SPAN = "業稅率，使其與國際標準接軌。"


@pytest.mark.parametrize("reader", ["gbk", "cp936"])
def test_big5_read_as_gbk_with_lost_lead_bytes(reader):
    # ， (A1 41) and 。 (A1 43): GBK has no pair for them, the lead byte becomes U+FFFD
    # and the trail byte stays, as ASCII
    garbled = HOST + big5_as_gbk(SPAN, reader)
    assert "\ufffdA" in garbled and garbled.endswith("\ufffdC")
    assert repair_text(garbled) == (HOST + SPAN, ["big5 as gbk"])


def test_lost_lead_bytes_through_the_command():
    data = f"{HOST}{SPAN}\n{HOST}{big5_as_gbk(SPAN, 'gbk')}\n".encode("utf-8")
    out = normalize_bytes(data, to="keep", skip=["clean"])
    assert out == f"{HOST}{SPAN}\n{HOST}{SPAN}\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


@pytest.mark.parametrize(
    "para, garble",
    [
        ("今天\n我們去了一家很好吃的餐廳，菜的味道不錯，下次還會再來。", big5_as_gbk),
        ("那家\n店的菜很好吃，价格也不贵，下次还会再来。", gbk_as_big5),
    ],
)
def test_a_garble_wrapped_over_a_line_break_is_judged_with_its_neighbour(para, garble):
    first, second = para.split("\n")
    garbled = garble(first) + "\n" + garble(second)
    short = min(first, second, key=len)
    alone = normalize_bytes(f"{garble(short)}\n".encode("utf-8"), to="keep", skip=["clean"])
    assert alone != f"{short}\n"  # the short line alone is not evidence enough
    out = normalize_bytes(f"{garbled}\n".encode("utf-8"), to="keep", skip=["clean"])
    assert out == f"{first}\n{second}\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


def test_a_clean_line_beside_a_repaired_one_is_left_alone():
    clean = "這家店的菜很好吃，下次還會再來。"
    garbled = big5_as_gbk("我們去了一家很好吃的餐廳，菜的味道不錯。")
    for text in (f"{clean}\n{garbled}\n", f"{garbled}\n{clean}\n"):
        out = normalize_bytes(text.encode("utf-8"), to="keep", skip=["clean"])
        assert clean in out.split("\n")


@pytest.mark.parametrize(
    "text, reader",
    [
        # 人 (C8CB) and 。 (A1A3 after a lone byte) have no Big5 pair: each lead byte is
        # lost, and Big5 reads the bytes after 人 one byte late, a character of garbage a
        # pair; the lost characters are the pairs that fit which read best beside them
        ("这里的人都很喜欢吃面条，价格也很便宜。", "big5hkscs"),
        ("这里的人都很喜欢吃面条，价格也很便宜。", "big5"),
        ("我们的人民都是很勤劳的，日子越过越好。", "big5hkscs"),
        # 日 (C8D5): Python's big5 has no pair for it, big5hkscs has; the variant that
        # explains the lost byte is the one chosen
        ("这是不幸的，因为政府无法单枪匹马治好日本病。", "big5"),
    ],
)
def test_a_run_read_out_of_step_after_a_lost_byte_is_put_back_in_step(text, reader):
    garbled = text.encode("gbk").decode(reader, errors="replace")
    assert "\ufffd" in garbled
    assert repair_text(garbled) == (text, ["gbk as big5"])
    assert repair_text(text)[0] == text


@pytest.mark.parametrize("text", ["今天的天氣很好，我們很開心。", "我們的生活很簡單，每天都很快樂。"])
def test_big5_read_as_gbk_a_lost_lead_byte_is_guessed(text):
    # 的 (AA BA) and 很 (AB DC): GBK has no pair for them; the lead byte is lost and
    # the trail byte read with the next one, out of step; the lost character is the Big5
    # pair with that trail byte GBK has no character for that reads best in its place
    garbled = text.encode("big5").decode("gbk", errors="replace")
    assert "\ufffd" in garbled
    assert repair_text(garbled) == (text, ["big5 as gbk"])
    assert repair_text(text)[0] == text


def test_big5_read_as_gbk_out_of_step_after_a_lost_byte():
    # 份 (A5F7): GBK has no pair for it, and reads 價錢 one byte late; 貨 (B3 66) pairs
    # its trail byte with the ASCII f after it
    garbled = "都說一份價錢一份貨用下來覺得一般。".encode("big5").decode("gbk", errors="replace")
    assert "\ufffd鞒f" in garbled
    # the swaps alone leave 份價 lost (a run of one character after the lost byte is no
    # evidence); the line read again byte by byte (`lossy`) puts both 份 back
    assert repair_text(garbled) == ("都說一份價錢一份貨用下來覺得一般。", ["big5 as gbk"])


@pytest.mark.parametrize("text", ["\ufffd这里的人都很喜欢吃面条。", "資料\ufffd遺失了，後面的文字是對的。", "\ufffd\ufffd國際標準"])
def test_clean_text_after_a_lost_byte_is_not_read_out_of_step(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    ["歐9月22日元區也必須解決其內部的問題，要麼通過改革實現。", "集合2018年的短篇，很不錯的一本書NBA集"],
)
def test_pieces_that_digits_or_latin_words_part_from_a_line_garbled_whole(text):
    # 稼 (歐) and 栋 (集) alone between ASCII and the line's edge: the line is evidence
    garbled = big5_as_gbk(text)
    assert repair_text(garbled) == (text, ["big5 as gbk"])
