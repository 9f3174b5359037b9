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

It also builds src/zhnorm/data/gate_classes.tsv: the classes of Han repair's two scans
are compiled from, as ranges of code points (repair.py, `_han_class`), so that no run
works them out of the tables character by character (0.01 s of every run that repairs):
`unknown_han`, the characters of U+3400-U+9FFF data/charfreq.tsv does not know (what
`suspects` finds among Han), and `rare_sign`, those whose other reading is commoner by
more than repair's RARE_SIGN (what `rare_pairs` looks for two of in a row),
`traditional_only` and `simplified_only`, the Han of data/script_chars.tsv's two
classes (`zhnorm.swaps.script_chars`: what `swaps.script_only` looks for, on every line
that repairs; run this again when that file changes); and
src/zhnorm/data/variant_chars.txt, the characters of a byte pair the Big5 variants read
differently, as each of them and as GBK reads it (`zhnorm.swaps.variant_chars`: a line
holding none is read by the first variant only), which took 0.02 s to work out of the
codecs and compile on every run that reached the swaps.

    python scripts/build_swap_gains.py
"""

from __future__ import annotations

import math
import pathlib

from zhnorm.plausibility import char_counts
from zhnorm.swaps import BIG5_VARIANTS, VARIANT_LEADS, directions, script_chars

DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OUT = DATA / "swap_gains.tsv"
CLASSES = DATA / "gate_classes.tsv"
VARIANTS = DATA / "variant_chars.txt"
VARIANTS_HEAD = "# the characters of a byte pair the Big5 variants read differently, as each of them and as GBK reads it, on the next line; scripts/build_swap_gains.py\n"
CLASSES_HEAD = "# name\tthe inside of a regex class, as ranges (repair.py's scans); scripts/build_swap_gains.py from data/charfreq.tsv and data/script_chars.tsv\n"
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
    from zhnorm.repair import RARE_SIGN, _han_class

    known = char_counts()
    unknown = _han_class(c for c in map(chr, range(0x3400, 0xA000)) if c not in known)
    sign = _han_class(c for c, g in gains().items() if g > RARE_SIGN)
    trad, simp = (_han_class(c for c in chars if "\u3400" <= c <= "\u9fff") for chars in script_chars())
    rows = {"unknown_han": unknown, "rare_sign": sign, "traditional_only": trad, "simplified_only": simp}
    return CLASSES_HEAD + "".join(f"{name}\t{inside}\n" for name, inside in rows.items())


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
