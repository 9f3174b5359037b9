"""Configuration files through the CLI: [tool.zhnorm] in pyproject.toml and zhnorm.toml,
found from the current folder upwards; the command line wins."""

from __future__ import annotations

import json

from .conftest import run_cli

SOFT = "软件和鼠标\n".encode()


def project(tmp_path, pyproject: str | None = None, zhnorm: str | None = None):
    root = tmp_path / "project"
    (root / "src" / "deep").mkdir(parents=True)
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    if zhnorm is not None:
        (root / "src" / "zhnorm.toml").write_text(zhnorm, encoding="utf-8")
    return root


def test_pyproject_table_found_from_a_subfolder_and_the_command_line_wins(tmp_path):
    root = project(tmp_path, '[project]\nname = "x"\n\n[tool.zhnorm]\nto = "tw"\nskip = ["clean"]\n')
    deep = root / "src" / "deep"
    # the plain filter (no argument at all) reads it too
    assert run_cli(input=SOFT, cwd=deep).stdout.decode() == "軟體和滑鼠\n"
    assert run_cli("--to", "hk", input=SOFT, cwd=deep).stdout.decode() == "軟件和鼠標\n"
    assert run_cli("--no-config", input=SOFT, cwd=deep).stdout == SOFT
    assert run_cli(input=SOFT, cwd=tmp_path).stdout == SOFT  # above the project: none


def test_zhnorm_toml_is_nearer_and_takes_any_long_option(tmp_path):
    root = project(tmp_path, '[tool.zhnorm]\nto = "tw"\n',
                   'from = "tw"\non_error = "keep"\nfield = ["title", "tags"]\ninclude = ["*.data"]\n')
    src = root / "src"
    (src / "deep" / "a.data").write_text(json.dumps({"title": "軟體", "tags": ["資訊", 3]}, ensure_ascii=False) + "\n")
    (src / "deep" / "b.txt").write_text("軟體\n")  # not included: the config's --include replaces the kinds
    r = run_cli("--jsonl", "deep", cwd=src)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == '{"title": "软件", "tags": ["資訊", 3]}\n'
    assert r.stderr.decode() == "normalize: deep/a.data:1: field 'tags' is not a string or a list of strings (field kept as it is)\n"
    # a pyproject.toml without [tool.zhnorm] is passed over on the way up
    (src / "zhnorm.toml").unlink()
    (src / "pyproject.toml").write_text('[project]\nname = "inner"\n')
    assert run_cli(input=SOFT, cwd=src / "deep").stdout.decode() == "軟體和滑鼠\n"


def test_config_option_and_paths_from_the_files_folder(tmp_path):
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "site.toml").write_text('[[rule]]\ncategory = "footer"\npatterns = ["^小鹿文学网"]\n', encoding="utf-8")
    (conf / "zhnorm.toml").write_text('rules = ["site.toml"]\n')
    text = "正文第一段，内容不短，足以成为正文的一行。\n小鹿文学网独家连载\n".encode()
    r = run_cli("--config", conf / "zhnorm.toml", input=text, cwd=tmp_path)
    assert (r.returncode, r.stdout.decode()) == (0, "正文第一段，内容不短，足以成为正文的一行。\n"), r.stderr
    assert run_cli(input=text, cwd=tmp_path).stdout == text


def test_bad_configuration_is_one_line_and_exit_2(tmp_path):
    root = project(tmp_path, '[tool.zhnorm]\ncolour = "red"\n')
    r = run_cli(input=SOFT, cwd=root)
    assert r.returncode == 2
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"normalize: {root}/pyproject.toml: [tool.zhnorm]: unknown option 'colour' (options: ")
    (root / "pyproject.toml").write_text("[tool.zhnorm\n")
    r = run_cli(input=SOFT, cwd=root)
    assert r.returncode == 2 and r.stderr.decode().startswith(f"normalize: {root}/pyproject.toml: not valid TOML (")
    (root / "pyproject.toml").write_text('[tool.zhnorm]\nto = "klingon"\n')
    r = run_cli(input=SOFT, cwd=root)
    assert r.returncode == 2 and b"klingon" in r.stderr
