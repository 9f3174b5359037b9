"""Patterns over classes of thousands of characters, compiled without parsing the classes.

Repair's gate scans every line for a member of a large class (the Han the frequency
table does not know, the rare readings of the Big5/GBK swaps, each script's own
characters). `re.compile` of such a class parses its text range by range and then builds
the engine's bitmap of it twice (once for the pattern, once for the search's fast skip):
about 20 ms a class, on every run. Here a class is given as its ranges of code points
(precomputed in data/ by scripts/), its bitmap of the Basic Multilingual Plane is made
with one slice assignment a range, and the pattern around the classes is parsed with a
one-character stand-in for each, which is then replaced by the bitmap before the pattern
is compiled. The result is the pattern `re.compile` makes of the whole text, which it
keeps as its `.pattern` (so that it prints and pickles as usual). Where the engine's
internals are not as this expects (another Python), it is `re.compile` of that text;
tests/test_charclass.py checks that both match the same characters.
"""

from __future__ import annotations

import re
from typing import Iterable

Ranges = list[tuple[int, int]]
STAND_IN = 0x10FF00  # the first stand-in's code point (private use, plane 16)
_RANGE = re.compile(r"(.)-(.)|(.)", re.DOTALL)
SPECIAL = frozenset("\\[]^-")  # what a class's characters may not be, written plainly


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


def compile(template: str, **classes: str) -> re.Pattern:
    """`template` compiled with each `{name}` (standing on its own, not inside brackets)
    the class whose inside, written plainly, is `classes[name]`."""
    text = template.format(**{name: f"[{inside}]" for name, inside in classes.items()})
    try:
        return _compiled(template, text, {name: ranges(inside) for name, inside in classes.items()})
    except Exception:  # the engine's internals differ: the usual way
        return re.compile(text)


def _compiled(template: str, text: str, classes: dict[str, Ranges]) -> re.Pattern:
    import _sre
    from re import _compiler, _constants, _parser

    names = list(classes)
    stand_ins = {name: f"\\U{STAND_IN + k:08x}" for k, name in enumerate(names)}
    parsed = _parser.parse(template.format(**stand_ins), 0)
    sets = {STAND_IN + k: _charset(classes[name], _compiler, _constants) for k, name in enumerate(names)}
    if _replaced(parsed, sets, _constants) != sum(template.count("{" + n + "}") for n in names):
        raise ValueError("a stand-in was not found as one literal")
    code = _compiler._code(parsed, 0)
    state = parsed.state
    indexgroup = [None] * state.groups
    for name, i in state.groupdict.items():
        indexgroup[i] = name
    return _sre.compile(text, state.flags, code, state.groups - 1, state.groupdict, tuple(indexgroup))


def _charset(rs: Ranges, _compiler, _constants) -> list:
    """The engine's items for a class: one bitmap of the Basic Multilingual Plane in
    chunks of 256 (as `_compiler._optimize_charset` builds it), and the ranges beyond it."""
    charmap = bytearray(0x10000)
    beyond = []
    for a, b in rs:
        if b > 0xFFFF:
            beyond.append((_constants.RANGE, (max(a, 0x10000), b)))
            if a > 0xFFFF:
                continue
            b = 0xFFFF
        charmap[a : b + 1] = b"\x01" * (b + 1 - a)
    chunks: dict[bytes, int] = {}
    mapping = bytearray(256)
    data = bytearray()
    for i in range(256):
        chunk = bytes(charmap[i * 256 : (i + 1) * 256])
        if chunk not in chunks:
            chunks[chunk] = len(chunks)
            data += chunk
        mapping[i] = chunks[chunk]
    words = _compiler._mk_bitmap(data)
    words[0:0] = [len(chunks), *_compiler._bytes_to_codes(mapping)]
    return [(_constants.BIGCHARSET, words), *beyond]


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
