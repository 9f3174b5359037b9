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

    python scripts/build_swap_gains.py
"""

from __future__ import annotations

import math
import pathlib

from zhnorm.plausibility import char_counts
from zhnorm.swaps import directions

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data" / "swap_gains.tsv"
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


def main() -> None:
    OUT.write_text(text(), encoding="utf-8", newline="\n")
    print(f"{len(gains())} characters -> {OUT}")


if __name__ == "__main__":
    main()
