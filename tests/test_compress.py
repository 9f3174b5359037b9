"""Compressed inputs and outputs through the CLI: gzip, bzip2, xz and zstd files made by
the real tools' libraries, read by name and by magic bytes, written back as they were."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma

import pytest
import zstandard

from .conftest import SEED, run_cli

PAGE = (SEED / "ganzi-news.input.txt").read_bytes()
CLEAN = (SEED / "ganzi-news.expected.txt").read_bytes()

COMPRESS = {
    "gzip": (".gz", gzip.compress, gzip.decompress),
    "bzip2": (".bz2", bz2.compress, bz2.decompress),
    "xz": (".xz", lzma.compress, lzma.decompress),
    "zstd": (".zst", lambda b: zstandard.ZstdCompressor().compress(b),
             lambda b: zstandard.ZstdDecompressor().decompressobj().decompress(b)),
}
KINDS = list(COMPRESS)


SHORT, SHORT_CLEAN = "頭髮乾燥，會議開始了。\n".encode(), "头发干燥，会议开始了。\n".encode()


def compressed_pages(folder, stem="page.txt", data=PAGE):
    names = []
    for kind, (suffix, compress, _) in COMPRESS.items():
        f = folder / (stem + suffix)
        f.write_bytes(compress(data))
        names.append(f)
    return names


def test_compressed_files_read_as_the_plain_one(tmp_path):
    r = run_cli(*compressed_pages(tmp_path))
    assert (r.returncode, r.stdout, r.stderr) == (0, CLEAN * 4, b"")


@pytest.mark.parametrize("kind", KINDS)
def test_standard_input_by_magic_bytes(kind):
    _, compress, _ = COMPRESS[kind]
    r = run_cli(input=compress(SHORT))
    assert (r.returncode, r.stdout, r.stderr) == (0, SHORT_CLEAN, b"")


def test_in_place_writes_back_with_the_same_compression(tmp_path):
    names = compressed_pages(tmp_path)
    r = run_cli("-i", *names)
    assert r.returncode == 0, r.stderr
    for f, (kind, (_, _, decompress)) in zip(names, COMPRESS.items()):
        data = f.read_bytes()
        assert data != CLEAN and decompress(data) == CLEAN, kind
    before = [f.stat().st_mtime_ns for f in names]
    again = run_cli("--check", *names)
    assert (again.returncode, again.stdout) == (0, b"")  # one pass is final
    assert run_cli("-i", *names).returncode == 0
    assert [f.stat().st_mtime_ns for f in names] == before  # unchanged: untouched


def test_output_compressed_by_its_name(tmp_path):
    for kind, (suffix, _, decompress) in COMPRESS.items():
        out = tmp_path / ("clean.txt" + suffix)
        r = run_cli("-o", out, input=SHORT)
        assert r.returncode == 0, r.stderr
        assert decompress(out.read_bytes()) == SHORT_CLEAN, kind


def test_compressed_json_lines_in_place_and_in_a_folder(tmp_path):
    rows = [{"id": 1, "text": "頭髮乾燥"}, {"id": 2, "text": "會議開始了"}]
    f = tmp_path / "data" / "part.jsonl.gz"
    f.parent.mkdir()
    f.write_bytes(gzip.compress("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()))
    r = run_cli("--check", tmp_path / "data")
    assert r.stdout.decode() == f"{f}\n"
    assert run_cli("-i", "-q", tmp_path / "data").returncode == 0
    assert gzip.decompress(f.read_bytes()).decode() == '{"id": 1, "text": "头发干燥"}\n{"id": 2, "text": "会议开始了"}\n'


def test_csv_format_by_the_name_under_the_compression(tmp_path):
    f = tmp_path / "t.csv.xz"
    f.write_bytes(lzma.compress("名稱,說明\n頭髮,(乾燥)\n".encode()))
    # CSV: the fields are tidied one by one, the separators stay ASCII
    assert run_cli(f).stdout.decode() == "名称,说明\n头发,（干燥）\n"


def test_a_damaged_stream_is_one_line_and_exit_3(tmp_path):
    cut = []
    for kind, (suffix, compress, _) in COMPRESS.items():
        data = compress(PAGE)
        f = tmp_path / ("cut.txt" + suffix)
        f.write_bytes(data[: len(data) // 2])
        cut.append((kind, f, f.read_bytes()))
    good = tmp_path / "good.txt"
    good.write_bytes(PAGE)
    r = run_cli(*(f for _, f, _ in cut), good)
    assert r.returncode == 3 and r.stdout.endswith(CLEAN)
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 4
    for line, (kind, f, _) in zip(lines, cut):
        assert line.startswith(f"normalize: {f}: not valid {kind} data ("), line
    # -i leaves a damaged file as it was
    assert run_cli("-i", *(f for _, f, _ in cut)).returncode == 3
    assert [f.read_bytes() for _, f, _ in cut] == [data for _, _, data in cut]


def test_text_that_only_starts_like_a_magic_number_is_text():
    assert run_cli(input="BZh9 頭髮\n".encode()).stdout == "BZh9 头发\n".encode()


def test_jobs_workers_read_compressed_files_too(tmp_path):
    names = []
    for kind in ("gzip", "zstd"):
        suffix, compress, _ = COMPRESS[kind]
        f = tmp_path / ("page.txt" + suffix)
        f.write_bytes(compress(PAGE * 50))
        names.append(f)
    r = run_cli("-j", "2", *names)
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout == run_cli(input=PAGE * 50).stdout * 2
