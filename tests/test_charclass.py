"""charclass.py: a pattern compiled from its classes' ranges matches what `re.compile`
of its text matches, and the gate's classes are those of the tables they come from."""

from __future__ import annotations

import random
import re

import pytest

from zhnorm import charclass
from zhnorm.chars import _known_han
from zhnorm.repair import _gate_classes, rare_pairs, suspects, utf8_start_at_char
from zhnorm.swaps import script_chars, script_only

#: every code point but the surrogates, in order
EVERY = "".join(chr(o) for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF)


def _same(fast: re.Pattern, text: str) -> None:
    slow = re.compile(fast.pattern)
    assert fast is not slow
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize("pattern", [suspects, rare_pairs, lambda: script_only()[0], lambda: script_only()[1], utf8_start_at_char])
def test_gate_patterns_match_as_their_text_compiled(pattern):
    fast = pattern()
    _same(fast, EVERY)
    # and on text whose characters are drawn from the class, for patterns of two
    members = re.compile(fast.pattern.split("]")[0] + "]").findall(EVERY)
    rng = random.Random(12)
    text = "".join(rng.choice(members) if rng.random() < 0.7 else rng.choice("a中文的") for _ in range(20000))
    _same(fast, text)


def test_beyond_the_basic_plane_and_inside_groups():
    inside = "a-c\u4e00-\u4e0f\U00020000-\U0002000f\U00030000"
    fast = charclass.compile("(?:{x}+|<{y}>)(?={x})", x=inside, y="\u3000")
    text = "".join(random.Random(3).choice("ab<>\u3000\u4e00\u4e10\U00020001\U00020010\U00030000z") for _ in range(5000))
    _same(fast, text)
    assert fast.findall("aab\U00020003") == ["aab"]


def test_where_the_internals_differ_the_text_is_compiled(monkeypatch):
    def differ(*args):
        raise TypeError("another engine")

    monkeypatch.setattr(charclass, "_compiled", differ)
    fast = charclass.compile("{x}{x}", x="a-c\u4e00")
    assert fast.pattern == "[a-c\u4e00][a-c\u4e00]"
    assert fast.findall("abzc一一") == ["ab", "c一"]


def test_plain_and_ranges_round_trip():
    chars = set("一二三五abcx\U00020000\U00020001")
    inside = charclass.plain(chars)
    assert inside == "a-cx一三二五\U00020000-\U00020001"  # by code point: 一 U+4E00, 三 U+4E09, 二 U+4E8C
    assert {chr(o) for a, b in charclass.ranges(inside) for o in range(a, b + 1)} == chars
    with pytest.raises(ValueError):
        charclass.plain("a-")


def test_the_gate_classes_are_the_tables_classes():
    # data/gate_classes.tsv is built from data/charfreq.tsv and data/script_chars.tsv
    # (scripts/build_swap_gains.py): a table changed without it is caught here
    trad, simp = script_only()
    for pattern, chars in ((trad, script_chars()[0]), (simp, script_chars()[1])):
        assert set(pattern.findall(EVERY)) == {c for c in chars if "\u3400" <= c <= "\u9fff"}
    unknown = charclass.compile("{u}", u=_gate_classes()["unknown_han"])
    han = "".join(map(chr, range(0x3400, 0xA000)))
    assert set(unknown.findall(han)) == set(han) - _known_han()
