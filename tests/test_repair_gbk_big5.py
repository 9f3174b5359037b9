"""repair: GBK read as Big5, the short pieces amid simplified text and the pieces that
digits part from their garble; and the clean text beside them, which must not change."""

from __future__ import annotations

import pytest

from zhnorm import normalize_bytes
from zhnorm.repair import repair_text
from zhnorm.swaps import script_spots

from .conftest import CORPORA, words_put_in


def gbk_as_big5(text: str, reader: str = "big5hkscs") -> str:
    return text.encode("gbk").decode(reader)


@pytest.mark.parametrize(
    "host, span, tail, reader, script",
    [
        # 燴 (理), 樓 (加), 華 (地): Traditional characters amid simplified text
        ("这家店的价格也比较", "合理", "", "big5hkscs", True),
        ("老板说下个月还会", "外加", "一些小礼物", "big5", True),
        ("我们找了一个可以休息", "的地方", "", "big5hkscs", True),
        # ⑩ is GBK's 球 read as Big5: a symbol amid Han seeds a window of its own
        ("巴燕，中国女", "子篮球", "运动员。她在1984年夏季奥林匹克运动会中，参加了女子篮球比赛。", "big5", False),
        # ﹝ is 。: symbols swapped back to punctuation, odd characters swapped away
        ("省邮费质量挺好送Python", "货挺快。", "", "cp950", False),
        # 囮眒: two odd characters side by side, one reading well with 损 beside them
        ("随着繁荣变为萧条，由此产生的损", "失已", "快要超过了西班牙整个国家的能力。", "cp950", False),
    ],
)
def test_a_short_garble_is_repaired(host, span, tail, reader, script):
    # script: found by the script's sign (Traditional amid simplified); else by Big5's
    # symbols and odd pairs
    garbled = host + gbk_as_big5(span, reader) + tail
    assert garbled != host + span + tail
    assert bool(script_spots(garbled)) == script
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])
    assert repair_text(host + span + tail) == (host + span + tail, [])


@pytest.mark.parametrize(
    "text",
    [
        "这本书在臺灣出版，作者住在嶺鎮。",  # 嶺鎮 would be 拉马: it reads as well as 岭镇
        "他说最完整的古建築藝术群在这里。",  # 藝 would be 美
        "有些脏。而且书角爛了點。不影响阅读",  # 爛 would be 年
    ],
)
def test_a_traditional_word_in_simplified_text_is_left_alone(text):
    assert repair_text(text) == (text, [])


def test_simplified_lines_with_traditional_words_put_in_are_left_alone():
    import opencc

    s2t = opencc.OpenCC("s2t").convert
    lines = []
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt"):
        lines += [t for t in (CORPORA / name).read_text(encoding="utf-8").splitlines() if len(t) > 8]
    mixed = words_put_in(lines, s2t, times=3)
    assert len(mixed) > 3000
    assert sum(bool(script_spots(t)) for t in mixed) >= 10  # the sign is there, and is no evidence
    assert [t for t in mixed if repair_text(t)[0] != t] == []


def test_digits_part_a_piece_from_its_garble():
    # 爛 (年) alone between digits, in a line garbled in part: its neighbour 堎 (月) is swapped
    host, span = "发布会定于", "2016年10月18日在北京举行"
    garbled = host + gbk_as_big5(span)
    assert garbled.startswith(host + "2016爛10堎")
    assert repair_text(garbled) == (host + span, ["gbk as big5"])


@pytest.mark.parametrize(
    "host, span, tail",
    [
        ("公司决定", "派遣专家", "前往现场"),
        ("能比学校", "招募、训练和派遣出来", "的人数多吗？"),
    ],
)
def test_the_big5_variant_that_reads_best_wins(host, span, tail):
    # GBK's 遣 read as Python's big5 is Е, which big5hkscs would make 区
    garbled = host + gbk_as_big5(span, "big5") + tail
    assert "Е" in garbled
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])


def test_an_edge_is_not_moved_back_to_an_odd_character():
    # 鋋 is 腩, a character the pair model counts as rarer than one it does not know
    host, span, tail = "晚上点了一份咖喱牛", "腩、咸鱼鸡粒炒", "饭，味道不错"
    garbled = host + gbk_as_big5(span, "big5") + tail
    assert garbled.startswith(host + "鋋")
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])


def test_through_the_command_and_final():
    host, span = "老板说下个月还会", "外加一些小礼物"
    clean = "这家店的菜很好吃，下次还会再来。"
    data = f"{clean}\n{host}{gbk_as_big5(span, 'big5')}\n{clean}\n".encode("utf-8")
    out = normalize_bytes(data, to="keep", skip=["clean"])
    assert out == f"{clean}\n{host}{span}\n{clean}\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


def test_a_line_of_the_wrong_script_that_reads_as_garble_goes_with_its_neighbour():
    # 遜 is GBK's 还 read as Big5: a line of it alone, before a line garbled the same way
    first, second = "还", "2019年有很多事情要做，我们明天再来看看。"  # digits at the break
    data = f"{gbk_as_big5(first)}\n{gbk_as_big5(second)}\n".encode("utf-8")
    alone = normalize_bytes(f"{gbk_as_big5(first)}\n".encode("utf-8"), to="keep", skip=["clean"])
    assert alone == f"{gbk_as_big5(first)}\n"  # alone it is no evidence
    out = normalize_bytes(data, to="keep", skip=["clean"])
    assert out == f"{first}\n{second}\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


@pytest.mark.parametrize("clean", ["華記", "這家店的菜很好吃", "遠東"])
def test_a_clean_traditional_line_beside_a_garbled_one_is_left_alone(clean):
    garbled = gbk_as_big5("有很多事情要做，我们明天再来看看。")
    for text in (f"{clean}\n{garbled}\n", f"{garbled}\n{clean}\n"):
        out = normalize_bytes(text.encode("utf-8"), to="keep", skip=["clean"])
        assert clean in out.split("\n")


def test_a_short_garble_amid_traditional_text_is_judged_in_one_script():
    # 芞抎 is GBK's 图书 read as Big5, amid a Traditional host: 學图 and 书館 are pairs
    # the pair model knows as 学图 and 书馆
    host, span, tail = "這本書應該放在大學", "图书", "館裏"
    garbled = host + gbk_as_big5(span, "cp950") + tail
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])
    assert repair_text(host + "圖書" + tail) == (host + "圖書" + tail, [])


def test_a_variant_that_leaves_a_character_standing_is_no_rival():
    # GBK's 其 is ［ read as big5hkscs, む as cp950: the variant that swaps ［ wins, though
    # the pair model, which scores a mark left standing as punctuation, reads ［ as well
    host, span = "美国整修", "其经济大厦的努力"
    garbled = gbk_as_big5(host + span)
    assert "［" in garbled
    assert repair_text(garbled) == (host + span, ["gbk as big5"])


def test_traditional_text_with_a_few_simplified_characters_is_no_simplified_host():
    """Corpus text in Traditional, run together into lines of about 3,000 characters,
    with a simplified-only character (贩, what ·· is as GBK read as Latin-1) put in
    every 500 characters: its Traditional characters are no garble of the wrong script."""
    import opencc

    text = opencc.OpenCC("s2t").convert((CORPORA / "clue-news-web.zh-hans.txt").read_text(encoding="utf-8")[:60_000].replace("\n", ""))
    changed = []
    for start in range(0, len(text) - 3000, 3000):
        line = text[start : start + 3000]
        line = "".join(line[k : k + 500] + "贩" for k in range(0, len(line), 500))
        if repair_text(line)[0] != line:
            changed.append(start)
    assert changed == []


@pytest.mark.parametrize(
    "host, span, reader",
    [
        # 都 (常 read as Big5), 杯 (狹), 家 (產): clean characters beside the garble whose
        # other readings make known pairs with it too
        ("还蛮好的戴多久都", "不觉得耳朵痛。", "big5"),
        ("这是一个什么人都", "可以出书的时代", "big5"),
        ("国产保温杯", "有推荐", "cp950"),
        ("我们家", "的孩子都很喜欢", "big5"),
    ],
)
def test_a_clean_character_at_a_garbles_edge_stays(host, span, reader):
    garbled = host + gbk_as_big5(span, reader)
    assert repair_text(garbled) == (host + span, ["gbk as big5"])
    assert repair_text(host + span) == (host + span, [])


@pytest.mark.parametrize(
    "text",
    [
        "還蛮好的戴多久都不覺得耳朵痛。",
        "這是一個什麼人都可以出書的時代",
        "國產保溫杯有推薦的麼？大家都在說象牌",
        "我們家的孩子都很喜歡，常常去那裡玩。",
    ],
)
def test_clean_traditional_text_of_those_words_stays(text):
    assert repair_text(text) == (text, [])


def test_two_rare_characters_amid_han_that_swap_to_a_word_are_repaired():
    # 剒猁 (需要): 剒 odd, 猁 rare with a far commoner other reading
    host, span, tail = "这一", "需要", "尚未被正式承认。"
    garbled = host + gbk_as_big5(span, "cp950") + tail
    assert garbled == "这一剒猁尚未被正式承认。"
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])


@pytest.mark.parametrize(
    "text",
    [
        "这一需要尚未被正式承认。",
        "這一需要尚未被正式承認。",
        "萇弘化碧的故事流传很广。",
        "甪直古镇位于苏州东南。",
    ],
)
def test_clean_text_with_rare_pairs_stays(text):
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    "host, span, tail, reader, garbled",
    [
        # shared characters only, no two in a row of the rare-run sign's RARE_SIGN: 炰 (喜,
        # 7.6 nats) beside 竭 (很, 2.1) and 辣 (欢, 1.4); 弊 (国, 5.7) beside 模 (家, 2.1)
        ("孩子们", "都很喜欢", "这本绘本", "big5hkscs", "孩子们飲竭炰辣这本绘本"),
        ("整个", "国家", "都陷入了危机。", "cp950", "整个弊模都陷入了危机。"),
        ("这个", "国家", "的经济正在恢复。", "big5", "这个弊模的经济正在恢复。"),
    ],
)
def test_a_garble_of_shared_characters_beside_a_strong_sign_is_repaired(host, span, tail, reader, garbled):
    from zhnorm.repair import _looks, rare_pairs

    assert host + gbk_as_big5(span, reader) + tail == garbled
    assert not _looks(garbled)[2] and not script_spots(garbled)  # no odd character, no script's sign
    assert rare_pairs().search(garbled)
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])
    assert repair_text(host + span + tail) == (host + span + tail, [])


@pytest.mark.parametrize(
    "text",
    [
        # classical names and dates whose characters read the other way as commoner ones:
        # 癸 (7.5) beside 亥 (2.1), 逋竄, 轅咺, 伐郯 hold a strong sign beside a weaker one
        "【經】二十有五年春王正月，丙午，衛侯毀滅邢。冬十有二月癸亥，公會衛子、莒慶盟於洮。",
        "王子還夜取王以如莊宮。癸亥，單子出。",
        "蒯聵得罪於君父君母，逋竄於晉。",
        "在路上口渴，他的部下轅咺奉上甜酒、小米乾飯、醃肉。",
        "【傳】七年春，吳伐郯，郯成。",
        "【传】七年春，吴伐郯，郯成。",
    ],
)
def test_clean_classical_text_with_a_strong_sign_stays(text):
    from zhnorm import charclass
    from zhnorm.repair import _gate_classes, rare_pairs

    assert rare_pairs().search(text)  # the wider sign is there ...
    assert not charclass.compile("{s}{s}", s=_gate_classes()["rare_sign"]).search(text)  # ... and only it
    assert repair_text(text) == (text, [])
    assert normalize_bytes(text.encode("utf-8"), to="keep", skip=["clean"]) == text + "\n"


@pytest.mark.parametrize(
    "first, second, reader",
    [
        # the digits cut the best path's run, and 腔 (的) alone gains too little
        ("我20的", "朋友都说这家店的菜很好吃，下次还会再来。", "big5"),
        # 煤质 is a pair real text uses, 煤 (费) is kept by the best path
        ("省邮费", "质量很好，送货也很快，包装完好。", "cp950"),
    ],
)
def test_a_short_first_line_of_a_wrapped_garble_is_swapped_whole(first, second, reader):
    data = f"{gbk_as_big5(first, reader)}\n{gbk_as_big5(second, reader)}\n".encode("utf-8")
    out = normalize_bytes(data, to="keep", skip=["clean"])
    assert out == f"{first}\n{second}\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


@pytest.mark.parametrize("clean", ["我20的", "省邮费", "煤质", "今天天气很好"])
def test_a_short_clean_line_before_a_garbled_one_stays(clean):
    second = "质量很好，送货也很快，包装完好。"
    data = f"{clean}\n{gbk_as_big5(second, 'cp950')}\n".encode("utf-8")
    assert normalize_bytes(data, to="keep", skip=["clean"]) == f"{clean}\n{second}\n"


@pytest.mark.parametrize(
    "host, span, tail",
    [
        # 雙 (蛮 read as Big5): 雙喜 is a pair real text uses, the best path keeps it
        ("这本书", "不错的感觉还是蛮喜欢的例如关于未来", "很有道理"),
        ("这家店", "其实还是蛮喜欢的，就是有点贵", "。"),
    ],
)
def test_a_traditional_character_between_two_swapped_spans_is_swapped_too(host, span, tail):
    garbled = host + gbk_as_big5(span) + tail
    assert "遜岆雙炰辣" in garbled
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])


def test_a_traditional_character_beside_one_swapped_span_stays():
    host, span = "这本书雙喜临门", "的感觉"
    assert repair_text(host + gbk_as_big5(span)) == (host + span, ["gbk as big5"])


@pytest.mark.parametrize(
    "host, span, tail, reader",
    [
        # 賸 (了) and 岆 (是): odd characters, whose other readings make no strong pair
        ("我昨天在网上买", "了", "", "big5"),
        ("书的质量不错", "是", "1095古体排版", "cp950"),
        # 戚赽 (杯子) before ASCII marks, 援覂 (穿着) after a Latin word
        ("这是迪士尼的", "杯子", "~~", "big5hkscs"),
        ("男性APP", "穿着", "暴露是否会诱发犯罪", "big5"),
        # ... and in Traditional text that holds a simplified-only character (麽): the odd
        # characters are the sign, the script of its other characters none
        ("什麽破網站~~寄給我的是個兒童用的307迪士尼的", "杯子", "~~", "big5hkscs"),
        # 絳 (导), 藝 (美): Traditional characters of a simplified line, beside digits or its end
        ("他让外国领", "导", "97%人等他", "big5"),
        ("质量不错印刷精", "美", "", "big5hkscs"),
        # 堎 is GBK's 月 read as Big5, ゜ its 日, 爛 its 年: one digit is all they have beside them
        ("出差来这边，环境还不错，有可以观4", "月", "14日赏的海豹，大海龟", "cp950"),
        ("1921569年还是1989", "年", "?", "big5hkscs"),
        # the Han after the date, swapped with its edges settled: 貌盛顿 is 华盛顿
        ("袭击纽约双子塔和11", "月20日华", "盛顿五角大楼五年后,“9/11”已经不再仅仅是一个日期了。", "big5hkscs"),
    ],
)
def test_a_short_garble_with_ascii_or_the_line_end_on_one_side_is_repaired(host, span, tail, reader):
    garbled = host + gbk_as_big5(span, reader) + tail
    assert garbled != host + span + tail
    assert repair_text(garbled) == (host + span + tail, ["gbk as big5"])
    assert repair_text(host + span + tail) == (host + span + tail, [])


@pytest.mark.parametrize(
    "text",
    [
        # a Traditional word put in beside an ASCII mark, a number or the line's start: 膩
        # would be 堪 (不堪), 藝 美 (美术), 竊 叛 (叛贼)
        "吃起来甜而不膩~果肉很新鲜",
        "比如798藝术区和南锣鼓巷",
        "竊贼假期撬保险箱偷走300箱珠宝",
        # and Traditional text with ASCII beside its characters
        "這本書我看了3遍，印刷精美",
        "關鍵是太油了",
    ],
)
def test_a_traditional_character_beside_ascii_in_clean_text_stays(text):
    assert repair_text(text) == (text, [])


def test_simplified_lines_with_traditional_words_put_in_at_their_edges_are_left_alone():
    """Corpus lines with a word of one or two of their characters put in Traditional
    script (OpenCC's s2t, s2tw, s2hk) where a garble with one neighbour would be: at the
    line's end or start, beside ASCII."""
    import re

    import opencc

    convs = [opencc.OpenCC(c).convert for c in ("s2t", "s2tw", "s2hk")]
    lines = []
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt"):
        lines += [t for t in (CORPORA / name).read_text(encoding="utf-8").splitlines() if len(t) > 8]
    mixed = set()
    for k, t in enumerate(lines):
        conv = convs[k % 3]
        edges = [(0, 1), (0, 2), (len(t) - 1, len(t)), (len(t) - 2, len(t))]
        for m in re.finditer(r"[!-~]+", t):
            edges += [(m.start() - 2, m.start()), (m.start() - 1, m.start()), (m.end(), m.end() + 1), (m.end(), m.end() + 2)]
        for a, b in edges:
            word = t[a:b] if 0 <= a < b <= len(t) else ""
            if word and all("\u4e00" <= c <= "\u9fff" for c in word) and conv(word) != word:
                mixed.add(t[:a] + conv(word) + t[b:])
    assert len(mixed) > 5000
    assert [t for t in mixed if repair_text(t)[0] != t] == []


@pytest.mark.parametrize(
    "text",
    [
        # names of the classics that the frequency table does not know, at a line's end or
        # beside ASCII: 郔 would be 最, 郪 组, 弇 位, 蒍掩 忒被
        "楚子北师次于郔",
        "晋侯伐郑，及郔(1)。郑及晋平，士会入盟。",
        "所以就在郪!丘结盟。",
        "弇中，对闾丘婴说",
        "杀大司马!蒍掩而取其室。",
    ],
)
def test_a_rare_character_beside_ascii_or_the_line_end_stays(text):
    assert repair_text(text) == (text, [])


def test_opencc_test_texts_run_together_are_left_alone():
    """OpenCC's test texts, every script of them, run together 50 lines a line (as
    evaluation/eval_repair.py's clean check does): a line that mixes the scripts holds
    Traditional characters beside ASCII and at its start (复盖[sic]僱), which are no
    garble's sign there (`script_spots` seeds none of them, `_at_edge` takes none)."""
    import json

    cases = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
    texts = sorted({x for c in cases for x in [c["input"], *c["expected"].values()] if x.strip()})
    joined = ["".join(texts[k : k + 50]) for k in range(0, len(texts), 50)]
    assert len(joined) >= 10
    mixed = next(t for t in joined if "[sic]僱" in t)
    assert script_spots(mixed) == []
    assert [t for t in joined if repair_text(t)[0] != t] == []


def test_the_variants_are_judged_across_a_number_cut_in():
    # ⑸ is big5hkscs's 漂 and cp950's 趋: 很漂 and 亮 are one word's halves
    garbled = "非常多的花样" + gbk_as_big5("很漂") + "11246283" + gbk_as_big5("亮这个价格绝对值得收藏")
    assert repair_text(garbled) == ("非常多的花样很漂11246283亮这个价格绝对值得收藏", ["gbk as big5"])


@pytest.mark.parametrize(
    "text",
    [
        "请看图①所示的结构，楚子北师次于郔。",  # ① would be 情
        "生殖系统不健康的危害①卵巢功能退化，楚子北师次于郔。",
        "第⑵项和第⑶项的规定，晋侯伐郑，及郔。",
        "其中［注］部分引自弇山堂别集",  # ［ would be 其
        "脚下的落叶窸窸窣窣作响，清脆好听。",  # 窸窸窣窣 would be 瓿瓿連連
        "他读到楚子北师次于郔，又见鸲鹆跦跦。",
    ],
)
def test_clean_symbols_and_rare_pairs_beside_odd_characters_stay(text):
    from zhnorm.swaps import _odd_spots, fix_swaps

    assert _odd_spots(text)  # the swaps look at the line
    assert fix_swaps(text, _odd_spots(text)) == (text, None)
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    "text",
    [
        # a Traditional word after a number in a line mostly simplified: 韓國 is a word
        # (韓 read the other way is 龙, a numeral's neighbour too), and 0比1輸给 (输给)
        "主场0比1輸给叙利亚队，以5.6韓國人、臺灣人、日本人爲主。价位在15~23元之间，饮品有酸奶、咖啡等选择。",
        # a date of Traditional text in a simplified line: 年 月 日 are no garble's
        "他在2019年3月12日發表了这篇文章",
        # a garble wrapped over a break, a date among its characters: the line's
        # pairs of characters that read far commoner swapped are the judge's, not the date's
        gbk_as_big5("很好看", "big5hkscs") + "3" + gbk_as_big5("月", "big5hkscs") + "1",
    ],
)
def test_a_character_after_a_digit_stays_unless_it_is_a_date_alone(text):
    from zhnorm.swaps import _dated

    assert _dated(text) == (text, None)


@pytest.mark.parametrize(
    "head, span, cut, tail, reader",
    [
        # 導 is GBK's 旧 read as Big5: a Traditional character at the start of a line the
        # garble shows simplified (旧的 reads worse than 导的 by the pair model alone)
        ("", "旧的组织", "1046", "刚被摧毁，新的组织就冒出头来。", "big5"),
        # ［ is 其 read as big5hkscs, a bracket the line does not close, past a number
        ("", "其", "12", "月8日二，总债务中某一部分所导致的问题将对其他部分造成影响。", "big5hkscs"),
        # 給 is 倒, at the line's end and before a number cut in
        ("", "小店的位置还真是难找啊，店内有长条沙发，整体布置的不错。记得你的分量倒", "", "", "big5hkscs"),
        ("", "小店的位置还真是难找啊，店内有长条沙发，整体布置的不错。记得你的分量倒", "1784", "是不大。", "big5hkscs"),
    ],
)
def test_a_character_of_the_wrong_script_beside_a_garble_joins_it(head, span, cut, tail, reader):
    garbled = head + gbk_as_big5(span, reader) + cut + gbk_as_big5(tail, reader)
    assert repair_text(garbled) == (head + span + cut + tail, ["gbk as big5"])


@pytest.mark.parametrize(
    "head, span, tail",
    [
        # another Traditional character in the line: it mixes its scripts, 導 stays
        ("導", "的组织1046刚被摧毁，新的组织就冒出头来。", "他們說"),
        # 電腦 read the other way is no common Han (and reads worse): it stays
        ("電腦", "的组织1046刚被摧毁，新的组织就冒出头来。", ""),
        ("臺", "的组织1046刚被摧毁，新的组织就冒出头来。", ""),
    ],
)
def test_a_traditional_word_beside_a_garble_in_a_mixed_line_stays(head, span, tail):
    assert repair_text(head + gbk_as_big5(span) + tail) == (head + span + tail, ["gbk as big5"])


def test_an_odd_seed_at_a_line_end_carries_over_the_shared_characters_beside_it():
    # 皊 (宜) is odd; 竭嗣竭炰辣 (很多很喜欢) are known characters that read commoner the
    # other way, up to the line's end: one garble
    garbled = "又漂亮又实用颜色很漂亮比8月7日市价便" + gbk_as_big5("宜很多很喜欢")
    assert garbled.endswith("便皊竭嗣竭炰辣")
    assert repair_text(garbled) == ("又漂亮又实用颜色很漂亮比8月7日市价便宜很多很喜欢", ["gbk as big5"])
    # without the odd one, the rare-run sign shows it (炰, 7.6 nats, beside 竭, 2.1)
    shared = "又漂亮又实用颜色很漂亮比8月7日市价便宜竭嗣竭炰辣"
    assert repair_text(shared) == ("又漂亮又实用颜色很漂亮比8月7日市价便宜很多很喜欢", ["gbk as big5"])
