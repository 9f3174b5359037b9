"""convert: Traditional variants that OpenCC's t2s leaves as they are (data/t2s_variants.tsv)."""

from __future__ import annotations

import pytest

from zhnorm import normalize
from zhnorm.convert import t2s_variants

from .conftest import CORPORA, SHARED

PAGE = SHARED / "realpages" / "pinyin_traditional" / "022.txt"
SIMPLIFIED = ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt")


def table() -> dict[str, str]:
    return {chr(k): v for k, v in t2s_variants()[1].items()}


def test_jian_of_another_converter_is_the_simplified_one():
    # a converter other than OpenCC wrote 碱 as 堿 (OpenCC writes 鹼, and t2s knows only that)
    assert normalize("康巴垂穗披堿草等，種上了黃花木", only=["convert"]) == "康巴垂穗披碱草等，种上了黄花木"
    assert normalize("披鹼草與披堿草", only=["convert"]) == "披碱草与披碱草"


def test_the_real_page_has_it_right(cli):
    out = cli(PAGE).stdout.decode("utf-8")
    assert "披碱草" in out and "堿" not in out


def test_only_to_simplified():
    assert normalize("披堿草與國語", to="tw", only=["convert"]) == "披堿草與國語"
    assert normalize("披堿草與國語", to="hant", only=["convert"]) == "披堿草與國語"
    assert normalize("披堿草與國語", to="keep", only=["convert"]) == "披堿草與國語"
    assert normalize("燄火與國語", source="tw", only=["convert"]) == "焰火与国语"


def test_a_line_already_simplified_is_left_alone():
    # no character of Traditional alone: not converted, so the variant stays as written
    assert normalize("康巴垂穗披堿草等", only=["convert"]) == "康巴垂穗披堿草等"


def test_one_pass_is_final():
    once = normalize("康巴垂穗披堿草，燄火與暱稱")
    assert once == "康巴垂穗披碱草，焰火与昵称"
    assert normalize(once) == once


def test_a_japanese_sentence_is_left_alone():
    text = "這是披堿草。これは堿です。"
    assert normalize(text, only=["convert"]) == "这是披碱草。これは堿です。"


def test_the_table_is_of_characters_t2s_leaves_and_simplified_ones():
    import opencc

    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=True).convert
    variants = table()
    assert len(variants) > 190 and variants["堿"] == "碱" and variants["暱"] == "昵"
    assert all(t2s(v) == v for v in variants)  # OpenCC leaves every variant alone
    assert all(t2s(s) == s != v for v, s in variants.items())  # and each goes to a simplified one
    for common in "像座待覆俱藉彷祇甯濬拏菓氡趯伕":  # simplified, classical or Japanese text writes them; 趯 is tì
        assert common not in variants


@pytest.mark.parametrize("name", SIMPLIFIED)
def test_simplified_corpora_are_unchanged(name, monkeypatch):
    from zhnorm import convert

    text = (CORPORA / name).read_text(encoding="utf-8")
    assert not set(text) & set(table())
    out = normalize(text, only=["convert"])
    # the variant step changes nothing there: convert gives what it gives without the table
    monkeypatch.setattr(convert, "t2s_variants", lambda: (None, {}))
    assert out == normalize(text, only=["convert"])


@pytest.mark.parametrize("name", SIMPLIFIED)
def test_their_traditional_conversion_comes_back_no_worse(name, monkeypatch):
    import opencc

    from zhnorm import convert

    lines = (CORPORA / name).read_text(encoding="utf-8")[:300_000].splitlines()
    trad = opencc.OpenCC("s2t").convert("\n".join(lines))
    ours = normalize(trad, only=["convert"]).split("\n")
    monkeypatch.setattr(convert, "t2s_variants", lambda: (None, {}))
    plain = normalize(trad, only=["convert"]).split("\n")
    assert len(ours) == len(plain) == len(lines)
    # a line OpenCC alone brings back is brought back; one it does not may be (暱 is OpenCC's for 昵)
    assert [i for i, (a, b, c) in enumerate(zip(lines, ours, plain)) if a == c != b] == []
    assert sum(map(str.__eq__, lines, ours)) >= sum(map(str.__eq__, lines, plain))


def test_other_languages_pass_unchanged():
    for path in sorted((SHARED / "otherlang").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        assert normalize(text, only=["convert"]) == normalize(text, only=["convert"], to="keep"), path.name
        assert not set(text) & set(table()), path.name


def test_convert_alone_in_blocks(cli):
    # --only convert hands convert whole blocks of lines: the variants are made simplified there too
    r = cli("--only", "convert", input="披堿草與國語\n馬車伕與暱稱\n".encode())
    assert r.stdout.decode("utf-8") == "披碱草与国语\n马车伕与昵称\n"
