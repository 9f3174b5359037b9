"""Build src/zhnorm/data/charfreq.tsv and bigrams.txt from jieba's word list.

The source is the dictionary the `jieba` package ships (jieba/dict.txt, MIT licence):
about 349,000 words of modern Chinese, each with a corpus count. It is not any of the
text the evaluations use (../shared), and it covers the modern repertoire far better
than a few megabytes of running text (熄 秧 焕 涡 涝 烩 and the rest of the common
characters are all in it).

charfreq.tsv: for each Han character, the summed counts of the words it occurs in,
counted for each word as written and in its OpenCC Traditional forms (s2t, s2tw, s2hk),
so that both scripts score as plausible, scaled so that 的 is 65,000 (as in a
few million characters of running text). bigrams.txt: the pairs of adjacent Han
characters inside those words whose summed count reaches BIGRAM_MIN, in both scripts,
and the pairs that two words make across their boundary often enough (BOUNDARY_MIN).
Decode uses the character scores to choose between candidate encodings; repair and
unrender use both to judge whether a repair makes text more plausible.

pairfreq.tsv: the counts of a character pair model, for unrender's choice between
readings of different lengths. For each Han character: its occurrences in words, and how
often a word starts and ends with it (single-character "zg" entries counted here when
the character also occurs in a longer word: that keeps 仍 and 們, and leaves out the
mojibake); for each pair of adjacent characters inside words: its count (at least
PAIR_MIN). In both scripts, as above. From them, P(b | a) is the chance that a word goes
on from a with b, plus the chance that it ends at a times the chance that the next word
starts with b (plausibility.pair_logp).

pairfreq.bin: pairfreq.tsv's rows packed as the package loads them (the format is
plausibility.read_packed's): two strings and arrays of counts instead of a Python object
per row, 1.5 MB in memory and read in a millisecond. It is made from pairfreq.tsv, so
the two hold the same counts by construction (tests/test_plausibility.py compares them).

    pip install jieba   (build time only: the `dev` extra)
    python scripts/build_charfreq.py [--dict PATH]
    python scripts/build_charfreq.py --pack   # pairfreq.bin and bigrams.bin again from the text files only

bigrams.bin: bigrams.txt's rows packed likewise (plausibility.Pairs.packed's format):
the first characters and the second ones, two strings of UTF-16.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import re

import opencc

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OUT = DATA / "charfreq.tsv"
RUNS = re.compile(r"[\u3400-\u9fff]{2,}")
HAN_WORD = re.compile(r"[\u3400-\u9fff]+")
BIGRAM_MIN = 20
#: a pair across a word boundary: the last character of words ending with it times the
#: first of words starting with it, over all words, expected at least this often
BOUNDARY_MIN = 100
SCALE_TOP = 65000
PAIR_MIN = 10
CONFIGS = ("s2t", "s2tw", "s2hk")


def jieba_dict() -> pathlib.Path:
    import jieba

    return pathlib.Path(jieba.__file__).resolve().parent / "dict.txt"


def words(path: pathlib.Path, zg: bool = False) -> list[tuple[str, int]]:
    """(word, count) of jieba's list; with `zg`, also the single characters tagged zg."""
    out = []
    for row in path.read_text(encoding="utf-8").splitlines():
        parts = row.split()
        # "zg": single characters, many of them mojibake in the text jieba was counted
        # from (鎴 紝 鐨: UTF-8 read as GBK); the real ones among them occur in words
        if len(parts) >= 2 and parts[1].isdigit() and (zg or parts[2:3] != ["zg"]):
            out.append((parts[0], int(parts[1])))
    return out


def written_forms(entries: list[tuple[str, int]]) -> list[list[str]]:
    """Each entry's word as written and in each of CONFIGS' scripts, list by list."""
    joined = "\n".join(w for w, _ in entries)
    return [joined.split("\n")] + [opencc.OpenCC(c).convert(joined).split("\n") for c in CONFIGS]


def write_pair_model(path: pathlib.Path) -> int:
    """pairfreq.tsv (see the module's docstring); returns the number of pairs written."""
    entries = words(path, zg=True)
    in_words = {c for w, _ in entries if len(w) > 1 for c in w}
    entries = [(w, n) for w, n in entries if len(w) > 1 or w in in_words]
    forms = written_forms(entries)
    occ: collections.Counter[str] = collections.Counter()
    starts: collections.Counter[str] = collections.Counter()
    ends: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    total = 0
    for k, (_, n) in enumerate(entries):
        for version in {f[k] for f in forms}:
            if not HAN_WORD.fullmatch(version):
                continue
            total += n
            starts[version[0]] += n
            ends[version[-1]] += n
            for c in version:
                occ[c] += n
            for i in range(len(version) - 1):
                pairs[version[i : i + 2]] += n
    kept = sorted((p, n) for p, n in pairs.items() if n >= PAIR_MIN)
    with (DATA / "pairfreq.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write(f"# character pair model from jieba dict.txt words (and its zg characters that occur in words), as written and in OpenCC s2t/s2tw/s2hk; scripts/build_charfreq.py\n")
        f.write(f"# words\t{total}\n# char\toccurrences\tword starts\tword ends, then pair\tcount inside words (at least {PAIR_MIN})\n")
        for c, n in occ.most_common():
            f.write(f"{c}\t{n}\t{starts[c]}\t{ends[c]}\n")
        for p, n in kept:
            f.write(f"{p}\t{n}\n")
    return len(kept)


def pack_pair_model(tsv: pathlib.Path, out: pathlib.Path) -> int:
    """pairfreq.bin from the rows of pairfreq.tsv (see the module's docstring); returns
    its size in bytes."""
    import array
    import struct
    import sys

    from zhnorm.plausibility import MAGIC

    words, chars, pairs = 1, [], []
    for row in tsv.read_text(encoding="utf-8").split("\n"):
        if row.startswith("# words\t"):
            words = int(row.split("\t")[1])
        if not row or row.startswith("#"):
            continue
        key, *ns = row.split("\t")
        (chars if len(key) == 1 else pairs).append((key, [int(n) for n in ns]))
    keys = [k for k, _ in chars] + [k for k, _ in pairs]
    if any(len(k) not in (1, 2) or any(ord(c) > 0xFFFF or "\ud800" <= c <= "\udfff" for c in k) for k in keys):
        raise SystemExit("pairfreq.tsv: a key that is not one or two characters of the BMP")
    if [k for k, _ in pairs] != sorted(k for k, _ in pairs) or len({k for k, _ in chars}) != len(chars):
        raise SystemExit("pairfreq.tsv: pairs out of order, or a character twice")

    def uint32(values: list[int]) -> bytes:
        packed = array.array("I", values)
        if sys.byteorder == "big":
            packed.byteswap()
        return packed.tobytes()

    data = b"".join([
        MAGIC,
        struct.pack("<3I", words, len(chars), len(pairs)),
        "".join(k for k, _ in chars).encode("utf-16-le"),
        uint32([n for _, ns in chars for n in ns]),
        "".join(k[0] for k, _ in pairs).encode("utf-16-le"),
        "".join(k[1] for k, _ in pairs).encode("utf-16-le"),
        uint32([ns[0] for _, ns in pairs]),
    ])
    out.write_bytes(data)
    return len(data)


def pack_bigrams(txt: pathlib.Path, out: pathlib.Path) -> int:
    """bigrams.bin from the rows of bigrams.txt (see the module's docstring); returns its
    size in bytes."""
    import struct

    from zhnorm.plausibility import BIGRAMS_MAGIC

    rows = [r for r in txt.read_text(encoding="utf-8").split("\n") if r and not r.startswith("#")]
    if any(len(r) != 2 or any(ord(c) > 0xFFFF or "\ud800" <= c <= "\udfff" for c in r) for r in rows) or rows != sorted(rows):
        raise SystemExit("bigrams.txt: a row that is not two characters of the BMP, or rows out of order")
    data = b"".join([
        BIGRAMS_MAGIC,
        struct.pack("<I", len(rows)),
        "".join(r[0] for r in rows).encode("utf-16-le"),
        "".join(r[1] for r in rows).encode("utf-16-le"),
    ])
    out.write_bytes(data)
    return len(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", type=pathlib.Path, default=None, help="jieba's dict.txt (default: the installed package's)")
    ap.add_argument("--pack", action="store_true", help="only pack pairfreq.tsv into pairfreq.bin (no jieba needed)")
    args = ap.parse_args()
    if args.pack:
        print(f"{pack_pair_model(DATA / 'pairfreq.tsv', DATA / 'pairfreq.bin')} bytes -> {DATA / 'pairfreq.bin'}")
        print(f"{pack_bigrams(DATA / 'bigrams.txt', DATA / 'bigrams.bin')} bytes -> {DATA / 'bigrams.bin'}")
        return
    entries = words(args.dict or jieba_dict())
    forms = written_forms(entries)
    assert all(len(f) == len(entries) for f in forms)
    counts: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    starts: collections.Counter[str] = collections.Counter()
    ends: collections.Counter[str] = collections.Counter()
    total = 0
    for k, (_, n) in enumerate(entries):
        for version in {f[k] for f in forms}:
            if HAN_WORD.fullmatch(version):
                starts[version[0]] += n
                ends[version[-1]] += n
                total += n
            counts.update({c: n * m for c, m in collections.Counter(HAN.findall(version)).items()})
            for run in RUNS.findall(version):
                for i in range(len(run) - 1):
                    pairs[run[i : i + 2]] += n
    # on the scale of running text of a few million characters (的 = SCALE_TOP), which
    # the count thresholds of unrender were set on; every character keeps at least 1
    top = max(counts.values())
    rows = [(c, max(1, round(n * SCALE_TOP / top))) for c, n in counts.most_common()]
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# char\tcount (summed counts of jieba dict.txt words holding it (but for its zg entries), as written and in OpenCC s2t/s2tw/s2hk); scripts/build_charfreq.py\n")
        for c, n in rows:
            f.write(f"{c}\t{n}\n")
    known = {b for b, n in pairs.items() if n >= BIGRAM_MIN}
    # pairs across word boundaries (的人, 了一): jieba's list has words, not running text
    first = starts.most_common()
    for c, n in ends.items():
        for d, m in first:
            if n * m < BOUNDARY_MIN * total:
                break
            known.add(c + d)
    bigrams = sorted(known)
    with (DATA / "bigrams.txt").open("w", encoding="utf-8", newline="\n") as f:
        f.write(f"# pairs of adjacent Han characters inside jieba dict.txt words (summed count at least {BIGRAM_MIN}) or across two words (expected {BOUNDARY_MIN} times); scripts/build_charfreq.py\n")
        f.write("\n".join(bigrams) + "\n")
    n_pairs = write_pair_model(args.dict or jieba_dict())
    pack_pair_model(DATA / "pairfreq.tsv", DATA / "pairfreq.bin")
    pack_bigrams(DATA / "bigrams.txt", DATA / "bigrams.bin")
    print(f"{len(rows)} characters -> {OUT}; {len(bigrams)} bigrams; {n_pairs} counted pairs (also packed)")


if __name__ == "__main__":
    main()
