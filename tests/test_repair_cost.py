"""The ways repair's cost on clean text is kept down decide as the slow ways do."""

from __future__ import annotations

from zhnorm.swaps import BIG5_VARIANTS, VARIANT_LEADS, variant_chars


def test_the_big5_variants_characters_listed_are_those_read_a_pair_at_a_time():
    # data/variant_chars.txt (scripts/build_swap_gains.py reads the codecs in one call)
    chars = set()
    for a in VARIANT_LEADS:
        for b in range(0x40, 0xFF):
            raw = bytes((a, b))
            seen = {raw.decode(v, errors="replace") for v in BIG5_VARIANTS}
            if len(seen) > 1:
                chars |= {c for c in seen if len(c) == 1 and c != "\ufffd"}
                g = raw.decode("gbk", errors="replace")
                if len(g) == 1 and g != "\ufffd":
                    chars.add(g)
    assert len(chars) > 500
    assert variant_chars() == frozenset(chars)


def test_the_gb18030_bytes_made_in_one_call_are_those_made_a_character_at_a_time():
    from array import array
    from itertools import accumulate

    from zhnorm.repair import _encoded, _gb_encoded, _gbk_bytes

    from .test_repair import _lines_repair_meets

    lines = _lines_repair_meets() + ["a\U00020000b中", "中\udc80x", "€中", "𫔰中1", "中文", "abc", ""]
    fast = 0
    for t in lines:
        bounds = array("i", [0])
        bounds.extend(accumulate(map(len, map(_gbk_bytes, t))))
        assert _encoded(t, _gbk_bytes) == (b"".join(map(_gbk_bytes, t)), bounds), t
        fast += _gb_encoded(t) is not None
    assert fast > 0.9 * len(lines)
