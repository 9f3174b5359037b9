"""decode: every encoding Chinese text arrives in gives the same text; bad bytes are reported."""

from __future__ import annotations

import io

import pytest

from zhnorm import normalize, normalize_bytes
from zhnorm.decode import PREFIX_SIZE, DecodeError, Decoder, detect

SENTENCE = "我州生态文明建设战略领导小组召开2017年第一次会议，研究部署当前工作。"
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be"]


def encoded(text: str, encoding: str) -> bytes:
    if encoding == "big5":  # Big5 holds Traditional characters only
        text = normalize(text, to="hant", only=["convert"])
    return text.encode(encoding)


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "会议开始了。",
        "中文",
        "abc 一二三",
        "北京欢迎你！Hello, world.",
    ],
)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_same_text_in_every_encoding_decodes_the_same(text, encoding):
    expected = normalize_bytes(encoded(text, "utf-8"), to="keep")
    if encoding == "big5":
        expected = normalize_bytes(encoded(text, "big5").decode("big5").encode("utf-8"), to="keep")
    assert normalize_bytes(encoded(text, encoding), to="keep") == expected


@pytest.mark.parametrize(
    "encoding, expected",
    [("gbk", "gb18030"), ("gb18030", "gb18030"), ("big5", "big5hkscs"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_detects_the_superset_codec(encoding, expected):
    assert detect(encoded(SENTENCE, encoding)).encoding == expected


def test_boms_win():
    assert detect(SENTENCE.encode("utf-8-sig")).reason == "bom"
    assert detect(SENTENCE.encode("utf-16")).encoding == "utf-16"


def test_valid_utf8_is_utf8_even_when_its_text_looks_garbled():
    # GBK read as Latin-1 and saved as UTF-8: 中国《宪法》. Read as GB18030 it would
    # become a second garble nothing can undo; decode keeps it UTF-8 for repair.
    garbled = "中国《宪法》".encode("gbk").decode("latin-1")
    assert detect(garbled.encode("utf-8")).encoding == "utf-8"
    # D2 BB is 一 in GBK and U+04BB (һ) in UTF-8: valid UTF-8, so UTF-8
    assert detect(b"\xd2\xbb").encoding == "utf-8"


def test_valid_utf8_is_settled_without_the_frequency_tables():
    # UTF-16's line-end test reads lang's tables; valid UTF-8 is found before it is needed
    import subprocess
    import sys

    probe = ("from zhnorm.decode import detect\n"
             "from zhnorm import lang\n"
             "assert detect('头发\\n乾燥\\n'.encode()).encoding == 'utf-8'\n"
             "print(lang._tables.cache_info().currsize)\n")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True).stdout == b"0\n"
    assert detect("头发\n乾燥\n".encode("gb18030")).encoding == "gb18030"


def test_european_text_in_cp1252_is_not_read_as_chinese():
    assert normalize_bytes("Ärger über Öl, naïve façade".encode("cp1252"), to="keep") == "Ärger über Öl, naïve façade\n"


def test_big5_pinyin_letters_need_hkscs():
    page = "會(huì)議".encode("big5hkscs")
    assert normalize_bytes(page, to="keep", only=["convert"]) == "會(huì)議\n"


def test_invalid_bytes_become_replacement_and_are_counted():
    data = "中文".encode() + b"\xff" + "测试".encode()
    dec = Decoder()
    lines = [line.text for line in dec(io.BytesIO(data))]
    assert lines == ["中文\ufffd测试"]
    assert dec.tracker.replaced == 1
    assert dec.tracker.first_offset == 6


def test_invalid_byte_offset_is_absolute_across_chunks():
    data = ("中文" * 100_000).encode() + b"\n\xff\n"
    dec = Decoder()
    assert [line.text for line in dec(io.BytesIO(data))][-1] == "\ufffd"
    assert dec.tracker.first_offset == len(data) - 2


def test_strict_raises_with_offset():
    data = "中文".encode() + b"\xff"
    with pytest.raises(DecodeError, match="byte offset 6"):
        list(Decoder(strict=True)(io.BytesIO(data)))


def test_utf8_prefix_then_gbk_switches_encoding_for_the_gbk_part():
    head = ("第一行中文。\n" * (PREFIX_SIZE // 19 + 10)).encode("utf-8")
    tail = "后面是GBK编码。\n".encode("gbk")
    dec = Decoder()
    lines = [line.text for line in dec(io.BytesIO(head + tail))]
    assert dec.detection.encoding == "utf-8"
    assert lines[0] == "第一行中文。"
    assert lines[-1] == "后面是GBK编码。"
    assert dec.tracker.replaced == 0
    assert dec.counts["encoding switched (mixed file)"] == 1
    assert dec.counts["lines read as gb18030"] == 1


def test_invalid_bytes_no_candidate_reads_are_counted_at_their_offset():
    head = ("第一行中文。\n" * 10).encode("utf-8")
    dec = Decoder()
    lines = [line.text for line in dec(io.BytesIO(head + b"\xff\xfe\xff abc\n"))]
    assert lines[-1] == "\ufffd\ufffd\ufffd abc"
    assert dec.tracker.replaced == 3
    assert dec.tracker.first_offset == len(head)


def test_binary_is_refused():
    data = bytes(range(256)) * 40
    with pytest.raises(DecodeError, match="binary file"):
        list(Decoder()(io.BytesIO(data)))


def test_given_encoding_skips_detection():
    dec = Decoder("big5")
    assert [line.text for line in dec(io.BytesIO("中文".encode("gbk")))] != ["中文"]
    assert dec.detection.reason == "given"


def test_line_ends_crlf_and_missing_final_newline():
    data = "甲\r\n乙\n\r\n丙".encode()
    assert [line.text for line in Decoder()(io.BytesIO(data))] == ["甲", "乙", "", "丙"]


def test_crlf_split_across_chunks():
    from zhnorm import decode

    first = b"a" * (decode.PREFIX_SIZE + decode.CHUNK_SIZE - 1) + b"\r"
    data = first + b"\nnext\n"
    lines = [line.text for line in Decoder()(io.BytesIO(data))]
    assert lines == ["a" * (len(first) - 1), "next"]


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.largest_read = 0

    def read(self, n=-1):
        assert n is not None and n > 0, "decode must read in bounded chunks"
        self.largest_read = max(self.largest_read, n)
        return super().read(n)


def test_decoding_streams_in_bounded_chunks():
    data = "一行中文。\n".encode() * 400_000  # 6.4 MB
    stream = CountingStream(data)
    lines = Decoder()(stream)
    first = next(lines)
    assert first.text == "一行中文。" and first.no == 1
    assert stream.tell() < len(data) // 4  # the first line came before the file was read
    assert sum(1 for _ in lines) == 399_999
    assert stream.largest_read <= 256 * 1024


def test_a_line_longer_than_a_piece_travels_in_pieces_and_comes_out_whole(tmp_path):
    from zhnorm import decode

    from .conftest import CORPORA, run_cli

    text = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    trad = normalize(text, to="hant", only=["convert"])
    line = "  " + (trad * (2 * decode.PIECE // len(trad) + 2))[: decode.PIECE * 2 + 123] + " (注)  "
    assert len(line) > decode.PIECE * 2
    pieces = list(Decoder()(io.BytesIO(("甲\n" + line + "\n乙\n").encode())))
    assert [p.no for p in pieces][:2] == [1, 2] and any(p.cont for p in pieces)
    assert "".join(p.text for p in pieces if p.no == 2) == line
    f = tmp_path / "long.txt"
    f.write_text("甲\n" + line + "\n乙\n", encoding="utf-8")
    # a 6 MB line takes the default pipeline over 30 s of CPU (repair, tidy: see the
    # README's speed section), more than the usual bound on a loaded machine
    r = run_cli(f, timeout=300)
    assert r.returncode == 0
    assert r.stdout.decode() == normalize("甲\n" + line + "\n乙\n")
    assert r.stdout.count(b"\n") == 3


def test_a_cp950_file_is_read_as_cp950():
    import opencc

    from .conftest import CORPORA, run_cli

    text = opencc.OpenCC("s2t").convert((CORPORA / "clue-news-web.zh-hans.txt").read_text(encoding="utf-8"))
    data = text.encode("cp950", errors="replace")
    r = run_cli("--no-config", "-q", "--skip", "repair", "--skip", "unrender", "--skip", "convert",
                "--skip", "clean", "--skip", "tidy", input=data)
    assert r.stdout.decode() == data.decode("cp950")


def test_a_big5_hkscs_file_with_circled_numbers_stays_big5_hkscs():
    # cp950 reads C6A1 (①) as ヾ: a lone kana amid Chinese is no evidence for cp950
    from .conftest import run_cli

    data = "步驟①打開設定，②選擇語言，③重新啟動。\n".encode("big5hkscs")
    r = run_cli("--no-config", "-q", "--to", "keep", "--only", "convert", input=data)
    assert r.stdout.decode() == "步驟①打開設定，②選擇語言，③重新啟動。\n"
