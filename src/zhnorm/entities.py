"""HTML character references in crawled text: `&amp;` `&nbsp;` `&#12290;` `&#x3002;`, and
the broken forms the web is full of, where the `&` was lost (`我们知道#xff0c; IP`).

Pure functions of one line. Decoded: named references with their `;` (HTML5's table),
numeric ones (`&#20013;`, `&#x4e2d;`, with or without the `;`), and the broken `#x...;`
and `#....;` forms when they stand for a CJK character or punctuation (a `#` before
digits is otherwise left alone: `#123;` in code, a colour `#fff;`). References are
decoded until none is left (`&amp;nbsp;` is a space), so a second pass finds nothing.
Left alone: a line that is markup or about markup (a `<tag>`, code, a line that speaks
of HTML, entities or escaping), and references to control characters, surrogates or
non-characters (they would break the line or the text).
"""

from __future__ import annotations

import html
import re
from html.entities import html5

# named with its ';', numeric with or without, and the broken forms without the '&'
REFERENCE = re.compile(
    r"&(?:[A-Za-z][A-Za-z0-9]{1,31};|#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?)"
    r"|(?<![&#0-9])#(?:[xX][0-9A-Fa-f]{4,5}|[0-9]{4,6});"
)
QUICK = re.compile(r"&[#A-Za-z]|#[xX0-9]")
# markup, code, or text about them: references there are what the text says
MARKUP = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|`|\{\{|\bhtml\b|\bxml\b|\bentit|\bescap|\bunescape|实体|转义|字符引用|字符实体",
    re.IGNORECASE,
)
#: the characters a match of MARKUP can start with (its IGNORECASE words' first letters
#: among them): a line without one is no markup, found by a scan with a class in front,
#: not by trying MARKUP's alternatives at every character (tests/test_entities.py checks it)
MARKUP_START = re.compile("[<`{HhXxEeUu实转字]")
CJK = ((0x2000, 0x206F), (0x2E80, 0x2FFF), (0x3000, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
MAX_ROUNDS = 8  # &amp;amp;amp;... : each round takes one level off


def _allowed(c: str) -> bool:
    o = ord(c)
    if o < 0x20 and c != "\t" or 0x7F <= o < 0x80 or 0xD800 <= o < 0xE000:
        return False
    return not (0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE)


def _one(m: re.Match) -> str:
    token = m.group()
    if token[0] == "#":  # broken: the '&' was lost; only for CJK text
        body = token[1:-1]
        o = int(body[1:], 16) if body[0] in "xX" else int(body)
        return chr(o) if any(lo <= o <= hi for lo, hi in CJK) else token
    if token[1] != "#":
        got = html5.get(token[1:])
        return got if got is not None and all(map(_allowed, got)) else token
    got = html.unescape(token if token.endswith(";") else token + ";")
    if got == "\ufffd" and token.rstrip(";").lower() not in ("&#65533", "&#xfffd"):
        return token  # out of range or a surrogate: html would write U+FFFD
    return got if len(got) == 1 and _allowed(got) else token


def is_markup(text: str) -> bool:
    """A line of markup or code, or one about them: its references are left as they are."""
    m = MARKUP_START.search(text)
    return m is not None and MARKUP.search(text, m.start()) is not None


def decode(text: str) -> tuple[str, int]:
    """The line with its character references decoded, and how many were."""
    if QUICK.search(text) is None or is_markup(text):
        return text, 0
    n = 0
    for _ in range(MAX_ROUNDS):
        k = 0

        def one(m: re.Match) -> str:
            nonlocal k
            got = _one(m)
            if got != m.group():
                k += 1
            return got

        new = REFERENCE.sub(one, text)
        if not k:
            break
        n += k
        text = new
        if is_markup(text):  # decoding made markup (&lt;b&gt;): a second pass would stop here too
            break
    return text, n
