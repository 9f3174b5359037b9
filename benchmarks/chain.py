"""Where the default pipeline's time goes, stage by stage, in one process.

    python benchmarks/chain.py FILE...              # CPU seconds per 100 MB per stage
    python benchmarks/chain.py --callgrind FILE...  # and instructions per byte (valgrind)

Unlike stages.py (each stage alone through the CLI, minus decode alone), each stage here
runs over what the stages before it made of the input, as in the default pipeline: the
input is decoded into lines, then each stage in turn consumes the whole list and makes
the next one; the last stage's lines are joined and encoded as the writer does. The
stages are built and run twice on the input's first 512 kB before the measured run, and
every pattern compiled on first use (`lazyre.Lazy`) is compiled then, so that loading
their tables and compiling their patterns (`load`) is apart from the cost per byte: a
pattern the first 512 kB never meets would otherwise be compiled in the measured run and
charged to its stage per byte (unrender's ANNOTATION, a class of 28,000 Han: 26 million
instructions, 25 a byte of a 1 MB cut). CPU time is `time.process_time()`, the least of
--repeat runs.

With --callgrind, the same run is repeated under `valgrind --tool=callgrind`, which
dumps its instruction count each time a stage starts (a `getppid()` call marks the
boundaries), on the input's first --callgrind-kb: instructions are steady where CPU
time on a shared machine is not.
"""

from __future__ import annotations

import argparse
import gc
import glob
import io
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

MB = 1024 * 1024
WARM = 512 * 1024  # bytes of the input the stages are warmed on, twice


def stages_of(path: str, data: bytes):
    from zhnorm.decode import Decoder
    from zhnorm.options import Options
    from zhnorm.pipeline import Pipeline

    pipeline = Pipeline(Options())
    for _ in range(2):  # convert takes the vectorized way after NUMPY_AFTER characters
        warm = list(Decoder()(io.BytesIO(data[:WARM])))
        for stage in pipeline.build(path):
            warm = list(stage(warm))
    compile_lazy()
    return Decoder, pipeline.build(path)


def compile_lazy() -> int:
    """Compile every pattern left to compile on first use (`lazyre.Lazy`), as the warm-up
    may not have met them all; how many there were."""
    from zhnorm.lazyre import Lazy

    lazy = [o for o in gc.get_objects() if isinstance(o, Lazy)]
    for pattern in lazy:
        pattern.compiled()
    return len(lazy)


def measure(path: str, data: bytes, mark=lambda: None) -> dict[str, float]:
    """CPU seconds of each step over `data`; `mark()` is called before each one."""
    t0 = time.process_time()
    Decoder, stages = stages_of(path, data)
    spent = {"load": time.process_time() - t0}
    mark()
    t0 = time.process_time()
    lines = list(Decoder()(io.BytesIO(data)))
    spent["decode"] = time.process_time() - t0
    for stage in stages:
        mark()
        t0 = time.process_time()
        lines = list(stage(lines))
        spent[stage.name] = time.process_time() - t0
    mark()
    t0 = time.process_time()
    b"".join(line.text.encode("utf-8", "surrogateescape") + (b"" if line.cont else b"\n") for line in lines)
    spent["write"] = time.process_time() - t0
    mark()
    return spent


def child(path: str, size: int) -> None:
    """The run under callgrind: the input's first `size` bytes, cut at a line end."""
    data = pathlib.Path(path).read_bytes()[:size]
    data = data[: data.rfind(b"\n") + 1]
    measure(path, data, mark=os.getppid)


def instructions(path: str, size: int) -> dict[str, float]:
    """Instructions per byte of each step (decode, the stages, write), by callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--dump-before=getppid", "--compress-strings=no",
             sys.executable, __file__, "--child", str(size), path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        counts = []
        for dump in sorted(glob.glob(out + ".*"), key=lambda p: int(p.rsplit(".", 1)[1])):
            text = pathlib.Path(dump).read_text(errors="replace")
            m = re.search(r"^summary: (\d+)", text, re.M) or re.search(r"^totals: (\d+)", text, re.M)
            counts.append(int(m.group(1)) if m else 0)
    # dump 1: up to the first mark (start-up, load); then one per step; the last: exit
    names = ["decode", "repair", "unrender", "convert", "clean", "tidy", "write"]
    n = pathlib.Path(path).read_bytes()[:size]
    n = len(n[: n.rfind(b"\n") + 1])
    return {name: counts[1 + i] / n for i, name in enumerate(names) if 1 + i < len(counts)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--callgrind-kb", type=int, default=1024)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.files[0], args.child)
        return
    rows = []
    for path in args.files:
        data = pathlib.Path(path).read_bytes()
        per100 = 100 * MB / len(data)
        best: dict[str, float] = {}
        for k in range(args.repeat):
            for name, s in measure(path, data).items():
                best[name] = min(best.get(name, s), s) if k and name != "load" else best.get(name, s)
        row = {name: s * (per100 if name != "load" else 1) for name, s in best.items()}
        ins = instructions(path, args.callgrind_kb * 1024) if args.callgrind else {}
        rows.append((os.path.basename(path), row, ins))
        print(os.path.basename(path), {k: round(v, 2) for k, v in row.items()}, {k: round(v) for k, v in ins.items()}, flush=True)
    names = [n for n in rows[0][1] if n != "load"]
    print("\nCPU seconds per 100 MB (instructions per input byte, callgrind); load: seconds, once\n")
    print("| input | " + " | ".join(names) + " | sum | load |")
    print("|---|" + "---:|" * (len(names) + 2))
    for label, row, ins in rows:
        cells = [f"{row[n]:.2f}" + (f" ({ins[n]:.0f})" if n in ins else "") for n in names]
        total = sum(row[n] for n in names)
        cells.append(f"{total:.2f}" + (f" ({sum(ins.values()):.0f})" if ins else ""))
        print(f"| {label} | " + " | ".join(cells) + f" | {row['load']:.2f} |")


if __name__ == "__main__":
    main()
