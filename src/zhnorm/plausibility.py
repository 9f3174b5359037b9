"""How plausible a string is as real text, from a compact character-frequency table.

Built by scripts/build_charfreq.py from jieba's word list with counts, as written and
converted to Traditional (not from any text the evaluations use):

- `data/charfreq.tsv`, the Han characters modern text uses: `score`. Decode uses the
  score to choose between encodings that all decode a byte string without error;
  repair uses it to decide whether a repair makes a span more plausible.
- `data/bigrams.bin`, the pairs of them it makes (`bigrams`, a `Pairs`: bigrams.txt's
  rows packed), for repair and its swaps.
- `data/pairfreq.bin`, the pairs with counts (`pair_model`, a `PairModel`:
  pairfreq.tsv's rows packed), for unrender's damaged spans and repair's readings.
"""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from . import datafiles as resources


@lru_cache(maxsize=1)
def char_counts() -> dict[str, int]:
    """Han character -> count in the reference corpora (loaded once)."""
    text = resources.files("zhnorm.data").joinpath("charfreq.tsv").read_text(encoding="utf-8")
    pos = 0
    while text.startswith("#", pos):  # the comments head the file
        pos = text.index("\n", pos) + 1
    # the rows' cells, a character and its count each (no character is a space): a
    # quarter of the time of reading row by row, which was a tenth of start-up
    cells = text[pos:].split()
    if len(cells) % 2:
        raise ValueError("charfreq.tsv: a row that is not a character and a count")
    return dict(zip(cells[0::2], map(int, cells[1::2])))


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    counts = char_counts()
    top = max(counts.values())
    # 1.0 for the commonest characters down to 0.3 for the rarest listed ones
    return {c: 0.3 + 0.7 * math.log(n) / math.log(top) for c, n in counts.items()}


def char_score(c: str, weights: dict[str, float]) -> float:
    w = weights.get(c)
    if w is not None:
        return w
    o = ord(c)
    if o < 0x80:
        return 0.5 if (c.isprintable() or c in "\t\n\r") else -2.0
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027:
        return 0.8  # CJK and general punctuation, full-width forms
    if 0xC0 <= o <= 0x17F:
        return 0.4  # accented Latin letters
    if 0x370 <= o <= 0x52F:
        return 0.3  # Greek, Cyrillic
    if 0x4E00 <= o <= 0x9FFF:
        return -0.5  # real but rare Han
    if 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3134F or 0xF900 <= o <= 0xFAFF:
        return -1.5  # extension and compatibility Han: rarely in running text
    if o == 0xFFFD:
        return -2.0
    return -2.0  # PUA, Hangul, box drawing, symbols, controls, ...


def score(text: str) -> float:
    """Mean per-character plausibility, roughly -3 (garbage) to 1 (common Chinese)."""
    if not text:
        return 0.0
    weights = _weights()
    return sum(char_score(c, weights) for c in text) / len(text)


class Pairs:
    """A set of pairs of characters (`"的人" in pairs`), read from the sorted rows of a
    file of pairs, one pair a row, without a string or a set entry made for each of its
    250,000 rows: the rows are three characters each (two and the line end), so the
    first characters are every third character of the text and the second ones the next,
    two slices; a first character's pairs are one stretch of the rows, found when first
    asked for. Building the frozenset of every pair took most of the 0.06 s the
    swaps' first line cost."""

    __slots__ = ("_firsts", "_seconds", "_after", "_codes")

    def __init__(self, rows: str) -> None:
        """`rows`: pairs, each followed by a line end, sorted."""
        if len(rows) % 3 or rows[2::3].strip("\n"):
            raise ValueError("not rows of two characters")
        self._set(rows[0::3], rows[1::3])

    def _set(self, firsts: str, seconds: str) -> None:
        self._firsts = firsts
        self._seconds = seconds
        self._after: dict[str, str] = {}
        self._codes: array | None = None  # the first characters' code points (`stretch`)

    @classmethod
    def packed(cls, data: bytes) -> "Pairs":
        """The pairs of data/bigrams.bin (`BIGRAMS_MAGIC`, the number of pairs P as a
        little-endian uint32, the P first characters and the P second ones in UTF-16-LE:
        all are of the BMP), as scripts/build_charfreq.py packs the rows of bigrams.txt."""
        if not data.startswith(BIGRAMS_MAGIC):
            raise ValueError("not packed pairs")
        pos = len(BIGRAMS_MAGIC)
        (n,) = _uint32(data[pos : pos + 4])
        pos += 4
        if len(data) != pos + 4 * n:
            raise ValueError("packed pairs cut short")
        self = cls.__new__(cls)
        self._set(data[pos : pos + 2 * n].decode("utf-16-le"), data[pos + 2 * n :].decode("utf-16-le"))
        if len(self._firsts) != n or len(self._seconds) != n:
            raise ValueError("packed pairs beyond the BMP")
        return self

    def after(self, a: str) -> str:
        """The characters that follow `a` in a pair, in order."""
        got = self._after.get(a)
        if got is None:
            # the rows are sorted: a's stretch by bisection, not by a scan of every row
            if self._codes is None:
                self._codes = code_points(self._firsts)
            lo, hi = stretch(self._firsts, self._codes, a)
            got = self._after[a] = self._seconds[lo:hi]
        return got

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, str) or len(pair) != 2:
            return False
        after = self._after.get(pair[0])
        if after is None:
            after = self.after(pair[0])
        return pair[1] in after

    def __len__(self) -> int:
        return len(self._firsts)

    def __iter__(self) -> Iterator[str]:
        return map("".join, zip(self._firsts, self._seconds))


def code_points(chars: str) -> array:
    """The code points of `chars`, an array of integers: bisection in it compares
    integers, where bisection in the string makes a string of every character it
    compares (5 us a search among 250,000 characters, a ninth of that here)."""
    out = array("I")  # 4 bytes wherever CPython runs
    out.frombytes(chars.encode("utf-32-le"))
    if sys.byteorder == "big":  # pragma: no cover
        out.byteswap()
    return out


def stretch(chars: str, codes: array, a: str) -> tuple[int, int]:
    """Where `a` stands in sorted `chars` (whose `code_points` are `codes`): the range
    of its copies, (lo, hi), as bisect_left and bisect_right find it in `chars`."""
    if len(a) != 1:
        lo = bisect_left(chars, a)
        return lo, bisect_right(chars, a, lo)
    o = ord(a)
    lo = bisect_left(codes, o)
    return lo, bisect_right(codes, o, lo)


#: what data/bigrams.bin starts with: its format's name and version
BIGRAMS_MAGIC = b"zhnorm bigrams 1\n"


@lru_cache(maxsize=1)
def bigrams() -> Pairs:
    """Pairs of adjacent Han characters that real text uses (data/bigrams.txt, read from
    data/bigrams.bin, its rows packed by scripts/build_charfreq.py: two strings of
    UTF-16 read in a millisecond, where the text's rows took 65 M instructions to decode,
    check and slice)."""
    return Pairs.packed(resources.files("zhnorm.data").joinpath("bigrams.bin").read_bytes())


def bigram_rate(text: str) -> tuple[int, int]:
    """(known pairs, pairs) of adjacent Han characters in `text`."""
    known = bigrams()
    hits = total = 0
    for a, b in zip(text, text[1:]):
        if "\u3400" <= a <= "\u9fff" and "\u3400" <= b <= "\u9fff":
            total += 1
            hits += (a + b) in known
    return hits, total


class PairCounts:
    """Pair of characters -> its count, from the pairs' first characters and second
    characters (two strings, sorted by pair) and their counts (an array): a first
    character's pairs are one stretch of them, found when first asked for (`group`)."""

    __slots__ = ("firsts", "seconds", "numbers", "_codes", "_groups")

    def __init__(self, firsts: str, seconds: str, numbers: array) -> None:
        self.firsts, self.seconds, self.numbers = firsts, seconds, numbers
        self._codes: array | None = None
        self._groups: dict[str, tuple[str, int]] = {}

    def group(self, a: str) -> tuple[str, int]:
        """The second characters of the pairs that start with `a` (a string, in order),
        and where the first of them stands among the counts."""
        got = self._groups.get(a)
        if got is None:
            if self._codes is None:
                self._codes = code_points(self.firsts)
            lo, hi = stretch(self.firsts, self._codes, a)
            got = self._groups[a] = (self.seconds[lo:hi], lo)
        return got

    def get(self, pair: str, default: int = 0) -> int:
        if len(pair) != 2:
            return default
        seconds, lo = self._groups.get(pair[0]) or self.group(pair[0])
        k = seconds.find(pair[1])
        return self.numbers[lo + k] if k >= 0 else default

    def __len__(self) -> int:
        return len(self.firsts)

    def items(self):
        return zip(map("".join, zip(self.firsts, self.seconds)), self.numbers)


class PairModel(PairCounts):
    """A character pair model with counts (data/pairfreq.tsv, built by scripts/build_charfreq.py).

    P(b | a) = (1 - SMOOTH) * (inside(ab) + ends(a) * starts(b) / words) / occurrences(a)
               + SMOOTH * P(b):
    a word goes on from a with b, or ends at a and the next word starts with b. Unlike a
    set of known pairs, it lets readings of different lengths be compared: every
    character a reading adds costs its probability.

    The counts are read from data/pairfreq.bin, the same rows packed by the build script
    (see `read_packed`): the pairs stay two strings of their first and second characters
    and an array of their counts (1.5 MB), sorted, and a first character's pairs are one
    stretch of them, found when first asked for. A dict per first character (what this
    once held) took 36 MB loaded, more as the pairs were asked for, and 0.07 s to load.
    """

    SMOOTH = 0.05

    __slots__ = ("chars", "words", "total", "_keys")

    def __init__(self) -> None:
        data = resources.files("zhnorm.data").joinpath(PACKED).read_bytes()
        words, chars, firsts, seconds, counts = read_packed(data)
        self.chars = chars
        self.words = words
        self.total = float(sum(n for n, _, _ in chars.values()))
        super().__init__(firsts, seconds, counts)
        self._keys = None  # the pairs as sorted integers, and their counts (`counts`)

    def _after(self, a: str) -> dict[str, int]:
        """The pairs that start with `a`: second character -> count inside words."""
        seconds, lo = self.group(a)
        return dict(zip(seconds, self.numbers[lo : lo + len(seconds)]))

    def count(self, a: str, b: str) -> int:
        """How often the pair `ab` occurs inside words (0 for a pair the model lacks)."""
        seconds, lo = self._groups.get(a) or self.group(a)
        k = seconds.find(b)
        return self.numbers[lo + k] if k >= 0 else 0

    def counts(self, rows, cols, want=None):
        """[[self.count(a, b) for b in cols] for a in rows] as an array of integers, every
        pair looked for at once among the sorted pairs (`pair_keys`, or `want`: those
        numbers of rows and cols worked out before)."""
        import numpy as np

        if self._keys is None:
            firsts = np.frombuffer(self.firsts.encode("utf-16-le"), dtype="<u2").astype(np.uint64)
            seconds = np.frombuffer(self.seconds.encode("utf-16-le"), dtype="<u2").astype(np.uint64)
            self._keys = ((firsts << 21) | seconds, np.frombuffer(self.numbers, dtype=np.uint32).astype(np.int64))
        return lookup_pairs(*self._keys, rows, cols, want)

    def logp(self, c: str) -> float | None:
        """log P(c) for a Han character the model knows, else None."""
        got = self.chars.get(c)
        return math.log(got[0] / self.total) if got else None

    def bonus(self, a: str, b: str) -> float:
        """log P(b | a) / P(b) for two characters the model knows; 0.0 otherwise.

        A punctuation mark (CJK, full-width or general) ends the word before it and
        starts none: a mark after a is as likely as a word ending at a, and b after a mark
        as likely as a word starting with b.
        """
        ca, cb = self.chars.get(a), self.chars.get(b)
        if ca is not None and cb is not None:
            p_b = cb[0] / self.total
            seconds, lo = self._groups.get(a) or self.group(a)
            k = seconds.find(b)
            inside = self.numbers[lo + k] if k >= 0 else 0
            follows = (inside + ca[2] * cb[1] / self.words) / ca[0]
            return math.log((1 - self.SMOOTH) * follows / p_b + self.SMOOTH)
        if ca is not None and _mark(b):
            return math.log((1 - self.SMOOTH) * ca[2] / ca[0] + self.SMOOTH)
        if cb is not None and _mark(a):
            return math.log((1 - self.SMOOTH) * (cb[1] / self.words) / (cb[0] / self.total) + self.SMOOTH)
        return 0.0


#: data/pairfreq.tsv's rows packed (scripts/build_charfreq.py, `pack_pair_model`)
PACKED = "pairfreq.bin"
#: what a packed pair model starts with: its format's name and version
MAGIC = b"zhnorm pairs 1\n"


def read_packed(data: bytes) -> tuple[int, dict[str, tuple[int, int, int]], str, str, array]:
    """(words, chars, firsts, seconds, counts) of a packed pair model.

    The format (little-endian): MAGIC; three uint32: words, the number of characters C,
    the number of pairs P; the C characters (UTF-16-LE: all are in the BMP), then their
    C x 3 uint32 counts (occurrences, word starts, word ends); the P pairs' first
    characters, their second characters (UTF-16-LE each), then their P uint32 counts.
    The pairs are sorted, as in the file's rows.
    """
    if not data.startswith(MAGIC):
        raise ValueError("not a packed pair model")
    pos = len(MAGIC)
    head = _uint32(data[pos : pos + 12])
    words, n_chars, n_pairs = head
    pos += 12

    def take(size: int) -> bytes:
        nonlocal pos
        pos += size
        if pos > len(data):
            raise ValueError("a packed pair model cut short")
        return data[pos - size : pos]

    chars = take(2 * n_chars).decode("utf-16-le")
    rows = iter(_uint32(take(12 * n_chars)))
    firsts = take(2 * n_pairs).decode("utf-16-le")
    seconds = take(2 * n_pairs).decode("utf-16-le")
    counts = _uint32(take(4 * n_pairs))
    if pos != len(data) or len(chars) != n_chars or len(firsts) != n_pairs or len(seconds) != n_pairs:
        raise ValueError("not a packed pair model")
    return words, dict(zip(chars, zip(rows, rows, rows))), firsts, seconds, counts


def _uint32(data: bytes) -> array:
    out = array("I")  # 4 bytes wherever CPython runs
    out.frombytes(data)
    if sys.byteorder == "big":  # pragma: no cover
        out.byteswap()
    return out


def pair_keys(rows, cols):
    """Each of `rows` before each of `cols` as the number first << 21 | second (code
    points; 0 for an empty string, which no pair is): the order of the numbers is that of
    the pairs as strings."""
    return keys_of(char_codes(rows), char_codes(cols))


def char_codes(chars):
    """The code points of `chars` (one character each, or empty: 0) as an array."""
    import numpy as np

    return np.array([ord(c) if len(c) == 1 else 0 for c in chars], dtype=np.uint64)


def keys_of(a, b):
    """`pair_keys` of the rows and columns whose `char_codes` are a and b."""
    keys = (a[:, None] << 21) | b[None, :]
    keys[(a == 0)[:, None] | (b == 0)[None, :]] = 0
    return keys


def lookup_pairs(keys, counts, rows, cols, want=None):
    """The counts of `rows` before `cols` (an array of integers, 0 for a pair not there),
    among the pairs `keys` (sorted `pair_keys`) whose counts are `counts`."""
    import numpy as np

    if want is None:
        want = pair_keys(rows, cols)
    if not len(keys):
        return np.zeros(want.shape, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
    return np.where(keys[at] == want, counts[at], 0)


def _mark(c: str) -> bool:
    o = ord(c)
    return 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027


@lru_cache(maxsize=1)
def pair_model() -> PairModel:
    """The pair model (loaded once, on first use)."""
    return PairModel()
