"""Regular expressions compiled on first use, and searched only near a mark.

Compiling a class of Han characters costs about a millisecond each time (Python's `re`
marks every code point of a range in a table while it compiles), and a module holds
several: compiled when the module is imported, they are much of a short run's start-up,
though most lines never meet most of them (a line without a '(' or a '?' meets none of
unrender's). A `Lazy` stands where the compiled pattern would, with its methods: the
first use of one compiles it and puts the compiled pattern's methods on the instance, so
that later calls are a plain attribute lookup (the `__getattr__` hook is met only once).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

#: the compiled pattern's methods and attributes that a Lazy hands on
METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner", "groups", "groupindex")


class Lazy:
    """`re.compile(pattern, flags)`, compiled when one of its methods is first called;
    `pattern` and `flags` are known before."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern:
        p = re.compile(self.pattern, self.flags)
        for name in METHODS:
            setattr(self, name, getattr(p, name))
        self.compiled = lambda: p
        return p

    def __getattr__(self, name: str):
        # met only before the first compile: afterwards the instance holds them
        if name in METHODS:
            return getattr(self.compiled(), name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"Lazy({self.pattern!r})"


def finditer_near(pattern, text: str, marks: Iterable[int], lead: int) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` yields, for a pattern each of whose matches holds a
    mark (a character found first, cheaply: a '?', a 著) at most `lead` characters after
    its start, given the marks' positions in ascending order: the pattern is tried only at
    the `lead + 1` positions up to each mark, in order, from the end of the last match, as
    finditer tries every position. A long line is not tried at each of its characters,
    where a pattern led by a class (a Han character) would be. The pattern must not match
    the empty string, nor look behind its start."""
    tried = 0  # the positions before this one were tried, or lie within a match
    for p in marks:
        q = max(tried, p - lead)
        while q <= p:
            m = pattern.match(text, q)
            if m is None:
                q += 1
                continue
            yield m
            q = tried = m.end()
        tried = max(tried, p + 1)
