from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "fixtures" / "seed"
CORPORA = SHARED / "corpora"
SAMPLES = ROOT / "samples"


def run_cli(*args: str, input: bytes | None = None, cwd=None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real `normalize` command (as `python -m zhnorm`) and capture bytes."""
    return subprocess.run(
        [sys.executable, "-m", "zhnorm", *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
