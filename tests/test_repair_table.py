"""repair's gate by table (`repair.gate_flags`, numpy over many lines at once): it clears
only lines `gate`'s pattern clears, every kind of garble passes it and is repaired, and
the stage writes what it writes by the pattern."""

from __future__ import annotations

import pytest

from zhnorm import Options, repair
from zhnorm.repair import (GATE_MARK, GATE_ODD, GATE_PAIR, GATE_SCRIPTS_BOTH, GATE_SIGN, GATE_SIMPLIFIED,
                           GATE_TRADITIONAL, Repair, gate, gate_flags, gate_table)
from zhnorm.stage import Line

from .test_repair import CASES, CLEAN
from .test_repair_gate import _lines


def _cleared(flags: int) -> bool:
    return not flags & (GATE_ODD | GATE_MARK | GATE_PAIR) and flags & GATE_SCRIPTS_BOTH != GATE_SCRIPTS_BOTH


@pytest.fixture
def by_table(monkeypatch):
    """The stage past its start-up and its first TABLE_AFTER characters: every line of
    fewer than BATCH characters is gated by the table; the texts each batch was given."""
    monkeypatch.setattr(repair, "_read", [repair.TABLE_AFTER + 1])
    monkeypatch.setattr(repair, "START_UP", 0)
    monkeypatch.setattr(repair, "TABLE_MIN", 0)
    batches: list[list[str]] = []

    def flags(texts):
        batches.append(list(texts))
        return gate_flags(texts)

    monkeypatch.setattr(repair, "gate_flags", flags)
    return batches


def _garbled(t: str) -> bool:
    return any(t in (garbled, fixed) for _, garbled, fixed in CASES)


def _through(lines: list[str]) -> tuple[list[str], dict]:
    stage = Repair(Options())
    out = [line.text for line in stage([Line(t, k) for k, t in enumerate(lines)])]
    return out, dict(stage.counts)


def test_the_table_holds_the_classes_of_the_gates_patterns():
    # every code point, surrogates too, looked up as each class's pattern finds it
    from zhnorm import charclass
    from zhnorm.repair import _gate_classes, suspects
    from zhnorm.swaps import script_only

    np, table = gate_table()
    every = "".join(map(chr, range(0x110000)))
    c = _gate_classes()
    trad, simp = script_only()
    for bit, pattern in ((GATE_ODD, suspects()), (GATE_SIGN, charclass.compile("{s}", s=c["rare_sign"])),
                         (GATE_SIMPLIFIED, simp), (GATE_TRADITIONAL, trad)):
        found = np.zeros(0x110000, dtype=bool)
        found[[m.start() for m in pattern.finditer(every)]] = True
        assert ((table & bit) != 0).tolist() == found.tolist(), bit
        assert 100 < found.sum() < 100_000
    assert np.flatnonzero(table & GATE_MARK).tolist() == [ord("燙"), ord("錕")]


def test_a_line_the_table_clears_is_one_a_gate_clears():
    # on every line repair meets and their Big5/GBK garbles: cleared by the bits, a line is
    # one that either script's gate finds nothing in (where no 錕 or 燙 stands, the same
    # lines: a mark's first character alone sends a line on to the pattern's look)
    lines = _lines()
    lines += [t.encode("gbk", "replace").decode("big5hkscs", "replace") for t in lines[:3000]]
    lines += [t.encode("big5hkscs", "replace").decode("gbk", "replace") for t in lines[:3000]]
    flags = []
    for k in range(0, len(lines), 500):
        flags += gate_flags(lines[k : k + 500])
    assert len(flags) == len(lines) > 20_000
    for t, f in zip(lines, flags):
        by_gate = gate(0).search(t) is None or gate(1).search(t) is None
        assert not _cleared(f) or by_gate, t
        if "燙" not in t and "錕" not in t:
            assert _cleared(f) == by_gate, t
        # the pair bit is the rare-run pattern's
        assert bool(f & GATE_PAIR) == (repair.rare_pairs().search(t) is not None), t
    assert sum(map(_cleared, flags)) > 0.6 * len(lines)


def test_garbles_of_every_kind_pass_the_table_and_are_repaired(by_table):
    # each kind between clean lines; and a garble of known characters only (the rare-run
    # sign, GBK read as Big5: 不错 is 祥渣) and Traditional garbage, kept and counted
    rare = "快递很快，东西也" + "不错".encode("gbk").decode("big5hkscs")
    lines, want = [], []
    for kind, garbled, fixed in CASES:
        lines += [CLEAN[0], garbled]
        want += [CLEAN[0], fixed]
    lines += [rare, CLEAN[1], "文章內容：錕斤拷錕斤拷", CLEAN[1]]
    want += ["快递很快，东西也不错", CLEAN[1], "文章內容：錕斤拷錕斤拷", CLEAN[1]]
    out, counts = _through(lines)
    assert out == want
    assert by_table == [lines[1:]]  # one batch: the table gated every line past the first (start-up)
    flags = gate_flags(lines)
    assert not any(_cleared(f) for t, f in zip(lines, flags) if t not in (CLEAN[0], CLEAN[1]))
    assert flags[-4] & GATE_PAIR and not flags[-4] & GATE_ODD  # the rare run's only sign
    kinds = {kind for kind, _, _ in CASES}
    assert kinds == {"utf-8 as gbk", "gbk as latin-1", "utf-8 as latin-1", "big5 as gbk", "gbk as big5"}
    assert kinds <= set(counts) and counts["unrecoverable garbage kept"] == 1


def test_clean_lines_are_cleared_by_the_table(by_table):
    # the clean lines of Chinese, Traditional and other scripts: most cleared by the bits
    # alone, all left as they are
    from .conftest import SHARED

    lines = list(CLEAN)
    for path in sorted((SHARED / "otherlang").glob("*/*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()[:200]
    lines += [t for t in _lines()[:3000] if not t.isascii() and "\ufffd" not in t and "&" not in t and not _garbled(t)]
    out, counts = _through(lines)
    assert out == lines and not counts
    assert [t for batch in by_table for t in batch] == lines[1:]  # (the first at start-up)
    flags = gate_flags(lines)
    cleared = [t for t, f in zip(lines, flags) if _cleared(f)]
    assert {"我们的中文很好，今天天气不错。", "我們的中文很好，今天天氣不錯。"} <= set(cleared)
    assert len(cleared) > 0.6 * len(lines)


def test_the_stage_writes_by_the_table_what_it_writes_by_the_pattern(monkeypatch):
    # lines repair meets, garbled and clean, long and short, with references (read again
    # by the pattern once decoded): the same text and counts either way
    from .test_repair import _lines_repair_meets

    lines = _lines_repair_meets()
    step = max(1, len(lines) // 4000)
    lines = lines[::step] + [t for _, t, _ in CASES] + ["中新网3月28日电 &nbsp;据丹麦", "&#x4e2d;文", "#x4e2d;文很好"]
    lines.append("长" * repair.BATCH + "鎴戜滑")
    monkeypatch.setattr(repair, "START_UP", 0)
    monkeypatch.setattr(repair, "_read", [0])
    monkeypatch.setattr(repair, "TABLE_AFTER", 10**12)
    monkeypatch.setattr(repair, "TABLE_WITH", "not a module")  # (numpy is imported here)
    by_pattern = _through(lines)
    monkeypatch.setattr(repair, "TABLE_AFTER", 0)
    monkeypatch.setattr(repair, "_read", [1])
    assert _through(lines) == by_pattern
    monkeypatch.setattr(repair, "TABLE_MIN", 0)  # (the last batch too)
    assert _through(lines) == by_pattern
    assert by_pattern[1]
