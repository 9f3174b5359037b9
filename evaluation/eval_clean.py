"""Evaluate the clean stage on the labeled pages of evaluation/clean_pages.py.

    python evaluation/eval_clean.py [--pages 80] [--show 10]

Prints, per category, how many lines the set labels with it, how many of them the
stage dropped (recall), and how many lines it dropped under that category that were
labeled otherwise; overall, the precision of drops (article lines dropped count
against it) and the recall of boilerplate.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clean_pages import pages, seed_page  # noqa: E402
from corpus import SEED  # noqa: E402

from zhnorm import Options, Pipeline  # noqa: E402
from zhnorm.pipeline import split_lines  # noqa: E402


def evaluate(n_pages: int = 80, show: int = 0) -> dict:
    labeled_pages = pages(n_pages)
    if SEED.exists():
        labeled_pages.append(seed_page(SEED))
    truth = collections.Counter()
    hit = collections.Counter()
    wrong = collections.Counter()  # dropped under a category, labeled otherwise
    kept_article = dropped_article = 0
    mistakes = []
    for page in labeled_pages:
        dropped: dict[int, str] = {}

        def listen(event, dropped=dropped):
            if event.stage == "clean" and event.after is None:
                dropped[event.line] = event.reason

        pipeline = Pipeline(Options.build(only=["unrender", "convert", "clean"]), listener=listen)
        text = "\n".join(line for line, _ in page)
        for _ in pipeline.run(split_lines(text)):
            pass
        for no, (line, label) in enumerate(page, 1):
            got = dropped.get(no)
            if label is None:
                if not line.strip():
                    continue
                if got:
                    dropped_article += 1
                    wrong[got] += 1
                    mistakes.append(("dropped article line", got, line))
                else:
                    kept_article += 1
                continue
            truth[label] += 1
            if got:
                hit[label] += 1
                if got != label:
                    mistakes.append(("other category", f"{label} as {got}", line))
            else:
                mistakes.append(("kept boilerplate", label, line))
    drops = sum(hit.values()) + dropped_article
    for kind, what, line in mistakes[:show]:
        print(f"{kind:22} {what:22} {line}")
    return {
        "categories": {c: (truth[c], hit[c], wrong[c]) for c in sorted(truth)},
        "precision": (drops - dropped_article) / drops if drops else 1.0,
        "recall": sum(hit.values()) / sum(truth.values()),
        "article_lines": kept_article + dropped_article,
        "article_dropped": dropped_article,
        "pages": len(labeled_pages),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=80)
    ap.add_argument("--show", type=int, default=0, help="print this many mistakes")
    args = ap.parse_args()
    s = evaluate(args.pages, args.show)
    print(f"{s['pages']} pages, {s['article_lines']} article lines ({s['article_dropped']} dropped)")
    print(f"{'category':12} {'lines':>6} {'dropped':>8} {'recall':>7} {'wrongly here':>13}")
    for c, (n, h, w) in s["categories"].items():
        print(f"{c:12} {n:6} {h:8} {h / n:7.3f} {w:13}")
    print(f"precision of drops {s['precision']:.4f}   recall of boilerplate {s['recall']:.4f}")


if __name__ == "__main__":
    main()
