"""Big5 read as GBK and GBK read as Big5: the repair stage's model for the two mix-ups
whose every garbled character is a real one.

Both codecs write a Han character as two bytes, so a garbled span is garbled character
by character: each character has one alternative (encode with the codec that read it,
decode with the one that wrote it). Which characters to swap is decided for a whole run
of them at once by a best path (Viterbi) over "keep" and "swap", scored by

- how common each character is (data/charfreq.tsv), with the marks the other codec's
  punctuation turns into (〃 ˇ ㄛ ...) counted as rare;
- whether each pair of neighbouring Han characters is one real text uses
  (data/bigrams.txt): garbled text looks real a character at a time, never a pair at a time;
- a cost for every switch between keeping and swapping inside a run of Han.

A line is repaired only on evidence: enough gain in all, odd characters swapped away,
and pairs real text uses made where there were none. A swap of one or two characters
between kept Han characters is never made (mojibake comes in spans), and kana of
Japanese text, bopomofo spellings or accented letters of Latin words are never swapped.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import lang as _lang
from . import plausibility as _plausibility
from .lazyre import Lazy
from .plausibility import bigram_rate
from .chars import SWAP_MARKS, UTF8_AS_LATIN, chinese_odd, swap_mark

KNOWN = 1.0  # a pair of Han characters real text uses
UNKNOWN = -0.6  # a pair it does not
SWITCH = 1.5  # keep <-> swap between two Han characters
SOFT_SWITCH = 1.0  # ... at a mark, a digit, kana or a letter
TIED = 1e9  # ... between a lost pair's guess and its trail byte: never
LINE_GAIN = 3.0  # a line is repaired when the swaps gain this much in all
EVIDENCE = 3  # known pairs made + rare marks and odd characters swapped away, at least
NEAR_GAIN = 0.3  # a span without pair evidence, next to a repaired one, gains this much
FAR_GAIN = 1.0  # ... anywhere in a line that gained FAR_LINE
FAR_LINE = 8.0
SURE_GAIN = 1.0  # a line whose every swapped piece is sure (`_sure`) gains this much
#: a known character whose other reading is this much commoner (nats, `swap_gains`) is
#: evidence as an odd one is, where a span swaps it away (`Span.rare`)
RARE_EVIDENCE = 2.0
#: a span whose evidence is such characters is sure when its pairs, with its neighbours,
#: read this much better swapped (the pair model: `pair_gain`)
RARE_BONUS = 3.0
BRIDGE = 12  # ASCII characters a run of Big5 read as GBK goes on across, at most
#: ... and this much where a character of the wrong script for the line is among them
#: (`Span.script`): clean text's rare names, which reach RARE_BONUS's neighbourhood, are
#: of the line's script
SCRIPT_BONUS = 1.0
#: ... and where the swap reads this much better by the pair model (log P a character,
#: with its neighbours) than the span as it is
SCRIPT_MARGIN = 1.5
#: ... and a span of one simplified-only character of Traditional text (Big5 read as
#: GBK) is sure where what it was reads this much better (nats, the pair model, with its
#: neighbours): clean Traditional text with simplified words put in reaches 3.6
SCRIPT_LONE = 4.5
WINDOW = 16  # characters either side of an odd one that a run is looked at

#: what the other codec's punctuation turns into: rare in real text (¨ is Big5's “)
RARE_MARKS = frozenset(SWAP_MARKS + "¨")
GAP = Lazy(r"[ -~]*")
#: a Big5 lead byte GBK read as U+FFFD, and the trail byte after it, which is ASCII
LOST_LEAD = Lazy("\ufffd[@-~]")
#: both bytes of a pair lost: the lead byte, and the trail byte the reader then paired
#: with the next byte; between Han characters (what the reader made of the garble's
#: other pairs): beside letters, or at a line's end, it is quoted garbage as often
LOST_PAIR = Lazy("(?<=[\u3400-\u9fff])\ufffd\ufffd(?=[\u3400-\u9fff])")  # what may stand between parts of one span: ASCII, which every codec keeps
#: accented letters of a Latin word; not the spacing modifiers (U+02B0-U+02FF: ˙ ˇ ˊ,
#: what GBK reads Big5's 步 and others as) a garble puts beside a Latin word (USB-C˙)
LATIN_WORD = Lazy(r"(?<=[A-Za-z])[\u0080-\u02af]+|[\u0080-\u02af]+(?=[A-Za-z])")


def _beside_capitals(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], LATIN_WORD's accented letters, are small letters whose ASCII
    neighbours are capitals only: no word's spelling (GDPê, ēVIP: Big5's 那 and 言 read
    as GBK beside an acronym), where café and Beyoncé's accents follow small letters."""
    if not text[a:b].islower():
        return False
    near = (text[a - 1] if a else "") + (text[b] if b < len(text) else "")
    letters = [c for c in near if c.isascii() and c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _final_e(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], LATIN_WORD's accented letters, is one ê ending an ASCII word
    right before Han or a bopomofo letter: GBK's reading of Big5's 那 (iPhoneê裡 is
    iPhone那裡, Maxêㄇㄆㄠ Max那些事兒), where the
    languages that write ê put it inside a word or before a space (fête, você)."""
    return text[a:b] == "\u00ea" and b < len(text) and (_han(text[b]) or "\u3105" <= text[b] <= "\u312f")


def _beside_user_defined(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], ZHUYIN's letters, has GB18030's reading of a user-defined pair
    (U+E000-U+E765, Big5's commonest Han read so) right before or after it, past an
    ê (Big5's 那 read as GBK): a Big5 garble's letters (明朝那些事兒 is
    \ue80b绰êㄇㄆㄠ\ue4f4, 能來來來 \ue215ㄓㄓㄓ), where a spelling stands beside text."""
    while a and text[a - 1] == "\u00ea":
        a -= 1
    return a > 0 and "\ue000" <= text[a - 1] <= "\ue765" or b < len(text) and "\ue000" <= text[b] <= "\ue765"


def _initial_accent(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], LATIN_WORD's accented letters, is one small letter of GBK's
    pinyin row (ā á ǎ à ... ü ê: Big5's 角 and its neighbours read as GBK) right after Han
    and before an ASCII letter: a word begun by it touches no Han (發動機àiPhone is
    發動機角iPhone), where French and Spanish words stand after a space (à la carte)."""
    if b - a != 1 or not a or not _han(text[a - 1]):
        return False
    try:
        raw = text[a].encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and raw[0] == 0xA8 and text[a].islower()


# ㄅㄥˇ: a real bopomofo spelling, two letters and a tone mark, or three letters
ZHUYIN = Lazy("[\u3105-\u312f]{2,}[\u02c7\u02ca\u02cb\u02d9]|[\u3105-\u312f]{3,}")
KANA = Lazy(r"[\u3040-\u30ff]")
#: three kana or more of one script (hiragana, or katakana), led by one class: the engine
#: skips to a kana by its table, where an alternation of two classes is tried at every
#: character (about five times the cost on a long line)
SCRIPT_RUN = Lazy("[\u3041-\u30ff](?:(?<=[\u3041-\u309f])[\u3041-\u309f]{2,}|(?<=[\u30a0-\u30ff])[\u30a0-\u30ff]{2,})")
#: a Japanese word in Chinese text (超かわいい): four kana of one script; garbled Big5
#: makes three at most in a row where Chinese had 今天天 (さぱぱ)
KANA_WORD = Lazy(r"[\u3041-\u309f]{4,}|[\u30a0-\u30ff]{4,}")


#: a GBK reader of Big5 loses the bytes of punctuation and of a few rare characters: a
#: third of a garbled line's non-ASCII characters are U+FFFD, two thirds at most; where
#: they are more than this share, a reader lost every byte it met (UTF-8's reader of
#: GBK or Big5 bytes), and U+FFFD with ASCII after it is no lost Big5 character
LOST_SHARE = 0.75


def lost_wholesale(text: str) -> bool:
    """Whether U+FFFD are more than LOST_SHARE of the non-ASCII characters of `text`."""
    lost = text.count("\ufffd")
    return lost > LOST_SHARE * (len(text) - len(text.encode("ascii", "ignore")))


def _user_defined_pair(text: str, p: int) -> bool:
    """Whether text[p] is GB18030's reading of a user-defined pair (U+E000-U+E765) with
    an odd character beside it that is neither U+FFFD nor private use: a Big5 garble
    read by GB18030 is full of them (的 is AABA, E019) amid its other odd readings,
    where private use in clean text is a web font's icons beside a space, clean text or
    each other."""
    if not "\ue000" <= text[p] <= "\ue765":
        return False
    return any(0 <= q < len(text) and text[q] != "\ufffd" and not "\ue000" <= text[q] <= "\uf8ff" and chinese_odd(text[q]) for q in (p - 1, p + 1))


def _ja_kanji() -> frozenset[str]:
    """The kanji forms only Japanese writes (縄 県: odd to the Chinese frequency table,
    and no garble), as lang.py reads them."""
    return _lang._ja_only()


def big5_seed(text: str, p: int) -> bool:
    """Whether `Swap.likely` takes text[p] in a direction of Big5 read as GBK for its
    own look, without the pairs it makes: GB18030's reading of a user-defined pair amid
    odd readings, or an odd Han character beside another whose other readings are Han
    the frequency table knows. The first look is the same in every direction, and the
    second is asked only of an odd Han character beside another (in clean text a rare
    name's character stands alone): the gate asks it of every rare Han seed."""
    if _user_defined_pair(text, p):
        return True  # (a direction of Big5 read as GBK asks it as `Swap.likely` does)
    if not (_odd_han(text[p]) and (p and _odd_han(text[p - 1]) or p + 1 < len(text) and _odd_han(text[p + 1]))):
        return False
    return any(s.guesses and s._odd_pair(text, p) for s in directions())


def _odd_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" and chinese_odd(c)


def _han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def japanese(text: str) -> bool:
    """Text with a run of three or more hiragana (with a particle or an ending among
    them), or of katakana, such as Japanese writes. Garbled Big5 mixes the two scripts,
    and small vowels, at random."""
    for m in SCRIPT_RUN.finditer(text):
        w = m.group()
        if w[0] <= "\u309f":  # hiragana: with a particle or ending, no small vowels
            if any(c in "のはがをにでてたするしとな" for c in w) and not any(c in "ぁぃぅぇぉゐゑゎ" for c in w):
                return True
        elif not any(c in "ヰヱヮヵヶ" for c in w):
            return True
    return False


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, float], frozenset[str]]:
    from .plausibility import _weights, bigrams

    return _weights(), bigrams()


@lru_cache(maxsize=65536)
def emission(c: str) -> float:
    """How plausible one character is in Chinese text, for the swap model."""
    char_score = _plausibility.char_score

    if c in RARE_MARKS:
        return -1.0
    if "\u3040" <= c <= "\u30ff":
        # kana amid Chinese: garbled Big5 is full of them, one at a time (る is 月, ら is
        # 日); a Japanese word in Chinese text (超かわいい) is not swapped, see `plan`
        return -1.0
    if "\u0080" <= c <= "\u02ff" or "\u0370" <= c <= "\u04ff":
        return -1.0  # accented letters, Greek, Cyrillic amid Han
    if "\u2190" <= c <= "\u21ff" or "\u2460" <= c <= "\u24ff" or "\u25a0" <= c <= "\u26ff":
        return 0.5  # arrows, circled numbers, shapes: web text uses them
    if "\u2200" <= c <= "\u22ff":
        return -0.5
    if "\u2500" <= c <= "\u257f":
        return -1.5  # box drawing
    return char_score(c, _tables()[0])


def _emit(s: str) -> float:
    return emission(s) if len(s) == 1 else sum(emission(c) for c in s)


#: a simplified-only character in Traditional text, for Big5 read as GBK: this much less
#: plausible (GBK reads Big5's pairs as GB2312's characters, most of them simplified)
SCRIPT_COST = 1.5
SCRIPT_LINE = 2  # Traditional-only characters, at least, that make a line Traditional


@lru_cache(maxsize=1)
def script_chars() -> tuple[frozenset[str], frozenset[str]]:
    """(Traditional only, simplified only): the `t2s` row of data/script_chars.tsv, and
    what its `s2t`, `s2tw`, `s2twp` and `s2hk` rows all hold: a character that one
    Traditional standard writes is of no wrong script in a Traditional line (温 脱 秘 户
    床 峰, which Hong Kong or Taiwan spelling keeps)."""
    from . import datafiles as resources

    rows = dict(row.split("\t", 1) for row in resources.files("zhnorm.data").joinpath("script_chars.tsv").read_text(encoding="utf-8").splitlines() if "\t" in row and not row.startswith("#"))
    return frozenset(rows["t2s"]), frozenset(rows["s2t"]).intersection(rows["s2tw"], rows["s2twp"], rows["s2hk"])


def simplified_in_traditional(text: str) -> frozenset[str]:
    """The simplified-only characters of `text` if it is Traditional text (SCRIPT_LINE
    Traditional-only characters at least, and no fewer than its simplified-only ones),
    else none (`script_chars`). Asked once a line (`fix_swaps` hands it to `Swap.plan`),
    by the sets' own operations: clean Traditional text holds no simplified-only character
    at all, which one look in C says, not a count a character at a time."""
    trad, simp = script_chars()
    if simp.isdisjoint(text):
        return frozenset()
    found = simp.intersection(text)
    t = sum(map(text.count, trad.intersection(text)))
    if t < SCRIPT_LINE:
        return frozenset()
    return found if sum(map(text.count, found)) <= t else frozenset()


def _emit_in(simp: frozenset[str]):
    def emit(s: str) -> float:
        return sum(emission(c) - (SCRIPT_COST if c in simp else 0.0) for c in s)

    return emit


def _pair(x: str, y: str, known: frozenset[str]) -> float:
    """The score of the pair that x's last and y's first character make (0 unless both Han)."""
    if not (x and y and "\u3400" <= x[-1] <= "\u9fff" and "\u3400" <= y[0] <= "\u9fff"):
        return 0.0
    return KNOWN if x[-1] + y[0] in known else UNKNOWN


def _pairs(s: str) -> float:
    known = _tables()[1]
    return sum(_pair(a, b, known) for a, b in zip(s, s[1:]))


def _sure(old: str, new: str, span: "Span") -> bool:
    """A swapped piece (with its neighbours) confirmed on its own: it swaps marks (or two
    odd characters) away and leaves none, and what it makes is CJK punctuation or Han
    whose pairs with its neighbours are ones real text uses (all of them where a mark
    went, half where odd characters did); or it swaps away two characters, odd or
    rare ones whose other reading is far commoner (`Span.rare`), and its pairs with its
    neighbours read RARE_BONUS better by the pair model."""
    if (span.rare or span.script) and span.odd + span.rare + span.script >= 2 and any(map(_han, span.new)) and not any(map(chinese_odd, span.new)) and not any(c in RARE_MARKS for c in span.new):
        if pair_gain(old, new) >= (SCRIPT_BONUS if span.script else RARE_BONUS):
            return True
    if not (span.odd or span.marks) or any(map(chinese_odd, span.new)) or any(c in RARE_MARKS for c in span.new):
        return False
    if not any(map(_han, span.new)):
        return all("\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e" for c in span.new)
    hits, total = bigram_rate(new)
    # a rare character alone is real text (到达郔地 is not 到达最地, though 达最 and 最地
    # are pairs real text uses): only a mark swapped away, or two rare characters
    if span.marks:
        return hits == total
    return span.odd >= 2 and hits > 0 and 2 * hits >= total


#: GBK read as Big5: a span that swaps Big5's symbols back to the full-width punctuation
#: they were (﹝ is 。, ㄛ ，, ◎ 》, ˋ ？) and odd characters away is sure where it reads
#: this much better (the pair model, log P a character, with its neighbours)
PUNCT_READS = 2.0


def _punctuated(old: str, new: str, po: str, pn: str, span: "Span") -> bool:
    """GBK read as Big5: a span of Han and symbols, every symbol swapped to CJK
    punctuation and two characters at least odd, rare with a far commoner other reading,
    or of the wrong script (`Span`) swapped away, leaving none odd, where the swapped
    text with its neighbours reads PUNCT_READS better a character (省邮费质量挺好送Python
    億穻辦﹝ is ...送Python货挺快。 at a line's end, where the pairs real text uses
    made inside it are none)."""
    if len(old) != len(new) or span.odd + span.rare + span.script < 2 or any(map(chinese_odd, new)):
        return False
    marks = [(o, n) for o, n in zip(old, new) if not _han(o)]
    if not marks or not all(not KANA.match(o) and o != "\ufffd" and ("\u3000" <= n <= "\u303f" or "\uff01" <= n <= "\uff5e") for o, n in marks):
        return False
    return _plausible(pn) - _plausible(po) >= PUNCT_READS


def _rare_pair(old: str, new: str, po: str, pn: str) -> bool:
    """GBK read as Big5: a piece of two characters amid Han, each odd or rare with a far
    commoner other reading (`_rare`), that swaps to two known characters none of them odd
    whose pairs with its neighbours read RARE_BONUS better (个弊模都 is 个国家都, 一剒猁尚
    一需要尚): two such characters side by side are a garble's, seldom a clean line's."""
    return (
        len(old) == 2
        and all(map(_han, old))
        and all(map(_han, new))
        and len(new) == 2
        and not any(map(chinese_odd, new))
        and sum(map(chinese_odd, old)) + _rare(old) >= 2
        and pair_gain(po, pn) >= RARE_BONUS
    )


def pair_gain(old: str, new: str) -> float:
    """How much better (nats) the pairs of `new` read than those of `old` by the pair
    model: the sum of its pairs' log P(b | a) / P(b), less the same of `old`."""
    return sum(map(_bonus, new, new[1:])) - sum(map(_bonus, old, old[1:]))


def _odd_made(c: str, new: str) -> bool:
    """Whether a swap of `c` for `new` makes an odd character of one that was not."""
    return len(new) == 1 and chinese_odd(new) and not chinese_odd(c)


def _without_japanese_kana(text: str, found: list[int]) -> tuple[list[int], bool]:
    """The seeds but for the kana of Japanese text, and whether the text is Japanese."""
    if any("\u3040" <= text[p] <= "\u30ff" for p in found) and japanese(text):
        return [p for p in found if not "\u3040" <= text[p] <= "\u30ff"], True
    return found, False


def _runs(alts: list, windows: list[tuple[int, int]], text: str = "", bridge: bool = False) -> Iterator[tuple[int, int]]:
    """The runs of characters with an alternative, inside the windows; with `bridge`,
    two runs that only ASCII parts (at most BRIDGE characters: digits, a Latin word,
    punctuation, which every codec keeps) are one run: a garble goes on across them."""
    for lo, hi in windows:
        k = lo
        last = None
        while k < hi:
            if alts[k] is None:
                k += 1
                continue
            a = k
            while k < hi and alts[k] is not None:
                k += 1
            if last is not None and bridge and a - last[1] <= BRIDGE and text[last[1] : a].isascii():
                last = (last[0], k)
                continue
            if last is not None:
                yield last
            last = (a, k)
        if last is not None:
            yield last


def _near(out: list[str], k: int, step: int, edge: str) -> str:
    """The character of `out` nearest `k` going `step`-wise (entries may be empty: the
    trail byte a lost lead byte's character took in), else `edge`."""
    while 0 <= k < len(out):
        if out[k]:
            return out[k][-1 if step < 0 else 0]
        k += step
    return edge


@dataclass
class Span:
    start: int
    end: int
    new: str
    pairs: int  # known pairs made, minus those there were
    marks: int  # rare marks and other non-Han garbage swapped away
    odd: int  # odd characters swapped away
    sure: bool = False  # confirmed on its own: see `_sure`
    rare: int = 0  # known characters swapped away whose other reading is far commoner
    script: int = 0  # characters of the wrong script for the line swapped away (`_wrong_script`)


class Swap:
    """One direction: text written in `write` and read as `read`."""

    def __init__(self, kind: str, write: str, read: str):
        self.kind, self.write, self.read = kind, write, read
        self._alts: dict[str, str | None] = {}
        # the codecs' functions, not looked up by name at each character (`alt`)
        self._encode, self._decode = codecs.lookup(write).encode, codecs.lookup(read).decode
        # a lead byte the reader has no pair for (Big5 read as GBK: A1-A7 before 40-7E)
        # is U+FFFD, and its trail byte the ASCII character after it, or paired with the
        # next byte (see `realign`), in both directions: GB18030 read as such loses
        # nothing, but a GBK reader, whose readings are the same, does. Realigned runs
        # are judged on their gain in both; the best path guesses lost pairs between
        # swapped characters for Big5 read as GBK only: for GBK read as Big5 it took
        # quoted garbage of other kinds (Ҫ�ú� is no GBK read as Big5) for evidence
        self.guesses = write == "gb18030"
        # Big5 read as GBK: a run goes on across ASCII (`_runs`), whose characters the
        # best path passes through in either state
        self.bridges = write == "gb18030"
        self._simp: frozenset[str] = frozenset()  # see `simplified_in_traditional`
        self._leads: dict[tuple, tuple[str, ...]] = {}

    def _odd_pair(self, text: str, p: int) -> bool:
        """Whether odd Han text[p] and an odd Han neighbour both read the other way as Han
        that is not odd."""
        ja = _ja_kanji()

        def ok(c: str) -> bool:
            a = self.alt(c)
            return _han(c) and chinese_odd(c) and c not in ja and a is not None and len(a) == 1 and _han(a) and not chinese_odd(a)

        return ok(text[p]) and any(0 <= q < len(text) and ok(text[q]) for q in (p - 1, p + 1))

    @classmethod
    def _odd_through(cls, old: str, new: str) -> bool:
        """A piece of two characters or more, every one odd (not U+FFFD), that swaps
        to Han and punctuation none of which is odd: sure on its own (了餓 is 1695\ue5ec緅
        at a line's end, 閃迪 SanDisk 皗瓆)."""
        return (
            len(old) >= 2
            and all(c != "\ufffd" and chinese_odd(c) for c in old)
            and not any(c in _ja_kanji() for c in old)
            and not any(map(chinese_odd, new))
            and any(map(_han, new))
        )

    def _script_seed(self, c: str) -> bool:
        """Whether `c`, simplified-only in Traditional text, reads the other way as one
        Han character that is not simplified-only and not odd."""
        a = self.alt(c)
        return a is not None and len(a) == 1 and _han(a) and a not in script_chars()[1] and not chinese_odd(a)

    def _simp_count(self, s: str) -> int:
        """How many characters of `s` are simplified-only ones of the line (`_simp`)."""
        simp = self._simp
        return sum(1 for c in s if c in simp) if simp else 0

    @staticmethod
    def user_defined(old: str) -> int:
        """How many characters of `old` are GB18030's readings of its user-defined
        areas (U+E000-U+E765): a Big5 pair read there is Big5's punctuation (A140-A3FE)
        or its commonest Han (AAA1-AFFE: 的 是 在 ...); each counts twice as a mark."""
        return sum(1 for c in old if "\ue000" <= c <= "\ue765")

    def lost(self, text: str, k: int, alts: list) -> str | None:
        """The Big5 character a U+FFFD at `k` and the ASCII trail byte after it most
        likely were, between its neighbours as swapped (the pair model decides)."""
        cands = self.lost_chars(None, ord(text[k + 1]))
        if not cands:
            return None
        # beside it as swapped: the character before may be a lost pair's guess, whose
        # trail byte's entry is empty
        left = _near(alts, k - 1, -1, "") if k and alts[k - 1] is not None else (text[k - 1] if k else "")
        right = (alts[k + 2] or text[k + 2])[:1] if k + 2 < len(text) else ""
        return _guess(cands, (left,), (right,))

    def lost_pair(self, text: str, k: int, alts: list) -> str | None:
        """The character whose two bytes the two U+FFFD at `k` stand for, between its
        neighbours as swapped."""
        cands = self.lost_chars(None, None, _byte(text, k + 2, self.write))
        if not cands:
            return None
        left = _near(alts, k - 1, -1, "") if k and alts[k - 1] is not None else (text[k - 1] if k else "")
        right = (alts[k + 2] or text[k + 2])[:1] if k + 2 < len(text) else ""
        return _guess(cands, (left,), (right,))

    def lost_chars(self, lead: int | None, trail: int | None, after: int | None = None) -> tuple[str, ...]:
        """The characters of the writer's codec a pair the reader lost could have been:
        `lead` or `trail` None where that byte is the one lost (both None: the whole pair);
        the reader rejects the pair it read (a lost lead byte), and, where the trail byte
        was lost, the pair that byte made with the byte `after` it (None: unknown)."""
        key = (lead, trail, after)
        got = self._leads.get(key)
        if got is None:
            got = self._leads[key] = tuple(_lost_chars(self.write, self.read, lead, trail, after))
        return got

    def alt(self, c: str) -> str | None:
        """What `c` was, if it was garbled this way (None: no two-byte reading)."""
        try:
            return self._alts[c]
        except KeyError:
            pass
        a = None
        try:
            raw = self._encode(c)[0]
            if len(raw) == 2:
                a = self._decode(raw)[0]
                if a == c:
                    a = None
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        self._alts[c] = a
        return a

    def likely(self, text: str, p: int) -> bool:
        """Whether the odd character at `p` may be garbled this way: its alternative makes
        a pair real text uses with its neighbour's alternative (or, for what is not Han,
        with its neighbour: the edge of a garbled span meets clean text), or it is a mark or a
        private-use character whose alternative is punctuation."""
        c = text[p]
        a = self.alt(c)
        if a is None or _unit(text, p):
            return False
        if not _han(a[0]):
            # what punctuation turns into (〃 for ”, ﹝ for 。), or private use: nothing
            # clean text holds
            return swap_mark(c) or "\ufe10" <= c <= "\ufe6f" or "\ue000" <= c <= "\uf8ff"
        if self.guesses and (_user_defined_pair(text, p) or self._odd_pair(text, p)):
            return True
        known = _tables()[1]
        if not self.guesses and self._odd_pair(text, p):
            # GBK read as Big5: two odd characters side by side that read as known Han, one
            # making a pair real text uses with the clean character beside the two (损囮眒快
            # is 损失已快; 落叶窸窸窣窣 reads as 瓿瓿連連, beside clean text as nothing)
            if p and not chinese_odd(text[p - 1]) and text[p - 1] + a[0] in known or p + 1 < len(text) and not chinese_odd(text[p + 1]) and a[-1] + text[p + 1] in known:
                return True
        # a rare Han character beside clean text is real text (到达郔地 is not 到达最地)
        edge = not _han(c) and not KANA.match(c)  # nor is a kana (齐高无ぶ in old texts)
        if p:
            left = text[p - 1]
            if (self.alt(left) or "")[-1:] + a[0] in known or edge and left + a[0] in known:
                return True
        if p + 1 < len(text):
            right = text[p + 1]
            if a[-1] + (self.alt(right) or "")[:1] in known or edge and a[-1] + right in known:
                return True
        return False

    def plan(self, text: str, windows: list[tuple[int, int]], japanese_kana: bool, primed: bool = False, final=(), script: frozenset[str] | None = None) -> tuple[float, list[Span]]:
        """(gain, spans to swap) for the runs inside `windows`; (0, []) if not evidence
        enough. `japanese_kana`: the text is Japanese, its kana are never swapped.
        `primed`: the text's neighbour line was garbled this way, the best path's spans
        are evidence enough (see `across_breaks`). `script`: the text's
        `simplified_in_traditional`, where the caller has asked it (None: ask)."""
        if not self.guesses:
            self._simp = frozenset()
        elif script is not None and not primed:
            self._simp = script
        else:
            # the script is the line's own: a primed line's neighbour (the context) says nothing of it
            self._simp = simplified_in_traditional(text[windows[0][0] : windows[-1][1]] if primed else text)
        alts: list[str | None] = [None] * len(text)
        for lo, hi in windows:
            for k in range(lo, hi):
                c = text[k]
                if c >= "\x80" and not (japanese_kana and "\u3040" <= c <= "\u30ff"):
                    alts[k] = self.alt(c)
            for pattern in (LATIN_WORD, ZHUYIN, KANA_WORD):
                for m in pattern.finditer(text, lo, hi):
                    if m.start() >= 2 and text[m.start() - 2] == "\ufffd":
                        continue  # the letter before is a lost lead byte's trail byte (�hê)
                    if pattern is LATIN_WORD and (_beside_capitals(text, m.start(), m.end()) or self.guesses and (_final_e(text, m.start(), m.end()) or _initial_accent(text, m.start(), m.end()))):
                        continue
                    if pattern is ZHUYIN and self.guesses and _beside_user_defined(text, m.start(), m.end()):
                        continue
                    alts[m.start() : m.end()] = [None] * (m.end() - m.start())
            if self.guesses and "\ufffd" in text and not lost_wholesale(text):
                for m in LOST_PAIR.finditer(text, lo, hi):
                    k = m.start()
                    alts[k], alts[k + 1] = self.lost_pair(text, k, alts), ""
                for m in LOST_LEAD.finditer(text, lo, hi):
                    k = m.start()
                    alts[k], alts[k + 1] = self.lost(text, k, alts), ""
        for a, b in final:  # text a lost byte's realignment made: final
            alts[a:b] = [None] * (b - a)
        total, spans, weak = 0.0, [], []
        # GBK read as Big5 amid simplified text: Traditional characters are of the wrong script
        script = self.kind == "gbk as big5" and simplified_line(text)
        emit = _emit
        if primed and script and all(_plausible(text[lo:hi]) < GARBLE_READS for lo, hi in windows):
            # beside a line garbled the same way, a line that reads as garble: a character
            # of the wrong script costs the best path too (遜 alone before one is 还)
            emit = _script_emit
        for a, b in _runs(alts, windows, text, self.bridges):
            gain, states = self._best_path(text, a, b, alts, emit)
            if gain <= 0:
                continue
            total += gain
            self._spans(text, a, b, alts, states, spans, weak, script, emit)
        if primed:
            return total, sorted(spans + [w for w, _ in weak], key=lambda s: s.start)
        # a span sure by the counts (its rare or wrong-script characters swapped for pairs
        # the pair model likes, `_sure`) has made a pair, at least
        pairs = sum(max(s.pairs, s.sure and bool(s.rare or s.script)) for s in spans)
        marks = sum(s.marks for s in spans)
        odd = sum(s.odd + s.rare + s.script for s in spans)  # odd, rare and wrong-script characters swapped away
        if not spans or total < LINE_GAIN or not (marks or odd) or pairs + marks + odd < EVIDENCE or (pairs < 1 and marks < 2):
            # a short garble: too little for the line's evidence, but every piece of it
            # confirmed on its own (odd characters away, real pairs or punctuation made)
            if spans and total >= SURE_GAIN and all(s.sure for s in spans):
                return total, sorted(spans, key=lambda s: s.start)
            return 0.0, []
        spans.sort(key=lambda s: s.start)
        starts = [s.start for s in spans]
        near = [w for w, g in weak if (total >= FAR_LINE and g >= FAR_GAIN) or self._beside(text, w, spans, starts)]
        return total, sorted(spans + near, key=lambda s: s.start)

    @staticmethod
    def _beside(text: str, w: "Span", spans: list, starts: list[int]) -> bool:
        """Whether only ASCII (GAP) stands between weak span `w` and the repaired span
        just before or just after it (the nearest two: a long text's many spans are not
        each looked at for each weak one)."""
        k = bisect.bisect_left(starts, w.start)
        for s in spans[max(0, k - 1) : k + 1]:
            if GAP.fullmatch(text, min(w.end, s.end), max(w.start, s.start)):
                return True
        return False

    def _best_path(self, text: str, a: int, b: int, alts: list, emit=_emit) -> tuple[float, list[int]]:
        """Viterbi over keep (0) / swap (1) for text[a:b]: (gain over keeping all, states);
        `emit` scores the characters (less SCRIPT_COST a simplified-only one where
        Traditional text may be Big5 read as GBK, `_simp`)."""
        known, pair = _tables()[1], _pair  # local names: this loop is the model's hot path
        simp = self._simp
        _emit = _emit_in(simp) if simp else emit
        # GBK read as Big5: a circled number right after Han is a garble's reading of a
        # common character (竭⑸ is 很漂), where a list's number follows a mark, a space or
        # the line's edge: kept, it costs what a rare mark does
        amid = () if self.guesses else {k for m in CIRCLED.finditer(text, a + 1, b) if _han(text[(k := m.start()) - 1])}

        left = text[a - 1] if a else ""
        k0, k1 = text[a], alts[a]
        s0, s1 = _emit(k0) + pair(left, k0, known), _emit(k1) + pair(left, k1, known)
        keep = s0
        kk = k0  # the last character of the path that keeps all
        back = []
        for i in range(a + 1, b):
            c0, c1 = text[i], alts[i]
            bridged = c1 is None and (c0.isalnum() or c0 == "%")
            if c1 is None:  # ASCII a run goes on across: itself in either state
                c1, cost = c0, SOFT_SWITCH
            elif c1 == "":  # a lost pair's trail byte: swapped with the guess before it, or kept with it
                cost = TIED
            else:
                cost = SWITCH if "\u3400" <= text[i - 1] <= "\u9fff" and "\u3400" <= c0 <= "\u9fff" else SOFT_SWITCH
            p00 = pair(k0, c0, known)
            stay, move = s0 + p00, s1 + pair(k1, c0, known) - cost
            n0, b0 = (stay, 0) if stay >= move else (move, 1)
            stay, move = s1 + pair(k1, c1, known), s0 + pair(k0, c1, known) - cost
            n1, b1 = (stay, 1) if stay >= move else (move, 0)
            e0 = CIRCLED_AMID if amid and i in amid else _emit(c0)
            keep += pair(kk, c0, known) + e0
            s0, s1 = n0 + e0, n1 + _emit(c1)
            back.append((b0, b1))
            if bridged:
                # the digits and letters a garble is cut by (家1182庭, 特14%價, 監iPhone管)
                # part no pair, where punctuation and spaces do: each state's last
                # character is its path's last Han before them
                k0, k1 = (k0 if b0 == 0 else k1), (k1 if b1 == 1 else k0)
            else:
                k0, k1 = c0, c1
                kk = c0
        right = text[b] if b < len(text) else ""
        if right:
            s0 += pair(k0, right, known)
            s1 += pair(k1, right, known)
            keep += pair(kk, right, known)
        s = 0 if s0 >= s1 else 1
        best = s0 if s == 0 else s1
        states = [s]
        for bp in reversed(back):
            s = bp[s]
            states.append(s)
        states.reverse()
        if self.bridges:
            # the switches at ASCII chose the path; its gain, weighed against other
            # directions' that do not bridge, is the path's without them
            best += SOFT_SWITCH * sum(1 for i in range(1, len(states)) if states[i] != states[i - 1] and (alts[a + i] is None or alts[a + i - 1] is None))
            # ASCII inside a run is kept: the spans end at it
            states = [st if alts[a + i] is not None else 0 for i, st in enumerate(states)]
        return best - keep, states

    @staticmethod
    def _short_span(old: str, new: str, script: bool = False) -> bool:
        """A span of one or two characters amid kept Han is swapped only when every pair
        it makes with its neighbours is one real text uses, none of those it was made,
        and one of its characters is odd (or, with `script`, of the wrong script for the
        line, and none of what it makes is)."""
        k_new, n_new = bigram_rate(new)
        k_old = bigram_rate(old)[0]
        if k_new != n_new:
            return False
        if k_old == 0 and any(map(chinese_odd, old[1:-1])):
            return True
        # a garble's edge character may make a pair real text uses with clean text by
        # chance (樓了 in 另俋樓了, which is 另外加了): not where the line's script says
        # so of a span of two (one Traditional character in simplified text, 古建築藝术,
        # is a mixed-up spelling as often as a garble)
        return script and len(old) > 3 and k_old < k_new and _wrong_script(old[1:-1]) > 0 and not _wrong_script(new[1:-1])

    def _spans(self, text: str, a: int, b: int, alts: list, states: list[int], spans: list, weak: list, script: bool = False, emit=_emit) -> None:
        """The swapped spans of one run: with evidence of their own, or weak ones."""
        out = [alts[a + i] if st else text[a + i] for i, st in enumerate(states)]
        simp = self._simp
        left = text[a - 1] if a else ""
        right = text[b] if b < len(text) else ""
        i = 0
        while i < len(states):
            if not states[i]:
                i += 1
                continue
            j = i
            while j < len(states) and states[j]:
                j += 1
            end = j
            # a character swapped into an odd one at an edge was clean text the best path
            # took in (館 beside 芞抎, GBK's 图书 read as Big5, is no 繻): kept
            while j - i > 1 and _odd_made(text[a + j - 1], out[j - 1]):
                j -= 1
                out[j] = text[a + j]
            while j - i > 1 and _odd_made(text[a + i], out[i]):
                out[i] = text[a + i]
                i += 1
            old, new = text[a + i : a + j], "".join(out[i:j])
            cl, cr = _near(out, i - 1, -1, left), _near(out, j, 1, right)
            i0, i = i, end
            # the wrong script is evidence where the swap reads far better: a Traditional
            # word in simplified text (住在嶺鎮, 岭镇) reads as well as its garble would
            wrong = script and _plausible(cl + new + cr) - _plausible(cl + old + cr) >= SCRIPT_MARGIN
            po, pn = cl + old + cr, cl + new + cr  # what the pairs are judged on
            # ... and so is a simplified character in Traditional text, for Big5 read as GBK
            # (the span as it is read in simplified script: a simplified word's pairs are
            # of that script, 顶级 in 歐洲顶級聯賽)
            simp_old, trad_wrong, trad_gain = self._simp_count(old), False, 0.0
            if simp_old and not self._simp_count(new):
                as_simp = _simplified(po)
                trad_gain = _plausible(pn) * len(pn) - _plausible(as_simp) * len(as_simp)
                trad_wrong = trad_gain >= SCRIPT_MARGIN * len(pn)
            if cl and cr and _han(cl) and _han(cr) and j - i0 < 3 and not (self.guesses and self._odd_through(old, new)):
                if self.kind == "gbk as big5" and not script:
                    # GBK read as Big5 amid Traditional text: the swap makes simplified
                    # characters beside Traditional ones (學图书館), pairs the pair model
                    # knows in one script
                    po, pn = _simplified(po), _simplified(pn)
                # (a simplified character in Traditional text is a garble by its script
                # where the swap reads far better: `trad_wrong`)
                if not trad_wrong and not self._short_span(po, pn, wrong) and not (not self.guesses and _rare_pair(old, new, po, pn)):
                    continue  # one or two characters amid kept Han: mojibake comes in spans
            if sum(map(chinese_odd, new)) > sum(map(chinese_odd, old)):
                continue
            span = Span(
                a + i0,
                a + j,
                new,
                bigram_rate(pn)[0] - bigram_rate(po)[0],
                # not a lost pair (U+FFFD): its guess is no evidence the swap is right
                sum(1 for c in old if not _han(c) and not KANA.match(c) and c != "\ufffd" and emission(c) <= -1)
                + (self.user_defined(old) if self.guesses else sum(1 for k in range(max(1, a + i0), a + j) if CIRCLED.match(text, k) and _han(text[k - 1]))),
                sum(map(chinese_odd, old)) - sum(map(chinese_odd, new)),
                rare=_rare(old) - _rare(new) + (simp_old - self._simp_count(new) if not trad_wrong else 0),
                script=_wrong_script(old) if wrong and not _wrong_script(new) else simp_old if trad_wrong else 0,
            )
            span.sure = _sure(po, pn, span) or (self._odd_through(old, new) if self.guesses else _punctuated(old, new, po, pn, span) or _rare_pair(old, new, po, pn) and not _wrong_script(new))
            if trad_wrong and j - i0 == 1 and not span.sure:
                # one simplified character alone: sure where what it was reads far better
                span.sure = trad_gain >= SCRIPT_LONE
            # one known character for another, nothing odd about it: a known pair made is
            # no evidence unless the counts say so (躺在 is no 仅在 beside a garble)
            single = j - i0 == 1 and not (span.odd or span.marks or span.script) and _han(new) and pair_gain(po, pn) < LONE_PAIR
            if not single and (span.pairs >= 1 or span.marks or span.sure or not any(_han(c) for c in new)):
                spans.append(span)
            else:
                scored = _emit_in(self._simp) if self._simp else emit
                gain = scored(new) - scored(old) + _pairs(pn) - _pairs(po)
                if gain >= NEAR_GAIN:
                    # a single one joins a repaired span beside it, not one far off
                    weak.append((span, min(gain, NEAR_GAIN) if single else gain))


#: Python's big5 (with the ETEN extension), cp950 and big5hkscs disagree on byte pairs
#: in C6A1-C7FC that GBK uses for common characters (秋 前 千 区 起): each is a direction
BIG5_VARIANTS = ("big5hkscs", "cp950", "big5")


@lru_cache(maxsize=1)
def directions() -> tuple[Swap, ...]:
    return tuple(Swap("big5 as gbk", "gb18030", v) for v in BIG5_VARIANTS) + tuple(Swap("gbk as big5", v, "gbk") for v in BIG5_VARIANTS)


def _big5_as_gbk() -> Swap:
    """The first of `directions`' swaps of Big5 read as GBK (GB18030 written back, lost
    pairs guessed): the one a lone garble's edges are settled by (`_edges`)."""
    return next(d for d in directions() if d.guesses)


@lru_cache(maxsize=1)
def swap_gains() -> dict[str, float]:
    """A Han character -> how much commoner its other reading is (nats, the best of the
    directions), where it is commoner at all (data/swap_gains.tsv, built by
    scripts/build_swap_gains.py from data/charfreq.tsv): a garble of Big5 and GBK read
    as each other is made of real characters, most of them rare ones whose other reading
    is common (腔 is 的, 蚚 用), while clean text's characters read the other way as
    rarer ones."""
    from . import datafiles as resources

    text = resources.files("zhnorm.data").joinpath("swap_gains.tsv").read_text(encoding="utf-8")
    cells = text[text.index("\n") + 1 :].split()
    return dict(zip(cells[0::2], map(float, cells[1::2])))


def _rare(s: str) -> int:
    """How many known characters of `s` read the other way as far commoner ones."""
    get = swap_gains().get
    return sum(1 for c in s if get(c, 0.0) >= RARE_EVIDENCE and not chinese_odd(c))


# GBK read as Big5 turns simplified text into Big5's characters, Traditional ones among
# them (咖啡 is 縉溜, 都看 飲艘): a character of Traditional script only (data/
# script_chars.tsv, OpenCC's tables), amid a line whose clean part is simplified (it holds
# characters of simplified script only, which Big5 has none of), is of the wrong script
# for its line. Such a character swapped away, where the swap leaves none, is evidence
# of the kind as an odd one is (`Span.script`); what it cannot show is garble of shared
# characters (掀 for 比): the other evidence decides those.


@lru_cache(maxsize=1)
def script_only() -> tuple[re.Pattern, re.Pattern]:
    """(Traditional only, simplified only) as patterns of one character (`script_chars`:
    a character one Traditional standard writes is no simplified-only one, 温 脱 秘 of
    Hong Kong's text), Han of the Basic Multilingual Plane: data/gate_classes.tsv's
    rows of them (scripts/build_swap_gains.py), so that a clean line's look neither reads
    the sets nor parses their classes."""
    from . import charclass
    from .repair import _gate_classes

    classes = _gate_classes()
    return tuple(charclass.compile("{c}", c=classes[name]) for name in ("traditional_only", "simplified_only"))


#: what reads as garble, by the pair model (log P a character): clean text reads at -4 to
#: -8, GBK read as Big5 at -10 and below
GARBLE_READS = -9.0
TRADITIONAL_COST = 1.0  # what a kept character of the wrong script costs the best path, there


def _script_emit(s: str) -> float:
    """`_emit`, less TRADITIONAL_COST a character of Traditional script only."""
    return _emit(s) - TRADITIONAL_COST * _wrong_script(s)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s").convert


def _simplified(s: str) -> str:
    """`s` in simplified script (OpenCC's t2s), where it holds Traditional characters only
    (the one-to-one characters of a span and its neighbours: the lengths stay)."""
    if script_only()[0].search(s) is None:
        return s
    out = _t2s()(s)
    return out if len(out) == len(s) else s


#: a line's Traditional-only characters, at most, a simplified-only one: beyond, the line
#: is Traditional text with a few simplified characters (a stray one, or what another
#: fixer made), no simplified host of a garble
SCRIPT_SHARE = 4


def simplified_line(text: str) -> bool:
    """Whether `text` holds characters of simplified script only, and of Traditional
    script only no more than SCRIPT_SHARE times as many."""
    trad, simp = script_only()
    if simp.search(text) is None:
        return False
    return len(trad.findall(text)) <= SCRIPT_SHARE * len(simp.findall(text))


def _wrong_script(s: str) -> int:
    """How many characters of `s` are of Traditional script only."""
    return len(script_only()[0].findall(s))


#: characters whose script seeds are first looked for in the set of Traditional-only
#: characters (`script_chars`), not by its pattern: the set makes an object of every
#: character it looks at, the pattern is a scan in C, but compiling it costs a short run
#: more than all of its lines
SET_FIRST = 4096
_set_seen = 0


def script_spots(text: str) -> list[int]:
    """Seeds for the swaps where a line holds characters of both scripts only: in a
    simplified line (`simplified_line`), its Traditional ones that GBK read as Big5 (in
    a variant at least) makes of a known Han character of no Traditional script, where a
    window of the best path would open; in a Traditional one, its simplified ones that
    Big5 read as GBK would be (`traditional_spots`). A simplified line or a Traditional
    one is one search, or two."""
    global _set_seen
    if _set_seen < SET_FIRST:  # start-up: the set, so that a short input compiles no pattern
        _set_seen += len(text)
        if script_chars()[0].isdisjoint(text):  # (no Traditional-only character)
            return []
    trad, simp = script_only()
    if trad.search(text) is None or simp.search(text) is None:
        return []
    t, s = len(trad.findall(text)), len(simp.findall(text))
    # a Traditional line (TRADITIONAL_SHARE), a simplified one (`simplified_line`), or
    # both (a short line)
    big5 = traditional_spots(text) if t >= SCRIPT_LINE and TRADITIONAL_SHARE * s <= t and s <= GARBLE_FEW else []
    if t > SCRIPT_SHARE * s:
        return big5
    from .repair import _seed_signs

    gbk = [swap for swap in directions() if swap.kind == "gbk as big5"]
    spots = []
    n = len(text)
    alone = None  # whether the line's signs are all one piece `_at_edge` may take, once asked
    for m in trad.finditer(text):
        c, p = m.group(), m.start()
        for swap in gbk:
            a = swap.alt(c)
            if a and len(a) == 1 and _han(a) and not chinese_odd(a) and not trad.match(a):
                # and a window may open on it (`Swap.likely`, as repair's gate asks it, in
                # any direction: the swaps ask it again), or it has ASCII or the line's
                # edge beside it, where one neighbour judges it (`_at_edge`), with the
                # line's other Traditional-only and odd characters beside it
                # (`_signs_in_one`): where the line holds such characters apart from it,
                # it is no garble's sign (OpenCC's test texts run together: 复盖[sic]僱
                # mixes the scripts) and would only open repair's gate to the whole line
                if _seed_signs(text[p - 1] if p else "", c, text[p + 1] if p + 1 < n else ""):
                    spots.append(p)
                elif _cut(text, p - 1) or _cut(text, p + 1):
                    if alone is None:
                        alone = t <= EDGE_SPAN and _signs_in_one(text)
                    if alone:
                        spots.append(p)
                break
    return sorted(set(spots + big5)) if big5 else spots


#: a line is Traditional, for the sign of Big5 read as GBK, where its Traditional-only
#: characters are at least this many times its simplified-only ones
TRADITIONAL_SHARE = 2
#: and where its simplified-only characters are at most this many: a garble makes a few,
#: text that mixes the scripts makes many (OpenCC's test texts in every script run
#: together 50 lines a line hold 28 to 288)
GARBLE_FEW = 16


def traditional_spots(text: str) -> list[int]:
    """Seeds for the swaps of Big5 read as GBK where a Traditional line holds characters
    of simplified script only (`simplified_in_traditional`): those that a direction of
    Big5 read as GBK makes of a known Han character of no simplified script
    (`Swap._script_seed`) that makes a known pair beside it (`_pair_beside`). GBK reads Big5's pairs as GB2312's characters, most of them
    simplified ones: a garble of known characters in Traditional text shows itself by
    its script, as GBK read as Big5 does in simplified text."""
    simp = simplified_in_traditional(text)
    if not simp:
        return []
    big5 = [swap for swap in directions() if swap.guesses]
    return [k for k, c in enumerate(text) if c in simp and any(swap._script_seed(c) and (_pair_beside(swap, text, k) or _one_sided(text, k)) for swap in big5)]


def _one_sided(text: str, k: int) -> bool:
    """Whether text[k] has the line's edge or an ASCII letter or digit beside it."""
    return not k or k + 1 == len(text) or text[k - 1].isascii() and text[k - 1].isalnum() or text[k + 1].isascii() and text[k + 1].isalnum()


def _pair_beside(swap: "Swap", text: str, k: int) -> bool:
    """Whether text[k] read the other way makes a pair real text uses with a neighbour, as
    it is or read the other way too (a window may open on it: text that mixes the scripts
    seldom makes one)."""
    from .repair import _follows

    a = swap.alt(text[k])
    if k:
        left = text[k - 1]
        if a in _follows(left) or (b := swap.alt(left)) and a in _follows(b[-1]):
            return True
    if k + 1 < len(text):
        right = text[k + 1]
        after = _follows(a)
        if right in after or (b := swap.alt(right)) and b[0] in after:
            return True
    return False


#: the lead bytes where the Big5 variants read a pair differently at all
VARIANT_LEADS = (*range(0x87, 0xA4), *range(0xC6, 0xC9), *range(0xF9, 0xFF))


@lru_cache(maxsize=1)
def variant_chars() -> frozenset[str]:
    """The characters of a byte pair the Big5 variants read differently, as each of them
    and as GBK reads it: only a line holding one needs more than the first variant
    (data/variant_chars.txt, built by scripts/build_swap_gains.py from the codecs; a
    set, not a pattern: its compiling and the codecs' reading took 0.02 s of a clean run)."""
    from . import datafiles as resources

    text = resources.files("zhnorm.data").joinpath("variant_chars.txt").read_text(encoding="utf-8")
    return frozenset(text[text.index("\n") + 1 :].rstrip("\n"))


#: after a lost byte (U+FFFD), the run of characters the reader paired out of step
SHIFTED = Lazy("\ufffd([^\x00-\x7f\ufffd]+)([@-~]?)")
REALIGN_GAIN = 3.0  # nats a character, at least, that reading the run in step gains
#: log P of the punctuation a lost pair may have been, as Chinese text uses it (a comma
#: in twenty characters, a full stop in thirty, ...): the pair model holds Han only
PUNCT_LOGP = {"，": -3.0, "。": -3.5, "、": -4.5, "：": -5.5, "？": -5.5, "！": -5.5, "；": -6.0, "「": -6.0, "」": -6.0}
OTHER_PUNCT = -7.5  # other CJK punctuation, dashes and ellipses
SYMBOL = -11.0  # any other symbol or letter


def _rejects(reader: str, a: int, b: int) -> bool:
    """Whether codec `reader` has no character for the pair (a, b)."""
    try:
        bytes((a, b)).decode(reader)
    except UnicodeDecodeError:
        return True
    return False


def _lost_chars(write: str, read: str, lead: int | None, trail: int | None, after: int | None) -> list[str]:
    """See `Swap.lost_chars`: the characters of codec `read` (the writer's) for the pairs
    that fit what was lost, which codec `write` (the reader's) has no character for
    (GB18030's reader loses none: it is read as GBK, Python's and a browser's, which do)."""
    reader = "gbk" if write == "gb18030" else write
    out = []
    for a in range(0x81, 0xFF) if lead is None else (lead,):
        for b in range(0x40, 0xFF) if trail is None else (trail,):
            if lead is None and not _rejects(reader, a, b):
                continue
            if trail is None and after is not None and not _rejects(reader, b, after):
                continue
            try:
                c = bytes((a, b)).decode(read)
            except UnicodeDecodeError:
                continue
            if len(c) == 1 and c.isprintable() and c != "\ufffd":
                out.append(c)
    return out


def _prior(c: str) -> float:
    """log P of a candidate for a lost pair: the pair model's for Han, PUNCT_LOGP's for
    punctuation."""
    if _han(c):
        return _logp(c)
    got = PUNCT_LOGP.get(c)
    if got is not None:
        return got
    if "\u3000" <= c <= "\u303f" or "\u2013" <= c <= "\u2026" or "\uff01" <= c <= "\uff5e" and not c.isalnum():
        return OTHER_PUNCT  # not full-width letters and digits
    return SYMBOL


def _guess(cands: tuple[str, ...], lefts: tuple[str, ...], rights: tuple[str, ...] = ("",)) -> str:
    """The candidate most plausible between one of `lefts` and one of `rights` (what the
    characters beside it may be: as they are, or swapped)."""

    def score(c: str) -> float:
        return _prior(c) + max(_bonus(x, c) for x in lefts) + max(_bonus(c, x) for x in rights)

    return max(cands, key=score)


def _plausible(s: str) -> float:
    """The pair model's log-probability of `s`, a character on average."""
    if not s:
        return 0.0
    return (sum(map(_logp, s)) + sum(_bonus(a, b) for a, b in zip(s, s[1:]))) / len(s)


def _byte(text: str, k: int, codec: str) -> int | None:
    """The first byte of text[k] in `codec` (None: past the end, a lost byte, or none)."""
    if k >= len(text) or text[k] == "\ufffd":
        return None
    try:
        return text[k].encode(codec)[0]
    except UnicodeEncodeError:
        return None


def realign(text: str) -> tuple[str, str | None, list[tuple[int, int]]]:
    """A garble read out of step after a lost byte put back in step, and the lost bytes'
    characters guessed. When the reader met a pair it has no character for, it wrote
    U+FFFD for the lead byte and paired the trail byte with the next character's lead,
    and so on: the run after the U+FFFD is the right bytes read one byte late (GBK 人们
    read as Big5 is U+FFFD and 佽鼯...). Its bytes in the reader's codec, less the first
    (the lost character's trail byte), are the writer's text in step; a last byte left
    alone pairs with the ASCII character after the run (a trail byte 40-7E), or with the
    byte the next U+FFFD stands for (a trail byte the reader lost in its turn, which puts
    it back in step). Each lost character is the one of the pairs that fit (`lost_chars`)
    that reads best between its neighbours. Also where the text put back in step is in
    the new text: it is final, no swap is to read it again."""
    if "\ufffd" not in text:
        return text, None, []
    out, pos, kind, done, at = [], 0, None, [], 0
    m = SHIFTED.search(text)
    while m:
        run = m.group(1)
        before = _plausible(run)
        best = None
        for swap in directions():
            try:
                raw = run.encode(swap.write)
            except UnicodeEncodeError:
                continue
            trail, raw = raw[0], raw[1:]
            took, tail = 0, ""
            end = m.end(1)
            if len(raw) % 2 and m.group(2):  # the last byte's trail byte is the ASCII after the run
                raw += m.group(2).encode()
                took = 1
            elif len(raw) % 2:
                last, raw = raw[-1], raw[:-1]
                if end < len(text) and text[end] == "\ufffd":
                    # that U+FFFD is the last byte's trail byte, which the reader lost in turn
                    cands = swap.lost_chars(last, None, _byte(text, end + 1, swap.write))
                    if cands:
                        right = text[end + 1 : end + 2]
                        tail = _guess(cands, (raw[-2:].decode(swap.read, errors="replace")[-1:],), (right, swap.alt(right) or right))
                        took = 1
            new = raw.decode(swap.read, errors="replace")
            if not new or "\ufffd" in new or any(map(chinese_odd, new)):
                continue  # a character guessed alone, none read in step, is no evidence
            new += tail
            left = text[m.start() - 1] if m.start() > pos else (out[-1][-1:] if out else "")
            cands = swap.lost_chars(None, trail)
            # the character before: most likely the garble read in step, to be swapped
            head = _guess(cands, (swap.alt(left) or left,), (new[0],)) if cands else "\ufffd"
            # with the lost character: a run of one is judged on two
            gain = _plausible(new) - before
            if gain < REALIGN_GAIN:
                continue
            # the variants read the run alike: the one whose lost pair reads best wins
            rank = (round(gain, 6), _plausible(head + new[:1]))
            if best is None or rank > best[0]:
                best = (rank, new, swap, head, took)
        if best:
            _, new, swap, head, took = best
            end = m.end(1)
            out.append(text[pos : m.start()])
            at += m.start() - pos
            out.append(head + new)
            done.append((at, at + len(head) + len(new)))
            at += len(head) + len(new)
            pos, kind = end + took, swap.kind
        m = SHIFTED.search(text, max(m.end(1), pos))
    if kind is None:
        return text, None, []
    out.append(text[pos:])
    return "".join(out), kind, done


#: a circled or parenthesized number right after Han (`Swap._best_path`), and what it
#: costs the path that keeps it there (`emission`'s rare marks: -1.0)
#: (the symbols alone: a class of Han in a pattern costs its compiling more than a short
#: run spends here, so the Han beside them is asked of the text)
CIRCLED = Lazy("[\u2460-\u2469\u2474-\u247d]")
CIRCLED_AMID = -1.0


#: Big5's symbols that GBK read as Big5 makes of common characters (circled and
#: parenthesized numbers: 情 请 秋 球 求 区, in big5hkscs 皮 篇 片 漂 票; full-width
#: brackets: big5hkscs's 其 棋) between two Han characters (a list's numbers follow a
#: mark, a space or the line's edge): seeds of the best path's windows, in a line that
#: has odd characters
SYMBOL_SEED = Lazy("[\u2460-\u2469\u2474-\u247d\uff3b\uff3d]")


def _symbol_seeds(text: str) -> list[int]:
    """Where SYMBOL_SEED's symbols stand between two Han characters."""
    return [k for m in SYMBOL_SEED.finditer(text, 1, len(text) - 1) if _han(text[(k := m.start()) - 1]) and _han(text[k + 1])]


def fix_swaps(text: str, found: list[int], latin: bool = True, final: list[tuple[int, int]] = (), script_seeds: list[int] = ()) -> tuple[str, str | None]:
    """(repaired text, the kind repaired or None): the direction that gains more wins.
    `found`: where the odd characters but U+FFFD and the swap marks are (repair's scan
    says); `latin`: whether the text holds Latin-1 letters; `script_seeds`: characters of the
    wrong script for the line (`script_spots`), seeds of the best path's windows only (a
    lone garble, `_lone`, holds odd characters)."""
    if latin and UTF8_AS_LATIN.search(text):
        return text, None  # UTF-8 read as Latin-1 is repaired before; its letters have GBK codes too
    if "\ufffd" in text and (found or not script_seeds):  # (a lost byte is no Traditional character)
        new, kind, done = realign(text)
        if kind:
            rest, again = fix_swaps(new, [p for p in _odd_spots(new) if not any(a <= p < b for a, b in done)], latin, done)
            return rest, kind
    all_found = found
    found, japanese_kana = _without_japanese_kana(text, found)
    # kana beside GB18030's readings of user-defined pairs are Big5 read as GBK, whatever
    # their words look like (昨ぱいと去的 is 昨天中午去的): no Japanese text holds those
    big5_kana = japanese_kana and Swap.user_defined(text) >= 2
    with_script = sorted(set(found) | set(script_seeds)) if script_seeds else found
    if found and SYMBOL_SEED.search(text) and (symbols := _symbol_seeds(text)):
        # a line with odd characters: a symbol of Big5 amid Han that GBK read as Big5
        # makes of a common character (女赽擎⑩运 is 女子篮球运) seeds a window too
        with_script = sorted(set(with_script).union(symbols))
    best, kind = (0.0, []), None
    swap_of: dict[str, Swap] = {}
    variants = not variant_chars().isdisjoint(text)
    line_script: frozenset[str] | None = None  # `simplified_in_traditional(text)`, once asked
    # reached by the script's sign alone: of GBK read as Big5 in a simplified line, of
    # Big5 read as GBK in a Traditional one (a short line may be both)
    by_script = None
    if script_seeds and not found:
        by_script = {kind for kind, sign in (("gbk as big5", simplified_line), ("big5 as gbk", simplified_in_traditional)) if sign(text)}
    plans: list[tuple[tuple[float, list[Span]], Swap]] = []  # where the variants read the line apart
    for swap in directions():
        if not variants and BIG5_VARIANTS.index(swap.write if swap.read == "gbk" else swap.read):
            continue  # the variants read this line alike: the first one says it all
        if by_script is not None and swap.kind not in by_script:
            continue  # reached by the script's sign alone: a sign of one kind (`script_spots`)
        windows: list[tuple[int, int]] = []
        seeds, jk = (with_script if swap.kind == "gbk as big5" else found), japanese_kana
        if swap.guesses and big5_kana:
            seeds, jk = all_found, False
        script: frozenset[str] = frozenset()
        if swap.guesses:
            if line_script is None:
                line_script = simplified_in_traditional(text)
            script = line_script
        if script:  # simplified-only characters of Traditional text: seeds (see `_script_seed`)
            seeds = sorted(set(seeds) | {k for k, c in enumerate(text) if c in script and swap._script_seed(c)})
        if swap.guesses and "\ufffd" in text and not lost_wholesale(text) and by_script is None:
            seeds = sorted(found + [m.start() for m in LOST_LEAD.finditer(text)] + [m.start() for m in LOST_PAIR.finditer(text)])
        seeded = False  # a window opened by a seed that is no character of the wrong script
        for p in seeds:
            if text[p] != "\ufffd" and not swap.likely(text, p) and not (script and text[p] in script):
                continue
            seeded = seeded or not (script and text[p] in script)
            lo, hi = max(0, p - WINDOW), min(len(text), p + WINDOW + 1)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        if not windows:
            continue
        plan = swap.plan(text, windows, jk, final=final, script=script)
        if plan[0] >= FAR_LINE and windows != [(0, len(text))]:
            # a line this garbled is judged whole: its pieces far from the seeds too
            whole = swap.plan(text, [(0, len(text))], jk, final=final, script=script)
            if whole[0] >= plan[0]:
                plan = whole
        if script and not seeded:
            # opened by the script's sign alone: what is swapped takes such a character away
            plan = (plan[0], [sp for sp in plan[1] if not script.isdisjoint(text[sp.start : sp.end])])
            if not plan[1]:
                continue
        if variants and plan[1]:
            plans.append((plan, swap))
        if plan[0] > best[0]:
            best, kind = plan, swap.kind
            swap_of[kind] = swap
    if not best[1]:
        new, kind = _lone(text, found)
        if kind == SWAP_KINDS[0]:
            new = _lone_edges(text, new)
        if kind is None and (found or script_seeds):
            new, kind = _at_edge(text, found, script_seeds)
        if kind in (None, SWAP_KINDS[0]):
            new, dated = _numbered(new, line_script if new == text else None)
            kind = kind or dated
        if kind is None:
            new, kind = _dated(new)
        if kind in (None, SWAP_KINDS[0]):
            new, quoted = _quoted(new)
            kind = kind or quoted
        if kind is None:
            new, kind = _amid_symbols(new)
        return new, kind
    if len(plans) > 1:
        best, swap_of[kind] = _variant(text, plans, best, kind)
    if kind == SWAP_KINDS[0]:
        best = _rescripted(text, best, swap_of[kind], japanese_kana and not big5_kana, final, line_script or frozenset())
    spans = _islands(text, _edges(text, best[1], swap_of[kind], final), swap_of[kind])
    if kind == SWAP_KINDS[1] and len(spans) > 1:
        spans = _between(text, spans, swap_of[kind])
    spans = _script_edges(text, spans, swap_of[kind])
    text = _applied(text, spans)
    return (_quoted(_numbered(text)[0])[0] if kind == SWAP_KINDS[0] else text), kind


#: Big5's quotation marks read as GBK: “ (A1A7) is ¨, ” (A1A8) is 〃; one of a pair so
#: read, the other as it was (or swapped back), at most this many characters apart
QUOTE_SPAN = 40


def _opens_next(text: str, k: int) -> bool:
    """Whether the next quotation mark from `k` on, if any, opens (“): none closes the
    quotation before."""
    close, opening = text.find("\u201d", k), text.find("\u201c", k)
    return close < 0 or 0 <= opening < close


def _closed_before(text: str, k: int) -> bool:
    """Whether the last quotation mark before `k`, if any, closes (”): no quotation is
    open at `k`."""
    return text.rfind("\u201c", 0, k) <= text.rfind("\u201d", 0, k)


def _quoted(text: str) -> tuple[str, str | None]:
    """`text` with each 〃 that closes a “ (no ” between, QUOTE_SPAN at most) swapped
    back to ”, and each ¨ that opens a ” (no “ between) to “: Big5's quotation marks
    read as GBK, one of the pair (“9/11〃 is “9/11”, ¨A級” is “A級”); and the kind, or
    None. A ditto mark or a diaeresis in clean text stands beside no such other half."""
    if "\u3003" not in text and "\u00a8" not in text:
        return text, None
    chars = list(text)
    for k, c in enumerate(text):
        if c == "\u3003":
            j = text.rfind("\u201c", max(0, k - QUOTE_SPAN), k)
            if j >= 0 and "\u201d" not in text[j + 1 : k] and "\u3003" not in text[j + 1 : k] and _opens_next(text, k + 1):
                chars[k] = "\u201d"
        elif c == "\u00a8":
            j = text.find("\u201d", k + 1, k + 1 + QUOTE_SPAN)
            if j >= 0 and "\u201c" not in text[k + 1 : j] and "\u00a8" not in text[k + 1 : j] and _closed_before(text, k):
                chars[k] = "\u201c"
    new = "".join(chars)
    return (new, SWAP_KINDS[0]) if new != text else (text, None)


#: Chinese numerals for the pair model's "after a number" (`after_number`): not 一, of
#: too many other words (一般, 一樣), nor 十 (十分)
NUMERALS = "二三四五六七八九"
#: a character that follows a number this much more often than it comes at all (nats)
#: is one a number is written with (月 2.5, 日 1.2, 天 1.3; 道 0.7, 的 -15)
AFTER_NUMBER = 1.0
#: a kana or a GB18030 user-defined reading right after a digit: the characters Big5
#: writes dates with read as GBK (月 is る, 日 ら, 年 U+E6E4); Japanese writes 3つ, 2ヶ月,
#: never such text
KANA_AFTER_DIGIT = Lazy(r"(?<=[0-9])[\u3040-\u30ff\ue000-\ue765]")


@lru_cache(maxsize=4096)
def after_number(c: str) -> float:
    """How much more often `c` follows a Chinese numeral (NUMERALS) inside a word than it
    comes at all (log ratio, nats; the pair model's counts): what a digit is followed by."""
    import math

    from .plausibility import pair_model

    m = pair_model()
    got = m.chars.get(c)
    if got is None:
        return UNSEEN
    total = sum(m.chars[n][0] for n in NUMERALS if n in m.chars)
    inside = sum(m.count(n, c) for n in NUMERALS)
    if not inside or not total:
        return UNSEEN
    return math.log(inside / total / (got[0] / m.total))


def number_kana(text: str) -> bool:
    """Whether `_numbered` would swap something in `text` (a kana or a user-defined
    reading after a digit, a user-defined reading alone beside Traditional text), or
    `_dated` (GBK read as Big5: a character of a date after a digit)."""
    return _numbered(text)[1] is not None or _dated(text)[1] is not None


@lru_cache(maxsize=256)
def _number_alt(c: str) -> str | None:
    for swap in directions():
        if swap.guesses:
            a = swap.alt(c)
            if a and len(a) == 1 and _han(a) and not chinese_odd(a) and after_number(a) >= AFTER_NUMBER:
                return a
    return None


#: a user-defined reading alone is Big5's commonest characters (AAA1-AFFE: 的 是 在 好)
#: read by GB18030 where what it was is this common at least (log P, the pair model) ...
COMMON = -7.0
#: ... or this, for an odd Han character between ASCII (a Traditional character's log P
#: is its share of its forms': 愛 -8.1, 貨 -8.8)
COMMON_FOR_ODD = -9.0
#: ... and makes no pair weaker than this with a Han neighbour (nats, `_bonus`)
ALONE_WEAK = -2.0


def _alone_alt(text: str, p: int) -> str | None:
    """What a GB18030 user-defined reading at `p` was, where it stands alone (no space,
    private use or U+FFFD beside it, Han on one side at least) and was a common
    character of Big5 that reads well beside its Han neighbours (`COMMON`, `ALONE_WEAK`);
    else None. A web font's icons stand beside spaces and each other, in any script:
    the caller asks it of Traditional lines only."""
    c = text[p]
    left = text[p - 1] if p else ""
    right = text[p + 1] if p + 1 < len(text) else ""
    near = left + right
    if _han(c):
        # an odd Han character with no Han beside it (between digits, a Latin word and
        # the line's end: 64%砯 is 64%貨): nothing clean beside it to be a name with
        if not chinese_odd(c) or not near or not all(x.isascii() and not x.isspace() for x in near):
            return None
    elif not "\ue000" <= c <= "\ue765":
        return None
    elif not any(map(_han, near)) or any(x.isspace() or "\ue000" <= x <= "\uf8ff" or x == "\ufffd" for x in near):
        return None
    for swap in directions():
        if swap.guesses:
            a = swap.alt(c)
            if a and len(a) == 1 and _han(a) and not chinese_odd(a) and _logp(a) >= (COMMON_FOR_ODD if _han(c) else COMMON):
                if all(_bonus(x, y) >= ALONE_WEAK for x, y in ((left, a), (a, right)) if _han(x) and _han(y)):
                    return a
            return None
    return None


#: what `_alone_alt` may take: a user-defined reading, or a character between printable
#: ASCII (or the line's edges); not a class of Han, whose compiling (13 ms) would be
#: most of what a clean run spends here
ALONE = Lazy("[\ue000-\ue765]|(?<![^!-~])[^\x00-\x7f](?![^!-~])")


def _script_alt(text: str, p: int) -> str | None:
    """What a simplified-only character at `p` of Traditional text was, if Big5 read as
    GBK made it of a character of no simplified script that is common (COMMON_FOR_ODD)
    and makes no pair weaker than ALONE_WEAK with a Han neighbour; else None."""
    left = text[p - 1] if p else ""
    right = text[p + 1] if p + 1 < len(text) else ""
    for swap in directions():
        if swap.guesses and swap._script_seed(text[p]):
            a = swap.alt(text[p])
            if _logp(a) >= COMMON_FOR_ODD and all(_bonus(x, y) >= ALONE_WEAK for x, y in ((left, a), (a, right)) if _han(x) and _han(y)):
                # and it reads better than the character as it is: a simplified word
                # put in (市场) reads well as it is
                if _local(left, a, right) > _local(left, text[p], right):
                    return a
            return None
    return None


def _traditional(text: str) -> bool:
    """Text with a Traditional-only character and no simplified-only one (`script_chars`):
    a Big5 page's, where a garble of it is Big5 read as GBK."""
    trad, simp = script_chars()
    return simp.isdisjoint(text) and not trad.isdisjoint(text)


def _numbered(text: str, simp: frozenset[str] | None = None) -> tuple[str, str | None]:
    """`text` with the short garbles of Big5 read as GBK that have no Han pair to show
    by swapped back: each kana (or GB18030 user-defined reading) right after a digit
    that the reader makes of a character numbers are written with (`after_number`: 3る
    is 3月, 18ら 18日, 2003\ue6e4 2003年), and in Traditional text each user-defined
    reading alone (`_alone_alt`: 用很\ue6d4 is 用很好); unless the text is Japanese or
    holds other odd characters (those are a garble to judge whole). `simp`: the text's
    `simplified_in_traditional`, where the caller has asked it (None: ask)."""
    if "\ufffd" in text:
        return text, None
    fixes: dict[int, str] = {}
    if KANA_AFTER_DIGIT.search(text) and not japanese(text):
        for m in KANA_AFTER_DIGIT.finditer(text):
            a = _number_alt(m.group())
            if a:
                fixes[m.start()] = a
    if simp is None:
        simp = simplified_in_traditional(text)
    if not fixes and not simp and not any(_han(m.group()) or m.group() >= "\ue000" for m in ALONE.finditer(text)):
        return text, None  # (most lines asked: a search, no look at each character)
    odd = _odd_spots(text)
    after_digit = bool(fixes)
    rest = [p for p in odd if p not in fixes]
    if rest and len(rest) <= 2 and (simp or _traditional(text)):
        for p in rest:
            a = _alone_alt(text, p)
            if a:
                fixes[p] = a
    if after_digit and rest and len(rest) <= 2:
        # beside the kana after digits, what is left is a lone garble, judged as `_lone`
        # judges one (光臮~12る is 光顧~12月: 光顧 a strong pair)
        swap = _big5_as_gbk()
        for p in rest:
            if p not in fixes and (got := _lone_gain(text, p, p + 1, swap)) and got[0] > LONE_GAIN:
                fixes[p] = got[1]
    if simp and not odd:
        # a Traditional line's only simplified-only characters, each with no Han beside
        # it on one side: 用摆 at a line's end is 用啊 (all of them, or none)
        for p, c in enumerate(text):
            if c in simp:
                a = _one_sided(text, p) and _script_alt(text, p)
                if not a:
                    return text, None
                fixes[p] = a
    if not fixes:
        return text, None
    # each swapped with its edges settled as a span's are (禦\ue019書 is 買的書: 禦 is
    # Big5's 買 read as GBK, beside the reading it made a pair with), before asking that
    # they take every odd character: one beside a fix is the same garble's (18ら秖 is 18日量)
    swap = _big5_as_gbk()
    spans = _disjoint(_edges(text, [Span(p, p + 1, a, 0, 0, 0) for p, a in sorted(fixes.items())], swap))
    if not all(any(sp.start <= p < sp.end for sp in spans) for p in odd):
        return text, None  # other odd characters left: a garble the swaps (or `across_breaks`) judge whole
    return _applied(text, spans), SWAP_KINDS[0]


def _lone_edges(text: str, new: str) -> str:
    """`new`, `text` with a lone garble of Big5 read as GBK swapped (`_lone`, which
    swaps each character for one), with that piece's edges settled as a span's are
    (`_edges`): a piece amid kept Han is one character (`_lone_gain`), and the character
    beside it may be the same garble's (媳婦ㄠ俱天 is 媳婦兒整天)."""
    if len(new) != len(text):
        return new
    diff = [k for k, (x, y) in enumerate(zip(text, new)) if x != y]
    if not diff:
        return new
    a, b = diff[0], diff[-1] + 1
    swap = _big5_as_gbk()
    return _applied(text, _disjoint(_edges(text, [Span(a, b, new[a:b], 0, 0, 0)], swap)))


#: a character right after a digit: where GBK read as Big5 made an odd one, or in a
#: simplified line one of Traditional script only, of a character numbers are written
#: with (月 is 堎, 日 ゜, 年 爛), that one digit is all the garble has beside it
AFTER_DIGIT = Lazy(r"(?<=[0-9])[^\x00-\x7f]")


def _dated(text: str) -> tuple[str, str | None]:
    """`text` with the characters right after a digit that GBK read as Big5 made of a
    character numbers are written with (`after_number`: 4堎14日 is 4月14日, 1989爛 1989年)
    swapped back, each odd or, in a simplified line (`simplified_line`), of Traditional
    script only, and no number's character itself; and the kind, or None. As `_numbered`
    for Big5 read as GBK: not in Japanese text, and only where they are the line's every
    odd character and no two known characters side by side read far commoner the other
    way (`_rare`: 竭疑艘3堎1, a garble wrapped over a break, is `across_breaks`' to judge
    whole); each swapped with its edges settled as a span's (11堎20゜貌盛顿 is
    11月20日华盛顿)."""
    if "\ufffd" in text or AFTER_DIGIT.search(text) is None:
        return text, None
    trad = script_chars()[0]
    fixes: dict[int, tuple[str, Swap]] = {}
    simp = None
    for m in AFTER_DIGIT.finditer(text):
        c = m.group()
        if not chinese_odd(c):
            if c not in trad:
                continue
            if simp is None:
                simp = simplified_line(text)
            if not simp:
                continue
        if after_number(c) >= AFTER_NUMBER:
            continue
        p = m.start()
        right = text[p + 1] if p + 1 < len(text) and _han(text[p + 1]) else ""
        for swap in directions():
            if swap.kind == SWAP_KINDS[1] and (a := swap.alt(c)) and len(a) == 1 and _han(a) and not chinese_odd(a) and after_number(a) >= AFTER_NUMBER:
                # and it reads better so with the Han after it, as `_edges` asks after a
                # number, than it does read in simplified script (5.6韓國 stays: 韩国 is
                # a word, 龙國 none; 0比1輸给 输给)
                was = _simplified(c + right) if right else _simplified(c)
                if _local("", a, right) + after_number(a) - _local("", was[0], was[1:]) - max(0.0, after_number(was[0])) > EDGE_MARGIN:
                    fixes[p] = (a, swap)
                break
    if not fixes or not set(fixes).issuperset(_odd_spots(text)) or japanese(text):
        return text, None
    if any(_rare(text[k : k + 2]) == 2 for k in range(len(text) - 1) if k not in fixes and k + 1 not in fixes):
        return text, None  # two known characters that read far commoner the other way: a garble to judge whole (its line's, or across a break)
    swap = fixes[min(fixes)][1]
    spans = _edges(text, [Span(p, p + 1, a, 0, 0, 0) for p, (a, _) in sorted(fixes.items())], swap)
    return _applied(text, _disjoint(spans)), SWAP_KINDS[1]


def _disjoint(spans: list[Span]) -> list[Span]:
    """The spans, in order, with any that overlaps the one before left out."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda sp: sp.start):
        if not out or sp.start >= out[-1].end:
            out.append(sp)
    return out


def _rescripted(text: str, best: tuple[float, list[Span]], swap: Swap, jk: bool, final, script: frozenset[str]) -> tuple[float, list[Span]]:
    """Big5 read as GBK: the plan again, on the whole line, where the line as repaired is
    Traditional text (`simplified_in_traditional`) and still holds simplified-only
    characters the plan kept that it did not hold as they were judged (the garble hid
    the line's script: GBK reads Big5's pairs as GB2312's characters, most of them
    simplified, 芖拉马 for 灣嶺鎮); taken where it swaps what the plan swapped and more,
    and leaves fewer simplified-only characters."""
    new = _applied(text, best[1])
    simp = simplified_in_traditional(new)
    if not simp or simp <= script:
        return best
    taken = {k for sp in best[1] for k in range(sp.start, sp.end)}
    if not any(c in simp for k, c in enumerate(text) if k not in taken):
        return best
    again = swap.plan(text, [(0, len(text))], jk, final=final, script=simp | script)
    now = {k for sp in again[1] for k in range(sp.start, sp.end)}
    if not now > taken or sum(map(simp.__contains__, _applied(text, again[1]))) >= sum(map(simp.__contains__, new)):
        return best
    return again


def _between(text: str, spans: list[Span], swap: Swap) -> list[Span]:
    """GBK read as Big5 in a simplified line: a character of Traditional script only, kept
    alone between two swapped spans, joins them where it reads the other way as known Han
    of no Traditional script (还是雙喜欢 is 还是蛮喜欢: 雙喜 is a pair real text uses, and
    the pair model likes it better, so the best path kept it; its script says it is the
    garble's). Clean simplified text between two garbles holds no Traditional character."""
    trad = script_chars()[0]
    if trad.isdisjoint(text) or not simplified_line(text):
        return spans
    out = [spans[0]]
    for sp in spans[1:]:
        last = out[-1]
        c = text[last.end] if sp.start == last.end + 1 else ""
        a = swap.alt(c) if c in trad and _han(c) else None
        if a and len(a) == 1 and _han(a) and a not in trad and not chinese_odd(a) and _logp(a) > UNSEEN:
            out[-1] = Span(last.start, sp.end, last.new + a + sp.new, last.pairs + sp.pairs, last.marks + sp.marks, last.odd + sp.odd, last.sure and sp.sure)
            continue
        out.append(sp)
    return out


#: a kept character beside a swapped span, of the wrong script for the line as repaired,
#: joins the span where what it reads as the other way is no more than this much less
#: plausible between its neighbours (nats, `_local`) than its simplified form: 導腔 at a
#: line's start is 旧的 (旧的 reads 1.4 worse than 导的, the script says which it is)
SCRIPT_EDGE = 2.0
#: ... and what it reads as is this common at least (log P, the pair model: 旧 -9.0)
SCRIPT_EDGE_COMMON = -10.0
#: Big5 read as GBK: a line as repaired with more simplified-only characters than this
#: is no Traditional text with a garble's stray one (`_script_edges`)
BIG5_EDGE_FEW = 2
#: ... and in a line holding a Traditional-only character, the slack for what the
#: character reads as (nats, `_local`), of any known character: Big5 writes no
#: simplified-only character, so one beside the garble is the garble's (版块 reads 2.8
#: better than 版輸 at 正版块1248, 很并 3.1 better than 很甜; 仅在 at 仅在床上看VIP電影)
BIG5_SCRIPT_EDGE = 4.0
#: a full-width bracket whose partner the line does not hold: GBK's 其 read as big5hkscs
BRACKETS = {"［": "］", "］": "［"}


def _script_edges(text: str, spans: list[Span], swap: Swap) -> list[Span]:
    """The line as repaired, of one script, whose every character of the other script
    only (or full-width bracket without its partner) is kept beside a swapped span (or
    past a short run of CUT_IN beside one): each joins its span where it reads the other
    way as common Han (SCRIPT_EDGE_COMMON) of the line's script, no odd character, that
    reads between its neighbours no more than SCRIPT_EDGE worse than its form in the
    line's script. GBK read as Big5 in simplified text: a Traditional-only character
    (導的组织 is 旧的组织, ［12月8日 其12月8日, 记得你的分量給 倒). Big5 read as GBK in
    Traditional text (`simplified_in_traditional`): a simplified-only one, judged with
    its neighbours in simplified script, as the pair model counts (正版块1248 is
    正版輸1248, 一场作品 一部作品, 亞馬还直營 亞馬遜直營). A line the garble has shown as
    such and that holds no other character of that script: its script says the garble
    goes on, where the pair model alone would keep the character. Clean text beside a
    garble keeps its line's script."""
    if not spans:
        return spans
    new = _applied(text, spans)
    big5 = swap.kind == SWAP_KINDS[0]
    slack, common = SCRIPT_EDGE, SCRIPT_EDGE_COMMON
    if big5:
        own = script_chars()[1]  # what the swap must not make: simplified-only
        if own.isdisjoint(new):
            return spans
        wrong = own.intersection(new)
        if sum(map(new.count, wrong)) > BIG5_EDGE_FEW:
            return spans  # a simplified host, not a stray character of the garble
        if not script_chars()[0].isdisjoint(new):
            # a line with Traditional-only characters (and no simplified-only one but those
            # beside the spans, as asked below): Big5 writes no simplified-only character
            slack, common = BIG5_SCRIPT_EDGE, UNSEEN
        judged = _simplified
    else:
        wrong = own = script_chars()[0]
        if wrong.isdisjoint(new) and not any(c in new and BRACKETS[c] not in new for c in BRACKETS):
            return spans
        if not simplified_line(new):
            return spans

        def judged(s: str) -> str:
            return s

    n = len(text)
    taken = {k for sp in spans for k in range(sp.start, sp.end)}
    grow: dict[int, tuple[int, str]] = {}  # span's index -> (position, the character swapped)
    found: set[int] = set()
    for i, sp in enumerate(spans):
        if len(sp.new) != sp.end - sp.start:
            continue
        for side in (-1, 1):
            k = sp.start - 1 if side < 0 else sp.end
            j = k
            while 0 <= j < n and text[j] in CUT_IN and abs(j - k) < CUT_IN_MAX:
                j += side
            if not 0 <= j < n or j in taken or j in found:
                continue  # (a character between two spans joins the first)
            c = text[j]
            bracket = not big5 and c in BRACKETS and BRACKETS[c] not in text
            if not (bracket or c in wrong and _han(c)):
                continue
            a = swap.alt(c)
            if not a or len(a) != 1 or not _han(a) or a in own or chinese_odd(a) or _logp(a) < common:
                continue
            inner = (sp.new[0] if side < 0 else sp.new[-1]) if j == k else ""
            outer = text[j + side] if 0 <= j + side < n and _han(text[j + side]) else ""
            left, right = (outer, inner) if side < 0 else (inner, outer)
            left, right = judged(left), judged(right)
            was = c if bracket or big5 else _simplified(c)
            if _local(left, judged(a), right) >= _local(left, was, right) - slack:
                found.add(j)
                grow[(i, side)] = (j, a)
    # every character of the wrong script in the line is such a one, or none is taken
    if not found or any(c in wrong and k not in taken and k not in found for k, c in enumerate(text)):
        return spans
    out = []
    for i, sp in enumerate(spans):
        start, end, chars = sp.start, sp.end, sp.new
        if (i, -1) in grow:
            j, a = grow[(i, -1)]
            chars, start = a + text[j + 1 : start] + chars, j
        if (i, 1) in grow:
            j, a = grow[(i, 1)]
            chars, end = chars + text[end:j] + a, j + 1
        out.append(Span(start, end, chars, sp.pairs, sp.marks, sp.odd, sp.sure, sp.rare, sp.script))
    return _disjoint(out)


def _applied(text: str, spans: list[Span]) -> str:
    out, pos = [], 0
    for s in spans:
        out.append(text[pos : s.start])
        out.append(s.new)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


VARIANT_SLACK = 3.0  # a variant's plan this close to the best one's gain is a rival


def _variant(text: str, plans: list, best: tuple[float, list[Span]], kind: str) -> tuple[tuple[float, list[Span]], Swap]:
    """Among the Big5 variants of the winning kind whose plans gain nearly as much as the
    best (VARIANT_SLACK) and swap what it swaps at least, the one whose swapped text reads
    best by the pair model: the best path knows a pair or not, the counts tell 派遣 from
    派区 (Е is GBK's 遣 read as Python's big5, its 区 as big5hkscs). A variant that leaves
    a character the best one swaps is no rival (［ is GBK's 其 read as big5hkscs: the
    pair model has no word for what a mark left standing costs)."""

    def swapped(spans: list[Span]) -> set[int]:
        return {k for sp in spans for k in range(sp.start, sp.end)}

    taken = swapped(best[1])
    rivals = [(plan, swap) for plan, swap in plans if swap.kind == kind and plan[0] >= best[0] - VARIANT_SLACK and swapped(plan[1]) >= taken]
    # read with the short runs of digits and Latin words cut in between Han left out:
    # the halves of a word cut by a number are neighbours (很漂11246283亮 is 很漂亮 cut)
    (score, spans), swap = max(rivals, key=lambda r: (_plausible(_cut_in_left_out(_applied(text, r[0][1]))), r[0][0]))
    others = [s for _, s in plans if s.kind == kind and s is not swap]
    return (score, [_kana_word(text, sp, others) for sp in spans]), swap


#: what the Big5 variants read a kana word as, where they differ: symbols (big5hkscs
#: reads ETEN's かわいい as ⑸き⑧⑧), or kana of no one script
SYMBOL_RUN = Lazy(r"[^\u0000-\u007f\u3000-\u303f\u3400-\u9fff\uff00-\uffef]{2,}")
KANA_RUN = Lazy(r"[\u3041-\u309f]+|[\u30a0-\u30ff]+")


def _kana_word(text: str, sp: Span, others: list) -> Span:
    """`sp` with each run of two or more symbols it makes read as another variant reads
    it where that makes one word of kana, of one script: the pair model knows neither,
    and the best path weighs a shape above a kana, one character at a time."""
    old = text[sp.start : sp.end]
    if len(sp.new) != len(old):
        return sp
    new = sp.new
    for m in SYMBOL_RUN.finditer(sp.new):
        if KANA_RUN.fullmatch(m.group()):
            continue  # kana of one script already
        for other in others:
            got = "".join(other.alt(c) or "" for c in old[m.start() : m.end()])
            if len(got) == m.end() - m.start() and KANA_RUN.fullmatch(got):
                new = new[: m.start()] + got + new[m.end() :]
                break
    return sp if new == sp.new else Span(sp.start, sp.end, new, sp.pairs, sp.marks, sp.odd, sp.sure, sp.rare, sp.script)


#: the pair model's log-probabilities (data/pairfreq.tsv), in nats: what judges the
#: edges of a swapped span and a lone swapped character, where one character decides
UNSEEN = -14.0  # log P of a character the model does not know
EDGE_MARGIN = 2.0  # an edge character is moved into or out of a span on this much
#: ... out of a span of Big5 read as GBK at a line's start or end, where one neighbour
#: judges it, not two
END_MARGIN = 3.5
LONE_PAIR = 1.5  # a lone garble is swapped when its alternative makes a pair this strong
LONE_WEAK = -0.5  # ... and none weaker than this
LONE_GAIN = 6.0  # ... and the swap gains this much in all


#: of CJK symbols and punctuation, what Japanese writes and Chinese does not (々 is
#: GBK's 皮 read as Big5): as rare as a character the model does not know
JAPANESE_MARKS = frozenset("々〆〄〒〓")


def _logp(c: str) -> float:
    if not c:
        return 0.0
    p = _plausibility.pair_model().logp(c)
    if p is not None:
        return p
    if ("\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e") and c not in JAPANESE_MARKS:
        return -5.0  # CJK punctuation, full-width forms
    return UNSEEN


def _bonus(a: str, b: str) -> float:
    return _plausibility.pair_model().bonus(a, b) if a and b else 0.0


def _local(left: str, c: str, right: str) -> float:
    """How plausible `c` is between `left` and `right` (each one character or empty)."""
    return _logp(c) + _bonus(left, c) + _bonus(c, right)


def _beside_text(c: str) -> bool:
    """Whether a span's edge character may leave it for `c`'s side: only beside Han or
    punctuation (CJK or ASCII, as web text writes it), which say what the character next to them was; beside a space, an
    ASCII word or a line's end the character alone would decide, and the best path
    already weighed that."""
    return bool(c) and (_han(c) or c in ",.;:!?()" or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e")


#: GBK read as Big5: a swapped edge character beside Han leaves its span on this much. The
#: best path's switch costs more than most edge characters' pairs decide (久都不 is kept
#: as 久常不 on 1.8 nats, 温杯有 as 温狹有 on 1.5), and GBK's common characters read as
#: Big5 are seldom the common characters clean text beside a garble holds
GBK_EDGE_MARGIN = 1.0


def _shrink_margin(swap: "Swap") -> float:
    return GBK_EDGE_MARGIN if swap.kind == "gbk as big5" else EDGE_MARGIN


def _edges(text: str, spans: list[Span], swap: Swap, final=()) -> list[Span]:
    """The spans with their edges settled one character at a time by the pair model: a
    kept character beside a span joins it when its alternative reads far better between
    its neighbours (標誌帝時代 is 標誌著時代), and a swapped edge character leaves it when
    the character as it was reads far better beside Han or CJK punctuation (，那狦痷
    is ，那果真, not ，饒果真). The best path
    decides edges on pairs known or not; the counts tell a common word from a rare one."""
    out: list[Span] = []
    spans = _cut_in_joined(text, spans)
    shrink = _shrink_margin(swap)
    for n, sp in enumerate(spans):
        start, end, new = sp.start, sp.end, sp.new
        lo = out[-1].end if out else 0  # the edges stay clear of the spans beside
        hi = spans[n + 1].start if n + 1 < len(spans) else len(text)
        if len(new) != end - start:  # a swap of another length: left as it is
            out.append(sp)
            continue
        chars = list(new)
        for _ in range(4):  # grow or shrink at the start
            left = text[start - 1] if start else ""
            if left and _han(left) and not any(a <= start - 1 < b for a, b in final) and (a := swap.alt(left)) and len(a) == 1 and _han(a):
                before = text[start - 2] if start >= 2 else ""
                if _local(before, a, chars[0]) - _local(before, left, chars[0]) > EDGE_MARGIN:
                    start -= 1
                    chars.insert(0, a)
                    continue
            if _han(chars[0]) and (j := _han_past(text, start - 1, -1)) is not None and j >= lo and not any(a <= j < b for a, b in final) and (a := swap.alt(text[j])) and len(a) == 1 and _han(a):
                # a number or short ASCII word cut in (問222題): the Han past it is the neighbour
                before = text[j - 1] if j else ""
                if _local(before, a, chars[0]) - _local(before, text[j], chars[0]) > EDGE_MARGIN and not _garbled_too(text, j - 1, -1, a, swap):
                    chars[:0] = [a, *text[j + 1 : start]]
                    start = j
                    continue
            # (never back to an odd character: the model's log P of one it does not know is
            # no less than that of a rare one it does, 鋋 for 腩)
            if len(chars) > 1 and _han(text[start]) and left.isdigit() and not _odd_made(chars[0], text[start]):
                # after a number, the pair model's numerals say what follows one (1年刑期, not 1爛刑期)
                nxt = _next_han(chars, 1, 1)
                if _local("", text[start], nxt) + max(0.0, after_number(text[start])) - _local("", chars[0], nxt) - max(0.0, after_number(chars[0])) > EDGE_MARGIN:
                    start += 1
                    chars.pop(0)
                    continue
            if len(chars) > 1 and _han(text[start]) and (_beside_text(left) or swap.bridges and not left) and not _odd_made(chars[0], text[start]):
                if _local(left, text[start], _next_han(chars, 1, 1)) - _local(left, chars[0], _next_han(chars, 1, 1)) > (shrink if left else END_MARGIN):
                    start += 1
                    chars.pop(0)
                    continue
            break
        for _ in range(4):  # ... and at the end
            right = text[end] if end < len(text) else ""
            if right and _han(right) and not any(a <= end < b for a, b in final) and (a := swap.alt(right)) and len(a) == 1 and _han(a):
                after = text[end + 1] if end + 1 < len(text) else ""
                if _local(chars[-1], a, after) - _local(chars[-1], right, after) > EDGE_MARGIN:
                    end += 1
                    chars.append(a)
                    continue
            if _han(chars[-1]) and (j := _han_past(text, end, 1)) is not None and j < hi and not any(a <= j < b for a, b in final) and (a := swap.alt(text[j])) and len(a) == 1 and _han(a):
                after = text[j + 1] if j + 1 < len(text) else ""
                if _local(chars[-1], a, after) - _local(chars[-1], text[j], after) > EDGE_MARGIN and not _garbled_too(text, j + 1, 1, a, swap):
                    chars += [*text[end:j], a]
                    end = j + 1
                    continue
            if len(chars) > 1 and _han(text[end - 1]) and (_beside_text(right) or swap.bridges and not right) and not _odd_made(chars[-1], text[end - 1]):
                if _local(_next_han(chars, len(chars) - 2, -1), text[end - 1], right) - _local(_next_han(chars, len(chars) - 2, -1), chars[-1], right) > (shrink if right else END_MARGIN):
                    end -= 1
                    chars.pop()
                    continue
            break
        out += _cut_in_split(text, Span(start, end, "".join(chars), sp.pairs, sp.marks, sp.odd, sp.sure))
    return out


def _lone(text: str, found: list[int]) -> tuple[str, str | None]:
    """A garble of one to three characters beside clean text (知笵 for 知道, 作珇 for
    作品, 皮有翴痢 for 皮有點薄), holding the line's only odd characters: swapped when
    its pairs with its neighbours and inside it are ones the pair model counts as
    strong (one at least, none weak) and the swap gains LONE_GAIN in all. It ends the
    line or meets ASCII on one side at least, if it is longer than one character: a
    span amid kept Han is the best path's to judge."""
    if not found or len(found) > 2 or found[-1] - found[0] > 2:
        return text, None
    core = text[found[0] : found[-1] + 1]
    pieces = (
        (swap, a, b)
        for swap in directions()
        # every span tried holds the core's characters: where one has no other reading
        # this way, none swaps this way
        if all(_lone_alt(swap, c) for c in core)
        for a in range(max(0, found[-1] - 2), found[0] + 1)
        for b in range(found[-1] + 1, min(len(text), a + 3) + 1)
    )
    return _best_piece(text, pieces, _lone_gain)


#: Big5 read as GBK: GBK's rows of symbols (lead bytes A1-A9: Greek, box drawing, ㎝,
#: presentation forms, 〡, kana) are Big5's commonest Han (A4-A9: 一 to 那), so a symbol
#: of them beside Han that reads the other way as known Han is a garble's (常Τ練習 is
#: 都有練習, 居┮琵我們 所讓我們); judged by the word model (`wordmodel.logp`), which knows
#: the words either reading makes, over AMID_REACH characters either side
SYMBOL_LEADS = range(0xA1, 0xAA)
AMID_REACH = 4
#: ... swapped where the word model gains this much (nats): the garbles of the evaluation
#: gain 5 to 23, clean text's such symbols (│ ─ β ︱ beside Han) 0.3 at most
AMID_GAIN = 4.0
AMID_SPAN = 3  # characters of a piece, at most, the symbol among them


@lru_cache(maxsize=4096)
def _gbk_symbol(c: str) -> bool:
    """Whether `c` is no Han and GBK writes it in its rows of symbols (`SYMBOL_LEADS`):
    not a Latin letter (café's é beside Han, LATIN_WORD's) nor bopomofo (a spelling,
    ZHUYIN's, or ㄛ, a swap mark), which the swaps judge on their own ways."""
    if c < "\u0250" or _han(c) or "\u3105" <= c <= "\u312f":
        return False
    try:
        raw = c.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(raw) == 2 and raw[0] in SYMBOL_LEADS


def _unit(text: str, k: int) -> bool:
    """Whether text[k] is a square unit (U+3380-U+33FF: ㎝ ㎡ ㎏) right after a digit or a
    space after one: what it says (長10㎝的), though Big5's 和 and 呢 read so."""
    if not "\u3380" <= text[k] <= "\u33ff":
        return False
    j = k - 1
    if j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and "0" <= text[j] <= "9"


def amid_symbol(text: str, k: int) -> bool:
    """Whether text[k] is a symbol of GBK's rows (`_gbk_symbol`) beside Han, not a unit
    after a number (`_unit`) nor a kana of Japanese text, whose piece `_amid_piece`
    swaps: the swaps' gate asks it of a line's seeds (repair.py, `_swap_signs`)."""
    return _amid_seed(text, k) and _amid_piece(text, k, 0) is not None


@lru_cache(maxsize=8)
def _japanese_line(text: str) -> bool:
    """Whether a line holding kana is Japanese (`japanese`, or its particle の): asked
    once a line by `_amid_seed`, for each kana of it."""
    return "の" in text or japanese(text)


def _amid_seed(text: str, k: int) -> bool:
    """`amid_symbol`'s tests before the word model's: a symbol of GBK's rows beside Han
    that reads the other way as Han, no unit after a number, no kana of a Japanese line
    (`_japanese_line`)."""
    n = len(text)
    if not _gbk_symbol(text[k]) or not (k and _han(text[k - 1]) or k + 1 < n and _han(text[k + 1])):
        return False
    if not _lone_alt(_big5_as_gbk(), text[k]):
        return False  # (every piece `_amid_piece` weighs holds text[k]: 「 」 ， read as no Han)
    if _unit(text, k):
        return False
    return not (KANA.match(text[k]) and _japanese_line(text))


@lru_cache(maxsize=64)
def _amid_piece(text: str, k: int, done: int) -> tuple[int, int, str] | None:
    """(start, end, what it reads as) of the piece around text[k], from `done` on, of at
    most AMID_SPAN characters each of which reads the other way as known Han, whose
    word-model score with AMID_REACH characters either side gains most, where that gain
    is AMID_GAIN at least; else None. Kept: the swaps' gate (`amid_symbol`) and the
    fixer (`_amid_symbols`) ask it of the same line."""
    from .wordmodel import logp

    n = len(text)
    swap = _big5_as_gbk()
    best = None
    for a in range(max(done, k - AMID_SPAN + 1), k + 1):
        for b in range(k + 1, min(n, a + AMID_SPAN) + 1):
            alts = [_lone_alt(swap, c) for c in text[a:b]]
            if not all(alts):
                continue
            lo, hi = max(0, a - AMID_REACH), min(n, b + AMID_REACH)
            new = "".join(alts)
            gain = logp(text[lo:a] + new + text[b:hi]) - logp(text[lo:hi])
            if best is None or gain > best[0]:
                best = (gain, a, b, new)
    return best[1:] if best and best[0] >= AMID_GAIN else None


def _amid_symbols(text: str) -> tuple[str, str | None]:
    """Big5 read as GBK in a line nothing else repaired: each symbol of GBK's rows beside
    Han (`amid_symbol`) swapped with the piece around it that the word model likes best
    (`_amid_piece`: 戳㎝每個 is 期和每個, 擊斃\ue17a┢組織 擊斃恐怖組織, 喜舧も感 喜歡手感).
    The pair model cannot tell 常有 from 都有; the words around them can."""
    out, done = [], 0
    for k in range(len(text)):
        # (the pieces from `done` on are some of those `amid_symbol` weighs, from 0: where
        # none of those gains AMID_GAIN, none of these does, so one search of them is asked)
        if k < done or not _amid_seed(text, k):
            continue
        got = _amid_piece(text, k, done)
        if got is not None:
            a, b, new = got
            out += [text[done:a], new]
            done = b
    if not out:
        return text, None
    out.append(text[done:])
    return "".join(out), SWAP_KINDS[0]


def _best_piece(text: str, pieces, gain) -> tuple[str, str | None]:
    """`text` with the piece of `pieces` ((swap, a, b): text[a:b] read the swap's way)
    whose `gain(text, a, b, swap)` ((gain, the piece swapped) or None) is highest,
    above LONE_GAIN, swapped, and that swap's kind; `text` and None where none gains."""
    best, kind = (LONE_GAIN, None), None
    for swap, a, b in pieces:
        got = gain(text, a, b, swap)
        if got and got[0] > best[0]:
            best, kind = (got[0], (a, b, got[1])), swap.kind
    if kind is None:
        return text, None
    a, b, new = best[1]
    return text[:a] + new + text[b:], kind


#: a short garble of GBK read as Big5 with ASCII or a line's edge on one side (`_at_edge`):
#: at most this many characters
EDGE_SPAN = 3
#: log P that `_at_edge` charges an odd character of its piece (the pair model's UNSEEN
#: is -14): a character the table does not know costs the clean reading no more than this
EDGE_ODD = -12.0


def _cut(text: str, k: int) -> bool:
    """Whether text[k] is past the line's edge or printable ASCII (not a space): what
    ends a garble cut into text, where no Han neighbour speaks for it."""
    return not 0 <= k < len(text) or "!" <= text[k] <= "~"


def _signs_in_one(text: str) -> bool:
    """Whether the line's Traditional-only characters (`script_only`) and odd ones
    (`_odd_spots`) all lie in one piece of EDGE_SPAN characters."""
    signs = sorted({m.start() for m in script_only()[0].finditer(text)}.union(_odd_spots(text)))
    return bool(signs) and signs[-1] - signs[0] < EDGE_SPAN


def _at_edge(text: str, found: list[int], script_seeds: list[int] = ()) -> tuple[str, str | None]:
    """A garble of GBK read as Big5 of one to EDGE_SPAN characters with ASCII or the line's
    edge on one side and Han on the other (买賸 at a line's end is 买了, 不错岆1095
    不错是1095, 领絳97% 领导97%), holding the line's only odd characters (or, where
    it has none, its only Traditional-only ones): where one neighbour is all there is to
    judge it, a strong pair is not asked of it (了 and 是 make none with anything). Its
    evidence is its own: an odd character (no standard repertoire holds it) or, in a
    simplified line, a Traditional-only character (`script_seeds`); each swaps to known
    Han, the swap gains LONE_GAIN (characters and pairs) and makes no pair weaker than ALONE_WEAK;
    a piece of known characters only (the script's sign) also makes a pair of LONE_PAIR.
    Clean text seldom has a rare character or one of the other script beside a digit,
    a Latin word or a line's end; where it has, its other reading seldom reads better."""
    seeds = sorted(set(found) | set(script_seeds))
    if not seeds or seeds[-1] - seeds[0] >= EDGE_SPAN:
        return text, None
    if not found:
        if not simplified_line(text):
            return text, None
        # the script's sign alone: the piece holds the line's every Traditional-only
        # character. One elsewhere says the line mixes its scripts (OpenCC's test texts
        # run together), where one more beside ASCII is no sign
        seeds = sorted({m.start() for m in script_only()[0].finditer(text)}.union(seeds))
        if seeds[-1] - seeds[0] >= EDGE_SPAN:
            return text, None
    n = len(text)
    pieces = (
        (swap, a, b)
        for swap in directions()
        if swap.kind == SWAP_KINDS[1]
        for a in range(max(0, seeds[-1] - EDGE_SPAN + 1), seeds[0] + 1)
        for b in range(seeds[-1] + 1, min(n, a + EDGE_SPAN) + 1)
        # ASCII or the line's edge on one side, Han on the other: a piece between two
        # cuts has no neighbour to judge it
        if _cut(text, a - 1) and b < n and _han(text[b]) or _cut(text, b) and a and _han(text[a - 1])
    )
    if found:
        pieces = itertools.chain(pieces, _carried(text, seeds))
    return _best_piece(text, pieces, _edge_gain)


def _carried(text: str, seeds: list[int]) -> Iterator[tuple["Swap", int, int]]:
    """`_at_edge`'s longer pieces: its odd seeds' evidence carried over the known Han
    beside them whose other reading is commoner (`swap_gains`) to ASCII or the line's
    edge on one side, Han on the other (便皊竭嗣竭炰辣 at a line's end is 便宜很多很喜欢):
    a garble of the shared characters goes on past the odd one it shows."""
    get = swap_gains().get
    n = len(text)
    ends = []
    b = seeds[-1] + 1
    while b < n and _han(text[b]) and get(text[b], 0.0) > 0:
        b += 1
    if b - seeds[0] > EDGE_SPAN and _cut(text, b) and seeds[0] and _han(text[seeds[0] - 1]):
        ends.append((seeds[0], b))
    a = seeds[0]
    while a and _han(text[a - 1]) and get(text[a - 1], 0.0) > 0:
        a -= 1
    if seeds[-1] + 1 - a > EDGE_SPAN and _cut(text, a - 1) and seeds[-1] + 1 < n and _han(text[seeds[-1] + 1]):
        ends.append((a, seeds[-1] + 1))
    for swap in directions():
        if swap.kind == SWAP_KINDS[1]:
            for a, b in ends:
                yield swap, a, b


def _edge_gain(text: str, a: int, b: int, swap: Swap) -> tuple[float, str] | None:
    """(gain, text[a:b] swapped) for `_at_edge`, or None where the piece is not one."""
    old = text[a:b]
    if not all(map(_han, old)):
        return None  # (kana and marks are `_lone`'s)
    alts = [_lone_alt(swap, c) for c in old]
    if not all(alts):
        return None
    new = "".join(alts)
    left = _past_ascii(text, a - 1, -1) or (text[a - 1] if a else "")
    right = _past_ascii(text, b, 1) or (text[b] if b < len(text) else "")
    chars = [left, *new, right]
    pairs = [_bonus(x, y) for x, y in zip(chars, chars[1:]) if _han(x) and _han(y)]
    if not pairs or min(pairs) < ALONE_WEAK:
        return None
    was = [left, *old, right]
    if not any(map(chinese_odd, old)):
        # the script's sign alone: each character was a common one (as `_script_alt` asks
        # of Big5 read as GBK) making a strong pair, and the piece as it is is read in
        # simplified script (藝术 is 艺术, a word: a Traditional character put in)
        if max(pairs) < LONE_PAIR or min(map(_logp, new)) < COMMON_FOR_ODD:
            return None
        was = list(_simplified("".join(was)))
    # an odd character is charged EDGE_ODD, not UNSEEN: a name of the classics that the
    # table does not know (郔, 弇) is as unknown as a garble's character, and its swap for
    # any common one gains 7 nats by that alone, where one neighbour is all there is
    gain = sum(_logp(c) for c in new) - sum(max(_logp(c), EDGE_ODD) for c in old)
    gain += sum(pairs) - sum(_bonus(x, y) for x, y in zip(was, was[1:]) if _han(x) and _han(y))
    return gain, new


#: ASCII that web text cuts into a word: digits, a number's marks, short Latin words
CUT_IN = frozenset("0123456789.%-" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
CUT_IN_MAX = 8  # characters of it, at most


def _cut_in_joined(text: str, spans: list[Span]) -> list[Span]:
    """The spans, those apart by a short run of CUT_IN alone joined into one (the best
    path ends a span at ASCII): the edges of a garble cut by a number are judged across it."""
    out: list[Span] = []
    for sp in spans:
        if out and len(sp.new) == sp.end - sp.start and len(out[-1].new) == out[-1].end - out[-1].start:
            prev, gap = out[-1], text[out[-1].end : sp.start]
            if gap and len(gap) <= CUT_IN_MAX and all(c in CUT_IN for c in gap):
                out[-1] = Span(prev.start, sp.end, prev.new + gap + sp.new, prev.pairs + sp.pairs, prev.marks + sp.marks, prev.odd + sp.odd, prev.sure and sp.sure, prev.rare + sp.rare, prev.script + sp.script)
                continue
        out.append(sp)
    return out


def _cut_in_split(text: str, sp: Span) -> list[Span]:
    """`sp` apart again at the runs of CUT_IN it keeps as they are (`_cut_in_joined`)."""
    pieces, a = [], sp.start
    for m in CUT_IN_RUN.finditer(text, sp.start, sp.end):
        if m.start() > a and m.end() < sp.end and sp.new[m.start() - sp.start : m.end() - sp.start] == m.group():
            pieces.append((a, m.start()))
            a = m.end()
    if not pieces:
        return [sp]
    pieces.append((a, sp.end))
    first = pieces[0]
    return [Span(x, y, sp.new[x - sp.start : y - sp.start], *((sp.pairs, sp.marks, sp.odd, sp.sure) if (x, y) == first else (0, 0, 0, sp.sure))) for x, y in pieces]


CUT_IN_RUN = Lazy(r"[0-9.%A-Za-z-]+")


def _cut_in_left_out(s: str) -> str:
    """`s` without its runs of CUT_IN_RUN, CUT_IN_MAX long at most, between two Han characters."""
    out, pos = [], 0
    for m in CUT_IN_RUN.finditer(s):
        a, b = m.start(), m.end()
        if b - a <= CUT_IN_MAX and a and b < len(s) and _han(s[a - 1]) and _han(s[b]):
            out.append(s[pos:a])
            pos = b
    return "".join(out) + s[pos:] if out else s


def _garbled_too(text: str, k: int, step: int, a: str, swap: Swap) -> bool:
    """Whether text[k], the far neighbour of a character swapped (as `a`) across a cut-in
    run, reads about as well swapped (EDGE_MARGIN / 2): then the two are one garble's, which `_islands`
    judges whole, not a character at a time."""
    if not 0 <= k < len(text) or not _han(c := text[k]) or not (b := swap.alt(c)) or len(b) != 1 or not _han(b):
        return False
    far = text[k + step] if 0 <= k + step < len(text) else ""
    return (_local(far, b, a) if step < 0 else _local(a, b, far)) > (_local(far, c, a) if step < 0 else _local(a, c, far)) - EDGE_MARGIN / 2


def _han_past(text: str, k: int, step: int) -> int | None:
    """Where the Han character past the short run of CUT_IN that begins at text[k]
    going `step`-wise is (None: no such run, or no Han past it)."""
    j = k
    while 0 <= j < len(text) and text[j] in CUT_IN:
        j += step
        if abs(j - k) > CUT_IN_MAX:
            return None
    return j if j != k and 0 <= j < len(text) and _han(text[j]) else None


def _next_han(chars: list[str], i: int, step: int) -> str:
    """chars[i], or past a short run of CUT_IN there the character after it."""
    j = i
    while 0 <= j < len(chars) and chars[j] in CUT_IN and abs(j - i) <= CUT_IN_MAX:
        j += step
    return chars[j] if j != i and 0 <= j < len(chars) and abs(j - i) <= CUT_IN_MAX else chars[i]


def _reads(old: str, swap: Swap) -> set[str]:
    """What the variants of `swap`'s kind read `old` as, where each reads every character
    of it as one character."""
    return {"".join(alts) for d in directions() if d.kind == swap.kind for alts in [[d.alt(c) for c in old]] if all(x is not None and len(x) == 1 for x in alts)}


def _past_ascii(text: str, k: int, step: int) -> str:
    """The Han character past the run of CUT_IN that begins at text[k] going `step`-wise,
    if there is such a run and it is short (`_han_past`); else ""."""
    j = _han_past(text, k, step)
    return "" if j is None else text[j]


def _lone_alt(swap: Swap, c: str) -> str | None:
    """`c`'s alternative if it is one Han character that is not odd itself (what a lone
    garble's characters must have), else None."""
    x = swap.alt(c)
    return x if x and len(x) == 1 and _han(x) and not chinese_odd(x) else None


def _lone_gain(text: str, a: int, b: int, swap: Swap) -> tuple[float, str] | None:
    old = text[a:b]
    alts = [_lone_alt(swap, c) for c in old]
    if not all(alts):
        return None
    if any(KANA.match(c) for c in old) and ("の" in old or japanese(text)):
        return None
    new = "".join(alts)
    left = text[a - 1] if a else ""
    right = text[b] if b < len(text) else ""
    if len(old) > 1 and _han(left) and _han(right) and not _edge_taken(old, new, left, right, swap):
        return None
    # a number or a short ASCII word cut into a word leaves its halves neighbours
    # (家1182庭, 知PM2.5道): the Han character past it is the one a pair is made with
    left, right = _past_ascii(text, a - 1, -1) or left, _past_ascii(text, b, 1) or right
    chars = [left, *new, right]
    han = [(x, y) for x, y in zip(chars, chars[1:]) if _han(x) and _han(y)]
    known = _tables()[1]
    if not any(x + y in known for x, y in han):
        return None  # not a pair real text uses: no need of the counts (nor to load them)
    pairs = [_bonus(x, y) for x, y in han]
    if not pairs or max(pairs) < LONE_PAIR or min(pairs) < LONE_WEAK:
        return None
    gain = sum(_logp(c) for c in new) - sum(_logp(c) for c in old)
    gain += sum(pairs) - sum(_bonus(x, y) for x, y in zip([left, *old, right], [*old, right][0:]) if x and y)
    return gain, new


def _edge_taken(old: str, new: str, left: str, right: str, swap: Swap) -> bool:
    """Big5 read as GBK: whether a piece of two characters amid Han, one odd and one kept
    Han, is the odd one with the edge `_edges` would take beside it swapped (the kept
    one's other reading far better, EDGE_MARGIN, between its neighbours): 稱璶 is 想要,
    judged as one piece, where 璶 alone (要) makes no strong pair."""
    if not swap.guesses or len(old) != 2:
        return False
    odd = [not _han(c) or chinese_odd(c) for c in old]
    if odd == [False, True]:
        return _local(left, new[0], new[1]) - _local(left, old[0], new[1]) > EDGE_MARGIN
    if odd == [True, False]:
        return _local(new[0], new[1], right) - _local(new[0], old[1], right) > EDGE_MARGIN
    return False


PRIMED_GAIN = 1.0  # a line beside one garbled the same way is repaired on this much gain
PRIMED_CONTEXT = 200  # characters of that line, at most, beside the break: its context
SWAP_KINDS = ("big5 as gbk", "gbk as big5")


def _primed(text: str, lo: int, hi: int, kind: str) -> tuple[str, int] | None:
    """text with its part [lo, hi) swapped the way `kind` garbles, judged with the rest of
    `text` (a neighbour line, repaired) as its context, and the length that part has
    now; None unless the swapped span meets the other part (ASCII between at most):
    a garble wrapped over a line break goes on across it."""
    best: tuple[float, list[Span]] = (PRIMED_GAIN, [])
    some: tuple[float, list[Span]] = (0.0, [])  # the best plan that swaps anything
    variants = not variant_chars().isdisjoint(text[lo:hi])
    for swap in directions():
        if swap.kind != kind or (not variants and BIG5_VARIANTS.index(swap.write if swap.read == "gbk" else swap.read)):
            continue
        plan = swap.plan(text, [(lo, hi)], japanese(text[lo:hi]), primed=True)
        if plan[0] > best[0]:
            best = plan
        if plan[1] and plan[0] > some[0]:
            some = plan
    spans = best[1]
    if not spans:
        # a gain below PRIMED_GAIN: the whole line may read better swapped still
        return _spliced(text, lo, hi, _primed_whole(text, lo, hi, kind, some[1])) if some[1] else None
    # the line comes first: its last span reaches its end; or second: its first one
    # reaches its start
    if not (GAP.fullmatch(text, spans[-1].end, hi) if lo == 0 else GAP.fullmatch(text, lo, spans[0].start)):
        spans = _primed_whole(text, lo, hi, kind, spans)
    return _spliced(text, lo, hi, spans)


def _spliced(text: str, lo: int, hi: int, spans: list[Span] | None) -> tuple[str, int] | None:
    """text with its part [lo, hi) swapped by `spans`, and the length that part has now
    (None: no spans)."""
    if not spans:
        return None
    out, pos = [], lo
    for sp in spans:
        out.append(text[pos : sp.start])
        out.append(sp.new)
        pos = sp.end
    out.append(text[pos:hi])
    new = "".join(out)
    return new, len(new)


PRIMED_WHOLE = 3.0  # nats a whole short line, swapped, reads better beside its neighbour


def _primed_whole(text: str, lo: int, hi: int, kind: str, spans: list[Span]) -> list[Span] | None:
    """GBK read as Big5: the whole of text[lo:hi], a line beside one garbled the same way
    of which the best path swapped a part that does not reach the break, swapped where
    every character of it but ASCII reads the other way as known Han or CJK punctuation,
    none odd, and the line so read, with its neighbour's characters at the break, reads
    PRIMED_WHOLE better by the pair model. A wrapped garble's short first line is garble
    through (扂90腔 is 我90的: the digits cut the best path's run, and 腔 alone gains
    too little; 吽蚘煤 is 省邮费, though 煤质 is a pair real text uses)."""
    if kind != SWAP_KINDS[1] or hi - lo > PRIMED_SHORT or "\ufffd" in text:
        return None
    variants = not variant_chars().isdisjoint(text[lo:hi])
    a, b = max(0, lo - 2), min(len(text), hi + 2)
    base = None
    for swap in directions():
        if swap.kind != kind or (not variants and BIG5_VARIANTS.index(swap.write)):
            continue
        out = []
        for c in text[lo:hi]:
            if c < "\x80":
                out.append(c)
                continue
            x = swap.alt(c)
            if not x or len(x) != 1 or chinese_odd(x) or not (_han(x) or "\u3000" <= x <= "\u303f" or "\uff01" <= x <= "\uff5e"):
                break
            out.append(x)
        else:
            new = "".join(out)
            if any(new[sp.start - lo : sp.end - lo] != sp.new for sp in spans):
                continue  # not what the best path made of its part
            if base is None:
                old = text[a:b]
                base = _plausible(old) * len(old)
            got = text[a:lo] + new + text[hi:b]
            if _plausible(got) * len(got) - base >= PRIMED_WHOLE:
                return [Span(lo, hi, new, 0, 0, 0)]
    return None


PRIMED_SHORT = 12  # characters of such a line, at most


def across_breaks(lines: Iterator, stage) -> Iterator:
    """`_across_breaks`' lines, with the characters either side of a break between two
    lines, one of them swapped, judged again with the other line's character beside
    them (`_break_edge`: 基 / 格也 is 價 / 格也): a line's last or first character has a
    neighbour on one side only. Each line is held until the next one comes."""
    swapped: dict[int, str] = {}  # id of a line swapped -> the kind
    before = getattr(stage, "before_swaps", None)  # ... -> its text before the swaps
    if before is None:
        before = stage.before_swaps = {}
    seen = [None]  # the counts `_across_breaks` has seen: a change is a line's swap
    held = None
    for line in _across_breaks(lines, stage, swapped, seen):
        if held is not None:
            if swapped:  # (most lines: none swapped, no look up)
                kind = swapped.pop(id(held), None)
                after = swapped.get(id(line))
                if (kind or after) and _break_edge(stage, held, line, kind or after, before):
                    seen[0] = tuple(stage.counts.get(k, 0) for k in SWAP_KINDS)  # this swap is no line's
            if before:
                before.pop(id(held), None)
            yield held
        held = line
    if held is not None:
        swapped.clear()
        before.pop(id(held), None)
        yield held


def _break_edge(stage, first, second, kind: str, before: dict[int, str]) -> bool:
    """The last character of `first` or the first of `second` (Han, both), where the
    swaps changed its line but kept it (`before`: the lines' texts before the swaps),
    swapped the way `kind` garbles where what it was reads EDGE_MARGIN better between
    its neighbours, the other line's character one of them (the better of the two, if
    both); whether it swapped one."""
    a, b = first.text, second.text
    if not a or not b or "\n" in a or "\n" in b or not (_han(a[-1]) and _han(b[0])):
        return False
    old_a, old_b = before.get(id(first)), before.get(id(second))
    best = (EDGE_MARGIN, None, None)
    for swap in directions():
        if swap.kind != kind:
            continue
        for line, k, left, right, old in ((first, len(a) - 1, a[-2:-1], b[0], old_a), (second, 0, a[-1], b[1:2], old_b)):
            if old is None or len(old) != len(line.text) or old[k] != line.text[k]:
                continue  # a line the swaps did not change, or a character they swapped
            c = line.text[k]
            x = swap.alt(c)
            if not x or len(x) != 1 or not _han(x) or chinese_odd(x):
                continue
            gain = _local(left, x, right) - _local(left, c, right)
            if gain > best[0]:
                best = (gain, line, (k, x))
    if best[1] is not None:
        line, (k, x) = best[1], best[2]
        old = line.text
        new = old[:k] + x + old[k + 1 :]
        stage.note(line, old, new, kind)
        line.text = new
        return True
    return False


def _across_breaks(lines: Iterator, stage, swapped: dict[int, str], box: list) -> Iterator:
    """The repair stage's lines, with a garble wrapped over a line break judged across
    it: a line the stage did not swap, beside a line it swapped Big5/GBK, is swapped the
    same way when the best path, with the swapped line as its context, makes a span
    that meets the break (厩璣 / 語還是 ... is 學英 / 語還是). Its characters need not be
    odd ones: the neighbour is the evidence. A line with non-ASCII characters that was
    not swapped waits for the next one; every other line passes at once."""
    counts = stage.counts
    big5, gbk = SWAP_KINDS
    get = counts.get  # not Counter's lookup: a missing kind would cost a call a line
    box[0] = (get(big5, 0), get(gbk, 0))
    held = None  # a line not swapped: it may be a garble's first line
    last = None  # (line, kind): the line just before, swapped
    for line in lines:
        seen = box[0]
        now = (get(big5, 0), get(gbk, 0))
        kind = None
        if now != seen:
            kind, seen = (big5 if now[0] > seen[0] else gbk), now
            box[0] = seen
        if kind:
            swapped[id(line)] = kind
        if held is not None:
            if kind and _judge(stage, held, line, kind, first=True):
                seen = box[0] = (get(big5, 0), get(gbk, 0))
                swapped[id(held)] = kind
            yield held
            held = None
        if kind is None and last is not None:
            if _judge(stage, line, last[0], last[1], first=False):
                kind = last[1]
                seen = box[0] = (get(big5, 0), get(gbk, 0))
                swapped[id(line)] = kind
        if kind is None and not line.text.isascii():
            held, last = line, None
            continue
        last = (line, kind) if kind else None
        yield line
    if held is not None:
        yield held


def _judge(stage, line, other, kind: str, first: bool) -> bool:
    """Swap `line` with `other` (a line swapped `kind`) as its context, before it
    (`first`) or after it; whether it changed."""
    text = line.text
    if text.isascii() or "\n" in text:
        return False
    # the neighbour is context at the break only: its characters nearest the break (a
    # piece of a long line is no paragraph to read whole, nor a script to judge by)
    if first:
        got = _primed(text + other.text[:PRIMED_CONTEXT], 0, len(text), kind)
        new = got and got[0]
    else:
        context = other.text[-PRIMED_CONTEXT:]
        got = _primed(context + text, len(context), len(context) + len(text), kind)
        new = got and got[0]
    if not new or new == text:
        return False
    stage.note(line, text, new, kind)
    before = getattr(stage, "before_swaps", None)
    if before is not None:
        before.setdefault(id(line), text)
    line.text = new
    return True


def _odd_spots(text: str) -> list[int]:
    """Where the seeds are, as repair's scan finds them (odd characters but U+FFFD, and
    the swap marks)."""
    return [k for k, c in enumerate(text) if c != "\ufffd" and (chinese_odd(c) or swap_mark(c))]


ISLAND_SHARE = 0.75  # a line this much swapped (of its non-ASCII characters) is garbled whole
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: what parts an island from a swapped span in a line garbled in part: digits, letters,
#: ASCII punctuation, no space (a word of its own)
ISLAND_GAP = re.compile(r"[!-~]{1,12}")
ISLAND_GAIN = 2.0  # ... and how much better (the pair model, a character) it reads swapped


def _islands(text: str, spans: list[Span], swap: Swap) -> list[Span]:
    """In a line garbled whole (ISLAND_SHARE of its non-ASCII characters swapped), a run
    of kept characters that only ASCII parts from the swapped spans (稼9る22ら, 督1450昢:
    the digits and Latin words web text puts in cut the garble into pieces) is swapped
    too when what it was reads at least as well, by the pair model. In a line garbled in
    part, such a run is swapped when digits or other ASCII without a space part it from
    a swapped span on one side at least (爛 in 2012爛10堎, 2012年10月) and it reads
    ISLAND_GAIN better swapped."""
    swapped = sum(sp.end - sp.start for sp in spans)
    total = sum(1 for c in text if c >= "\x80")
    if not spans or swapped == total:
        return spans
    whole = swapped >= ISLAND_SHARE * total
    taken = [False] * len(text)
    for sp in spans:
        taken[sp.start : sp.end] = [True] * (sp.end - sp.start)
    extra = []
    now = {}  # a swapped character's position -> what it was (spans of the same length)
    if whole:
        for sp in spans:
            if len(sp.new) == sp.end - sp.start:
                now.update(zip(range(sp.start, sp.end), sp.new))
    for m in NON_ASCII.finditer(text):
        a, b = m.start(), m.end()
        k = a
        while k < b:  # the kept pieces of this non-ASCII run
            if taken[k]:
                k += 1
                continue
            j = k
            while j < b and not taken[j]:
                j += 1
            if whole and k > a and j < b and j - k <= INTERIOR and (got := _interior(text, k, j, swap, now)):
                extra.append(got)
            # an island: ASCII or the line's edge on both sides
            elif k == a and j == b and (whole or _beside_swapped(text, taken, k, j)):
                old = text[k:j]
                # as the variants of the kind read it (alike but where they differ): the likeliest
                reads = _reads(old, swap)
                new = max(sorted(reads), key=_plausible, default=None)
                if new is not None:
                    if not any(map(chinese_odd, new)) and _plausible(new) >= _plausible(old) + (0.0 if whole else ISLAND_GAIN):
                        extra.append(Span(k, j, new, 0, 0, 0))
            k = j
    return sorted(spans + extra, key=lambda sp: sp.start) if extra else spans


#: a kept piece this long at most, between swapped characters of a line garbled whole,
#: is judged again (`_interior`)
INTERIOR = 2
#: ... and swapped unless what it was reads this much worse (nats in all, the pair model,
#: with its swapped neighbours): a garble is made of spans, and a line garbled whole
#: holds no clean text between its swapped characters, however well a kept garble's
#: character reads (小法什 is 小楊什: 法 is Big5's 楊 read as GBK)
INTERIOR_SLACK = 3.0


def _interior(text: str, k: int, j: int, swap: Swap, now: dict[int, str]) -> Span | None:
    """text[k:j], kept between two swapped characters (`now`: what those were) of a line
    garbled whole, as a span swapped the way `swap` garbles, if what it was reads at
    most INTERIOR_SLACK worse with its neighbours than the piece as it is."""
    cl, cr = now.get(k - 1), now.get(j)
    if cl is None or cr is None:
        return None
    old = text[k:j]
    reads = _reads(old, swap)
    best = None
    for new in sorted(reads):
        if any(map(chinese_odd, new)) or not all(map(_han, new)):
            continue
        gain = _plausible(cl + new + cr) - _plausible(cl + old + cr)
        if best is None or gain > best[0]:
            best = (gain, new)
    if best is None or best[0] * (j - k + 2) < -INTERIOR_SLACK:
        return None
    return Span(k, j, best[1], 0, 0, 0)


def _beside_swapped(text: str, taken: list[bool], k: int, j: int) -> bool:
    """Whether ISLAND_GAP parts text[k:j] from a swapped character (`taken`) before or after it."""
    p = k - 1
    while p >= 0 and text[p] < "\x80":
        p -= 1
    if p >= 0 and taken[p] and ISLAND_GAP.fullmatch(text, p + 1, k):
        return True
    q = j
    while q < len(text) and text[q] < "\x80":
        q += 1
    return q < len(text) and taken[q] and ISLAND_GAP.fullmatch(text, j, q) is not None
