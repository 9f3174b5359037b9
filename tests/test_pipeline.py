"""Pipeline, Options and the stage slots."""

from __future__ import annotations

import pytest

from zhnorm import STAGES, Options, Pipeline, normalize
from zhnorm.pipeline import split_lines


def test_stage_order():
    assert STAGES == ("decode", "repair", "unrender", "convert", "clean", "tidy")
    assert [s.name for s in Pipeline().build()] == list(STAGES[1:])


def test_skip_and_only():
    assert [s.name for s in Pipeline(Options.build(skip=["tidy", "clean"])).build()] == ["repair", "unrender", "convert"]
    assert [s.name for s in Pipeline(Options.build(only=["convert"])).build()] == ["convert"]
    assert [s.name for s in Pipeline(Options.build(only=["decode"])).build()] == []


@pytest.mark.parametrize("bad", [dict(to="zh"), dict(skip=["nope"]), dict(punct="half")])
def test_bad_options(bad):
    with pytest.raises((ValueError, TypeError)):
        Options.build(**bad)


def test_counts_reach_totals():
    p = Pipeline(Options())
    assert p.normalize("頭髮\n\n\n乾燥  了\n") == "头发\n\n干燥 了\n"
    assert p.totals["convert"]["t2s"] == 2
    assert p.totals["tidy"]["blank lines"] == 1
    assert p.totals["tidy"]["spaces"] == 1


def test_explain_records_events_with_line_numbers():
    p = Pipeline(Options(), explain=True)
    p.normalize("頭髮\n乾燥\n")
    assert [(e.stage, e.line, e.before, e.after) for e in p.events] == [
        ("convert", 1, "頭髮", "头发"),
        ("convert", 2, "乾燥", "干燥"),
    ]


def test_split_lines():
    assert [(l.text, l.no) for l in split_lines("a\r\nb\n\nc")] == [("a", 1), ("b", 2), ("", 3), ("c", 4)]
    assert list(split_lines("")) == []


def test_normalize_keeps_the_final_newline_of_its_input():
    assert normalize("頭髮") == "头发"
    assert normalize("頭髮\n") == "头发\n"
