"""Japanese and Korean pass through untouched, files mixing encodings are read part by
part, one sentence is enough: through the CLI, bytes in (real text of ../shared)."""

from __future__ import annotations

import pathlib

import opencc
import pytest

from .conftest import run_cli

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
OTHER = SHARED / "otherlang"
CORPORA = SHARED / "corpora"

needs_shared = pytest.mark.skipif(not OTHER.is_dir(), reason="../shared/otherlang not present")


def _files(lang: str) -> list[pathlib.Path]:
    return sorted((OTHER / lang).glob("*.txt"))


def _squeeze(text: str) -> str:
    """Whitespace aside: runs of spaces as one (tidy collapses them)."""
    return "\n".join(" ".join(line.split(" ")).replace("  ", " ") for line in text.split("\n"))


def _prose(n: int, start: int = 0) -> list[str]:
    """Corpus lines whose Traditional form Big5 encodes."""
    s2t = opencc.OpenCC("s2t").convert
    rows = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()
    out = []
    for r in rows:
        try:
            s2t(r).encode("big5")
        except UnicodeEncodeError:
            continue
        if len(r) > 20:
            out.append(r)
    return out[start : start + n]


@needs_shared
@pytest.mark.parametrize("enc", ["utf-8", "shift_jis", "euc_jp", "iso2022_jp"])
def test_japanese_comes_out_as_it_went_in(enc):
    for path in _files("ja"):
        text = path.read_text(encoding="utf-8")
        r = run_cli("--report", input=text.encode(enc))
        assert r.returncode == 0, r.stderr
        assert _squeeze(r.stdout.decode("utf-8")) == _squeeze(text), path.name


@needs_shared
@pytest.mark.parametrize("enc", ["utf-8", "euc_kr"])
def test_korean_comes_out_as_it_went_in(enc):
    for path in _files("ko"):
        text = path.read_text(encoding="utf-8")
        r = run_cli(input=text.encode(enc))
        assert r.returncode == 0, r.stderr
        out = r.stdout.decode("utf-8")
        assert [" ".join(line.split()) for line in out.split("\n")] == [" ".join(line.split()) for line in text.split("\n")]


@needs_shared
def test_legacy_japanese_and_korean_are_reported_as_read():
    ja = _files("ja")[0].read_text(encoding="utf-8")
    ko = _files("ko")[0].read_text(encoding="utf-8")
    for data, name in ((ja.encode("shift_jis"), "cp932"), (ja.encode("euc_jp"), "euc_jp"), (ko.encode("euc_kr"), "cp949")):
        r = run_cli("--report", input=data)
        assert f"read as {name}" in r.stderr.decode()


@needs_shared
@pytest.mark.parametrize("enc", ["utf-8", "gb18030"])
def test_chinese_around_japanese_is_converted_and_the_japanese_is_not(enc):
    s2t = opencc.OpenCC("s2t").convert
    before, after = _prose(2), _prose(2, 10)
    ja = _files("ja")[0].read_text(encoding="utf-8")
    whole = "\n".join(map(s2t, before)) + "\n" + ja + "\n".join(map(s2t, after)) + "\n"
    r = run_cli("--report", input=whole.encode(enc))
    out = r.stdout.decode("utf-8").split("\n")
    chinese = run_cli(input=("\n".join(map(s2t, before + after)) + "\n").encode()).stdout.decode().split("\n")
    n = len(ja.rstrip("\n").split("\n"))
    assert out[2 : 2 + n] == ja.rstrip("\n").split("\n")
    assert out[:2] + out[2 + n :] == chinese
    assert out[:2] != list(map(s2t, before))  # it was converted
    assert "Japanese left alone" in r.stderr.decode()


def test_japanese_sentence_inside_a_chinese_line_is_left_alone():
    r = run_cli(input="這是中文。日本語のテキストです。東京は晴れています。我們繼續說。\n".encode())
    assert r.stdout.decode() == "这是中文。日本語のテキストです。東京は晴れています。我们继续说。\n"


def test_to_keeps_japanese_as_it_is_in_every_target():
    ja = "日本語の文章です。経済情勢報告を公表しました。\n"
    for target in ("hans", "hant", "tw", "hk"):
        assert run_cli("--to", target, input=ja.encode()).stdout.decode() == ja


def test_mojibake_with_kana_is_still_repaired():
    garbled = "你好，世界！".encode("utf-8").decode("gbk")
    assert garbled == "浣犲ソ锛屼笘鐣岋紒"  # a katakana among rare Han: not Japanese
    assert run_cli(input=(garbled + "\n").encode()).stdout.decode() == "你好，世界！\n"


@needs_shared
@pytest.mark.parametrize(("first", "second"), [("gbk", "utf-8"), ("utf-8", "gbk"), ("gbk", "big5"), ("big5", "utf-8")])
def test_files_of_two_encodings_are_read_part_by_part(first, second):
    s2t = opencc.OpenCC("s2t").convert
    a, b = _prose(4), _prose(4, 20)
    a = [s2t(x) for x in a] if first == "big5" else a
    b = [s2t(x) for x in b] if second == "big5" else b
    data = ("\n".join(a) + "\n").encode(first) + ("\n".join(b) + "\n").encode(second)
    r = run_cli("--report", input=data)
    want = run_cli(input=("\n".join(a + b) + "\n").encode()).stdout
    assert r.stdout == want
    assert "\ufffd" not in r.stdout.decode()
    assert "encoding switched (mixed file)" in r.stderr.decode()


def test_the_switch_is_explained():
    data = "第一行中文，用的是统一码。\n".encode() + "第二行中文，用的是国标码。\n".encode("gbk")
    r = run_cli("--explain", input=data)
    assert r.stdout.decode() == "第一行中文，用的是统一码。\n第二行中文，用的是国标码。\n"
    assert "<stdin>:2: decode: encoding switched: 'read as utf-8' -> 'read as gb18030'" in r.stderr.decode()


def test_one_odd_byte_does_not_switch_the_encoding():
    line = "这是一行很普通的中文句子，没有任何问题。\n"
    data = line.encode("gbk") * 3 + "这是一行有坏字节的句子".encode("gbk") + b"\xff" + "，后面还有。\n".encode("gbk") + line.encode("gbk")
    r = run_cli("--report", input=data)
    out = r.stdout.decode().split("\n")
    assert out[3] == "这是一行有坏字节的句子\ufffd，后面还有。"
    assert out[4] == line.strip()
    assert "switched" not in r.stderr.decode()


def _sentences(enc: str, n: int) -> list[str]:
    """The first `n` corpus sentences that make 16 to 40 bytes in `enc` (Big5: their
    Traditional form)."""
    import re

    s2t = opencc.OpenCC("s2t").convert
    found = []
    for row in (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines():
        for s in re.findall(r"[^。！？]+[。！？]", row):
            text = s2t(s) if enc == "big5" else s
            try:
                if 16 <= len(text.encode(enc)) <= 40:
                    found.append(text)
            except UnicodeEncodeError:
                continue
            if len(found) == n:
                return found
    return found


@needs_shared
@pytest.mark.parametrize("enc", ["gbk", "big5", "utf-16-le", "utf-16-be"])
def test_one_sentence_is_enough(enc, tmp_path):
    sentences = _sentences(enc, 30)
    assert len(sentences) == 30
    legacy, utf8 = [], []
    for i, s in enumerate(sentences):
        (tmp_path / f"{i}.{enc}").write_bytes(s.encode(enc))  # no BOM, no line end
        (tmp_path / f"{i}.utf8").write_bytes(s.encode("utf-8"))
        legacy.append(tmp_path / f"{i}.{enc}")
        utf8.append(tmp_path / f"{i}.utf8")
    got = run_cli(*legacy).stdout.decode("utf-8").split("\n")
    want = run_cli(*utf8).stdout.decode("utf-8").split("\n")
    right = sum(g == w for g, w in zip(got, want))
    assert len(got) == len(want) and right >= 29, [(g, w) for g, w in zip(got, want) if g != w]


def test_an_ambiguous_short_input_is_reported_as_unsure():
    # C6 A1..: circled digits in Python's Big5 and cp950, kana in Big5-HKSCS; both plausible
    r = run_cli("--report", input="②今天天氣很好，我們去公園。\n".encode("big5"))
    assert "unsure: next reading within 0.1" in r.stderr.decode()
    r = run_cli("--report", input="今天天氣很好，我們去公園。\n".encode("big5"))
    assert r.stdout.decode() == "今天天气很好，我们去公园。\n"
    assert "unsure" not in r.stderr.decode()


def test_segments_kept_are_handed_out_as_copies():
    from zhnorm.lang import segments

    text = "これは日本語の文です。這是中文句子。"
    first = segments(text)
    assert first == [("これは日本語の文です。", "ja"), ("這是中文句子。", "zh")]
    first.append(("x", "zh"))
    assert segments(text) == [("これは日本語の文です。", "ja"), ("這是中文句子。", "zh")]


def test_foreign_asks_the_sentences_segments_would_make_japanese_or_korean():
    # `foreign` asks only the sentences holding a hint, from a sentence start before the
    # first: the same answer as the segments' on real lines and on random joins of
    # Japanese, Korean and Chinese sentences with every end and closer, newlines inside
    import random

    from zhnorm.lang import SENTENCE, _sentence_start, foreign, segments

    from .conftest import SHARED
    from .test_repair import _lines_repair_meets

    def by_segments(text: str) -> bool:
        return any(lang in ("ja", "ko") for _, lang in segments(text))

    pages = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "otherlang").glob("*/*.txt"))]
    lines = [t for t in _lines_repair_meets()[::5] if not t.isascii()] + [t for p in pages for t in p.splitlines()]
    r = random.Random(18)
    pieces = [s for p in pages for s in SENTENCE.findall(p) if s.strip()] + [s for s in SENTENCE.findall("\n".join(lines[:3000])) if s.strip()]
    ends = ["", "。", "！？", "!", "?", "」", "。」", "？』）", "\"", "'", "\n", "。\n", "”", "’。"]
    for _ in range(3000):
        lines.append("".join(r.choice(pieces).rstrip("\n") + r.choice(ends) for _ in range(r.randint(1, 6))))
    assert [foreign(t) for t in lines] == [by_segments(t) for t in lines]
    assert 50 < sum(map(foreign, lines)) < len(lines) / 2
    for t in lines[-3000:]:
        starts = {m.start() for m in SENTENCE.finditer(t)}
        for p in range(0, len(t), 7):
            assert _sentence_start(t, p) in starts and _sentence_start(t, p) <= p, (t, p)
