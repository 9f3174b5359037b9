"""--jsonl: string fields of JSON Lines records, everything else as it was."""

from __future__ import annotations

import json

from .conftest import SEED, run_cli

PAGE = (SEED / "ganzi-news.input.txt").read_text(encoding="utf-8")
EXPECTED = (SEED / "ganzi-news.expected.txt").read_text(encoding="utf-8").rstrip("\n")


def records(*objs) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs).encode()


def test_fields_are_normalized_and_the_rest_kept():
    data = records({"id": 7, "text": PAGE, "url": "http://example.com/(a)", "lang": "zh"})
    r = run_cli("--jsonl", input=data)
    assert r.returncode == 0
    (out,) = [json.loads(l) for l in r.stdout.decode().splitlines()]
    assert list(out) == ["id", "text", "url", "lang"]
    assert out == {"id": 7, "text": EXPECTED, "url": "http://example.com/(a)", "lang": "zh"}


def test_unchanged_records_are_written_back_byte_for_byte():
    line = '{"text":"已经是规范的简体中文。" ,  "n":1.50}\n'
    r = run_cli("--jsonl", input=line.encode())
    assert r.stdout.decode() == line


def test_nested_fields_and_several_of_them():
    data = records({"meta": {"title": "頭髮乾燥"}, "body": "會(huì)議", "other": "頭髮"})
    r = run_cli("--jsonl", "--field", "meta.title", "--field", "body", input=data)
    assert json.loads(r.stdout) == {"meta": {"title": "头发干燥"}, "body": "会议", "other": "頭髮"}


def test_to_target_applies_to_fields():
    r = run_cli("--jsonl", "--to", "tw", input=records({"text": "软件"}))
    assert json.loads(r.stdout) == {"text": "軟體"}


def test_bad_record_fails_by_default_with_file_and_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(records({"text": "頭髮"}) + b"{not json\n" + records({"text": "乾燥"}))
    original = f.read_bytes()
    r = run_cli("--jsonl", "-i", f)
    assert r.returncode == 3
    assert r.stderr.decode() == f"normalize: {f}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)\n"
    assert f.read_bytes() == original  # nothing half-written


def test_on_error_skip_and_keep():
    data = records({"text": "頭髮"}) + b"[1, 2\n" + records([1, 2], {"title": "no text field"}, {"text": "乾燥"})
    skip = run_cli("--jsonl", "--on-error", "skip", input=data)
    assert skip.returncode == 0
    assert [json.loads(l) for l in skip.stdout.decode().splitlines()] == [{"text": "头发"}, {"title": "no text field"}, {"text": "干燥"}]
    assert skip.stderr.decode().splitlines() == [
        "normalize: <stdin>:2: not valid JSON (Expecting ',' delimiter at column 6) (skipped)",
        "normalize: <stdin>:3: not a JSON object (a JSON array) (skipped)",
    ]
    keep = run_cli("--jsonl", "--on-error", "keep", input=data)
    assert keep.stdout.decode().splitlines()[1:4] == ["[1, 2", "[1, 2]", '{"title": "no text field"}']


def test_a_missing_field_is_counted_not_an_error(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(records({"text": "頭髮", "meta": {"title": "會議"}}, {"text": "乾燥"}, {"id": 3}, {"meta": None}))
    r = run_cli("--field", "text", "--field", "meta.title", "--report", "-i", f)
    assert r.returncode == 0, r.stderr
    assert [json.loads(l) for l in f.read_text().splitlines()] == [
        {"text": "头发", "meta": {"title": "会议"}}, {"text": "干燥"}, {"id": 3}, {"meta": None}]
    report = r.stderr.decode()
    assert "records without 'text'" in report and "records without 'meta.title'" in report
    counts = {line.split("│")[2].strip(): line.split("│")[3].strip() for line in report.splitlines()
              if "records without" in line}
    assert counts == {"JSON Lines: records without 'text'": "2", "JSON Lines: records without 'meta.title'": "3"}


def test_lists_of_strings_element_by_element_and_errors_per_field():
    data = records({"tags": ["頭髮", "已经是简体", "乾燥"], "text": 7, "title": "會議"},
                   {"tags": ["頭髮", 2], "text": "乾燥", "title": "頭髮"})
    args = ("--jsonl", "--field", "tags", "--field", "text", "--field", "title")
    keep = run_cli(*args, "--on-error", "keep", input=data)
    assert keep.returncode == 0
    assert keep.stdout.decode().splitlines() == [
        '{"tags": ["头发", "已经是简体", "干燥"], "text": 7, "title": "会议"}',
        '{"tags": ["頭髮", 2], "text": "干燥", "title": "头发"}',
    ]
    assert keep.stderr.decode().splitlines() == [
        "normalize: <stdin>:1: field 'text' is not a string or a list of strings (field kept as it is)",
        "normalize: <stdin>:2: field 'tags' is not a string or a list of strings (field kept as it is)",
    ]
    fail = run_cli(*args, input=data)
    assert fail.returncode == 3
    assert fail.stderr.decode() == "normalize: <stdin>:1: field 'text' is not a string or a list of strings\n"


def test_non_string_field_is_an_error():
    r = run_cli("--jsonl", input=records({"text": 3}))
    assert r.returncode == 3
    assert "field 'text' is not a string" in r.stderr.decode()


def test_field_needs_jsonl():
    assert run_cli("--field", "text", input=b"x\n").returncode == 2


def test_check_on_jsonl(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(records({"text": "头发"}))
    assert run_cli("--jsonl", "--check", f).returncode == 0
    f.write_bytes(records({"text": "頭髮"}))
    assert run_cli("--jsonl", "--check", f).returncode == 1
