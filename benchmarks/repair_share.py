"""Repair's share of the default pipeline on clean text, in CPU time.

    python benchmarks/repair_share.py [--size-mb 5] [--cmd NORMALIZE]...

Each command (default: this checkout's `normalize`) runs on the bench inputs of
bench.py (Traditional text, simplified text; built into benchmarks/out/ once) with and
without `--skip repair`, in turn, REPEAT times (`--repeat`); the best CPU time (user + system of the
child, from the operating system: far less noisy than wall time on a shared machine) of
each is kept, and the share is (with - without) / with. Several `--cmd` are measured side
by side in one run (the code before a change first on PYTHONPATH, say).

`--stage-src DIR` (repeatable) times the repair stage alone instead, in a fresh process
with DIR first on sys.path (a checkout's `src`): CPU seconds of the stage over the input's
lines, its tables' loading included, the input's reading not; best of `--repeat`.

`--instructions` counts instructions instead of CPU time (valgrind's cachegrind, no cache
simulation: the same count on a loaded machine, once each; about 3 minutes a run of 5 MB
on an idle core). Each command runs once before, unmeasured, so that Python's bytecode is
written and its compiling is not counted (unless PYTHONDONTWRITEBYTECODE forbids it).
"""

from __future__ import annotations

import argparse
import pathlib
import re
import resource
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

REPEAT = 3
STAGE = """
import sys, time
sys.path.insert(0, sys.argv[1])
from zhnorm.options import Options
from zhnorm.repair import Repair
from zhnorm.stage import Line
text = open(sys.argv[2], encoding="utf-8").read()
lines = [Line(t, i) for i, t in enumerate(text.split("\\n"))]
start = time.process_time()
for _ in Repair(Options())(lines):
    pass
print(time.process_time() - start)
"""


def stage(src: str, path: pathlib.Path) -> float:
    out = subprocess.run([sys.executable, "-c", STAGE, src, str(path)], capture_output=True, check=True, text=True)
    return float(out.stdout)


def cpu(cmd: list[str], path: pathlib.Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*cmd, str(path)], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(cmd: list[str], path: pathlib.Path) -> int:
    """Instructions `cmd` runs on `path` (valgrind's cachegrind, its `I refs`, summed over
    the processes it starts: a wrapper script's, a worker's)."""
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--trace-children=yes", "--cachegrind-out-file=/dev/null", *cmd, str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, text=True,
    )
    return sum(int(n.replace(",", "")) for n in re.findall(r"I\s+refs:\s+([\d,]+)", out.stderr))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=5)
    ap.add_argument("--cmd", action="append", help="a normalize command (repeatable)")
    ap.add_argument("--repeat", type=int, default=REPEAT, help="runs of each, the best kept")
    ap.add_argument("--stage-src", action="append", help="time the repair stage alone with this src first on sys.path (repeatable)")
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of CPU time, once each")
    args = ap.parse_args()
    cmds = args.cmd or [str(bench.bin_dir() / "normalize")]
    size = args.size_mb * bench.MB
    inputs = {
        "traditional": bench.build_input(f"trad-{args.size_mb}MB.txt", size, bench.traditional_text),
        "simplified": bench.build_input(f"simp-{args.size_mb}MB.txt", size, bench.simplified_text),
    }
    if args.stage_src:
        for label, path in inputs.items():
            times: dict[str, list[float]] = {}
            for _ in range(args.repeat):
                for src in args.stage_src:
                    times.setdefault(src, []).append(stage(src, path))
            for src in args.stage_src:
                print(f"{label:12} repair stage alone, {src:32} {min(times[src]):6.3f} s", flush=True)
        return
    if args.instructions:
        for label, path in inputs.items():
            for c in cmds:
                subprocess.run([c, str(path)], stdout=subprocess.DEVNULL, check=True)  # bytecode written
                full, skip = instructions([c], path), instructions([c, "--skip", "repair"], path)
                print(f"{label:12} {c:44} with repair {full / 1e9:6.3f} G  without {skip / 1e9:6.3f} G  share {(full - skip) / full:6.1%}", flush=True)
        return
    for label, path in inputs.items():
        runs: dict[tuple[str, bool], list[float]] = {}
        for _ in range(args.repeat):
            for c in cmds:
                runs.setdefault((c, True), []).append(cpu([c], path))
                runs.setdefault((c, False), []).append(cpu([c, "--skip", "repair"], path))
        for c in cmds:
            full, skip = min(runs[c, True]), min(runs[c, False])
            print(f"{label:12} {c:44} with repair {full:6.2f} s  without {skip:6.2f} s  share {(full - skip) / full:6.1%}", flush=True)


if __name__ == "__main__":
    main()
