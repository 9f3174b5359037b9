"""Side-by-side benchmark: zhnorm's normalize against OpenCC's C++ CLI on the same files.

    python benchmarks/bench.py                   # throughput on 100 MB, memory on 1 GB
    python benchmarks/bench.py --size-mb 20 --memory-gb 0   # a quick run

Inputs are built once into benchmarks/out/ from ../shared/corpora/ (OpenCC s2t of the
simplified corpora, repeated). Each contender runs as its own process; wall time and
that process's peak RSS (from wait4) are measured, and throughput is reported as MB/s
and as a ratio to OpenCC's CLI on the same file. The table is printed and written to
benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = HERE / "out"
SIMPLIFIED = ["clue-news-web.zh-hans.txt", "news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt"]
MB = 1024 * 1024


def bin_dir() -> pathlib.Path:
    return pathlib.Path(sys.executable).parent


def opencc_cli() -> list[str]:
    """OpenCC's native CLI and its t2s config, as shipped in the official wheel."""
    import opencc

    clib = pathlib.Path(opencc.__file__).parent / "clib"
    return [str(clib / "bin" / "opencc"), "-c", str(clib / "share" / "opencc" / "t2s.json")]


def build_input(name: str, size: int, make_text) -> pathlib.Path:
    """Write `size` bytes (cut at a line end) of `make_text()` repeated, once."""
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    if path.exists() and abs(path.stat().st_size - size) < 4 * MB:
        return path
    block = make_text().encode("utf-8")
    with path.open("wb") as f:
        written = 0
        while written + len(block) <= size:
            f.write(block)
            written += len(block)
        rest = block[: size - written]
        f.write(rest[: rest.rfind(b"\n") + 1])
    return path


def simplified_text() -> str:
    return "".join((CORPORA / name).read_text(encoding="utf-8") for name in SIMPLIFIED)


def traditional_text() -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(simplified_text())


# Peak RSS on Linux (ru_maxrss) keeps what the forked parent held before exec, so each
# contender is started by this small launcher (a bare `python -S`, a few MB) instead of
# by the benchmark process, which holds the corpora and OpenCC.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(cmd: list[str], src: pathlib.Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one run of cmd reading src on stdin, output discarded."""
    with src.open("rb") as stdin:
        out = subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, *cmd], stdin=stdin, stdout=subprocess.PIPE, check=True
        ).stdout.decode()
    seconds, rss_kb, code = out.split()
    if int(code) not in (0, 4):
        raise SystemExit(f"{cmd[0]} failed with exit code {code}")
    return float(seconds), int(rss_kb) / 1024


def contenders() -> dict[str, list[str]]:
    normalize = str(bin_dir() / "normalize")
    return {
        "opencc CLI (t2s)": opencc_cli(),
        "normalize --only convert": [normalize, "--only", "convert"],
        "normalize (default)": [normalize],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=100, help="size of the throughput inputs")
    ap.add_argument("--memory-gb", type=float, default=1.0, help="size of the memory input (0: skip)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per contender; the fastest counts")
    ap.add_argument("--out", default=str(HERE / "results.md"))
    args = ap.parse_args()

    inputs = {
        f"traditional {args.size_mb} MB": build_input(f"trad-{args.size_mb}MB.txt", args.size_mb * MB, traditional_text),
    }
    rows = []
    for label, src in inputs.items():
        mbytes = src.stat().st_size / MB
        base = None
        for name, cmd in contenders().items():
            runs = [measure(cmd, src) for _ in range(args.repeat)]
            seconds = min(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            speed = mbytes / seconds
            base = base or speed
            rows.append((label, name, seconds, speed, speed / base, rss))
            print(f"{label:18} {name:28} {seconds:7.2f} s {speed:7.1f} MB/s {speed / base:5.2f}x {rss:7.1f} MB", flush=True)

    memory_rows = []
    if args.memory_gb > 0:
        small = build_input("trad-100MB.txt", 100 * MB, traditional_text)
        big = build_input(f"trad-{args.memory_gb:g}GB.txt", int(args.memory_gb * 1024 * MB), traditional_text)
        normalize = [str(bin_dir() / "normalize")]
        for src in (small, big):
            seconds, rss = measure(normalize, src)
            memory_rows.append((src.name, src.stat().st_size / MB, seconds, rss))
            print(f"memory {src.name:20} {seconds:7.1f} s peak RSS {rss:6.1f} MB", flush=True)

    lines = [
        "| input | contender | seconds | MB/s | ratio to OpenCC CLI | peak RSS (MB) |",
        "|---|---|---:|---:|---:|---:|",
        *(f"| {a} | {b} | {c:.2f} | {d:.1f} | {e:.2f} | {f:.0f} |" for a, b, c, d, e, f in rows),
    ]
    if memory_rows:
        lines += [
            "",
            "| memory input | size (MB) | seconds | peak RSS of normalize (MB) |",
            "|---|---:|---:|---:|",
            *(f"| {a} | {b:.0f} | {c:.1f} | {d:.0f} |" for a, b, c, d in memory_rows),
        ]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
