"""repair: Big5 read as GBK with bytes lost (a pair GBK has no character for is U+FFFD
and its second byte read with the next), read again byte by byte (`zhnorm.lossy`)."""

from __future__ import annotations

import codecs

import pytest

from zhnorm import lossy, normalize


def big5_as_gbk(text: str, write: str = "big5") -> str:
    """`text` written as Big5 and read as Python's GBK reads it: each byte it cannot pair
    is U+FFFD, and the bytes after it are paired out of step."""
    garbled = text.encode(write).decode("gbk", errors="replace")
    assert "\ufffd" in garbled  # a byte is lost: no swap of characters gives it back
    return garbled


def repaired(text: str) -> str:
    return normalize(text + "\n", to="keep").rstrip("\n")


def lost_and_repaired(line: str, codec: str = "gbk") -> str:
    """``line`` as UTF-8 read by ``codec`` (a byte or more lost for good), repaired."""
    garbled = line.encode("utf-8").decode(codec, errors="replace")
    assert "\ufffd" in garbled
    return repaired(garbled)


LINES = [
    "他說這本書的內容很有意思。",
    "老師說明天的考試很重要，大家要好好準備。",
    "這家餐廳的菜很好吃，價格也不貴。",
    "今天下午三點的會議改到明天早上，請大家準時參加。",
    "我們的產品在台灣和香港都賣得很好，謝謝大家的支持。",
]


@pytest.mark.parametrize("line", LINES)
def test_a_line_garbled_whole_is_read_again_in_step(line):
    garbled = big5_as_gbk(line)
    assert repaired(garbled) == line


@pytest.mark.parametrize("line", LINES[:3])
def test_a_garble_inside_clean_text_is_read_again_and_the_text_beside_it_kept(line):
    before, after = "上週的新聞說，", "大家都看到了。"
    assert repaired(before + big5_as_gbk(line) + after) == before + line + after


def test_the_variants_and_the_ascii_inside_a_garble():
    line = "快遞很快，3月5日就收到了，包裝也很好，iPhone的殼子不錯。"
    for write in ("big5", "cp950", "big5hkscs"):
        assert repaired(big5_as_gbk(line, write)) == line


def test_a_lost_byte_is_a_lead_with_its_trail_or_a_trail_the_reader_refused():
    # 。 is A1 43: GBK has no A143, so the lead is lost and the trail read as "C"
    assert lossy.MISREADINGS[0].candidates(None, 0x43, None, "big5")[:1] == ("。",)
    # a trail byte read as a lead is never ASCII, and makes no GBK pair with the byte after
    for c in lossy.MISREADINGS[0].candidates(0xA7, None, 0xA1, "big5"):
        trail = c.encode("big5")[1]
        assert trail >= 0xA1 and lossy.MISREADINGS[0].rejects(trail, 0xA1)


def test_a_second_pass_leaves_the_reading_as_it_is():
    for line in LINES:
        once = repaired(big5_as_gbk(line))
        assert repaired(once) == once


@pytest.mark.parametrize(
    "text",
    [
        # lost bytes alone are no evidence: clean text with a U+FFFD stays as it is
        "需要采取两个步骤来在受到9/11后果影响的��主国家恢复对自由的信心。",
        "價格是�元，數量不多。",
        "これは�テストです。",
        "Grüße aus M�nchen",
        "他說這本書的內容很有意思。",
    ],
)
def test_clean_text_with_a_lost_byte_is_left_alone(text):
    assert repaired(text) == text


@pytest.mark.parametrize(
    "line",
    [
        "这一过程必须首先理解客户想要什么并决心据此提供解决方案。",  # 提 is E6 8F 90
        "但不幸的是，此次提升的幅度过大，反而对这两项政策造成了阻碍。",  # 反 is E5 8F 8D
        "千年发展目标国际协议规定到2015年将极端贫困减少到原来的半数。",  # 协 is E5 8D 8F
    ],
)
def test_utf8_read_as_cp1252_with_two_bytes_of_a_character_lost(line):
    # Python's cp1252 has no character for 81 8D 8F 90 9D: each is U+FFFD, and a
    # character with two of them is chosen among the few their fills make
    garbled = line.encode("utf-8").decode("cp1252", errors="replace")
    assert garbled.count("\ufffd") >= 4
    assert repaired(garbled) == line
    assert repaired(line) == line


@pytest.mark.parametrize(
    "line, codec",
    [
        ("冬季，曲沃伯诱骗晋国小子侯，把他杀死了。", "cp1252"),  # 小 E5 B0 8F, not 對 E5 B0 8D
        ("黄国人不向楚国进贡品。冬季，楚国人进攻黄国。", "cp1252"),  # 向 E5 90 91, not 发 E5 8F 91
        ("秋季，军队回国。君子因此而赞美鲁庄公。", "gbk"),  # 而, not 行
        ("郑泄驾恶公子瑕，郑伯亦恶之，故公子瑕出奔楚。", "gbk"),  # 奔, not 委
        # beside an ASCII number: no Chinese numeral, and a number after it is no context
        ("距离市中心40公里左右", "gbk"),  # 公 (E5 85 AC), not 六 (E5 85 AD) after the number
        ("全场一共3位客人", "gb18030"),  # 共 before the number, not 八 (the number read as 五 made 五八 likely)
        ("会议定在3月2日举行", "gbk"),  # 月 after a number: a unit, read with it as a numeral
    ],
)
def test_a_lost_utf8_character_is_chosen_by_its_context(line, codec):
    # the first four: the pair model, one neighbour each side, chose the other; three
    # either side and the word list choose this one
    assert lost_and_repaired(line, codec) == line


@pytest.mark.parametrize(
    "line, codec",
    [
        # a figure put in the text: the character before it pairs with the Han past it
        ("评估科学卓越性和决959定职业轨迹", "gbk"),  # 决 (E5 86 B3), not 军 (E5 86 9B)
        ("导游向我们介1480绍说", "gbk"),  # 介 (E4 BB 8B), not 他 (E4 BB 96)
        ("工人正在逃向繁505荣的昔日", "gb18030"),  # 繁 (E7 B9 81), not 繼 (E7 B9 BC)
        # a date is such a figure whole
        ("私人部门奋起迎5月9日接挑战", "gbk"),  # 迎 (E8 BF 8E), not 这 (E8 BF 99)
        ("各国政府正1月14日努力", "gbk"),  # 正 (E6 AD A3), not 武 (E6 AD A6)
        ("会议将于5月9日举行", "gbk"),  # and where it is the sentence's own: 于 as before
        ("我们在2019年3月1日开会", "gbk"),
        # a unit past the number is the number's: read as nothing, 了 stays (亿元 would take 亿)
        ("他们共花了200元", "gbk"),
        ("距离市中心40公里左右", "gbk"),  # 公 is the number's (公里): 心 before it as before
    ],
)
def test_a_lost_utf8_character_before_a_number_is_read_with_the_han_past_it(line, codec):
    assert lost_and_repaired(line, codec) == line
    assert repaired(line) == line


@pytest.mark.parametrize(
    "line",
    [
        "这个颜色我们都很喜欢",  # 欢 (E6 AC A2), not 歡 (E6 AD A1): 这 们 are simplified only
        "东西是仿造的还不像",  # 像 (E5 83 8F), not 僅 (E5 83 85)
        "這個顏色我們都很喜歡",  # and in a Traditional line 歡, not 欢
    ],
)
def test_a_lost_utf8_character_is_of_the_script_its_line_shows(line):
    assert lost_and_repaired(line) == line
    assert repaired(line) == line


@pytest.mark.parametrize(
    "line",
    [
        "这个颜色好看啊 好粉嫩的颜色",  # 啊 (E5 95 8A) before a space, a phrase's end: not 問 (E5 95 8F)
        "孩子比较喜欢 天天都玩",  # 欢 (E6 AC A2), not 歡 (E6 AD A1)
        "他很有主动性。 ”",  # a space before a lost character is no comma: ” stays, not “
    ],
)
def test_a_space_after_a_lost_utf8_character_is_read_as_a_comma(line):
    assert lost_and_repaired(line) == line
    assert repaired(line) == line


@pytest.mark.parametrize(
    "line",
    [
        "这家店的服务很好,价格也公道",  # 好 E5 A5 BD before a comma, not 她 E5 A5 B9
        "质量蛮好",  # at the line's end, 好 not 她
        "我们应该使用单一货币",  # 单一, not 单个 (一 E4 B8 80, 个 E4 B8 AA)
        "他很喜欢她,每天都去看她",  # and 她 where it is 她
    ],
)
def test_a_lost_utf8_character_is_chosen_by_the_running_texts_pairs_too(line):
    # the word list alone knows the pairs inside words: it read 很她, 蛮她 and 单个货币 as
    # likely as 很好, 蛮好 and 单一货币
    assert lost_and_repaired(line) == line.replace(",", "，")  # tidy makes the comma full-width


def test_a_word_garbled_twice_that_one_undo_cuts_short_stays_whole():
    # a page quoting mojibake (realpages/mojibake/006): the first undo of Ã¨Â¢â€¹Ã¨Â¢â
    # ends in a sequence cut short (before "dcx"), and undoing again would guess its
    # last byte (袋袁): the word stays as it is, the line unchanged
    text = "Ã¨Â¢â€¹Ã¨Â¢âdcx€¹Ã¤Â¸Å½Ã¦Å“â€¹Ã¥Ââ€¹Ã¤Â»Â¬Ã§â€ÂµÃ¥ÂÂÃ¥â€¢â€"
    assert repaired(text) == text


def test_utf8_read_as_latin1_then_cp1252_with_bytes_lost_is_still_undone_twice():
    # the second reader lost bytes (Â� is C2 81 with 81 lost): those U+FFFD were written
    # before the undo, which puts them back
    line = "书很老不要买跟不上时代了"
    garbled = line.encode("utf-8").decode("latin-1").encode("utf-8").decode("cp1252", errors="replace")
    assert "\ufffd" in garbled
    assert repaired(garbled) == line


def test_a_piece_of_the_garble_left_beside_a_reading_is_read_in_the_same_pass():
    # 木 (A4 EC) is れ in GBK; the reading of 和土壤... after the lost bytes leaves it, and
    # once that reads as text it is a garble alone: the line is repaired again, and a
    # second pass leaves it as it is
    line = "包括保證安全飲用水的緊急措施； 針對紅樹木和土壤的清除活動；"
    garbled = line[:-10] + line[-10:].encode("big5").decode("gbk", errors="replace")
    assert garbled.endswith("紅樹れ㎝\ufffdg腫\ufffd翰M埃\ufffd“省F")
    once = repaired(garbled)
    assert once == line
    assert repaired(once) == once


def kept(text: str) -> str:
    return normalize(text + "\n", to="keep", skip=["clean"]).rstrip("\n")


def test_a_run_held_by_ascii_commas_is_read_as_the_pieces_tidy_leaves():
    # UTF-8 read as GBK with bytes lost, its commas ASCII: the run from 绫 to the end was
    # not repaired whole while 𫔰 (U+2B530, beyond the frequency table) was refused, and its
    # pieces were repaired only by a second pass, once tidy had made the commas full-width;
    # 𫔰 between known Han is taken now, and the line is repaired on the first pass (the
    # lost bytes of 米 and 矿 are guessed 类 and 知)
    garbled = "鍧庡崥闊︽槸鍒氭灉姘戜富鍏卞拰鍥界殑鍩庨晣,鐢卞姞涓瑰姞鐪佽礋璐ｇ\ufffd¤緰,娴锋嫈楂樺害1,457绫\ufffd,璺濈\ufffd诲埄鍗¤タ22鍏\ufffd閲\ufffd,涓昏\ufffd佺粡娴庢椿鍔ㄦ槸皤敯閲囬挻鐭\ufffd,2010骞翠汉鍙ｄ及璁＄害71,756銆\ufffd"
    once = kept(garbled)
    assert once == "坎博韦是刚果民主共和国的城镇，由加丹加省负责管辖，海拔高度1,457类，距离利卡西22公里，主要经济活动是𫔰采钴知，2010年人口估计约71,756。"
    assert kept(once) == once


def test_a_latin1_run_held_by_ascii_brackets_is_read_as_the_pieces_tidy_leaves():
    # UTF-8 read as windows-1252 then Latin-1: 耶区 and (Béz...) were one run, not repaired
    # whole; once tidy had made the brackets full-width a second pass repaired 耶区
    garbled = "埃斯蓬代扬是法国埃罗省的一个市镇,属于贝济Ã¨â\x82¬Â¶Ã¥Å\x92Âº(BÃ\x83Â©z39%iers)塞尔维昂县(Servian)。"
    once = kept(garbled)
    assert once == "埃斯蓬代扬是法国埃罗省的一个市镇，属于贝济耶区（BÃ\x83Â©z39%iers）塞尔维昂县（Servian）。"
    assert kept(once) == once


def test_a_line_is_read_without_the_spaces_at_its_end():
    # Big5 (cp950) read as GBK with bytes lost, the line ending in a space: 摆 (B0 DA) is 啊
    # read as GBK, and was read so only once tidy had stripped the space, on a second pass
    garbled = "\ufffd\ufffd笵\ufffd墉\ufffd \ufffd懿纽Xи\ufffd氦f\ufffd\ufffd 稲攀ォ\ufffdJ\ufffdO琌и\ufffd氦j稲 и琌\ufffd鹰┃J\ufffdO北摆 "
    once = kept(garbled)
    assert once == "味道很個 很符合我的口裏 愛戀巧克力是我的大愛 我是着巧克力北啊"
    assert kept(once) == once



def _browser(err: UnicodeDecodeError):
    b = err.object[err.start]
    return ("\u20ac" if b == 0x80 else "\ufffd"), err.start + 1


codecs.register_error("test-browser-gbk", _browser)


def browser_gbk(data: bytes) -> str:
    """`data` read as a browser's GBK: 0x80 is EUR, every other byte it cannot pair U+FFFD."""
    return data.decode("gbk", errors="test-browser-gbk")


@pytest.mark.parametrize(
    "line, read",
    [
        # GB18030 reads GBK's user-defined pairs as private use (涓\ue048, 缃\ue1bf): a
        # U+FFFD of it before Han is 0x80, the only byte nothing pairs with, 一 (E4 B8 80),
        # not 个 (E4 B8 AA)
        ("他利用这一论点置身事外，就是这个道理", lambda b: b.decode("gb18030", errors="replace")),
        # a browser's GBK shows 0x80 as EUR (涓€ is 一): a U+FFFD of it is never 0x80
        ("一个人就是个课本的事", browser_gbk),
    ],
)
def test_what_a_line_shows_of_its_reader_narrows_what_its_lost_bytes_were(line, read):
    garbled = read(line.encode("utf-8"))
    assert "\ufffd" in garbled
    assert repaired(garbled) == line


def test_eur_beside_clean_text_is_no_sign_of_the_reader():
    # Python's GBK lost 0x80 here (单一, 涓 then U+FFFD); the EUR of the clean text before
    # follows no character of a UTF-8 lead and continuation, and leaves 一 a candidate
    tail = "我们应该使用单一货币"
    garbled = "价格€30," + tail.encode("utf-8").decode("gbk", errors="replace")
    assert "涓\ufffd" in garbled
    assert repaired(garbled) == "价格€30，" + tail


@pytest.mark.parametrize(
    "para, codec",
    [
        ("我们一直都用这\n个还不错的牌子", "gbk"),  # 个 read after 这 of the line before, not 中 alone at its start
        ("我们一起去看\n电影吧", "gbk"),  # 吧 at the end, read before the line's end as a sentence's, not 后
        ("我们一起去看\n电影吧", "gb18030"),
    ],
)
def test_a_lost_character_at_a_line_break_is_read_with_the_line_beside_it(para, codec):
    # a paragraph wrapped inside the garble: the break is in the text before it was
    # garbled, and each line is repaired on its own, then again with the other's edge
    garbled = para.encode("utf-8").decode(codec, errors="replace")
    assert "\ufffd" in garbled
    assert repaired(garbled) == para
    assert repaired(para) == para


@pytest.mark.parametrize("line", ["味道一般般 服务也一般", "这个东西一般般吧"])
def test_lost_characters_side_by_side_are_chosen_together(line):
    # Python's GBK loses the last byte of each of 一般般 (涓� 鑸� 鑸�): chosen one at a time,
    # each beside the 0x80 put in for the next one's lost byte, they read 中航船
    garbled = line.encode("utf-8").decode("gbk", errors="replace")
    assert garbled.count("\ufffd") >= 3
    assert repaired(garbled) == line


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_a_sentence_mark_garbled_alone_with_its_last_byte_lost_is_read_again(codec):
    # a quoted 。 (E3 80 82) read as GBK at the end of clean text: 銆 (E3 80) and the 82
    # lost; no Han in the run, but the lost byte is a sign no clean text shows
    garbled = "这是一个错综复杂的问题" + "。".encode("utf-8").decode(codec, errors="replace")
    assert garbled.endswith("銆\ufffd")
    assert repaired(garbled) == "这是一个错综复杂的问题。"


@pytest.mark.parametrize("text", ["这是一个问题。\ufffd", "他说：\ufffd好的"])
def test_a_lost_byte_beside_a_clean_mark_is_left_alone(text):
    assert repaired(text) == text


def test_eur_in_a_line_gb18030_read_is_its_pair_a2_e3():
    # GB18030 reads A2 E3 as EUR (院。 is E9 99 A2 E3 80 82: 闄€�), a browser's GBK reads
    # 0x80 so: a line showing GB18030's private-use characters has the pair
    line = "以前是宝山中心医院。现在改名了。曙光医院宝山分院、宝山中心医院好长的名字。"
    garbled = line.encode("utf-8").decode("gb18030", errors="replace")
    assert "闄€\ufffd" in garbled and any("\ue000" <= c <= "\uf8ff" for c in garbled)
    assert repaired(garbled) == line
