"""repair: undo mojibake, and never touch clean text.

Text decoded with the wrong codec somewhere upstream, then saved as if it were fine:

| kind               | looks like       | undone by                                     |
|--------------------|------------------|-----------------------------------------------|
| utf-8 as gbk       | 鎴戜滑 涓枃       | encode GB18030, decode UTF-8                  |
| gbk as latin-1     | ÎÒÃÇ ÖÐÎÄ        | encode cp1252/Latin-1, decode GBK             |
| big5 as gbk        | (meaningless Han)| encode GB18030, decode Big5-HKSCS             |
| gbk as big5        | (meaningless Han)| encode Big5-HKSCS, decode GBK                 |
| utf-8 as latin-1   | æˆ‘ä»¬ Ã¦Ë†â€˜  | encode cp1252/Latin-1, decode UTF-8 (twice)   |

Each Chinese fixer looks only at lines holding at least two odd characters (Han the
frequency table does not know, private-use, kana, Greek, box drawing, U+FFFD), finds
each cluster of them, and tries the windows around it: a window is repaired only when
the result is clearly more plausible (data/charfreq.tsv: a margin on the mean
character score). The swaps of Big5 and GBK read as each other also take a character
alone where its line holds nothing else odd (swaps.py: a user-defined reading beside
Traditional text, a kana after a digit). Clean text, Chinese or not, never changes.

Lossy spans: a U+FFFD in UTF-8-read-as-GB18030 text can only have been the byte 0x80
and is put back; a byte that is really gone leaves U+FFFD where its character was. A
byte or pair a reader lost between two of its characters without a trace (a U+FFFD or
private-use character a page dropped, windows-1252's invisible bytes, NBSP as a space)
is put back where the run of UTF-8 goes on after it (`_bridged`), the pair model
choosing what it was; two characters standing alone whose middle pair was lost (涓枃
for 中文) are read with the likeliest pair put back (`fix_lost_pair`).
锟斤拷 (U+FFFD through a GBK round trip) and runs of 烫/屯 (uninitialised memory),
in Traditional 錕斤拷 and 燙燙燙燙, cannot be recovered: they are kept, counted, and with
`drop_garbled` their lines go.
"""

from __future__ import annotations

import re
import sys
from array import array, typecodes
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Callable, Iterable, Iterator

from . import entities
from . import plausibility as _plausibility
from . import swaps as _swaps
from .chars import SWAP_MARKS, UTF8_AS_LATIN, _known_han, chinese_odd, swap_mark
from .lang import foreign
from .stage import Line, Stage

MARGIN = 0.6  # how much more plausible (mean character score) a repair must be
LATIN_MARGIN = 0.4  # Latin-1 letters score lower than Han, so the same repair gains less
MIN_SCORE = 0.3  # and how plausible at least
MAX_SPAN = 400  # longest window tried, in characters
CLUSTER_GAP = 6  # odd characters at most this far apart belong to one garbled span
NEIGHBOURHOOD = 64  # how far around a cluster its run is looked for
EDGE_REACH = 8  # a window may reach this far past its cluster to the end of its run

LOST_RUN = re.compile("\ufffd{2,}")
#: 烫 and 屯: runs of them are uninitialised memory; lines with them are looked at for that
MEMORY = "烫屯锟"
#: the Traditional marks, found by the marks whole (`gate`, `_traditional_garbage`): 燙
#: and 錕 alone are clean Traditional text's (燙傷, 燙髮), so they make no line suspect
TRADITIONAL_MARKS = ("錕斤拷", "燙燙燙燙")
#: unrecoverable garbage, simplified and Traditional (屯 is both)
GARBLED = re.compile(r"(?:[锟錕]斤拷)+|[烫燙]{4,}|屯{4,}")


@lru_cache(maxsize=1)
def _gate_classes() -> dict[str, str]:
    """The classes the scans are compiled from, by name (data/gate_classes.tsv, built by
    scripts/build_swap_gains.py from the frequency table, the swap gains, the scripts'
    tables and the GB18030 codec): each the inside of a class, written plainly, with the
    bitmap of its characters (`charclass.Class`): worked out of the tables a character at
    a time they took 0.01 s of every run that repairs, and their patterns parsed 0.02 s
    each."""
    from binascii import a2b_base64
    from . import datafiles as resources

    from .charclass import Class

    text = resources.files("zhnorm.data").joinpath("gate_classes.tsv").read_text(encoding="utf-8")
    rows = (row.split("\t") for row in text.splitlines() if row and row[0] != "#")
    return {name: Class(inside, a2b_base64(bits)) for name, inside, bits in rows}


#: the characters of `suspects` that are not Han: Greek, Cyrillic, kana, private use,
#: vertical and small forms, U+FFFD, beyond the BMP (not general symbols or box drawing,
#: ▼ ★ ──, nor bopomofo: clean text uses them), written plainly
ODD_OTHER = "\u0370-\u04ff\u3040-\u30ff\ue000-\uf8ff\ufe10-\ufe6f\ufffd\U00020000-\U0003134f"


START_UP = 4096  # characters looked at one by one before the pattern is worth compiling


def _suspect_char(c: str) -> bool:
    """What `suspects` matches, one character at a time."""
    if c < "\x80":
        return False
    if c <= "\xff":
        return c not in QUIET_LATIN
    return chinese_odd(c) or c in MEMORY or swap_mark(c) or c in _big5_symbols()


@lru_cache(maxsize=1)
def _big5_symbols() -> frozenset[str]:
    """The characters of data/gate_classes.tsv's `big5_symbols` (`_suspect_class`)."""
    from . import charclass

    return frozenset(chr(o) for a, b in charclass.ranges(_gate_classes()["big5_symbols"]) for o in range(a, b + 1))


def _traditional_garbage(text: str) -> bool:
    """Whether `text` holds a Traditional mark of unrecoverable garbage (錕斤拷, 燙燙燙燙),
    which no suspect character finds."""
    return "錕斤拷" in text or "燙燙燙燙" in text


def _suspect(text: str) -> bool:
    """Whether any fixer could start from `text`: by the pattern once it is compiled (or
    for a long text), else character by character, so that start-up does not pay for
    compiling it."""
    if suspects.cache_info().currsize or len(text) > START_UP:
        return suspects().search(text) is not None
    return any(map(_suspect_char, text))


@lru_cache(maxsize=1)
def suspects() -> re.Pattern:
    """Anything any fixer could start from: odd characters, Latin-1 letters and signs, or
    the marks Big5 and GBK punctuation turn into when read as each other (ㄛ 〃).
    Also 烫 and 屯, whose runs are uninitialised memory. A line without any of these
    (most clean text) is passed by with a single scan."""
    from . import charclass

    return charclass.compile("{odd}", odd=_suspect_class())


@lru_cache(maxsize=1)
def _suspect_class() -> tuple[str, ...]:
    """`suspects`' class, as the parts of a union (`charclass.compile`): the characters of
    U+3400-U+9FFF the frequency table does not know (a `charclass.Class`), ODD_OTHER, the
    Latin-1 letters and signs, the swap marks, 烫屯锟, the bopomofo ㄅ-ㄯ and the symbols
    of GBK's row A9 that read as Big5's common Han (data/gate_classes.tsv's
    `big5_symbols`: ┮ is 所, ㎝ 和, 〡 咖; seeds of the swaps, `swaps.amid_symbol`)."""
    from . import charclass

    latin = (chr(b) for b in range(0x80, 0x100) if chr(b) not in QUIET_LATIN)
    return _gate_classes()["unknown_han"], ODD_OTHER, charclass.plain([*latin, *SWAP_MARKS, *MEMORY]) + "\u3105-\u312f" + _gate_classes()["big5_symbols"]


#: the longest text whose suspects (`_suspects_in`) are kept for the next scan of it
KEEP_SCAN = 64 * 1024
_kept: list = [None, ()]  # the text last scanned (the object itself), its suspects


def _suspects_in(text: str) -> Iterable[tuple[int, str]]:
    """(position, character) of each match of `suspects` in `text`, in order. A suspect
    line is scanned by the gate's looks and by fixers one after another (`_lone_rare`,
    `_looks`, `fix_lost_pair`, `Fixer.fix`), each once the whole line, where nothing
    changed it: the matches of the text last scanned are kept, for a text of up to
    KEEP_SCAN characters (a longer one's are found again as they are read, as before,
    so that a long garbled line makes no list of them)."""
    if _kept[0] is text:
        return _kept[1]
    if len(text) > KEEP_SCAN:
        return ((m.start(), m.group()) for m in suspects().finditer(text))
    found = [(m.start(), m.group()) for m in suspects().finditer(text)]
    _kept[0], _kept[1] = text, found
    return found


#: `gate`'s scripts: a Traditional line's gate holds the simplified-only characters, a
#: simplified line's the Traditional-only ones
GATE_SCRIPTS = ("simplified_only", "traditional_only")


@lru_cache(maxsize=2)
def gate(script: int) -> re.Pattern:
    """The one scan a clean line costs repair: a character of `suspects`, a pair of
    `rare_pairs`, or a character of the script GATE_SCRIPTS[script] names. A line it
    finds none of holds nothing any look of repair's could take: no suspect, no rare-run
    sign, no Traditional mark of garbage (TRADITIONAL_MARKS, found whole), and not both
    scripts' own characters, which `swaps.script_spots` needs. Where
    it finds one, the looks are asked one by one, as before. For a Traditional line the
    gate of script 0 finds nothing, for a simplified one that of 1: `Repair._each` keeps
    the one that suits the lines it meets."""
    from . import charclass

    c = _gate_classes()
    odd, sign, other = _suspect_class(), c["rare_sign"], c[GATE_SCRIPTS[script]]
    beside, strong = c["rare_beside"], c["rare_strong"]  # (`rare_pairs`: sign and strong are of beside)
    firsts = "".join(m[0] for m in TRADITIONAL_MARKS)
    marks = f"(?<=[{firsts}])(?:{'|'.join(m[1:] for m in TRADITIONAL_MARKS)})"  # one look behind a stop
    # the marks' first characters join `odd`'s plain part: a part more in the union would
    # cost building its bitmap (5 M instructions a process)
    *big, plain = odd
    return charclass.compile("{any}(?:(?<={odd})|(?<={other})|(?<={sign}){sign}|(?<={strong}){beside}|(?<={beside}){strong}|" + marks + ")",
                             any=(*big, plain + firsts, beside, other), odd=odd, other=other, sign=sign, beside=beside, strong=strong)


#: the bits of `gate_table`: a character of `suspects`; of the rare-run sign (`rare_pairs`
#: looks for two in a row, GATE_PAIR); of either script's own (`swaps.script_only`); the
#: first of a Traditional mark of garbage (TRADITIONAL_MARKS); of the rare-run sign's
#: weaker and stronger classes (`rare_pairs` looks for one of each side by side, GATE_PAIR)
GATE_ODD, GATE_SIGN, GATE_SIMPLIFIED, GATE_TRADITIONAL, GATE_MARK, GATE_PAIR, GATE_BESIDE, GATE_STRONG = 1, 2, 4, 8, 16, 32, 64, 128
GATE_SCRIPTS_BOTH = GATE_SIMPLIFIED | GATE_TRADITIONAL
#: characters of lines a process's repair reads by `gate`'s pattern before it reads them
#: by `gate_table` (numpy, imported then: 0.13 s, which a small input does not pay)
TABLE_AFTER = 256 * 1024
#: ... or from the time numpy is imported (convert imports it for a big input: its first
#: lines, the size of a file says so), when the table costs no import
TABLE_WITH = "numpy"
#: characters of lines `gate_flags` reads at once, at most: a longer line is read alone,
#: by `gate`'s pattern (its UTF-32 copy would be four bytes a character)
BATCH = 64 * 1024
#: ... and at least, or the lines go by the pattern: numpy's calls cost some 20 µs a
#: batch, the pattern a few for a short line (a document at a time, the input's end)
TABLE_MIN = 2048
_read = [0]  # characters of the lines read by the pattern so far, in this process
#: array's type of a character as a code point: "w" (Python 3.13 on), else wchar_t's "u"
WIDE = "w" if "w" in typecodes else "u"


@lru_cache(maxsize=1)
def gate_table():
    """(numpy, the GATE_* bits of each code point, a numpy array of 0x110000 bytes): the
    classes `gate`'s pattern is compiled from, to look up over many lines at once
    (`gate_flags`)."""
    import numpy as np

    from . import charclass

    c = _gate_classes()
    table = np.zeros(0x110000, dtype=np.uint8)
    firsts = "".join(m[0] for m in TRADITIONAL_MARKS)
    for bit, parts in ((GATE_ODD, _suspect_class()), (GATE_SIGN, (c["rare_sign"],)), (GATE_SIMPLIFIED, (c["simplified_only"],)),
                       (GATE_TRADITIONAL, (c["traditional_only"],)), (GATE_MARK, (firsts,)),
                       (GATE_BESIDE, (c["rare_beside"],)), (GATE_STRONG, (c["rare_strong"],))):
        charclass.mark(table, parts, bit)
    return np, table


def gate_flags(texts: list[str]) -> list[int]:
    """For each text, the GATE_* bits of its characters ORed, with GATE_PAIR where two
    characters of the rare-run sign stand side by side: one table lookup over all the
    texts joined (numpy). A text whose bits hold no GATE_ODD, GATE_MARK or GATE_PAIR and
    not both scripts' is one that either script's `gate` finds nothing in."""
    np, table = gate_table()
    # (a newline is in no class: no pair spans two texts; the last text is followed by
    # one, the empty text joined after it, so that no copy of the whole is made to add it)
    joined = "\n".join([*texts, ""])
    wide = array(WIDE, joined)  # the code points (a character of four bytes: one copy, no codec)
    if wide.itemsize == 4:
        codes = np.frombuffer(wide, dtype=np.uint32)
    else:  # (a wchar_t of two bytes)
        codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = np.take(table, codes, mode="clip")  # (every code point is in the table: no check of the bounds, 1 instruction a character)
    starts = np.zeros(len(texts), dtype=np.intp)
    if len(texts) > 1:
        np.cumsum(np.fromiter(map(len, texts[:-1]), dtype=np.intp, count=len(texts) - 1) + 1, out=starts[1:])
    # the pairs of the rare-run sign: each character's bits ANDed with the next one's, the
    # sign's bit ORed a text like the bits themselves (no pair spans a newline), and moved
    # to GATE_PAIR's place: no list of where the pairs are (numpy's nonzero cost about 13
    # instructions a character, the reduction 1)
    first, second = cls[:-1], cls[1:]
    pairs = first & second
    pairs &= GATE_SIGN
    # ... and one of GATE_STRONG beside one of GATE_BESIDE, either way round (the strong
    # class is of the other: its characters hold both bits), moved to GATE_SIGN's place
    strong = first & (second >> 1)
    strong |= (first >> 1) & second
    strong &= GATE_BESIDE
    strong >>= 5  # (GATE_BESIDE to GATE_SIGN)
    pairs |= strong
    cls[:-1] |= pairs * (GATE_PAIR // GATE_SIGN)  # (a pair's bit on its first character)
    flags = np.bitwise_or.reduceat(cls, starts)
    return flags.tolist()


def _flagged(lines: Iterator[Line]) -> Iterator[tuple[list[Line], list[int] | None]]:
    """The lines in batches, each with its lines' `gate_flags`, or None where `gate`'s
    pattern is to read them: the first TABLE_AFTER characters of a process (a line a
    batch), a line of BATCH characters or more (alone), and a batch of under TABLE_MIN
    characters. The lines are read BATCH characters ahead. A batch at a time, not a line:
    `Repair._each` walks a batch's lines and flags together (zip), without a generator's
    resumption for each line (a fifth of what a clean line cost the stage)."""
    if _read[0] <= TABLE_AFTER and TABLE_WITH not in sys.modules:
        for line in lines:
            yield [line], None
            _read[0] += len(line.text)
            if _read[0] > TABLE_AFTER or TABLE_WITH in sys.modules:
                break
    batch: list[Line] = []
    append = batch.append
    size = 0
    for line in lines:
        append(line)
        size += len(line.text) + 1
        if size >= BATCH:
            # (only the line just read can be of BATCH characters or more: it goes alone)
            n = len(line.text)
            if n >= BATCH:
                del batch[-1]
                if batch:
                    yield _with_flags(batch, size - n - 1)
                yield [line], None
            else:
                yield _with_flags(batch, size)
            batch, size = [], 0
            append = batch.append
    if batch:
        yield _with_flags(batch, size)


def _with_flags(batch: list[Line], size: int) -> tuple[list[Line], list[int] | None]:
    """A batch of `size` characters with its lines' `gate_flags` (None where the batch is
    under TABLE_MIN)."""
    if size < TABLE_MIN:
        return batch, None
    return batch, gate_flags([line.text for line in batch])


def _score(text: str) -> float:
    return _plausibility.score(text)


# -- the transforms: garbled text -> the text it was, or None ---------------------------


def _known(c: str) -> bool:
    return c in _plausibility.char_counts() or (0x3000 < ord(c) <= 0x303F) or (0xFF01 <= ord(c) <= 0xFF5E)


def _utf8_as_gbk(span: str) -> str | None:
    """Encode GB18030, decode UTF-8. A U+FFFD inside the span can only have been 0x80 (no
    GBK lead byte is 0x80): it is put back when that makes a known character; at the end
    of the span it is a truncated sequence, and the character stays U+FFFD."""
    pieces = span.split("\ufffd")
    try:
        raw = [p.encode("gb18030") for p in pieces]
    except UnicodeEncodeError:
        return None
    if len(pieces) == 1:
        return raw[0].decode("utf-8", errors="replace")
    # each lost byte leaves one U+FFFD where its character was
    lost = LOST_RUN.sub("\ufffd", "\ufffd".join(r.decode("utf-8", errors="replace") for r in raw))
    trailing = span.endswith("\ufffd")
    guess = b"\x80".join(raw[:-1] if trailing else raw)
    guessed = guess.decode("utf-8", errors="replace") + ("\ufffd" if trailing else "")
    guessed = LOST_RUN.sub("\ufffd", guessed)
    # the guess stands where it changes only lost characters into known ones
    if len(guessed) == len(lost) and all(g == l or (l == "\ufffd" and _known(g)) for g, l in zip(guessed, lost)):
        return guessed
    return lost


UTF8_RUN = re.compile(
    rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})*"
)
TRUNCATED = re.compile(rb"[\xe0-\xef][\x80-\xbf]?|[\xf0-\xf4][\x80-\xbf]{0,2}")
NOT_ASCII = re.compile(r"[\x00-\x7f]+")
UTF8_RUN_MIN = 2  # Han characters a run must give on its own, without evidence in its line


def _fits_chinese(c: str) -> bool:
    """A character the Chinese text that was UTF-8 may hold: known Han, CJK and
    full-width punctuation, general punctuation, a few Latin-1 signs, and the Han of the
    supplementary planes (`_astral_han`: read as Latin-1 four letters, which no clean
    text holds by chance; read as GBK vouched for by a neighbour, `_astral_vouched`)."""
    if c < "\x80":
        return True
    o = ord(c)
    return c in _known_han() or o == 0xFFFD or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027 or c in CHINESE_USES or _astral_han(c)


def _astral_han(c: str) -> bool:
    """Han of the supplementary planes (U+20000-U+3134F: 𫔰 U+2B530, 𬌗, 𫓧, the rare
    names of the standard table), which the frequency table has none of: four bytes of
    UTF-8, read as GBK two characters or three (的𫔰经 is 鐨勷珨扮粡). A run is taken with
    one only where a known Han character of the run stands beside it (`_astral_vouched`):
    the run's own Han speak for it, and it counts for none of the run's weight."""
    return "\U00020000" <= c <= "\U0003134f"


def _astral_vouched(new: str) -> bool:
    """Whether each stretch of supplementary Han in a run's repair `new` (𬸚𬶋 is two) has
    a known Han character of the BMP beside it in `new` (a run that is such characters
    alone is what clean text's bytes may make by chance: 皤敯 is 𫔰)."""
    known = _known_han()
    for m in ASTRAL_HAN.finditer(new):
        a, b = m.span()
        if not ((a and new[a - 1] in known) or new[b : b + 1] in known):
            return False
    return True


ASTRAL_HAN = re.compile("[\U00020000-\U0003134f]+")
#: Han of the BMP's unified ideographs (the frequency table's range)
BMP_HAN = re.compile("[\u3400-\u9fff]+")
RARE_SHARE = 4  # known Han a run of UTF-8 read as Latin-1 holds, at least, for each it does not know


def _rare_vouched(new: str) -> int:
    """How many Han the frequency table does not know a run of UTF-8 read as Latin-1
    whose repair is `new` holds (庄冋生, a name: 冋 is E5 86 8B, read as Latin-1 å†‹,
    which no European word spells), where it is taken all the same, else 0: each is Han
    of the BMP with a known Han character beside it in `new`, every other character fits
    Chinese text, and the run's known Han are RARE_SHARE of each unknown one at least.
    Such a character counts for none of the run's weight."""
    known = _known_han()
    unknown = total = 0
    for c in new:
        if "\u3400" <= c <= "\u9fff":
            total += 1
            if c not in known:
                unknown += 1
        elif not _fits_chinese(c):
            return 0
    if not unknown or total - unknown < RARE_SHARE * unknown:
        return 0
    for m in BMP_HAN.finditer(new):
        for a in range(m.start(), m.end()):
            if new[a] not in known and not (new[a - 1 : a] in known or new[a + 1 : a + 2] in known):
                return 0
    return unknown


def _gbk_bytes(c: str) -> bytes:
    """What a character of UTF-8 read as GBK was (GB18030, or a browser's GBK)."""
    if c in "\ufffd\u20ac":
        return b"\x80"  # a byte no GBK lead can be: all a U+FFFD or EUR in it can have been
    try:
        return c.encode("gb18030")
    except UnicodeEncodeError:
        return b"\xff"


def _gb18030_bytes(c: str) -> bytes:
    """`_gbk_bytes`, EUR as GB18030 reads it (A2 E3), for a line that shows that reader."""
    return c.encode("gb18030") if c == "\u20ac" else _gbk_bytes(c)


def _latin_byte(c: str) -> bytes:
    """What a character of UTF-8 read as Latin-1 or windows-1252 was (C1 controls too)."""
    if c < "\x80":
        return c.encode()
    if c == "\ufffd":
        return b"\x81"  # windows-1252 lost one of 81 8D 8F 90 9D here: a continuation byte
    b = _latin_bytes().get(c)
    return b"\xff" if b is None else bytes((b,))


UNDEFINED_1252 = b"\x81\x8d\x8f\x90\x9d"
UTF8_CHAR = re.compile(rb"[\x00-\x7f]|[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3}")


def _guess_lost(data: bytes, lost: set[int], fills: Callable[[int], Iterable[int]], left: str = "", right: str = "", pairs: Callable[[int], Iterable[tuple[int, int]]] | None = None) -> str:
    """UTF-8 `data` with a byte lost at each position in `lost` (`fills(p)`: the bytes it
    can have been): each character holding one is the most likely character they can make
    between its neighbours (`_likeliest`; `left` and `right`: the text around `data`), or
    U+FFFD when they make none it knows. `pairs(p)`: the pairs of bytes two lost bytes of
    one character from `p` on can have been (a reader's pair lost whole, `_bridged`)."""
    seqs = [m.group() for m in UTF8_CHAR.finditer(data)]
    starts, at = [], 0
    for seq in seqs:
        starts.append(at)
        at += len(seq)
    cells: list[str | frozenset[str]] = []  # each sequence read, or the characters it can be
    for seq, s in zip(seqs, starts):
        holes = [p for p in range(s, s + len(seq)) if p in lost]
        if not holes:
            cells.append(seq.decode("utf-8", errors="replace"))
            continue
        cands: frozenset[str] = frozenset()
        if len(holes) == 1:
            cands = _filled(seq, (holes[0] - s,), (tuple(fills(holes[0])),))
        elif len(holes) == 2 and pairs is not None and holes[1] == holes[0] + 1 and pairs(holes[0]):
            cands = _filled(seq, (holes[0] - s, holes[1] - s), pairs(holes[0]))
        elif len(holes) == 2 and len(seq) == 3:
            # two bytes of three lost: the characters the pair model knows or the marks
            # their fills make (提 is E6 8F 90, both bytes windows-1252 lacks; E3 is 。 and
            # 、, EF ， and ：)
            cands = _filled(seq, (holes[0] - s, holes[1] - s), tuple((x, y) for x in fills(holes[0]) for y in fills(holes[1])))
        cells.append(cands)
    if any(not isinstance(c, str) and len(c) > 1 for c in cells):
        _one_script(cells, left + "".join(c for c in cells if isinstance(c, str)) + right)
    out: list[str] = []
    chosen: list[tuple[int, frozenset[str]]] = []  # where a lost character was chosen, and among what
    n = 0
    while n < len(cells):
        if isinstance(cells[n], str):
            out.append(cells[n])
            n += 1
            continue
        m = n  # lost characters side by side are chosen together (一般般, not 个航船)
        while m < len(cells) and not isinstance(cells[m], str):
            m += 1
        before = out[-1] if out else left
        after = _right_of(cells, m, right)
        out += _likeliest_path(cells[n:m], before[-1:], after)
        chosen += [(k, cells[k]) for k in range(n, m) if len(cells[k]) > 1 and out[k] != "\ufffd"]
        n = m
    if chosen and len(out) - out.count("\ufffd") >= SETTLE_CONTEXT:
        _settle(out, chosen, left[-1:], right)
    return "".join(out)


def _one_script(cells: list, known: str) -> None:
    """The lost characters' candidates of the script the text read whole (`known`) does
    not write left out, where it holds one script's own characters and none of the
    other's (喜欢, not 喜歡; 不像, not 不僅; a candidate is kept where none would be)."""
    from .swaps import script_only

    trad, simp = script_only()
    t, s = trad.search(known) is not None, simp.search(known) is not None
    if t == s:
        return
    other = trad if s else simp
    for i, c in enumerate(cells):
        if not isinstance(c, str) and len(c) > 1:
            kept = frozenset(x for x in c if other.match(x) is None)
            if kept:
                cells[i] = kept


SETTLE_WINDOW = 3  # characters either side a lost character is chosen again between
SETTLE_MARGIN = 2.0  # nats the word model's choice gains over the pair model's, at least
SETTLE_CONTEXT = 3  # characters read, at least, in a run whose lost ones are (a pair alone is no context)


def _settle(out: list[str], chosen: list[tuple[int, frozenset[str]]], left: str, right: str) -> None:
    """Each lost character chosen again between its neighbours as chosen, SETTLE_WINDOW
    either side, by the word model with the pair bonuses of the word list and the running
    text mixed (`lossy.score` with `damage.pair_bonus`; the word list alone knows the pairs
    inside words, not those between them, and reads 非常她 above 非常好, 单个货币 above
    单一货币): the pair model alone, one neighbour each side, takes 他 for 价 in 代价, 各 for
    吧 in 好评吧."""
    from .damage import pair_bonus
    from .lossy import score

    for n, cands in chosen:
        lo, hi = max(0, n - SETTLE_WINDOW), min(len(out), n + SETTLE_WINDOW + 1)
        shy = _beside_digit(cands, out[n - 1][-1:] if n else left[-1:], out[n + 1][:1] if n + 1 < len(out) else right[:1])
        before = ((left if lo == 0 else "") + "".join(out[lo:n])).translate(_AS_WRITTEN)
        after = "".join(out[n + 1 : hi]) + (right[:1] if hi == len(out) else "")
        if "0" <= after[:1] <= "9":
            # a number after it is read as nothing, or as the Han past it (`_past_number`)
            after = _past_number("".join(out[n + 1 :]) + right)
        after = after.translate(_AFTER_WRITTEN)
        was = score(before + out[n] + after, pair_bonus) + SETTLE_MARGIN
        best, best_p = None, None
        for c in shy:
            p = score(before + c + after, pair_bonus)
            if best_p is None or p > best_p:
                best, best_p = c, p
        if best_p is not None and best_p > was:
            out[n] = best


@lru_cache(maxsize=4096)
def _filled(seq: bytes, offsets: tuple[int, ...], fills: tuple) -> frozenset[str]:
    """The characters UTF-8 sequence `seq` makes with its bytes at `offsets` lost:
    `fills` the bytes the one lost byte can have been (a tuple in a tuple), or the pairs
    two lost bytes can have been; only those `_likeliest` can choose (the pair model
    knows them, or they are common marks). Clean text meets the same few again and again."""
    from .plausibility import pair_model

    logp = pair_model().logp
    out = set()
    for fill in fills[0] if len(offsets) == 1 else fills:
        b = bytearray(seq)
        if len(offsets) == 1:
            b[offsets[0]] = fill
        else:
            b[offsets[0]], b[offsets[1]] = fill
        try:
            c = bytes(b).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if c in _MARK_LOGP or logp(c) is not None:
            out.add(c)
    return frozenset(out)


#: CJK and full-width punctuation, commonest first, with a log-probability a step apart
#: from about that of the commonest characters: which mark a lost byte most likely made
#: (。 and 、 are E3 80 82 and E3 80 81; ， and ： EF BC 8C and EF BC 9A)
MARKS_BY_USE = "，。、：；！？（）《》「」“”【】…—『』〈〉"
_MARK_LOGP = {c: -3.0 - 0.5 * k for k, c in enumerate(MARKS_BY_USE)}
MARK_LEADS = {c.encode()[0] for c in MARKS_BY_USE}
#: an ASCII digit before a lost character is scored as a numeral (2?22 is 2月22)
NUMERAL = "五"
#: what a lost character at a line's end is read before, the line's end being a
#: sentence's end (吧 or 了 there, not 吊 or 人) unless the garble goes on in the next line
LINE_END = "。"
#: and web text's ASCII punctuation as the marks it stands for
_WRITTEN = {**{d: NUMERAL for d in "0123456789"}, **dict(zip(",.;:!?()", "，。；：！？（）"))}
_AS_WRITTEN = str.maketrans(_WRITTEN)
#: ... and a space after it as a comma: web text parts its phrases with spaces (好看啊 好粉嫩,
#: 啊 not 問; 没穿这种鞋 没有, not 鞭), where edited text writes ，
_AFTER_WRITTEN = str.maketrans({**_WRITTEN, " ": "，"})
#: ... but a Chinese numeral is never written beside an ASCII digit (1八, 九6): such a
#: candidate is left out there, where the digit read as NUMERAL would pair it best (五八)
HAN_DIGITS = frozenset("〇一二三四五六七八九十两兩")


def _beside_digit(cands: Iterable[str], left: str, right: str) -> list[str]:
    """`cands`, sorted, without the Chinese numerals where `left` or `right` is an ASCII
    digit (all of them if that leaves none)."""
    cands = sorted(cands)
    if not ("0" <= left[-1:] <= "9" or "0" <= right[:1] <= "9"):
        return cands
    kept = [c for c in cands if c not in HAN_DIGITS]
    return kept or cands


PAST = 12  # characters after a lost one looked through for the Han past a number (`_past_number`)
NUMBER = "0123456789.%"
#: what follows a number as its unit or measure word: the Han past a number is read
#: beside the lost character before it only where it is none of them
UNITS = frozenset("年月日号时点分秒周天岁个元块角毛万千百亿十倍度米里克斤吨英公平毫厘次人名位条张本家种件只届层楼期章页集部台辆套瓶杯盒包份碗")


DATE = re.compile(r"(?:\d{2,4}年)?\d{1,2}月\d{1,2}[日号]")


def _past_number(text: str) -> str:
    """The Han character past the number `text` starts with, where it is no unit: the
    number is then a figure put in the text, and the character before it pairs with the
    one past it (为1460个 reads 为 beside nothing; 决959定 reads 决 beside 定). A date
    (5月9日) is such a figure whole: the Han past it."""
    date = DATE.match(text)
    if date:
        text = text[date.end() :]
    c = text.lstrip(NUMBER)[:1]
    return c if "\u3400" <= c <= "\u9fff" and c not in UNITS else ""


def _right_of(cells: list, m: int, right: str) -> str:
    """What follows lost characters ending before cell `m`: the cells read whole after
    them, up to PAST characters, and `right` past the cells."""
    out = []
    for x in cells[m : m + PAST]:
        if not isinstance(x, str):
            break
        out.append(x)
    else:
        out.append(right)
    return "".join(out)


def _likeliest(cands: Iterable[str], left: str, right: str) -> str:
    """The candidate for a lost character most likely between `left` and `right` (the pair
    model's probability of it, and how well it follows and precedes them by the pair model
    and the running text mixed, `damage.pair_bonus`: 好 before a comma, not 她), U+FFFD if
    none is a character the model knows or a common mark."""
    from .damage import pair_bonus
    from .plausibility import pair_model

    model = pair_model()
    cands = _beside_digit(cands, left, right)
    if "0" <= right[:1] <= "9":
        # a number after it is read as nothing: the units that follow a number are what
        # NUMERAL pairs with, not what comes before one (五 read after 态, 送 or 选 took
        # them for 週, 千, 王); or as the Han past it, where that is no unit (`_past_number`)
        right = _past_number(right)
    right = right[:1]
    left, right = left.translate(_AS_WRITTEN), right.translate(_AFTER_WRITTEN)
    best, best_p = "\ufffd", None
    for c in cands:
        p = model.logp(c)
        if p is None:
            p = _MARK_LOGP.get(c)
            if p is None:
                continue
        else:
            p += (pair_bonus(left, c) if left else 0.0) + (pair_bonus(c, right) if right else 0.0)
        if best_p is None or p > best_p:
            best, best_p = c, p
    return best


def _likeliest_path(cells: list[frozenset[str]], left: str, right: str) -> list[str]:
    """The candidates of lost characters side by side (`cells`, one set each) most likely
    together between `left` and `right`: each scored as `_likeliest` scores one, beside
    the one chosen before it, on a best path (a lost character's neighbour is no
    character read whole: the 0x80 put in for the next one's lost byte read 舀 beside
    一般般's first, U+FFFD none)."""
    if len(cells) == 1:
        return [_likeliest(cells[0], left, right)]
    from .damage import pair_bonus
    from .plausibility import pair_model

    model = pair_model()
    end = (_past_number(right) if "0" <= right[:1] <= "9" else right[:1]).translate(_AFTER_WRITTEN)  # (a number after: `_past_number`)
    paths: dict[str, tuple[float, list[str]]] = {left.translate(_AS_WRITTEN): (0.0, [])}
    last = len(cells) - 1
    for i, cands in enumerate(cells):
        new: dict[str, tuple[float, list[str]]] = {}
        for c in _beside_digit(cands, left if i == 0 else "", right if i == last else ""):
            p = model.logp(c)
            mark = p is None
            if mark:
                p = _MARK_LOGP.get(c)
                if p is None:
                    continue
            elif i == last and end:
                p += pair_bonus(c, end)
            best = None
            for prev, (score, chars) in paths.items():
                got = score + p + (pair_bonus(prev, c) if prev and not mark else 0.0)
                if best is None or got > best[0]:
                    best = (got, chars)
            new[c] = (best[0], best[1] + [c])
        if not new:  # none it knows: U+FFFD, and the path goes on from it
            score, chars = max(paths.values(), key=lambda t: t[0])
            new = {"\ufffd": (score, chars + ["\ufffd"])}
        paths = new
    return max(paths.values(), key=lambda t: t[0])[1]


def _any_continuation(p: int) -> range:
    return range(0x80, 0xC0)


def _cp1252_fills(p: int) -> bytes:
    """The bytes windows-1252 leaves undefined: what a U+FFFD of its reading can have been."""
    return UNDEFINED_1252


#: what a line tells of the reader that lost its bytes (`_reader_signs`): it read 0x80
#: as EUR (a browser's GBK: a U+FFFD of it is never 0x80), or a pair of GBK's
#: user-defined areas as private use (GB18030, and a browser's: a U+FFFD of it is a byte
#: no byte after it makes a pair with, 0x80 before Han or a letter)
SHOWS_EURO, SHOWS_PRIVATE = 1, 2
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


@lru_cache(maxsize=1)
def euro_read() -> re.Pattern:
    """EUR where a browser's GBK read it from UTF-8's 0x80: after a character whose
    second byte is one 0x80 follows in UTF-8, a continuation or a lead of three (涓€ is
    一, E4 B8 80; 鈥 of “ is E2 80 9C read out of step), not beside most clean text
    (价格€30: 格 is B8 F1). Worked out of the codec at first use."""
    from . import charclass

    found = set()
    for a in range(0x81, 0xFF):
        for b in (*range(0x80, 0xC0), *range(0xE0, 0xF0)):
            try:
                c = bytes((a, b)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(c) == 1:
                found.add(c)
    return charclass.compile("(?<={before})\u20ac", before=charclass.plain(found))


def _reader_signs(text: str) -> int:
    """SHOWS_PRIVATE or SHOWS_EURO, as `text` shows them (Python's GBK reads neither; a
    line with private-use characters is GB18030's reading, and its EUR is A2 E3: 院。 is
    E9 99 A2 E3 80 82, 闄€�)."""
    if PRIVATE_USE.search(text):
        return SHOWS_PRIVATE
    return SHOWS_EURO if "\u20ac" in text and euro_read().search(text) is not None else 0


@lru_cache(maxsize=None)
def _gbk_fills(following: int | None, signs: int = 0) -> tuple[int, ...]:
    """The UTF-8 continuation bytes a GBK or GB18030 reader turns into U+FFFD when
    `following` (None: nothing, the run ends) comes next: it reads the byte with the next
    as a pair, and loses the byte alone when that pair is not a character. `signs`
    (`_reader_signs`) narrow the readers: one that showed EUR lost no 0x80, one that
    showed a private-use pair is GB18030's reading (where both, or none is left, every
    reader's)."""
    readers = ("gb18030",) if signs & SHOWS_PRIVATE else ("gbk", "gb18030")
    found = []
    for x in range(0x80, 0xC0):
        if x == 0x80 and signs & SHOWS_EURO:
            continue
        pair = bytes((x, 0x20 if following is None else following))  # (nothing after: as ASCII, any byte lost)
        if any(pair.decode(codec, errors="replace")[0] == "\ufffd" for codec in readers):
            found.append(x)
    if not found and signs:
        return _gbk_fills(following)
    return tuple(found)


#: what a clean GBK character's two bytes read as UTF-8 make (织 is D6 AF: U+05AF), and
#: Chinese text read as GBK never holds: U+0080-U+07FF but for the signs Chinese text uses
_ALIEN_CHARS = "".join(c for c in map(chr, range(0x80, 0x800)) if c not in "·°±×÷§©®«»")


def _alien(c: str) -> bool:
    return "\x80" <= c < "\u0800" and c not in CHINESE_USES


UTF8_LEAD = re.compile(rb"[\xc2-\xf4]")
#: where a run of UTF-8 read as GBK can start: a lead of three or four bytes, or the two
#: bytes of a sign Chinese text uses (a run that would start with any other character of
#: two bytes, U+0080-U+07FF, starts after it: see `_alien`)


@lru_cache(maxsize=1)
def utf8_starts() -> re.Pattern:
    """The characters a run of UTF-8 read as GBK can start with: those whose GBK bytes
    are a UTF-8 lead of three bytes and a continuation byte (E4 BD is 浣, the start of 你),
    or the two bytes of a sign Chinese text uses (C2 B7 is 路, ·). A run that would start
    with another character of two bytes, U+0080-U+07FF, starts after it (see `_alien`);
    or those whose bytes are a lead of four and a continuation (F0 AB is 皤, the start of
    𫔰: a run that starts with a character beyond U+FFFF, worked out here). A line without any of these holds no such run: one scan.
    The first are data/gate_classes.tsv's `utf8_lead` (built from the codec: compiled
    from its bitmap, not parsed, 20 M instructions less a run that needs it); the signs'
    are worked out here (tests/test_repair_cost.py checks both against the codec)."""
    from . import charclass

    signs = set()
    for sign in CHINESE_USES:
        c = sign.encode().decode("gb18030", errors="replace")
        if len(c) == 1 and c != "\ufffd":
            signs.add(c)
    for lead in range(0xF0, 0xF5):
        for trail in range(0x80, 0xC0):
            c = bytes((lead, trail)).decode("gb18030", errors="replace")
            if len(c) == 1 and c != "\ufffd":
                signs.add(c)
    return charclass.compile("{c}", c=(_gate_classes()["utf8_lead"], charclass.plain(signs)))


#: each reading's bytes of the characters met so far (a character -> its bytes)
_BYTES_OF: dict[Callable[[str], bytes], dict[str, bytes]] = {}


class _Offsets:
    """The character that starts at each byte offset of a line's bytes (`bounds`: the
    offset of each character, ascending), looked up by bisection: a dict of every offset
    took about 100 bytes a character, 100 MB for a line of a million."""

    __slots__ = ("bounds",)

    def __init__(self, bounds: array) -> None:
        self.bounds = bounds

    def __contains__(self, offset: int) -> bool:
        i = bisect_left(self.bounds, offset)
        return i < len(self.bounds) and self.bounds[i] == offset

    def __getitem__(self, offset: int) -> int:
        i = bisect_left(self.bounds, offset)
        if i < len(self.bounds) and self.bounds[i] == offset:
            return i
        raise KeyError(offset)


def _encoded(text: str, to_bytes: Callable[[str], bytes]) -> tuple[bytes, array]:
    """`text`'s bytes, each character's `to_bytes`, and the offset of each character in
    them (and of the end), with no list of a long line's characters (bytes.join keeps a
    buffer record of 80 bytes for every piece it joins: joined 4,096 characters at a time)."""
    if to_bytes is _gbk_bytes:
        got = _gb_encoded(text)
        if got is not None:
            return got
    table = _BYTES_OF.setdefault(to_bytes, {})
    for c in set(text).difference(table):
        table[c] = to_bytes(c)
    get = table.__getitem__
    data = b"".join(b"".join(map(get, text[i : i + 4096])) for i in range(0, len(text), 4096))
    bounds, at = array("i", [0]), 0
    for i in range(0, len(text), PACK):
        # a stretch's offsets packed by one call (`_extend`)
        offsets = tuple(accumulate(map(len, map(get, text[i : i + PACK])), initial=at))
        at = offsets[-1]
        bounds.frombytes(_packer(len(offsets) - 1).pack(*offsets[1:]))
    return data, bounds


ASCII_RUN = re.compile(r"[\x00-\x7f]+")


def _gb_encoded(text: str, euro_pair: bool = False) -> tuple[bytes, array] | None:
    """`_encoded(text, _gbk_bytes)` made by the codec in one call a stretch between
    U+FFFD and EUR (each the one byte 0x80, as `_gbk_bytes` has them), where each other
    character's bytes are its GB18030 bytes and are one byte (ASCII) or two (every
    character GBK has): the offsets a stretch of ASCII or of two-byte characters at a
    time. None where a character has four bytes (or none: a lone surrogate).
    `euro_pair`: EUR is GB18030's A2 E3, as that reader read it (`_reader_signs`)."""
    lost = LOST_RUN_ONE if euro_pair else LOST_OR_EURO
    parts = lost.split(text) if "\ufffd" in text or "\u20ac" in text else (text,)
    try:
        data = b"\x80".join([part.encode("gb18030") for part in parts])
    except UnicodeEncodeError:
        return None
    bounds, at = array("i", [0]), 0
    for n, part in enumerate(parts):
        if n:
            at += 1  # the U+FFFD or EUR before it
            bounds.append(at)
        k = 0
        for m in ASCII_RUN.finditer(part):
            a, b = m.span()
            _extend(bounds, range(at + 2, at + 2 * (a - k) + 1, 2))
            at += 2 * (a - k)
            _extend(bounds, range(at + 1, at + b - a + 1))
            at += b - a
            k = b
        _extend(bounds, range(at + 2, at + 2 * (len(part) - k) + 1, 2))
        at += 2 * (len(part) - k)
    # four bytes for a character would have made the bytes longer than that
    return (data, bounds) if at == len(data) else None


#: offsets packed at a time into an array's bytes (`_extend`)
PACK = 4096


def _extend(bounds: array, offsets: range) -> None:
    """`bounds.extend(offsets)`, a stretch of offsets packed into bytes by one call
    (array.extend converts an item at a time, through argument parsing: 220 ns an
    offset, 80 ns so), PACK at a time so that a long line's stretch is no long tuple."""
    n = len(offsets)
    if n < 16:
        bounds.extend(offsets)
        return
    for i in range(0, n, PACK):
        part = offsets[i : i + PACK]
        bounds.frombytes(_packer(len(part)).pack(*part))


@lru_cache(maxsize=64)
def _packer(n: int) -> "struct.Struct":
    import struct

    return struct.Struct(f"{n}i")  # the machine's int, as array("i") holds it


@lru_cache(maxsize=1)
def utf8_walls() -> re.Pattern:
    """A character no run of UTF-8 read as GBK goes past, or reads past: one of two bytes
    whose first byte no UTF-8 holds (C0, C1, F5-FE: 鬲 is F5 EA), not after a character
    whose last byte is a lead of four (F0-F4: 漩 is E4 F0), the one lead that could make a
    sequence of the byte before it and both of its own. Every reading of the bytes
    (`UTF8_RUN`, the codec, `_strict`, `_reach`, `_bridges`' continuations) stops at its
    first byte, a run ends at it at the latest (`TRUNCATED` never matches it), and it starts
    none (`utf8_starts`): the runs of a line are those of its pieces from one such
    character to the next, both in (`_utf8_runs_near`; tests/test_repair_cost.py compares
    the two ways). Worked out of the codec at first use (4 ms)."""
    from . import charclass

    def two(leads: Iterable[int], trails: Iterable[int]) -> set[str]:
        out = set()
        for a in leads:
            for b in trails:
                try:
                    c = bytes((a, b)).decode("gb18030")
                except UnicodeDecodeError:
                    continue
                if len(c) == 1 and _gbk_bytes(c) == bytes((a, b)):
                    out.add(c)
        return out

    trails = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    walls = two((0xC0, 0xC1, *range(0xF5, 0xFF)), trails)
    four = two(range(0x81, 0xFF), range(0xF0, 0xF5))
    return charclass.compile("(?<!{four}){wall}", four=charclass.plain(four), wall=charclass.plain(walls))


#: lines shorter than this are read whole by `fix_utf8_runs`: cutting them costs more than it saves
WALLED = 256


def _utf8_runs_near(text: str, spots: Iterable[int], signs: int = 0, edges: tuple[str, str] = ("", "")) -> list[tuple[int, int, str, int]]:
    """`_utf8_runs(text)`'s runs that lie in the pieces of `text` holding one of `spots`,
    each piece from the `utf8_walls` character before the spot to the one after it, both
    in: a line of thousands of characters with one or two such places is neither encoded
    nor walked whole. A piece is read with the PAST characters after its last wall, which
    a run's lost characters are chosen by as in the whole line (the Han past a number,
    the script the text beside the run writes: 澳門, not 澳閰, where a Traditional
    character past the wall shows the line writes both), and the runs that start there
    are left to the next piece."""
    walls = utf8_walls()
    found: list[tuple[int, int, str, int]] = []
    pos = 0  # 0 or a wall: the pieces before it are done
    for p in spots:
        if p < pos:
            continue  # in the piece just read
        s = _wall_before(walls, text, pos, p)
        w = walls.search(text, p + 1)
        e = len(text) if w is None else w.end()
        piece = (edges[0] if s == 0 else "", edges[1] if e == len(text) else "")
        found += [(s + i, s + j, new, n) for i, j, new, n in _utf8_runs(text[s : e + PAST], signs=signs, edges=piece) if s + i < e]
        if w is None:
            break
        pos = w.start()
    return found


WALL_LOOK = 64  # characters before a spot first looked at for the wall before it (`_wall_before`)


def _wall_before(walls: re.Pattern, text: str, lo: int, p: int) -> int:
    """Where the last `utf8_walls` character of text[lo:p] is (lo: none), looked for
    from `p` back, a stretch at a time, each twice the last: a wall is one character
    with a look behind at the one before it (which the pattern sees before a stretch
    too), so the walls of a stretch are those of the whole text in it, and the scan of
    a long line is not walked from `lo` for a spot far into it."""
    hi, size = p, WALL_LOOK
    while hi > lo:
        a = max(lo, hi - size)
        last = None
        for last in walls.finditer(text, a, hi):  # noqa: B007 (the last one is wanted)
            pass
        if last is not None:
            return last.start()
        hi, size = a, 2 * size
    return lo


def _utf8_runs(text: str, to_bytes: Callable[[str], bytes] = _gbk_bytes, bridge: bool = True, signs: int = 0, edges: tuple[str, str] = ("", "")) -> list[tuple[int, int, str, int]]:
    """UTF-8 read as something else, found in the bytes: every maximal run, ASCII inside
    it and all, whose bytes (each character's `to_bytes`) are UTF-8, starting and ending
    at characters of `text`, and (`bridge`) gone on past bytes the reader lost
    (`_bridged`). (start, end, decoded, how many characters hold lost bytes put back)
    for each. `signs`: what the line shows of its GBK reader (`_reader_signs`); `edges`:
    the last characters of the line before and the first of the line after, where the
    garble goes on over the breaks (else a lost character at the line's end is read
    before LINE_END)."""
    if to_bytes is _gbk_bytes and signs & SHOWS_PRIVATE and "\u20ac" in text:
        data, bounds = _gb_encoded(text, True) or _encoded(text, _gb18030_bytes)  # (EUR is A2 E3)
    else:
        data, bounds = _encoded(text, to_bytes)
    at = _Offsets(bounds)
    gbk = to_bytes is _gbk_bytes
    found, k = [], 0
    first_lost = [text.find("\ufffd")]

    def lost_after(k: int) -> int:
        """The first U+FFFD at or after `k` (-1: none), found once for all the runs."""
        if 0 <= first_lost[0] < k:
            first_lost[0] = text.find("\ufffd", k)
        return first_lost[0]

    while k < len(text):
        if gbk:
            m = utf8_starts().search(text, k)
            if m is None:
                break
            k = m.start()
        elif not UTF8_LEAD.match(data, bounds[k]):
            # on to the next character that starts with a UTF-8 lead byte (one search in
            # the bytes, not a step a character)
            m = UTF8_LEAD.search(data, bounds[k] + 1)
            while m is not None and m.start() not in at:
                m = UTF8_LEAD.search(data, m.start() + 1)
            if m is None:
                break
            k = at[m.start()]
            continue
        m = UTF8_RUN.match(data, bounds[k])
        end = bounds[k] if m is None else m.end()
        while end > bounds[k] and end not in at:
            end -= 1
        # the longest piece that ends at a character and is UTF-8 through
        new = None
        while end > bounds[k]:
            try:
                new = data[bounds[k] : end].decode("utf-8")
            except UnicodeDecodeError as e:
                # what comes before the first bad byte is UTF-8: cut there, at a
                # character (one try per cut, not one per byte: no quadratic retry)
                end = min(end - 1, bounds[k] + e.start)
                while end > bounds[k] and end not in at:
                    end -= 1
                continue
            if gbk and _alien(new[-1]):
                # a clean character after the run (织 is D6 AF, UTF-8 for U+05AF) is no
                # part of it: the run ends before the last character it decodes to
                end -= 2
                while end > bounds[k] and end not in at:
                    end -= 1
                new = None
                continue
            break
        if new is None:
            # a run cut short in its first character: looked at where a garble can start
            # (not inside Han, where clean text's chance cuts are, unless a run ends there)
            pre = None
            if bridge and _seq_len(data[bounds[k]]) > 1 and not (k and "\u3400" <= text[k - 1] <= "\u9fff" and not (found and found[-1][1] == k)):
                pre = _bridged(text, data, bounds, at, k, bounds[k], gbk, lost_after(k))
            if pre is None:
                k += 1
                continue
            new, end = pre[1], bounds[pre[0]]
        else:
            pre = None
        if gbk and _alien(new[0]):
            # and one before it: the run starts after the characters of that kind
            skip = bounds[k] + 2 * (len(new) - len(new.lstrip(_ALIEN_CHARS)))
            while skip not in at:
                skip += 1
            k = at[skip]
            continue
        j = at[end]
        guessed = pre[2] if pre else 0
        if bridge and not pre and "\ufffd" not in text[k:j]:
            got = _bridged(text, data, bounds, at, k, end, gbk, lost_after(k))
            if got is not None:
                j, new, guessed = got
                end = bounds[j]
        if not guessed and "\ufffd" in text[k:j]:
            # a lost byte: the guess stands only where it makes a known character
            lost = {bounds[i] - bounds[k] for i in range(k, j) if text[i] == "\ufffd"}  # in the piece
            if to_bytes is _latin_byte:
                fills = _cp1252_fills
            else:
                # the byte after a lost one (in the run; at its end, none) tells which it was
                def fills(p: int, base: int = bounds[k], stop: int = end) -> tuple[int, ...]:
                    q = base + p + 1
                    return _gbk_fills(data[q] if q < stop and text[at[q]] != "\ufffd" else None, signs)

            new = _guess_lost(data[bounds[k] : end], lost, fills, text[k - 1 : k] if k else edges[0], text[j : j + PAST] or edges[1] or LINE_END)
        # a sequence cut short (。 is E3 80 82; 銆 is E3 80): its last byte is lost, and
        # it is the likeliest character that byte can make, else U+FFFD (at the end of
        # the text or before ASCII: a clean character after a run stays)
        if j < len(text) and TRUNCATED.fullmatch(data[end : bounds[j + 1]]) and (j + 1 == len(text) or text[j + 1] < "\x80"):
            cut = data[end : bounds[j + 1]]
            new += _guess_lost(cut + b"\x80", {len(cut)}, _any_continuation, new[-1:], text[j + 1 : j + 1 + PAST]) if len(cut) == 2 else "\ufffd"
            j += 1
        found.append((k, j, new, guessed))
        k = j
    return found


#: What a reader loses between two of its characters, where a run of UTF-8 read as it
#: breaks off inside a character and goes on after it (`_bridged`): GBK loses a byte it
#: has no pair for (Python's gbk writes U+FFFD and reads the next byte with the one after;
#: a page drops the U+FFFD) or a pair of its user-defined areas, AAA1-AFFE and A140-A7A0
#: (a browser's GBK reads them as private use, which a page drops); Latin-1/windows-1252
#: a byte that shows as nothing (81 8D 8F 90 9D, the soft hyphen AD: dropped when copied),
#: and its NBSP (A0) becomes a space.
INVISIBLE_1252 = UNDEFINED_1252 + b"\xad"
PUA_PAIRS = tuple((x, y) for x in range(0xAA, 0xB0) for y in range(0xA1, 0xC0)) + tuple((x, y) for x in range(0xA1, 0xA8) for y in range(0x80, 0xA1))
PUA_FIRST = tuple(range(0xAA, 0xB0))  # a lost pair's first byte, before a lead byte (A1-FE)
LEADS_OF = {1: tuple(range(0xC2, 0xE0)), 2: tuple(range(0xE0, 0xF0)), 3: tuple(range(0xF0, 0xF5))}
MAX_BRIDGES = 64  # places where lost bytes are put back in one run, at most
BRIDGE_CONTEXT = 8  # bytes after a bridge read with it when the ways are compared


def _seq_len(b: int) -> int:
    """The length of the UTF-8 sequence lead byte `b` starts (0: no lead byte)."""
    return 1 if b < 0x80 else 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0


def _conts(data: bytes, a: int, n: int) -> bool:
    """Whether data[a:a+n] is n continuation bytes."""
    return a + n <= len(data) and all(0x80 <= data[i] < 0xC0 for i in range(a, a + n))


def _bridges(data: bytes, s: int, e: int, gbk: bool, rough: bool = False) -> list[tuple[bytes, dict[int, tuple], tuple | None, int]]:
    """The ways a byte or pair the reader lost at `e` (a boundary of its characters inside
    the sequence that starts at `s`) completes that sequence: (its bytes, and the next
    sequence's where the lost pair ends inside it, with a placeholder for each lost byte;
    the lost bytes' offsets in them -> the bytes each can have been; the pairs of bytes
    two of them in one sequence can have been together, or None; the position in `data`
    after them). `rough`: the ways only, not which bytes GBK's lost byte can have been."""
    need = _seq_len(data[s]) - (e - s)
    head = data[s:e]
    out: list[tuple[bytes, dict[int, tuple], tuple | None, int]] = []
    at = e - s
    if gbk:
        if e < len(data) and _conts(data, e, need - 1):
            fills = (0x80,) if rough else _gbk_fills(data[e])
            if fills:
                out.append((head + b"\x80" + data[e : e + need - 1], {at: fills}, None, e + need - 1))
        if need >= 2 and _conts(data, e, need - 2):
            out.append((head + b"\x80\x80" + data[e : e + need - 2], {at: (), at + 1: ()}, PUA_PAIRS, e + need - 2))
        elif need == 1:
            c0 = 0
            while c0 < 3 and _conts(data, e + c0, 1):
                c0 += 1
            if c0:
                lead = LEADS_OF[c0]
                out.append((head + bytes((0x80, lead[0])) + data[e : e + c0], {at: PUA_FIRST, at + 1: lead}, None, e + c0))
    else:
        # each byte the sequence still needs: one that showed as nothing, NBSP shown as a
        # space, or the continuation byte there (two lost in one sequence at most)
        ways = [(b"", {}, e)]
        for _ in range(need):
            more = []
            for piece, hs, q in ways:
                if not piece or len(hs) < 2:
                    more.append((piece + b"\x80", {**hs, at + len(piece): INVISIBLE_1252}, q))
                    if q < len(data) and data[q] == 0x20:
                        more.append((piece + b"\xa0", {**hs, at + len(piece): (0xA0,)}, q + 1))
                if piece and q < len(data) and 0x80 <= data[q] < 0xC0:
                    more.append((piece + data[q : q + 1], hs, q + 1))
            ways = more
        for piece, hs, q in ways:
            two = sorted(hs)
            pairs = tuple((x, y) for x in hs[two[0]] for y in hs[two[1]]) if len(two) == 2 and two[1] == two[0] + 1 else None
            out.append((head + piece, hs, pairs, q))
    return out


def _strict(data: bytes, pos: int) -> re.Match | None:
    """The UTF-8 sequence at `pos`, if it is one (a valid one: no overlong form, no surrogate)."""
    m = UTF8_CHAR.match(data, pos)
    if m is None or _seq_len(data[pos]) != m.end() - pos:
        return None
    try:
        m.group().decode("utf-8")
    except UnicodeDecodeError:
        return None
    return m


def _reach(data: bytes, pos: int) -> int:
    """How far UTF-8 read from `pos` on goes (the end of its last whole sequence): the
    next lost byte may come before the next boundary of the reader's characters."""
    while pos < len(data):
        m = _strict(data, pos)
        if m is None:
            break
        pos = m.end()
    return pos


def _pair_plausibility(s: str) -> float:
    """The pair model's log-probability of `s`'s Han, with the pairs they make."""
    from .plausibility import pair_model

    model = pair_model()
    total = 0.0
    for a, b in zip(" " + s, s):
        p = model.logp(b)
        if p is None:
            total += -14.0 if "\u3400" <= b <= "\u9fff" else 0.0
            continue
        total += p + (model.bonus(a, b) if a != " " else 0.0)
    return total


def _bridged(text: str, data: bytes, bounds: array, at: "_Offsets", k: int, end: int, gbk: bool, lost_at: int = -1) -> tuple[int, str, int] | None:
    """`_walk`, first without the guesses (the first of the ways that go furthest), for
    UTF-8 read as GBK: in clean text a run so gone on mostly holds a character Chinese
    text does not, or none read whole, and is then no repair, whatever is guessed."""
    if gbk and _walk(text, data, bounds, at, k, end, gbk, lost_at, rough=True) is None:
        return None
    return _walk(text, data, bounds, at, k, end, gbk, lost_at)


def _walk(text: str, data: bytes, bounds: array, at: "_Offsets", k: int, end: int, gbk: bool, lost_at: int = -1, rough: bool = False) -> tuple[int, str, int] | None:
    """The run of UTF-8 read as GBK (`gbk`) or as Latin-1/windows-1252 that starts at
    character `k` and is UTF-8 through to byte `end`, gone on past the bytes its reader
    lost (`_bridges`) up to the U+FFFD at `lost_at` (-1: none): where the run breaks off inside a character at a boundary of the
    reader's characters, the lost bytes that let it go on furthest are put back, each the
    likeliest character they can make between its neighbours (`_guess_lost`). (end
    character, decoded, how many of its characters were guessed) when it goes on past
    `end` so, else None. `rough`: no guesses; (end character, "", 0) where the run's
    characters read whole fit Chinese text and one of them is Han, else None."""
    start = bounds[k]
    if lost_at >= 0:  # a U+FFFD the reader wrote: a byte lost where it stands, not put back here
        data = data[: bounds[lost_at]]
    buf = bytearray(data[start:end])
    if gbk and not all(map(_fits_chinese, buf.decode("utf-8", errors="replace"))):
        return None  # a run holding what Chinese text does not is no repair, however long
    holes: dict[int, tuple] = {}
    paired: dict[int, tuple] = {}  # the first of two lost bytes of a sequence -> their pairs
    pos, last, best, n, kept, unfit = end, None, None, 0, None, False
    tail = _decoded(buf)[-1:] or text[k - 1 : k]  # the character before, as decoded
    before = tail  # ... and the one before the sequence read last
    while pos < len(data):
        m = _strict(data, pos)
        if m is not None:
            last = (pos, len(buf))
            if unfit:
                break  # a character Chinese text does not hold stays in the run: no repair
            before, tail = tail, m.group().decode("utf-8")
            unfit = gbk and not _fits_chinese(tail)  # unless lost bytes put back read it anew
            buf += m.group()
            pos = m.end()
            if n and pos in at:
                best = (pos, len(buf))
            continue
        if n >= MAX_BRIDGES:
            break
        # the sequence cut: the one at `pos`, or the one read last (a boundary inside it)
        tries = []
        for s, b0 in ((pos, len(buf)), last) if last and not unfit else (last,) if last else ((pos, len(buf)),):
            length = _seq_len(data[s])
            for e in range(s + 1, min(s + length, len(data) + 1)):
                if e > pos and s < pos:
                    break
                if e not in at:
                    continue
                for piece, hs, pair, after in _bridges(data, s, e, gbk, rough):
                    reach = _reach(data, after)
                    if reach > e:
                        tries.append((reach, b0, piece, hs, pair, after))
        if not tries:
            break
        far = max(t[0] for t in tries)
        scored = []
        for reach, b0, piece, hs, pair, after in tries:
            if reach != far:
                continue
            if rough:
                scored.append((0.0, b0, piece, hs, pair, after, ""))
                break
            left = tail if b0 == len(buf) else before
            got = _guess_lost(piece + data[after : min(reach, after + BRIDGE_CONTEXT)], set(hs), hs.__getitem__, left, "", (lambda p, pair=pair: pair) if pair else None)
            if "\ufffd" in got:
                continue
            # the last character the piece makes (a character a sequence)
            seqs = len(UTF8_CHAR.findall(piece))
            if not seqs or len(got) < seqs:
                continue
            mine = got[seqs - 1]
            scored.append((_pair_plausibility(left + got), b0, piece, hs, pair, after, mine))
        if not scored:
            break
        _, b0, piece, hs, pair, after, tail = max(scored, key=lambda t: t[0])
        before = ""
        if best is not None and best[1] > b0:
            # it ended inside the sequence put together again: kept, if it goes no further
            kept = (best[0], bytes(buf[: best[1]]), dict(holes), dict(paired))
            best = None
        del buf[b0:]
        holes.update({b0 + p: f for p, f in hs.items()})
        if pair:
            paired[b0 + min(hs)] = pair
        buf += piece
        pos, last, n, unfit = after, None, n + 1, False
        if pos in at:
            best = (pos, len(buf))
    if best is not None:
        kept = (best[0], bytes(buf[: best[1]]), holes, paired)
    if kept is None:
        return None
    stop, buf, holes, paired = kept
    size = len(buf)
    j = at[stop]
    lost = {p for p in holes if p < size}
    if rough:
        whole = "".join(m.group().decode("utf-8", errors="replace") for m in UTF8_CHAR.finditer(buf, 0, size) if not any(m.start() <= p < m.end() for p in lost))
        if all(map(_fits_chinese, whole)) and any("\u3400" <= c <= "\u9fff" for c in whole):
            return j, "", 0
        return None
    new = _guess_lost(bytes(buf[:size]), lost, holes.__getitem__, text[k - 1 : k], text[j : j + PAST], paired.get)
    if "\ufffd" in new or (gbk and _alien(new[-1])):
        return None
    guessed = sum(1 for m in UTF8_CHAR.finditer(buf, 0, size) if any(m.start() <= p < m.end() for p in lost))
    return j, new, guessed


def _decoded(b: bytes | bytearray) -> str:
    return bytes(b).decode("utf-8", errors="replace")


GBK_RUN = re.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe](?:[\x81-\xfe][\x40-\x7e\x80-\xfe]|[\x00-\x7f])*")
GBK_CHAR = re.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]|[\x00-\x7f]")


def _gbk_runs(text: str) -> list[tuple[int, int, str]]:
    """GBK read as Latin-1 or windows-1252, found in the bytes: every maximal run, ASCII
    inside it and all (a trail byte may be an ASCII letter: ÈA is 華), read two bytes a
    character from a character of `text`, ending at one. A byte windows-1252 lost
    (U+FFFD) is the one of its five undefined bytes that makes the commonest known
    character. (start, end, decoded) for each."""
    char_counts = _plausibility.char_counts

    data, bounds = _encoded(text, _latin_byte)
    at = _Offsets(bounds)
    lost = {bounds[i] for i, c in enumerate(text) if c == "\ufffd"}
    found, k = [], 0
    while k < len(text):
        if text[k] < "\x80" or data[bounds[k]] == 0xFF:  # (a character's one byte)
            k += 1
            continue
        m = GBK_RUN.match(data, bounds[k])
        if m is None:
            k += 1
            continue
        end = m.end()
        while end > bounds[k] and end not in at:
            end -= 2 if data[end - 1] >= 0x40 and end - 2 >= bounds[k] else 1
        if end <= bounds[k]:
            k += 1
            continue
        out = []
        for ch in GBK_CHAR.finditer(data, bounds[k], end):
            seq = ch.group()
            holes = [p - ch.start() for p in range(ch.start(), ch.end()) if p in lost]
            fills = [seq] if not holes else []
            if len(holes) == 1:
                for f in UNDEFINED_1252:
                    b = bytearray(seq)
                    b[holes[0]] = f
                    fills.append(bytes(b))
            best, best_n = "\ufffd", -1
            for b in fills:
                try:
                    c = b.decode("gbk")
                except UnicodeDecodeError:
                    continue
                n = char_counts().get(c, 0)
                if not holes or n > best_n and n:
                    best, best_n = c, n
            out.append(best)
        j = at[end]
        found.append((k, j, "".join(out)))
        k = j
    return found


@lru_cache(maxsize=1)
def _latin_stretch() -> re.Pattern:
    """A stretch of text a Latin-1/cp1252 reading can hold: ASCII, the characters those
    codecs read bytes 80-FF as, U+FFFD; with something beyond ASCII in it."""
    latin = re.escape("".join(sorted(_latin_bytes())) + "\ufffd")
    return re.compile(f"[\\x00-\\x7f]*[{latin}][\\x00-\\x7f{latin}]*")


@lru_cache(maxsize=1)
def _stretch_edge() -> re.Pattern:
    """A character no stretch (`_latin_stretch`) holds: where one ends."""
    latin = re.escape("".join(sorted(_latin_bytes())) + "\ufffd")
    return re.compile(f"[^\\x00-\\x7f{latin}]")


def _in_stretches(text: str, runs: Callable[[str], list[tuple[int, int, str]]], needs: re.Pattern | None = None) -> list[tuple[int, int, str]]:
    """`runs` (a Latin reading's run finder) over each stretch of `text` it can find a run
    in, with one character after it (what follows a run tells a cut-short sequence from
    a clean character), as positions in `text`: a long line of Han is not read byte by
    byte for the few Latin letters in it. `needs`: a character every run the caller can
    take holds (a stretch without one is passed by: its runs would all be refused; the
    character after a stretch is never one, as neither ASCII nor Latin-1). The stretches
    are found from those characters (`_stretches_at`), not by the stretches' pattern
    (None: every stretch, by the pattern)."""
    found = []
    spans = [m.span() for m in _latin_stretch().finditer(text)] if needs is None else _stretches_at(text, needs)
    for a, b in spans:
        found += [(a + i, a + j, *rest) for i, j, *rest in runs(text[a : b + 1]) if a + i < b]
    return found


def _stretches_at(text: str, needs: re.Pattern) -> list[tuple[int, int]]:
    """The spans of the stretches of `text` (`_latin_stretch().finditer`) that hold a
    character of `needs`, each found from such a character out to the `_stretch_edge`
    either side of it (the one before it by a search in the text reversed): a stretch is
    a longest run of the characters it may hold that holds one beyond ASCII. The
    stretches' pattern, led by ASCII, tries each character of a line (Chinese text's “ ”
    … make stretches too): some 170 ns a character, where a search for `needs` finds
    none in most lines at a few (tests/test_repair.py compares the two)."""
    edge = _stretch_edge()
    n = len(text)
    spans: list[tuple[int, int]] = []
    done = 0
    back = None  # the text reversed, once a stretch is found
    for m in needs.finditer(text):
        p = m.start()
        if p < done or edge.match(text, p):
            continue  # (in the stretch just found; or a character no stretch holds)
        e = edge.search(text, p)
        b = n if e is None else e.start()
        if back is None:
            back = text[::-1]
        e = edge.search(back, n - p)  # (back[n - p] is text[p - 1])
        spans.append((0 if e is None else n - e.start(), b))
        done = b
    return spans


@lru_cache(maxsize=1)
def _garble_letters() -> re.Pattern:
    """The characters `_garble_letter` takes: a run `fix_gbk_runs` repairs holds one."""
    return re.compile("[" + re.escape("".join(sorted(c for c in _latin_bytes() if _garble_letter(c)))) + "]")


#: the characters whose Latin-1 byte is a UTF-8 lead (C2-F4, Â-ô): a run of UTF-8 read as
#: Latin-1 that `fix_utf8_runs` repairs decodes to a character beyond two bytes, which
#: needs a lead of three or four (E0-F4), read from the run or, read twice, from its Ã
#: (C3) and the next (the bytes put back for lost ones are continuations)
LATIN_LEADS = re.compile("[\xc2-\xf4]")


def fix_gbk_runs(text: str) -> tuple[str, int]:
    """GBK read as Latin-1/windows-1252, a whole run at a time; (new text, runs
    repaired). A run is repaired when what it decodes to is Chinese (known Han,
    punctuation), more plausible than the run, and gives UTF8_RUN_MIN Han characters, or
    one where its line has such a run. A run without a letter (`_garble_letter`) is no
    garble: the signs Chinese text uses itself (让·雅克, 呵呵······, 30°C, “…”) are bytes
    GBK can read (·· is B7 B7, 贩), but a garble's run holds letters: every lead byte of
    GBK but B0, B1 and B7 reads as one, and so does its punctuation (。 is ¡£)."""
    runs = []
    for i, j, new in _in_stretches(text, _gbk_runs, _garble_letters()):
        old = text[i:j]
        if new == old or not any(map(_garble_letter, old)) or not all(map(_fits_chinese, new)):
            continue
        if not _gains(old, new):
            continue
        runs.append((i, j, new, sum("\u3400" <= c <= "\u9fff" for c in new)))
    return _spliced(text, runs)


def _gains(old: str, new: str) -> bool:
    """Whether a run's repair is plausible and clearly more plausible than the run,
    judged on what is not ASCII (ASCII is the same on both sides)."""
    s_new, s_old = _score(_as_punct(NOT_ASCII.sub("", new))), _score(NOT_ASCII.sub("", old))
    return s_new >= MIN_SCORE and s_new - s_old >= LATIN_MARGIN


def _as_punct(text: str) -> str:
    """`text` with the Latin-1 signs Chinese text uses (幼稚···, 30°C) scored as the
    punctuation they are there: a repair that makes them is not the less plausible."""
    return text.translate(_PUNCT_SIGNS) if not text.isascii() else text


_PUNCT_SIGNS = {ord(c): "、" for c in "·°±×÷§©®«»"}


def _spliced(text: str, runs: list[tuple[int, int, str, int]]) -> tuple[str, int]:
    """`text` with each run (start, end, repair, weight) repaired, when one of them
    weighs UTF8_RUN_MIN; (new text, runs repaired)."""
    if not runs or max(r[3] for r in runs) < UTF8_RUN_MIN:
        return text, 0
    out, pos = [], 0
    for i, j, new, _ in runs:
        out.append(text[pos:i])
        out.append(new)
        pos = j
    out.append(text[pos:])
    return "".join(out), len(runs)


def _twice(new: str) -> str:
    """UTF-8 read as Latin-1 twice: a run that is still that, undone once more."""
    while new and all(c < "\x80" or c == "\ufffd" or c in _latin_bytes() for c in new):
        runs = _utf8_runs(new, _latin_byte, bridge=False)  # lost bytes are put back once
        if len(runs) != 1 or runs[0][:2] != (0, len(new)):
            break
        new = runs[0][2]
    return new


#: two UTF-8 sequences of three bytes in a row (ASCII between them), somewhere in the
#: bytes: what a garbled run of Chinese holds and a clean line's bytes rarely do; or one
#: before ASCII (鑷碞BA is 致NBA: a GBK trail byte may be an ASCII letter), or one whose
#: last byte is lost (U+FFFD, looked at as 0x80: 閲� is 量)
UTF8_PAIR = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}(?:[\x00-\x7f]*[\xe0-\xef][\x80-\xbf]{2}|[\x21-\x7e])|[\xe0-\xef][\x80-\xbf]\x80")


#: a run of UTF-8 read as GBK that repair can take holds a character of three bytes, and
#: the first such sequence in it starts a character of the line (before it the run holds
#: only ASCII and whole characters of two bytes): a character whose GBK bytes are a lead
#: of three and a continuation (E4 BD: 浣), then a lost byte's 0x80, or a character whose
#: first byte is a continuation and whose second goes on as UTF-8 does (ASCII, or a lead:
#: a continuation there would end the run before that character, where the sequence is
#: cut short), or the end of the line or ASCII (a sequence cut short, `TRUNCATED`). With
#: nothing lost, the three bytes make a character `_fits_chinese` takes: a mark of
#: U+2010-U+2027 or U+3000-U+303F (E2 80, E3 80), Han (E4-E9: every known character is
#: in U+4000-U+9FFF), a full-width form or U+FFFD (EF BC, EF BD, EF BF). The
#: pattern reads the line's GB18030 bytes a character at a time from the start, so only
#: such a character is found where it starts: one scan, and a line without it is passed
#: by (`fix_utf8_runs` could not change it: tests/test_repair.py checks it on the
#: corpora, their Traditional conversion, OpenCC's cases and the evaluation's cases).
#: `fix_utf8_runs` asks it of the line's characters (`utf8_start_at_char`).
UTF8_START_AT_CHAR = re.compile(
    rb"(?:[\x00-\x80\xff]|[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\xfe])*?"
    rb"(?:[\xe0-\xef][\x80-\xbf](?:\x80|[\x00-\x7f]|\Z)|(?:[\xe2\xe3]\x80|[\xe4-\xe9][\x80-\xbf]|\xef[\xbc\xbd\xbf])[\x81-\xbf][\x30-\x7e\xc2-\xf4])"
)
LOST_OR_EURO = re.compile("[\ufffd\u20ac]")
LOST_RUN_ONE = re.compile("\ufffd")
#: the characters whose bytes, in `_gb_bytes`, are one byte below 0x81: ASCII, U+FFFD and
#: EUR (0x80), a lone surrogate (GB18030 has none: "?")
ONE_BYTE = "\x00-\x7f\u20ac\ud800-\udfff\ufffd"


@lru_cache(maxsize=1)
def utf8_start_at_char() -> re.Pattern:
    """`UTF8_START_AT_CHAR` asked of the characters, not of the bytes: GB18030 reads a
    character's bytes whole (one byte, two, or four whose second is a digit), so the
    character it finds is one of two bytes, a lead of three and a continuation, before a
    character of one byte (`ONE_BYTE`) or at the end, or one that begins a character
    `_fits_chinese` takes, before a character whose first byte is a continuation and whose
    second goes on as UTF-8 does. The classes are data/gate_classes.tsv's, built from the
    codec by scripts/build_swap_gains.py; one scan of the line's characters, neither its
    bytes made nor a step a byte (tests/test_repair.py checks that both decide alike)."""
    from . import charclass

    c = _gate_classes()
    return charclass.compile(
        "{start}(?:(?<={lead})(?:{one}|\\Z)|(?<={mark}){goes_on})",
        start=c["utf8_lead"], lead=c["utf8_lead"], one=ONE_BYTE, mark=c["utf8_mark_lead"], goes_on=c["utf8_goes_on"],
    )


def _gb_bytes(text: str) -> bytes:
    """`text`'s GB18030 bytes, a U+FFFD or EUR as the one byte 0x80 (as `_gbk_bytes`)."""
    if "\ufffd" in text or "\u20ac" in text:
        return b"\x80".join(part.encode("gb18030", "replace") for part in LOST_OR_EURO.split(text))
    return text.encode("gb18030", "replace")


def fix_utf8_runs(text: str, latin: bool = False, look_first: bool = True, edges: tuple[str, str] = ("", "")) -> tuple[str, int]:
    """UTF-8 read as GBK (`latin`: as Latin-1/windows-1252, once or twice), a whole run
    at a time; (new text, runs repaired). A run is repaired when what it decodes to is
    Chinese (known Han, punctuation) with at least one character beyond two bytes, more
    plausible than the run, and either gives UTF8_RUN_MIN Han characters or its line
    holds another repaired run. A run not repaired that holds a half-width , : ; ! ? ( )
    is tried again as the runs those marks made full-width would leave (`_split_runs`)."""
    if not latin:
        if look_first and utf8_start_at_char().search(text) is None:
            return text, 0  # no run it could take (`look_first`: False only in tests)
        if UTF8_PAIR.search(_gb_bytes(text)) is None:
            return text, 0  # a quick look at the bytes before they are looked at closely
    if latin:
        finder = lambda t: _in_stretches(t, lambda s: _utf8_runs(s, _latin_byte), LATIN_LEADS)  # noqa: E731
    else:
        # what the line shows of its reader narrows what each of its U+FFFD was
        signs = _reader_signs(text)
        finder = (lambda t: _utf8_runs(t, signs=signs, edges=edges)) if signs or any(edges) else _utf8_runs  # noqa: E731
    if not latin and look_first and len(text) >= WALLED:
        # a run it can take holds a character the look found (tests/test_repair_cost.py
        # compares this with the whole line's runs)
        found = _utf8_runs_near(text, (m.start() for m in utf8_start_at_char().finditer(text)), signs, edges)
    else:
        found = finder(text)
    runs, left = [], []
    for i, j, new, bridged in found:
        got = _utf8_run_taken(text, i, j, new, bridged, latin)
        if got is not None:
            runs.append(got)
        elif HALF_MARK.search(text, i, j):
            left.append((i, j))
    if left:
        runs = sorted(runs + _split_runs(text, left, finder, latin))
    return _spliced(text, runs)


#: the half-width marks tidy makes full-width in Chinese text (tidy.FULL)
HALF_MARK = re.compile("[,:;!?()]")
HALF_TO_FULL = str.maketrans(",:;!?()", "，：；！？（）")


def _split_runs(text: str, left: list[tuple[int, int]], finder, latin: bool) -> list[tuple[int, int, str, int]]:
    """The runs `fix_utf8_runs` takes inside the runs `left` (start, end) once their
    half-width , : ; ! ? ( ) are full-width, as tidy makes them in Chinese text: a mark
    ends a run there, and the run it split is no longer judged whole. A run held together
    by ASCII commas that was not repaired whole (a character in it Chinese text has
    not) would else have its pieces repaired by the next run of normalize, once tidy has
    made the commas full-width: one pass is final. A piece holds no mark made full-width
    and keeps the marks beside it as they were."""
    parts, pos = [], 0
    for i, j in left:
        parts += [text[pos:i], text[i:j].translate(HALF_TO_FULL)]
        pos = j
    alt = "".join(parts) + text[pos:]
    changed = [k for k, (a, b) in enumerate(zip(text, alt)) if a != b]
    found = []
    for i, j, new, bridged in finder(alt):
        if not any(a <= i and j <= b for a, b in left) or any(i <= k < j for k in changed):
            continue
        got = _utf8_run_taken(alt, i, j, new, bridged, latin)
        if got is not None:
            found.append(got)
    return found


def _utf8_run_taken(text: str, i: int, j: int, new: str, bridged: int, latin: bool) -> tuple[int, int, str, int] | None:
    """A run `_utf8_runs` found, as `fix_utf8_runs` takes it (start, end, repair,
    weight), or None where it is not repaired."""
    old = text[i:j]
    if latin and new.count("\ufffd") <= old.count("\ufffd") + old.count("\xef\xbf\xbd"):
        new = _twice(new)
    elif latin:
        # the undo cut a sequence short itself (a U+FFFD neither lost nor written
        # before): a word garbled twice stays as it is, whole, not half read
        pass
    elif new[-1:].isascii() and new[-1:].isalpha() and old[-1] >= "\x80" and not (j < len(text) and text[j].isascii() and text[j].isalnum()):
        return None  # a GBK trail byte read as an ASCII letter begins a Latin word (鑷碞BA is 致NBA), never stands alone
    if new == old or not any(c >= "\u0800" for c in new):
        return None
    unknown = 0  # Han the frequency table does not know, taken in a Latin-1 run (`_rare_vouched`)
    if not all(map(_fits_chinese, new)):
        unknown = _rare_vouched(new) if latin else 0
        if not unknown:
            return None
    if not latin and not _astral_vouched(new):
        return None
    if not latin and "\ufffd" in new and new.count("\ufffd") <= old.count("\ufffd"):
        # a character the reader lost and no guess could tell (a lead of four with its last
        # byte lost: 𫔰 is F0 AB 94 B0, none of its 64 fills a character the model knows)
        # stays U+FFFD on both sides: the rest is judged (我们的� for 鎴戜滑鐨勷珨�)
        if not _gains(old.replace("\ufffd", ""), new.replace("\ufffd", "")):
            return None
    elif not _gains(old, new):
        return None
    han = sum("\u3400" <= c <= "\u9fff" for c in new) - unknown
    if (latin or "\ufffd" in old) and not han and any("\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e" for c in new):
        # 。 alone (ã\x80\x82): Latin-1 letters that are UTF-8 for CJK punctuation; or
        # with its last byte lost (銆� at a line's end, after clean text: GBK read a lead
        # and continuation, E3 80, and lost the 82)
        han = 1
    if bridged and (han < UTF8_RUN_MIN or han <= bridged):
        return None  # lost bytes put back are guesses: the run gives two Han characters, one of them read whole
    # one Han character is enough where the run held a character real text has not,
    # or was Latin-1 letters and signs (é›… is 雅: no European word holds that)
    weight = UTF8_RUN_MIN if latin or any(map(chinese_odd, old)) else han
    return (i, j, new, max(han, weight) if han else 0)


#: A pair of two Han characters of UTF-8 read as GBK that the reader lost whole (the
#: first's last byte and the second's lead, AA-AF then E4-E9: a pair of GBK's user-defined
#: area, which a page drops): what is left is the first's lead and continuation (E4 B8: 涓)
#: and the second's two continuations (96 87: 枃), two characters where two were (中文 is
#: 涓枃). Nothing of either is read whole, so `_walk` takes no such run alone: it is taken
#: here when it stands alone (no Han beside it), holds a character Chinese text has not,
#: and one reading of the lost pair is clearly the likeliest, and far likelier than the two.
LOST_PAIR_GAIN = 6.0  # nats the likeliest reading is above the two as they are
LOST_PAIR_LEAD = 1.0  # ... and above the next likeliest reading
LOST_PAIR_LEADS = range(0xE4, 0xEA)  # the leads of the Han of U+4000-U+9FFF


@lru_cache(maxsize=1)
def lost_pair_run() -> re.Pattern:
    """Two characters alone (no Han beside them): the first's GBK bytes a lead of three
    and a continuation, the second's two continuations."""
    firsts, seconds = [], []
    for a in range(0x81, 0xFF):
        for b in range(0x80, 0xC0):
            c = bytes((a, b)).decode("gb18030", errors="replace")
            if len(c) != 1 or not "\u3400" <= c <= "\u9fff":
                continue
            if a in LOST_PAIR_LEADS:
                firsts.append(c)
            if a < 0xC0:
                seconds.append(c)
    han = "\u3400-\u9fff"
    return re.compile(f"(?<![{han}])[{''.join(firsts)}][{''.join(seconds)}](?![{han}])")


def _lost_pairs_at_odd(text: str) -> Iterator[re.Match]:
    """The matches of `lost_pair_run` that hold a Han character the frequency table does
    not know (`chinese_odd`), in order: those `fix_lost_pair` reads. Both its characters
    are Han and neither neighbour is, so two matches never overlap and the pattern's
    matches are the places it matches at; one holding such a character starts at it or
    just before it. Those are found among `suspects` (its Han are the unknown ones and
    烫屯锟, tests/test_charclass.py), which a scan finds at a third of the pattern's cost, and
    the pattern is asked only there."""
    match = lost_pair_run().match
    last = -1
    for q, _ in _suspects_in(text):
        if not ("\u3400" <= text[q] <= "\u9fff" and chinese_odd(text[q])):
            continue  # (not 烫, 屯 or 锟, which the scan also finds)
        for a in (q - 1, q):
            if a > last and a >= 0:
                last = a
                m = match(text, a)
                if m is not None:
                    yield m


def fix_lost_pair(text: str) -> tuple[str, int]:
    """Each two characters alone that are two of UTF-8 read as GBK whose middle pair the
    reader lost (`lost_pair_run`), read again with the likeliest pair put back; (new
    text, how many)."""
    runs = []
    for m in _lost_pairs_at_odd(text):
        old = m.group()
        a, b = old[0].encode("gb18030"), old[1].encode("gb18030")
        ways = []
        for x in PUA_FIRST:
            for y in LOST_PAIR_LEADS:
                new = (a + bytes((x, y)) + b).decode("utf-8", errors="replace")
                if len(new) == 2 and all(map(_known_han().__contains__, new)):
                    ways.append((_pair_plausibility(new), new))
        if not ways:
            continue
        ways.sort(reverse=True)
        best, new = ways[0]
        if best - _pair_plausibility(old) < LOST_PAIR_GAIN or (len(ways) > 1 and best - ways[1][0] < LOST_PAIR_LEAD):
            continue
        runs.append((m.start(), m.end(), new, UTF8_RUN_MIN))
    return _spliced(text, runs)


@lru_cache(maxsize=1)
def _latin_bytes() -> dict[str, int]:
    """A character of Latin-1 or cp1252 -> the byte it was read from (0x80-0xFF)."""
    table = {}
    for b in range(0x80, 0x100):
        table[chr(b)] = b
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return table


def _still_odd(new: str) -> bool:
    """A repair that leaves mojibake behind: private-use characters, kana, Greek and the
    like, or more rare Han than real text has (one in ten; 洪澇 is real)."""
    rare = 0
    for c in new:
        if c != "\ufffd" and chinese_odd(c):
            if not ("\u3400" <= c <= "\u9fff"):
                return True
            rare += 1
    return rare > max(1, len(new) // 10)


def _is_utf8(span: str) -> bool:
    """The Latin-1 bytes of `span` are UTF-8 with something beyond ASCII in it."""
    table = _latin_bytes()
    try:
        data = bytes(table[c] if c in table else ord(c) for c in span)
        return not data.decode("utf-8").isascii()
    except (ValueError, UnicodeDecodeError):
        return False


def _gbk_as_latin(span: str) -> str | None:
    table = _latin_bytes()
    try:
        data = bytes(table[c] if c in table else ord(c) for c in span)
    except ValueError:
        return None
    if any(ord(c) >= 0x100 and c not in table for c in span):
        return None
    try:
        return data.decode("gbk")
    except UnicodeDecodeError:
        return None


ASCII_LETTER = re.compile(r"[A-Za-z]")




#: Latin-1 signs Chinese text uses itself (马丁·路德, 30°C, 3×4, ©): no evidence of mojibake
CHINESE_USES = frozenset("·°±×÷§©®«»")
#: Latin-1 characters a line is not looked at for: those Chinese text uses (and NBSP)
#: that can only be continuation bytes (0x80-0xBF) of UTF-8 mojibake, whose lead byte
#: (Â, ä, ...) the scan still finds; GBK read as Latin-1 comes in pairs of letters
QUIET_LATIN = frozenset("·°±§©®«»\xa0")


def latin_odd(c: str) -> bool:
    """Latin-1 letters and signs, but for those Chinese text uses (and cp1252's quotes)."""
    return "\xa1" <= c <= "\xff" and c not in CHINESE_USES


def _garble_letter(c: str) -> bool:
    """What a byte 80-FF reads as in Latin-1 or windows-1252 that clean Chinese text does
    not hold: a letter or sign of A1-FF but those Chinese text uses (`latin_odd`), a C1
    control, one of windows-1252's letters (Š œ ƒ); not its quotes, dashes and …"""
    return latin_odd(c) or "\x80" <= c <= "\x9f" or (c.isalpha() and c in _latin_bytes())


class Fixer:
    """One kind of mojibake: where to look, and how to undo it.

    `span` finds runs a garbled span of this kind is made of; `gate` is a quick look at
    a whole line (None: two odd characters, which repair's one scan counts); `odd` marks
    the characters that anchor a window; `accept` vets a window before it is repaired and
    says how much more plausible its repair must be (None: not at all).
    """

    def __init__(
        self,
        kind: str,
        transform: Callable[[str], str | None],
        span: re.Pattern,
        gate: Callable[[str], bool] | None,
        odd: Callable[[str], bool] = chinese_odd,
        odd_re: re.Pattern | None = None,
        min_odd: int = 2,
        accept: Callable[[str, str, int, int], float | None] = lambda text, window, i, j: MARGIN,
        worth: Callable[[str], bool] = lambda cluster: True,
    ):
        self.kind = kind
        self.transform = transform
        self.span = span
        self.gate = gate
        self.odd = odd
        self.odd_re = odd_re  # None: `chinese_odd`, found among what `suspects` finds
        self.min_odd = min_odd
        self.accept = accept
        self.worth = worth  # a quick look at a cluster before any window around it is tried

    def fix(self, text: str) -> tuple[str, int]:
        """Repair every span of this kind in `text`; (new text, spans repaired).

        Works from clusters of odd characters (two or more, gaps of at most CLUSTER_GAP:
        mojibake is dense with them, clean text has them one at a time), each in the run
        of characters around it that a garbled span can be made of.
        """
        if self.odd_re is None:
            # the odd characters are among the suspects: one pattern compiled, not two
            odd = [k for k, c in _suspects_in(text) if chinese_odd(c)]
        else:
            odd = [m.start() for m in self.odd_re.finditer(text)]
        if len(odd) < self.min_odd:
            return text, 0
        clusters: list[list[int]] = []
        for k in odd:
            if clusters and k - clusters[-1][-1] <= CLUSTER_GAP:
                clusters[-1].append(k)
            else:
                clusters.append([k])
        out, pos, n, done = [], 0, 0, 0
        clusters.reverse()
        while clusters:
            cluster = [k for k in clusters.pop() if k >= done]
            if len(cluster) < self.min_odd:
                continue
            first = cluster[0]
            run = None
            for m in self.span.finditer(text, max(done, first - NEIGHBOURHOOD), min(len(text), cluster[-1] + NEIGHBOURHOOD)):
                if m.start() <= first < m.end():
                    run = m
                    break
            if run is None:
                continue
            inside = [k for k in cluster if k < run.end()]
            if len(inside) < len(cluster):
                clusters.append(cluster[len(inside) :])  # the rest lies in later runs
            if len(inside) < self.min_odd:
                continue
            last = inside[-1]
            if not self.worth(text[max(run.start(), first - 1) : last + 2]):
                continue
            at = run.start()
            best = self._best_window(run.group(), text, at, first - at, last - at, 0)
            if best is None:
                continue
            i, j, new = best
            out.append(text[pos : at + i])
            out.append(new)
            pos = done = at + j
            n += 1
        if n:
            out.append(text[pos:])
            text = "".join(out)
        return text, n

    def _best_window(self, run: str, text: str, at: int, first: int, last: int, lo: int) -> tuple[int, int, str] | None:
        """The window around run[first:last+1] whose repair gains most, if it gains enough."""
        starts = {k for k in range(first - 3, first + 1) if k >= lo}
        ends = set(range(last + 1, min(len(run), last + 4) + 1))
        if first - lo <= EDGE_REACH:
            starts.add(lo)  # a garbled span whose first characters read as common ones
        if len(run) - last <= EDGE_REACH:
            ends.add(len(run))
        best = None
        for i in sorted(starts):
            for j in sorted(ends):
                if j - i < 2 or j - i > MAX_SPAN:
                    continue
                old = run[i:j]
                margin = None if len(set(old)) == 1 else self.accept(text, old, at + i, at + j)
                if margin is None:
                    continue
                new = self.transform(old)
                if not new or new == old:
                    continue
                if self.odd is chinese_odd and _still_odd(new):
                    continue  # a repair of Chinese text leaves no mojibake behind
                s_new, s_old = _score(new), _score(old)
                if s_new < MIN_SCORE:
                    continue
                if s_new - s_old < margin:
                    continue
                # the window that gains most in all, a little in favour of more Han: a
                # garbled edge character that happens to read as a common one belongs in it
                total = s_new * len(new) - s_old * len(old) + 0.1 * sum("\u3400" <= c <= "\u9fff" for c in old)
                if best is None or total > best[0]:
                    best = (total, i, j, new)
        return None if best is None else best[1:]


@lru_cache(maxsize=1)
def fixers() -> list[Fixer]:
    letters = "".join(c for c in map(chr, range(0xA1, 0x100)) if latin_odd(c))
    latin_odd_re = re.compile(f"[{letters}]")
    latin_pair = re.compile(f"[{letters}]{{2}}")

    def latin_gate(text: str) -> bool:
        return latin_pair.search(text) is not None

    def latin_window(text: str, window: str, i: int, j: int) -> float | None:
        # German and French letters stand one or two inside ASCII words (über, façade);
        # GBK read as Latin-1 makes runs of two bytes a character
        if not any(latin_odd(c) for c in window) or _is_utf8(window):
            return None  # UTF-8 read as Latin-1 is fix_utf8_runs's
        if len(window) < 4 and ((i > 0 and ASCII_LETTER.match(text[i - 1])) or (j < len(text) and ASCII_LETTER.match(text[j]))):
            return None
        return LATIN_MARGIN

    # runs of non-ASCII characters, with spaces, digits and ASCII punctuation inside them
    # (ASCII survives every codec here; 4月7日 as Big5 read as GBK is 4る7ら)
    utf8_triple = re.compile(rb"[\xe0-\xef][\x80-\xbf]{2}")

    def utf8_worth(cluster: str) -> bool:
        # UTF-8 read as GBK holds, in its GB18030 bytes, UTF-8's three-byte sequences
        try:
            return utf8_triple.search(cluster.replace("\ufffd", "").encode("gb18030")) is not None
        except UnicodeEncodeError:
            return False

    non_ascii = re.compile(r"[^\x00-\x7f\s]+(?:[ \d.,:;!?%~\-]+[^\x00-\x7f\s]+)*")
    latin_run = re.compile("[" + re.escape("".join(sorted(_latin_bytes()))) + "]{2,}")
    return [
        Fixer("gbk as latin-1", _gbk_as_latin, latin_run, latin_gate, latin_odd, latin_odd_re, 1, latin_window),
        Fixer("utf-8 as gbk", _utf8_as_gbk, non_ascii, None, worth=utf8_worth),
    ]


def _looks(text: str) -> tuple[bool, int, list[int]]:
    """One scan for what the fixers start from: (Latin-1 letters, how many odd
    characters, where the odd characters but U+FFFD and the swap marks are: the seeds of
    the Big5/GBK swaps)."""
    latin, odd, spots = False, 0, []
    for k, c in _suspects_in(text):
        if c <= "\xff":
            latin = True
        elif c in MEMORY:
            continue
        elif swap_mark(c) or c in _big5_symbols():
            spots.append(k)  # (a seed of the swaps, not odd: the other fixers' gates count those)
        else:
            odd += 1
            if c != "\ufffd":
                spots.append(k)
    return latin, odd, spots


#: a tool's escape for a byte it could not show: R's <89>, Python's \x89 (C1 bytes, or
#: any byte from 0x80 up), which Latin-1 mojibake of UTF-8 is full of
BYTE_ESCAPE = re.compile(r"<([89][0-9A-Fa-f])>|\\x([89a-fA-F][0-9a-fA-F])")


#: consecutive escapes: read as bytes only together, beside the garble they belong to
ESCAPE_GROUP = re.compile(f"(?:{BYTE_ESCAPE.pattern})+")


def _unescaped(text: str) -> str:
    """`text` with each byte escape read as the character Latin-1 reads that byte as,
    where the escapes touch a Latin-1 letter (`å<89>`, `ä¸\x89`): escapes standing
    alone (`“\xef\xbf\xbd”` in a text about bytes) are what they say."""

    def byte(m: re.Match) -> str:
        return chr(int(m.group(1) or m.group(2), 16))

    def group(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not ("\u00a0" <= before <= "\u00ff" or "\u00a0" <= after <= "\u00ff"):
            return m.group()
        return BYTE_ESCAPE.sub(byte, m.group())

    return ESCAPE_GROUP.sub(group, text)


def repair_text(text: str, suspect: bool | None = None, rare: list[int] | None = None, edges: tuple[str, str] = ("", ""), script: list[int] | None = None) -> tuple[str, list[str]]:
    """(repaired text, the kinds repaired, one entry per span). `suspect`: whether the
    caller already found something a fixer could start from (None: look); `rare`: the
    seeds `rare_spots` finds in `text`, where the caller has asked it (None: ask);
    `edges`: the last characters of the line before and the first of the line after,
    where a garble of UTF-8 read as GBK goes on over the line breaks (`Repair._across`);
    `script`: `_script_spots(text)`, where the caller knows it (None: ask; the gate's
    table tells a line without both scripts' characters, whose spots are none)."""
    if suspect is None:
        suspect = not text.isascii() and (_suspect(text) or bool(rare_spots(text)) or bool(_script_spots(text)))
    if not suspect:
        return text, []
    if ("<" in text or "\\x" in text) and BYTE_ESCAPE.search(text):
        # the escapes are bytes where reading them so repairs the line, and none is left
        new, kinds = _repair(_unescaped(text))
        if kinds and not any("\x80" <= c <= "\x9f" for c in new):
            return new, kinds
    return _repair(text, rare, edges, script)


@lru_cache(maxsize=1)
def _european_seq() -> re.Pattern:
    """UTF-8 sequences as Latin-1 or windows-1252 shows them (Ã¼ is ü, â€“ is –)."""
    cont = "".join(sorted(c for c, b in _latin_bytes().items() if 0x80 <= b <= 0xBF))
    cont = re.escape(cont)
    return re.compile(f"(?:[\xc2-\xdf][{cont}]|[\xe0-\xef][{cont}]{{2}}|[\xf0-\xf4][{cont}]{{3}})+")


def _european_char(c: str) -> bool:
    """What UTF-8 read as Latin-1 in European text was: Latin, Greek and Cyrillic letters
    and signs (U+00A0-U+04FF, no C1 controls), general punctuation, the euro and ™."""
    return "\xa0" <= c <= "\u04ff" or "\u2010" <= c <= "\u205f" or c in "\u20ac\u2122"


def fix_european(text: str) -> tuple[str, int]:
    """UTF-8 read as Latin-1/windows-1252 in text that is not Chinese (GrÃ¼ÃŸe is Grüße);
    (new text, sequences repaired). The line holds no Han, every sequence decodes to
    European letters or punctuation, each touches an ASCII letter or is punctuation
    (â€“ is –: mojibake of Chinese read as GBK makes sequences amid Latin-1 letters),
    and what is left holds no C1 control and no more of them."""
    if _han_or_mark().search(text):
        return text, 0
    table = _latin_bytes()
    out, pos, n, words, alone = [], 0, 0, 0, 0
    for m in _european_seq().finditer(text):
        try:
            new = bytes(table[c] for c in m.group()).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            return text, 0
        if not all(map(_european_char, new)):
            return text, 0
        a, b = m.span()
        before, after = text[a - 1 : a], text[b : b + 1]
        if ASCII_LETTER.match(before) or ASCII_LETTER.match(after):
            words += 1  # in a word: GrÃ¼ÃŸe
        elif not (before.isalpha() or after.isalpha()):
            # a mark (â€“ is –), or a word of its own (Ã\xa0 is à) where others are in words
            alone += any(c.isalpha() for c in new)
        else:
            return text, 0  # amid Latin-1 letters: Chinese read as GBK makes those
        out += [text[pos:a], new]
        pos = b
        n += 1
    if not n or (alone and not words):
        return text, 0
    out.append(text[pos:])
    new = "".join(out)
    if any("\x80" <= c <= "\x9f" for c in new) or UTF8_AS_LATIN.search(new):
        return text, 0
    return new, n


@lru_cache(maxsize=1)
def _han_or_mark() -> re.Pattern:
    return re.compile("[\u3000-\u9fff\uff01-\uff5e]")  # on first use: 2 ms of start-up


AGAIN = 2  # times, at most, a line with lost bytes is repaired again after a repair


def _repair(text: str, rare: list[int] | None = None, edges: tuple[str, str] = ("", ""), script: list[int] | None = None) -> tuple[str, list[str]]:
    """`repair_text` once the escapes are read; `rare`: `rare_spots(text)`, if known. A
    line with U+FFFD that a repair changed is repaired again (AGAIN times at most) until
    it stays as it is: a lost byte's reading can leave a piece of the garble beside it
    that reads as garble on its own (紅樹れ和土壤, れ read as 木 once 和土壤 is), and one pass
    is final. Spaces at the end of the line are no part of what is read: tidy strips
    them, and the next run would read the line without them (我是着巧克力北摆 , 摆 read as
    啊 only at the line's end)."""
    body = text.rstrip(" \t")  # (not NBSP or NEL: bytes of UTF-8 read as Latin-1)
    if len(body) < len(text) and body:
        new, kinds = _repair(body, rare, edges, script)  # (`rare`, `script`: positions of `body`, a prefix)
        return new + text[len(body):], kinds
    new, kinds = _repair_once(text, rare, edges, script)
    if kinds and "\ufffd" in text:
        for _ in range(AGAIN):
            again, more = _repair_once(new, edges=edges)
            if again == new:
                break
            new = again
            kinds += [k for k in more if k not in kinds[-1:]]
    return new, kinds


def _repair_once(text: str, rare: list[int] | None = None, edges: tuple[str, str] = ("", ""), script: list[int] | None = None) -> tuple[str, list[str]]:
    """`_repair` once."""
    kinds: list[str] = []
    latin, odd, spots = _looks(text)
    if latin and UTF8_AS_LATIN.search(text):
        # European text read as Latin-1 first: its sequences read as GBK would make Han
        # amid Latin words (Z眉rich)
        new, n = fix_european(text)
        if n:
            text = new
            kinds += ["utf-8 as latin-1"] * n
            latin, odd, spots = _looks(text)
    if latin:
        # UTF-8 and GBK read as Latin-1 both tried on the line; the more plausible first
        tries = [(fix_utf8_runs(text, latin=True) if UTF8_AS_LATIN.search(text) else (text, 0), "utf-8 as latin-1", True), (fix_gbk_runs(text), "gbk as latin-1", False)]
        tries.sort(key=lambda t: _score(t[0][0]) if t[0][1] else -9.0, reverse=True)
        changed = False
        for k, ((new, n), kind, as_utf8) in enumerate(tries):
            if k and changed:  # the second on what the first left (as it was: as tried)
                new, n = fix_utf8_runs(text, latin=True) if as_utf8 else fix_gbk_runs(text)
            if n:
                changed = True
                text = new
                kinds += [kind] * n
                latin, odd, spots = _looks(text)
            if not latin:
                break
    if odd:
        new, n = fix_utf8_runs(text, edges=edges)
        if not n:
            new, n = fix_lost_pair(text)
        if n:
            text = new
            kinds += ["utf-8 as gbk"] * n
            latin, odd, spots = _looks(text)
    for fixer in fixers():
        # Latin mojibake needs a pair of Latin-1 letters (its gate); the Chinese kinds two
        # odd characters, which the scan has counted
        if not (latin and fixer.gate(text) if fixer.gate is not None else odd >= 2):
            continue
        new, n = fixer.fix(text)
        if n:
            text = new
            kinds += [fixer.kind] * n
            latin, odd, spots = _looks(text)
    if rare is None or kinds:  # (the text is as it came while nothing is repaired)
        rare = rare_spots(text)
    if script is None or kinds:
        script = _script_spots(text)
    before = text
    garbled = (spots and _swap_signs(text, spots, latin)) or rare or script
    if garbled:
        from .swaps import fix_swaps

        text, kind = fix_swaps(text, sorted(set(spots) | set(rare)), latin, script_seeds=script)
        if kind:
            kinds.append(kind)
            latin, odd, spots = _looks(text)
    if "\ufffd" in before and not (latin and UTF8_AS_LATIN.search(before)):
        # Big5 and GBK read as each other with bytes lost, read again byte by byte: where that reads
        # better than what the swaps made of the line (judged garbled, or garble beside
        # a lost byte)
        from . import lossy

        got = lossy.better(before, text) if garbled or lossy.suspect(before) else None
        if got is not None:
            text, kind = got
            if kind not in kinds[-1:]:
                kinds.append(kind)
    return text, kinds


# A garble of Big5 and GBK read as each other can be made of characters the frequency
# table knows (腔蚚 for 的用): no odd character to start from. Its characters are mostly
# rare ones whose other reading is common (swaps.swap_gains), which clean text's seldom
# are two in a row: such a pair is what the scan looks for, and the run around it is
# then judged by the pair model, swapped and as it is.
RARE_SIGN = 2.5  # two neighbours, each with another reading this much commoner (nats)
#: ... or one whose other reading is this much commoner beside one of RARE_BESIDE: a
#: garble of shared characters that hold few rare ones (飲竭炰辣 is 都很喜欢, 炰 of 7.6
#: beside 竭 of 2.1 and 辣 of 1.4; 弊模 is 国家, 5.7 and 2.1)
RARE_STRONG = 5.0
RARE_BESIDE = 1.0
RARE_PAIRS = 3.0  # the run swapped reads this much better by its pairs (with its neighbours)
RARE_CHARS = 3.0  # ... and by its characters (log P, summed)
RARE_FLOOR = -13.5  # ... and none of its characters swapped is rarer than this (log P)


def _han_class(chars: Iterable[str]) -> str:
    """The inside of a regex class of `chars` (Han), as ranges of code points, each
    written as the characters themselves, not \\u escapes: the regex parser reads those
    far faster."""
    ranges: list[list[int]] = []
    for o in sorted(map(ord, chars)):
        if ranges and o == ranges[-1][1] + 1:
            ranges[-1][1] = o
        else:
            ranges.append([o, o])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


@lru_cache(maxsize=1)
def rare_pairs() -> re.Pattern:
    """Two neighbours whose other readings are commoner by RARE_SIGN, or one by
    RARE_STRONG beside one by RARE_BESIDE (`_rare_pair`): a class, which the engine
    skips to by a table, as for `suspects`, and the next character's class by the first's."""
    global _rare_search
    from . import charclass

    c = _gate_classes()  # the characters of gain above RARE_SIGN, RARE_STRONG, RARE_BESIDE
    pattern = charclass.compile("{beside}(?:(?<={sign}){sign}|(?<={strong}){beside}|{strong})", beside=c["rare_beside"], sign=c["rare_sign"], strong=c["rare_strong"])
    _rare_search = pattern.search
    return pattern


#: `rare_pairs().search`, once the pattern is compiled (None before: see `_rare_starts`)
_rare_search: Callable | None = None


def _rare_starts(text: str) -> list[int]:
    """Where `rare_pairs` matches: by the pattern once it is compiled (or for a long
    text), else character by character (`_rare_starts_by_chars`), as `_suspect` looks."""
    search = _rare_search
    if search is None:
        if len(text) <= START_UP:
            return _rare_starts_by_chars(text)
        search = rare_pairs().search
    m = search(text)
    if m is None:
        return []  # most lines: one search
    found = []
    while m is not None:
        found.append(m.start())
        m = search(text, m.end())
    return found


def _rare_starts_by_chars(text: str) -> list[int]:
    """`_rare_starts` a character at a time, by the gains' table: start-up does not pay
    for compiling the pattern."""
    get = _swaps.swap_gains().get
    found, prev = [], 0.0
    for k, c in enumerate(text):
        g = get(c, 0.0)
        if g > RARE_BESIDE and prev > RARE_BESIDE and _rare_pair(prev, g):
            found.append(k - 1)
            g = 0.0  # as the pattern's matches, a pair found is not the first of the next
        prev = g
    return found


def _rare_pair(a: float, b: float) -> bool:
    """Whether two neighbours of gains `a` and `b` are the rare-run sign (`rare_pairs`)."""
    return a > RARE_SIGN and b > RARE_SIGN or min(a, b) > RARE_BESIDE and max(a, b) > RARE_STRONG


def rare_spots(text: str) -> list[int]:
    """Seeds for the Big5/GBK swaps where the scan finds no odd character: the runs
    around each `rare_pairs` match (and the characters on either side whose other
    reading is commoner at all) that `_rare_run` takes."""
    starts = _rare_starts(text)
    if not starts:
        return []  # most lines: one search, and nothing else asked
    get = _swaps.swap_gains().get
    n = len(text)
    spots: list[int] = []
    done = 0
    for k in starts:
        if k < done:
            continue
        a, b = k, k + 2
        while a > done and get(text[a - 1], 0.0) > 0:
            a -= 1
        while b < n and get(text[b], 0.0) > 0:
            b += 1
        done = b
        if _rare_run(text[a - 1 : a], text[a:b], text[b : b + 1]):
            spots += range(a, b)
    return spots


@lru_cache(maxsize=65536)
def _rare_run(left: str, run: str, right: str) -> bool:
    """Whether one direction of the swaps makes `run` (between `left` and `right`, each
    a character or empty) into known characters, none rarer than RARE_FLOOR, that make
    a pair real text uses (the pair model counts it) with each other or a neighbour, are
    more plausible by RARE_CHARS and whose pairs, with the neighbours, read better by
    RARE_PAIRS (the pair model). A rare name in clean text (萇弘, 儋翩) reads the other
    way as rarer characters, or as pairs no better. (Clean text meets the same names
    again and again: the answers are kept.) The directions of the Big5 variants are
    tried only where they read the run differently."""
    pair_model, BIG5_VARIANTS, _logp, directions, pair_gain, variant_chars = _plausibility.pair_model, _swaps.BIG5_VARIANTS, _swaps._logp, _swaps.directions, _swaps.pair_gain, _swaps.variant_chars

    tried = set()
    base = None
    variants = not variant_chars().isdisjoint(run)
    for swap in directions():
        if not variants and BIG5_VARIANTS.index(swap.write if swap.read == "gbk" else swap.read):
            continue  # the variants read this run alike: the first one says it all (as fix_swaps)
        readings = _known_reading(swap, run)
        if readings is None or readings in tried:
            continue
        tried.add(readings)
        new = left + readings + right
        count = pair_model().count
        if not any(count(x, y) for x, y in zip(new, new[1:])):
            continue
        logps = list(map(_logp, readings))
        if min(logps) < RARE_FLOOR:
            continue
        if base is None:
            base = sum(map(_logp, run))
        if sum(logps) - base >= RARE_CHARS and pair_gain(left + run + right, new) >= RARE_PAIRS:
            return True
    return False


def _known_reading(swap, run: str) -> str | None:
    """`run` read the other way by `swap`, if each character reads as one the frequency
    table knows (looked at a character at a time: most runs fail at their first)."""
    known = _known_han()
    out = []
    for c in run:
        x = swap.alt(c)
        if x not in known:  # None, or not one known character
            return None
        out.append(x)
    return "".join(out)


def _script_spots(text: str) -> list[int]:
    """Characters of the wrong script for their line, GBK read as Big5 (`swaps.script_spots`)."""
    return _swaps.script_spots(text)


#: a short garble (swaps._lone): at most this many characters, holding every seed
LONE_SPAN = 3


@lru_cache(maxsize=1)
def _directions() -> tuple:
    """`swaps.directions()`, without an import statement run at each of the gate's looks."""
    from .swaps import directions

    return directions()


@lru_cache(maxsize=65536)
def _other_readings(c: str) -> tuple[str | None, ...]:
    """`c`'s other reading in each direction of the Big5/GBK swaps (`swaps.directions`),
    or None."""
    return tuple(swap.alt(c) for swap in _directions())


@lru_cache(maxsize=65536)
def _known_readings(c: str) -> tuple[str | None, ...]:
    """`_other_readings(c)`, each kept where it is one Han character the frequency table
    knows (what a short garble's characters are swapped to, `swaps._lone_gain`), else None."""
    return tuple(map(_known_one, _other_readings(c)))


def _known_one(x: str | None) -> str | None:
    return x if x and len(x) == 1 and "\u3400" <= x <= "\u9fff" and not chinese_odd(x) else None


@lru_cache(maxsize=1)
def _known_alts() -> tuple[dict[str, str | None], ...]:
    """For each direction of `_directions()`, a character -> its reading in it where that
    is Han the frequency table knows, else None (`_known_one(swap.alt(c))`), filled as
    characters are met: `_lone_signs` looks up a few characters around each seed in six
    directions, a dict's lookup each."""
    return tuple({} for _ in _directions())


@lru_cache(maxsize=65536)
def _follows(c: str) -> str:
    """The characters that follow `c` in a pair real text uses (a string): the pairs are
    looked up here by the ten thousand on clean text, each a search in C. Both characters
    of such a pair are ones the frequency table knows (tests/test_repair_gate.py checks
    it): the other readings of clean characters, most of them rare, are not searched for."""
    return _plausibility.bigrams().after(c) if c in _known_han() else ""


def _swap_signs(text: str, spots: list[int], latin: bool = True) -> bool:
    """Whether a Big5/GBK swap could start from the seeds (`latin`: whether the text holds
    Latin-1 letters, as `swaps.fix_swaps` is told): a lost byte (a garble read out of
    step), or, in one direction of the swaps, the evidence the swaps start from:

    - a seed `Swap.likely` takes, once the kana of Japanese text are left out as the
      swaps leave them: its other reading is Han and makes a pair real text uses with the
      other reading of a neighbour (for a seed that is neither Han nor kana, with the
      neighbour itself: the edge of a garble meets clean text), or the seed is a swap
      mark, private use or a presentation form whose other reading is not Han (what
      punctuation turns into); the best path's windows are made of those seeds alone;
    - a short garble `swaps._lone` could swap: the line's seeds (two at most) inside a
      piece of at most LONE_SPAN characters whose every character reads as another one
      the frequency table knows, a pair real text uses among the piece as swapped and its
      neighbours, and a neighbour that is not Han when the piece is longer than one.

    Nor can the swaps start where UTF-8 read as Latin-1 is left in the text. A rare Han
    character in clean text (a name in a classical text), or a Japanese word in Chinese
    text, without either is passed by: the swaps could not change its line
    (tests/test_repair_gate.py checks it)."""
    if latin and UTF8_AS_LATIN.search(text):
        return False
    if "\ufffd" in text:
        return True
    if any("\u3040" <= text[p] <= "\u30ff" for p in spots) and _swaps.japanese(text):
        spots = [p for p in spots if not "\u3040" <= text[p] <= "\u30ff"]  # (`swaps._without_japanese_kana`)
    if not spots:
        return False
    n = len(text)
    if any("\ue000" <= text[p] <= "\ue765" or "\u3040" <= text[p] <= "\u30ff" and p and "0" <= text[p - 1] <= "9" or _han_alone(text, p) for p in spots):
        # a date Big5 read as GBK made kana of (3る is 3月), or a character of it alone
        # (用很\ue6d4 is 用很好, 64%砯 64%貨)
        from .swaps import number_kana

        if number_kana(text):
            return True
    for p in spots:
        if _seed_signs(text[p - 1] if p else "", text[p], text[p + 1] if p + 1 < n else ""):
            return True
    if any(_swaps.amid_symbol(text, p) for p in spots):
        return True  # a symbol of GBK's rows beside Han, Big5's common Han (`swaps.amid_symbol`)
    first, last = spots[0], spots[-1]
    if len(spots) > 2 or last - first > LONE_SPAN - 1:
        return False
    # what the pieces tried hold, and their neighbours
    lo = max(0, last - LONE_SPAN)
    if _lone_signs(text[lo : first + LONE_SPAN + 1], tuple(p - lo for p in spots)):
        return True
    # ... and the Han past a number or short ASCII word cut in beside them (家1182畑,
    # `swaps._lone` makes its pairs so)
    a = _swaps._han_past(text, first - 1, -1) if first else None
    b = _swaps._han_past(text, last + 1, 1) if last + 1 < n else None
    if a is None and b is None:
        return False
    cut = text[: a + 1 if a is not None else first] + text[first : last + 1] + text[b if b is not None else last + 1 :]
    shift = first - (a + 1 if a is not None else first)
    spots = [p - shift for p in spots]
    first, last = spots[0], spots[-1]
    lo = max(0, last - LONE_SPAN)
    return _lone_signs(cut[lo : first + LONE_SPAN + 1], tuple(p - lo for p in spots))


def _han_alone(text: str, p: int) -> bool:
    """Whether text[p] is Han between printable ASCII (or the line's edges)."""
    return "\u3400" <= text[p] <= "\u9fff" and (not p or "!" <= text[p - 1] <= "~") and (p + 1 == len(text) or "!" <= text[p + 1] <= "~")


# The two looks of the gate are asked of a seed and its neighbours, and of the few
# characters around a short garble: clean text asks them again and again of the same
# rare names (a classical text's), so their answers are kept.


@lru_cache(maxsize=65536)
def _seed_signs(left: str, c: str, right: str) -> bool:
    """Whether `Swap.likely` takes seed `c` between `left` and `right` (each a character,
    or empty at an end of the line) in one direction of the swaps at least."""
    follows = _follows
    known = _known_han()
    # a seed of Big5 read as GBK without a known pair (`swaps.big5_seed`): a user-defined
    # pair's reading, or odd Han beside odd Han (asked only then: a rare name's character
    # stands between known ones)
    if "\ue000" <= c <= "\ue765" or "\u3400" <= c <= "\u9fff" and c not in known and ("\u3400" <= left <= "\u9fff" and left not in known or "\u3400" <= right <= "\u9fff" and right not in known):
        if _swaps.big5_seed(left + c + right, len(left)):
            return True
    han = "\u3400" <= c <= "\u9fff"
    edge = not han and not "\u3040" <= c <= "\u30ff"  # nor kana (齐高无ぶ in old texts)
    for swap, a in zip(_directions(), _other_readings(c)):
        if a is None:
            continue
        if not "\u3400" <= a[0] <= "\u9fff":
            if not han and (swap_mark(c) or "\ufe10" <= c <= "\ufe6f" or "\ue000" <= c <= "\uf8ff"):
                return True
            continue
        # a pair real text uses is of characters the frequency table knows: a neighbour
        # is read the other way only where the reading's character on its side is one,
        # and only in this direction (`Swap.alt` keeps what it has read)
        if left and a[0] in known and ((b := swap.alt(left)) is not None and a[0] in follows(b[-1]) or edge and a[0] in follows(left)):
            return True
        if right and a[-1] in known and ((b := swap.alt(right)) is not None and b[0] in follows(a[-1]) or edge and right in follows(a[-1])):
            return True
    return False


@lru_cache(maxsize=65536)
def _lone_signs(text: str, spots: tuple[int, ...]) -> bool:
    """Whether `swaps._lone` could swap a piece of `text` holding the seeds at `spots`
    (two at most, within LONE_SPAN characters; `text`: the characters the pieces and
    their neighbours can be, from the line's start or end where they reach it).

    A piece is text[i:j] read the other way, i <= first seed, j > last seed, j - i <=
    LONE_SPAN, every character of it reading as known Han; it counts where a pair real
    text uses stands among its left neighbour, its characters as swapped and its right
    neighbour (a piece longer than one not between two Han characters). Each such pair
    is asked once for all the pieces that hold it: the pair a position makes with the
    next as swapped, a left neighbour's with a piece's first character, a last
    character's with its right neighbour. Directions that read these characters alike
    (the Big5 variants, for most characters) are asked once."""
    follows = _follows
    n = len(text)
    first, last = spots[0], spots[-1]
    lo, hi = max(0, last - LONE_SPAN + 1), min(n, first + LONE_SPAN)  # what the pieces can hold
    window = text[lo:hi]

    def joined(x: str, y: str | None) -> bool:
        return y is not None and "\u3400" <= x <= "\u9fff" and y in follows(x)

    asked = set()
    seeds = window[first - lo : last + 1 - lo]
    for swap, known in zip(_directions(), _known_alts()):
        # the characters read in this direction only (each piece holds the seeds and all
        # between them, which must all read as known Han): the seeds first
        for c in seeds:
            if c not in known:
                known[c] = _known_one(swap.alt(c))
        if None in map(known.get, seeds):
            continue
        for c in window:
            if c not in known:
                known[c] = _known_one(swap.alt(c))
        alts = tuple(map(known.__getitem__, window))
        if alts in asked:
            continue
        asked.add(alts)
        # inner[k]: text[k] and text[k + 1], both swapped, make a pair
        inner = [a is not None and joined(a, b) for a, b in zip(alts, alts[1:])]
        for i in range(lo, first + 1):
            if None in alts[i - lo : first - lo]:
                continue
            left = text[i - 1] if i else ""
            left_pair = bool(left) and joined(left, alts[i - lo])
            for j in range(last + 1, min(n, i + LONE_SPAN) + 1):
                if None in alts[last + 1 - lo : j - lo]:
                    break  # (a longer piece holds the same character)
                right = text[j] if j < n else ""
                if j - i > 1 and "\u3400" <= left <= "\u9fff" and "\u3400" <= right <= "\u9fff":
                    continue
                if left_pair or any(inner[i - lo : j - 1 - lo]) or ("\u3400" <= right <= "\u9fff" and joined(alts[j - 1 - lo], right)):
                    return True
    return False


LATIN_KINDS = frozenset(("gbk as latin-1", "utf-8 as latin-1"))
LATIN_LETTER = re.compile("[\xa1-\xff]")


def _lone_rare(text: str, flags: int = GATE_PAIR | GATE_SCRIPTS_BOTH) -> tuple[bool, list[int] | None]:
    """Whether `text`, a suspect line, is one repair leaves as it is, noting nothing, on
    the short way, and its `rare_spots` where they were asked (else None): its only
    suspects are Han the frequency table does not know (a classical text's rare names),
    each more than CLUSTER_GAP from the next, and it holds no Latin-1 letter or sign and
    no byte escape. Then the Latin kinds and the escapes are not tried, the fixer of
    UTF-8 read as GBK finds no cluster of two, and what `_repair` would still try is
    asked here in its order: the runs of UTF-8 read as GBK (`fix_utf8_runs`, then
    `fix_lost_pair`), the
    rare-run sign, the swaps' gate (`_swap_signs`), the script's sign (`_script_spots`). Whatever else a line holds goes the
    whole way (`_look`); tests/test_repair_gate.py checks that the short way decides as
    the whole way does. `flags`: the line's `gate_flags` where the table read it: without
    GATE_PAIR its rare-run sign is none, without both scripts its script's sign."""
    if LATIN_LETTER.search(text) or (("<" in text or "\\x" in text) and BYTE_ESCAPE.search(text)):
        return False, None
    spots: list[int] = []
    for k, c in _suspects_in(text):
        if not "\u3400" <= c <= "\u9fff" or c in MEMORY or (spots and k - spots[-1] <= CLUSTER_GAP):
            return False, None
        spots.append(k)
    if not spots or fix_utf8_runs(text)[1] or fix_lost_pair(text)[1]:
        return False, None
    rare = rare_spots(text) if flags & GATE_PAIR else []
    return not rare and not _swap_signs(text, spots, False) and not (flags & GATE_SCRIPTS_BOTH == GATE_SCRIPTS_BOTH and _script_spots(text)), rare


#: what may follow a '&' and a '#' where `entities.QUICK` matches (the first of a reference)
AMP_NEXT = frozenset("#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
HASH_NEXT = frozenset("xX0123456789")
#: the '&' and '#' of a line looked at one by one, at most: past them the pattern answers
REFERENCE_LOOKS = 16


def _may_reference(text: str) -> bool:
    """Whether `entities.QUICK` can match in `text`: a '&' before '#' or an ASCII letter,
    or a '#' before 'x', 'X' or a digit, found by str.find (a memchr each), not by the
    pattern, which tries its class at every character of the line (a hashtag, a URL's
    '&' are most lines with either). False only where `entities.decode` leaves the line
    as it is (tests/test_repair_gate.py checks it)."""
    n, looks = len(text), 0
    for c, after in (("&", AMP_NEXT), ("#", HASH_NEXT)):
        i = text.find(c)
        while i >= 0:
            if i + 1 < n and text[i + 1] in after:
                return True
            looks += 1
            if looks > REFERENCE_LOOKS:
                return True  # (the pattern decides)
            i = text.find(c, i + 1)
    return False


class Repair(Stage):
    name = "repair"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.drop_garbled = options.drop_garbled
        #: id of a line the swaps changed -> its text before, until `swaps.across_breaks` passes it
        self.before_swaps: dict[int, str] = {}
        #: id of a line repaired as UTF-8 read as GBK -> its text before, until `_across` passes it
        self.before_utf8: dict[int, str] = {}

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        from .swaps import across_breaks  # a garble wrapped over a line break

        return across_breaks(self._across(self._lines(lines)), self)

    def _across(self, lines: Iterable[Line]) -> Iterator[Line]:
        """The lines, each repaired as UTF-8 read as GBK held until the next comes: where
        both were, the first's repair changed its last character and the second's its
        first (a paragraph wrapped inside the garble), a character each side of the break
        that holds a lost byte is chosen again with the other line's characters beside it,
        not LINE_END or nothing (这 / 涓� is 这 / 个, not 这 / 中): each line is repaired
        again with the other's characters at its edge."""
        held = None  # a line repaired as UTF-8 read as GBK, its text before, the line before's edge
        before = self.before_utf8
        for line in lines:
            old = before.pop(id(line), None) if before else None
            left = ""
            if held is not None:
                first, was, edge = held
                if old is not None and was.rstrip(" \t")[-1:] != first.text.rstrip(" \t")[-1:] and old[:1] != line.text[:1]:
                    self._again(first, was, (edge, line.text[:SETTLE_WINDOW]))
                    left = first.text[-SETTLE_WINDOW:]
                    self._again(line, old, (left, ""))
                yield first
                held = None
            if old is not None:
                held = (line, old, left)
                continue
            yield line
        if held is not None:
            yield held[0]

    def _again(self, line: Line, old: str, edges: tuple[str, str]) -> None:
        """`line`, repaired from `old` as UTF-8 read as GBK, repaired again with `edges`
        beside it (`_across`)."""
        new, kinds = repair_text(old, True, edges=edges)
        if "utf-8 as gbk" in kinds and new != line.text:
            self.note(line, line.text, new, "utf-8 as gbk", 0)  # (its span counted once)
            line.text = new

    def _lines(self, lines: Iterable[Line]) -> Iterator[Line]:
        """Each line looked at with one scan (`suspects`); only lines it finds something in
        go to the fixers. Lines of unrecoverable garbage are counted, or dropped. A line of
        Latin-1 letters left alone beside one repaired as Latin-1 mojibake is judged again
        with it (`_beside`)."""
        self._latin: dict[int, tuple[bool, str]] = {}
        held = None  # a line that may be judged with the next one
        for line in self._each(lines):
            got = self._latin.pop(id(line), None) if self._latin else None
            if held is not None:
                if got is not None and held[1][0] != got[0]:
                    self._beside(held, (line, got))
                yield held[0]
                held = None
            if got is None:
                yield line
            else:
                held = (line, got)
        if held is not None:
            yield held[0]

    def _each(self, lines: Iterable[Line]) -> Iterator[Line]:
        from .swaps import script_spots

        lines = iter(lines)
        seen = 0  # start-up: the first lines, character by character
        for line in lines:
            text = line.text
            if "&" in text or "#" in text:
                text = self._references(line, text)
            keep = True
            if not text.isascii():
                seen += len(text)
                if _suspect(text) or _traditional_garbage(text):
                    keep = self._look(line, text)
                elif spots := rare_spots(text):
                    keep = self._look(line, text, spots)
                elif script_spots(text):
                    keep = self._look(line, text, [])
            if keep:
                yield line
            if seen > START_UP or suspects.cache_info().currsize or rare_pairs.cache_info().currsize:
                break
        else:
            return  # a short input: the pattern never compiled
        search = suspects().search
        rare = rare_pairs().search
        look = self._look
        script = 0  # the gate for Traditional lines first (`gate`)
        gates = [gate(0).search, None]
        for batch, got in _flagged(lines):
            for line, flags in zip(batch, got if got is not None else repeat(None)):
                text = line.text
                if ("&" in text or "#" in text) and _may_reference(text):
                    new = self._references(line, text)
                    if new != text:
                        text, flags = new, None  # (the bits were the text's before)
                if text.isascii():
                    yield line
                    continue
                if flags is None:
                    # the gate's pattern, its answers made the table's bits (`gate_flags`)
                    m = gates[script](text)
                    if m is None:
                        yield line  # most clean lines: one scan
                        continue
                    if len(m.group()) == 1 and search(m.group()) is None:
                        # a character of the gate's script: the lines may be of the other one
                        script = 1 - script
                        if gates[script] is None:
                            gates[script] = gate(script).search
                    if search(text) is not None:
                        flags = GATE_ODD | GATE_PAIR | GATE_SCRIPTS_BOTH  # (what else it holds: not asked)
                    else:  # (the rare-run sign asked once, here; the scripts by `script_spots`)
                        flags = GATE_MARK | GATE_SCRIPTS_BOTH | (GATE_PAIR if rare(text) is not None else 0)
                # the branches by the bits of the line's characters, each scan they ask
                # answered by the bits where it can be
                if flags & GATE_ODD or flags & GATE_MARK and _traditional_garbage(text):
                    if look(line, text, None, flags):  # a suspect, or a Traditional mark of garbage
                        yield line
                elif flags & GATE_PAIR and (spots := rare_spots(text)):
                    if look(line, text, spots, flags):
                        yield line
                elif flags & GATE_SCRIPTS_BOTH != GATE_SCRIPTS_BOTH or not script_spots(text) or look(line, text, []):
                    yield line  # most clean lines (`script_spots` needs both scripts)

    def _references(self, line: Line, text: str) -> str:
        """HTML character references decoded (entities.py), before convert sees the line."""
        new, n = entities.decode(text)
        if n:
            self.note(line, text, new, "html references decoded", n)
            line.text = new
        return new

    def _look(self, line: Line, text: str, rare: list[int] | None = None, flags: int = GATE_PAIR | GATE_SCRIPTS_BOTH) -> bool:
        """Repair a suspect line; False when it is to be dropped (unrecoverable garbage).
        `rare`: the line's `rare_spots`, if asked already. Most suspect lines of clean
        text hold rare Han and nothing else a fixer could take (`_lone_rare`): passed by
        without the language look and the fixers' own scans. (The rare-run sign is asked
        where `_repair` asks it, after the runs of UTF-8: asked before them, what it
        leaves in the heap raised the peak memory of a 50 MB line by 8 MB.) `flags`: the
        line's `gate_flags`, where the table read it (else what any line may hold): a line
        without GATE_PAIR has no rare-run sign, one without both scripts' characters no
        script's sign, and neither is asked."""
        if rare is None:
            passed, rare = _lone_rare(text, flags)
            if passed and not _traditional_garbage(text):
                return True
            if rare is None and not flags & GATE_PAIR:
                rare = []
        if foreign(text):  # Japanese and Korean are left alone (lang.py)
            return True
        script = None if flags & GATE_SCRIPTS_BOTH == GATE_SCRIPTS_BOTH else []
        new, kinds = repair_text(text, True, rare, script=script)
        if not line.cont and type(line) is Line:
            if kinds and LATIN_KINDS.issuperset(kinds):
                self._latin[id(line)] = (True, text)  # repaired as Latin-1 mojibake
            elif not kinds and LATIN_LETTER.search(text):
                self._latin[id(line)] = (False, text)  # Latin-1 letters left alone
        if kinds:
            for kind in set(kinds):
                self.note(line, text, new, kind, kinds.count(kind))
            if "big5 as gbk" in kinds or "gbk as big5" in kinds:
                self.before_swaps[id(line)] = text  # for `swaps.across_breaks`
            line.text = new
        # 锟, 烫 and 屯 make a line suspect, the Traditional marks whole; 斤拷 ends 锟斤拷 and 錕斤拷
        keep = not ("斤拷" in new or "烫烫烫烫" in new or "燙燙燙燙" in new or "屯屯屯屯" in new) or self._garbled_ok(line)
        if keep and "utf-8 as gbk" in kinds and not line.cont and type(line) is Line:
            self.before_utf8[id(line)] = text  # its text before, for `_across`
        return keep

    def _beside(self, a: tuple, b: tuple) -> None:
        """Two neighbouring lines, one repaired as Latin-1 mojibake and one of Latin-1
        letters left alone: a garbled run broken by the line break (`ÄÑ` then a line of
        GBK read as Latin-1: 难 is C4 D1) is judged as one run, with its neighbour's
        evidence. The line left alone takes its part of the repair of both lines joined,
        when that repair is of the Latin kinds only and gives the repaired line what it
        got on its own."""
        (first, (_, old_a)), (second, (_, old_b)) = a, b
        joined, kinds = repair_text(old_a + "\n" + old_b)
        parts = joined.split("\n")
        if not kinds or not LATIN_KINDS.issuperset(kinds) or len(parts) != 2:
            return
        for line, old, new, other, other_new in ((first, old_a, parts[0], second, parts[1]), (second, old_b, parts[1], first, parts[0])):
            if line.text == old and new != old and other.text == other_new:
                kind = kinds[0]
                self.note(line, old, new, kind)
                line.text = new

    def _garbled_ok(self, line: Line) -> bool:
        """Count unrecoverable garbage (GARBLED); False when the line is to be dropped for it."""
        text = line.text
        found = GARBLED.findall(text)
        if not found:
            return True
        if self.drop_garbled:
            self.note(line, text, None, "garbled lines dropped")
            return False
        self.counts["unrecoverable garbage kept"] += len(found)
        return True
