"""Side-by-side benchmark of normalize and the tools corpus pipelines use today.

    python benchmarks/bench.py                     # the full run (about 15 minutes here)
    python benchmarks/bench.py --size-mb 20 --memory-gb 0 --no-reimpl   # a quick look
    python benchmarks/bench.py --repair-only       # repair's cost on clean text alone

Inputs, built once into benchmarks/out/ from ../shared/corpora/:
- traditional: OpenCC s2t of the simplified corpora, repeated;
- rendered: the corpora rendered like the seed page by evaluation/site_sim.py (annotated
  Traditional, damaged spans, flattened punctuation), repeated;
- simplified: the corpora themselves, repeated.

Contenders, each on the same file, one process each, output to /dev/null:
- the OpenCC C++ CLI from the official wheel, t2s (the reference: ratio 1.00);
- normalize (default pipeline) and normalize --only convert, with 1 and 2 jobs;
- "ftfy + OpenCC t2s": what corpus pipelines do today (benchmarks/ftfy_opencc.py);
- opencc-python-reimplemented's `python -m opencc -c t2s`, in its own virtual
  environment (it installs a module of the same name as the official wheel), on the
  first REIMPL_MB of each input: it is about 50 times slower.

Wall time, CPU time (user + system) and that process's peak RSS are measured;
throughput is MB/s of input and its ratio to the OpenCC CLI on the same input, by wall
time and by CPU time (steadier on a loaded machine). Repair's cost on clean text is the
default pipeline's time with and without it (`--skip repair`), the best of REPEAT runs. Also measured: `echo 你好 | normalize`
(start-up) and peak RSS on a 1 GB input and on a file that is one 50 MB line.
The tables are printed and written to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = ROOT.parent / "shared" / "corpora"
OUT = HERE / "out"
SIMPLIFIED = ["clue-news-web.zh-hans.txt", "news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt"]
MB = 1024 * 1024
REIMPL_MB = 10
REPEAT = 3  # runs of the default pipeline with and without repair, for repair's cost


def bin_dir() -> pathlib.Path:
    return pathlib.Path(sys.executable).parent


def opencc_cli() -> list[str]:
    """OpenCC's native CLI and its t2s config, as shipped in the official wheel."""
    import opencc

    clib = pathlib.Path(opencc.__file__).parent / "clib"
    return [str(clib / "bin" / "opencc"), "-c", str(clib / "share" / "opencc" / "t2s.json")]


def reimpl_python() -> pathlib.Path:
    """A virtual environment with opencc-python-reimplemented (made once)."""
    venv = OUT / "reimpl-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "opencc-python-reimplemented"], check=True)
    return python


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


def rendered_text() -> str:
    sys.path.insert(0, str(ROOT / "evaluation"))
    from site_sim import sites

    pages = []
    family = sites(8)
    for k, line in enumerate(simplified_text().splitlines()):
        page = family[k % len(family)].render(line)
        pages.append(page if page is not None else line)
    return "\n".join(pages) + "\n"


def one_line_file(size: int) -> pathlib.Path:
    path = OUT / f"one-line-{size // MB}MB.txt"
    if path.exists():
        return path
    text = traditional_text().replace("\n", "").encode("utf-8")
    data = (text * (size // len(text) + 1))[:size]
    data = data[: data.rfind("。".encode()) + 3]
    path.write_bytes(data + b"\n")
    return path


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
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime)
"""


def measure(cmd: list[str], src: pathlib.Path | None, stdin_bytes: bytes | None = None) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds) of one run of cmd, output discarded. The input file takes
    the place of "{input}" in cmd, or comes on stdin when cmd has no such argument."""
    if src is not None and "{input}" in cmd:
        cmd = [str(src) if a == "{input}" else a for a in cmd]
        src = None
        stdin_bytes = b""
    launcher = [sys.executable, "-S", "-c", LAUNCHER, *cmd]
    if src is not None:
        with src.open("rb") as stdin:
            out = subprocess.run(launcher, stdin=stdin, stdout=subprocess.PIPE, check=True).stdout
    else:
        out = subprocess.run(launcher, input=stdin_bytes, stdout=subprocess.PIPE, check=True).stdout
    seconds, rss_kb, code, cpu = out.decode().split()
    if int(code) not in (0, 4):
        raise SystemExit(f"{cmd} failed with exit code {code}")
    return float(seconds), int(rss_kb) / 1024, float(cpu)


def head(src: pathlib.Path, size: int) -> pathlib.Path:
    path = OUT / f"{src.stem}-head{size // MB}MB.txt"
    if not path.exists():
        data = src.read_bytes()[:size]
        path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def contenders(reimpl: bool) -> dict[str, tuple[list[str], bool]]:
    """name -> (command, runs on the REIMPL_MB head only)."""
    normalize = str(bin_dir() / "normalize")
    table = {
        "opencc CLI (t2s)": ([*opencc_cli(), "-i", "{input}"], False),
        "normalize": ([normalize, "{input}"], False),
        "normalize -j 2": ([normalize, "-j", "2", "{input}"], False),
        "normalize --only convert": ([normalize, "--only", "convert", "{input}"], False),
        "normalize --only convert -j 2": ([normalize, "--only", "convert", "-j", "2", "{input}"], False),
        "ftfy + OpenCC t2s": ([sys.executable, str(HERE / "ftfy_opencc.py")], False),
    }
    if reimpl:
        table[f"opencc-python-reimplemented (first {REIMPL_MB} MB)"] = ([str(reimpl_python()), "-m", "opencc", "-c", "t2s"], True)
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=int, default=100, help="size of each throughput input")
    ap.add_argument("--memory-gb", type=float, default=1.0, help="size of the memory input (0: skip)")
    ap.add_argument("--no-reimpl", action="store_true", help="leave out opencc-python-reimplemented")
    ap.add_argument("--out", default=str(HERE / "results.md"))
    ap.add_argument("--repair-only", action="store_true", help="measure repair's cost only (nothing written)")
    args = ap.parse_args()
    size = args.size_mb * MB

    inputs = {
        "traditional": build_input(f"trad-{args.size_mb}MB.txt", size, traditional_text),
        "rendered": build_input(f"rendered-{args.size_mb}MB.txt", size, rendered_text),
        "simplified": build_input(f"simp-{args.size_mb}MB.txt", size, simplified_text),
    }
    rows = []
    speeds: dict[tuple[str, str], float] = {}
    for label, src in ({} if args.repair_only else inputs).items():
        base = cpu_base = None
        for name, (cmd, on_head) in contenders(not args.no_reimpl).items():
            path = head(src, REIMPL_MB * MB) if on_head else src
            mbytes = path.stat().st_size / MB
            seconds, rss, cpu = measure(cmd, path)
            speed, cpu_speed = mbytes / seconds, mbytes / cpu
            base, cpu_base = base or speed, cpu_base or cpu_speed
            speeds[label, name] = speed
            rows.append((label, name, seconds, cpu, speed, speed / base, cpu_speed / cpu_base, rss))
            print(f"{label:12} {name:44} {seconds:7.2f} s {cpu:7.2f} s CPU {speed:7.1f} MB/s {speed / base:5.2f}x"
                  f" ({cpu_speed / cpu_base:5.2f}x by CPU) {rss:7.1f} MB", flush=True)

    normalize = str(bin_dir() / "normalize")
    # repair's cost on clean text: the default pipeline's CPU time (user + system) with
    # and without it, the best of REPEAT runs each, taken in turn (one run each would be
    # within the noise; wall time on a shared machine is noisier still)
    repair_rows = []
    for label in ("traditional", "simplified"):
        full, skip = [], []
        for _ in range(REPEAT):
            full.append(measure([normalize, "{input}"], inputs[label])[2])
            skip.append(measure([normalize, "--skip", "repair", "{input}"], inputs[label])[2])
        share = (min(full) - min(skip)) / min(full)
        repair_rows.append((label, min(full), min(skip), share))
        print(f"repair on {label}: {min(full):.2f} s CPU with, {min(skip):.2f} s without: {share:.1%}", flush=True)
    if args.repair_only:
        return
    startup = min(measure([normalize], None, "你好\n".encode())[0] for _ in range(5))
    print(f"startup: echo 你好 | normalize  {startup:.3f} s", flush=True)
    memory_rows = []
    if args.memory_gb > 0:
        big = build_input(f"trad-{args.memory_gb:g}GB.txt", int(args.memory_gb * 1024 * MB), traditional_text)
        for src in (big, one_line_file(50 * MB)):
            for cmd in ([normalize, "{input}"], [normalize, "--only", "convert", "{input}"]):
                seconds, rss, _ = measure(cmd, src)
                shown = " ".join(["normalize", *cmd[1:-1]])
                memory_rows.append((src.name, shown, src.stat().st_size / MB, seconds, rss))
                print(f"memory {src.name:22} {shown:26} {seconds:7.1f} s peak RSS {rss:6.1f} MB", flush=True)

    def ratio(label: str, name: str, other: str) -> float:
        return speeds[label, name] / speeds[label, other]

    targets = [
        ("--only convert >= 0.8x OpenCC CLI (traditional)", ratio("traditional", "normalize --only convert", "opencc CLI (t2s)"), 0.8),
        ("--only convert -j 2 >= 1.5x OpenCC CLI (traditional)", ratio("traditional", "normalize --only convert -j 2", "opencc CLI (t2s)"), 1.5),
        ("default >= 0.5x OpenCC CLI (traditional)", ratio("traditional", "normalize", "opencc CLI (t2s)"), 0.5),
        ("default >= 0.3x OpenCC CLI (rendered)", ratio("rendered", "normalize", "opencc CLI (t2s)"), 0.3),
        ("default >= 0.3x OpenCC CLI (simplified)", ratio("simplified", "normalize", "opencc CLI (t2s)"), 0.3),
        ("-j 2 >= 0.9x OpenCC CLI (traditional)", ratio("traditional", "normalize -j 2", "opencc CLI (t2s)"), 0.9),
        *[(f"default >= 2x ftfy + OpenCC t2s ({label})", ratio(label, "normalize", "ftfy + OpenCC t2s"), 2.0) for label in inputs],
    ]
    if not args.no_reimpl:
        name = f"opencc-python-reimplemented (first {REIMPL_MB} MB)"
        targets.append(("--only convert >= 20x opencc-python-reimplemented", min(ratio(l, "normalize --only convert", name) for l in inputs), 20.0))
    lines = [
        "| input | contender | seconds | CPU seconds | MB/s | ratio to OpenCC CLI | by CPU | peak RSS (MB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        *(f"| {a} | {b} | {c:.2f} | {d:.2f} | {e:.1f} | {f:.2f} | {g:.2f} | {h:.0f} |" for a, b, c, d, e, f, g, h in rows),
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        *(f"| {t} | {v:.2f}x | {'yes' if v >= goal else f'no ({v / goal:.0%} of it)'} |" for t, v, goal in targets),
        f"| echo 你好 \\| normalize <= 0.15 s | {startup:.3f} s | {'yes' if startup <= 0.15 else 'no'} |",
        "",
        f"| repair's share of the default pipeline on clean text (best of {REPEAT}) | with repair (CPU s) | with --skip repair (CPU s) | share | <= 10% |",
        "|---|---:|---:|---:|---|",
        *(f"| {a} | {b:.2f} | {c:.2f} | {d:.1%} | {'yes' if d <= 0.10 else 'no'} |" for a, b, c, d in repair_rows),
    ]
    if memory_rows:
        lines += [
            "",
            "| memory input | command | size (MB) | seconds | peak RSS (MB) | <= 100 MB |",
            "|---|---|---:|---:|---:|---|",
            *(f"| {a} | {b} | {c:.0f} | {d:.1f} | {e:.0f} | {'yes' if e <= 100 else 'no'} |" for a, b, c, d, e in memory_rows),
        ]
    pathlib.Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
