"""Build src/zhnorm/data/swap_gains.tsv: how much commoner each Han character's other
reading is, when Big5 and GBK are read as each other.

A garble of Big5 read as GBK, or of GBK read as Big5, is made of real characters, and
often of characters the frequency table knows (腔 is 的 read the other way, 蚚 is 用,
燴 is 理): nothing in it is odd. What marks it is that its characters are mostly rare in
running text while what they read as the other way is common, where clean text's
characters read the other way as rarer ones. For each character of U+3400-U+9FFF this
table holds, in nats, the best over the swap directions (`zhnorm.swaps.directions`: each
Big5 variant, both ways) of log(count of its other reading / its own count), the counts
being data/charfreq.tsv's (jieba's word list; a character it lacks counts 1), where that
is above 0 and the other reading is one Han character the table knows. Repair's scan
looks a line up in it a character at a time (repair.py, `rare_spots`), and the swaps
count what a span swaps away by it (swaps.py, `Span.rare`).

It also builds src/zhnorm/data/gate_classes.tsv: the classes repair's scans are
compiled from, as ranges of code points (repair.py, `_han_class`), so that no run works
them out of the tables character by character (0.01 s of every run that repairs), each
with the bitmap of its characters (`zhnorm.charclass.Class`: its patterns are compiled
from it, not parsed): `unknown_han`, the characters of U+3400-U+9FFF data/charfreq.tsv
does not know (what `suspects` finds among Han), `rare_sign`, those whose other reading is commoner by
more than repair's RARE_SIGN (what `rare_pairs` looks for two of in a row),
`rare_strong`, those commoner by more than RARE_STRONG, and `rare_beside`, by more than
RARE_BESIDE (`rare_pairs` also looks for one of each side by side),
`traditional_only` and `simplified_only`, the Han of data/script_chars.tsv's two
classes (`zhnorm.swaps.script_chars`: what `swaps.script_only` looks for, on every line
that repairs; run this again when that file changes), three classes of what the
GB18030 codec reads UTF-8's bytes as (`utf8_starts`: where a run of UTF-8 read as GBK
can start, `repair.utf8_start_at_char`), and `big5_symbols`, the symbols of GBK's row
A9 that read as Big5's common Han (`big5_symbols`: ┮ is 所, ㎝ 和); and
src/zhnorm/data/variant_chars.txt, the characters of a byte pair the Big5 variants read
differently, as each of them and as GBK reads it (`zhnorm.swaps.variant_chars`: a line
holding none is read by the first variant only), which took 0.02 s to work out of the
codecs and compile on every run that reached the swaps.

    python scripts/build_swap_gains.py
"""

from __future__ import annotations

import math
import pathlib
from binascii import b2a_base64

from zhnorm.charclass import bitmap
from zhnorm.plausibility import char_counts
from zhnorm.swaps import BIG5_VARIANTS, VARIANT_LEADS, directions, script_chars

DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OUT = DATA / "swap_gains.tsv"
CLASSES = DATA / "gate_classes.tsv"
VARIANTS = DATA / "variant_chars.txt"
VARIANTS_HEAD = "# the characters of a byte pair the Big5 variants read differently, as each of them and as GBK reads it, on the next line; scripts/build_swap_gains.py\n"
CLASSES_HEAD = "# name\tthe inside of a regex class, as ranges (repair.py's scans)\tthe bitmap of its characters below U+10000 (bit c of the little-endian number), base64; scripts/build_swap_gains.py from data/charfreq.tsv, data/script_chars.tsv and the GB18030 codec\n"
HEAD = "# char\tgain (nats: log of how much commoner its other reading is, Big5 and GBK read as each other, best direction; data/charfreq.tsv's counts); scripts/build_swap_gains.py\n"


def gains() -> dict[str, float]:
    counts = char_counts()
    best: dict[str, float] = {}
    for o in range(0x3400, 0xA000):
        c = chr(o)
        own = counts.get(c, 1)
        for swap in directions():
            a = swap.alt(c)
            n = counts.get(a) if a is not None and len(a) == 1 else None
            if n and n > own:
                g = round(math.log(n / own), 2)
                if g > best.get(c, 0.0):
                    best[c] = g
    return best


def text() -> str:
    return HEAD + "".join(f"{c}\t{g:.2f}\n" for c, g in sorted(gains().items()))


def classes() -> str:
    from zhnorm.repair import RARE_BESIDE, RARE_SIGN, RARE_STRONG, _han_class

    known = char_counts()
    unknown = _han_class(c for c in map(chr, range(0x3400, 0xA000)) if c not in known)
    sign, strong, beside = (_han_class(c for c, g in gains().items() if g > least) for least in (RARE_SIGN, RARE_STRONG, RARE_BESIDE))
    trad, simp = (_han_class(c for c in chars if "\u3400" <= c <= "\u9fff") for chars in script_chars())
    rows = {"unknown_han": unknown, "rare_sign": sign, "rare_strong": strong, "rare_beside": beside, "traditional_only": trad, "simplified_only": simp, **utf8_starts(), "big5_symbols": big5_symbols()}
    return CLASSES_HEAD + "".join(f"{name}\t{inside}\t{b2a_base64(bitmap(inside), newline=False).decode()}\n" for name, inside in rows.items())


def utf8_starts() -> dict[str, str]:
    """The classes of the character a run of UTF-8 read as GBK can start at (repair.py,
    `utf8_start_at_char`), from the GB18030 codec: `utf8_lead`, the characters of two
    bytes, a lead of three (E0-EF) and a continuation (80-BF); `utf8_mark_lead`, those
    whose two bytes begin a character `_fits_chinese` takes (E2 80, E3 80, E4-E9 with a
    continuation, EF BC, EF BD, EF BF); `utf8_goes_on`, the characters whose first byte
    is a continuation (81-BF) and whose second goes on as UTF-8 does (30-7E, C2-F4), of
    two bytes or four. U+FFFD and EUR are left out: repair reads them as the byte 0x80."""
    from zhnorm.charclass import plain

    lead, mark, goes_on = [], [], []
    for o in range(0x80, 0x110000):
        if 0xD800 <= o <= 0xDFFF or o in (0xFFFD, 0x20AC):
            continue
        c = chr(o)
        b = c.encode("gb18030")
        if len(b) == 2 and 0xE0 <= b[0] <= 0xEF and 0x80 <= b[1] <= 0xBF:
            lead.append(c)
            if (b[0] in (0xE2, 0xE3) and b[1] == 0x80) or 0xE4 <= b[0] <= 0xE9 or (b[0] == 0xEF and b[1] in (0xBC, 0xBD, 0xBF)):
                mark.append(c)
        if 0x81 <= b[0] <= 0xBF and (0x30 <= b[1] <= 0x7E or 0xC2 <= b[1] <= 0xF4):
            goes_on.append(c)
    return {"utf8_lead": plain(lead), "utf8_mark_lead": plain(mark), "utf8_goes_on": plain(goes_on)}


#: box drawing's lines and dashes (─ ━ │ ┃ ┄ ...): what text draws rules and tables with
BOX_LINES = range(0x2500, 0x250C)


def big5_symbols() -> str:
    """`big5_symbols`: the symbols of GBK's row A9 (〡 ㎝ ┮ ┢ ...) whose bytes Big5 reads as
    Han the frequency table knows (A940-A9FE is 咖 和 所 怖 ...: Big5's common
    characters), but for kana (ー ゝ, the kana's own look) and box drawing's lines and
    dashes (BOX_LINES): what `suspects` finds besides the odd characters, for
    `swaps.amid_symbol` (a symbol of GBK's rows beside Han)."""
    from zhnorm.charclass import plain

    known = char_counts()
    out = []
    for trail in range(0x40, 0xFF):
        raw = bytes((0xA9, trail))
        try:
            c = raw.decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(c) != 1 or "\u3040" <= c <= "\u30ff" or ord(c) in BOX_LINES:
            continue
        reads = {raw.decode(v, errors="replace") for v in BIG5_VARIANTS}
        if any(x in known for x in reads):
            out.append(c)
    return plain(out)


def variant_chars() -> str:
    chars = set()
    # HKSCS's rows, C6-C8, F9-FE: every pair read by each codec in one call, a line end
    # after each (no codec takes it for a trail byte)
    raw = b"".join(bytes((a, b)) + b"\n" for a in VARIANT_LEADS for b in range(0x40, 0xFF))
    reads = [raw.decode(v, errors="replace").split("\n") for v in (*BIG5_VARIANTS, "gbk")]
    for x, y, z, g in zip(*reads):
        if not x == y == z:
            chars.update(c for c in (x, y, z, g) if len(c) == 1 and c != "\ufffd")
    assert "\n" not in chars
    return VARIANTS_HEAD + "".join(sorted(chars)) + "\n"


def main() -> None:
    OUT.write_text(text(), encoding="utf-8", newline="\n")
    print(f"{len(gains())} characters -> {OUT}")
    CLASSES.write_text(classes(), encoding="utf-8", newline="\n")
    print(f"the scans' classes -> {CLASSES}")
    VARIANTS.write_text(variant_chars(), encoding="utf-8", newline="\n")
    print(f"the Big5 variants' characters -> {VARIANTS}")


if __name__ == "__main__":
    main()
