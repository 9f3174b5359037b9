"""wordmodel: the word model that ranks a damaged span's readings with the pair model."""

from __future__ import annotations

import math

from zhnorm import wordmodel
from zhnorm.damage import PUNCT_SHARE, char_logp


def test_the_list_holds_words_in_both_scripts_with_their_counts():
    counts, total = wordmodel.words()
    assert counts["规模"] == counts["規模"] > 0  # as written and in Traditional, one count
    assert counts["正常"] > counts["尋常"] > 0
    assert "尋。" not in counts and "正常現象" not in counts  # words only, not phrases
    assert total > sum(counts[w] for w in ("正常", "規模", "尋常"))


def test_a_run_of_words_is_likelier_than_a_mark_where_a_character_made_one():
    # the readings of a character known by its trail byte A3: 常 or 模 or 。
    assert wordmodel.logp("正常現象") > wordmodel.logp("正。現象")
    assert wordmodel.logp("尋常。") > wordmodel.logp("尋。。")
    assert wordmodel.logp("大規模恐怖") > wordmodel.logp("大規。恐怖")


def test_each_token_is_charged_so_a_reading_gains_nothing_by_adding_a_word():
    counts, total = wordmodel.words()
    assert wordmodel.logp("爭相政府說道") < wordmodel.logp("爭相說道")
    # the best tokens: here the word 規模 (not 規 and 模 alone), and a mark's share
    assert math.isclose(wordmodel.logp("規模。"), math.log(counts["規模"] / total) + math.log(PUNCT_SHARE["。"]))
    # a character the list does not hold alone, a share of its probability as a character
    c = next(c for c in "乂丌亍" if c not in counts)
    assert math.isclose(wordmodel.logp(c), char_logp(c) + wordmodel.UNLISTED)
    # what no word holds breaks the run: a '?' is a character not known
    assert math.isclose(wordmodel.logp("規?模"), wordmodel.logp("規") + wordmodel.UNKNOWN + wordmodel.logp("模"))


def _build_script():
    import importlib.util
    import pathlib
    import sys

    scripts = pathlib.Path(__file__).resolve().parent.parent / "scripts"
    sys.path.insert(0, str(scripts))  # it imports build_charfreq
    try:
        spec = importlib.util.spec_from_file_location("build_words", scripts / "build_words.py")
        build = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build)
    finally:
        sys.path.remove(str(scripts))
    return build


def test_the_packed_list_is_what_the_build_script_makes_from_jieba_and_holds_its_counts():
    import pytest

    pytest.importorskip("jieba")
    from zhnorm import datafiles as resources

    build = _build_script()
    counts, total = build.word_counts(build.jieba_dict())
    packed = resources.files("zhnorm.data").joinpath("words.bin").read_bytes()
    assert build.pack(counts, total) == packed
    # every word of the list has its count, read back as the model reads it
    listed, listed_total = wordmodel.words()
    assert listed_total == total and len(listed) == len(counts) > 150_000
    assert all(listed.get(w) == n for w, n in counts.items())
    assert dict(listed.items()) == counts
    # and what the list does not hold has none: runs of listed characters that are not
    # words, other characters, longer runs
    singles = sorted(w for w in counts if len(w) == 1)
    runs = {a + b for a in singles[:300] for b in singles[-300:]} | {"正常現象", "尋。", "", "a", "\U00020000", "規模規模"}
    assert all(listed.get(r) == counts.get(r) and (r in listed) == (r in counts) for r in runs)
    assert 0 < sum(r in counts for r in runs) < len(runs) // 2


def test_a_packed_list_cut_short_or_of_another_format_is_refused():
    import pytest

    from zhnorm import datafiles as resources

    data = resources.files("zhnorm.data").joinpath("words.bin").read_bytes()
    for bad in (data[:-4], data + b"\0\0\0\0", b"x" + data[1:], data[:10]):
        with pytest.raises(ValueError):
            wordmodel.read_packed(bad)
