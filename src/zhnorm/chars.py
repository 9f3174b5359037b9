"""Character classes the stages share."""

from __future__ import annotations

import re
from functools import lru_cache

#: a Han character: CJK unified ideographs, extension A, compatibility, extensions B and on
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

#: where a very long text may be cut without splitting a word or an OpenCC phrase
CUT_AFTER = re.compile(r"[。！？；，、\s]")


def positions(text: str, chars: str) -> list[int]:
    """The positions in `text` of each of `chars`, ascending, each character found with
    str.find (a memchr a character): far cheaper on a long line than a search for the
    class, which tries it at every character and makes a match object for each found."""
    found = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            found.append(i)
            i = text.find(c, i + 1)
    if len(chars) > 1:
        found.sort()
    return found


def last_cut(text: str, start: int, end: int) -> int | None:
    """The position just after the last CUT_AFTER character in text[start:end], or None."""
    last = None
    for last in CUT_AFTER.finditer(text, start, end):  # noqa: B007 (the last one is wanted)
        pass
    return last.end() if last is not None else None


# The signs of mojibake repair and its Big5/GBK swaps look for.
# UTF-8 read as Latin-1/cp1252: a lead byte's character followed by a continuation byte's
CP1252_HIGH = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
UTF8_AS_LATIN = re.compile(f"[\xc2-\xf4][\x80-\xbf{CP1252_HIGH}]")

#: Big5 and GBK punctuation read as each other: bopomofo (ㄛ is GBK's ，, U+3105-U+312F)
#: and these marks (〃 is Big5's ” read as GBK)
SWAP_MARKS = "〃〝〞ˇˉ‥︽︾"


def swap_mark(c: str) -> bool:
    return "\u3105" <= c <= "\u312f" or c in SWAP_MARKS


@lru_cache(maxsize=1)
def _known_han() -> frozenset[str]:
    from .plausibility import char_counts

    return frozenset(char_counts())


def chinese_odd(c: str) -> bool:
    """Han the frequency table does not know, private use, Greek, Cyrillic, kana, U+FFFD, ..."""
    o = ord(c)
    if 0x3400 <= o <= 0x9FFF:
        return c not in _known_han()
    return (
        0x370 <= o <= 0x4FF
        or 0x3040 <= o <= 0x30FF
        or 0xE000 <= o <= 0xF8FF
        or 0xFE10 <= o <= 0xFE6F
        or o == 0xFFFD
        or 0x20000 <= o <= 0x3134F
    )
