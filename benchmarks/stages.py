"""Where the time goes: CPU seconds per 100 MB of input for each stage of the pipeline.

    python benchmarks/stages.py                 # the bench inputs of 20 MB (benchmarks/out/)
    python benchmarks/stages.py --size-mb 4     # a quicker, noisier look
    python benchmarks/stages.py --size-mb 1 --dir /tmp/in   # inputs (trad-1MB.txt, ...) kept elsewhere

Each stage runs alone through the CLI (`normalize --only STAGE FILE > /dev/null`), and
decode alone (every stage skipped) is the floor: a stage's figure is its run's CPU
time (user + system, of the child, from the operating system) minus decode's. The whole
pipeline is measured too; it is less than the sum where a stage finds less to do after
the ones before it. CPU time, not wall time: on a shared machine it is far less noisy.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each command (the least is kept)")
    ap.add_argument("--dir", metavar="DIR", help="where the inputs are, or are built (default: benchmarks/out/)")
    ap.add_argument("--normalize", metavar="PATH", help="the normalize command to measure (default: this environment's)")
    args = ap.parse_args()
    size = args.size_mb * bench.MB
    if args.dir:
        bench.OUT = pathlib.Path(args.dir)
    inputs = {
        "traditional": bench.build_input(f"trad-{args.size_mb}MB.txt", size, bench.traditional_text),
        "rendered": bench.build_input(f"rendered-{args.size_mb}MB.txt", size, bench.rendered_text),
        "simplified": bench.build_input(f"simp-{args.size_mb}MB.txt", size, bench.simplified_text),
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
        row["whole"] = (cpu_seconds([normalize, "--no-config", str(path)], args.repeat) - startup) * per100
        rows.append((label, row))
        print(label, {k: round(v, 1) for k, v in row.items()}, flush=True)
    names = ("decode", *STAGES, "whole")
    print(f"\nstart-up (no input): {startup:.2f} s CPU\n")
    print("| input | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, row in rows:
        print(f"| {label} | " + " | ".join(f"{row[n]:.1f}" for n in names) + " |")


if __name__ == "__main__":
    main()
