"""repair: Big5 read as GBK (GB18030), through the swaps, on garbles the codecs make of
Traditional sentences: runs across ASCII, GB18030's readings of user-defined pairs,
short garbles of odd characters, kana and simplified-only characters the reader made;
and the clean text beside them that must be left as it is."""

from __future__ import annotations

import pytest

from zhnorm.repair import repair_text


def garble(before: str, span: str, after: str, writer: str = "big5") -> str:
    """`span` written in Big5 (`writer`) and read as GB18030, between clean text."""
    return before + span.encode(writer).decode("gb18030") + after


def fixed(before: str, span: str, after: str, writer: str = "big5") -> str:
    return repair_text(garble(before, span, after, writer))[0]


@pytest.mark.parametrize(
    "before, span, after",
    [
        # a piece between the garble and digits reads as a common character (基 for 價)
        ("", "這款同樣價299元的耳機音質很好", ""),
        ("", "同樣價1999位的手機拍照更清楚", ""),
        ("", "我覺得同樣價88的那家更好吃", ""),
    ],
)
def test_a_garbled_run_goes_on_across_digits(before, span, after):
    assert fixed(before, span, after) == before + span + after


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        ("排隊排了一小時2020", "了餓", "", "big5hkscs"),  # 了 is AAF5: private use in GB18030
        ("等外賣等到十點88", "了餓", "", "big5"),
        ("2023", "拿神馬去愛你", "", "big5"),
        ("他們的錢2月1日夠", "也必", "須還清。", "big5"),  # amid kept Han
        ("大家的時間3月夠", "也必", "須安排好。", "big5"),
    ],
)
def test_a_short_garble_with_user_defined_readings(before, span, after, writer):
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize("before, span, after", [("Sony ", "閃迪", " 記憶卡"), ("Kingston ", "閃迪", " 隨身碟")])
def test_two_odd_characters_between_spaces(before, span, after):
    assert fixed(before, span, after) == before + span + after


@pytest.mark.parametrize("before, span", [("這條線是Type-C", "步驟很簡單，插上就能用"), ("接口是Type-C", "步不錯，充電很快")])
def test_a_tone_mark_beside_a_latin_word_is_garble(before, span):
    # GBK reads Big5's 步 as ˙, a spacing modifier: no letter of the word before it
    assert "˙" in garble(before, span, "")
    assert fixed(before, span, "") == before + span


@pytest.mark.parametrize(
    "before, span, writer",
    [("昨", "天中午我們去吃了火鍋，價格不貴", "cp950"), ("前", "天中午去的，味道比較淡，服務也可以", "big5")],
)
def test_kana_amid_user_defined_readings_are_garble(before, span, writer):
    # 天中午 is ぱいと, which looks like Japanese (と is a particle)
    assert "ぱいと" in garble(before, span, "", writer)
    assert fixed(before, span, "", writer) == before + span


@pytest.mark.parametrize(
    "before, span, after",
    [
        ("記得那天的一切", "邁是最好的開始2019人一起", "，非常難忘。"),  # 邁 is 邻
        ("這家公司的高", "管應88CEO要求，改進服務", "。"),  # 管應 is 恨莱
    ],
)
def test_simplified_only_characters_of_a_traditional_line_are_garble(before, span, after):
    assert fixed(before, span, after) == before + span + after


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # no odd character: the line's script is the only sign (夹 刚 of 標準測試, 虫
        # of 菜單, 岿 of 錯 are simplified-only)
        ("這家公司的產品通過了", "國際標準測試", "，品質很穩定。", "big5"),
        ("他們的產品都通過", "國際標準", "，品質可靠。", "big5hkscs"),
        ("我們在餐廳看了", "菜單", "上的價格", "big5"),
        ("這家店的價格很不", "錯", "", "big5"),
    ],
)
def test_a_garble_of_known_characters_shows_by_its_script(before, span, after, writer):
    from zhnorm.swaps import script_spots

    garbled = garble(before, span, after, writer)
    assert script_spots(garbled)
    assert repair_text(garbled) == (before + span + after, ["big5 as gbk"])


def test_traditional_lines_with_simplified_words_put_in_are_left_alone():
    # the mirror of GBK read as Big5's test: Traditional text (OpenCC's s2t of the
    # corpora) with a simplified word put in, as text that mixes the scripts has them;
    # and the corpora's own lines that mix them (a question about simplification)
    import opencc

    from zhnorm.swaps import script_spots, simplified_in_traditional

    from .conftest import CORPORA, words_put_in

    s2t, t2s = opencc.OpenCC("s2t").convert, opencc.OpenCC("t2s").convert
    lines = []
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt"):
        lines += [s2t(t) for t in (CORPORA / name).read_text(encoding="utf-8").splitlines() if len(t) > 8]
    mixed = words_put_in(lines, t2s)
    assert len(mixed) > 1500
    # the sign is there (a simplified character whose other reading makes a known pair
    # beside it), and is no evidence
    assert sum(bool(script_spots(t)) for t in mixed) >= 20
    assert [t for t in mixed if repair_text(t)[0] != t] == []
    own = [t for name in ("clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt") for t in (CORPORA / name).read_text(encoding="utf-8").splitlines()]
    own = [t for t in own if simplified_in_traditional(t)]
    assert len(own) >= 4 and [t for t in own if repair_text(t)[0] != t] == []


@pytest.mark.parametrize(
    "text",
    [
        "\ue600 首页 \ue601 登录 \ue60a 联系我们",  # a web font's icons
        "\ue600\ue601 首頁",
        "他面对魑魅魍魉毫不畏惧。",
        "彼此齟齬，躑躅不前。",
        "繾綣的情意，睚眥必報的人。",
        "呢個真係好正啊，我哋一齊去个度睇吓啦",  # Cantonese with a simplified 个
        "國際標準的測試，这个很重要",
        "超かわいい！これは日本のお菓子です。",
        "第1位：青い海の浜辺・沖縄県／石垣島の旅",  # shinjitai kanji side by side (縄県)
    ],
)
def test_clean_text_is_left_alone(text):
    assert repair_text(text) == (text, [])


def test_text_whose_bytes_were_all_lost_is_left_alone():
    # Big5 bytes read as UTF-8 with U+FFFD for each: U+FFFD before ASCII is the shape of
    # a lost Big5 lead byte, but here most of the line is U+FFFD, and nothing is guessed
    text = "前言：台灣的天氣（tian qi）今天很好。我們去公園（gong yuan）散步。".encode("big5").decode("utf-8", errors="replace")
    assert repair_text(text) == (text, [])


def test_the_gate_s_big5_seed_answers_as_the_swaps_look():
    # swaps.big5_seed asks its second look only of an odd Han character beside another:
    # on the classical corpus's rare names, their Traditional form, and garbles of both
    # (whose odd characters stand side by side), it answers as every direction of Big5
    # read as GBK asking both looks does
    import pathlib

    import opencc

    from zhnorm import swaps

    corpus = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpora" / "zuozhuan.zh-hans.txt"
    lines = [s for s in corpus.read_text(encoding="utf-8").splitlines() if s][:400]
    trad = [opencc.OpenCC("s2t").convert(s) for s in lines[:200]]
    garbled = [s.encode("big5", errors="ignore").decode("gb18030", errors="replace") for s in trad]
    full = lambda text, p: any(s.guesses and (swaps._user_defined_pair(text, p) or s._odd_pair(text, p)) for s in swaps.directions())  # noqa: E731
    asked = fired = 0
    for text in lines + trad + garbled:
        for p, c in enumerate(text):
            if swaps.chinese_odd(c):
                asked += 1
                got = swaps.big5_seed(text, p)
                assert got == full(text, p), (text, p)
                fired += got
    assert asked > 1000 and 0 < fired < asked


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # 法 is Big5's 楊 read as GBK: a common character kept between swapped ones
        ("", "我們的朋友小楊什麼時候回來都可以，真的很好", "", "big5"),
        ("", "聽說小楊什麼都會做，大家都很喜歡他", "", "big5hkscs"),
    ],
)
def test_a_kept_piece_inside_a_line_garbled_whole_is_garble_too(before, span, after, writer):
    assert "法" in garble(before, span, after, writer)
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize(
    "before, span, after, writer",
    [("會議定在12", "月18日", "舉行", "big5"), ("成績在3", "月5日", "公佈", "cp950"), ("新的規定從2024", "年1月", "起實施", "big5")],
)
def test_a_date_read_as_kana_beside_digits(before, span, after, writer):
    # 月 is る, 日 ら: kana right after a digit, no Han beside them to make a pair with
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize("text", ["買了3つのりんごを食べました", "今天是12月18日", "2ヶ月ぶりに会いました"])
def test_kana_after_digits_of_japanese_or_clean_text_are_left_alone(text):
    assert repair_text(text) == (text, [])


def test_simplified_characters_the_repair_leaves_in_a_traditional_line():
    # 灵 is Big5's 鍾 read as GBK: the garble hid the line's script until repaired
    assert fixed("", "鍾Telesonic 石英掛鐘很好看", "", "big5hkscs") == "鍾Telesonic 石英掛鐘很好看"


@pytest.mark.parametrize("before, span", [("這家店的VIP", "那麼好的服務真少見"), ("", "沒有VIP那麼多的優惠，還是不錯的"), ("", "我的GDP那麼高嗎")])
def test_a_small_accented_letter_beside_an_acronym_is_garble(before, span):
    # 那 is ê: no Latin word's letter beside capitals only
    assert "Pê" in garble(before, span, "")
    assert fixed(before, span, "") == before + span


@pytest.mark.parametrize("text", ["Beyoncé的新歌很好聽", "Pokémon寶可夢很好玩", "CAFÉ咖啡館的蛋糕"])
def test_accented_letters_of_latin_words_beside_han_are_left_alone(text):
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    "para",
    [
        "東西很好吃,服務也好,價\n格也不貴,下次還會再來",  # 價 is 基 read as GBK
        "這家飯店在市區,交通方便,價\n格合理,服務周到",
        "這個縣城有很多村莊,下\n轄以下地區:東村,西村",  # 轄 is 烈
    ],
)
def test_the_characters_at_a_line_break_are_judged_with_the_other_line(para):
    from zhnorm import normalize_bytes

    first, second = para.split("\n")
    garbled = f"{garble('', first, '')}\n{garble('', second, '')}\n"
    out = normalize_bytes(garbled.encode("utf-8"), to="keep", skip=["clean"])
    assert out == para.replace(",", "，").replace(":", "：") + "\n"
    assert normalize_bytes(out.encode("utf-8"), to="keep", skip=["clean"]) == out


@pytest.mark.parametrize(
    "before, span, after",
    [
        ("這本書的品質不錯,用起來很", "好", ""),  # 好 is U+E6D4: GB18030's reading of A66E
        ("還是非常不錯非常不錯", "的", "."),
        ("經典字大難字有拼音。啥時候再到64%", "貨", ""),  # an odd character between ASCII
        ("本書永遠是我的最1493OK", "愛", ""),
        ("這本書是我在書店", "買的", ""),  # 禦\ue019: the edge beside the reading swapped too
        ("那場戰爭8月26日的勝利", "者", ""),  # one Traditional-only character (戰) says the script
    ],
)
def test_a_character_of_a_garble_alone_in_traditional_text(before, span, after):
    assert fixed(before, span, after) == before + span + after


@pytest.mark.parametrize(
    "text",
    [
        "\ue600首頁的連結很多，請點選",  # a web font's icon beside Traditional text: not alone (the line's start)
        "這本書的品質很好，\ue6d4",  # beside no Han
        "歡迎光臨 \ue6d4 會員專區",  # beside spaces
        "用很\ue6d4的方法",  # simplified text: no Big5 page
        "今天读了《史记》3%砯",  # simplified text
    ],
)
def test_private_use_and_rare_characters_beside_clean_text_are_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize("writer", ["big5", "cp950"])
def test_kana_of_big5_are_read_as_kana_where_a_variant_makes_symbols_of_them(writer):
    # big5hkscs reads ETEN's かわいい (C6AF C6F3 C6A8 C6A8) as ⑸き⑧⑧: no word of kana
    span = "好喜歡這個名字啊，超かわいい！有機會我一定要去，離開長春的這幾年，想不到好餐館這麼多！"
    out = fixed("", span, "", writer)
    assert out == span
    assert "⑧" not in out


@pytest.mark.parametrize(
    "before, span, after",
    [
        ("如今政府大力干預後的家1182", "庭", "負債狀況依然處於危險邊緣。"),  # 畑
        ("今天才收到的。還不知PM2.5", "道", "怎麼樣。別人推薦的。"),  # 笵
    ],
)
def test_a_lone_garble_pairs_with_the_han_past_a_number_cut_in(before, span, after):
    assert fixed(before, span, after) == before + span + after


@pytest.mark.parametrize(
    "text",
    [
        "田中さんの畑は2015年から広くなった。",  # Japanese
        "價格12元的特14%基金",  # 基 past a number is no odd character
        "2015年的PM2.5道路",
        "我買了畑",  # no number between: 了庭 is no word
    ],
)
def test_clean_characters_past_a_number_are_left_alone(text):
    assert repair_text(text)[0] == text


def test_a_span_edge_is_judged_across_a_number():
    # 拜222肈: 問 is swapped for the 題 past the digits
    assert fixed("在用了一陣子，現在沒質量", "問222題", "") == "在用了一陣子，現在沒質量問222題"


def test_a_clean_character_after_a_number_is_kept_where_numbers_take_it():
    # 年 beside 刑期 garbled: 1年刑期, not 1爛刑期
    assert fixed("二審：由無罪改爲1年", "刑期。", "") == "二審：由無罪改爲1年刑期。"


def test_a_clean_character_at_a_line_start_is_kept():
    # 很 beside 好 garbled (U+E6D4): 很好, not 竭好
    assert fixed("很", "好很喜歡盒子95%很漂亮", "") == "很好很喜歡盒子95%很漂亮"


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # a lone garble amid Han is swapped one character long; the character beside it
        # is the same garble's where its other reading pairs far better (ㄠ俱 is 兒整)
        ("我看我媳婦", "兒整", "天過得挺開心的", "big5hkscs"),
        # ... and a kana after a digit takes the odd character beside it (ら秖 is 日量)
        ("感覺質4月18", "日量", "還可以。", "cp950"),
        # a user-defined reading alone beside Han in a Traditional line that the garble
        # left a simplified-only character in (垫\ue019 is 菜的)
        ("做的都是普通家常菜，但是", "菜的", "味道都超級正點", "big5"),
    ],
)
def test_the_edges_of_a_short_garble_are_settled(before, span, after, writer):
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # the neighbour of a lone garble that was no garble stays as it is
        ("我看我媳婦", "兒", "整天過得挺開心的", "big5hkscs"),
        ("感覺質4月18", "日", "量還可以。", "cp950"),
        ("做的都是普通家常菜，但是菜", "的", "味道都超級正點", "big5"),
    ],
)
def test_a_short_garble_takes_no_clean_neighbour(before, span, after, writer):
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize(
    "text",
    ["我們的市场\ue600很大", "感覺質4月18日量還可以。", "我看我媳婦兒整天過得挺開心的", "點擊查看\ue600\ue601"],
)
def test_clean_text_beside_such_garbles_is_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize("writer", ["big5", "big5hkscs", "cp950"])
def test_an_odd_character_beside_a_date_read_as_kana_is_judged_as_a_lone_garble(writer):
    # 光臮~12る: る after a digit is 月, and 臮 is 顧, a strong pair with 光
    assert fixed("下次繼續光", "顧~12月", "", writer) == "下次繼續光顧~12月"


@pytest.mark.parametrize("before, span, after", [("這碗鋋~", "12月", "吃的"), ("我們在堃~", "12月", "見")])
def test_a_clean_odd_character_beside_a_date_read_as_kana_is_kept(before, span, after):
    # 鋋 (腩) and 堃 read as nothing that pairs with their neighbours: kept, and the
    # line with them (an odd character left is a garble to judge whole)
    assert fixed(before, span, after) == garble(before, span, after)


@pytest.mark.parametrize("writer", ["big5", "big5hkscs", "cp950"])
@pytest.mark.parametrize(
    "before, span, after",
    [("這一過程必須首先理解客戶", "想要", "什麼並決心據此提供解決方案。"), ("我不知道你", "想要", "什麼，告訴我吧。")],
)
def test_a_lone_garble_amid_han_is_judged_with_the_edge_it_takes(before, span, after, writer):
    # 稱璶: 璶 alone (要) makes no strong pair; with 稱 (想) beside it, 想要 does
    assert fixed(before, span, after, writer) == before + span + after


@pytest.mark.parametrize("text", ["他的名字叫王堃，今年十歲。", "這家店的牛腩麵很好吃。", "喆喆今天很開心。", "客戶稱要什麼都可以。"])
def test_rare_characters_amid_han_and_their_neighbours_are_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize("writer", ["big5", "big5hkscs", "cp950"])
def test_the_other_half_of_a_pair_of_quotation_marks_is_swapped_back(writer):
    # Big5's “ and ” read as GBK are ¨ and 〃: a 〃 closing a “ (one garbled
    # character amid clean text), a ¨ opening a ” (a line garbled whole, before A)
    before, after = "恐怖分子製造的爆炸事件也將被人銘記；但是，只有“9/11", "幾乎像“1914年8月”那樣"
    assert fixed(before, "”", after, writer) == before + "”" + after
    line = "在大學的研究領域想在“A級”期刊上發表論文非常困難"
    assert fixed("", line, "", writer) == line


@pytest.mark.parametrize("text", ["他說“好〃”。", "“甲”¨乙”"])
def test_a_ditto_mark_or_diaeresis_beside_a_closed_quotation_is_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize("writer", ["big5", "big5hkscs", "cp950"])
@pytest.mark.parametrize("line", ["我是在iPhone那裡看到招生宣傳的，覺得學校很不錯", "上次去Apple那裡買的耳機真的很好用，推薦大家去"])
def test_an_e_circumflex_ending_a_latin_word_before_han_is_garble(line, writer):
    # Big5's 那 read as GBK is ê: after a word of small letters too (iPhoneê裡 is iPhone那裡)
    assert fixed("", line, "", writer) == line


@pytest.mark.parametrize("text", ["Lê先生今天來了。", "越南的Huê很美。", "他的forêt很大。", "Lê會長說，明年再來。"])
def test_an_e_circumflex_of_a_clean_line_is_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # a simplified-only character kept beside a swapped span: Big5 writes none (块 is
        # GBK's reading of 輸, 场 of 部, 还 of 遜, 并 of 甜)
        ("", "質量很好正版輸", "1248的質量很好是正版", "big5"),
        ("很好的一", "部作品值得一看", "", "big5"),
        ("正品登陸網站查了", "是正品一直只買亞馬遜", "直營的", "big5hkscs"),
        ("", "不過味道還真沒話說，不是很甜，口感細膩", "", "big5"),
    ],
)
def test_a_simplified_character_beside_a_swapped_span_is_the_garble_s(before, span, after, writer):
    garbled = garble(before, span, after, writer)
    assert any(c in garbled for c in "块场还并")
    assert repair_text(garbled) == (before + span + after, ["big5 as gbk"])


@pytest.mark.parametrize(
    "text",
    [
        "价格还很好，质量也不错",  # simplified text: its characters are its own
        "这家店的质量还不错，價格合理",
        "不過味道還真沒話說，价格还行",
    ],
)
def test_simplified_characters_of_clean_text_beside_traditional_ones_are_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "line",
    # GBK reads Big5's 些事兒 as ㄇㄆㄠ and 來來來 as ㄓㄓㄓ, beside GB18030's readings of
    # user-defined pairs (《 is \ue4f3, 》 \ue4f4, 能 \ue215) and 那's ê
    ["但我更喜歡《明朝那些事兒》的風格。", "不能那你有什麼卵用 能來來來實驗拿出來"],
)
def test_bopomofo_letters_beside_user_defined_readings_are_garble(line):
    garbled = garble("", line, "")
    assert "ㄇㄆㄠ" in garbled or "ㄓㄓㄓ" in garbled
    assert repair_text(garbled) == (line, ["big5 as gbk"])


@pytest.mark.parametrize("text", ["注音ㄅㄆㄇ是這樣寫的", "他說ㄏㄏㄏ好好笑", "我喜歡ㄇㄆㄠ這個詞\ue600", "圖示\ue600ㄅㄆㄇ"])
def test_bopomofo_of_clean_text_is_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # a symbol of GBK's rows beside Han, Big5's common Han: 都有 is 常Τ, 進行 秈︽,
        # 恐怖 \ue17a┢ (GB18030) or 恐┢ (GBK: no pair for the first), 歡手 舧も, 歌太 簈び
        ("每章後面", "都有", "練習題。", "big5"),
        ("並不得不對援助資金", "進行", "配額限制", "cp950"),
        ("軍事無人機在擊斃", "恐怖", "組織頭目的行動中作用非凡。", "big5hkscs"),
        ("送貨很快 機很喜", "歡手", "感很好 反應很快", "big5"),
        ("不high不high", "歌太", "老人不多店內裝修的風格", "big5"),
    ],
)
def test_a_symbol_amid_han_is_judged_by_the_words_either_reading_makes(before, span, after, writer):
    for reader in ("gb18030", "gbk"):
        try:
            garbled = before + span.encode(writer).decode(reader) + after
        except UnicodeDecodeError:
            continue  # (GBK has no pair for that byte pair)
        assert any(not "\u3400" <= c <= "\u9fff" for c in garbled[len(before) : len(garbled) - len(after)])  # a symbol or kana
        assert repair_text(garbled) == (before + span + after, ["big5 as gbk"])


@pytest.mark.parametrize(
    "text",
    [
        "長10㎝的木板很結實",
        "α粒子和β射線都很危險",
        "京都︱絕對不要去京都旅行",
        "分隔線──以下是正文",
        "這家店的ラーメン很好吃",
        "表格│第一欄│第二欄",
    ],
)
def test_symbols_of_clean_text_beside_han_are_left_alone(text):
    assert repair_text(text)[0] == text


@pytest.mark.parametrize(
    "before, span, after, writer",
    [
        # symbols of GBK's row A9, which the gate finds (data/gate_classes.tsv's
        # big5_symbols): 所讓 is ┮琵, 期和 戳㎝, 咖啡 〡柏
        ("我們有的是居1434", "所讓", "我們保持乾燥；", "big5hkscs"),
        ("咖啡麼，後NBA", "期和", "每個人的手法有關", "big5hkscs"),
        ("這是與描述不符的", "咖啡", "", "cp950"),
    ],
)
def test_a_symbol_of_the_box_drawing_row_amid_han_is_garble(before, span, after, writer):
    garbled = before + span.encode(writer).decode("gbk") + after
    assert any(c in garbled for c in "┮㎝〡")
    assert normalized(garbled) == before + span + after


@pytest.mark.parametrize("text", ["長10㎝的木板很結實", "面積100㎡的房子", "重5㎏的箱子和10 ㎎的藥", "表格├第一欄┼第二欄"])
def test_units_and_box_drawing_of_clean_text_are_left_alone(text):
    assert normalized(text) == text


def normalized(text: str) -> str:
    """`text` through the command's stages but clean and convert (the gate, then the
    fixers; tidy makes ASCII punctuation beside Han full-width)."""
    from zhnorm import normalize_bytes

    return normalize_bytes(f"{text}\n".encode("utf-8"), to="keep", skip=["clean"]).rstrip("\n")


def test_a_simplified_character_at_a_line_s_start_beside_the_garble():
    # 仅 is GBK's reading of Big5's 躺; the line's one Traditional-only character (電)
    # says it is Traditional text, which Big5 writes without any simplified-only one
    line = "躺在床上看VIP電影很方便。"
    garbled = garble("", line, "", "cp950")
    assert garbled.startswith("仅")
    assert repair_text(garbled) == (line, ["big5 as gbk"])


@pytest.mark.parametrize("writer", ["big5", "cp950"])
def test_an_accented_letter_between_han_and_a_latin_word_is_garble(writer):
    # Big5's 角 read as GBK is à, before the word cut into 角色
    line = "共同農業政策在歐洲政治與社會整合過程中所扮演的發動機角iPhone色就能恢復。"
    garbled = garble("", line, "", writer)
    assert "àiPhone" in garbled
    assert repair_text(garbled) == (line, ["big5 as gbk"])


@pytest.mark.parametrize("text", ["我在école學法語", "點了à la carte的菜", "他叫José，是西班牙人", "Beyoncé演唱會很好看", "發動機àiPhone"])
def test_accented_letters_of_clean_text_beside_han_are_left_alone_too(text):
    assert repair_text(text)[0] == text
