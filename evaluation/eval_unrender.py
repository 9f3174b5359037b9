"""Evaluate unrender on simulated rendering sites, through the CLI, against the usual baseline.

    python evaluation/eval_unrender.py [--lines 1500] [--sites 8] [--show 5] [--cmd CMD] [--seed N]

Each simplified line of ../shared/corpora (the truth) is rendered by each simulated
site (evaluation/site_sim.py) into a page, and each page is written as a UTF-8 file
(bytes, as a user saves one), then normalized two ways, end to end:

- zhnorm: the files through one `normalize --only unrender --only convert --only tidy`
  run (the default pipeline without repair and clean), in batches
  (evaluation/through_cli.py);
- baseline: what people do today, the pages through a shell pipeline, a regex that
  strips every (pinyin) (perl) and the OpenCC command line's t2s.

It prints the character error rate of each against the truth (edit distance over
truth length, after mapping , ; : ( ) ! ? to one width and dropping spaces, so that
only characters count), the lines whose bytes were damaged that came out exact, the
annotations left in the output, the damaged spans left (a '?' before a pinyin
syllable), and what unrender counted (`--stats`: spans repaired, spans left and
reported).

Then each damaged span, as the simulator knows it (where the page differs from what
the site would show had it worked on characters, not bytes; spans of the truth that
touch are one), is judged in the output: repaired exactly (the output holds the truth
there), left as it was (the output shows the page's own text there, annotations stripped
and t2s applied, or a damage mark, '?' or U+FFFD, with nothing beside it but the truth's
characters in their order: a mark beside a wrong character is a wrong repair; reported when unrender's
--explain names it: the text a report names overlaps the span's in the page), or
repaired wrong (anything else). Reports that name a span another report named already
(one damage matched twice) and reports of no damaged span are counted apart.

Nothing of zhnorm is imported: the annotation patterns and the baseline are this file's.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import shlex
import sys
from dataclasses import dataclass

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import rows  # noqa: E402
from site_sim import sites  # noqa: E402
from through_cli import CMD, normalize_files, run_filter  # noqa: E402

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
LETTERS = f"a-z{TONED}üê"
SYLLABLE = f"[{LETTERS}]{{1,6}}"
#: an annotation as the baseline's regex knows it: (letters), one of them toned
ANY_ANNOTATION = f"\\((?=[{LETTERS}]*[{TONED}])[{LETTERS}]{{1,6}}\\)"
LEFT_ANNOTATION = re.compile(f"[\u3400-\u9fff]{ANY_ANNOTATION}")
LEFT_DAMAGE = re.compile(f"[?\ufffd]\\(?{SYLLABLE}\\)")
DAMAGE_MARK = set("?？\ufffd€")
CANON = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?", " ": None})
ARGS = ["--only", "unrender", "--only", "convert", "--only", "tidy"]
OPENCC = str(pathlib.Path(sys.executable).with_name("opencc"))
BASELINE = f"perl -CSD -Mutf8 -pe 's/{ANY_ANNOTATION}//g' | {shlex.quote(OPENCC)} -c t2s"


def t2s():
    import opencc

    return opencc.OpenCC("t2s", include_tofu_risk_dictionaries=True)


def truth_lines(limit: int, seed: int | None = None) -> list[str]:
    """Simplified lines of the corpora (a few web lines there are Traditional: left out).

    Lines with 著 are left out too: web text also writes it for 着, so their truth is
    unsure; the tests check the 著 rules with exact cases instead. Without `seed`, every
    so many lines of them (the same lines each run); with one, `limit` lines drawn at
    random by it (another draw of text to check a change on), in the corpora's order.
    """
    convert = t2s().convert
    lines = []
    for row in rows():
        if 10 <= len(row) <= 400 and not set(row) & set("(?著") and convert(row) == row:
            lines.append(row)
    if seed is not None:
        import random

        return [lines[k] for k in sorted(random.Random(seed).sample(range(len(lines)), min(limit, len(lines))))]
    step = max(1, len(lines) // limit)
    return lines[::step][:limit]


def canon(text: str) -> tuple[str, list[int]]:
    """`text` in CANON's form, and for each character of `text` its index there (a
    dropped space: the index of what follows)."""
    out, index, n = [], [], 0
    for c in text:
        index.append(n)
        c = c.translate(CANON)
        out.append(c)
        n += len(c)
    return "".join(out), index


@dataclass
class Span:
    start: int  # in the truth
    end: int
    page: str  # what the page shows there
    at: int = 0  # where that is in the page


def damaged_spans(site, truth: str, page: str) -> list[Span]:
    """The truth's spans whose characters the page shows otherwise than the site would had
    it worked on characters (site.undamaged); spans that touch are one."""
    from rapidfuzz.distance import Levenshtein

    pieces = [site.undamaged(c) for c in truth]  # what the site makes of each character
    undamaged = "".join(pieces)
    assert undamaged == site.undamaged(truth), "the site no longer works character by character"
    owner = [k for k, p in enumerate(pieces) for _ in p]  # position in undamaged -> truth index
    spans: list[list[int]] = []  # [start, end, page start, page end]
    for op in Levenshtein.opcodes(undamaged, page):
        if op.tag == "equal":
            continue
        if op.src_start < op.src_end:
            a, b = owner[op.src_start], owner[op.src_end - 1] + 1
        else:  # inserted before undamaged[src_start]: the character it is in, or at a border
            k = op.src_start
            inside = 0 < k < len(owner) and owner[k - 1] == owner[k]
            a = owner[k] if k < len(owner) else len(truth)
            b = a + 1 if inside else a
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
            spans[-1][3] = op.dest_end
        else:
            spans.append([a, b, op.dest_start, op.dest_end])
    return [Span(a, b, page[pa:pb], pa) for a, b, pa, pb in spans]


def reported_spans(spans: list[Span], page: str, reports: list[str]) -> tuple[set[int], int, int]:
    """Which of `spans` unrender's `reports` name (the text of each span it left, in the
    order of the line: found in the page one after another), and how many reports named
    a span another report named already (one damage matched twice: a span inside the run
    of one left before it) or none of them.

    A report names a span when the text it names overlaps what the page shows there (the
    first place on from the last report's where it does)."""
    named: set[int] = set()
    again = elsewhere = 0
    pos = 0
    for text in reports:
        hit: list[int] = []
        at = page.find(text, pos)
        while at >= 0 and not hit:  # the same text can be the page's own elsewhere (呢??)
            hit = [k for k, s in enumerate(spans) if s.at < at + len(text) and at < s.at + max(1, len(s.page))]
            if hit:
                pos = at + len(text)
            else:
                at = page.find(text, at + 1)
        if not hit:
            elsewhere += 1
        elif named.issuperset(hit):
            again += 1
        named.update(hit)
    return named, again, elsewhere


def judge(span: Span, truth: str, out: str, convert) -> str:
    """'exact', 'left' or 'wrong': what the output holds where the span is."""
    from rapidfuzz.distance import Levenshtein

    t, index = canon(truth)
    o = out.translate(CANON)
    a = index[span.start] if span.start < len(truth) else len(t)
    b = index[span.end] if span.end < len(truth) else len(t)
    got, touched = [], False
    for op in Levenshtein.opcodes(t, o):
        s1, s2 = op.src_start, op.src_end
        if op.tag == "equal":
            lo, hi = max(s1, a), min(s2, b)
            if lo < hi:
                got.append(o[op.dest_start + lo - s1 : op.dest_start + hi - s1])
        elif (s1 < b and s2 > a) if s1 < s2 else a <= s1 <= b:  # an insertion at its border counts
            touched = True
            got.append(o[op.dest_start : op.dest_end])
    if not touched:
        return "exact"
    there = "".join(got)
    as_shown = convert(re.sub(ANY_ANNOTATION, "", span.page)).translate(CANON)
    if as_shown and as_shown in there:
        return "left"
    if DAMAGE_MARK & set(there) and _within(there, t[a:b]):
        return "left"  # a mark where characters are missing, and no character wrong
    return "wrong"


def _within(there: str, truth: str) -> bool:
    """Whether the characters of `there` other than DAMAGE_MARK's are the truth's, in its
    order (some of them): a repair that put a mark where it could not tell, and wrote
    nothing wrong beside it. A mark beside a wrong character is a wrong repair."""
    rest = iter(truth)
    return all(c in rest for c in there if c not in DAMAGE_MARK)


def evaluate(n_lines: int = 1500, n_sites: int = 8, show: int = 0, real: bool = True, cmd: str = CMD, seed: int | None = None) -> dict:
    from rapidfuzz.distance import Levenshtein

    truths = truth_lines(n_lines, seed)
    cases = []  # (site, truth, page)
    for site in sites(n_sites, real):
        for truth in truths:
            page = site.render(truth)
            if page is not None:
                cases.append((site, truth, page))
    results = normalize_files([(page + "\n").encode("utf-8") for _, _, page in cases], ARGS, cmd, explain=True)
    baselines = run_filter(BASELINE, "".join(page + "\n" for _, _, page in cases).encode("utf-8")).decode("utf-8").split("\n")
    assert len(baselines) == len(cases) + 1, "the baseline gave another number of lines"
    convert = t2s().convert
    stats = dict(lines=0, chars=0, ours=0, base=0, left_annotations=0, base_left_annotations=0, left_damage=0, pages_damaged=0,
                 damaged=0, damaged_exact=0, base_damaged_exact=0, repaired=0, unrecoverable=0,
                 spans=0, exact=0, left=0, reported=0, wrong=0, reported_again=0, reported_elsewhere=0)
    shown = 0
    for (site, truth, page), result, base in zip(cases, results, baselines):
        ours = result.text
        counts = result.changes.get("unrender", {})
        stats["repaired"] += counts.get("damaged spans repaired", 0)
        reported = counts.get("damaged spans left as they are", 0)
        stats["unrecoverable"] += reported
        t = truth.translate(CANON)
        e_ours = Levenshtein.distance(ours.translate(CANON), t)
        e_base = Levenshtein.distance(base.translate(CANON), t)
        stats["lines"] += 1
        stats["chars"] += len(t)
        stats["ours"] += e_ours
        stats["base"] += e_base
        stats["left_annotations"] += len(LEFT_ANNOTATION.findall(ours))
        stats["base_left_annotations"] += len(LEFT_ANNOTATION.findall(base))
        stats["left_damage"] += len(LEFT_DAMAGE.findall(ours))
        stats["pages_damaged"] += bool(LEFT_DAMAGE.search(page))
        verdicts = []
        spans: list[Span] = []
        if page != site.undamaged(truth):  # the bytes were damaged, not just annotated
            stats["damaged"] += 1
            stats["damaged_exact"] += e_ours == 0
            stats["base_damaged_exact"] += e_base == 0
            spans = damaged_spans(site, truth, page)
            for span in spans:
                verdict = judge(span, truth, ours, convert)
                verdicts.append((span, verdict))
                stats["spans"] += 1
                stats[verdict] += 1
        assert len(result.left) == reported, "--explain names another number of spans left than --stats counts"
        named, again, elsewhere = reported_spans(spans, page, result.left)
        stats["reported"] += sum(v == "left" for k, (_, v) in enumerate(verdicts) if k in named)
        stats["reported_again"] += again
        stats["reported_elsewhere"] += elsewhere
        if e_ours and shown < show:
            shown += 1
            judged = "".join(f"\n span:  {truth[s.start:s.end]!r} shown as {s.page!r}: {v}" for s, v in verdicts)
            print(f"-- site {site.seed}, {e_ours} errors, spans left and reported {reported}\n page:  {page}\n ours:  {ours}\n truth: {truth}{judged}\n")
    stats["cer"] = stats["ours"] / stats["chars"]
    stats["base_cer"] = stats["base"] / stats["chars"]
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1500)
    ap.add_argument("--sites", type=int, default=8)
    ap.add_argument("--show", type=int, default=0, help="print this many lines that still have errors")
    ap.add_argument("--old-display", action="store_true", help="the older display: user-defined pairs and 0x80 as '?'")
    ap.add_argument("--cmd", default=CMD, help="the normalize command (default: this checkout's .venv/bin/normalize)")
    ap.add_argument("--seed", type=int, default=None, help="draw the corpus lines at random with this seed (default: every so many lines)")
    args = ap.parse_args()
    s = evaluate(args.lines, args.sites, args.show, real=not args.old_display, cmd=args.cmd, seed=args.seed)
    spans = max(1, s["spans"])
    print(f"lines: {s['lines']:,} ({s['chars']:,} characters), pages with damaged spans: {s['pages_damaged']:,}")
    print(f"character error rate   zhnorm {s['cer']:.4%}   baseline {s['base_cer']:.4%}   ratio {s['cer'] / s['base_cer']:.3f}")
    print(f"lines with damaged bytes {s['damaged']:,}: exact zhnorm {s['damaged_exact'] / max(1, s['damaged']):.2%}   baseline {s['base_damaged_exact'] / max(1, s['damaged']):.2%}")
    print(f"annotations left       zhnorm {s['left_annotations']:,}   baseline {s['base_left_annotations']:,}")
    print(f"damaged spans          repaired {s['repaired']:,}   left in output {s['left_damage']:,}   reported unrecoverable {s['unrecoverable']:,}")
    print(f"damaged spans (simulator) {s['spans']:,}: repaired exactly {s['exact']:,} ({s['exact'] / spans:.1%})   "
          f"left as they were {s['left']:,} (reported {s['reported']:,})   repaired wrong {s['wrong']:,} ({s['wrong'] / spans:.1%})")
    print(f"reports of spans left   {s['unrecoverable']:,}: of a span another report named {s['reported_again']:,}, "
          f"of no damaged span {s['reported_elsewhere']:,}")


if __name__ == "__main__":
    main()
