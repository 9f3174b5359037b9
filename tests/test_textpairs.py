"""data/textpairs.bin is data/textpairs.tsv packed, and reads back as its rows."""

import importlib.util
import pathlib

from zhnorm.damage import text_pairs
from zhnorm.textpairs import PairCounts, read_text_pairs

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "zhnorm" / "data"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_textpairs", ROOT / "scripts" / "build_textpairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows() -> tuple[int, dict[str, tuple[int, int]], dict[str, int]]:
    total, follows, pairs = 0, {}, {}
    for row in (DATA / "textpairs.tsv").read_text(encoding="utf-8").splitlines():
        if row.startswith("# follows\t"):
            total = int(row.split("\t")[1])
        if not row or row.startswith("#"):
            continue
        key, *ns = row.split("\t")
        if len(key) == 1:
            follows[key] = (int(ns[0]), int(ns[1]))
        else:
            pairs[key] = int(ns[0])
    return total, follows, pairs


def test_the_packed_file_is_the_text_file_packed():
    packed = (DATA / "textpairs.bin").read_bytes()
    assert _build_script().pack((DATA / "textpairs.tsv").read_text(encoding="utf-8")) == packed


def test_the_packed_pairs_read_back_as_the_text_files_rows():
    total, follows, pairs = _rows()
    tp = text_pairs()
    assert tp.total == total == 4408652
    assert tp.follows == follows
    assert len(tp.pairs) == len(pairs) == 190295
    assert dict(tp.pairs.items()) == pairs
    assert all(tp.pairs.get(p) == n for p, n in pairs.items())
    # a pair the text does not show, a lone character, nothing: 0
    assert (tp.pairs.get("常。"), tp.pairs.get("常"), tp.pairs.get(""), tp.pairs.get("非常") > 0) == (pairs.get("常。", 0), 0, 0, True)


def test_a_first_characters_pairs_are_one_stretch():
    counts = PairCounts("aab", "xyz", __import__("array").array("I", [1, 2, 3]))
    assert counts.group("a") == ("xy", 0) and counts.group("b") == ("z", 2) and counts.group("c") == ("", 3)
    assert [counts.get(p) for p in ["ax", "ay", "az", "bz", "b", "cz"]] == [1, 2, 0, 3, 0, 0]


def test_a_damaged_packed_file_is_refused():
    import pytest

    packed = (DATA / "textpairs.bin").read_bytes()
    for bad in [packed[:-4], b"x" + packed[1:], packed[:10]]:
        with pytest.raises(ValueError):
            read_text_pairs(bad)
