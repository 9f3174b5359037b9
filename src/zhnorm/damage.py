"""How pinyin sites display damaged GBK bytes, and the pair score that picks a repair.

A page that decodes a damaged byte string out of step shows what Windows code page 936
shows: a lone 0x80 as `€`, and a pair in one of GBK's user-defined areas as a private-use
character, which the page then drops (two bytes gone). To repair such a run, unrender
re-encodes what is shown (`encode_shown`), enumerates where pairs can have been dropped
(`completions`), decodes each candidate in step and ranks the results with `pair_logp`:
a character model (character frequencies) and the pairs of adjacent characters, the pair
model's (`plausibility.pair_model`, from a word list) mixed with running text's
(`textpairs.TextPairs`, data/textpairs.bin: `pair_bonus`). A `Page` adds what the lines around a
span show in step (its characters, pairs and script); unrender ranks the readings with
its word model too (wordmodel.py). Nothing here knows a page but by that evidence: only
GBK and the models.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from functools import lru_cache
from itertools import chain
from operator import add

from .lazyre import Lazy
from .plausibility import _mark, char_counts, keys_of, pair_model
from . import datafiles as resources

#: full-width punctuation by its share of running Chinese text (a sentence of about 30
#: characters ends in 。 and holds one or two ，): the character counts, built from a
#: word list, hold Han characters only, so marks are not on their scale
PUNCT_SHARE = {"，": 0.06, "。": 0.03, "、": 0.015, "“": 0.008, "”": 0.008, "：": 0.005, "；": 0.002, "？": 0.002, "！": 0.0015, "《": 0.0015, "》": 0.0015, "（": 0.0015, "）": 0.0015, "…": 0.0008, "—": 0.0008}
#: pairs of marks that Chinese typography uses (a sentence ends inside quotes, a quote
#: opens after a comma or colon), as a log bonus: the pair model has no marks
MARK_PAIRS = dict.fromkeys(["。”", "！”", "？”", "。“", "，“", "：“", "”，", "”。"], 2.0) | dict.fromkeys(["——", "……"], 6.0)
PAIR_CAP = 8.0  # the most the pair model adds for a pair, log P(b | a) / P(b)
#: the mark whose pairs with a character the running text weighs more than a word list
#: (`pair_bonus`): how often a sentence ends after a character, or begins with one,
#: is what running text tells and a word list cannot (非常 against 非。: a word list only
#: knows that 非 ends words, as in 是非)
SENTENCE_END = "。"
#: the running text's share of such a pair's bonus, at most (`TextPairs.SHARE`, 0.35, for
#: every other pair): with 0.35, 經。 scored -1.14 against 經常's +3.29, and a span read
#: 經。看到 stood within 1.6 (log) of 經常看到; with 0.7, 經。 scores -1.60 (still short of
#: the margin there: that span is left). 0.5 and 1.0 did worse on the simulator (README)
SENTENCE_SHARE = 0.7
#: the characters of one script only a page must show in step, with none of the other,
#: for a character of that other script to be no reading of a damaged span (`Page.foreign`)
ONE_SCRIPT = 20
#: the log factor of such a character (`_script_factors`): low enough that no reading
#: holding one is kept among a span's best
FOREIGN = math.log(1e-9)
PAGE_PAIR = 4.0  # log bonus for a pair the same page shows elsewhere, in step
BEAM = 8
KEEP_MIDDLE = 32  # two pairs dropped in a row: the middle characters kept before the last is added
MAX_BONUS = PAIR_CAP + PAGE_PAIR  # the most a pair can add
#: log share of the out-of-step pairs that fall in a user-defined area (about 1,900 of
#: GBK's 24,000 lead/trail combinations): a dropped pair is an event, not free
LOST_PAIR = math.log(1900 / 24000)


def is_user_defined(a: int, b: int) -> bool:
    """GBK's user-defined areas: AAA1–AFFE, F8A1–FEFE, A140–A7A0 (shown as private use)."""
    return (0xAA <= a <= 0xAF and 0xA1 <= b <= 0xFE) or (0xF8 <= a <= 0xFE and 0xA1 <= b <= 0xFE) or (
        0xA1 <= a <= 0xA7 and 0x40 <= b <= 0xA0 and b != 0x7F
    )


def encode_shown(text: str) -> bytes | None:
    """The bytes a cp936 page decoded into `text` (`€` is a lone 0x80 there), or None."""
    out = bytearray()
    for c in text:
        if c == "€":
            out.append(0x80)
            continue
        try:
            out += c.encode("gbk")
        except UnicodeEncodeError:
            return None
    return bytes(out)


@lru_cache(maxsize=None)
def gbk_char(lead: int, trail: int) -> str | None:
    """The GBK character of two bytes, or None."""
    try:
        c = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return c if len(c) == 1 and ord(c) >= 0x80 else None


def char_of(lead: int, trail: int) -> str | None:
    """The GBK character of two bytes (none in the user-defined areas), or None."""
    return None if is_user_defined(lead, trail) else gbk_char(lead, trail)


@lru_cache(maxsize=1)
def _total() -> float:
    return float(sum(char_counts().values()))


@lru_cache(maxsize=65536)
def char_logp(c: str) -> float:
    """log P(c): Han from the pair model, punctuation from PUNCT_SHARE, rest rare."""
    known = pair_model().logp(c)
    if known is not None:
        return known
    if c in PUNCT_SHARE:
        return math.log(PUNCT_SHARE[c])
    n = char_counts().get(c)
    if n is None:
        n = 0.5 if "\u4e00" <= c <= "\u9fff" else 0.1
    return math.log(n / _total())


def _han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def pair_bonus(a: str, b: str, seen: frozenset[str] = frozenset()) -> float:
    """log bonus for `a` next to `b`: log P(b | a) / P(b) by the pair model and the running
    text's pairs mixed (`text_pairs`; at most PAIR_CAP), and PAGE_PAIR for a pair the page
    itself shows in step."""
    if not (_han(a) and _han(b)):
        if not (a and b):
            return 0.0
        if a in PUNCT_SHARE and b in PUNCT_SHARE:
            # the word model knows no pair of marks: those typography uses, and the text's
            # for the rest (，。 is a slip), but a mark doubled is no likelier than its own
            # share (the reviews write 。。。 for …, which edited text never does)
            got = MARK_PAIRS.get(a + b) or min(PAIR_CAP, text_pairs().mixed(a, b, None))
            return min(0.0, got) if a == b and a + b not in MARK_PAIRS else got
        words = MARK_PAIRS.get(a + b) or min(PAIR_CAP, pair_model().bonus(a, b))
        share = SENTENCE_SHARE if a == SENTENCE_END or b == SENTENCE_END else None
        return min(PAIR_CAP, text_pairs().mixed(a, b, words, share))
    page = PAGE_PAIR if a + b in seen else 0.0
    return page + min(PAIR_CAP, text_pairs().mixed(a, b, min(PAIR_CAP, pair_model().bonus(a, b))))


def pair_bonuses(a: str, bs) -> list[float]:
    """[pair_bonus(a, b) for b in bs], the same floats: what depends on `a` alone (its
    counts in both models, its pairs' stretch) is looked up once, and a pair of Han is
    scored inline by the same operations in the same order (`PairModel.bonus`,
    `TextPairs.mixed`). The tables of a run's readings score a few hundred thousand
    pairs; this is most of their cost."""
    if not _han(a):
        return [_known_pair(a, b) for b in bs]
    pm, tp = pair_model(), text_pairs()
    chars_get, log, exp = pm.chars.get, math.log, math.exp
    ca = pm.chars.get(a)
    if ca is not None:
        ca0, ca2 = ca[0], ca[2]
        seconds, lo = pm._groups.get(a) or pm.group(a)
        find, counts, total, nwords = seconds.find, pm.numbers, pm.total, pm.words
        keep, smooth = 1 - pm.SMOOTH, pm.SMOOTH
    got = tp.follows.get(a)
    if got is not None:
        n, types = got
        tp_get, tp_total = tp.follows.get, tp.total
        t_seconds, t_lo = tp.pairs.group(a)
        t_find, t_numbers = t_seconds.find, tp.pairs.numbers
        w = tp.SHARE * n / (n + tp.PRIOR)
        rest = 1 - w
        nt = n + types
    out = []
    for b in bs:
        if not ("\u3400" <= b <= "\u9fff"):
            out.append(_known_pair(a, b))  # a mark, mostly: the same few pairs again
            continue
        cb = None if ca is None else chars_get(b)
        if cb is None:
            words = 0.0
        else:
            p_b = cb[0] / total
            k = find(b)
            inside = counts[lo + k] if k >= 0 else 0
            follows = (inside + ca2 * cb[1] / nwords) / ca0
            words = log(keep * follows / p_b + smooth)
            words = words if words < PAIR_CAP else PAIR_CAP
        if got is None:
            r = words or 0.0
        else:
            p_b = tp_get(b, (1, 1))[0] / tp_total
            j = t_find(b)
            p = ((t_numbers[t_lo + j] if j >= 0 else 0) + types * p_b) / nt
            r = log(w * p / p_b + rest * exp(words))
        out.append(0.0 + (r if r < PAIR_CAP else PAIR_CAP))
    return out


#: the tables `pair_matrix` made last, by (rows, columns, bound), oldest first, and how
#: many entries they hold in all (at most MATRIX_CELLS): a run's tables come again soon
#: (a line repaired again once its annotations are stripped, `Unrender.again`, meets the
#: same runs), and on bench.py's rendered pages 1 entry in 6 asked for was asked for
#: within the last 100,000 made
_MATRICES: dict[tuple, object] = {}
_MATRIX_CELLS = [0]
MATRIX_CELLS = 250_000


def pair_matrix(rows: list[str], cols: list[str], bound: bool = False):
    """`_pair_matrix(rows, cols, bound)`, kept a while (`_MATRICES`): the same array, read
    only (a caller that adds to it copies it first)."""
    key = (tuple(rows), tuple(cols), bound)
    got = _MATRICES.pop(key, None)
    if got is None:
        got = _pair_matrix(rows, cols, bound)
        got.setflags(write=False)
        _MATRIX_CELLS[0] += got.size
        while _MATRIX_CELLS[0] > MATRIX_CELLS and _MATRICES:
            _MATRIX_CELLS[0] -= _MATRICES.pop(next(iter(_MATRICES))).size
    _MATRICES[key] = got  # the newest last
    return got


def _pair_matrix(rows: list[str], cols: list[str], bound: bool = False):
    """[pair_bonuses(a, cols) for a in rows] as an array, the same floats, scored as
    arrays: the models' counts of all the pairs looked up at once (`PairModel.counts`,
    `TextPairs.counts`), each character's own counts once, and `pair_bonus`'s operations
    in the same order (log and exp are `math`'s, element by element). `pair_bonus` for
    a character and a mark (the pair model's mark rules: a word ends before a mark, starts
    after one) is the same sum as for two Han; a pair of marks is its own rule, scored
    one by one.

    With `bound`, what no entry of that array is above, for a search's bound: the same
    sums with numpy's log and exp (whole arrays at once, within a few units in the last
    place of `math`'s), BOUND_MARGIN added to each."""
    import numpy as np

    pm, tp = pair_model(), text_pairs()
    smooth = pm.SMOOTH
    if bound:
        log, exp = np.log, np.exp
    else:
        log, exp = _logs, _exps
    A, B = _chars_of(tuple(rows)), _chars_of(tuple(cols))
    if rows and cols and int(A.c2.max()) * int(B.c1.max()) >= 2**53:  # their product would not be exact as a float
        return np.array([pair_bonuses(a, cols) for a in rows], dtype=np.float64).reshape(len(rows), len(cols)) + (BOUND_MARGIN if bound else 0.0)
    keys = keys_of(A.codes, B.codes)
    # PairModel.bonus, capped at PAIR_CAP: two characters it knows, a known one before a
    # mark (as likely as a word ending there), a mark before a known one, else 0.0
    words = np.zeros((len(rows), len(cols)))
    known = A.known[:, None] & B.known[None, :]
    if known.any():
        inside = pm.counts(rows, cols, keys).astype(np.float64)
        follows = (inside + (A.c2[:, None] * B.c1[None, :]).astype(np.float64) / pm.words) / A.c0[:, None]
        arg = (1 - smooth) * follows / (B.c0 / pm.total)[None, :] + smooth
        words[known] = log(arg[known])
    ends = A.known[:, None] & (~B.known & B.mark)[None, :]
    if ends.any():
        words = np.where(ends, A.end[:, None], words)
    starts = (~A.known & A.mark)[:, None] & B.known[None, :]
    if starts.any():
        words = np.where(starts, B.start[None, :], words)
    words = np.where(words < PAIR_CAP, words, PAIR_CAP)
    # TextPairs.mixed: the words' bonus alone after a character the text does not know
    mixed = np.where(words == 0.0, 0.0, words)
    tr = A.in_text
    if len(tr) and cols:
        counts = tp.counts(rows, cols, keys[tr]).astype(np.float64)
        p = (counts + A.types[:, None] * B.p_text[None, :]) / A.n_types[:, None]
        e = exp(words[tr])
        inner = A.w[:, None] * p / B.p_text[None, :] + A.rest[:, None] * e
        mixed[tr] = log(inner)
    out = 0.0 + np.where(mixed < PAIR_CAP, mixed, PAIR_CAP)
    # no pair with nothing; a pair of marks by its own rule
    out[A.empty, :] = 0.0
    out[:, B.empty] = 0.0
    for r in A.punct:
        for k in B.punct:
            out[r, k] = _known_pair(rows[r], cols[k])
    # a character and SENTENCE_END by `pair_bonus` (its SENTENCE_SHARE), one by one
    for r in A.punct:
        if rows[r] == SENTENCE_END:
            out[r, :] = [_known_pair(rows[r], b) for b in cols]
    for k in B.punct:
        if cols[k] == SENTENCE_END:
            out[:, k] = [_known_pair(a, cols[k]) for a in rows]
    if bound:
        out += BOUND_MARGIN
    return out


#: what `pair_matrix(..., bound=True)` adds to each entry: far more than numpy's log and
#: exp can differ from math's in the few operations a pair bonus takes (about 1e-15 at
#: these magnitudes), far less than any two readings' scores differ by
BOUND_MARGIN = 1e-9


def _logs(a):
    """math.log of each element of the array `a`, the same floats (numpy's own may differ
    in the last place)."""
    import numpy as np

    # read straight into the array (np.fromiter), not through a list numpy looks over
    return np.fromiter(map(math.log, a.ravel().tolist()), dtype=np.float64, count=a.size).reshape(a.shape)


def _exps(a):
    """math.exp of each element of the array `a`, the same floats."""
    import numpy as np

    return np.fromiter(map(math.exp, a.ravel().tolist()), dtype=np.float64, count=a.size).reshape(a.shape)


class _Chars:
    """What `pair_matrix` asks of the models about each of a list of characters, as arrays
    (each character's own facts looked up once a process: `_char_facts`; all of them one
    array of floats, a column each, the integers among them exact: below 2**53)."""

    def __init__(self, chars: tuple[str, ...]) -> None:
        import numpy as np

        facts = np.fromiter(chain.from_iterable(map(_char_facts, chars)), dtype=np.float64, count=14 * len(chars)).reshape(len(chars), 14)
        codes, known, c0, c1, c2, mark, empty, end, text, w, types, n_types, start, p_text = facts.T
        self.codes = codes.astype(np.uint64)
        self.known = known != 0
        self.c0 = c0.astype(np.int64)
        self.c1 = c1.astype(np.int64)
        self.c2 = c2.astype(np.int64)
        self.mark = mark != 0
        self.empty = empty != 0
        self.punct = [k for k, c in enumerate(chars) if c in PUNCT_SHARE]
        # as a first character: PairModel.bonus before a mark, TextPairs' weight
        self.end = end.copy()
        self.in_text = np.flatnonzero(text)
        self.w = w[self.in_text]
        self.rest = 1 - self.w
        self.types = types[self.in_text].astype(np.int64)
        self.n_types = n_types[self.in_text].astype(np.int64)
        # as a second one: PairModel.bonus after a mark, P(c) by the text
        self.start = start.copy()
        self.p_text = p_text / text_pairs().total


@lru_cache(maxsize=65536)
def _char_facts(c: str) -> tuple:
    """One character's entries in `_Chars`' arrays: its code point (0 for nothing),
    whether the pair model knows it, its three counts there, whether it is a mark,
    whether it is nothing, `PairModel.bonus` before a mark, whether the running text
    knows it, its `TextPairs` weight, types and count plus types, `PairModel.bonus`
    after a mark, and its count in the running text."""
    pm, tp = pair_model(), text_pairs()
    log, smooth = math.log, pm.SMOOTH
    k = pm.chars.get(c)
    g = tp.follows.get(c)
    return (
        ord(c) if len(c) == 1 else 0,
        k is not None,
        k[0] if k else 1,
        k[1] if k else 0,
        k[2] if k else 0,
        bool(c) and _mark(c),
        not c,
        log((1 - smooth) * k[2] / k[0] + smooth) if k else 0.0,
        g is not None,
        tp.SHARE * g[0] / (g[0] + tp.PRIOR) if g is not None else 0.0,
        g[1] if g is not None else 0,
        g[0] + g[1] if g is not None else 0,
        log((1 - smooth) * (k[1] / pm.words) / (k[0] / pm.total) + smooth) if k else 0.0,
        tp.follows.get(c, (1, 1))[0],
    )


@lru_cache(maxsize=512)
def _chars_of(chars: tuple[str, ...]) -> _Chars:
    """`_Chars` of a list of characters (the columns of a run's tables recur)."""
    return _Chars(chars)


@lru_cache(maxsize=1)
def script_only() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional characters, simplified characters) that are of that script only
    (data/script_chars.tsv: what says a line is not yet simplified, not yet Traditional)."""
    rows = dict(row.split("\t", 1) for row in resources.files("zhnorm.data").joinpath("script_chars.tsv").read_text(encoding="utf-8").splitlines() if "\t" in row and not row.startswith("#"))
    return frozenset(rows["t2s"]), frozenset(rows["s2t"])


@lru_cache(maxsize=1)
def text_pairs():
    """The running text's pairs (`textpairs.TextPairs`: the module and its data loaded
    once, on first use)."""
    from .textpairs import TextPairs

    return TextPairs()


class Page:
    """What the lines around a damaged span show in step: evidence for its repair.

    A page keeps to its topic and its script: a character it uses elsewhere is likelier
    (a cache model: half the corpus's probability, half the page's), and so is a pair of
    characters it shows elsewhere (PAGE_PAIR). A character found in one script only
    (`script_only`) is as likely as the page's own characters of that script are among
    those of either (smoothed): on a Traditional page 將 over 将; the models count both
    scripts alike, so each script's characters get twice that share of their probability.
    A mark of PUNCT_SHARE is weighed as a Han character is: half its share of running
    text, half the page's share (its marks counted among its characters, a quotation
    mark for both of its pair, `MARK_PARTNERS`), the page's share at most the text's
    (a short line's few 。 make no 。 likelier than running text does). A page whose
    sites flatten their marks to ASCII shows few 。 in step, and then a damaged span
    known by the trail byte A3 alone (常, 粒, 。) is read as 。 no more readily than as a
    Han character the page does not use; a mark that kept its full share on every page
    outscored the Han character a span hid (牛肉粒很大塊 read 牛肉。很大塊).
    """

    def __init__(self, texts=()) -> None:
        chars: dict[str, int] = {}
        pairs: set[str] = set()
        for t in texts:
            counts, shown = evidence(t)
            for c, n in counts.items():
                chars[c] = chars.get(c, 0) + n
            pairs |= shown
        self.chars = chars
        self.size = sum(chars.values())
        self.pairs = frozenset(pairs)
        t = s = 0
        if chars:
            trad, simp = script_only()
            t = sum(n for c, n in chars.items() if c in trad)
            s = sum(n for c, n in chars.items() if c in simp)
        self.script = _script_factors(t, s)  # log factor of a character of one script only
        self.scripts = (t, s)  # the characters of one script only it shows: Traditional, simplified
        self._logp: dict[str, float] = {}
        self._lost: dict[tuple[int, int], list] = {}
        self._cols: dict[tuple, tuple] = {}  # `_columns`
        self._after: dict[tuple[str, int, int], tuple[list[float], list[float]]] = {}
        self._completions: dict[tuple, list] = {}  # by what they depend on (`completions`)
        self._two: dict[tuple[int, int], list] = {}
        self._seconds: dict[str, list[str]] | None = None  # the page's pairs by their first character
        self._mid_logp: dict[tuple[int, ...], object] = {}  # `_middles`: logp of each cm, by group

    @classmethod
    def of(cls, lines: PageLines) -> Page:
        """The page of the lines `lines` holds now: the same as `Page` of those lines. Its
        pairs (a view of `PageLines.shown`'s keys) and its pairs by their first character
        are the lines' own (`PageLines.followers`), not copies: it is read before the lines
        change again (`PageLines.page`)."""
        page = cls()
        page.chars, page.size, page.pairs = dict(lines.chars), lines.size, lines.pairs
        page.script = _script_factors(lines.trad, lines.simp)
        page.scripts = (lines.trad, lines.simp)
        page._seconds = lines.followers
        return page

    def logp(self, c: str) -> float:
        got = self._logp.get(c)
        if got is None:
            p = math.exp(char_logp(c))
            if self.size:
                share = self.chars.get(c, 0) / self.size
                # a mark's share of running text is its most: a page shows few marks
                # for a line's worth of text, as likely many as none
                p = 0.5 * p + 0.5 * (min(share, p) if c in PUNCT_SHARE else share)
            got = math.log(p)
            if self.script:
                got += self._script(c)
            self._logp[c] = got
        return got

    def logps(self, chars) -> object:
        """[self.logp(c) for c in chars] as an array, the same floats. On a page that is
        not empty a character it does not use is half its P(c) (`_unseen_logp`) and its
        script's factor (none for a mark of PUNCT_SHARE), as arrays (`_logp_table`); those it
        uses are scored one by one."""
        import numpy as np

        if not self.size:
            return np.array([self.logp(c) for c in chars], dtype=np.float64)
        unseen, trad, simp = _logp_table(tuple(chars))
        if self.script:
            out = np.where(trad, unseen + self.script["t"], np.where(simp, unseen + self.script["s"], unseen))
        else:
            out = unseen.copy()
        used, logp = self.chars, self.logp
        for k, c in enumerate(chars):
            if c in used:
                out[k] = logp(c)
        return out

    def foreign(self, c: str) -> bool:
        """Whether `c` is of a script the page never shows in step while it shows at least
        ONE_SCRIPT characters of the other script only: a site that converts a page to one
        script character by character writes no character of the other (a Traditional page
        of 55 such characters and no simplified one: 保护基礎 is no reading there)."""
        sole = _sole_script(*self.scripts)
        if sole is None:
            return False
        trad, simp = script_only()
        return c in (simp if sole == "t" else trad)

    def _script(self, c: str) -> float:
        trad, simp = script_only()
        return self.script["t"] if c in trad else self.script["s"] if c in simp else 0.0

    def pair(self, a: str, b: str) -> float:
        # pair_bonus(a, b, self.pairs): the page's pairs are pairs of Han characters, and
        # a and b are characters (or nothing), so only a pair of Han can be one of them
        key = a + b
        got = _PAIRS.get(key)
        if got is None:
            got = _pair(a, b, key)
        return PAGE_PAIR + got if key in self.pairs else got

    def pair_table(self, rows: list[str], cols: list[str], bound: bool = False):
        """[[self.pair(a, b) for b in cols] for a in rows] as an array, the same floats
        (with `bound`, what none of them is above: `pair_matrix`)."""
        out = pair_matrix(rows, cols, bound)
        followers, at = self.followers(), {}
        for j, b in enumerate(cols):  # a column may come twice
            at.setdefault(b, []).append(j)
        for r, a in enumerate(rows):
            for b in followers.get(a, ()):
                for j in at.get(b, ()):
                    if not out.flags.writeable:  # `pair_matrix`'s own is read only
                        out = out.copy()
                    out[r, j] = PAGE_PAIR + out[r, j]
        return out

    def pair_row(self, a: str, bs) -> list[float]:
        """[self.pair(a, b) for b in bs], the same floats (`pair_bonuses`)."""
        return self._with_page_pairs(a, bs, pair_bonuses(a, bs))

    def _with_page_pairs(self, a: str, bs, got: list[float]) -> list[float]:
        """`got`, the bonuses of a + b for b in bs without the page, with PAGE_PAIR added
        for each pair the page shows in step."""
        pairs = self.pairs
        if pairs and _han(a):
            return [PAGE_PAIR + g if a + b in pairs else g for b, g in zip(bs, got)]
        return got

    def pair_row_after(self, a: str, pending: int, bs) -> list[float]:
        """`pair_row(a, bs)` for first characters `bs` of pairs dropped after a `pending`
        byte (`_lost_starts`): the bonuses without the page are those of `_bonus_after`,
        worked out once a process for all of them (the pages of a run's readings ask for
        the same ones in their own orders)."""
        row = _bonus_after(a, pending)
        return self._with_page_pairs(a, bs, [row[b] for b in bs])

    def followers(self) -> dict[str, list[str]]:
        """The page's pairs by their first character: first -> the second ones."""
        if self._seconds is None:
            seconds: dict[str, list[str]] = {}
            for p in self.pairs:
                seconds.setdefault(p[0], []).append(p[1])
            self._seconds = seconds
        return self._seconds

    def _columns(self, columns: tuple[tuple[int, ...], int]) -> tuple:
        """What the page makes of the c2 of `_lost_columns(*columns)`: them as a set, the
        position of each, the page's `logp` of each (a list and an array), those it scores
        otherwise than a page that uses none of them (`lost`: those it uses, and those of
        one script only when it has a script), their positions (an array) and themselves."""
        got = self._cols.get(columns)
        if got is None:
            import numpy as np

            seconds, as_set, at, of_script, _ = _lost_columns(*columns)
            lp_array = self.logps(seconds)
            lp = lp_array.tolist()
            own = as_set & self.chars.keys()
            if self.script:
                own |= of_script
            where = sorted(at[c2] for c2 in own)
            got = self._cols[columns] = (as_set, at, lp, lp_array, frozenset(own), np.array(where, dtype=np.intp), [seconds[k] for k in where])
        return got

    def lost(self, pending: int, nxt: int) -> list[tuple[float, str, list[tuple[float, str]]]]:
        """The pairs that can have been dropped between a `pending` byte and the byte `nxt`.

        (log P(c1), c1, [(log P(c2) + pair(c1, c2), c2), ...] best first) for each first
        byte X, where c1 is `pending` X and c2 is Y `nxt`; sorted by log P(c1) plus the
        best of its list. It depends on the two bytes only, so every reading of a run that
        reaches them shares it (computed once a page).

        A page changes the score of a c2 it uses (`logp`) or shows after c1 (`pair`), and
        of no other: the lists of the two bytes as a page without those characters scores
        them are worked out once a process (`_lost_ends_scored`), and a page scores again
        only its own.
        """
        key = (pending, nxt)
        got = self._lost.get(key)
        if got is None:
            got = []
            logp = self.logp
            if self.size:
                followers = self.followers()
                for c1, ends, columns, bonus in _lost_ends_scored(pending, nxt):
                    # the c2 this page scores otherwise: those it uses, those of one script
                    # only (when it has a script), those it shows after c1 (pair_row(c1, c2)
                    # is the process's bonus, PAGE_PAIR added for a pair shown)
                    seconds, at, lp, lp_array, own, where, chars = self._columns(columns)
                    shown = followers.get(c1)
                    if shown:
                        shown = seconds.intersection(shown)
                    if shown:
                        own = own | shown
                        row = bonus.tolist()
                        mine = [(lp[at[c2]] + (PAGE_PAIR + row[at[c2]] if c2 in shown else row[at[c2]]), c2) for c2 in own]
                        ends = Merged(ends, own, sorted(mine, reverse=True))
                    elif own:
                        ends = Merged(ends, own, sorted(zip((lp_array[where] + bonus[where]).tolist(), chars), reverse=True))
                    got.append((logp(c1), c1, ends))
            else:
                for x, c1 in _lost_starts(pending):
                    seconds = [c2 for _, c2 in _lost_ends(x, nxt)]
                    ends = sorted(((logp(c2) + b, c2) for c2, b in zip(seconds, self.pair_row(c1, seconds))), reverse=True)
                    if ends:
                        got.append((logp(c1), c1, ends))
            got.sort(key=lambda e: -(e[0] + e[2][0][0]))
            self._lost[key] = got
        return got

    def two_lost(self, pending: int, nxt: int, prev: str) -> list[tuple[float, str]]:
        """Two pairs dropped in a row between a `pending` byte and the byte `nxt`: pending
        X1 | Y1 X2 | Y2 nxt, three characters. (log score, text) of the BEAM best after
        `prev`. The readings are listed once a page for the two bytes (the middle
        characters chosen among the likeliest KEEP_MIDDLE before the last is added), and
        scored with the character before them here."""
        key = (pending, nxt)
        got = self._two.get(key)
        if got is None:
            logp = self.logp
            out = []
            middles = self._middles(pending)
            if type(self) is Page:
                # the third characters depend on X2 by its user-defined second bytes: the
                # bonuses of each group's middle characters before them are one matrix
                groups: dict[tuple[int, ...], dict[str, int]] = {}
                for _, _, cm, x2 in middles:
                    groups.setdefault(_user_defined_trails(x2), {}).setdefault(cm, len(groups[_user_defined_trails(x2)]))
                import numpy as np

                rows = {}
                for trails, cms in groups.items():
                    thirds = _lost_columns(trails, nxt)[0]
                    if thirds:
                        rows[trails] = (thirds, self.logps(thirds), pair_matrix(list(cms), thirds), cms)
                pairs = self.pairs
                # each middle's readings scored as an array (s + logp(c3) + pair(cm, c3),
                # the same sums); only those at or above the 4 BEAM-th best score can be
                # among the 4 BEAM best, so only they are made into readings
                scored = []
                for s, c1, cm, x2 in middles:
                    got = rows.get(_user_defined_trails(x2))
                    if got is None:
                        continue
                    thirds, lp3, bonus, cms = got
                    row = bonus[cms[cm]]
                    if pairs and _han(cm):
                        shown = [k for k, c3 in enumerate(thirds) if cm + c3 in pairs]
                        if shown:
                            row = row.copy()
                            row[shown] = PAGE_PAIR + row[shown]
                    scored.append(((s + lp3) + row, c1 + cm, thirds))
                if scored:
                    every = np.concatenate([a for a, _, _ in scored])
                    least = np.partition(every, every.size - min(4 * BEAM, every.size))[every.size - min(4 * BEAM, every.size)]
                    for a, start, thirds in scored:
                        ks = np.flatnonzero(a >= least).tolist()
                        if ks:
                            vals = a.tolist()
                            out.extend((vals[k], start + thirds[k]) for k in ks)
            else:
                for s, c1, cm, x2 in middles:
                    thirds = [c3 for _, c3 in _lost_ends(x2, nxt)]
                    out.extend((s + logp(c3) + b, c1 + cm + c3) for c3, b in zip(thirds, self.pair_row(cm, thirds)))
            got = self._two[key] = heapq.nlargest(4 * BEAM, out)
        return heapq.nlargest(BEAM, ((s + self.pair(prev, t[0]), t) for s, t in got))

    def _middles(self, pending: int) -> list[tuple[float, str, str, int]]:
        """The KEEP_MIDDLE best (score, c1, cm, X2) of two pairs dropped after `pending`
        (`two_lost`), best first: some 25,000 readings, scored as arrays. The pair
        bonuses without the page are worked out once a process (`_middle_table`); the
        page adds its characters' probabilities and PAGE_PAIR for the pairs it shows,
        in the order the scalar sum takes (so each score is the same float)."""
        logp, pair = self.logp, self.pair
        if type(self) is not Page or not self.size:
            middles = []
            for x1, c1 in _lost_starts(pending):
                s1 = 2 * LOST_PAIR + logp(c1)
                for y1 in _user_defined_trails(x1):
                    for x2, cm in _lost_starts(y1):
                        middles.append((s1 + logp(cm) + pair(c1, cm), c1, cm, x2))
            return heapq.nlargest(KEEP_MIDDLE, middles)
        import numpy as np

        followers = self.followers()
        out = []
        for trails, c1s, cms, x2s, column, bonus in _middle_table(pending):
            lpm = self._mid_logp.get(trails)
            if lpm is None:
                lpm = self._mid_logp[trails] = self.logps(cms)
            s1 = np.array([2 * LOST_PAIR + logp(c1) for c1 in c1s])
            hits = [(r, k) for r, c1 in enumerate(c1s) for c in followers.get(c1, ()) if (k := column.get(c)) is not None]
            if hits:
                rows, cols = zip(*hits)
                bonus = bonus.copy()
                bonus[rows, cols] = PAGE_PAIR + bonus[rows, cols]
            scores = ((s1[:, None] + lpm[None, :]) + bonus).ravel()
            k = min(KEEP_MIDDLE, scores.size)
            least = np.partition(scores, scores.size - k)[scores.size - k]
            n = len(cms)
            out.extend((float(scores[i]), c1s[i // n], cms[i % n], x2s[i % n]) for i in np.flatnonzero(scores >= least).tolist())
        return heapq.nlargest(KEEP_MIDDLE, out)

    def two_lost_firsts(self, pending: int, nxt: int) -> list[tuple[str, float]]:
        """(first character, score without the pair bonus of `prev`) of each reading
        `two_lost(pending, nxt, prev)` chooses among."""
        self.two_lost(pending, nxt, "")
        return [(t[0], s) for s, t in self._two[(pending, nxt)]]

    def dropped_after(self, prev: str, pending: int, nxt: int) -> tuple[list[float], list[float]]:
        """For the pairs `lost(pending, nxt)` lists, in its order: the pair bonus of `prev`
        before each c1, and the most any c1 from there on can get (a bound for the rest,
        with a margin for rounding). Kept a page: a run's readings end in few characters."""
        key = (prev, pending, nxt)
        got = self._after.get(key)
        if got is None:
            if len(self._after) >= AFTER_KEPT:
                self._after.clear()
            bonus = self.pair_row_after(prev, pending, [c1 for _, c1, _ in self.lost(pending, nxt)])
            most = bonus[:]
            for k in range(len(most) - 2, -1, -1):
                most[k] = max(most[k], most[k + 1])
            got = self._after[key] = (bonus, [b + 1e-9 for b in most])
        return got


AFTER_KEPT = 4096  # what `dropped_after` keeps (a page's, or the character page's)


@lru_cache(maxsize=2048)
def _bonus_after(a: str, pending: int) -> dict[str, float]:
    """pair_bonus(a, c1) for the first character c1 of every pair that can be dropped
    after a `pending` byte (`_lost_starts`), by c1 (`pair_bonuses`: the same floats)."""
    firsts = [c1 for _, c1 in _lost_starts(pending)]
    return dict(zip(firsts, pair_bonuses(a, firsts)))

#: pair_bonus(a, b) without a page, by a + b (a bounded cache: cleared when full)
_PAIRS: dict[str, float] = {}
PAIRS_KEPT = 50_000


def _pair(a: str, b: str, key: str) -> float:
    if len(_PAIRS) >= PAIRS_KEPT:
        _PAIRS.clear()
    got = _PAIRS[key] = pair_bonus(a, b)
    return got


def _known_pair(a: str, b: str) -> float:
    """pair_bonus(a, b), kept in `_PAIRS` (a and b one character each, or nothing)."""
    key = a + b
    got = _PAIRS.get(key)
    return _pair(a, b, key) if got is None else got


#: what `evidence` found in recent lines, by line (the lines around a damaged line are
#: mostly those around the next one); cleared when full
_EVIDENCE: dict[str, tuple[dict[str, int], set[str]]] = {}
EVIDENCE_KEPT = 160


def evidence(text: str) -> tuple[dict[str, int], set[str]]:
    """What a page's line shows: its non-ASCII characters counted, marks among them (in
    the order they first come), and its pairs of Han (those of its runs of Han,
    `HAN_RUNS`)."""
    got = _EVIDENCE.get(text)
    if got is None:
        chars = {c: n for c, n in Counter(text).items() if c >= "\x80"}
        for a, b in MARK_PARTNERS:  # a mark that opens shows the one that closes, and back
            n = chars.get(a, 0) + chars.get(b, 0)
            if n:
                chars[a] = chars[b] = n
        pairs = set()
        for run in HAN_RUNS.findall(text):
            pairs.update(map(add, run, run[1:]))
        if len(_EVIDENCE) >= EVIDENCE_KEPT:
            _EVIDENCE.clear()
        got = _EVIDENCE[text] = (chars, pairs)
    return got


#: the marks that come in pairs: a page's counts of each are the pair's (`evidence`)
MARK_PARTNERS = ("“”", "《》", "（）")
HAN_RUNS = Lazy("[\u3400-\u9fff]{2,}")  # what `_han` says, two or more in a row


def _script_factors(t: int, s: int) -> dict[str, float]:
    """`Page.script` of a page whose characters of one script only number t
    (Traditional) and s (simplified)."""
    if not (t or s):
        return {}
    q = (t + 1) / (t + s + 2)
    factors = {"t": math.log(2 * q), "s": math.log(2 * (1 - q))}
    sole = _sole_script(t, s)
    if sole is not None:
        # a page in one script: a character of the other is no reading (`Page.foreign`)
        factors["s" if sole == "t" else "t"] = FOREIGN
    return factors


def _sole_script(t: int, s: int) -> str | None:
    """"t" or "s": the one script a page writes, where it shows at least ONE_SCRIPT
    characters of that script only (`t` Traditional, `s` simplified) and none of the
    other's; None for a page that shows both, or too few."""
    if (t and s) or max(t, s) < ONE_SCRIPT:
        return None
    return "t" if t else "s"


class PageLines:
    """What `Page` sums over its lines, kept for the lines of the last page asked for
    (`page`): the next damaged line's page holds most of the same lines, so only the
    lines that left and those that came are taken away and added; a pair is counted by
    the lines that show it, so the page's pairs, and its pairs by their first character,
    change only for a pair whose first line came or whose last line went."""

    def __init__(self) -> None:
        # text -> [times it is there, its `evidence`, its characters: all, of one script only]
        self.lines: dict[str, list] = {}
        self.chars: dict[str, int] = {}
        self.size = self.trad = self.simp = 0
        #: each pair the lines show -> how many of the (different) lines show it; its keys
        #: are the page's pairs
        self.shown: dict[str, int] = {}
        self.pairs = self.shown.keys()
        #: the pairs by their first character, first -> the second ones: what the last page
        #: asked for reads (`Page.followers`), changed in place for the next
        self.followers: dict[str, set[str]] = {}

    def page(self, texts) -> Page:
        """`Page(texts)`, worked out from the last page's sums; it holds until the next
        page is asked for (its pairs, and its pairs by their first character, are these
        sums' own, not copies)."""
        want: dict[str, int] = {}
        for t in texts:
            want[t] = want.get(t, 0) + 1
        lines = self.lines
        changed = [(t, want.get(t, 0) - got[0]) for t, got in lines.items() if want.get(t, 0) != got[0]]
        changed += [(t, n) for t, n in want.items() if t not in lines]
        for t, n in changed:
            self._add(t, n)
        return Page.of(self)

    def _add(self, text: str, n: int) -> None:
        """Count the characters of the line `text` n more times (fewer when n < 0)."""
        got = self.lines.get(text)
        if got is None:
            counts, shown = evidence(text)
            trad, simp = script_only()
            got = self.lines[text] = [0, counts, shown, sum(counts.values()), sum(k for c, k in counts.items() if c in trad), sum(k for c, k in counts.items() if c in simp)]
            self._show(shown, 1)
        got[0] += n
        if not got[0]:
            del self.lines[text]
            self._show(got[2], -1)
        self.size += n * got[3]
        self.trad += n * got[4]
        self.simp += n * got[5]
        chars = self.chars
        for c, k in got[1].items():
            v = chars.get(c, 0) + n * k
            if v:
                chars[c] = v
            else:
                del chars[c]

    def _show(self, pairs, n: int) -> None:
        """One line more (n = 1) or fewer (-1) shows the pairs `pairs`: a pair shown by a
        first line comes into the pairs by their first character, one shown by none any
        more goes (and a first character left with none)."""
        shown, after = self.shown, self.followers
        for p in pairs:
            k = shown.get(p, 0) + n
            if k:
                shown[p] = k
                if k == 1 and n == 1:
                    got = after.get(p[0])
                    if got is None:
                        got = after[p[0]] = set()
                    got.add(p[1])
            else:
                del shown[p]
                got = after[p[0]]
                got.discard(p[1])
                if not got:
                    del after[p[0]]


@lru_cache(maxsize=1024)
def _logp_table(chars: tuple[str, ...]) -> tuple:
    """For `Page.logps`: `_unseen_logp` of each character (an array), and whether each is
    of the Traditional script only, of the simplified only (a mark of PUNCT_SHARE is of
    neither: a page's factor does not apply to it)."""
    import numpy as np

    trad, simp = script_only()
    scored = [c not in PUNCT_SHARE for c in chars]
    return (
        np.array([_unseen_logp(c) for c in chars], dtype=np.float64),
        np.array([s and c in trad for c, s in zip(chars, scored)], dtype=bool),
        np.array([s and c not in trad and c in simp for c, s in zip(chars, scored)], dtype=bool),
    )


@lru_cache(maxsize=65536)
def _unseen_logp(c: str) -> float:
    """`Page.logp` of a character a page (not empty) does not use: half its P(c)."""
    return math.log(0.5 * math.exp(char_logp(c)))


class Merged:
    """`sorted([e for e in base if e[1] not in skip] + own, reverse=True)`, both lists
    sorted so, made only as far as it is read: a run's search reads the first few ends
    of a dropped pair (its bound, the best that can enter the beam), not the hundred a
    pair of bytes can give. Indexing, slicing and iteration as a list's."""

    __slots__ = ("_done", "_base", "_skip", "_own", "_i", "_j")

    def __init__(self, base: list, skip, own: list) -> None:
        self._done: list = []
        self._base, self._skip, self._own = base, skip, own
        self._i = self._j = 0
        self._more(1)

    def _more(self, size: float) -> None:
        """Make the list at least `size` long, or whole."""
        done, base, skip, own = self._done, self._base, self._skip, self._own
        i, j, nb, no = self._i, self._j, len(base), len(own)
        while len(done) < size:
            while i < nb and base[i][1] in skip:
                i += 1
            if i < nb and (j >= no or base[i] > own[j]):
                done.append(base[i])
                i += 1
            elif j < no:
                done.append(own[j])
                j += 1
            else:
                break
        self._i, self._j = i, j

    def __getitem__(self, k):
        done = self._done
        if type(k) is int and 0 <= k < len(done):  # made already: the first, mostly
            return done[k]
        if isinstance(k, slice):
            self._more(k.stop if k.stop is not None and k.stop >= 0 and not k.start and k.step is None else math.inf)
        else:
            self._more(k + 1 if k >= 0 else math.inf)
        return self._done[k]

    def __iter__(self):
        done, k = self._done, 0
        while True:
            if k == len(done):
                self._more(k + 1)
                if k == len(done):
                    return
            yield done[k]
            k += 1

    def __len__(self) -> int:
        self._more(math.inf)
        return len(self._done)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    def __repr__(self) -> str:
        return repr(list(self))


@lru_cache(maxsize=1024)
def _lost_columns(trails: tuple[int, ...], nxt: int) -> tuple[list[str], frozenset[str], dict[str, int], frozenset[str], object]:
    """The c2 = Y `nxt` of the dropped pairs X Y whose X has these user-defined second
    bytes Y (`_user_defined_trails`), in order; them as a set; the position of each;
    those of one script only (`script_only`); and their `_unseen_logp` (an array)."""
    import numpy as np

    trad, simp = script_only()
    seconds = [c2 for y in trails if (c2 := char_of(y, nxt))]
    unseen = np.array([_unseen_logp(c2) for c2 in seconds], dtype=np.float64)
    return seconds, frozenset(seconds), {c2: k for k, c2 in enumerate(seconds)}, frozenset(c for c in seconds if c in trad or c in simp), unseen


@lru_cache(maxsize=64)  # about 150 KB each
def _lost_ends_scored(pending: int, nxt: int) -> tuple[tuple[str, list[tuple[float, str]], tuple[tuple[int, ...], int], object], ...]:
    """For each first byte X of a pair dropped between `pending` and `nxt` (`Page.lost`):
    c1, its list as a page that uses none of the c2 nor shows c1 c2 scores it (best
    first), the key of its c2 (`_lost_columns`), and their pair bonuses after c1 without
    a page (an array, in the c2's order). Made from `_lost_order`'s arrays, which are
    kept longer (a list of pairs takes ten times their room)."""
    import numpy as np

    rows: dict[int, tuple] = {}
    for trails, members, bonus, order in _lost_order(pending, nxt):
        seconds, _, _, _, unseen = _lost_columns(trails, nxt)
        best = np.take_along_axis(unseen[None, :] + bonus, order, axis=-1).tolist()
        chars = np.array(seconds, dtype=object)[order].tolist()
        for k, x in enumerate(members):
            rows[x] = (list(zip(best[k], chars[k])), (trails, nxt), bonus[k])
    return tuple((c1, *rows[x]) for x, c1 in _lost_starts(pending) if x in rows)


@lru_cache(maxsize=1024)  # about 13 KB each
def _lost_order(pending: int, nxt: int) -> tuple[tuple[tuple[int, ...], list[int], object, object], ...]:
    """What `_lost_ends_scored` is made from: for each group of first bytes X with the
    same user-defined second bytes (`_user_defined_trails`, the same for every X of a
    GBK area), those trails, its X, the pair bonuses of each c1 (a row) before each c2
    (`_lost_columns`), and each row's order of the c2 by score (`_unseen_logp` plus the
    bonus), then by character, both falling, as `sorted(..., reverse=True)` sorts the
    pairs (score, c2): each group's bonuses are one matrix, its scores one sum, and its
    rows are sorted as arrays."""
    import numpy as np

    groups: dict[tuple[int, ...], list[tuple[int, str]]] = {}
    for x, c1 in _lost_starts(pending):
        groups.setdefault(_user_defined_trails(x), []).append((x, c1))
    out = []
    for trails, members in groups.items():
        seconds, _, _, _, unseen = _lost_columns(trails, nxt)
        if seconds:
            bonus = pair_matrix([c1 for _, c1 in members], seconds)
            scores = unseen[None, :] + bonus
            codes = np.broadcast_to(np.array([ord(c) for c in seconds]), scores.shape)
            order = np.lexsort((codes, scores), axis=-1)[:, ::-1].astype(np.uint8 if len(seconds) <= 256 else np.intp)
            out.append((trails, [x for x, _ in members], bonus, order))
    return tuple(out)


@lru_cache(maxsize=64)  # about 200 KB each
def _middle_table(pending: int) -> list[tuple]:
    """For two pairs dropped after `pending` (`Page._middles`), by the second bytes Y1
    that make a user-defined pair with the first byte X1 (the same for every X1 of a
    GBK area): those Y1, the c1 (`pending` X1), the cm (Y1 X2), their X2, the column of
    each cm, and pair_bonus(c1, cm) for each c1 (a row) and cm (a column)."""
    import numpy as np

    groups: dict[tuple[int, ...], list[str]] = {}
    for x1, c1 in _lost_starts(pending):
        groups.setdefault(_user_defined_trails(x1), []).append(c1)
    out = []
    for trails, c1s in groups.items():
        mids = [(cm, x2) for y1 in trails for x2, cm in _lost_starts(y1)]
        if mids:
            cms = [cm for cm, _ in mids]
            bonus = pair_matrix(c1s, cms)
            out.append((trails, c1s, cms, [x2 for _, x2 in mids], {cm: k for k, cm in enumerate(cms)}, bonus))
    return out


class Characters(Page):
    """A page that knows characters only (their frequencies, no pairs, no pair model): what
    tells cheaply whether some reading of a run in step is made of likelier characters than
    the run as shown (`unrender._out_of_step`)."""

    def __init__(self, texts=()) -> None:
        super().__init__(texts)
        self._ends: dict[tuple[tuple[int, ...], int], list[tuple[float, str]]] = {}

    def lost(self, pending: int, nxt: int) -> list[tuple[float, str, list[tuple[float, str]]]]:
        """`Page.lost` without pairs: a c2 scores its own probability alone, so every first
        byte X with the same user-defined second bytes (`_user_defined_trails`, the same
        for every X of a GBK area) has the same list of c2, made once (`_ends_of`), not
        once for each X."""
        key = (pending, nxt)
        got = self._lost.get(key)
        if got is None:
            logp, got = self.logp, []
            for x, c1 in _lost_starts(pending):
                ends = self._ends_of(_user_defined_trails(x), nxt)
                if ends:
                    got.append((logp(c1), c1, ends))
            got.sort(key=lambda e: -(e[0] + e[2][0][0]))
            self._lost[key] = got
        return got

    def _ends_of(self, trails: tuple[int, ...], nxt: int) -> list[tuple[float, str]]:
        """(log P(c2), c2) best first for the c2 = Y `nxt` of these trails Y (`_lost_columns`):
        a few hundred lists at most (the GBK areas' trails, by `nxt`), kept."""
        key = (trails, nxt)
        got = self._ends.get(key)
        if got is None:
            logp = self.logp
            got = self._ends[key] = sorted(((logp(c2), c2) for c2 in _lost_columns(trails, nxt)[0]), reverse=True)
        return got

    def logp(self, c: str) -> float:
        got = self._logp.get(c)
        if got is None:
            if c in PUNCT_SHARE:
                got = math.log(PUNCT_SHARE[c])
            else:
                n = char_counts().get(c)
                got = math.log((n if n is not None else 0.5 if _han(c) else 0.1) / _total())
            self._logp[c] = got
        return got

    def pair(self, a: str, b: str) -> float:
        return 0.0

    def pair_table(self, rows: list[str], cols: list[str], bound: bool = False):
        """As `pair`: no pairs."""
        import numpy as np

        return np.zeros((len(rows), len(cols)))

    def pair_row(self, a: str, bs) -> list[float]:
        return [0.0] * len(bs)

    def pair_row_after(self, a: str, pending: int, bs) -> list[float]:
        return [0.0] * len(bs)


def pair_logp(text: str, before: str = "", after: str = "") -> float:
    """log plausibility of `text` between the characters `before` and `after`."""
    total = sum(char_logp(c) for c in text if ord(c) >= 0x80)
    seq = before[-1:] + text + after[:1]
    return total + sum(pair_bonus(a, b) for a, b in zip(seq, seq[1:]))


@lru_cache(maxsize=256)
def _lost_starts(lead: int) -> tuple[tuple[int, str], ...]:
    """(X, character) for the first byte X of a dropped pair after a pending `lead`."""
    return tuple((x, c) for x in range(0xA1, 0xFF) if (0xA1 <= x <= 0xA7 or 0xAA <= x <= 0xAF or x >= 0xF8) and (c := char_of(lead, x)))


@lru_cache(maxsize=256)
def _user_defined_trails(x: int) -> tuple[int, ...]:
    """The second bytes Y that make a user-defined pair with the first byte `x`."""
    return tuple(y for y in range(0x40, 0xFF) if is_user_defined(x, y))


@lru_cache(maxsize=4096)
def _lost_ends(x: int, nxt: int) -> tuple[tuple[int, str], ...]:
    """(Y, character) for the second byte Y of a dropped pair X Y before the byte `nxt`."""
    return tuple((y, c) for y in range(0x40, 0xFF) if is_user_defined(x, y) and (c := char_of(y, nxt)))


def completions(lead: int, raw: bytes, before: str, page: Page | None = None) -> list[tuple[str, int | None, float]]:
    """Ways to decode `lead` + `raw` in step, with pairs dropped between the units shown.

    `raw` is what a page showed out of step (2-byte units, the last may be a lone 0x80 that
    brought it back in step). Returns (text, pending byte or None when in step, log score),
    best first. A dropped pair X Y stands between two units: the pending byte pairs with X,
    Y with the next byte. The search keeps the BEAM best readings after each unit; a
    reading with a dropped pair is scored only when its bound (the pair bonuses at their
    best) can still enter the beam, so the result is that of scoring them all.

    The character before counts only by its pair bonus with each first character the
    first unit can give: the readings of runs that differ in it only by characters
    with the same bonuses (characters the pair model does not know) are found once a page.
    """
    page = page or Page()
    if not raw:
        return _completions(lead, raw, before, page)
    first, prev = raw[0], before[-1:]
    c = char_of(lead, first)
    key = (lead, raw, None if c is None else page.pair(prev, c), tuple(page.dropped_after(prev, lead, first)[0]))
    got = page._completions.get(key)
    if got is None:
        if len(page._completions) >= AFTER_KEPT:
            page._completions.clear()
        got = page._completions[key] = _completions(lead, raw, before, page)
    return got


def _units(raw: bytes) -> list[bytes]:
    """The units a page showed out of step: pairs of bytes, a lone 0x80 on its own."""
    units = []
    k = 0
    while k < len(raw):
        if raw[k] == 0x80:
            units.append(raw[k : k + 1])
            k += 1
        else:
            units.append(raw[k : k + 2])
            k += 2
    return units


def completions_bound(lead: int, raw: bytes, page: Page, after: list[tuple[str, float]] | None = None) -> list[tuple[str, float]] | None:
    """What no reading `completions(lead, raw, before, page)` gives can score above, for
    any character before: (first character, bound) for each first character a reading
    can have, the bound without the pair bonus of the character before and that first
    one. A reading's score is that bonus plus the rest, and the rest is at most the best
    of every way the units can be read, not only those the beam keeps: a search back from
    the last unit over the characters a reading can end a unit with (the unit's in step,
    or the second character of a pair dropped before it), exact but for a dropped pair,
    whose second character counts at most its best end (`Page.lost`) with the best that
    any of them can go on with. A reading that ends out of step goes on after the run:
    `after` bounds that search as this one bounds its own ((first character, bound)
    each; None: not known, and then neither is this bound)."""
    import numpy as np

    units = _units(raw)
    if not units or any(len(u) < 2 or u[1] < 0x80 for u in units[:-1]):
        return None
    ends_pending = len(units[-1]) == 2 and units[-1][1] >= 0x80
    if ends_pending and after is None:
        return None
    logp = page.logp
    pendings = [lead] + [u[1] for u in units[:-1]]
    shown = [char_of(p, u[0]) for p, u in zip(pendings, units)]  # each unit read in step

    def dropped(k: int) -> list[tuple[float, str, float, list[str]]]:
        """The pairs dropped before unit k: (LOST_PAIR + logp(c1) + best end, c1, the c2)."""
        pending, nxt = pendings[k], units[k][0]
        seconds = _lost_seconds(pending, nxt)
        return [(LOST_PAIR + lp1 + ends[0][0], c1, seconds[c1]) for lp1, c1, ends in page.lost(pending, nxt)]

    def pairs(rows, cols):
        return page.pair_table(rows, cols, bound=True)

    # rest[c]: the most units k + 1 on can add after a unit k that ends with c (for the
    # characters unit k can end with), from the last unit back
    drops = dropped(len(units) - 1)
    ending = sorted({c2 for _, _, c2s in drops for c2 in c2s} | ({shown[-1]} if shown[-1] else set()))
    if ends_pending:
        got = np.max(pairs(ending, [x for x, _ in after]) + np.array([b for _, b in after])[None, :], axis=1) if after and ending else np.full(len(ending), -math.inf)
    else:  # its next byte is ASCII, or it was 0x80: nothing more to score
        got = np.zeros(len(ending))
    rest = dict(zip(ending, got.tolist()))
    for k in range(len(units) - 1, 0, -1):
        c = shown[k]
        earlier = dropped(k - 1)
        chars = sorted({c2 for _, _, c2s in earlier for c2 in c2s} | ({shown[k - 1]} if shown[k - 1] else set()))
        firsts = ([c] if c is not None else []) + [c1 for _, c1, _ in drops]
        tails = ([logp(c) + rest[c]] if c is not None else []) + [best + max(map(rest.__getitem__, c2s)) for best, _, c2s in drops]
        if chars and firsts:
            got = np.max(pairs(chars, firsts) + np.array(tails)[None, :], axis=1)
        else:
            got = np.full(len(chars), -math.inf)
        rest, drops = dict(zip(chars, got.tolist())), earlier
    out = [(shown[0], logp(shown[0]) + rest[shown[0]])] if shown[0] is not None else []
    out.extend((c1, best + max(map(rest.__getitem__, c2s))) for best, c1, c2s in drops)
    return out


@lru_cache(maxsize=1024)
def _lost_seconds(pending: int, nxt: int) -> dict[str, list[str]]:
    """For `completions_bound`: the first character c1 of each pair dropped between a
    `pending` byte and the byte `nxt` -> the second characters c2 it can go with (those of
    every X that makes c1, in order; read, never changed)."""
    seconds: dict[str, list[str]] = {}
    for x, c1 in _lost_starts(pending):
        seconds.setdefault(c1, []).extend(_lost_columns(_user_defined_trails(x), nxt)[0])
    return seconds


def _completions(lead: int, raw: bytes, before: str, page: Page) -> list[tuple[str, int | None, float]]:
    logp, pair = page.logp, page.pair
    units = _units(raw)
    # state: (score, text, pending byte); a pair can only have been dropped before a unit
    beam: list[tuple[float, str, int | None]] = [(0.0, "", lead)]
    push, replace = heapq.heappush, heapq.heapreplace
    for unit in units:
        # a lone 0x80 brings the decoder back in step, and so does an ASCII byte the page
        # showed as a trail byte: in step it is that ASCII character
        after = unit[1] if len(unit) == 2 and unit[1] >= 0x80 else None
        tail = chr(unit[1]) if len(unit) == 2 and unit[1] < 0x80 else ""
        first = unit[0]
        top: list[tuple[float, int, str]] = []  # a min-heap of the BEAM best so far
        seq = 0  # among equal scores the first found stays
        for score, text, pending in beam:  # best first
            if pending is None:
                continue
            prev = (before + text)[-1:]
            c = char_of(pending, first)
            if c is not None:  # nothing dropped: the unit's first byte pairs with the pending one
                s = score + logp(c) + pair(prev, c)
                seq -= 1
                if len(top) < BEAM:
                    push(top, (s, seq, text + c + tail))
                elif s > top[0][0]:
                    replace(top, (s, seq, text + c + tail))
            bonus, most = page.dropped_after(prev, pending, first)
            for k, (lp1, c1, ends) in enumerate(page.lost(pending, first)):
                if len(top) >= BEAM and (
                    score + LOST_PAIR + lp1 + ends[0][0] + MAX_BONUS <= top[0][0] or score + LOST_PAIR + lp1 + ends[0][0] + most[k] <= top[0][0]
                ):
                    break  # sorted by this bound: no later X can enter the beam
                s1 = score + LOST_PAIR + lp1 + bonus[k]
                for s2, c2 in ends:  # best first: the rest cannot enter once one does not
                    if len(top) >= BEAM:
                        if s1 + s2 <= top[0][0]:
                            break
                        seq -= 1
                        replace(top, (s1 + s2, seq, text + c1 + c2 + tail))
                    else:
                        seq -= 1
                        push(top, (s1 + s2, seq, text + c1 + c2 + tail))
        if not top:
            return []
        beam = [(s, t, after) for s, _, t in sorted(top, reverse=True)]
    return [(t, p, s) for s, t, p in beam]
