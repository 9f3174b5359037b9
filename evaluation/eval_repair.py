"""Evaluate the repair stage on garbled corpus sentences and on clean text.

    python evaluation/eval_repair.py [--cases 300] [--show 5] [--seed 11]

For each kind (evaluation/garble.py), alone and embedded in a clean line: the share of
recoverable cases repaired exactly; the lossy cases repaired exactly but for U+FFFD
where a character is gone; then the number of lines of clean text (all of
../shared/corpora, its Traditional conversion, European and rare-character text)
that the stage changed, which must be zero.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from garble import KINDS, SEED, cases, negatives  # noqa: E402

from zhnorm.repair import repair_text  # noqa: E402


def _as_far_as_it_goes(out: str, truth: str) -> bool:
    return len(out) == len(truth) and all(o == t or o == "\ufffd" for o, t in zip(out, truth))


def evaluate(n: int = 300, show: int = 0, seed: int = SEED) -> dict:
    exact = collections.Counter()
    total = collections.Counter()
    lossy_total = collections.Counter()
    lossy_partial = collections.Counter()
    shown = 0
    for kind, where, garbled, truth, recoverable in cases(n, seed):
        out, _ = repair_text(garbled)
        if recoverable:
            total[kind, where] += 1
            exact[kind, where] += out == truth
            if out != truth and shown < show:
                shown += 1
                print(f"-- {kind} ({where})\n garbled: {garbled}\n out:     {out}\n truth:   {truth}\n")
        else:
            lossy_total[kind] += 1
            lossy_partial[kind] += out == truth or _as_far_as_it_goes(out, truth)
    changed = [line for line in negatives() if repair_text(line)[0] != line]
    for line in changed[:show]:
        print(f"-- clean text changed: {line}  ->  {repair_text(line)[0]}")
    return {
        "rates": {k: {w: (exact[k, w], total[k, w]) for w in ("alone", "embedded")} for k in KINDS},
        "lossy": {k: (lossy_partial[k], lossy_total[k]) for k in KINDS},
        "clean_lines": len(negatives()),
        "clean_changed": len(changed),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=300, help="cases per kind")
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--seed", type=int, default=SEED, help="another seed draws other sentences")
    args = ap.parse_args()
    s = evaluate(args.cases, args.show, args.seed)
    print(f"{'kind':18} {'alone':>16} {'embedded':>16} {'lossy: as far as it goes':>26}")
    for k in KINDS:
        cells = []
        for w in ("alone", "embedded"):
            e, t = s["rates"][k][w]
            cells.append(f"{e}/{t} ({e / t:.1%})" if t else "-")
        lp, lt = s["lossy"][k]
        print(f"{k:18} {cells[0]:>16} {cells[1]:>16} {f'{lp}/{lt}' if lt else '-':>26}")
    print(f"clean text: {s['clean_changed']} of {s['clean_lines']:,} lines changed")


if __name__ == "__main__":
    main()
