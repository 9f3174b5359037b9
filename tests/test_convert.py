"""convert: the official OpenCC conversions, checked against OpenCC's own test cases."""

from __future__ import annotations

import json

import pytest

from zhnorm import Options, Pipeline, normalize
from zhnorm.options import TARGETS

from .conftest import CORPORA

CASES = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
CONFIG_TO = {config: to for to, config in TARGETS.items() if config}


def cases_for(config: str):
    return [pytest.param(c["input"], c["expected"][config], id=c["id"]) for c in CASES if config in c["expected"]]


@pytest.mark.parametrize("config", sorted(CONFIG_TO))
def test_every_opencc_case_passes(config):
    cases = [(c["input"], c["expected"][config]) for c in CASES if config in c["expected"]]
    assert len(cases) >= 50
    failed = [(i, e, got) for i, e in cases if (got := normalize(i, to=CONFIG_TO[config], only=["convert"])) != e]
    assert failed == []


def test_to_targets():
    text = "鼠标和软件"
    assert normalize(text, to="hant", only=["convert"]) == "鼠標和軟件"
    assert normalize(text, to="tw", only=["convert"]) == "滑鼠和軟體"
    assert normalize("頭髮乾燥", to="hans", only=["convert"]) == "头发干燥"
    assert normalize("頭髮乾燥", to="keep", only=["convert"]) == "頭髮乾燥"


def test_lines_without_han_pass_unchanged():
    assert normalize("Hello, world! 12:30 (WHO)", only=["convert"]) == "Hello, world! 12:30 (WHO)"


def test_each_line_converted_alone():
    assert normalize("頭髮\n\n乾燥\n", only=["convert"]) == "头发\n\n干燥\n"


def test_batched_conversion_equals_line_by_line():
    # OpenCC never matches a phrase across a newline: converting a batch of lines joined
    # by newlines gives each line what converting it alone gives
    from zhnorm.convert import converter

    lines = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").splitlines()[:2000]
    for config in ("s2t", "s2twp", "s2hk"):
        c = converter(config)
        trad = [c.convert(line) for line in lines]
        assert normalize("\n".join(lines), to=CONFIG_TO[config], only=["convert"]).split("\n") == trad
    back = [converter("t2s").convert(t) for t in trad]
    assert normalize("\n".join(trad), only=["convert"]).split("\n") == back


def test_a_very_long_line_converts_in_pieces_as_a_whole():
    from zhnorm import convert

    text = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    trad = convert.converter("s2t").convert(text)
    assert len(trad) > convert.SEGMENT * 2
    assert normalize(trad, only=["convert"]) == convert.converter("t2s").convert(trad)


@pytest.mark.parametrize(
    "data",
    [
        "頭髮\r\n乾燥\r\n".encode(),  # CR LF
        "頭髮\r乾燥\n後來".encode(),  # a lone CR stays; no LF at the end
        "後來\r".encode(),  # a CR at the very end
        "\n\n頭髮\n\n".encode(),
        "".encode(),
        "漢字".encode("big5"),
        ("後來" * 700_000 + "。" + "頭髮" * 10 + "\n尾巴\n").encode(),  # pieces of a long line
    ],
    ids=["crlf", "lone-cr", "cr-at-end", "blank-lines", "empty", "big5", "long-line"],
)
def test_convert_alone_in_blocks_equals_line_by_line(data):
    import io

    from zhnorm.files import write_lines

    def run(explain: bool) -> tuple[bytes, dict]:
        # with --explain each line is recorded, so lines go one by one; without, in blocks
        p = Pipeline(Options.build(only=["convert"]), explain=explain)
        out = io.BytesIO()
        write_lines(p.run_bytes(io.BytesIO(data)), out)
        return out.getvalue(), dict(p.totals["convert"])

    assert run(False) == run(True)
