"""Evaluate other languages, mixed encodings and one-sentence files, through the CLI.

    python evaluation/eval_lang.py [--cmd normalize] [--sentences 200] [--show 3] [--seed 7]

Every case is a file of bytes; all files of a kind go through one `normalize` run, its output
cut at a marker file after each. Kinds:

- Japanese and Korean prose (../shared/otherlang, read from there) in UTF-8, Shift_JIS,
  EUC-JP, ISO-2022-JP (Japanese), EUC-KR (Korean): right when the output is the input,
  whitespace aside (runs of spaces count as one);
- Chinese paragraphs around a Japanese one (Traditional corpus lines, then a Japanese
  file, then more), in UTF-8, GB18030 and Big5: right when the Japanese comes out as it
  went in and the Chinese as `normalize` writes it without the Japanese;
- files concatenated from two parts in two encodings (GBK, Big5, UTF-8; a Japanese part
  in Shift_JIS after a GBK one): right when the output is what `normalize` writes for
  the same text in UTF-8; also the number of U+FFFD written;
- one-sentence files (16-40 bytes, no BOM) in GBK, Big5 (its Traditional form) and
  UTF-16 LE and BE: right when the output is what `normalize` writes for the sentence
  in UTF-8.

The Chinese text is drawn from ../shared/corpora, which decode's language model
(data/langfreq.tsv, from the wordfreq lists) was not built from.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import random
import re
import shlex
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import SHARED, rows  # noqa: E402

OTHER = SHARED / "otherlang"
LEGACY = {"ja": ("utf-8", "shift_jis", "euc_jp", "iso2022_jp"), "ko": ("utf-8", "euc_kr")}
MARK = b"zhnormevalcase%05d"
SPACES = re.compile(r"[ \t\u3000]+")


def _same(a: str, b: str) -> bool:
    """Equal, whitespace aside: runs of spaces as one, lines stripped."""

    def norm(t: str) -> list[str]:
        return [SPACES.sub(" ", line).strip() for line in t.strip("\n").split("\n")]

    return norm(a) == norm(b)


def run(cmd: list[str], files: dict[str, bytes]) -> dict[str, str]:
    """Each file's bytes through one `normalize` run (a marker file after each, to cut its
    standard output into the files' outputs); name -> the text written for it."""
    with tempfile.TemporaryDirectory() as tmp:
        args = []
        for i, (name, data) in enumerate(files.items()):
            path = pathlib.Path(tmp) / name
            path.write_bytes(data)
            mark = pathlib.Path(tmp) / f"mark{i}"
            mark.write_bytes(MARK % i + b"\n")
            args += [str(path), str(mark)]
        out = subprocess.run([*cmd, "-q", *args], check=False, capture_output=True).stdout
    texts = {}
    for i, name in enumerate(files):
        head, _, out = out.partition(MARK % i + b"\n")
        texts[name] = head.decode("utf-8", "replace")
    return texts


def other_texts() -> list[tuple[str, str, str]]:
    """(lang, name, text) of each ../shared/otherlang excerpt."""
    out = []
    for lang in ("ja", "ko"):
        for path in sorted((OTHER / lang).glob("*.txt")):
            out.append((lang, path.stem, path.read_text(encoding="utf-8")))
    return out


def traditional(lines: list[str]) -> list[str]:
    import opencc

    s2t = opencc.OpenCC("s2t")
    return [s2t.convert(line) for line in lines]


def sentences(rng: random.Random, n: int) -> list[str]:
    """Corpus sentences (cut at 。！？) with at least one non-ASCII character."""
    found = set()
    for row in rows():
        for s in re.findall(r"[^。！？]+[。！？]", row):
            s = s.strip()
            if 6 <= len(s) <= 40 and not s.isascii():
                found.add(s)
    return rng.sample(sorted(found), min(n, len(found)))


def encode(text: str, enc: str) -> bytes | None:
    try:
        return text.encode(enc)
    except UnicodeEncodeError:
        return None


def evaluate(cmd: list[str], n_sentences: int = 200, seed: int = 7, show: int = 0) -> dict[str, tuple[int, int]]:
    rng = random.Random(seed)
    results: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = collections.defaultdict(list)

    def tally(kind: str, ok: bool, what: str) -> None:
        results[kind][0] += ok
        results[kind][1] += 1
        if not ok and len(misses[kind]) < show:
            misses[kind].append(what)

    # 1. Japanese and Korean prose, in each encoding
    files, truth = {}, {}
    for lang, name, text in other_texts():
        for enc in LEGACY[lang]:
            data = encode(text, enc)
            if data is not None:
                files[f"{lang}-{name}-{enc}"] = data
                truth[f"{lang}-{name}-{enc}"] = (f"{lang} {enc}", text)
    for key, out in run(cmd, files).items():
        kind, text = truth[key]
        tally(kind, _same(out, text), f"{key}: {out[:60]!r}")

    # 2. Chinese paragraphs around a Japanese one
    prose = [r for r in rows() if len(r) > 20]
    big5 = [r for r, t in zip(prose, traditional(prose)) if encode(t, "big5") is not None]
    files, parts = {}, {}
    for lang, name, text in other_texts():
        if lang != "ja":
            continue
        before, after = traditional(rng.sample(prose, 2)), traditional(rng.sample(prose, 2))
        whole = "\n".join(before) + "\n" + text + "\n".join(after) + "\n"
        for enc in ("utf-8", "gb18030", "big5"):
            data = encode(whole, enc)
            if data is None:
                continue
            files[f"mix-{name}-{enc}"] = data
            files[f"zh-{name}-{enc}"] = ("\n".join(before + after) + "\n").encode("utf-8")
            parts[f"mix-{name}-{enc}"] = (f"zh around ja, {enc}", text, len(before))
    outs = run(cmd, files)
    for key, (kind, text, nb) in parts.items():
        out = outs[key].split("\n")
        ja = text.rstrip("\n").split("\n")
        zh = outs["zh" + key[3:]].rstrip("\n").split("\n")
        got_ja, got_zh = out[nb : nb + len(ja)], out[:nb] + out[nb + len(ja) :]
        ok = _same("\n".join(got_ja), "\n".join(ja)) and _same("\n".join(got_zh), "\n".join(zh))
        tally(kind, ok, f"{key}: {outs[key][:80]!r}")

    # 3. files concatenated from two encodings
    pairs = [("gbk", "utf-8"), ("utf-8", "gbk"), ("gbk", "big5"), ("big5", "gbk"), ("big5", "utf-8"), ("gbk", "shift_jis")]
    japanese = [t for lang, _, t in other_texts() if lang == "ja"]
    files, truth = {}, {}
    for i in range(12):
        for first, second in pairs:
            a = rng.sample(big5 if first == "big5" else prose, 4)
            b = rng.sample(big5 if second == "big5" else prose, 4)
            if second == "shift_jis":
                b = japanese[i % len(japanese)].rstrip("\n").split("\n")
            a = traditional(a) if first == "big5" else a
            b = traditional(b) if second == "big5" else b
            da, db = encode("\n".join(a) + "\n", first), encode("\n".join(b) + "\n", second)
            if da is None or db is None:
                continue
            key = f"cat-{i}-{first}-{second}"
            files[key] = da + db
            files["u8" + key] = ("\n".join(a + b) + "\n").encode("utf-8")
            truth[key] = f"{first} then {second}"
    outs = run(cmd, files)
    fffd = collections.Counter()
    for key, kind in truth.items():
        fffd[kind] += outs[key].count("\ufffd")
        got, want = outs[key].split("\n"), outs["u8" + key].split("\n")
        diff = next((f"line {n + 1}: {g[:50]!r} want {w[:50]!r}" for n, (g, w) in enumerate(zip(got, want)) if g != w), "")
        tally(kind, outs[key] == outs["u8" + key], f"{key}: {diff}")

    # 4. one-sentence files
    files, truth = {}, {}
    for i, s in enumerate(sentences(rng, n_sentences)):
        for enc in ("gbk", "big5", "utf-16-le", "utf-16-be"):
            text = traditional([s])[0] if enc == "big5" else s
            data = encode(text, enc)
            if data is None or not 16 <= len(data) <= 40:
                continue
            files[f"one-{i}-{enc}"] = data
            files[f"u8one-{i}-{enc}"] = text.encode("utf-8")
            truth[f"one-{i}-{enc}"] = f"one sentence, {enc}"
    outs = run(cmd, files)
    for key, kind in truth.items():
        tally(kind, outs[key] == outs["u8" + key], f"{key}: {outs[key][:60]!r} want {outs['u8' + key][:60]!r}")

    for kind in sorted(results):
        right, total = results[kind]
        extra = f", U+FFFD written: {fffd[kind]}" if kind in fffd else ""
        print(f"{kind:32} {right:4}/{total:<4} {100 * right / total:6.1f}%{extra}")
        for m in misses[kind]:
            print("   miss:", m)
    return {k: tuple(v) for k, v in results.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cmd", default=str(pathlib.Path(sys.executable).with_name("normalize")))
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    evaluate(shlex.split(args.cmd), args.sentences, args.seed, args.show)


if __name__ == "__main__":
    main()
