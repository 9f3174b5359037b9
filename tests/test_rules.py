"""Rules files: every field checked by type, no traceback, no pattern that can hang a run."""

from __future__ import annotations

import pytest

from .conftest import run_cli

ARTICLE = "会议强调，要加强组织领导，确保各项任务落地见效。"
TEXT = f"广告：招商热线\n来源：新华社\n{ARTICLE}\n".encode()

BAD = [
    # (file text, what the one error line must name)
    ('patterns = "广告"\n', "unknown top-level field 'patterns'"),
    ('disable = "meta"\n', "field 'disable' must be a list of strings"),
    ('disable = ["meta", 3]\n', "field 'disable' must be a list of strings"),
    ('[[rule]]\ncategory = "ads"\npatterns = "广告"\n', "rule 1: field 'patterns' must be a list of strings, not '广告'"),
    ('[[rule]]\ncategory = "ads"\npatterns = [1]\n', "rule 1: field 'patterns' must be a list of strings"),
    ('[[rule]]\ncategory = "ads"\npatterns = []\n', "rule 1: field 'patterns' is empty"),
    ('[[rule]]\ncategory = "a"\npatterns = ["x"]\n[[rule]]\ncategory = "ads"\npatterns = ["广告"]\nmax_len = "ten"\n',
     "rule 2: field 'max_len' must be a positive integer, not 'ten'"),
    ('[[rule]]\ncategory = "ads"\npatterns = ["广告"]\nmax_len = true\n', "rule 1: field 'max_len' must be a positive integer"),
    ('[[rule]]\ncategory = "ads"\npatterns = ["广告"]\nunless_prose = "yes"\n', "rule 1: field 'unless_prose' must be true or false"),
    ('[[rule]]\ncategory = 5\npatterns = ["广告"]\n', "rule 1: field 'category' must be a string"),
    ('[[rule]]\ncategory = "ads"\npatterns = ["广告"]\nmaxlen = 3\n', "rule 1: unknown field 'maxlen'"),
    ('[[rule]]\npatterns = ["广告"]\n', "rule 1 has no 'category'"),
    ("rule = 5\n", "field 'rule' must be a list of tables"),
    ("features = 5\n", "field 'features' must be a table"),
    ("[features]\nrun_min = \"four\"\n", "[features]: field 'run_min' must be a positive integer"),
    ("[features]\nnav_words = \"首页\"\n", "[features]: field 'nav_words' must be a list of strings"),
    ("[features]\nmenu_separators = '(?<=a)b'\n", "[features]: field 'menu_separators': bad pattern"),
    ('[[rule]]\ncategory = "ads"\npatterns = ["(a)\\\\1"]\n', "rule 1: field 'patterns': bad pattern"),
]


@pytest.mark.parametrize("text, named", BAD, ids=range(len(BAD)))
def test_a_field_of_the_wrong_type_is_refused_with_file_rule_and_field(tmp_path, text, named):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    r = run_cli("--rules", path, input=TEXT)
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err and r.stdout == b""
    assert f"{path}: {named}" in err


def test_a_rules_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('[[rule]]\ncategory = "ads"\npatterns = ["广告"]\n'.encode("gbk"))
    r = run_cli("--rules", path, input=TEXT)
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert f"{path}: not UTF-8".encode() in r.stderr


def test_a_valid_rules_file_still_works(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text('disable = ["meta"]\n[[rule]]\ncategory = "ads"\nmax_len = 40\npatterns = ["^广告[:：]"]\n', encoding="utf-8")
    r = run_cli("--rules", path, "--only", "clean", input=TEXT)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"来源：新华社\n{ARTICLE}\n".encode()


def test_a_catastrophic_user_pattern_runs_in_linear_time(tmp_path):
    # on Python's re, (a+)+$ takes seconds on 26 characters and minutes on 40
    path = tmp_path / "evil.toml"
    path.write_text('[[rule]]\ncategory = "evil"\npatterns = ["(a+)+$"]\n', encoding="utf-8")
    lines = ["a" * n + "!" for n in (26, 40, 5000)] + ["aaaa"]
    # no wall-clock bound (a loaded machine passes it): the default timeout only bounds a
    # hang, and backtracking on 5000 a's would outlast it by far
    r = run_cli("--rules", path, "--only", "clean", input="\n".join(lines).encode() + b"\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "\n".join(lines[:3]).encode() + b"\n"  # only the line that ends in a's matched


def test_a_user_rule_without_keywords_leaves_the_built_in_rules_working(tmp_path):
    # a rule without keywords once made every rule with keywords be skipped
    path = tmp_path / "site.toml"
    path.write_text('[[rule]]\ncategory = "ads"\nmax_len = 40\npatterns = ["^广告[:：]"]\n', encoding="utf-8")
    r = run_cli("--rules", path, "--only", "clean", input=TEXT)
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"{ARTICLE}\n".encode()  # the ad by the user's rule, the source line by the built-in one


def test_the_built_in_rules_json_is_the_toml_file_as_built_from_its_bytes():
    # data/boilerplate.json is only a faster form of data/boilerplate.toml: after an edit
    # of the TOML file, run scripts/build_boilerplate.py
    import json
    import tomllib
    import zlib
    from importlib import resources

    data = resources.files("zhnorm.data")
    raw = data.joinpath("boilerplate.toml").read_bytes()
    built = json.loads(data.joinpath("boilerplate.json").read_text(encoding="utf-8"))
    assert built["crc32"] == zlib.crc32(raw), "run scripts/build_boilerplate.py"
    assert built["rules"] == tomllib.loads(raw.decode("utf-8"))


def test_a_stale_json_form_falls_back_to_the_toml_file(monkeypatch):
    import types
    import zlib

    from zhnorm import rules

    monkeypatch.setattr(rules, "zlib", types.SimpleNamespace(crc32=lambda raw: zlib.crc32(raw) + 1))
    parsed = rules._builtin()
    monkeypatch.undo()
    assert parsed == rules._builtin()


def test_every_built_in_pattern_compiles():
    # built-in rules compile when first searched with: here, all of them
    from zhnorm.rules import load_rules

    for rule in load_rules().rules:
        assert rule.pattern.pattern == rule.joined


def test_a_rule_searched_in_parts_matches_what_its_joined_patterns_match():
    """A built-in rule searches its anchored patterns joined and each other one alone
    (Rule.parts): a line matches them exactly when it matches the one alternation of all
    its patterns, on every line of the real pages and on lines of the corpora."""
    from zhnorm.rules import load_rules

    from .conftest import CORPORA, SHARED

    lines = [line.strip() for path in sorted((SHARED / "realpages").glob("*/*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [line for path in sorted(CORPORA.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()[:3000]]
    rules = load_rules().rules
    assert any(len(rule.parts) > 1 for rule in rules)  # some rule is searched in parts
    matched = 0
    for rule in rules:
        for line in lines:
            joined = rule.pattern.search(line) is not None
            assert any(part.search(line) for part in rule.parts) == joined, (rule.category, line)
            matched += joined
    assert matched > 100  # the lines hold boilerplate for the rules to find
