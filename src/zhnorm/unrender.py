"""unrender: undo Traditional rendering with pinyin annotations.

Sites convert simplified articles to Traditional character by character and put the
pinyin of some characters after them: 生態(tài)文明建設(shè). This stage

1. repairs spans the annotator damaged: it inserted pinyin into raw GBK bytes at any
   byte offset, so it could match a "phantom" character made of one character's trail
   byte and the next one's lead byte and split that next character: 日報 = C8 D5 88 F3,
   D5 88 is 請 (qǐng), and the page shows 日?qǐng)?bào). The lost bytes are found again
   from the readings (the phantom is a character read qǐng whose first byte is 日's
   trail byte; the split character's own annotation names its reading), text decoded
   out of step after the damage is re-encoded and decoded in step;
2. strips each annotation `X(syllable)` whose syllable is a reading of X (or of X's
   simplified form), keeping real parentheses (世卫组织(WHO), Mashall(1983), 北京(Běijīng));
   toneless syllables that are only toneless forms of a reading (乱(luan)码(ma), copied
   by spam sites) are stripped when a line has several of them;
3. when the target is mainland simplified, remembers for a Traditional character with
   several simplified sources which one its reading names (乾(qián) -> 乾, 乾(gān) -> 干,
   著(zhuó) -> 着); convert applies it after OpenCC.

A damaged span that cannot be recovered is left as it is and counted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from .stage import Line, Stage

HAN = "\u3400-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
SYLLABLE = f"[a-z{TONED}üê]{{1,6}}"
ANNOTATION = re.compile(f"([{HAN}])\\(({SYLLABLE})\\)")
# a lead byte that met an inserted '(' shows as '?' (or U+FFFD); the '(' may be gone
DAMAGE = re.compile(f"([{HAN}])(\\({SYLLABLE}\\))?[?\ufffd]\\(?({SYLLABLE})\\)")
LOST_ANNOTATION = re.compile(f"[?\ufffd]\\(?({SYLLABLE})\\)")
PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")


def _data(name: str):
    return resources.files("zhnorm.data").joinpath(name).open(encoding="utf-8")


def _rows(name: str) -> Iterator[list[str]]:
    with _data(name) as f:
        for row in f:
            if row.strip() and not row.startswith("#"):
                yield row.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Han character -> its readings (and those of its simplified forms)."""
    return {c: frozenset(rs.split(",")) for c, rs in _rows("readings.tsv")}


@lru_cache(maxsize=1)
def plain_readings() -> dict[str, frozenset[str]]:
    """Han character -> its readings without tone marks."""
    return {c: frozenset(r.translate(PLAIN) for r in rs) for c, rs in readings().items()}


@lru_cache(maxsize=1)
def reading_choice() -> dict[tuple[str, str], str]:
    """(Traditional character, reading) -> simplified character, overrides applied."""
    table = {(t, r): s for t, r, s in _rows("reading_choice.tsv")}
    table.update({(t, r): s for t, r, s in _rows("reading_overrides.tsv")})
    return table


def is_reading(char: str, syllable: str) -> bool:
    return syllable in readings().get(char, ())


def _gbk(text: str) -> bytes | None:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return None


def _char(lead: int, trail: int) -> str | None:
    """The GBK character of two bytes, or None."""
    try:
        c = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return c if len(c) == 1 and ord(c) >= 0x80 else None


def _trails_for(lead: int, syllable: str) -> list[str]:
    """Characters with this lead byte read `syllable`, commonest first."""
    from .plausibility import char_counts

    counts = char_counts()
    found = [c for t in range(0x40, 0xFF) if t != 0x7F and (c := _char(lead, t)) and is_reading(c, syllable)]
    return sorted(found, key=lambda c: -counts.get(c, 0))


class Damage:
    """Recovers one damaged span; `recover` returns (replacement, end) or None."""

    def __init__(self, text: str) -> None:
        self.text = text

    def recover(self, m: re.Match) -> tuple[str, int] | None:
        before, own, syllable = m.group(1), m.group(2) or "", m.group(3)
        a = _gbk(before)
        if a is None or len(a) != 2:
            return None
        best = None
        # the phantom: read `syllable`, first byte = the trail byte of the character before
        for t in range(0x81, 0xFF):
            phantom = _char(a[1], t)
            if phantom is None or not is_reading(phantom, syllable):
                continue
            got = self._after(t, m.end())
            if got is None:
                continue
            from .plausibility import score

            s = score(got[0])
            if best is None or s > best[0]:
                best = (s, got)
        if best is None:
            return None
        recovered, end = best[1]
        return before + own + recovered, end

    def _after(self, lead: int, i: int) -> tuple[str, int] | None:
        """The character whose lead byte was cut off, and what follows it, in step."""
        text = self.text
        if i >= len(text):
            return None
        c = text[i]
        m = LOST_ANNOTATION.match(text, i)
        if m:  # its trail byte went with the '(' of its own annotation
            found = _trails_for(lead, m.group(1))
            return (found[0] + f"({m.group(1)})", m.end()) if found else None
        if 0x40 <= ord(c) <= 0x7E:  # its trail byte is in the ASCII range: shown as a letter
            char = _char(lead, ord(c))
            return (char, i + 1) if char else None
        # decoded out of step: re-encode the run and decode it one byte later
        j = i
        while j < len(text) and ord(text[j]) >= 0x80 and text[j] != "\ufffd":
            j += 1
        raw = _gbk(text[i:j])
        if not raw or j >= len(text):
            return None
        data = bytes([lead]) + raw
        tail = ""
        m = LOST_ANNOTATION.match(text, j)
        if m:
            found = _trails_for(data[-1], m.group(1))
            if not found:
                return None
            data, tail, end = data[:-1], found[0] + f"({m.group(1)})", m.end()
        elif 0x40 <= ord(text[j]) <= 0x7E:
            data, end = data + bytes([ord(text[j])]), j + 1
        else:
            return None
        try:
            fixed = data.decode("gbk")
        except UnicodeDecodeError:
            return None
        from .plausibility import score

        if score(fixed) <= score(text[i:j]):
            return None
        return fixed + tail, end


def repair_damage(text: str) -> tuple[str, int, int]:
    """(text, spans repaired, spans left) for every damaged span of a line."""
    if "?" not in text and "\ufffd" not in text:
        return text, 0, 0
    out: list[str] = []
    pos = repaired = left = 0
    damage = Damage(text)
    for m in DAMAGE.finditer(text):
        if m.start() < pos:
            continue
        got = damage.recover(m)
        if got is None:
            left += 1
            continue
        replacement, end = got
        out.append(text[pos : m.start()])
        out.append(replacement)
        pos = end
        repaired += 1
    if not repaired:
        return text, 0, left
    out.append(text[pos:])
    return "".join(out), repaired, left


class Unrender(Stage):
    name = "unrender"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.keep = options.keep_annotations
        self.choose = options.to == "hans"

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        for line in lines:
            text = line.text
            if "(" not in text and ")" not in text:
                yield line
                continue
            new, repaired, left = repair_damage(text)
            if repaired:
                self.note(line, text, new, "damaged spans repaired", repaired)
            if left:
                self.note(line, new, new, "damaged spans left as they are", left)
            if not self.keep:
                stripped, n = self.strip(new, line)
                if n:
                    self.note(line, new, stripped, "annotations stripped", n)
                    new = stripped
            line.text = new
            yield line

    def strip(self, text: str, line: Line) -> tuple[str, int]:
        """Drop the annotations of `text` that are readings of the character before them.

        Returns the new text and how many were dropped; sets `line.marks` for readings
        that choose among several simplified sources.
        """
        matches = list(ANNOTATION.finditer(text))
        if not matches:
            return text, 0
        table = readings()
        plain = plain_readings()
        toned, toneless = [], []
        for m in matches:
            char, syllable = m.group(1), m.group(2)
            if syllable in table.get(char, ()):
                toned.append(m)
            elif syllable == syllable.translate(PLAIN) and syllable in plain.get(char, ()):
                toneless.append(m)
        keep = toned + (toneless if len(toneless) >= 2 else [])
        if not keep:
            return text, 0
        keep.sort(key=lambda m: m.start())
        choice = reading_choice() if self.choose else {}
        out: list[str] = []
        pos = 0
        length = 0
        marks: dict[int, str] = {}
        for m in keep:
            out.append(text[pos : m.start() + 1])
            length += m.start() + 1 - pos
            chosen = choice.get((m.group(1), m.group(2)))
            if chosen:
                marks[length - 1] = chosen
            pos = m.end()
        out.append(text[pos:])
        if marks:
            line.marks = marks
        return "".join(out), len(keep)
