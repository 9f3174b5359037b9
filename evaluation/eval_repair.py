"""Evaluate repair the way a user meets mojibake: files piped through `normalize`, bytes in.

    python evaluation/eval_repair.py [--cases 300] [--seed 12] [--show 5] [--ftfy] [--cmd CMD]

Each case (evaluation/garble.py, which imports nothing of zhnorm) is written as a file:
a clean line, the case's lines (garbled), a clean line, in the encoding a user's file
would have. The files go through `normalize --to keep --skip clean`; the truth (the same
lines, clean, as UTF-8) goes through the same command with `--skip repair`, so every
other stage treats both alike and only repair's work is compared. Per kind:

- recoverable cases repaired exactly (the whole file's output equal);
- the character error rate of the lossy cases' lines (a byte is gone for good);
- clean lines changed by repair: the corpora, their Traditional conversion, OpenCC's
  test texts, Japanese and Korean text, European and rare-character text (0 allowed),
  line by line and run together JOINED lines a line (a page whose paragraphs lost their
  line breaks: a Latin-1 sign in one paragraph is beside the text of the others); also
  the clean lines around every case.

`--ftfy`: the same cases through `ftfy.fix_encoding` on what normalize without repair
gives, line by line: the anchor.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import shlex
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import CORPORA, SHARED  # noqa: E402
from garble import EUROPEAN, KINDS, RARE_BUT_REAL, REFERENCE, SEED, cases  # noqa: E402

CMD = str(ROOT / ".venv" / "bin" / "normalize")
ARGS = ["--to", "keep", "--skip", "clean", "-q"]
JOINED = 50  # clean lines run together into one, for the clean-text check
BATCH = 400


def run(cmd: str, paths: list[pathlib.Path], extra: list[str] = ()) -> list[str]:
    """normalize over the files, in batches; its output lines, all files one after another."""
    out: list[str] = []
    for k in range(0, len(paths), BATCH):
        r = subprocess.run([*shlex.split(cmd), *ARGS, *extra, *map(str, paths[k : k + BATCH])], capture_output=True)
        out += r.stdout.decode("utf-8", errors="replace").split("\n")[:-1]
    return out


def split(lines: list[str], counts: list[int]) -> list[list[str]]:
    assert len(lines) == sum(counts), (len(lines), sum(counts))
    res, at = [], 0
    for n in counts:
        res.append(lines[at : at + n])
        at += n
    return res


def cer(out: str, truth: str) -> tuple[int, int]:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(out, truth), len(truth)


def clean_texts() -> dict[str, list[str]]:
    """Clean text that repair must pass through untouched, by source (lines holding an
    HTML character reference are left out where compared: repair decodes those)."""
    import json

    import opencc

    t = {}
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        t[name] = [row for row in (CORPORA / name).read_text(encoding="utf-8").splitlines() if row.strip()]
    s2t = opencc.OpenCC("s2t")
    t["traditional (s2t of the first two)"] = s2t.convert("\n".join(t["news-commentary.zh-hans.txt"] + t["clue-news-web.zh-hans.txt"][:3000])).splitlines()
    cases_ = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
    t["opencc test texts"] = sorted({x for c in cases_ for x in [c["input"], *c["expected"].values()] if x.strip()})
    other = []
    for p in sorted((SHARED / "otherlang").glob("*/*.txt")):
        other += [row for row in p.read_text(encoding="utf-8").splitlines() if row.strip()]
    t["japanese and korean"] = other
    t["european and rare"] = EUROPEAN + RARE_BUT_REAL
    return t


def evaluate(n: int = 300, seed: int = SEED, cmd: str = CMD, show: int = 0, with_ftfy: bool = False, clean: bool = True, kinds: list[str] | None = None) -> dict:
    all_cases = [c for c in cases(n, seed) if not kinds or c.kind in kinds]
    with tempfile.TemporaryDirectory() as tmp:
        d = pathlib.Path(tmp)
        got_paths, truth_paths, counts = [], [], []
        for i, c in enumerate(all_cases):
            (d / f"{i:05}.txt").write_bytes(c.file_bytes())
            (d / f"{i:05}.truth.txt").write_bytes(c.truth_bytes())
            got_paths.append(d / f"{i:05}.txt")
            truth_paths.append(d / f"{i:05}.truth.txt")
            counts.append(c.garbled.count("\n") + 3)
        got = split(run(cmd, got_paths), counts)
        want = split(run(cmd, truth_paths, ["--skip", "repair"]), counts)
        bare = split(run(cmd, got_paths, ["--skip", "repair"]), counts) if with_ftfy else None
        clean_out = {}
        if clean:
            for name, lines in clean_texts().items():
                lines = [x for x in lines if not REFERENCE.search(x)]  # repair decodes those, as it should
                joined = ["".join(lines[k : k + JOINED]) for k in range(0, len(lines), JOINED)]
                for label, rows in ((name, lines), (f"{name}, {JOINED} lines a line", joined)):
                    p = d / "clean.txt"
                    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
                    a, b = run(cmd, [p]), run(cmd, [p], ["--skip", "repair"])
                    clean_out[label] = (len(rows), [(y, x) for x, y in zip(a, b) if x != y], len(a) == len(b))
    stats: dict = collections.defaultdict(collections.Counter)
    shown = 0
    fixer = None
    if with_ftfy:
        import ftfy

        fixer = ftfy.fix_encoding
    for k, (c, g, w) in enumerate(zip(all_cases, got, want)):
        s = stats[c.kind]
        inner_g, inner_w = g[1:-1], w[1:-1]
        s["context lines"] += 2
        s["context changed"] += (g[0] != w[0]) + (g[-1] != w[-1])
        if show and (g[0] != w[0] or g[-1] != w[-1]):
            print(f"-- context changed, {c.kind} ({c.where}, {c.codec}, file {c.saved})\n out:   {[g[0], g[-1]]!r}\n truth: {[w[0], w[-1]]!r}\n")
        if c.recoverable:
            s["recoverable"] += 1
            s[f"recoverable {c.where}"] += 1
            ok = g == w
            s["exact"] += ok
            s[f"exact {c.where}"] += ok
            s[f"file {c.saved != 'utf-8'}"] += 1
            s[f"exact file {c.saved != 'utf-8'}"] += ok
            if fixer:
                s["ftfy exact"] += [fixer(x) for x in bare[k]] == w
            if not ok and shown < show:
                shown += 1
                print(f"-- {c.kind} ({c.where}, {c.codec}, file {c.saved})\n garbled: {c.garbled!r}\n out:     {chr(10).join(inner_g)!r}\n truth:   {chr(10).join(inner_w)!r}\n")
        else:
            s["lossy"] += 1
            e, t = cer("\n".join(inner_g), "\n".join(inner_w))
            s["lossy errors"] += e
            s["lossy chars"] += t
            if e and shown < show:
                shown += 1
                print(f"-- lossy {c.kind} ({c.where}, {c.codec}), {e} errors\n garbled: {c.garbled!r}\n out:     {chr(10).join(inner_g)!r}\n truth:   {chr(10).join(inner_w)!r}\n")
            if fixer:
                e, _ = cer("\n".join(fixer(x) for x in bare[k][1:-1]), "\n".join(inner_w))
                s["ftfy lossy errors"] += e
    return {"kinds": stats, "clean": clean_out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=300, help="cases per kind")
    ap.add_argument("--seed", type=int, default=SEED, help="another seed draws other sentences")
    ap.add_argument("--show", type=int, default=0, help="print this many failures")
    ap.add_argument("--ftfy", action="store_true", help="also score ftfy.fix_encoding, the anchor")
    ap.add_argument("--no-clean", action="store_true", help="skip the clean-text check")
    ap.add_argument("--kind", action="append", choices=KINDS, help="only this kind (repeatable)")
    ap.add_argument("--cmd", default=CMD)
    args = ap.parse_args()
    r = evaluate(args.cases, args.seed, args.cmd, args.show, args.ftfy, not args.no_clean, args.kind)
    head = f"{'kind':17} {'exact':>15} {'alone':>7} {'embed':>7} {'wrapped':>7} {'non-UTF-8 file':>14} {'lossy CER':>10} {'context chg':>11}"
    if args.ftfy:
        head += f" {'ftfy exact':>11} {'ftfy CER':>8}"
    print(head)
    for kind in args.kind or KINDS:
        s = r["kinds"][kind]

        def pct(a, b):
            return f"{s[a] / s[b]:.1%}" if s[b] else "-"

        line = (
            f"{kind:17} {s['exact']:>5}/{s['recoverable']:<4} ({pct('exact', 'recoverable'):>5}) {pct('exact alone', 'recoverable alone'):>7}"
            f" {pct('exact embedded', 'recoverable embedded'):>7} {pct('exact wrapped', 'recoverable wrapped'):>7}"
            f" {pct('exact file True', 'file True'):>14} {pct('lossy errors', 'lossy chars'):>10} {s['context changed']:>5}/{s['context lines']:<5}"
        )
        if args.ftfy:
            line += f" {pct('ftfy exact', 'recoverable'):>11} {pct('ftfy lossy errors', 'lossy chars'):>8}"
        print(line)
    for name, (n, changed, same_count) in r["clean"].items():
        print(f"clean text, {name}: {len(changed)} of {n:,} lines changed{'' if same_count else ' (line count differs)'}")
        for old, new in changed[: args.show]:
            print(f"   {old!r}\n-> {new!r}")


if __name__ == "__main__":
    main()
