"""Build src/zhnorm/data/charfreq.tsv and bigrams.txt from real text.

charfreq.tsv: how often each Han character occurs; bigrams.txt: the pairs of adjacent
Han characters that occur at least BIGRAM_MIN times (repair uses them to tell a real
sequence of characters from a plausible-looking garbled one).

Counts the characters of the simplified corpora in ../shared/corpora and of the same
text converted to Traditional (OpenCC s2t), so both scripts score as plausible. The
decode stage uses it to choose between candidate encodings; repair uses it to judge
whether a repair makes text more plausible.

    python scripts/build_charfreq.py [--corpora ../shared/corpora] [--min-count 2]
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
BIGRAM_MIN = 3


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", default="../shared/corpora")
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    s2t = opencc.OpenCC("s2t")
    counts: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    for path in sorted(pathlib.Path(args.corpora).glob("*.zh-hans.txt")):
        text = path.read_text(encoding="utf-8")
        for version in (text, s2t.convert(text)):
            counts.update(HAN.findall(version))
            for run in RUNS.findall(version):
                pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    rows = [(c, n) for c, n in counts.most_common() if n >= args.min_count]
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# char\tcount (simplified corpora + their OpenCC s2t); built by scripts/build_charfreq.py\n")
        for c, n in rows:
            f.write(f"{c}\t{n}\n")
    bigrams = sorted(b for b, n in pairs.items() if n >= BIGRAM_MIN)
    with (DATA / "bigrams.txt").open("w", encoding="utf-8", newline="\n") as f:
        f.write(f"# pairs of adjacent Han characters seen at least {BIGRAM_MIN} times; scripts/build_charfreq.py\n")
        f.write("\n".join(bigrams) + "\n")
    print(f"{len(rows)} characters -> {OUT}; {len(bigrams)} bigrams")


if __name__ == "__main__":
    main()
