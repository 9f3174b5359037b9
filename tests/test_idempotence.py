"""One pass is final: what `normalize` writes, a second run leaves unchanged, for every target.

Property tests (hypothesis, seeded) over real lines, their OpenCC conversions and random
mixtures, through the path the command takes (bytes in, decode, every stage, UTF-8 out);
and `normalize -i` then `normalize --check` on every file of the corpora and realpages.
"""

from __future__ import annotations

import io
import pathlib
import shutil

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from zhnorm import Options, Pipeline
from zhnorm.files import write_lines

from .conftest import CORPORA, SHARED, run_cli

TARGETS = ("hans", "hant", "tw", "hk")
REALPAGES = SHARED / "realpages"
EXAMPLES = 500  # per target: 2,000 documents a run, and 400 CSV files


def _real_lines() -> list[str]:
    from zhnorm.convert import converter

    files = sorted(CORPORA.glob("*.txt")) + sorted(REALPAGES.glob("*/*.txt"))
    lines: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines += [line for line in text.splitlines() if line.strip()][:400]
    s2t = converter("s2t").convert
    return lines + [s2t(line) for line in lines[::3]]


REAL = _real_lines()

#: what a random line is made of: Han (both scripts), ASCII punctuation and words,
#: pinyin with tone marks, spaces of every kind, full-width punctuation
PIECES = st.sampled_from(
    list("头发乾燥會議开始了於由單核細胞里干准伙后台") + list(",:;!?()[]&.-'\"/@#%*=")
    + ["hǎo", "(gān)", "(zhù)", "huì", "http://a.cn/x?y=1", "a@b.cn", "&amp;", "&nbsp;", "print()", "1,000", "3:30",
       " ", "  ", "\t", "\u00a0", "\u3000", "\u200b", "，", "。", "（", "）", "？", "！", "WHO", "abc", "42"]
)
MIXED = st.lists(PIECES, min_size=1, max_size=30).map("".join)
LINE = st.one_of(st.sampled_from(REAL), MIXED, st.lists(st.one_of(st.sampled_from(REAL), MIXED), min_size=2, max_size=3).map("".join))
DOCUMENT = st.lists(st.one_of(LINE, st.just("")), min_size=1, max_size=6).map(lambda lines: "\n".join(lines) + "\n")


def run(data: bytes, to: str, source: str = "-", skip: tuple[str, ...] = ()) -> bytes:
    """What `normalize --to TO` writes for these bytes (the command's own path, in process)."""
    pipeline = Pipeline(Options.build(to=to, skip=skip))
    out = io.BytesIO()
    write_lines(pipeline.run_bytes(io.BytesIO(data), source), out)
    return out.getvalue()


@pytest.mark.parametrize("to", TARGETS)
@seed(15)
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(doc=DOCUMENT)
def test_a_second_run_changes_nothing(to, doc):
    once = run(doc.encode("utf-8"), to)
    assert run(once, to) == once


@pytest.mark.parametrize("to", TARGETS)
@seed(15)
@settings(max_examples=EXAMPLES // 5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(st.lists(MIXED.filter(lambda s: "\n" not in s), min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_second_run_changes_nothing_in_csv(to, rows):
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    once = run(buf.getvalue().encode("utf-8"), to, "rows.csv")
    assert run(once, to, "rows.csv") == once
    # and the rows keep their fields: only each field's characters changed (clean may drop
    # a row it takes for boilerplate; a row whose one field became empty is an empty line,
    # which csv reads as no field)
    tidied = run(buf.getvalue().encode("utf-8"), to, "rows.csv", skip=("clean",))
    assert [max(1, len(r)) for r in csv.reader(io.StringIO(tidied.decode()))] == [len(r) for r in rows]


@pytest.mark.xfail(strict=True, reason="unrender's reading survives only the first pass: 乾(qián) -> 乾, then 乾 -> 干")
def test_a_reading_outside_a_phrase_is_lost_on_the_second_run():
    once = run("乾(qián)\n".encode(), "hans")
    assert once == "乾\n".encode()
    assert run(once, "hans") == once


#: files where a second run changes something because of clean's context (a run of short
#: lines is taken as a menu once the lines around it are gone); clean's, not tidy's or
#: convert's: with --skip clean every file is stable
CLEAN_CONTEXT: set[str] = set()  # clean decides a page in context now; none is left


@pytest.mark.parametrize("to", TARGETS)
def test_in_place_then_check_finds_nothing(tmp_path, to):
    for path in sorted(CORPORA.glob("*.txt")):
        shutil.copy(path, tmp_path / path.name)
    for path in sorted(REALPAGES.glob("*/*.txt")):
        shutil.copy(path, tmp_path / f"{path.parent.name}-{path.name}")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) > 100
    clean_first = tmp_path / "skip-clean"
    clean_first.mkdir()
    for name in names:
        shutil.copy(tmp_path / name, clean_first / name)

    r = run_cli("-q", "-i", "--to", to, *names, cwd=tmp_path, timeout=600)
    assert r.returncode == 0, r.stderr
    r = run_cli("--check", "--to", to, *names, cwd=tmp_path, timeout=600)
    assert set(r.stdout.decode().split()) == CLEAN_CONTEXT

    r = run_cli("-q", "-i", "--skip", "clean", "--to", to, *names, cwd=clean_first, timeout=600)
    assert r.returncode == 0, r.stderr
    r = run_cli("--check", "--skip", "clean", "--to", to, *names, cwd=clean_first, timeout=600)
    assert (r.returncode, r.stdout) == (0, b"")
