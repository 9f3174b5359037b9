"""Where the time goes: CPU seconds per 100 MB of input for each stage of the pipeline.

    python benchmarks/stages.py                 # the bench inputs of 20 MB (benchmarks/out/)
    python benchmarks/stages.py --size-mb 4     # a quicker, noisier look
    python benchmarks/stages.py --size-mb 1 --dir /tmp/in   # inputs (trad-1MB.txt, ...) kept elsewhere
    python benchmarks/stages.py --inputs traditional,simplified --opencc   # those two, and OpenCC's t2s
    python benchmarks/stages.py --search FILE   # where unrender's damage search spends its time

Each stage runs alone through the CLI (`normalize --only STAGE FILE > /dev/null`), and
decode alone (every stage skipped) is the floor: a stage's figure is its run's CPU
time (user + system, of the child, from the operating system) minus decode's. The whole
pipeline is measured too; it is not the sum: a stage finds less to do after the ones
before it, or more (clean's rules are written in simplified characters: on Traditional
input they find more once convert ran). CPU time, not wall time: on a shared machine it is far less noisy.
Inputs are those of bench.py (built there if missing).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

STAGES = ("repair", "unrender", "convert", "clean", "tidy")
#: input label -> (its file's name prefix, the bench function that makes its text)
INPUTS = {
    "traditional": ("trad", "traditional_text"),
    "rendered": ("rendered", "rendered_text"),
    "simplified": ("simp", "simplified_text"),
}


def cpu_seconds(cmd: list[str], repeat: int) -> float:
    """The least CPU time (user + system) of `repeat` runs of cmd, output discarded."""
    best = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(os.devnull, "wb") as null:
            subprocess.run(cmd, stdout=null, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = spent if best is None else min(best, spent)
    return best


def search_profile(path: str) -> None:
    """CPU seconds spent in each function of unrender's damage search, each without the
    functions below it that are listed (a stack of timers, in this process), on
    `normalize --only unrender FILE`; the tables a page keeps are timed when they are
    made, not when they are read."""
    import functools
    import time

    from zhnorm import cli, damage, unrender

    clock, spent, calls, stack = time.process_time, {}, {}, []

    def timed(f, label):
        def g(*a, **k):
            t = clock()
            stack.append(0.0)
            try:
                return f(*a, **k)
            finally:
                took, inner = clock() - t, stack.pop()
                spent[label] = spent.get(label, 0.0) + took - inner
                calls[label] = calls.get(label, 0) + 1
                if stack:
                    stack[-1] += took

        return g

    for name in ("_lost_ends_scored", "_lost_order", "_middle_table"):
        cached = getattr(damage, name)
        setattr(damage, name, functools.lru_cache(maxsize=cached.cache_info().maxsize)(timed(cached.__wrapped__, name + " (made)")))
    for name in ("pair_matrix", "_completions", "completions", "completions_bound"):
        setattr(damage, name, timed(getattr(damage, name), name))
    unrender.completions, unrender.completions_bound = damage.completions, damage.completions_bound  # as imported there
    for name in ("repair_damage", "_out_of_step"):
        setattr(unrender, name, timed(getattr(unrender, name), name))
    page = damage.Page
    for name in ("__init__", "_middles", "two_lost", "followers", "_columns"):
        setattr(page, name, timed(getattr(page, name), "Page." + name))
    for name, table in (("lost", "_lost"), ("dropped_after", "_after")):
        read, made = getattr(page, name), timed(getattr(page, name), f"Page.{name} (made)")
        setattr(page, name, lambda self, *key, read=read, made=made, table=table: (read if key in getattr(self, table) else made)(self, *key))
    for name in ("recover", "_flattened", "_resync_new", "_at_lost", "_dropped_before", "_choose"):
        setattr(unrender.Damage, name, timed(getattr(unrender.Damage, name), "Damage." + name))
    # each span unrender tries to repair (`Damage.recover`): its CPU time, all included,
    # how many readings it chose among (`Damage._choose`), and what became of it
    spans: list[tuple[float, int, str]] = []
    choose, recover = unrender.Damage._choose, unrender.Damage.recover

    def counted(self, cands, *a):
        self._counted = len(cands)
        return choose(self, cands, *a)

    def span(self, m):
        t, self._counted = clock(), 0
        got = recover(self, m)
        fate = "left" if got is None else "repaired, a '?' kept" if "?" in got[0] else "repaired"
        spans.append((clock() - t, self._counted, fate))
        return got

    unrender.Damage._choose, unrender.Damage.recover = counted, span
    start = clock()
    sys.argv = ["normalize", "--only", "unrender", path]
    with open(os.devnull, "w") as null:
        out, sys.stdout = sys.stdout, null
        try:
            cli.main()
        except SystemExit:
            pass
        finally:
            sys.stdout = out
    total = clock() - start
    print(f"{path}: {total:.2f} s CPU\n\n| function | CPU s | share | calls |\n|---|---:|---:|---:|")
    for label, t in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"| {label} | {t:.2f} | {t / total:.1%} | {calls[label]} |")
    print("\n| spans | n | CPU s | share | s per span | readings per span | most s |\n|---|---:|---:|---:|---:|---:|---:|")
    for fate in ("repaired", "repaired, a '?' kept", "left", "all"):
        these = [s for s in spans if fate in ("all", s[2])]
        if these:
            t = sum(s[0] for s in these)
            print(f"| {fate} | {len(these)} | {t:.2f} | {t / total:.1%} | {t / len(these):.3f} | {sum(s[1] for s in these) / len(these):.1f} | {max(s[0] for s in these):.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command (the least is kept)")
    ap.add_argument("--dir", metavar="DIR", help="where the inputs are, or are built (default: benchmarks/out/)")
    ap.add_argument("--normalize", metavar="PATH", help="the normalize command to measure (default: this environment's)")
    ap.add_argument("--inputs", default=",".join(INPUTS), help="which inputs, comma-separated (default: all: %(default)s)")
    ap.add_argument("--opencc", action="store_true", help="also the OpenCC C++ CLI's t2s on each input, and the whole pipeline's ratio to it")
    ap.add_argument("--search", metavar="FILE", help="only the damage search's profile on FILE (see search_profile)")
    args = ap.parse_args()
    if args.search:
        search_profile(args.search)
        return
    size = args.size_mb * bench.MB
    if args.dir:
        bench.OUT = pathlib.Path(args.dir)
    wanted = args.inputs.split(",")
    unknown = set(wanted) - set(INPUTS)
    if unknown:
        ap.error(f"unknown input(s): {', '.join(sorted(unknown))} (known: {', '.join(INPUTS)})")
    inputs = {
        label: bench.build_input(f"{INPUTS[label][0]}-{args.size_mb}MB.txt", size, getattr(bench, INPUTS[label][1]))
        for label in INPUTS
        if label in wanted
    }
    normalize = args.normalize or str(bench.bin_dir() / "normalize")
    skip_all = [a for s in STAGES for a in ("--skip", s)]
    startup = cpu_seconds([normalize, *skip_all, os.devnull], args.repeat)
    rows = []
    for label, path in inputs.items():
        per100 = 100 * bench.MB / path.stat().st_size
        decode = cpu_seconds([normalize, *skip_all, str(path)], args.repeat)
        row = {"decode": (decode - startup) * per100}
        for stage in STAGES:
            row[stage] = (cpu_seconds([normalize, "--only", stage, str(path)], args.repeat) - decode) * per100
        # --no-config: an option, so that the command starts as those above do (a plain
        # `normalize FILE` starts without the option parser)
        whole = cpu_seconds([normalize, "--no-config", str(path)], args.repeat)
        row["whole"] = (whole - startup) * per100
        if args.opencc:  # the ratio is of the whole runs, start-up included, as bench.py's
            opencc = cpu_seconds([*bench.opencc_cli(), "-i", str(path), "-o", os.devnull], args.repeat)
            row["opencc t2s"] = opencc * per100
            row["ratio"] = opencc / whole
        rows.append((label, row))
        print(label, {k: round(v, 1) for k, v in row.items()}, flush=True)
    names = ("decode", *STAGES, "whole", *(("opencc t2s", "ratio") if args.opencc else ()))
    print(f"\nstart-up (no input): {startup:.2f} s CPU\n")
    print("| input | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, row in rows:
        print(f"| {label} | " + " | ".join(f"{row[n]:.2f}" if n == "ratio" else f"{row[n]:.1f}" for n in names) + " |")


if __name__ == "__main__":
    main()
