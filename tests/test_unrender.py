"""unrender: annotations stripped, damaged spans repaired, the right simplified character."""

from __future__ import annotations

import sys

import pytest

from zhnorm import normalize

from .conftest import CORPORA, ROOT, SEED

sys.path.insert(0, str(ROOT / "evaluation"))

from site_sim import Site, decode_like_site  # noqa: E402


def unrendered(text: str, **options) -> str:
    return normalize(text, skip=["clean", "tidy"], **options)


CASES = [
    # (original, fixed): default target, mainland simplified
    ("生態(tài)文明建設(shè)", "生态文明建设"),
    ("會(huì)議", "会议"),
    ("我們(men)怎麼(me)了嗎(ma)", "我们怎么了吗"),
    ("綠(lǜ)色", "绿色"),
    ("甘孜日?qǐng)?bào)", "甘孜日报"),
    ("甘孜日\ufffd(qǐng)\ufffd(bào)", "甘孜日报"),
    # a reading chooses among several simplified sources
    ("著(zhuó)手", "着手"),
    ("看著(zhe)", "看着"),
    ("著(zháo)急", "着急"),
    ("著(zhù)名", "著名"),
    ("乾(gān)燥", "干燥"),
    ("乾(qián)", "乾（qián）"),  # alone, OpenCC would make it 干: the reading stays
    ("瞭(liǎo)解", "了解"),
    ("瞭(liào)望", "瞭望"),
    ("徵(zhēng)收", "征收"),
    ("宮商角徵(zhǐ)羽", "宫商角徵羽"),
    ("沈(chén)默", "沉默"),
    ("沈(shěn)先生", "沈先生"),
    ("狼藉(jí)", "狼藉"),
    ("藉(jiè)口", "借口"),
    # a reading never overrides a character whose simplified form is unique
    ("頭發(fā)", "头发"),
    # 著 without annotation, by context
    ("著力實現 有著 著重", "着力实现 有着 着重"),
    ("著名 著作 顯著 名著 土著 卓著 昭著 編著 原著 著稱 著述", "著名 著作 显著 名著 土著 卓著 昭著 编著 原著 著称 著述"),
    ("魯迅著《吶喊》", "鲁迅著《呐喊》"),
    ("意味著(zhù)歐盟", "意味着欧盟"),  # a default-reading annotation does not override context
    # the SEO-clone variant: toneless readings after simplified characters
    ("乱(luan)码(ma)的(de)“前(qian)世(shi)今生”", "乱码的“前世今生”"),
    ("二进制(0和(he)1)的(de)表(biao)示", "二进制(0和1)的表示"),
]

UNCHANGED = [
    "世卫组织(WHO)发布报告",
    "Mashall(1983)认为",
    "(15%以下)",
    "欣宜(blog)",
    "(task-based learning,TBL)",
    "北京(Běijīng)",
    "他(ta)说",  # a lone toneless pair is not the SEO variant
    "第一(1)条",
    "問號? 還是問號?(不是拼音)",
]


@pytest.mark.parametrize("original, fixed", CASES)
def test_fixes(original, fixed):
    assert unrendered(original) == fixed


@pytest.mark.parametrize("text", UNCHANGED)
def test_real_parentheses_stay(text):
    assert unrendered(text, to="keep") == text


def test_seed_body_lines_appear_exactly():
    out = normalize((SEED / "ganzi-news.input.txt").read_text(encoding="utf-8")).splitlines()
    expected = (SEED / "ganzi-news.expected.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in expected if line]
    assert [line for line in body if line not in out] == []


def test_other_targets_strip_without_choosing():
    assert unrendered("乾(gān)燥 會(huì)議", to="keep") == "乾燥 會議"
    assert unrendered("乾(gān)燥", to="tw") == "乾燥"


def test_keep_annotations_still_repairs_damage():
    assert unrendered("甘孜日?qǐng)?bào)會(huì)", to="keep", keep_annotations=True) == "甘孜日報(bào)會(huì)"


def test_skip_unrender():
    assert normalize("會(huì)議", skip=["unrender", "tidy"]) == "会(huì)议"


def test_site_decoder_swallows_the_paren_after_a_lead_byte():
    data = "甘孜日報".encode("gbk").replace("報".encode("gbk"), "報(bào)".encode("gbk"))
    data = data.replace("請".encode("gbk"), "請(qǐng)".encode("gbk"))
    assert decode_like_site(data) == "甘孜日?qǐng)?bào)"


@pytest.mark.xfail(reason="jieba's word list, which the pair model is built from, has no 烤生 nor 生蚝: 开本 with a dropped pair competes with 烤, and the span is left as it is", strict=True)
def test_flattened_punctuation_inside_characters_is_repaired():
    # 。烤 = A1A3 BFBE: the phantom A3BF is ？, flattened to '?'; the text after it decoded
    # out of step until an ASCII byte
    site = Site(seed=99, share=0.0, flatten=True, real=False)  # a site that shows "?" for every bad pair
    page = site.render("分量也算够足。烤生蚝味道也不错，服务还可以。")
    assert page == "分量也算夠足??旧?蠔味道也不錯,服務還可以。"
    # 生 = C9FA lost its trail byte in an invalid pair; its neighbours (生蚝) leave one choice
    assert unrendered(page) == "分量也算够足。烤生蚝味道也不错,服务还可以。"


def test_a_trail_byte_shown_as_a_letter_after_a_flattened_mark():
    # 。現 = A1A3 AC46: the phantom A3AC is ，, flattened to ','; 現 keeps only its trail
    # byte 0x46, shown as 'F'. A site that swallows a comma after a lead byte shows '?F',
    # and the annotation of 現 says what the letter is
    from site_sim import SWALLOW, SWALLOW_MORE

    truth = "那时候他还很年轻。现在他已经五十岁了。"
    page = Site(seed=99, share=0.0, flatten=True).render(truth)
    assert page == "那時候他還很年輕?,F在他已經五十歲了。"
    assert unrendered(page) == truth
    page = Site(seed=5, share=1.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE).render(truth)
    assert page == "那時(shí)候他還(hái)很年輕(qīng)?F(xiàn)在他已經(jīng)五十歲(suì)了。"
    assert unrendered(page) == truth
    # a letter no annotation confirms and that the next character does not read with is text
    assert unrendered("怎么办?F盘满了。") == "怎么办?F盘满了。"
    assert unrendered("怎么办?,F盘满了。") == "怎么办?,F盘满了。"


def test_a_phantom_that_ends_in_an_ascii_byte_loses_its_annotation():
    # 差~ = B2EE 7E: the site annotated 額 = EE7E, which it found straddling 差's trail byte
    # and '~', so '(é)' follows the '~' and no byte is lost
    truth = "服务员的态度非常差~！消费金额也不小。"
    page = Site(seed=99, share=1.0).render(truth)
    assert page == "服務(wù)員(yuán)的態(tài)度非常差~(é)！消費(fèi)金額(é)也不小。"
    assert unrendered(page) == truth
    assert unrendered(page, to="keep", keep_annotations=True) == "服務(wù)員(yuán)的態(tài)度非常差~！消費(fèi)金額(é)也不小。"
    # the same after the character's own annotation (inserted after the phantom's)
    assert unrendered("態度非常差(chà)~(é)！") == "态度非常差~！"
    # a letter after a character whose trail byte and it read otherwise keeps its parentheses
    assert unrendered("维生素C(cí)和维生素A(ā)") == "维生素C(cí)和维生素A(ā)"


def test_lost_han_characters_are_not_guessed():
    # 埃克森 = B0A3 BFCB C9AD: 埃's lead byte and 森's trail byte are gone; 克 is known
    # by both its bytes and is repaired, the two characters known by one byte stay '?'
    site = Site(seed=99, share=0.0, flatten=True, real=False)  # a site that shows "?" for every bad pair
    page = site.render("确实，埃克森美孚又通报了一起事件。")
    assert page == "確實,??松?美孚又通報了一起事件。"
    assert unrendered(page) == "确实,?克?美孚又通报了一起事件。"


def corpus_lines(name: str, n: int) -> list[str]:
    rows = (CORPORA / name).read_text(encoding="utf-8").splitlines()
    return [r for r in rows[: n * 3] if r.strip()][:n]


@pytest.mark.parametrize("name", ["news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"])
def test_ordinary_simplified_text_passes_unchanged(name):
    lines = corpus_lines(name, 400)
    assert [l for l in lines if normalize(l, only=["unrender"]) != l] == []


def test_traditional_text_passes_unchanged():
    trad = normalize("\n".join(corpus_lines("news-commentary.zh-hans.txt", 400)), to="hant", only=["convert"])
    assert normalize(trad, only=["unrender"]) == trad


def test_latin_text_passes_unchanged():
    text = "Mashall (1983) argued (see p. 12) that prices rise?! (task-based learning, TBL) f(x) = g(y)"
    assert normalize(text, only=["unrender"]) == text


def test_simulated_sites_error_rate_under_a_sixth_of_the_baseline():
    # real display rules, 100 corpus lines on 4 sites: 0.22% of characters wrong against
    # the baseline's 1.94% (a ratio of 0.112; issue 13 asks for a fifteenth, not reached);
    # no annotation and no damaged span left in the output
    from eval_unrender import evaluate

    stats = evaluate(n_lines=100, n_sites=4)
    assert stats["lines"] > 350
    assert stats["cer"] <= stats["base_cer"] / 6
    assert stats["left_annotations"] == 0
    assert stats["left_damage"] == 0
    assert stats["repaired"] >= 15


def test_an_unclear_span_with_a_lost_pair_is_left_and_reported():
    # shown as real pages show it, 生蚝 lost a pair in a user-defined area (FA F2); the
    # readings the model ranks first (烤蓶, with a rare character, or 烤生號) are not clear
    # winners, so the span is left as it is and reported
    from .conftest import run_cli

    page = Site(seed=99, share=0.0, flatten=True).render("分量也算够足。烤生蚝味道也不错，服务还可以。")
    assert page == "分量也算夠足??旧栁兜酪膊诲e,服務還可以。"
    got = run_cli("--skip", "clean", "--skip", "tidy", "--explain", input=page.encode("utf-8"))
    assert got.stdout.decode("utf-8") == "分量也算够足??旧栁兜酪膊诲e,服务还可以。\n"
    assert "damaged span left as it is: '??': no clear best" in got.stderr.decode("utf-8")


def test_readings_are_each_characters_syllables_once_in_the_files_order():
    from zhnorm.unrender import plain_readings, readings

    table, plain = readings(), plain_readings()
    assert table["行"] == ("xíng", "háng", "héng", "xìng", "hàng")
    assert table["乾"] == ("qián", "gān", "gàn", "àn")
    assert plain["行"] == ("xing", "hang", "heng")
    # a syllable the file gives twice for a character counts once
    assert len(table["麼"]) == len(set(table["麼"])) < len(_file_row("麼").split(","))
    # the same syllable is one string object for every character read so
    assert table["行"][0] is table["型"][0] and plain["好"][0] is plain["郝"][0]


def _file_row(char: str) -> str:
    import pathlib

    path = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data" / "readings.tsv"
    return next(row.split("\t")[1] for row in path.read_text(encoding="utf-8").splitlines() if row.startswith(char + "\t"))


@pytest.mark.parametrize("text", [
    "乾（qián）坤", "先（xiān）生", "中文（ab）乾（gān）", "（qián）乾", "乾（qián", "（（乾（qián）", "乾（QIAN）",
    "首都（北京）与乾（qián）", "", "（", "中（", "乾（qiánnnnnn）", "長安（Khumdan）。其地",
])
def test_kept_reading_looked_for_at_parentheses(text):
    """The gate tried before each '（' finds what the pattern's search finds."""
    from zhnorm.unrender import KEPT_READING, has_kept_reading

    assert has_kept_reading(text) is (KEPT_READING.search(text) is not None)
    assert has_kept_reading("乾（qián）坤") and not has_kept_reading("首都（北京）")


@pytest.mark.parametrize("text, expected", [
    # a '(' or a '?' with nothing to repair or strip: 著 still read by context
    ("他們看著電視(直播)，笑著說話。", "他们看着电视(直播)，笑着说话。"),
    ("問題是什麼?他看著我", "问题是什么?他看着我"),
    ("什麼f(x)看著", "什么f(x)看着"),
    # and a Japanese line with one is left as it is, its 著 too
    ("日本語の文章を書いています(著者)。彼は看著", "日本語の文章を書いています(著者)。彼は看著"),
])
def test_a_line_with_nothing_to_change_keeps_its_marks(text, expected):
    assert unrendered(text) == expected


def test_lost_marks_found_as_the_class_finds_them():
    import re

    from zhnorm.unrender import _lost_at

    for text in ["", "abc", "?", "a?b\ufffdc??", "\ufffd好?\ufffd", "問題是什麼?他看著我？"]:
        assert _lost_at(text) == [m.start() for m in re.finditer("[?\ufffd]", text)]
