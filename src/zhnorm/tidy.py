"""tidy: whitespace and punctuation.

- NBSP, ideographic and other odd spaces become a space; zero-width spaces and stray
  BOMs go; each line is stripped at both ends and runs of spaces inside it fold to one;
- runs of blank lines collapse to one, with none at the start or the end;
- half-width , : ; ( ) ! ? next to a Han character become full-width, except between
  digits (3,000  12:30) and in Latin text; a pair of parentheses is converted together
  (世卫组织(WHO) -> 世卫组织（WHO）); spaces after a converted mark go when Chinese
  follows (会议, 头发 -> 会议，头发). `punct='keep'` turns this off.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from .chars import HAN
from .lang import map_chinese
from .stage import Boundary, Line, Stage

SPACES = {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
SPACES.update({c: None for c in "\u200b\u2060\ufeff"})
SPACE_TABLE = str.maketrans(SPACES)
ODD = re.compile("[" + "".join(SPACES) + "]")
RUNS = re.compile(" {2,}")

FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
PUNCT = re.compile(r"[,:;!?()]")


def is_chinese(c: str) -> bool:
    """A Han character, or CJK / full-width punctuation: Chinese context."""
    if not c:
        return False
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF01 <= o <= 0xFF5E
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3134F
    )


def full_width(text: str) -> str:
    """Make half-width , : ; ( ) ! ? full-width where they stand in Chinese context."""
    n = len(text)
    changes: dict[int, str] = {}

    def near_han(i: int) -> bool:
        return (i > 0 and is_chinese(text[i - 1])) or (i + 1 < n and is_chinese(text[i + 1]))

    stack: list[int] = []
    pairs: dict[int, int] = {}
    for m in PUNCT.finditer(text):
        i = m.start()
        c = text[i]
        if c == "(":
            stack.append(i)
            continue
        if c == ")":
            if stack:
                pairs[stack.pop()] = i
            elif near_han(i):
                changes[i] = FULL[c]
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < n else ""
        if before.isdigit() and after.isdigit():
            continue
        if near_han(i):
            changes[i] = FULL[c]
            # a full-width mark carries its own space: drop spaces after it before Chinese
            k = i + 1
            while k < n and text[k] == " ":
                k += 1
            if k > i + 1 and k < n and is_chinese(text[k]):
                for space in range(i + 1, k):
                    changes[space] = ""
    for j, i in pairs.items():
        if near_han(j) or near_han(i):
            changes[j], changes[i] = "（", "）"
    for j in stack:  # unmatched '('
        if near_han(j):
            changes[j] = "（"
    return replace_at(text, changes)


def replace_at(text: str, changes: dict[int, str]) -> str:
    """`text` with the character at each position replaced (no per-character list)."""
    if not changes:
        return text
    out, pos = [], 0
    for i in sorted(changes):
        out.append(text[pos:i])
        out.append(changes[i])
        pos = i + 1
    out.append(text[pos:])
    return "".join(out)


class Tidy(Stage):
    name = "tidy"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.punct = options.punct == "full"

    def fix(self, text: str) -> tuple[str, str]:
        reason = ""
        new = text
        if ODD.search(new):
            new = new.translate(SPACE_TABLE)
            reason = "spaces"
        stripped = new.strip()
        if stripped != new:
            new = stripped
            reason = reason or "strip"
        if "  " in new:
            new = RUNS.sub(" ", new)
            reason = reason or "spaces"
        if self.punct and PUNCT.search(new) and HAN.search(new):
            punct = map_chinese(new, full_width)[0]  # Japanese punctuation is right as it is
            if punct != new:
                new = punct
                reason = reason or "punctuation"
        return new, reason

    def fix_piece(self, text: str, keep_start: bool, keep_end: bool) -> tuple[str, str]:
        """A piece of a long line: as `fix`, but its ends at the joins are left alone."""
        lead = len(text) - len(text.lstrip()) if keep_start else 0
        trail = len(text) - len(text.rstrip()) if keep_end else 0
        core, reason = self.fix(text)
        if lead:
            core = " " + core
        if trail:
            core = core + " "
        return core, reason

    def _fixed(self, lines: Iterable[Line]) -> Iterator[Line]:
        """Each line fixed, or taken as a worker process already fixed it."""
        fix = self.fix
        after_cont = False  # this Line goes on from the one before (a piece of a long line)
        for line in lines:
            if isinstance(line, Boundary):
                after_cont = False
                yield line
                continue
            text = line.text
            pre = line.pre.get("tidy") if line.pre else None
            if line.cont or after_cont:
                new, reason = self.fix_piece(text, keep_start=after_cont, keep_end=line.cont)
            else:
                new, reason = pre if pre is not None else fix(text)
            after_cont = line.cont
            if new != text:
                self.note(line, text, new, reason)
                line.text = new
            yield line

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        blank: Line | None = None  # a blank line waiting for text after it
        started = False
        for line in self._fixed(lines):
            if isinstance(line, Boundary):  # what it stands for begins with a line of text
                if blank is not None:
                    yield blank
                    blank = None
                started = True
                yield line
                continue
            if not line.text and not line.cont:
                if not started or blank is not None:
                    self.note(line, "", None, "blank lines")
                else:
                    blank = line
                continue
            if blank is not None:
                yield blank
                blank = None
            started = True
            yield line
        if blank is not None:
            self.note(blank, "", None, "blank lines")
