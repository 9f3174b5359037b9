"""unrender's test of whether a line shows damage: a line with no damaged span pays nothing."""

from __future__ import annotations

from zhnorm import normalize
from zhnorm.convert import converter
from zhnorm.unrender import _damaged

from .conftest import CORPORA, SHARED


def test_clean_traditional_lines_show_no_damage():
    # the corpora converted to Traditional hold '??' (a rare character's stand-in, a double
    # question) before clean text, and runs of question marks: none is read as a phantom mark
    s2t = converter("s2t")
    lines = [s2t.convert(row) for f in sorted(CORPORA.glob("*.txt")) for row in f.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 8000
    assert [line for line in lines if _damaged(line)] == []


def test_question_marks_before_clean_text_stay():
    for text in ["免費訂閱哦~ ??女人要防衰老?? ID", "點啥？??????“如果以犧牲教師的健康", "蒼舒、隤??、檮戭、大臨"]:
        assert not _damaged(text)
        assert normalize(text, only=["unrender"]) == text


def test_a_flattened_mark_before_a_run_out_of_step_shows_damage():
    # 。” = A1A3 A1B1: the phantom A3A1 is ！, flattened; the run after it is out of step
    # and lost two pairs in user-defined areas: an in-step reading of it is likelier
    assert _damaged("生態衰則文明衰?!苯陙恚摽h黨委")
    assert _damaged("開放的規(guī)?;献靼l(fā)展")


def test_a_row_of_pair_bonuses_is_the_same_floats_as_one_by_one():
    # the characters of real text and those a dropped pair can give (marks, kana, rare
    # Han included), each before a row of others: the row is the scalar score, to the bit
    from zhnorm.damage import Page, _lost_ends, _lost_starts, pair_bonus, pair_bonuses, pair_matrix

    text = "".join(f.read_text(encoding="utf-8")[:3000] for f in sorted(CORPORA.glob("*.txt")))
    # the symbols a dropped pair gives after a pending A1 or A3 (marks, kana, Greek) too
    symbols = {c for p in (0xA1, 0xA3) for _, c in _lost_starts(p)}
    chars = sorted(set(text) | {c for _, c in _lost_starts(0xB0)} | {c for _, c in _lost_ends(0xAA, 0xC4)} | symbols | {""})
    rows = chars[::7] + ["，", "。", "的", "€", ""] + sorted(symbols)
    for a in rows:
        assert [repr(x) for x in pair_bonuses(a, chars)] == [repr(pair_bonus(a, b)) for b in chars]
    assert [[repr(x) for x in row] for row in pair_matrix(rows, chars).tolist()] == [[repr(pair_bonus(a, b)) for b in chars] for a in rows]
    page = Page([text[:400]])
    for a in text[:60]:
        assert page.pair_row(a, chars) == [page.pair(a, b) for b in chars]


def test_a_page_s_table_of_pairs_is_its_pairs_one_by_one():
    # a page's pairs (PAGE_PAIR for those it shows) as an array, columns asked for twice included
    from zhnorm.damage import Page

    text = "".join(f.read_text(encoding="utf-8")[:3000] for f in sorted(CORPORA.glob("*.txt")))
    page = Page([text[:1500]])
    rows = sorted(set(text[:1500]))[:120] + ["", "，"]
    cols = sorted(set(text[:1500]))[::2] + [text[1], text[1], "", "。"]
    shown = sum(a + b in page.pairs for a in rows for b in cols)
    assert shown > 20
    assert page.pair_table(rows, cols).tolist() == [[page.pair(a, b) for b in cols] for a in rows]


def test_a_table_of_pairs_kept_is_the_one_made_anew_and_stays_as_made():
    # pair_matrix keeps its last tables (the same runs come again: a line repaired again
    # once its annotations are stripped); what it gives again is the table made anew, read
    # only, and a page's table (its own pairs added) is a copy that leaves it as it was
    from zhnorm.damage import Page, _pair_matrix, pair_matrix

    text = "".join(f.read_text(encoding="utf-8")[:3000] for f in sorted(CORPORA.glob("*.txt")))
    rows = sorted(set(text[:1500]))[:120] + ["", "，"]
    cols = sorted(set(text[:1500]))[::2] + [text[1], text[1], "", "。"]
    for bound in (False, True):
        first = pair_matrix(rows, cols, bound)
        assert pair_matrix(list(rows), list(cols), bound) is first
        assert not first.flags.writeable
        assert first.tolist() == _pair_matrix(rows, cols, bound).tolist()
    page = Page([text[:1500]])
    table = page.pair_table(rows, cols)
    assert table.tolist() == [[page.pair(a, b) for b in cols] for a in rows]
    assert (table != pair_matrix(rows, cols)).sum() > 20
    assert pair_matrix(rows, cols).tolist() == _pair_matrix(rows, cols).tolist()


def test_a_page_repaired_with_the_tables_kept_is_the_page_repaired_without(monkeypatch):
    # real pages through unrender (one whose flattened marks the site damaged): the same
    # text, and the same changes and spans left, whether pair_matrix keeps its tables or
    # makes each one anew
    from zhnorm import damage, explain

    pages = SHARED / "realpages" / "pinyin_traditional"
    text = "\n".join((pages / f"{n}.txt").read_text(encoding="utf-8") for n in ("007", "010", "022"))
    keeping, make = damage.pair_matrix, damage._pair_matrix
    asked, made = [], []

    def run():
        got = explain(text, only=["unrender"])
        return got.text, [(e.line, e.reason) for e in got.events]

    damage._MATRICES.clear()
    damage._MATRIX_CELLS[0] = 0
    monkeypatch.setattr(damage, "pair_matrix", lambda *a: asked.append(1) or keeping(*a))
    monkeypatch.setattr(damage, "_pair_matrix", lambda *a: made.append(1) or make(*a))
    kept = run()
    assert len(made) < len(asked)  # some tables were given from those kept
    monkeypatch.setattr(damage, "pair_matrix", make)  # each one made anew
    assert run() == kept
    assert sum("damaged spans repaired" in why for _, why in kept[1]) >= 5
