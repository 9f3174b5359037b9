"""Throughput of compressed inputs against the plain file, through the command.

    .venv/bin/python benchmarks/compressed.py [FILE] [--repeat N]

FILE (default: ../shared/corpora/clue-news-web.zh-hans.txt) is compressed with gzip,
bzip2, xz and zstd at each tool's default level into a temporary folder; `normalize`
runs on each (the whole pipeline, and decode alone: `--only decode`), output to
/dev/null; the least CPU time (user + system) of N runs is reported, and MB/s of plain text per CPU second.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import lzma
import os
import pathlib
import resource
import subprocess
import sys
import tempfile

import zstandard

ROOT = pathlib.Path(__file__).resolve().parent.parent
NORMALIZE = ROOT / ".venv" / "bin" / "normalize"
DEFAULT = ROOT.parent / "shared" / "corpora" / "clue-news-web.zh-hans.txt"

KINDS = {
    "plain": ("", lambda b: b),
    "gzip": (".gz", lambda b: gzip.compress(b, 6)),
    "bzip2": (".bz2", lambda b: bz2.compress(b, 9)),
    "xz": (".xz", lambda b: lzma.compress(b, preset=6)),
    "zstd": (".zst", lambda b: zstandard.ZstdCompressor(level=3).compress(b)),
}


def best(args: list[str], repeat: int) -> float:
    """The least CPU time (user + system) of the command over `repeat` runs: on a
    machine shared with other work, wall time says more about the others."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([str(NORMALIZE), *args], stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    a = parser.parse_args()
    data = pathlib.Path(a.file).read_bytes()
    mb = len(data) / 1e6
    print(f"{pathlib.Path(a.file).name}: {mb:.2f} MB, least CPU time of {a.repeat} runs, {os.cpu_count()} cores\n")
    print("| input | size | whole pipeline (CPU) | decode only (CPU) |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (suffix, compress) in KINDS.items():
            path = pathlib.Path(tmp) / ("input.txt" + suffix)
            path.write_bytes(compress(data))
            whole = best([str(path)], a.repeat)
            decode = best(["--only", "decode", str(path)], a.repeat)
            size = path.stat().st_size / 1e6
            print(f"| {kind} | {size:.2f} MB | {mb / whole:.2f} MB/s ({whole:.2f} s) | {mb / decode:.2f} MB/s ({decode:.2f} s) |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
