"""repair's rare-run sign: a Big5/GBK garble whose every character the frequency table
knows reaches the swaps, and clean text with rare characters does not change."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from zhnorm import repair
from zhnorm.repair import _looks, _rare_starts_by_chars, rare_pairs, rare_spots, repair_text
from zhnorm.swaps import swap_gains

from .conftest import CORPORA


def gbk_as_big5(text: str) -> str:
    return text.encode("gbk").decode("big5hkscs")


def test_the_gains_table_is_what_its_script_builds():
    script = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "build_swap_gains.py"
    spec = importlib.util.spec_from_file_location("build_swap_gains", script)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.OUT.read_text(encoding="utf-8") == build.text()
    assert build.CLASSES.read_text(encoding="utf-8") == build.classes()
    assert build.VARIANTS.read_text(encoding="utf-8") == build.variant_chars()
    gains = swap_gains()
    assert len(gains) > 5000
    # 腔 is 的 read the other way, 蚚 用: far commoner; 的 itself reads as a rarer one
    assert gains["腔"] > 3 and gains["蚚"] > 3 and "的" not in gains


@pytest.mark.parametrize(
    "host, span",
    [
        ("快递很快，东西也", "不错"),
        ("总体来说", "价格"),
        ("我觉得", "满意"),
        ("我觉得这本书", "非常适合初学者"),
        ("总的来说", "还是值得购买的"),
    ],
)
def test_a_garble_of_known_characters_is_repaired(host, span):
    garbled = host + gbk_as_big5(span)
    spots = _looks(garbled)[2]
    assert rare_spots(garbled), garbled
    if not spots:  # nothing odd in it: the rare run is the only sign
        assert all(c in repair._known_han() for c in gbk_as_big5(span))
    assert repair_text(garbled) == (host + span, ["gbk as big5"])
    assert repair_text(host + span) == (host + span, [])


def test_the_first_ones_are_passed_by_the_odd_character_scan():
    # what the sign adds: the scan for odd characters finds nothing in these
    for host, span in (("快递很快，东西也", "不错"), ("总体来说", "价格")):
        garbled = host + gbk_as_big5(span)
        assert not repair._suspect(garbled) and _looks(garbled) == (False, 0, [])


def test_the_pattern_and_the_start_up_look_find_the_same_pairs():
    # every line looked at both ways (the start-up look once took only lines before the
    # pattern was compiled)
    lines = [t for t in (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").splitlines() if t]
    found = 0
    for t in lines:
        by_pattern = [m.start() for m in rare_pairs().finditer(t)]
        assert _rare_starts_by_chars(t) == by_pattern, t
        found += bool(by_pattern)
    assert found > 50  # rare names: the classical text is full of them


def test_clean_lines_with_the_sign_are_left_alone():
    # the corpora and their Traditional conversion: every line holding a pair the scan
    # looks at further goes through repair unchanged, and few of them reach the swaps
    import opencc

    lines = []
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        lines += [t for t in (CORPORA / name).read_text(encoding="utf-8").splitlines() if t]
    lines += opencc.OpenCC("s2t").convert("\n".join(lines)).splitlines()
    signed = [t for t in set(lines) if rare_pairs().search(t)]
    assert len(signed) > 300
    assert [t for t in signed if repair_text(t)[0] != t] == []
    assert sum(bool(rare_spots(t)) for t in signed) < 0.02 * len(signed)


def test_a_repair_by_the_sign_is_final():
    for host, span in (("快递很快，东西也", "不错"), ("总的来说", "还是值得购买的")):
        once = repair_text(host + gbk_as_big5(span))[0]
        assert repair_text(once) == (once, [])
