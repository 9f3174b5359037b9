"""The bound a flattened mark's phantom guesses are searched by (`damage.completions_bound`):
no reading of a guess scores above it, and the guesses it leaves out change nothing."""

from __future__ import annotations

import pathlib
import sys

import pytest

from zhnorm.damage import Page
from zhnorm.unrender import FLATTENED, SWALLOWED, Damage, _best, _char, _in_step, _scored, _spans

from .conftest import CORPORA, ROOT

sys.path.insert(0, str(ROOT / "evaluation"))

from site_sim import sites  # noqa: E402

PAGES = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "realpages" / "pinyin_traditional"


def _all_guesses(damage: Damage, m) -> list:
    """`Damage._flattened` from its definition: every guess searched."""
    flat = m.group("flat")
    before = damage._before(m.start())
    out = []
    for mark in [flat] if flat else SWALLOWED:
        full = FLATTENED[mark].encode("gbk")
        for lead in range(0x81, 0xFF):
            c = _char(lead, full[0])
            if c is None:
                continue
            s = damage.logp(c) + damage.pair(_scored(before)[-1:], c)
            bound = damage._run_bound(full[1], m.end())
            found = damage._resync(full[1], m.end(), c, needs_run=True)
            if bound is not None and found:
                most = s + max(damage.pair(c, x) + b for x, b in bound)
                assert max(s + s2 for _, _, s2 in found) <= most + 1e-9
            out.extend((c + text, end, s + s2) for text, end, s2 in found)
    return _best(out)


def _documents() -> list[list[str]]:
    """The real pinyin pages, and corpus lines as the simulated sites render them."""
    docs = [path.read_text(encoding="utf-8").splitlines() for path in sorted(PAGES.glob("[0-9][0-9][0-9].txt"))]
    family = sites(8)
    rows = (CORPORA / "clue-news-web.zh-hans.txt").read_text(encoding="utf-8").splitlines()[:250]
    rendered = [family[k % len(family)].render(row) for k, row in enumerate(rows)]
    return docs + [[r for r in rendered if r is not None]]


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/realpages")
def test_no_reading_scores_above_its_bound_and_the_guesses_left_out_change_nothing():
    spans = bounded = 0
    for lines in _documents():
        for k, text in enumerate(lines):
            flats = [m for m in _spans(text) if m.group("flat") or m.group("gone") is not None]
            if not flats:
                continue
            page = Page(_in_step(t) for t in lines[max(0, k - 32) : k + 33])
            for m in flats:
                pruned = Damage(text, page)._flattened(m)
                exhaustive = Damage(text, page)
                assert pruned == _all_guesses(exhaustive, m)
                spans += 1
                bounded += any(exhaustive._run_bound(full[1], m.end()) is not None for full in (f.encode("gbk") for f in FLATTENED.values()))
    assert spans > 30 and bounded > 20
