"""Run texts through a `normalize` command the way a user does: one file per text, bytes
in, many files per process, and read back what it wrote for each, with its `--stats`.

The standard output of one run is every file's output one after another; `--stats`
says how many lines each file gave (`lines_out`), which cuts it back into the files'
outputs, and what each stage counted in each file (`changes`). With `explain`, the
`--explain` lines also say which spans unrender left as they were, in each file
(`Result.left`: the text each report names, in the order of the lines).
"""

from __future__ import annotations

import ast
import json
import pathlib
import re
import shlex
import subprocess
import tempfile
from dataclasses import dataclass, field

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
CMD = str(ROOT / ".venv" / "bin" / "normalize")
BATCH = 500  # files per process: fewer processes, arguments well below the system's limit


@dataclass
class Result:
    text: str  # what normalize wrote for the file
    changes: dict  # stage -> reason -> count (`--stats`)
    left: list[str] = field(default_factory=list)  # the spans unrender reported (with `explain`)


#: an --explain line for a span unrender left: FILE:LINE[:COLUMN]: ...: the span's text (a
#: Python string literal): why
LEFT = re.compile(r"^(?P<file>.*?):\d+(?::\d+)?: unrender: damaged span left as it is: (?P<span>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"): ")


def normalize_files(texts: list[bytes], args: list[str], cmd: str = CMD, batch: int = BATCH, explain: bool = False) -> list[Result]:
    """Each of `texts` (bytes) written as a file and normalized by `cmd` with `args`, in
    runs of `batch` files; one Result per text, in order (with `explain`, the spans
    unrender reported in each)."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="zhnorm-eval-") as tmp:
        folder = pathlib.Path(tmp)
        for k in range(0, len(texts), batch):
            paths = []
            for i, data in enumerate(texts[k : k + batch], start=k):
                path = folder / f"{i:06d}.txt"
                path.write_bytes(data)
                paths.append(path)
            stats = folder / "stats.json"
            more = ["--explain"] if explain else []
            r = subprocess.run([*shlex.split(cmd), "-q", *args, *more, "--stats", str(stats), *map(str, paths)], capture_output=True)
            if r.returncode not in (0, 4):  # 4: invalid bytes were written as U+FFFD
                raise RuntimeError(f"{cmd} exited with {r.returncode}: {r.stderr.decode(errors='replace')[-2000:]}")
            inputs = json.loads(stats.read_text(encoding="utf-8"))["inputs"]
            assert [i["file"] for i in inputs] == list(map(str, paths)), "--stats lists the files in another order"
            left: dict[str, list[str]] = {}
            for row in r.stderr.decode("utf-8").splitlines() if explain else ():
                m = LEFT.match(row)
                if m:
                    left.setdefault(m.group("file"), []).append(ast.literal_eval(m.group("span")))
            lines = r.stdout.decode("utf-8").split("\n")
            at = 0
            for entry in inputs:
                n = entry["lines_out"]
                results.append(Result("\n".join(lines[at : at + n]), entry["changes"], left.get(entry["file"], [])))
                at += n
            assert at == len(lines) - 1 and lines[-1] == "", "the output holds more lines than --stats counts"
            for path in paths:
                path.unlink()
    return results


def run_filter(cmd: str, data: bytes) -> bytes:
    """The standard output of a shell pipeline `cmd` given `data` on its standard input."""
    return subprocess.run(cmd, shell=True, input=data, capture_output=True, check=True).stdout
