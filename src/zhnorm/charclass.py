"""Patterns over classes of thousands of characters, compiled without parsing the classes.

Repair's gate scans every line for a member of a large class (the Han the frequency
table does not know, the rare readings of the Big5/GBK swaps, each script's own
characters). `re.compile` of such a class parses its text range by range and then builds
the engine's bitmap of it twice (once for the pattern, once for the search's fast skip):
about 20 ms a class, on every run. Here a class comes with the bitmap of its characters
of the Basic Multilingual Plane, precomputed (`Class`: data/gate_classes.tsv's rows,
built by scripts/), and the pattern around the classes is parsed with a one-character
stand-in for each, which is then replaced by the engine's items for the bitmap before the
pattern is compiled. The result is the pattern `re.compile` makes of the whole text,
which it keeps as its `.pattern` (so that it prints and pickles as usual). A class given
as text only is worked out of its ranges (fine for a few of them). Where the engine's
internals are not as this expects (another Python), it is `re.compile` of that text;
tests/test_charclass.py checks that both match the same characters.
"""

from __future__ import annotations

import re
import sys
from array import array
from functools import lru_cache
from typing import Iterable

Ranges = list[tuple[int, int]]
STAND_IN = 0x10FF00  # the first stand-in's code point (private use, plane 16)
_RANGE = re.compile(r"(.)-(.)|(.)", re.DOTALL)
_BEYOND = re.compile("[\U00010000-\U0010ffff]")
SPECIAL = frozenset("\\[]^-")  # what a class's characters may not be, written plainly
BMP_BYTES = 0x10000 // 8


class Class(str):
    """The inside of a class written plainly (`plain`), with `bitmap`: bit c (of the
    little-endian number of BMP_BYTES bytes) set for each of its characters c below
    U+10000."""

    bitmap: bytes

    def __new__(cls, inside: str, bitmap: bytes) -> "Class":
        if len(bitmap) != BMP_BYTES:
            raise ValueError("a bitmap of the Basic Multilingual Plane is 8,192 bytes")
        self = super().__new__(cls, inside)
        self.bitmap = bitmap
        return self


def ranges(inside: str) -> Ranges:
    """The ranges of code points of the inside of a class written plainly: characters
    and ranges of them, `a-b` (`plain`'s form, as `repair._han_class` writes it too)."""
    return [(ord(a), ord(b)) if a else (ord(c), ord(c)) for a, b, c in _RANGE.findall(inside)]


def plain(chars: Iterable[str]) -> str:
    """The inside of a class of `chars`, written plainly: the characters themselves and
    ranges of them (none may be one of `SPECIAL`)."""
    out: Ranges = []
    for o in sorted(set(map(ord, chars))):
        if out and o == out[-1][1] + 1:
            out[-1] = (out[-1][0], o)
        else:
            out.append((o, o))
    if any(c in SPECIAL for c in map(chr, (x for r in out for x in r))):
        raise ValueError("a class written plainly holds no \\ [ ] ^ -")
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in out)


def bitmap(inside: str) -> bytes:
    """`Class`'s bitmap of the inside of a class written plainly."""
    return _bits(inside).to_bytes(BMP_BYTES, "little")


def compile(template: str, **classes: str | tuple[str, ...]) -> re.Pattern:
    """`template` compiled with each `{name}` (standing on its own, not inside brackets)
    the class whose inside, written plainly, is `classes[name]` (a tuple of them: their
    union; each a `Class` where it is large)."""
    parts = {name: inside if isinstance(inside, tuple) else (inside,) for name, inside in classes.items()}
    text = template.format(**{name: "[" + "".join(p) + "]" for name, p in parts.items()})
    try:
        return _compiled(template, text, parts)
    except Exception:  # the engine's internals differ: the usual way
        return re.compile(text)


def _compiled(template: str, text: str, classes: dict[str, tuple[str, ...]]) -> re.Pattern:
    import _sre
    from re import _compiler, _constants, _parser

    if _sre.CODESIZE != 4:
        raise ValueError("the engine's words are not of 32 bits")
    names = list(classes)
    stand_ins = {name: f"\\U{STAND_IN + k:08x}" for k, name in enumerate(names)}
    parsed = _parser.parse(template.format(**stand_ins), 0)
    sets = {STAND_IN + k: _charset(classes[name], _constants) for k, name in enumerate(names)}
    if _replaced(parsed, sets, _constants) != sum(template.count("{" + n + "}") for n in names):
        raise ValueError("a stand-in was not found as one literal")
    code = _compiler._code(parsed, 0)
    state = parsed.state
    indexgroup = [None] * state.groups
    for name, i in state.groupdict.items():
        indexgroup[i] = name
    return _sre.compile(text, state.flags, code, state.groups - 1, state.groupdict, tuple(indexgroup))


def _bits(inside: str) -> int:
    """The bits of the BMP characters of a class (bit c for character c), from a
    `Class`'s bitmap or else from its ranges."""
    if isinstance(inside, Class):
        return int.from_bytes(inside.bitmap, "little")
    charmap = bytearray(0x10000)
    for a, b in ranges(inside):
        if a <= 0xFFFF:
            b = min(b, 0xFFFF)
            charmap[a : b + 1] = b"\x01" * (b + 1 - a)
    return int(charmap[::-1].translate(_DIGITS), 2)


_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _beyond(inside: str) -> Ranges:
    """The ranges of a class's characters beyond the BMP (written last: plainly, a class
    is in the order of code points)."""
    m = _BEYOND.search(inside)
    if m is None:
        return []
    k = m.start()
    if k >= 2 and inside[k - 1] == "-":
        k -= 2  # a range from inside the BMP to beyond it
    return [(max(a, 0x10000), b) for a, b in ranges(inside[k:]) if b > 0xFFFF]


@lru_cache(maxsize=64)
def _charset(parts: tuple[str, ...], _constants) -> list:
    """The engine's items for the union of `parts`: one bitmap of the BMP in chunks of 256
    characters, each chunk once, with a chunk's number for each 256 (BIGCHARSET, as
    `_compiler._optimize_charset` builds it), and the ranges beyond the BMP."""
    bits = 0
    beyond: Ranges = []
    for part in parts:
        bits |= _bits(part)
        beyond += _beyond(part)
    bmp = bits.to_bytes(BMP_BYTES, "little")
    chunks: dict[bytes, int] = {}
    mapping = bytearray(256)
    for i in range(256):
        mapping[i] = chunks.setdefault(bmp[i * 32 : i * 32 + 32], len(chunks))
    words = array("I", b"".join(chunks))  # chunks keeps the order they were first met in
    if sys.byteorder != "little":
        words.byteswap()  # (the chunks' numbers are bytes, read as words in the machine's order)
    index = array("I", bytes(mapping))
    return [(_constants.BIGCHARSET, [len(chunks), *index, *words]), *((_constants.RANGE, r) for r in beyond)]


def _replaced(sub, sets: dict, _constants) -> int:
    """Each stand-in literal in the parsed pattern `sub` replaced by its class; how many."""
    n = 0
    data = sub.data
    for k, (op, av) in enumerate(data):
        if op is _constants.LITERAL and av in sets:
            data[k] = (_constants.IN, sets[av])
            n += 1
        else:
            n += _inside(av, sets, _constants)
    return n


def _inside(av, sets: dict, _constants) -> int:
    from re import _parser

    if isinstance(av, _parser.SubPattern):
        return _replaced(av, sets, _constants)
    if isinstance(av, (tuple, list)):
        return sum(_inside(x, sets, _constants) for x in av)
    return 0


def mark(table, parts: Iterable[str], bit: int) -> None:
    """Set `bit` in `table` (a numpy array of 0x110000 bytes, one a code point) for each
    character of the union of `parts` (each the inside of a class written plainly, or a
    `Class`): the class that `compile` makes of them, for a table lookup over a whole
    text at once. A `Class` by its bitmap, a plain one by its ranges."""
    import numpy as np

    for part in parts:
        if isinstance(part, Class):
            bits = np.unpackbits(np.frombuffer(part.bitmap, dtype=np.uint8), bitorder="little")
            table[: 0x10000] |= bits * np.uint8(bit)
            spans = _beyond(part)
        else:
            spans = ranges(part)
        for a, b in spans:
            table[a : b + 1] |= bit
