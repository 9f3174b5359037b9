"""-j N against one process and OpenCC's t2s, interleaved in one run, on the bench inputs.

    python benchmarks/jobs.py                        # the 20 MB Traditional and simplified files, 5 rounds
    python benchmarks/jobs.py --repeat 3 --jobs 2 FILE...
    python benchmarks/jobs.py --src OLD/src          # another build's source too, in the same rounds
    python benchmarks/jobs.py --workers              # and where -j N's CPU goes (see below)

Each round runs every contender once on each file (`opencc -c t2s`, `normalize FILE`,
`normalize -j N FILE`, for each build: this tree's `src/` and each `--src`, a source
folder such as `git archive`'s of an older commit, run as `python -m zhnorm` with this
environment's Python and packages), output discarded; the best wall time and the
least CPU time (user + system, the workers' included) of the rounds are printed, with
the peak RSS of the largest process. On a shared machine wall times say little: a
second worker only helps when a core is free.

`--workers` also runs `normalize -j N FILE` in a Python that times the pieces of
`zhnorm.parallel`: the parent's CPU when its workers can start (start-up and the
warm-up of `Parallel._warm`) and each worker's CPU in its chunks (`_chunk`). Their
critical path, that CPU of the parent plus the largest of the workers', is what the
wall time is on an idle machine with N free cores, whatever the load here.
"""

from __future__ import annotations

import argparse
import collections
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

TIMED = """
import os, sys, time
import zhnorm.parallel as P
chunk, warm = P._chunk, P.Parallel._warm
def timed_chunk(*a, **k):
    c = time.process_time()
    try:
        return chunk(*a, **k)
    finally:
        sys.stderr.write(f"chunk {os.getpid()} {time.process_time() - c}\\n")
for name in ("__module__", "__qualname__", "__name__"):
    setattr(timed_chunk, name, getattr(chunk, name))
def timed_warm(self, *a):
    warm(self, *a)
    sys.stderr.write(f"start {time.process_time()}\\n")
P._chunk, P.Parallel._warm = timed_chunk, timed_warm
from zhnorm.cli import main
sys.argv = ["normalize", *sys.argv[1:]]
main()
"""


def normalize(src: str) -> list[str]:
    return ["env", f"PYTHONPATH={src}", sys.executable, "-m", "zhnorm"]


def workers(src: str, jobs: int, path: pathlib.Path) -> tuple[float, list[float]]:
    """(the parent's CPU when the workers can start, each worker's CPU in its chunks)."""
    err = subprocess.run([sys.executable, "-c", TIMED, "-j", str(jobs), str(path)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, check=True, env={**os.environ, "PYTHONPATH": src}).stderr.decode()
    start, spent = 0.0, collections.Counter()
    for line in err.splitlines():
        kind, *rest = line.split()
        if kind == "start":
            start = float(rest[0])
        elif kind == "chunk":
            spent[rest[0]] += float(rest[1])
    return start, sorted(spent.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=pathlib.Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--src", action="append", default=[], metavar="DIR", help="another build's source folder, measured too")
    ap.add_argument("--workers", action="store_true", help="the critical path of -j N, from the workers' CPU")
    args = ap.parse_args()
    files = args.files or [bench.build_input("trad-20MB.txt", 20 * bench.MB, bench.traditional_text),
                           bench.build_input("simp-20MB.txt", 20 * bench.MB, bench.simplified_text)]
    builds = [str(bench.ROOT / "src"), *map(os.path.abspath, args.src)]
    contenders = {"opencc t2s": [*bench.opencc_cli(), "-i", "{input}"]}
    for k, build in enumerate(builds):
        tag = f" [{k}]" if len(builds) > 1 else ""
        contenders[f"normalize{tag}"] = [*normalize(build), "{input}"]
        contenders[f"normalize -j {args.jobs}{tag}"] = [*normalize(build), "-j", str(args.jobs), "{input}"]
    for path in files:
        runs = collections.defaultdict(list)
        paths = collections.defaultdict(list)
        for _ in range(args.repeat):
            for name, cmd in contenders.items():
                runs[name].append(bench.measure(cmd, path))
            if args.workers:
                for k, build in enumerate(builds):
                    paths[k].append(workers(build, args.jobs, path))
        base = min(seconds for seconds, _, _ in runs["opencc t2s"])
        for name, got in runs.items():
            wall, cpu, rss = min(g[0] for g in got), min(g[2] for g in got), max(g[1] for g in got)
            print(f"{path.name:16} {name:22} wall {wall:6.2f} s  CPU {cpu:6.2f} s  peak RSS {rss:6.1f} MB"
                  f"  {base / wall:5.2f}x OpenCC's wall", flush=True)
        for k, got in paths.items():
            start, spent = min(got, key=lambda g: g[0] + g[1][-1])
            print(f"{path.name:16} critical path -j {args.jobs} [{k}]: {start + spent[-1]:.2f} s of CPU (parent {start:.2f},"
                  f" workers {', '.join(f'{s:.2f}' for s in spent)}; best of {len(got)})", flush=True)


if __name__ == "__main__":
    main()
