"""Two pairs dropped in a row: the array scoring of the middle readings (`Page._middles`)
gives exactly what scoring each reading alone gives, on a real page's evidence."""

import heapq
import pathlib

import pytest

from zhnorm.damage import KEEP_MIDDLE, LOST_PAIR, Page, _lost_starts, _user_defined_trails
from zhnorm.unrender import _in_step

PAGES = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "realpages" / "pinyin_traditional"


def scalar(page: Page, pending: int) -> list:
    middles = []
    for x1, c1 in _lost_starts(pending):
        s1 = 2 * LOST_PAIR + page.logp(c1)
        for y1 in _user_defined_trails(x1):
            for x2, cm in _lost_starts(y1):
                middles.append((s1 + page.logp(cm) + page.pair(c1, cm), c1, cm, x2))
    return heapq.nlargest(KEEP_MIDDLE, middles)


@pytest.mark.skipif(not PAGES.is_dir(), reason="needs ../shared/realpages")
@pytest.mark.parametrize("name", ["010.txt", "016.txt", "022.txt"])
def test_array_scores_are_the_scalar_ones(name):
    lines = (PAGES / name).read_text(encoding="utf-8").splitlines()
    page = Page(_in_step(t) for t in lines)
    assert page.size and page.pairs
    for pending in (0xA1, 0xB0, 0xB5, 0xC8, 0xD5, 0xE3, 0xF7, 0xFE):
        assert page._middles(pending) == scalar(page, pending)
