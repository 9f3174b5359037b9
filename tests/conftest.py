from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile

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
    # the command reads the first configuration file from its folder upwards (config.py):
    # one above the repository or the temporary folders, where the tests run it, would
    # change what every test gets, in ways that name no cause
    from zhnorm.config import find

    basetemp = session.config.option.basetemp
    for folder in (ROOT, basetemp or tempfile.gettempdir()):
        found = find(str(folder))
        if found is not None:
            pytest.exit(f"{found[0]} applies where the tests run the command ({folder}): the tests expect no "
                        "configuration file there", returncode=pytest.ExitCode.USAGE_ERROR)


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


def words_put_in(lines, convert, times: int = 1, seed: int = 12) -> list[str]:
    """Each line with a word of one to four of its characters put in the other script by
    CONVERT (as text mixing the scripts holds them), TIMES draws a line: the lines the
    word changed."""
    import random

    r = random.Random(seed)
    mixed = []
    for t in lines:
        for _ in range(times):
            n = r.choice([1, 2, 2, 3, 4])
            a = r.randint(0, len(t) - n)
            word = convert(t[a : a + n])
            if word != t[a : a + n]:
                mixed.append(t[:a] + word + t[a + n :])
    return mixed
