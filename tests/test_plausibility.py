"""plausibility: the pair model read lazily gives the counts and scores of the file."""

from __future__ import annotations

import math
import random
from importlib import resources

from zhnorm.plausibility import PairModel


def _read_whole() -> tuple[dict, dict, int]:
    """data/pairfreq.tsv parsed row by row, all at once (as the model once loaded it)."""
    chars, pairs, words = {}, {}, 1
    with resources.files("zhnorm.data").joinpath("pairfreq.tsv").open(encoding="utf-8") as f:
        for row in f:
            if row.startswith("#"):
                if row.startswith("# words\t"):
                    words = int(row.split("\t")[1])
                continue
            key, *ns = row.rstrip("\n").split("\t")
            if len(key) == 1:
                chars[key] = (int(ns[0]), int(ns[1]), int(ns[2]))
            else:
                pairs[key] = int(ns[0])
    return chars, pairs, words


def _bonus(chars, pairs, words, total, a, b) -> float:
    ca, cb = chars.get(a), chars.get(b)
    if ca is not None and cb is not None:
        follows = (pairs.get(a + b, 0) + ca[2] * cb[1] / words) / ca[0]
        return math.log((1 - PairModel.SMOOTH) * follows / (cb[0] / total) + PairModel.SMOOTH)
    return None


def test_the_lazy_pair_model_holds_every_count_of_the_file():
    chars, pairs, words = _read_whole()
    model = PairModel()
    assert model.chars == chars and model.words == words and len(pairs) > 150_000
    # every pair, read a first character's group at a time, and no pair more
    got = {a + b: n for a in {k[0] for k in pairs} for b, n in model._after(a).items()}
    assert got == pairs
    assert model._after("\u3400") == {}


def test_the_lazy_pair_model_scores_as_the_whole_file():
    chars, pairs, words = _read_whole()
    total = float(sum(n for n, _, _ in chars.values()))
    model = PairModel()
    rng = random.Random(3)
    known = sorted(chars)
    asked = [tuple(k) for k in rng.sample(sorted(pairs), 5000)] + [(rng.choice(known), rng.choice(known)) for _ in range(5000)]
    for a, b in asked:
        assert model.bonus(a, b) == _bonus(chars, pairs, words, total, a, b)
        assert model.logp(a) == math.log(chars[a][0] / total)
    assert model.bonus("我", "，") == math.log((1 - PairModel.SMOOTH) * chars["我"][2] / chars["我"][0] + PairModel.SMOOTH)
    assert model.logp("\u3400") is None and model.bonus("a", "b") == 0.0


def _pairs_row_by_row() -> frozenset[str]:
    """data/bigrams.txt parsed as the set of its rows (as the pairs were once loaded)."""
    rows = resources.files("zhnorm.data").joinpath("bigrams.txt").read_text(encoding="utf-8").split("\n")
    return frozenset(r for r in rows if r and not r.startswith("#"))


def test_the_pairs_read_by_slices_are_the_rows_of_the_file():
    from zhnorm.plausibility import Pairs, bigrams

    rows = _pairs_row_by_row()
    known = bigrams()
    assert len(rows) > 250_000 and len(known) == len(rows) and set(known) == rows
    assert all(p in known for p in rows)
    # pairs of the same characters that are not rows: none is taken for one
    rng = random.Random(5)
    chars = sorted({c for p in rows for c in p})
    asked = [rng.choice(chars) + rng.choice(chars) for _ in range(100_000)]
    assert sum(p in rows for p in asked) > 100  # some are, most are not
    assert [p in known for p in asked] == [p in rows for p in asked]
    assert "的人" in known and "人" not in known and "的人们" not in known and "" not in known and "ab" not in known
    assert known.after("\u3400") == "" and "㐀的" not in known
    try:
        Pairs("的人\n的")
    except ValueError:
        pass
    else:
        raise AssertionError("rows of other lengths are refused")


def _build_charfreq():
    """scripts/build_charfreq.py, the builder of the packed tables, as a module."""
    import importlib.util
    import pathlib

    script = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "build_charfreq.py"
    spec = importlib.util.spec_from_file_location("build_charfreq", script)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return build


def test_the_packed_pair_model_is_the_rows_of_the_file(tmp_path):
    # data/pairfreq.bin is what the build script packs from data/pairfreq.tsv, byte for byte
    data = resources.files("zhnorm.data")
    with resources.as_file(data.joinpath("pairfreq.tsv")) as tsv:
        _build_charfreq().pack_pair_model(tsv, tmp_path / "pairfreq.bin")
    assert (tmp_path / "pairfreq.bin").read_bytes() == data.joinpath("pairfreq.bin").read_bytes()


def test_every_pair_of_the_file_has_its_count_and_no_other_pair_has_one():
    chars, pairs, words = _read_whole()
    model = PairModel()
    assert all(model.count(p[0], p[1]) == n for p, n in pairs.items())
    # pairs of the same characters that are not rows, and characters the model lacks
    rng = random.Random(7)
    known = sorted(chars)
    asked = {rng.choice(known) + rng.choice(known) for _ in range(100_000)}
    assert 100 < len(asked & pairs.keys()) < len(asked) // 2
    assert all(model.count(p[0], p[1]) == pairs.get(p, 0) for p in asked)
    assert model.count("\u3400", "的") == 0 and model.count("的", "\u3400") == 0 and model.count("a", "b") == 0
    # the first and the last group of the sorted rows are whole
    first, last = min(pairs)[0], max(pairs)[0]
    for a in (first, last):
        assert model._after(a) == {p[1]: n for p, n in pairs.items() if p[0] == a}


def test_a_packed_pair_model_cut_short_or_of_another_format_is_refused():
    from zhnorm.plausibility import read_packed

    data = resources.files("zhnorm.data").joinpath("pairfreq.bin").read_bytes()
    for bad in (data[:-4], data + b"\0\0\0\0", b"x" + data[1:], data[:10]):
        try:
            read_packed(bad)
        except ValueError:
            pass
        else:
            raise AssertionError("a damaged packed model was read")


def test_the_character_counts_are_the_rows_of_the_file():
    from zhnorm.plausibility import char_counts

    rows = {}
    with resources.files("zhnorm.data").joinpath("charfreq.tsv").open(encoding="utf-8") as f:
        for row in f:
            if not row.startswith("#"):
                char, n = row.rstrip("\n").split("\t")
                rows[char] = int(n)
    assert len(rows) > 9000 and char_counts() == rows and list(char_counts()) == list(rows)


def test_the_packed_pairs_are_the_rows_of_the_file(tmp_path):
    # data/bigrams.bin is what the build script packs from data/bigrams.txt, byte for
    # byte, and `bigrams()` reads from it the pairs the rows hold, in their order
    from zhnorm.plausibility import Pairs, bigrams

    data = resources.files("zhnorm.data")
    with resources.as_file(data.joinpath("bigrams.txt")) as txt:
        _build_charfreq().pack_bigrams(txt, tmp_path / "bigrams.bin")
    packed = data.joinpath("bigrams.bin").read_bytes()
    assert (tmp_path / "bigrams.bin").read_bytes() == packed
    text = data.joinpath("bigrams.txt").read_text(encoding="utf-8")
    rows = Pairs(text[text.index("\n") + 1 :])
    assert (bigrams()._firsts, bigrams()._seconds) == (rows._firsts, rows._seconds)
    for bad in (packed[:-2], b"zhnorm pairs 1\n" + packed[17:]):
        try:
            Pairs.packed(bad)
        except ValueError:
            pass
        else:
            raise AssertionError("packed pairs cut short or of another format are refused")
