"""The page model unrender scores a damaged span with: what it keeps between calls and
between pages gives exactly the scores of working each one out from its definition."""

from __future__ import annotations

import math

from zhnorm.damage import PUNCT_SHARE, Page, _lost_ends, _lost_starts, char_logp, pair_bonus
from zhnorm.unrender import _in_step

from .conftest import SEED


def _page() -> tuple[Page, list[str]]:
    lines = (SEED / "ganzi-news.input.txt").read_text(encoding="utf-8").splitlines()
    return Page(_in_step(t) for t in lines), lines


def test_a_page_scores_pairs_as_pair_bonus_with_its_own_pairs():
    page, lines = _page()
    assert len(page.pairs) > 500
    seen = [(a, b) for t in lines for a, b in zip(t, t[1:])] + [("", "。"), ("日", ""), ("生", "態")]
    assert any(a + b in page.pairs for a, b in seen)
    for a, b in seen:
        assert page.pair(a, b) == pair_bonus(a, b, page.pairs)


def _reference(page: Page, pending: int, nxt: int) -> list:
    """`Page.lost` from its definition: every c2 scored by the page."""

    def logp(c: str) -> float:
        p, share = math.exp(char_logp(c)), page.chars.get(c, 0) / page.size
        if c in PUNCT_SHARE:  # a mark: the page's share at most the text's, no script
            return math.log(0.5 * p + 0.5 * min(share, p))
        return math.log(0.5 * p + 0.5 * share) + page._script(c)

    want = []
    for x, c1 in _lost_starts(pending):
        ends = sorted(((logp(c2) + pair_bonus(c1, c2, page.pairs), c2) for _, c2 in _lost_ends(x, nxt)), reverse=True)
        if ends:
            want.append((logp(c1), c1, ends))
    want.sort(key=lambda e: -(e[0] + e[2][0][0]))
    return want


def test_a_page_lists_the_pairs_a_run_can_have_dropped_as_scored_one_by_one():
    page, lines = _page()
    # a page with fewer lines scores the same bytes otherwise
    other = Page(_in_step(t) for t in lines[len(lines) // 2 :])
    # 日報 = C8 D5 88 F3; ， = A3 AC; bytes of characters the page shows and does not
    keys = [(0xD5, 0xB1), (0xAC, 0xC8), (0xA3, 0xB5), (0xC9, 0xFA), (0xB0, 0xA1), (0xF3, 0xD0)]
    found = 0
    for pending, nxt in keys:
        for p in (page, other):
            want = _reference(p, pending, nxt)
            found += len(want)
            got = p.lost(pending, nxt)
            # an end list is made as far as it is read: read in part first, then whole
            assert [(lp, c1, ends[0], ends[:3], next(iter(ends))) for lp, c1, ends in got] == [(lp, c1, e[0], e[:3], e[0]) for lp, c1, e in want]
            assert got == want
            assert [len(ends) for _, _, ends in got] == [len(e) for _, _, e in want]
        assert page.lost(pending, nxt) != other.lost(pending, nxt) or not _reference(page, pending, nxt)
    assert found > 50


def test_a_page_keeps_to_its_script():
    # the seed page is Traditional: where the bytes allow 將 or 将 (neither on the page),
    # 將 is the likelier; the same page in simplified script says the reverse
    import opencc

    page, lines = _page()
    simplified = Page(opencc.OpenCC("t2s").convert(_in_step(t)) for t in lines)
    for trad, simp in ["將将", "鐘钟", "歸归"]:
        assert trad not in page.chars and simp not in page.chars
        assert page.logp(trad) > page.logp(simp) + 3
        assert simplified.logp(simp) > simplified.logp(trad) + 3
    assert Page().script == {}  # no page, no script


def test_a_page_worked_out_from_the_last_one_is_the_page_of_its_lines():
    # the windows unrender reads around damaged lines: the seed's lines, a window that
    # moves on, grows, shrinks, holds a line twice, and is empty
    from zhnorm.damage import PageLines

    lines = [_in_step(t) for t in (SEED / "ganzi-news.input.txt").read_text(encoding="utf-8").splitlines()]
    windows = [lines[max(0, k - 4) : k + 5] for k in range(0, len(lines), 2)]
    windows += [lines[:2] + lines[:2], [], lines[1:3], lines, [lines[0]]]
    assert sum(len(w) for w in windows) > 100
    sums = PageLines()
    for window in windows:
        got, want = sums.page(window), Page(window)
        assert (got.chars, got.size, got.pairs, got.script) == (want.chars, want.size, want.pairs, want.script)
        assert {a: set(bs) for a, bs in got.followers().items()} == {a: set(bs) for a, bs in want.followers().items()}
        assert [got.logp(c) for c in "將将的日報"] == [want.logp(c) for c in "將将的日報"]
        assert got.lost(0xD5, 0xB1) == want.lost(0xD5, 0xB1)


def test_a_page_in_one_script_holds_no_character_of_the_other():
    # 24 characters of Traditional text only, none of simplified text only: 护 is no
    # reading there (its log factor is FOREIGN), 護 and 保 (either script's) are
    trad = Page(["學校圖書館的專業書很不全,我想在網上的書店購買等專業選修課的書籍,可是沒有找到,很是失望。希望書城多進一些這類書籍,方便大家選擇。"])
    assert trad.scripts == (24, 0)
    assert (trad.foreign("护"), trad.foreign("護"), trad.foreign("保")) == (True, False, False)
    assert trad.logp("护") < char_logp("护") - 20
    # a page that shows both scripts, or too little of one, rules nothing out
    mixed = Page(["學校圖書館的專業書很不全,我想在網上的書店购买"])
    assert mixed.scripts == (9, 2) and not mixed.foreign("护") and not mixed.foreign("護")
