"""zhnorm.datatrove: a real local datatrove pipeline (JsonlReader -> the step ->
JsonlWriter) gives what `normalize --jsonl` gives, counts in datatrove's stats, and drops
the documents that become empty."""

from __future__ import annotations

import json

import pytest

from .conftest import SHARED, run_cli

pytest.importorskip("datatrove", reason="pip install -e '.[datatrove]' (.ci/run does)")

PAGES = sorted((SHARED / "realpages").glob("*/0[01]*[0-9].txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Real pages as documents (their first line as a `title` too), and one document made
    of lines that clean's rules drop from a real page (taken with --dropped)."""
    tmp = tmp_path_factory.mktemp("dt")
    raw = tmp / "raw"
    raw.mkdir()
    dropped = tmp / "dropped.jsonl"
    page = SHARED / "realpages" / "boilerplate" / "015.txt"
    assert run_cli("--dropped", dropped, "-o", tmp / "out.txt", page).returncode == 0
    # the lines a rule claims: those dropped by their neighbours ("context") are so only in their page
    rows = [json.loads(l) for l in dropped.read_text(encoding="utf-8").splitlines()]
    boilerplate = "\n".join(r["text"] for r in rows if r["category"] != "context")
    docs = [{"id": p.parent.name + "/" + p.name, "text": p.read_text(encoding="utf-8"),
             "title": p.read_text(encoding="utf-8").split("\n", 1)[0]} for p in PAGES]
    docs.append({"id": "only-boilerplate", "text": boilerplate + "\n", "title": "首頁"})
    with open(raw / "docs.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return tmp, docs


def test_the_step_in_a_local_pipeline_gives_what_the_command_gives(corpus):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from zhnorm import Options
    from zhnorm.datatrove import ZhnormNormalizer

    tmp, docs = corpus
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp / "raw")),
            ZhnormNormalizer(Options(), metadata_fields=("title",)),
            JsonlWriter(str(tmp / "clean"), compression=None),
        ],
        tasks=1,
        logging_dir=str(tmp / "logs"),
    ).run()
    written = [json.loads(l) for f in sorted((tmp / "clean").glob("*.jsonl")) for l in f.read_text(encoding="utf-8").splitlines()]
    cli = run_cli("--jsonl", "--field", "text", "--field", "title", "--stats", tmp / "stats.json", tmp / "raw" / "docs.jsonl")
    assert cli.returncode == 0, cli.stderr
    expected = [json.loads(l) for l in cli.stdout.decode().splitlines()]
    # the command keeps the record whose text became empty; the step drops it
    assert [e["id"] for e in expected if not e["text"].strip()] == ["only-boilerplate"]
    kept = [e for e in expected if e["text"].strip()]
    assert [d["id"] for d in written] == [e["id"] for e in kept] == [d["id"] for d in docs[:-1]]
    assert [d["text"] for d in written] == [e["text"] for e in kept]
    assert [d["metadata"]["title"] for d in written] == [e["title"] for e in kept]
    assert any(d["text"] != s["text"] for d, s in zip(written, docs))

    # datatrove's stats: the step's counts are the command's, reason by reason
    stats = json.loads((tmp / "logs" / "stats.json").read_text())
    step = next(s for s in stats if s["name"].endswith("zhnorm"))["stats"]
    total = lambda key: step[key] if isinstance(step[key], int) else step[key]["total"]  # noqa: E731 (a plain count: an int)
    assert total("total") == len(docs)
    assert total("dropped") == 1 and total("forwarded") == len(docs) - 1
    ours = json.loads((tmp / "stats.json").read_text())["totals"]["changes"]
    for stage, counts in ours.items():
        if stage == "decode":
            continue  # the command decodes the file; the step is given text
        for reason, n in counts.items():
            assert total(f"{stage}/{reason}") == n, (stage, reason)


def test_normalize_help_does_not_import_datatrove():
    import subprocess
    import sys

    code = ("import sys, runpy; sys.argv = ['normalize', '--help']\n"
            "try:\n    runpy.run_module('zhnorm', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "assert 'datatrove' not in sys.modules, 'datatrove imported'\nprint('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.stdout.endswith(b"ok\n"), out.stderr
