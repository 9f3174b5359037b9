"""A word model: how likely a run of characters is as words, for a damaged span's readings.

The pair model (`damage.pair_bonus`) scores each pair of characters alone. Where the
readings of a span differ in a character known by one byte (常 or 。 or 模: all have A3
as their trail byte), the pairs of each can score alike, while only one reading is made
of words: 尋常, 正常現象 and 大規模 are words, 尋。 and 正。現象 are a rare word alone and a
mark. `logp` scores a run as its likeliest sequence of tokens, each a word of the list
(its count over the list's total), a mark (its share of running text), or a character
the list does not hold; unrender ranks a span's readings by the mean of the two models'
log probabilities (`unrender.Damage.ranked`). Unlike a bonus for each word found, the
mean charges a reading each word it adds as both models do, so that a reading that makes
up a word from a dropped pair gains nothing over one that needs none.

data/words.tsv: the words of jieba's word list (1 to 4 Han characters, counted at least
10 times) with their counts, as written and in Traditional (scripts/build_words.py); not
any text the evaluations use. Loaded once, when a damaged span is first scored.
"""

from __future__ import annotations

import math
from functools import lru_cache

from . import datafiles as resources

MAX_LEN = 4  # the longest word of the list
#: P of a Han character the list does not hold alone, as a share of its probability as
#: a character (`damage.char_logp`): most of its uses are inside words
UNLISTED = math.log(0.1)
#: log P of a '?' or an ASCII character: a character not known, about as likely as a
#: common one
UNKNOWN = -8.0


@lru_cache(maxsize=1)
def words() -> tuple[dict[str, int], float]:
    """(word -> count, the list's total count), from data/words.tsv."""
    text = resources.files("zhnorm.data").joinpath("words.tsv").read_text(encoding="utf-8")
    total, pos = 1.0, 0
    while text.startswith("#", pos):  # the comments head the file, the total among them
        end = text.index("\n", pos)
        if text.startswith("# total\t", pos):
            total = float(text[pos + 8 : end])
        pos = end + 1
    # the rows' cells, a word and its count each (no word holds a space): a few times
    # quicker than reading row by row
    cells = text[pos:].split()
    if len(cells) % 2:
        raise ValueError("words.tsv: a row that is not a word and a count")
    counts = dict(zip(cells[0::2], map(int, cells[1::2])))
    return counts, total


def logp(text: str) -> float:
    """log P(text) by the word model: the best choice of tokens, each a word of the list
    (one to MAX_LEN Han characters), a mark (`damage.PUNCT_SHARE`), a Han character the
    list does not hold alone (UNLISTED of its probability), or anything else (UNKNOWN)."""
    from .damage import PUNCT_SHARE, char_logp

    counts, total = words()
    log_total = math.log(total)
    best = [0.0] + [-math.inf] * len(text)
    for i, c in enumerate(text):
        here = best[i]
        if "\u3400" <= c <= "\u9fff":
            n = counts.get(c)
            one = math.log(n) - log_total if n else char_logp(c) + UNLISTED
            for k in range(i + 2, min(len(text), i + MAX_LEN) + 1):
                if not "\u3400" <= text[k - 1] <= "\u9fff":
                    break
                n = counts.get(text[i:k])
                if n and here + math.log(n) - log_total > best[k]:
                    best[k] = here + math.log(n) - log_total
        elif c in PUNCT_SHARE:
            one = math.log(PUNCT_SHARE[c])
        else:
            one = UNKNOWN
        if here + one > best[i + 1]:
            best[i + 1] = here + one
    return best[-1]
