"""The Python API: the examples in the docstrings run, and the API matches the command."""

from __future__ import annotations

import doctest

import pytest

import zhnorm
import zhnorm.pipeline
from zhnorm import Options, Pipeline

from .conftest import SAMPLES, SEED, run_cli


@pytest.mark.parametrize("module", [zhnorm, zhnorm.pipeline], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_normalize_bytes_equals_the_command():
    for path in [SEED / "ganzi-news.input.txt", *sorted(SAMPLES.glob("*.txt"))]:
        assert zhnorm.normalize_bytes(path.read_bytes()).encode() == run_cli(path).stdout


def test_pipeline_takes_the_same_stage_names_as_the_command():
    p = Pipeline(Options.build(skip=["clean"], to="tw"))
    assert [s.name for s in p.build()] == ["repair", "unrender", "convert", "tidy"]
    assert p.normalize("上一篇：软件") == "上一篇：軟體"


def test_explain_lists_drops_and_changes():
    result = zhnorm.explain((SEED / "ganzi-news.input.txt").read_text(encoding="utf-8"))
    assert result.text + "\n" == (SEED / "ganzi-news.expected.txt").read_text(encoding="utf-8")
    dropped = [(e.line, e.reason) for e in result.events if e.after is None and e.stage == "clean"]
    assert dropped == [(1, "breadcrumb"), (23, "prevnext"), (24, "prevnext")]


def test_py_typed_is_shipped():
    import importlib.resources

    assert importlib.resources.files("zhnorm").joinpath("py.typed").is_file()


def test_lone_surrogates_become_replacement_characters_and_are_counted():
    # a str can hold half a surrogate pair (JSON's "\ud800", surrogateescape); UTF-8 cannot
    assert zhnorm.normalize("\udc80會") == "\ufffd会"
    p = Pipeline(Options())
    assert p.normalize("頭\ud800髮\udfff\n") == "头\ufffd发\ufffd\n"
    assert p.totals["decode"]["lone surrogates -> U+FFFD"] == 2


def test_a_lone_cr_ends_a_line_in_a_string():
    assert zhnorm.normalize("頭髮\r乾燥\r") == "头发\n干燥\n"
