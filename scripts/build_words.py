"""Build src/zhnorm/data/words.bin: the words of jieba's word list with their counts, for
unrender's choice among the readings of a damaged span (wordmodel.py).

A span's first character is often known by one byte only, and the readings then differ
in a character that makes a word with its neighbours or a mark that makes none (尋常 or
尋。, 規模 or 規。, 正常現象 or 正。現象): the pair model scores each pair alone, a word
list says which runs are words.

The source is the dictionary the `jieba` package ships (jieba/dict.txt, MIT licence,
scripts/build_charfreq.py reads it too): about 349,000 words of modern Chinese, each with
a corpus count. It is not any of the text the evaluations use (../shared), whose corpora
the site simulator renders: a list built from them would score the simulator in-sample.
Kept: words of MIN_LEN to MAX_LEN Han characters counted at least MIN_COUNT times (the
rarer entries are mostly names and the list's own compounds; a single character tagged
zg only when it occurs in a longer word, as in pairfreq.tsv), each as written and in
its OpenCC Traditional forms (s2t, s2tw, s2hk: pinyin sites show Traditional), the
counts of one form summed over the words it stands for. The total is that of all the
entries (single characters included): a word's probability is its count over it.

The file is packed as the package reads it (`wordmodel.read_packed`, `pack`): each word
a number (its UTF-16 code units, 16 bits each, the first the highest: every word is of
the BMP and at most 4 long, so it fits 64 bits, and no two words share one), the numbers
sorted, then the counts in their order. Loading is two copies of arrays, where a dict of
164,000 rows read from text took 0.45 G instructions.

    pip install jieba opencc   (build time only: the `dev` extra)
    python scripts/build_words.py [--dict PATH]
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re
import sys

from build_charfreq import DATA, jieba_dict, words, written_forms

OUT = DATA / "words.bin"
MIN_LEN, MAX_LEN = 1, 4
MIN_COUNT = 10
HAN_RUN = re.compile(f"[\u4e00-\u9fff]{{{MIN_LEN},{MAX_LEN}}}")


def word_counts(path: pathlib.Path) -> tuple[dict[str, int], int]:
    """(word -> count, the total count of the entries) from jieba's dict.txt at `path`."""
    entries = words(path, zg=True)
    total = sum(n for _, n in entries)
    # its single characters tagged zg (哦 嗯, and mojibake: 鎴 紝) as the pair model keeps
    # them: those that occur in a longer word (scripts/build_charfreq.py)
    in_words = {c for w, _ in entries if len(w) > 1 for c in w}
    entries = [(w, n) for w, n in entries if len(w) > 1 or w in in_words]
    kept = [(w, n) for w, n in entries if n >= MIN_COUNT and HAN_RUN.fullmatch(w)]
    forms = written_forms(kept)
    counts: collections.Counter[str] = collections.Counter()
    for k, (_, n) in enumerate(kept):
        for version in {f[k] for f in forms}:
            if HAN_RUN.fullmatch(version):
                counts[version] += n
    return dict(counts), total


def pack(counts: dict[str, int], total: int) -> bytes:
    """The packed word list (the format of `wordmodel.read_packed`)."""
    import array
    import struct

    from zhnorm.wordmodel import MAGIC, word_key

    rows = sorted((word_key(w), n) for w, n in counts.items())
    if any(not HAN_RUN.fullmatch(w) for w in counts) or len({k for k, _ in rows}) != len(rows):
        raise SystemExit("words: a word that is not 1 to 4 Han characters of the BMP")
    keys, ns = array.array("Q", [k for k, _ in rows]), array.array("I", [n for _, n in rows])
    if sys.byteorder == "big":  # pragma: no cover
        keys.byteswap()
        ns.byteswap()
    return b"".join([MAGIC, struct.pack("<IQ", len(rows), total), keys.tobytes(), ns.tobytes()])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", type=pathlib.Path, default=None, help="jieba's dict.txt (default: the installed package's)")
    ap.add_argument("--out", type=pathlib.Path, default=OUT, help=f"where to write it (default: {OUT})")
    args = ap.parse_args()
    counts, total = word_counts(args.dict or jieba_dict())
    data = pack(counts, total)
    args.out.write_bytes(data)
    print(f"{len(counts)} words, {len(data)} bytes -> {args.out}")


if __name__ == "__main__":
    main()
