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
   著(zhuó) -> 着), and marks 著 as 着 unless it stands in a word where it is read zhù
   (著名, 顯著, 名著, ...: data/zhu_words.txt) or before 《 (魯迅著《吶喊》): sites
   never annotate 著, and OpenCC's t2s leaves it alone. Convert applies the marks after
   OpenCC; a reading never overrides a character whose simplified form is unique.

A damaged span that cannot be recovered is left as it is and counted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from .lang import foreign
from .stage import Line, Stage

HAN = "\u3400-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
SYLLABLE = f"[a-z{TONED}üê]{{1,6}}"
ANNOTATION = re.compile(f"([{HAN}])\\(({SYLLABLE})\\)")
# a lead byte that met an inserted '(' shows as '?' (or U+FFFD), and the '(' may be
# gone; a lead byte before a flattened mark shows as '?' before that mark
DAMAGE = re.compile(
    f"(?P<before>[{HAN}])(?P<own>\\({SYLLABLE}\\))?[?\ufffd]\\(?(?P<syllable>{SYLLABLE})\\)"
    f"|[?\ufffd](?P<flat>[,;:()!?])(?=[^\\x00-\\x7f]|[?\ufffd][^\\x00-\\x7f])"
)
LOST_ANNOTATION = re.compile(f"[?\ufffd]\\(?({SYLLABLE})\\)")
ZHU = re.compile("著")
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
def default_reading() -> dict[str, str]:
    """Han character -> its default reading (pypinyin's first), what sites annotate with."""
    with _data("readings.tsv") as f:
        return {c: rs.split(",", 1)[0] for c, _, rs in (row.rstrip("\n").partition("\t") for row in f) if not c.startswith("#")}


#: characters whose simplified form context decides (see `zhuo_positions`): sites annotate
#: every character with its default reading, so that reading says nothing about context
CONTEXT_DECIDES = frozenset("著")


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


@lru_cache(maxsize=1)
def zhu_words() -> re.Pattern:
    """Words in which 著 is read zhù, in both scripts (longest first), or 著 before 《."""
    with _data("zhu_words.txt") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + "|著(?=《)")


def zhuo_positions(text: str) -> list[int]:
    """Positions of 著 that are not read zhù (to be written 着 in mainland simplified)."""
    zhu = set()
    for m in zhu_words().finditer(text):
        zhu.update(range(m.start(), m.end()))
    return [m.start() for m in ZHU.finditer(text) if m.start() not in zhu]


def is_reading(char: str, syllable: str) -> bool:
    return syllable in readings().get(char, ())


def _gbk(text: str) -> bytes | None:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return None


@lru_cache(maxsize=None)
def _char(lead: int, trail: int) -> str | None:
    """The GBK character of two bytes, or None."""
    try:
        c = bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None
    return c if len(c) == 1 and ord(c) >= 0x80 else None


@lru_cache(maxsize=4096)
def _trails_for(lead: int, syllable: str) -> list[str]:
    """Characters with this lead byte read `syllable`, commonest first."""
    from .plausibility import char_counts

    counts = char_counts()
    found = [c for t in range(0x40, 0xFF) if t != 0x7F and (c := _char(lead, t)) and is_reading(c, syllable)]
    return sorted(found, key=lambda c: -counts.get(c, 0))


#: full-width punctuation a site may flatten to ASCII at the byte level, by its ASCII form
FLATTENED = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
LOST = "?\ufffd"  # how a decoder shows a lead byte it could not pair
MAX_DEPTH = 12


#: punctuation that can stand where a damaged span lost a byte, by how common it is
PUNCT_COUNTS = {"，": 60000, "。": 30000, "、": 15000, "“": 8000, "”": 8000, "：": 5000, "；": 2000}


def _lost_char(chars: list[str]) -> str:
    """The character a lost byte most likely belonged to, when that is punctuation.

    Full-width punctuation is commoner than any Han character but 的, so when one of the
    candidates is punctuation and outnumbers the rest threefold, it is taken (。 before a
    flattened ？ phantom). A Han character is never guessed: it stays '?'.
    """
    from .plausibility import char_counts

    counts = char_counts()
    ranked = sorted(chars, key=lambda c: counts.get(c) or PUNCT_COUNTS.get(c, 0), reverse=True)
    if not ranked or ranked[0] not in PUNCT_COUNTS:
        return "?"
    second = ranked[1] if len(ranked) > 1 else None
    second_count = (counts.get(second) or PUNCT_COUNTS.get(second, 0)) if second else 0
    return ranked[0] if PUNCT_COUNTS[ranked[0]] >= 3 * second_count else "?"


@lru_cache(maxsize=256)
def _lost_lead(trail: int) -> str:
    """The character whose lead byte was lost, given its trail byte (punctuation or '?')."""
    return _lost_char([c for lead in range(0x81, 0xFF) if (c := _char(lead, trail))])


@lru_cache(maxsize=4096)
def _phantoms(byte: int, syllable: str) -> tuple[int, ...]:
    """Second bytes of the characters read `syllable` whose first byte is `byte`."""
    return tuple(t for t in range(0x81, 0xFF) if (c := _char(byte, t)) is not None and is_reading(c, syllable))


@lru_cache(maxsize=4096)
def _lost_trail(lead: int, next_lead: int | None) -> str:
    """The character whose trail byte was lost in an invalid pair with `next_lead`."""
    candidates = [
        x for t in range(0x40, 0xFF) if (x := _char(lead, t)) and (next_lead is None or _char(t, next_lead) is None)
    ]
    return _lost_char(candidates)


class Damage:
    """Finds the bytes a damaged span lost and decodes it in step again.

    Entry points (`recover`): a character, '?', and a pinyin syllable whose '(' may be
    gone (a phantom annotation after a lead byte), or '?' and an ASCII punctuation
    mark (a phantom flattened full-width mark). From the byte left pending there,
    `_resync` decodes on, however the out-of-step text ends.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def recover(self, m: re.Match) -> tuple[str, int] | None:
        if m.group("flat"):
            return self._flattened(m)
        before, own, syllable = m.group("before"), m.group("own") or "", m.group("syllable")
        a = _gbk(before)
        if a is None or len(a) != 2:
            return None
        from .plausibility import score

        best = None
        # the phantom: read `syllable`, its first byte the trail byte of the character before
        for t in _phantoms(a[1], syllable):
            got = self._resync(t, m.end())
            if got is not None and (best is None or score(got[0]) > best[0]):
                best = (score(got[0]), got)
        if best is None:
            return None
        recovered, end = best[1]
        return before + own + recovered, end

    def _flattened(self, m: re.Match) -> tuple[str, int] | None:
        """'?,': a phantom (this character's trail, the next one's lead) was a full-width mark."""
        full = FLATTENED[m.group("flat")].encode("gbk")
        rest = self._resync(full[1], m.end(), needs_run=True)
        if rest is None:
            return None
        return _lost_lead(full[0]) + rest[0], rest[1]

    def _resync(self, lead: int, i: int, depth: int = 0, needs_run: bool = False) -> tuple[str, int] | None:
        """Decode from a pending lead byte at text position i until back in step."""
        text = self.text
        if i >= len(text) or depth > MAX_DEPTH:
            return None
        c = text[i]
        m = LOST_ANNOTATION.match(text, i)
        if m:  # its trail byte went with the '(' of its own annotation, which names its reading
            found = _trails_for(lead, m.group(1))
            return (found[0] + f"({m.group(1)})", m.end()) if found else None
        if needs_run and (ord(c) < 0x80 or (c in LOST and not (i + 1 < len(text) and ord(text[i + 1]) >= 0x80))):
            return None
        if 0x40 <= ord(c) <= 0x7E:  # its trail byte is in the ASCII range: shown as that letter
            char = _char(lead, ord(c))
            return (char, i + 1) if char else None
        if c in LOST:
            if i + 1 < len(text) and text[i + 1] in FLATTENED:
                # its trail byte and the next lead byte made a flattened full-width mark
                full = FLATTENED[text[i + 1]].encode("gbk")
                char = _char(lead, full[0])
                rest = self._resync(full[1], i + 2, depth + 1) if char else None
                return (char + rest[0], rest[1]) if rest else None
            # its trail byte made an invalid pair with the next byte and is gone. If the next
            # character decoded in step, that pair tells which bytes the trail can have been.
            nxt = _gbk(text[i + 1]) if i + 1 < len(text) and ord(text[i + 1]) >= 0x80 else None
            return (_lost_trail(lead, nxt[0] if nxt and len(nxt) == 2 else None), i + 1)
        if ord(c) < 0x80:
            return None
        # decoded out of step: re-encode the run and decode it one byte later
        j = i
        while j < len(text) and ord(text[j]) >= 0x80 and text[j] not in LOST:
            j += 1
        raw = _gbk(text[i:j])
        if not raw:
            return None
        data = bytes([lead]) + raw
        try:
            fixed = data[:-1].decode("gbk")
        except UnicodeDecodeError:
            return None
        from .plausibility import score

        if score(fixed) <= score(text[i:j]):
            return None
        rest = self._resync(data[-1], j, depth + 1)
        return (fixed + rest[0], rest[1]) if rest else None


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
            left += not m.group("flat")  # '?' before a comma can be real text; a phantom reading cannot
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
            if foreign(text):  # Japanese and Korean are left alone (lang.py)
                yield line
                continue
            if "(" not in text and ")" not in text and "?" not in text and "\ufffd" not in text:
                if self.choose and "著" in text:
                    self.mark_zhuo(line, text)
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
            if self.choose and "著" in new:
                self.mark_zhuo(line, new)
            yield line

    def mark_zhuo(self, line: Line, text: str) -> None:
        """Mark 著 outside zhù words as 着 (unless a reading already chose for it)."""
        marks = line.marks or {}
        found = [i for i in zhuo_positions(text) if i not in marks]
        if found:
            marks.update((i, "着") for i in found)
            line.marks = marks
            self.counts["著 read as 着 by context"] += len(found)

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
        defaults = default_reading() if choice else {}
        for m in keep:
            out.append(text[pos : m.start() + 1])
            length += m.start() + 1 - pos
            char, syllable = m.group(1), m.group(2)
            chosen = choice.get((char, syllable))
            if chosen and not (char in CONTEXT_DECIDES and defaults.get(char) == syllable):
                marks[length - 1] = chosen
            pos = m.end()
        out.append(text[pos:])
        if marks:
            line.marks = marks
        return "".join(out), len(keep)
