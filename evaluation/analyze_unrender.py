"""Why damaged spans are left or repaired wrong: what unrender's search saw for each.

    python evaluation/analyze_unrender.py [--lines 1500] [--sites 8] [--show 10] [--seed N]

The pages of evaluation/eval_unrender.py (the same truths, the same simulated sites)
are normalized in this process (`zhnorm.normalize`, the stages eval_unrender runs), and
each damaged span is judged as it judges them. For every span left or repaired wrong,
the damaged spans unrender looked at there (`Damage.recover`, one per match of its
damage patterns) are read again: the readings the search enumerated, ranked as unrender
ranks them (`Damage.ranked`), and the gold reading among them (the reading that, put in
the page, gives what the site would have shown had it worked on characters). Each such
span falls in one class, by the first of its damages that did not end in the gold:

- unseen: no damage pattern matched there (the detection: `unrender._spans`);
- not enumerated: the gold is not among the readings (the search or the display rules);
- outscored: the gold is enumerated, but another reading scores higher (the model);
- below margin: the gold is best, but does not hold CONFIDENCE of the weight (the
  threshold), or a check after the choice refused it;
- other: the gold was chosen, and the span is still not exact (spans that interact).

The classes are counted by the damage matched too (a phantom annotation, a phantom
full-width mark flattened to ASCII, a flattened comma a '?' swallowed).

For the outscored, the gold's rank and its margin to the best (log score) are shown.
"""

from __future__ import annotations

import argparse
import collections
import math
import re
import sys

from eval_unrender import CANON, damaged_spans, judge, t2s, truth_lines
from rapidfuzz.distance import Levenshtein
from site_sim import sites

import zhnorm
from zhnorm import unrender

ONLY = ["unrender", "convert", "tidy"]
CLASSES = ["unseen", "not enumerated", "outscored", "below margin", "other"]


class Recorder:
    """What `Damage.recover` saw and did for each damage of the pages normalized meanwhile."""

    def __init__(self) -> None:
        self.seen: list[dict] = []
        self._recover = unrender.Damage.recover
        self._choose = unrender.Damage._choose

    def __enter__(self):
        rec = self

        def recover(self, m):
            self._analysis = None
            got = rec._recover(self, m)
            rec.seen.append(dict(damage=self, text=self.text, m=m, cands=self._analysis, got=got, reason=self.reason))
            return got

        def choose(self, cands, before, prefix):
            self._analysis = (list(cands), before, prefix)
            return rec._choose(self, cands, before, prefix)

        unrender.Damage.recover, unrender.Damage._choose = recover, choose
        return self

    def __exit__(self, *exc) -> None:
        unrender.Damage.recover, unrender.Damage._choose = self._recover, self._choose


def _canon(text: str) -> str:
    return text.translate(CANON)


def is_gold(page: str, undamaged: str, start: int, end: int, replacement: str) -> bool:
    """Whether `replacement` for page[start:end] is what the site would have shown there:
    in the page so repaired, aligned with the undamaged page, the replacement lies in
    equal stretches only, and no edit touches it (widths folded, spaces dropped)."""
    fixed = _canon(page[:start]) + _canon(replacement) + _canon(page[end:])
    a, b = len(_canon(page[:start])), len(_canon(page[:start])) + len(_canon(replacement))
    for op in Levenshtein.opcodes(_canon(undamaged), fixed):
        if op.tag == "equal":
            continue
        s, e = op.dest_start, op.dest_end
        if (s < b and e > a) if s < e else a <= s <= b:  # in it, or something missing in it or at its border
            return False
    return True


def gold_text(page: str, undamaged: str, start: int, end: int, replacement: str) -> str:
    """What the site would have shown where `replacement` stands for page[start:end] (the
    undamaged page's stretch aligned with it, what is missing at its borders included)."""
    fixed = _canon(page[:start]) + _canon(replacement) + _canon(page[end:])
    a, b = len(_canon(page[:start])), len(_canon(page[:start])) + len(_canon(replacement))
    u = _canon(undamaged)
    lo, hi = len(u), 0
    for op in Levenshtein.opcodes(u, fixed):
        s, e = op.dest_start, op.dest_end
        if op.tag == "equal":
            if s <= a < e:
                lo = min(lo, op.src_start + a - s)
            if s < b <= e:
                hi = max(hi, op.src_start + b - s)
        elif (s < b and e > a) if s < e else a <= s <= b:
            lo, hi = min(lo, op.src_start), max(hi, op.src_end)
    return u[lo:hi] if lo < hi else ""


def stands_for(cand: str, gold: str) -> bool:
    """Whether `cand` is `gold` but for a '?' or more, each for one to three characters."""
    if "?" not in cand:
        return False
    pattern = "".join(".{1,3}" if c == "?" else re.escape(c) for c in _canon(cand))
    return re.fullmatch(pattern, gold) is not None


def classify(page: str, undamaged: str, records: list[dict], lo: int, hi: int) -> tuple[str, dict]:
    """The class of the span shown at page[lo:hi] (see the module's doc), and what the
    first damage that did not end in the gold saw."""
    mine = []
    for r in records:
        m = r["m"]
        run = unrender.OUT_OF_STEP.match(page, m.start())
        stop = max([run.end() if run else m.end()] + [e for _, e, _ in (r["cands"] or ([], "", ""))[0]])
        if m.start() < max(hi, lo + 1) and lo < stop:
            mine.append(r)
    if not mine:
        return "unseen", {}
    for r in mine:
        m, d = r["m"], r["damage"]
        if r["cands"] is None or not r["cands"][0]:
            return "not enumerated", dict(r, n=0)
        cands, before, prefix = r["cands"]
        order = d.ranked(cands, before)
        golds = [k for k, ((text, end), _) in enumerate(order) if is_gold(page, undamaged, m.start(), end, prefix + text)]
        top = order[0][1]
        conf = math.exp(top - unrender._logsumexp([v for _, v in order]))
        info = dict(r, n=len(order), order=order, conf=conf)
        if not golds:
            (text, end), _ = order[0]
            info["gold"] = gold_text(page, undamaged, m.start(), end, prefix + text)
            info["for"] = any(stands_for(prefix + t, gold_text(page, undamaged, m.start(), e, prefix + t)) for (t, e), _ in order)
            return "not enumerated", info
        g = golds[0]
        info.update(rank=g + 1, margin=top - order[g][1], gold=order[g][0][0])
        chosen = r["got"]
        if chosen is not None and is_gold(page, undamaged, m.start(), chosen[1], chosen[0]):
            continue
        return ("outscored" if g else "below margin"), info
    return "other", info


def kind_of(m: re.Match | None) -> str:
    """The damage a DAMAGE match says (`unrender.DAMAGE`'s alternatives): a phantom
    annotation after a lead byte, a phantom full-width mark flattened to ASCII, or a
    flattened comma a '?' swallowed before a trail letter; none matched."""
    if m is None:
        return "no match"
    if m.group("flat"):
        return "after a flattened mark"
    if m.group("gone") is not None:
        return "a swallowed mark"
    return "a phantom annotation"


class Wide:
    """A wider search: more readings kept at each step (what the beam cuts, it finds)."""

    def __enter__(self):
        from zhnorm import damage

        self.saved = damage.BEAM, unrender.KEEP, unrender._best.__defaults__
        damage.BEAM, unrender.KEEP, unrender._best.__defaults__ = 64, 48, (48,)
        return self

    def __exit__(self, *exc) -> None:
        from zhnorm import damage

        damage.BEAM, unrender.KEEP, unrender._best.__defaults__ = self.saved


def analyze(n_lines: int, n_sites: int, show: int, brief: bool = False, seed: int | None = None) -> dict:
    truths = truth_lines(n_lines, seed)
    convert = t2s().convert
    counts = collections.Counter()
    verdicts = collections.Counter()
    by_reason = collections.Counter()
    by_kind = collections.Counter()
    margins: list[float] = []
    shown = collections.Counter()
    for site in sites(n_sites):
        for truth in truths:
            page = site.render(truth)
            undamaged = site.undamaged(truth)
            if page is None or page == undamaged:
                continue
            with Recorder() as rec:
                out = zhnorm.normalize(page, only=ONLY)
            for span in damaged_spans(site, truth, page):
                verdict = judge(span, truth, out, convert)
                verdicts[verdict] += 1
                if verdict == "exact":
                    continue
                cls, info = classify(page, undamaged, rec.seen, span.at, span.at + len(span.page))
                counts[cls] += 1
                counts[f"{cls}, {verdict}"] += 1
                by_kind[f"{kind_of(info.get('m'))}, {cls}"] += 1
                if cls == "not enumerated":
                    with Wide(), Recorder() as wide:
                        zhnorm.normalize(page, only=ONLY)
                    wcls, _ = classify(page, undamaged, wide.seen, span.at, span.at + len(span.page))
                    sub = "found by a wider search" if wcls != "not enumerated" else "a '?' stands for it" if info.get("for") else "neither"
                    counts[f"{cls}: {sub}"] += 1
                    if brief:
                        best = info["order"][0][0][0] if info.get("order") else None
                        print(f"## {sub[:12]:12} best {info['m'].group(0)!r}->{best!r} gold {info.get('gold')!r} after {page[info['order'][0][0][1]:info['order'][0][0][1]+2]!r}" if best else f"## {sub[:12]} no readings: {info.get('reason')!r}")
                if cls == "outscored":
                    margins.append(info["margin"])
                if info.get("reason"):
                    by_reason[f"{cls}: {info['reason'].split(':')[0][:60]}"] += 1
                if shown[cls] < show:
                    shown[cls] += 1
                    print(f"-- {cls} ({verdict}), site {site.seed}: {truth[span.start:span.end]!r} shown as {span.page!r}")
                    print(f"   page:  …{page[max(0, span.at - 12): span.at + len(span.page) + 12]}…")
                    print(f"   site:  {undamaged[max(0, span.at - 12): span.at + len(span.page) + 40]}…")
                    if info.get("m"):
                        print(f"   match: {info['m'].group(0)!r} at {info['m'].start()}, readings {info['n']}, reason: {info['reason']!r}")
                    for (text, end), v in (info.get("order") or [])[:4]:
                        print(f"     {v:8.2f} {text!r} to {end}")
                    if info.get("gold") and "rank" not in info:
                        print(f"   gold {info['gold']!r}")
                    if "rank" in info:
                        print(f"   gold {info['gold']!r}: rank {info['rank']}, margin {info['margin']:.2f}, best's confidence {info['conf']:.3f}")
    return dict(verdicts=verdicts, classes=counts, reasons=by_reason, margins=sorted(margins), kinds=by_kind)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1500)
    ap.add_argument("--sites", type=int, default=8)
    ap.add_argument("--show", type=int, default=0, help="print this many spans of each class")
    ap.add_argument("--brief", action="store_true", help="print a line for each span not enumerated")
    ap.add_argument("--seed", type=int, default=None, help="the corpus lines drawn at random with this seed, as eval_unrender.py --seed")
    args = ap.parse_args()
    r = analyze(args.lines, args.sites, args.show, args.brief, args.seed)
    v = r["verdicts"]
    print(f"damaged spans {sum(v.values())}: exact {v['exact']}, left {v['left']}, wrong {v['wrong']}")
    for cls in CLASSES:
        print(f"  {cls:15} {r['classes'][cls]:4}   (left {r['classes'][cls + ', left']}, wrong {r['classes'][cls + ', wrong']})")
        for k in sorted(r["classes"]):
            if k.startswith(cls + ": "):
                print(f"      {k[len(cls) + 2:]:30} {r['classes'][k]:4}")
    if r["margins"]:
        ms = r["margins"]
        print(f"  outscored: margin median {ms[len(ms) // 2]:.2f}, under 1: {sum(x < 1 for x in ms)}, under 3: {sum(x < 3 for x in ms)}")
    print("by the damage unrender matched first there:")
    for k, n in sorted(r["kinds"].items(), key=lambda kv: -kv[1]):
        print(f"  {n:4} {k}")
    print("reasons:")
    for k, n in r["reasons"].most_common():
        print(f"  {n:4} {k}")


if __name__ == "__main__":
    sys.exit(main())
