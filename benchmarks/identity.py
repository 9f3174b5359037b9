"""Whether a change to a stage's speed left its output byte for byte as it was.

    python benchmarks/identity.py --write before.json     # on the code before the change
    python benchmarks/identity.py --against before.json   # on the code after it

Runs a normalize command (default: this environment's; `--cmd`, `--args` for the
options, e.g. `--args "--only unrender"`) on each input and records the SHA-256 of
its output: the bench's rendered text (one copy of what bench.py repeats: the corpora
rendered by evaluation/site_sim.py's sites), the real pages of every category
(../shared/realpages/), the seed page, and the corpora themselves. With --against,
prints each input whose output changed and exits 1 if any did.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import shlex
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

SHARED = bench.ROOT.parent / "shared"


def inputs(out: pathlib.Path) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    rendered = out / "rendered-block.txt"
    if not rendered.exists():
        rendered.write_text(bench.rendered_text(), encoding="utf-8")
    pages = sorted(p for p in (SHARED / "realpages").glob("*/[0-9]*.txt") if p.name.count(".") == 1)
    seed = sorted((SHARED / "fixtures" / "seed").glob("*.input.txt"))
    corpora = [bench.CORPORA / name for name in bench.SIMPLIFIED]
    return [rendered, *pages, *seed, *corpora]


def digest(cmd: list[str], path: pathlib.Path) -> str:
    out = subprocess.run([*cmd, str(path)], stdout=subprocess.PIPE, check=False).stdout
    return hashlib.sha256(out).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cmd", default=str(bench.bin_dir() / "normalize"))
    ap.add_argument("--args", default="", help="options for every run, as one string")
    ap.add_argument("--dir", default=str(bench.OUT), help="where the rendered input is built")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="JSON")
    group.add_argument("--against", metavar="JSON")
    args = ap.parse_args()
    cmd = [*shlex.split(args.cmd), *shlex.split(args.args)]
    got = {}
    for path in inputs(pathlib.Path(args.dir)):
        name = str(path.relative_to(SHARED)) if SHARED in path.parents else path.name
        got[name] = digest(cmd, path)
    if args.write:
        pathlib.Path(args.write).write_text(json.dumps({"args": args.args, "outputs": got}, indent=1) + "\n")
        print(f"{len(got)} outputs recorded in {args.write}")
        return
    before = json.loads(pathlib.Path(args.against).read_text())
    if before["args"] != args.args:
        raise SystemExit(f"recorded with --args {before['args']!r}, not {args.args!r}")
    changed = [name for name, h in got.items() if before["outputs"].get(name) != h]
    for name in changed:
        print(f"changed: {name}")
    print(f"{len(got) - len(changed)} of {len(got)} outputs identical")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
