"""Big5 and GBK read as each other with bytes lost, read again byte by byte: a lattice over
the lost bytes.

A reader that meets a pair it has no character for writes U+FFFD for the first byte and
goes on from the second (GBK reading Big5; each Big5 variant reading GBK): each U+FFFD
stands for one byte, and every other character of the garble is its own bytes (the
reader encodes back what it decoded). So a line garbled whole is the writer's bytes with
single bytes missing at known places, and the writer's reading of those bytes is fixed
but for the missing ones: from the line's start, a lead byte takes the byte after it,
whatever it was read as (a trail byte 40-7E shown as ASCII, or paired out of step with
the next lead), and a missing byte is a lead (its trail known) or a trail (its lead
known), never ASCII (that the reader would have kept). The reader's refusal says more:
the byte it lost and the one after it make no pair of its codec. Each character a
missing byte is in has the candidates those bytes allow; the pair model chooses among
them on a best path (a few candidates a character, the likeliest by their own log P),
and the word model with the pair model then settles each one again between its chosen
neighbours (尋常 over 尋。: `wordmodel`).

Repair takes this reading of a line holding U+FFFD when it scores better than what the
swaps and their realignment of a run after a U+FFFD (`swaps.realign`) make of it; a
garble inside clean text is read from the span about its U+FFFD that reads best with
the text beside it as it is.
"""

from __future__ import annotations

from functools import lru_cache

from . import wordmodel

CANDIDATES = 48  # a lost byte's characters kept, the likeliest by their own log P
BEAM = 8  # paths kept at each character
WORD_WINDOW = 3  # characters either side that the word model judges a choice with
SPAN = 24  # characters out from a U+FFFD that a garble inside clean text is looked for in
RARE = -11.0  # a lost byte's character is none rarer (log P, `swaps._prior`): not a Han the model lacks, nor a symbol
GARBLED = -9.0  # what a span's own characters read, at most, a character (`_read_in_step`)
MIN_GAIN = 1.0  # nats a character the reading gains over the line as it was, at least


class Misreading:
    """One way of reading bytes with the wrong codec that loses some: the writers' codecs,
    the reader's (the one whose refusals lost the bytes, and that encodes back what it
    read), and the writers' lead and trail bytes."""

    def __init__(self, kind: str, writers: tuple[str, ...], reader: str, encode: str, trails: tuple[int, ...]) -> None:
        self.kind, self.writers, self.reader, self.encode, self.trails = kind, writers, reader, encode, trails
        self.rejects = lru_cache(maxsize=1 << 16)(self._rejects)
        self.candidates = lru_cache(maxsize=1 << 14)(self._candidates)

    def encoded(self, text: str) -> list[int | None] | None:
        """The bytes the reader read as `text` (None: a lost byte), or None where a
        character is none it reads as one byte or two."""
        out: list[int | None] = []
        for c in text:
            if c == "\ufffd":
                out.append(None)
            elif c < "\x80":
                out.append(ord(c))
            elif c == "\u20ac" and self.reader == "gbk":  # a browser's GBK reads 0x80 as EUR
                out.append(0x80)
            else:
                try:
                    b = c.encode(self.encode)
                except UnicodeEncodeError:
                    return None
                if len(b) != 2:
                    return None
                out.extend(b)
        return out

    def _rejects(self, a: int, b: int | None) -> bool:
        """Whether the reader has no pair (a, b): what made it lose byte a (b None: not known)."""
        if b is None:
            return True
        try:
            bytes((a, b)).decode(self.reader)
        except UnicodeDecodeError:
            return True
        return False

    def _candidates(self, lead: int | None, trail: int | None, after: int | None, write: str) -> tuple[str, ...]:
        """The characters of `write` for a pair with its lead or trail byte (or both) lost,
        that fit the reader's refusals, the likeliest first (at most CANDIDATES); none
        rarer than RARE (a character the models lack would read as well as a common one:
        the word model's UNKNOWN)."""
        from .swaps import _prior

        found = set()
        for a in LEADS if lead is None else (lead,):
            if lead is None and trail is not None and not self.rejects(a, trail):
                continue
            for b in self.trails if trail is None else (trail,):
                if trail is None and (b < 0x80 or not self.rejects(b, after)):
                    continue  # a lost trail byte was read as a lead: not ASCII, and refused
                if lead is None and trail is None and not self.rejects(a, b):
                    continue
                c = _char(a, b, write)
                if c and _prior(c) > RARE:
                    found.add(c)
        return tuple(sorted(found, key=lambda c: (-_prior(c), c))[:CANDIDATES])

    def cells(self, data: list[int | None], write: str) -> list[tuple[str, ...]] | None:
        """The writer's characters of the bytes from their start, each as its candidates
        (one where no byte of it is lost); None where the bytes are none of `write`."""
        out: list[tuple[str, ...]] = []
        i, n = 0, len(data)
        while i < n:
            a = data[i]
            if a is not None and a < 0x80:
                out.append((chr(a),))
                i += 1
                continue
            if i + 1 >= n:
                return None  # a lead byte with no trail
            b = data[i + 1]
            after = data[i + 2] if i + 2 < n else None
            if a is not None and b is not None:
                c = _char(a, b, write)
                if c is None:
                    return None
                out.append((c,))
            else:
                cands = self.candidates(a, b, after, write)
                if not cands:
                    return None
                out.append(cands)
            i += 2
        return out


LEADS = range(0x81, 0xFF)
BIG5_TRAILS = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
GBK_TRAILS = (*range(0x40, 0x7F), *range(0x80, 0xFF))
BIG5 = ("big5", "cp950", "big5hkscs")
#: Big5 read as GBK (Python's, a browser's: GB18030's reader loses a byte only before
#: ASCII, and what it reads encodes back the same), and GBK read as each Big5 variant
MISREADINGS = (
    Misreading("big5 as gbk", BIG5, "gbk", "gb18030", BIG5_TRAILS),
    *(Misreading("gbk as big5", ("gbk",), read, read, GBK_TRAILS) for read in BIG5),
)


@lru_cache(maxsize=1 << 16)
def _char(a: int, b: int, write: str) -> str | None:
    try:
        c = bytes((a, b)).decode(write)
    except UnicodeDecodeError:
        return None
    return c if len(c) == 1 and c.isprintable() and c != "\ufffd" else None


def _best_path(cells: list[tuple[str, ...]]) -> str:
    """The likeliest reading by the pair model: each candidate's log P and its pairs."""
    from .swaps import _bonus, _prior

    paths: dict[str, tuple[float, str]] = {"": (0.0, "")}
    for cands in cells:
        new: dict[str, tuple[float, str]] = {}
        for c in cands:
            own = _prior(c) if len(cands) > 1 else 0.0
            score, text = max(((s + own + _bonus(last, c), t) for last, (s, t) in paths.items()), key=lambda x: x[0])
            new[c] = (score, text + c)
        if len(new) > BEAM:
            new = dict(sorted(new.items(), key=lambda kv: -kv[1][0])[:BEAM])
        paths = new
    return max(paths.values(), key=lambda x: x[0])[1]


def score(text: str, bonus=None) -> float:
    """The word model's log P of `text` and the bonuses of its pairs, by the pair model
    (`swaps._bonus`) or by `bonus` (repair's lost UTF-8 characters: `damage.pair_bonus`,
    with the running text's pairs): the pair model's log P of each character again would
    count it twice, and it is the word list's, which undercounts characters that are
    words alone (的 reads below 為)."""
    if bonus is None:
        from .swaps import _bonus as bonus

    return wordmodel.logp(text) + sum(bonus(a, b) for a, b in zip(text, text[1:]))


def _settled(cells: list[tuple[str, ...]], text: str) -> str:
    """Each lost byte's character chosen again between its neighbours as chosen, by
    both models over WORD_WINDOW characters either side."""
    chars = list(text)
    for i, cands in enumerate(cells):
        if len(cands) < 2:
            continue
        lo, hi = max(0, i - WORD_WINDOW), min(len(chars), i + WORD_WINDOW + 1)
        left, right = "".join(chars[lo:i]), "".join(chars[i + 1 : hi])
        chars[i] = max(cands, key=lambda c: score(left + c + right))
    return "".join(chars)


def _odd(c: str) -> bool:
    """A character no Chinese text read again in step is made of: kana (Big5's, where a
    line is no Big5), a user-defined one, one past the BMP, or Han the models lack."""
    from .swaps import UNSEEN, _logp

    if c < "\u3000":
        return False
    return "\u3040" <= c <= "\u30ff" or "\ue000" <= c <= "\uf8ff" or c > "\uffff" or ("\u3400" <= c <= "\u9fff" and _logp(c) <= UNSEEN)


def _read(text: str, settle: bool) -> tuple[float, str, str] | None:
    """The best reading of `text` as one of the misreadings over its writers (its score,
    itself and the kind), the lost bytes' characters settled by the word model too
    (`settle`)."""
    best = None
    for way in MISREADINGS:
        data = way.encoded(text)
        if data is None:
            continue
        for write in way.writers:
            cells = way.cells(data, write)
            if cells is None:
                continue
            new = _best_path(cells)
            if any(map(_odd, new)):
                continue
            if settle:
                new = _settled(cells, new)
            got = score(new)
            if best is None or got > best[0]:
                best = (got, new, way.kind)
    return best


def _read_in_step(span: str) -> bool:
    """Whether the span's characters that are neither lost bytes nor ASCII (the
    reader's own, to be read again) are there and read as garble: GARBLED or worse a
    character by the pair model (Big5 read as GBK makes rare characters: -11 to -12.5
    on the evaluation's lines; clean text beside a U+FFFD reads -5 to -7.5, `国际���議上`,
    where a Big5 reading of the characters beside the lost bytes can read as well)."""
    from .swaps import _plausible

    own = "".join(c for c in span if c >= "\x80" and c != "\ufffd")
    return bool(own) and _plausible(own) <= GARBLED


SIDE = 4  # characters either side of a U+FFFD that `suspect` reads


def suspect(text: str) -> bool:
    """Whether beside a U+FFFD of `text`, on one side, the nearest SIDE characters that
    are neither ASCII nor lost bytes (two at least) read as garble, GARBLED or worse a
    character: a line the swaps' scan did not judge garbled is read again only then (a
    lost byte in clean text has clean text beside it: -8.5 at worst on the benchmarks'
    text, `绝不容���觑`; most Big5 read as GBK beside its lost bytes reads -10 and worse)."""
    from .swaps import _plausible

    at = text.find("\ufffd")
    while at >= 0:
        for step in (-1, 1):
            got, j = [], at + step
            while 0 <= j < len(text) and len(got) < SIDE:
                if text[j] >= "\x80" and text[j] != "\ufffd":
                    got.append(text[j])
                j += step
            if len(got) >= 2 and _plausible("".join(got[::step])) <= GARBLED:
                return True
        at = text.find("\ufffd", at + 1)
    return False


def read_line(text: str) -> tuple[str, str] | None:
    """`text`, a line garbled by a misreading with bytes lost, read again (and the kind): the line
    whole, or the span about its U+FFFD whose reading, with the line's text beside it as
    it is, scores best (its ends looked for up to SPAN characters out from the first and
    the last U+FFFD, the end, the start, the end again), whichever scores better; a reading
    gains MIN_GAIN a character of what it reads, at least (else None)."""
    if "\ufffd" not in text:
        return None
    found = []
    got = _read(text, True) if _read_in_step(text) else None
    if got is not None and (got[0] - score(text)) / max(1, len(got[1])) >= MIN_GAIN:
        found.append((got[1], got[2]))
    first, last = text.index("\ufffd"), text.rindex("\ufffd") + 1
    lo, hi = max(0, first - SPAN), min(len(text), last + SPAN)

    def tried(a: int, b: int) -> float:
        got = _read(text[a:b], False)
        return -1e9 if got is None else got[0] + score(text[lo:a]) + score(text[b:hi])

    # the end from the first U+FFFD (inside the garble: the text beside it, read too,
    # would make the reading fail), the start to that end, the end again from that start
    b = max(range(last, hi + 1), key=lambda b: (tried(first, b), -b))
    a = max(range(lo, first + 1), key=lambda a: (tried(a, b), a))
    b = max(range(last, hi + 1), key=lambda b: (tried(a, b), -b))
    got = _read(text[a:b], True) if _read_in_step(text[a:b]) else None
    if got is not None and (got[0] - score(text[a:b])) / max(1, len(got[1])) >= MIN_GAIN:
        found.append((text[:a] + got[1] + text[b:], got[2]))
    return max(found, key=lambda f: score(f[0])) if found else None


def better(text: str, repaired: str) -> tuple[str, str] | None:
    """`text` read again (`read_line`) and the kind, where that scores better than
    `repaired`, what the swaps made of it; else None."""
    got = read_line(text)
    if got is None or got[0] == repaired or score(got[0]) <= score(repaired):
        return None
    return got
