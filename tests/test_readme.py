"""The README's two commands stay true: CI runs the test command as written."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]*)\n```", text)


def test_readme_has_the_two_commands():
    setup_and_run, tests = readme_commands()
    assert setup_and_run.endswith("normalize samples/ganzi-news.txt")
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    # (.ci/run passes its own arguments on to pytest: without any, the README's command)
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = readme_commands()[1]
    assert command in lines or command + ' "$@"' in lines


def python_example() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### Python\n", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1).splitlines()


def test_the_python_examples_give_what_their_comments_say():
    import zhnorm

    shown = [(m.group(1), m.group(2)) for line in python_example()
             if (m := re.fullmatch(r"(zhnorm\.normalize\(.*?\))\s+# ('.*')", line))]
    assert len(shown) == 2
    for call, result in shown:
        assert repr(eval(call, {"zhnorm": zhnorm})) == result


def test_the_python_example_runs_as_written_and_names_what_exists():
    """Every line of the README's example, with `data` and `text` a real input; each
    attribute its comments name is there."""
    import zhnorm

    data = (ROOT / "samples" / "ganzi-news.gbk.txt").read_bytes()
    scope = {"data": data, "text": data.decode("gb18030")}
    exec("\n".join(python_example()), scope)
    r, result, p = scope["r"], scope["result"], scope["p"]
    assert r.text == zhnorm.normalize_bytes(data) and r.encoding == "gb18030"
    assert (r.detected_by, r.lines) == ("scored", 24) and r.margin > 0 and r.counts["unrender"]
    event = result.events[0]
    assert all(hasattr(event, name) for name in ("stage", "source", "line", "before", "after", "reason"))
    assert event.stage in p.totals and event.line >= 1 and event.before != event.after
    assert set(p.totals) == {"decode", "repair", "unrender", "convert", "clean", "tidy"}
    assert p.totals["unrender"]["annotations stripped"] > 0


def test_the_bundled_sample_gives_the_output_the_readme_shows():
    from .conftest import run_cli

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = re.search(r"After \(`normalize samples/ganzi-news.txt`, its first lines\):\n\n```\n(.*?)```", text, re.S).group(1)
    r = run_cli(ROOT / "samples" / "ganzi-news.txt")
    assert r.returncode == 0
    lines = r.stdout.decode().splitlines()
    shown = after.splitlines()
    assert lines[: len(shown) - 1] == shown[:-1]
    assert lines[len(shown) - 1].startswith(shown[-1].rstrip("…"))
