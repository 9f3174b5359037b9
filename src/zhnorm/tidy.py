"""tidy: whitespace and punctuation of prose; structure is left as it is.

- NBSP, ideographic and other odd spaces become a space; zero-width spaces and stray
  BOMs go; trailing whitespace goes; a run of spaces folds to one where it holds an odd
  space or stands between Han characters (ASCII runs elsewhere align tables and code);
- leading indentation goes before a Chinese paragraph (a line with Han that does not start
  like code or an ASCII list item: a letter, a symbol, `- `, `1. `); other indentation stays;
- a layout bullet (• ● ▪ ◦ ‣ ∙, not an ASCII `-` or `*`) that starts a Chinese line goes
  with the spaces after it, as its indentation does: it is how a page drew a list item,
  not the item's text. A bullet followed by another (●●● a blank to fill) stays, so the
  result is final; Markdown and CSV/TSV lines, and a piece of a long line that does not
  start the line, keep theirs;
- runs of blank lines collapse to one, with none at the start or the end;
- a hard line break inside a sentence goes (plain text only): a line indented as a
  Chinese paragraph starts, holding a comma or a full stop and ending in a Han character,
  followed at once by a line without indentation that starts with a Han character and ends
  a sentence, is one paragraph cut by the page's markup (`  会上，州委书记强` +
  `调要抓好落实。`: one line); a line that ends with its punctuation, a next line indented
  like a paragraph of its own or a line dropped between them, keep the lines apart;
- half-width , : ; ( ) ! ? in Chinese context become full-width: a run of them next to a
  Han character or Chinese punctuation (中?? -> 中？？), except between digits (3,000
  12:30), in Latin text, and inside ASCII tokens: URLs, e-mail addresses, entities
  (&amp;), calls (print(), f(a, b)), Markdown links. A pair of parentheses is converted
  together (世卫组织(WHO) -> 世卫组织（WHO）); spaces after a converted mark go when Chinese
  follows (会议, 头发 -> 会议，头发). The rule is applied until nothing more changes, so
  that its output is its own fixed point. `punct='keep'` turns this off.

By file format (`formats`): in CSV/TSV only each field's characters are tidied (odd
spaces, punctuation) and every line is kept; in Markdown fenced code blocks are kept
verbatim, code spans are never touched and indentation stays.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator

from .chars import HAN, positions
from .formats import CODE_SPAN, SEPARATORS, Fences, Fields, guess
from .lang import has_hangul, has_kana, map_chinese
from .stage import Line, Stage

SPACES = {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
SPACES.update({c: None for c in "\u200b\u2060\ufeff"})
SPACE_TABLE = str.maketrans(SPACES)
ODD = re.compile("[" + "".join(SPACES) + "]")


def unprintable_in(pattern: re.Pattern, text: str) -> bool:
    """Whether `pattern`, a class of characters that str.isprintable() says are not
    printable (the odd and zero-width spaces of ODD, a tab: categories Zs, Cf, Cc), is
    found in `text`. Asking isprintable() first is a table lookup per character in C,
    several times cheaper than the class's scan, and a line without such a character
    (nearly every line) is not scanned."""
    return not text.isprintable() and pattern.search(text) is not None
_H = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ODD = "".join(c for c, v in SPACES.items() if v)
#: what folds to one space: a run of spaces holding an odd one; any run between Han characters
ODD_RUN = re.compile(f"[ \t]*[{_ODD}][ \t{_ODD}]*")


@lru_cache(maxsize=1)
def han_run() -> re.Pattern:
    """A run of spaces between Han characters (compiled on first use: few lines hold two
    spaces, and its two classes of Han cost start-up 2 ms)."""
    return re.compile(f"(?<=[{_H}]) {{2,}}(?=[{_H}])")


WHITE = " \t" + "".join(SPACES)
LEAD = re.compile("[ \t" + "".join(SPACES) + "]+")
#: a line that keeps its indentation: it starts like code or an ASCII list item
KEEPS_INDENT = re.compile(r"[!-/:-~]|\d+[.)](?:\s|$)")
#: the bullets a page draws before a list item, and the spaces after one
BULLETS = "•●▪◦‣∙"
#: what a paragraph's indentation starts with
INDENTS = frozenset(WHITE)
#: what a sentence of prose holds before a hard break can cut it
SENTENCE_MARKS = re.compile("[，。；,;]")
#: what ends the rest of a sentence cut by a hard break
SENTENCE_END = frozenset("。！？!?…”’」』")


@lru_cache(maxsize=1)
def bullet() -> re.Pattern:
    """A bullet and the spaces after it (compiled on first use: most text has none)."""
    return re.compile(f"[{BULLETS}][ \t{_ODD}]*(?![ \t{_ODD}{BULLETS}])")


def may_change(text: str, printable: bool | None = None) -> bool:
    """Whether `Tidy.fix` may change a plain-text line: it holds a tab or an odd or
    zero-width space (a character str.isprintable() refuses: one table lookup per
    character in C), a half-width , : ; ( ) ! ? (looked for one by one: `in` is a memchr
    each, several times cheaper together than one scan for a class of characters), or a
    space where fix looks at one (leading: indentation; two in a row: a run between Han
    characters; trailing), or it starts with a bullet (fix takes a bullet only there:
    after its indentation, and a line that is indented starts with a space or an odd
    one). A line for which this is false is left as it is; a single space between words,
    the common case, sends no line to `fix`. The only whitespace str.isprintable()
    accepts is the ASCII space, so a printable line without one (most Chinese lines) has
    no indentation, no run of spaces and no trailing whitespace to look at.
    `printable`: text.isprintable(), if the caller asked already."""
    if not (text.isprintable() if printable is None else printable):
        return True
    if "," in text or ":" in text or ";" in text or "!" in text or "?" in text or "(" in text or ")" in text:
        return True
    if " " in text and (text[0] == " " or text[-1] == " " or "  " in text):
        return True
    return text.startswith(BULLET_START)


#: a bullet, for str.startswith
BULLET_START = tuple(BULLETS)

FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
PUNCT = re.compile(r"[,:;!?()]")
HALF = ",:;!?()"  # PUNCT's marks


def has_half(text: str) -> bool:
    """Whether PUNCT is found in `text`, by `in` for each mark (a memchr each)."""
    return "," in text or ":" in text or ";" in text or "!" in text or "?" in text or "(" in text or ")" in text


def half_marks(text: str) -> list[int]:
    """The positions of PUNCT's marks in `text`, ascending (`chars.positions`)."""
    return positions(text, HALF)


#: ASCII tokens whose punctuation is theirs, not the sentence's
TOKENS = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]*[A-Za-z0-9/=#&_~-]"  # URL (not its closing punctuation)
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail address
    r"|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);"  # entity
    r"|[A-Za-z_][A-Za-z0-9_.]*\([ -'*-~]*\)"  # a call: name(ASCII arguments)
    r"|\]\([!-'*-~]*\)",  # a Markdown link's target
    re.ASCII,
)


def may_hold_token(text: str) -> bool:
    """Whether TOKENS can match in `text`: each of its kinds holds one of these strings
    (a URL ://, www.; an e-mail address @; an entity &; a call or a Markdown link's
    target a parenthesis). Looking for them is a few scans in C; TOKENS itself tries
    its alternatives at every ASCII letter."""
    return "(" in text or "@" in text or "&" in text or "://" in text or "www." in text


def unbullet(text: str) -> str:
    """`text` (its indentation gone) without the layout bullet that starts it, when the
    rest holds Han and no kana or Hangul (a Japanese or Korean list is not ours to
    tidy); `text` itself otherwise. Clean matches its rules on this, so that
    they decide a line as they will once tidy has taken its bullet."""
    if text and text[0] in BULLETS:
        b = bullet().match(text)
        if b and HAN.search(text, b.end()) and not (has_kana().search(text) or has_hangul().search(text)):
            return text[b.end():]
    return text


def cut_by_break(text: str) -> bool:
    """Whether `text` may be a paragraph's first line cut inside a sentence by a hard line
    break: indented as a paragraph starts, a sentence mark inside, a Han character last.

    >>> cut_by_break("  会上，州委书记"), cut_by_break("  会上，州委书记。"), cut_by_break("会上，州委书记")
    (True, False, False)
    """
    m = LEAD.match(text)
    if m is None or (m.end() < 2 and text[0] not in "\u3000\u00a0"):
        return False  # a paragraph's indentation: two spaces or more, or a wide one
    body = text.rstrip(WHITE)
    return len(body) > m.end() and HAN.match(body, len(body) - 1) is not None and SENTENCE_MARKS.search(body, m.end()) is not None


def ends_cut_sentence(text: str) -> bool:
    """Whether `text` may be the rest of a sentence a hard line break cut: no indentation, a
    Han character first, the end of a sentence last.

    >>> ends_cut_sentence("强调要抓好落实。"), ends_cut_sentence("  强调要抓好落实。"), ends_cut_sentence("强调要抓好落实")
    (True, False, False)
    """
    body = text.rstrip(WHITE)
    return bool(body) and HAN.match(body) is not None and body[-1] in SENTENCE_END


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
    """Half-width , : ; ( ) ! ? made full-width where they stand in Chinese context, until
    nothing more changes (a converted mark is Chinese context for the next: 中(文)? ->
    中（文）? -> 中（文）？). A pass is run again only when a mark left half-width
    stands in a run of printable ASCII that the pass changed (see `_full_width_once`):
    what decides a mark (the tokens of its run, the characters around its marks, the
    pairs of parentheses left) is that run and the marks left, so a mark whose run is
    as it was stays as it is."""
    while True:
        new, settled = _full_width_once(text)
        if new == text or settled or not has_half(new):  # no half-width mark left to convert
            return new
        text = new


def _outside(marks: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The positions of `marks` (ascending) outside every span of `spans` (ascending, not
    overlapping), in one walk along both: a long line holds many of each."""
    out, k = [], 0
    for i in marks:
        while k < len(spans) and spans[k][1] <= i:
            k += 1
        if k == len(spans) or i < spans[k][0]:
            out.append(i)
    return out


#: what is not printable ASCII: a token (TOKENS) holds none, so one never crosses it
NOT_PRINTABLE = re.compile("[^ -~]")


def run_end(text: str, i: int) -> int:
    """Where the run of printable ASCII that holds position `i` (a printable ASCII
    character) ends: NOT_PRINTABLE's first match after it, or the line's end. The next
    character is looked at first: after a mark in Chinese text it is most often a Han
    character, and the run ends there without a search."""
    j = i + 1
    if j < len(text) and not " " <= text[j] <= "~":
        return j
    stop = NOT_PRINTABLE.search(text, i)
    return stop.start() if stop else len(text)


def token_spans(text: str, marks: list[int]) -> list[tuple[int, int]]:
    """The spans of TOKENS in `text` that may hold one of `marks` (ascending positions):
    TOKENS searched only in the runs of printable ASCII around a mark. A token is made
    of printable ASCII and has no look-around, so in such a run it finds what a search of
    the whole line finds there, and a long Chinese line is not tried at every letter."""
    spans: list[tuple[int, int]] = []
    end = 0  # where the last run looked at ends (a character that is not printable ASCII)
    for i in marks:
        if i < end:
            continue
        start = i
        while start > end and " " <= text[start - 1] <= "~":
            start -= 1
        end = run_end(text, i)
        if may_hold_token(text[start:end]):
            spans.extend((m.start(), m.end()) for m in TOKENS.finditer(text, start, end))
    return spans


def _flank(c: str) -> str:
    """A stand-in for the character `c` beside a piece (see `_full_width_once`) with all
    a pass asks of it: whether it is Chinese context (`is_chinese`), whether a digit
    (`str.isdigit`), and that it ends the run of printable ASCII; "" for none."""
    if not c:
        return ""
    if is_chinese(c):
        return "１" if c.isdigit() else "中"
    return "٣" if c.isdigit() else "é"


#: the ASCII digits as one: a pass decides a piece the same whatever its digits are
#: (str.isdigit() and each class of TOKENS hold all ten or none)
_ONE_DIGIT = str.maketrans("123456789", "000000000")


class _Piece:
    """What a pass makes of a piece of a line (its flanks `_flank`, its digits
    `_ONE_DIGIT`): the half-width marks it converts and the spaces it drops (`fixed`, by
    offset in the piece); whether a mark of it stays half-width (`left`); and the piece
    with `fixed` applied (`text`).

    Its parentheses outside a token are paired within the piece first: a pair of them is
    a pair of the whole line too (what stands between is the piece's and is balanced),
    converted when either is in Chinese context. One left unpaired is converted if it is
    in Chinese context, whatever its partner; one that is not (`open`) is converted only
    with a partner that is, elsewhere on the line: `unpaired` lists the piece's unpaired
    parentheses, in order, for `_full_width_once` to pair over the line."""

    __slots__ = ("fixed", "left", "text", "open", "unpaired")

    def __init__(self, before: str, piece: str, after: str) -> None:
        text = before + piece + after
        n, b = len(text), len(before)
        marks = found = [i for i, c in enumerate(piece, b) if c in HALF] if len(piece) < 32 else [i + b for i in half_marks(piece)]
        # the piece is one run of printable ASCII: its tokens are those TOKENS finds in it
        kept = [(m.start() + b, m.end() + b) for m in TOKENS.finditer(piece)] if may_hold_token(piece) else []
        if kept:
            marks = _outside(marks, kept)
        # runs of adjacent marks share their context: the characters before and after the run
        context: dict[int, bool] = {}
        k = 0
        while k < len(marks):
            j = k
            while j + 1 < len(marks) and marks[j + 1] == marks[j] + 1:
                j += 1
            start, end = marks[k], marks[j] + 1
            before_c = text[start - 1] if start else ""
            after_c = text[end] if end < n else ""
            chinese = is_chinese(before_c) or is_chinese(after_c)
            between_digits = start + 1 == end and text[start] in ",:" and before_c.isdigit() and after_c.isdigit()
            for i in marks[k:j + 1]:
                context[i] = chinese and not between_digits
            k = j + 1
        changes: dict[int, str] = {}
        stack: list[int] = []
        closing: list[int] = []  # ')' with no '(' before it in the piece
        for i in marks:
            c = text[i]
            if c == "(":
                stack.append(i)
            elif c == ")":
                if not stack:
                    closing.append(i)
                elif context[i] or context[stack[-1]]:
                    changes[stack.pop() - b], changes[i - b] = "（", "）"
                else:
                    stack.pop()
            elif context[i]:
                changes[i - b] = FULL[c]
                # a full-width mark carries its own space: drop spaces after it before Chinese
                e = i + 1
                while e < n and text[e] == " ":
                    e += 1
                if e > i + 1 and e < n and is_chinese(text[e]):
                    for space in range(i + 1, e):
                        changes[space - b] = ""
        self.unpaired = [(i - b, text[i], context[i]) for i in closing + stack]
        for i, c, chinese in self.unpaired:
            if chinese:
                changes[i] = FULL[c]
        self.open = any(not chinese for _, _, chinese in self.unpaired)
        self.fixed = changes
        self.left = any(i - b not in changes for i in found)
        self.text = replace_at(piece, changes)


#: the pieces decided, by flanks and shape: a text repeats its pieces (a comma between
#: Han characters, 1,000, (1P)); a piece longer than 64 characters is not kept
_PIECES: dict[tuple[str, str, str], _Piece] = {}


def _piece(before: str, shape: str, after: str) -> _Piece:
    made = _Piece(before, shape, after)
    if len(shape) <= 64:
        if len(_PIECES) >= 20000:
            _PIECES.clear()
        _PIECES[(before, shape, after)] = made
    return made


def _full_width_once(text: str) -> tuple[str, bool]:
    """One pass of `full_width`, and whether a second would change nothing.

    A pass decides a mark by the run of printable ASCII that holds it (its piece: the
    tokens in it, the marks and spaces beside the mark), the characters on each side of
    the piece and, for a parenthesis, the pairing of every parenthesis of the line
    outside a token. So a piece is decided once for its shape and flanks (`_Piece`,
    kept in `_PIECES`), and only a parenthesis whose partner decides it (`_Piece.open`)
    is paired over the line. A second pass can change only a piece where this one
    changed something and left a half-width mark: any other piece is the same text
    between the same characters after it (converted parentheses went in pairs, or
    unmatched, and the pairs left are matched as before)."""
    n = len(text)
    found = []  # the pieces this pass changes or pairs: (start, end, shape, _Piece)
    end = 0
    pairing = False
    for i in half_marks(text):
        if i < end:
            continue
        start = i
        while start > end and " " <= text[start - 1] <= "~":
            start -= 1
        end = i + 1  # run_end(text, i), its usual case first
        if end < n and " " <= text[end] <= "~":
            stop = NOT_PRINTABLE.search(text, end)
            end = stop.start() if stop else n
        c = text[start - 1] if start else ""
        before = "中" if "\u4e00" <= c <= "\u9fff" else _flank(c)
        c = text[end] if end < n else ""
        after = "中" if "\u4e00" <= c <= "\u9fff" else _flank(c)
        shape = text[start:end]
        if end - start > 1:
            shape = shape.translate(_ONE_DIGIT)
        made = _PIECES.get((before, shape, after)) or _piece(before, shape, after)
        if made.open:
            pairing = True
        elif not made.fixed and not made.unpaired:
            continue  # left as it is, and no partner for another piece's parenthesis
        found.append((start, end, shape, made))
    converted: dict[int, str] = {}  # open parentheses converted with their partner
    if pairing:
        stack: list[tuple[int, bool]] = []
        for start, _, _, made in found:
            for i, c, chinese in made.unpaired:
                if c == "(":
                    stack.append((start + i, chinese))
                elif stack:
                    j, before_chinese = stack.pop()
                    if before_chinese or chinese:
                        converted[j], converted[start + i] = "（", "）"
    out, pos, settled = [], 0, True
    for start, end, shape, made in found:
        if made.open:
            changes, left = dict(made.fixed), made.left
            for i, c, chinese in made.unpaired:
                if not chinese:
                    full = converted.get(start + i)
                    if full is not None:
                        changes[i] = full
            left = any(i not in changes for i in half_marks(text[start:end])) if left else False
            if not changes:
                continue
            new = replace_at(text[start:end], changes)
        elif not made.fixed:
            continue
        else:
            changes, left = made.fixed, made.left
            new = made.text if end - start == 1 or shape == text[start:end] else replace_at(text[start:end], changes)
        if left:
            settled = False
        out.append(text[pos:start])
        out.append(new)
        pos = end
    if not out:
        return text, True
    out.append(text[pos:])
    return "".join(out), settled


def chinese_width(text: str) -> str:
    """`full_width` on the Chinese sentences of `text`: Japanese punctuation is right as
    it is (lang.py)."""
    return map_chinese(text, full_width, garbled_too=True)[0]


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
        self.format = guess(self.source, getattr(options, "format", "auto"))
        self.fences = Fences() if self.format == "markdown" else None
        self.fields = Fields(SEPARATORS[self.format]) if self.format in SEPARATORS else None

    def fix(self, text: str, markdown: bool = False, start: bool = True, printable: bool | None = None) -> tuple[str, str]:
        """A line of prose (or of Markdown outside code blocks) tidied, and why.
        `start`: `text` starts a line (not a later piece of a long one); `printable`:
        text.isprintable(), if the caller asked already."""
        m = LEAD.match(text)
        lead = m.group() if m else ""
        body = text[len(lead):]
        reason = ""
        bullet = False
        if start and not markdown and body and body[0] in BULLETS:
            new = unbullet(body)
            if new is not body:
                body, bullet, reason = new, True, "bullet"
        if printable is not True and unprintable_in(ODD, body):  # (body: a part of text)
            body = ODD_RUN.sub(" ", body).translate(SPACE_TABLE)
            reason = "spaces"
        stripped = body.rstrip()
        if stripped != body:
            body = stripped
            reason = reason or "strip"
        if "  " in body and han_run().search(body):
            body = han_run().sub(" ", body)
            reason = reason or "spaces"
        if self.punct and has_half(body) and HAN.search(body):
            punct = self._punct_md(body) if markdown else chinese_width(body)
            if punct != body:
                body = punct
                reason = reason or "punctuation"
        if lead and body and not markdown:
            if bullet or (HAN.search(body) and not KEEPS_INDENT.match(body)):
                lead = ""  # a Chinese paragraph's (or list item's) indentation
            else:
                lead = lead.translate(SPACE_TABLE)
        if not body:
            lead = ""
        new = lead + body
        if new != text and not reason:
            reason = "strip"
        return new, reason

    @staticmethod
    def _punct_md(body: str) -> str:
        """full_width outside Markdown code spans."""
        out, pos = [], 0
        for m in CODE_SPAN.finditer(body):
            out.append(chinese_width(body[pos:m.start()]))
            out.append(m.group())
            pos = m.end()
        out.append(chinese_width(body[pos:]))
        return "".join(out)

    def fix_field(self, text: str) -> tuple[str, str]:
        """The content of a CSV/TSV field: odd spaces and punctuation only."""
        new, reason = text, ""
        if unprintable_in(ODD, new):
            new = new.translate(SPACE_TABLE)
            reason = "spaces"
        if self.punct and has_half(new) and HAN.search(new):
            punct = chinese_width(new)
            if punct != new:
                new, reason = punct, reason or "punctuation"
        return new, reason

    def fix_line(self, text: str, printable: bool | None = None) -> tuple[str, str, bool]:
        """A line by the input's format: (new text, reason, verbatim: kept whatever it is,
        even blank); `printable` as for `fix`."""
        if self.format == "markdown":
            if self.fences.verbatim(text):
                return text, "", True
            return (*self.fix(text, markdown=True), False)
        if self.fields is not None:
            changes, reason = {}, ""
            for start, end in self.fields.spans(text):
                new, why = self.fix_field(text[start:end])
                if new != text[start:end]:
                    changes[(start, end)] = new
                    reason = reason or why
            if not changes:
                return text, "", True
            out, pos = [], 0
            for (start, end), new in changes.items():
                out.append(text[pos:start])
                out.append(new)
                pos = end
            out.append(text[pos:])
            return "".join(out), reason, True
        return (*self.fix(text, printable=printable), False)

    def fix_piece(self, text: str, keep_start: bool, keep_end: bool) -> tuple[str, str]:
        """A piece of a long line: as `fix`, but its ends at the joins are left alone."""
        core = text.strip(WHITE)
        lead = keep_start and len(core) < len(text) and text[0] in WHITE
        trail = keep_end and len(core) < len(text) and text[-1] in WHITE
        core, reason = self.fix(core, start=not keep_start)
        if lead:
            core = " " + core
        if trail:
            core = core + " "
        if core != text and not reason:
            reason = "strip"
        return core, reason

    def _fixed(self, lines: Iterable[Line]) -> Iterator[tuple[Line, bool]]:
        """Each line fixed, and whether it is kept verbatim (code blocks, data rows)."""
        text_format = self.format == "text"
        changes = may_change
        after_cont = False  # this Line goes on from the one before (a piece of a long line)
        for line in lines:
            text = line.text
            printable = None  # text.isprintable(), once asked: may_change and fix share it
            if text_format and not line.cont and not after_cont:
                printable = True if line.printable is text else text.isprintable()  # (clean asked it)
                if not changes(text, printable):
                    yield line, False  # nothing fix would change
                    continue
            verbatim = False
            if (line.cont or after_cont) and text_format:
                new, reason = self.fix_piece(text, keep_start=after_cont, keep_end=line.cont)
            else:
                new, reason, verbatim = self.fix_line(text, printable)
            after_cont = line.cont
            if new != text:
                self.note(line, text, new, reason)
                line.text = new
            text = new = line.printable = None  # not held while the stages before make the next line (a long line's piece)
            yield line, verbatim

    def _joined(self, lines: Iterable[Line]) -> Iterator[Line]:
        """The lines, a hard line break inside a sentence taken out (`cut_by_break`,
        `ends_cut_sentence`): the line after it joins the one before, as one change, when
        it is the very next line of the source (none dropped between them)."""
        held: Line | None = None  # a line a break may have cut, waiting for the next
        piece = False  # the Line before goes on in this one (a long line's pieces)
        for line in lines:
            whole, piece = not (line.cont or piece), line.cont
            if held is not None:
                if whole and line.no == held.no + 1 and ends_cut_sentence(line.text) and not any(
                    has_kana().search(t) or has_hangul().search(t) for t in (held.text, line.text)):  # Chinese
                    before = held.text
                    held.text = before.rstrip(WHITE) + line.text
                    self.note(held, before + "\n" + line.text, held.text, "line break in a sentence")
                    line, held = held, None
                    yield line
                    continue
                yield held
                held = None
            if whole and line.text[:1] in INDENTS and cut_by_break(line.text):
                held = line
                continue
            yield line
        if held is not None:
            yield held

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        blank: Line | None = None  # a blank line waiting for text after it
        started = False
        if self.format == "text":
            lines = self._joined(lines)
        for line, verbatim in self._fixed(lines):
            if verbatim:  # a line of text, whatever it holds
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
