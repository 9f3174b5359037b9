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
#: seconds a test waits for a command before calling it hung: a bound on a hang only,
#: far above what a run takes on a loaded machine (a timing bound there would fail on one)
HANG = 600


def pytest_sessionstart(session):
    """The tests read ../shared/ by that relative path: without it, one line says so
    rather than a traceback for each module that reads it."""
    if not SEED.is_dir():
        pytest.exit(f"the tests read ../shared/ (the seed fixture and the corpora, see the README): {SHARED} not found",
                    returncode=pytest.ExitCode.USAGE_ERROR)


def run_cli(*args: str, input: bytes | None = None, cwd=None, timeout: float = HANG) -> subprocess.CompletedProcess:
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
