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

data/words.bin: the words of jieba's word list (1 to 4 Han characters, counted at least
10 times) with their counts, as written and in Traditional (scripts/build_words.py); not
any text the evaluations use. Packed (`read_packed`): each word a 64-bit number, sorted,
and the counts in their order, two arrays copied in when a damaged span is first scored
(a dict of its 164,000 rows read from text cost 0.45 G instructions); a word is found by
bisection, each one once (`Words.get` keeps what it found).
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from functools import lru_cache

from . import datafiles as resources

MAX_LEN = 4  # the longest word of the list
#: P of a Han character the list does not hold alone, as a share of its probability as
#: a character (`damage.char_logp`): most of its uses are inside words
UNLISTED = math.log(0.1)
#: log P of a '?' or an ASCII character: a character not known, about as likely as a
#: common one
UNKNOWN = -8.0
#: what data/words.bin starts with: its format's name and version
MAGIC = b"zhnorm words 1\n"
#: the words found or not that `Words.get` keeps, at most (then it starts again)
SEEN = 1 << 16


def word_key(word: str) -> int:
    """A word as a number: its UTF-16 code units, 16 bits each, the first the highest
    (a word of the BMP at most MAX_LEN long fits 64 bits; no code unit is 0, so words of
    different lengths differ)."""
    return int.from_bytes(word.encode("utf-16-be"), "big")


class Words(Mapping):
    """The word list: word -> count, from the packed arrays (`read_packed`)."""

    __slots__ = ("_keys", "_counts", "_seen")

    def __init__(self, keys: array, counts: array) -> None:
        self._keys = keys
        self._counts = counts
        self._seen: dict[str, int] = {}  # word -> its count, 0 for one not listed

    def get(self, word, default=None):
        n = self._seen.get(word)
        if n is None:
            n = 0
            if isinstance(word, str) and 0 < len(word) <= MAX_LEN:
                key = word_key(word)
                i = bisect_left(self._keys, key)
                if i < len(self._keys) and self._keys[i] == key:
                    n = self._counts[i]
            if len(self._seen) >= SEEN:
                self._seen.clear()
            self._seen[word] = n
        return n or default

    def __getitem__(self, word: str) -> int:
        n = self.get(word)
        if n is None:
            raise KeyError(word)
        return n

    def __contains__(self, word: object) -> bool:
        return self.get(word) is not None

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        for key in self._keys:
            yield key.to_bytes((key.bit_length() + 15) // 16 * 2, "big").decode("utf-16-be")


def read_packed(data: bytes) -> tuple[Words, float]:
    """(words, the list's total count) of a packed word list.

    The format (little-endian): MAGIC; a uint32, the number of words N, and a uint64, the
    total; the N words' numbers (`word_key`), sorted, as uint64; their N counts as uint32.
    """
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 12:
        raise ValueError("not a packed word list")
    pos = len(MAGIC)
    n, total = struct.unpack_from("<IQ", data, pos)
    pos += 12
    if len(data) != pos + 12 * n:
        raise ValueError("a packed word list cut short")
    keys, counts = array("Q"), array("I")
    keys.frombytes(data[pos : pos + 8 * n])
    counts.frombytes(data[pos + 8 * n :])
    if sys.byteorder == "big":  # pragma: no cover
        keys.byteswap()
        counts.byteswap()
    if keys.itemsize != 8 or counts.itemsize != 4:  # pragma: no cover
        raise ValueError("no 64- and 32-bit arrays here")
    return Words(keys, counts), float(total)


@lru_cache(maxsize=1)
def words() -> tuple[Words, float]:
    """(word -> count, the list's total count), from data/words.bin."""
    return read_packed(resources.files("zhnorm.data").joinpath("words.bin").read_bytes())


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
                if n and (score := here + math.log(n) - log_total) > best[k]:
                    best[k] = score
        elif c in PUNCT_SHARE:
            one = math.log(PUNCT_SHARE[c])
        else:
            one = UNKNOWN
        if here + one > best[i + 1]:
            best[i + 1] = here + one
    return best[-1]
