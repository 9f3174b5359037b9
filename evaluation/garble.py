"""Garble real sentences the ways Chinese text gets garbled on the web, with the truth known.

Independent of the fixer: this module imports nothing of zhnorm (no tables, no codecs of
its own), only Python's codecs and OpenCC (for Traditional text).

A case is a small file as a user would have it: a clean line before, the case's lines,
a clean line after. The case's lines hold a garbled span, or are garbled whole:

- sentences as web text has them: ASCII commas, colons and brackets half the time,
  digits and Latin words put in at random points;
- the span garbled whole ("alone"), cut in at a random point of a clean host line
  ("embedded", cut points anywhere, ASCII or Han), or a garbled paragraph wrapped
  over two lines ("wrapped", the line break is in the text before it was garbled);
- every codec variant: UTF-8 read as GBK, GB18030 or a browser's GBK (0x80 is EUR);
  GBK read as Latin-1, as a browser's windows-1252 (C1 controls kept for 81 8D 8F 90 9D)
  or as Python's cp1252 (those bytes lost); UTF-8 read as those, once or twice; Big5
  written as big5, cp950 or big5hkscs and read as one of the GBK variants; GBK read as
  big5, cp950 or big5hkscs;
- most files are UTF-8 holding the garble; an embedded Han garble is also saved in
  the codec that misread it (a GBK page quoting a UTF-8 title read as GBK; a Big5 page
  with GBK read as Big5).

`recoverable`: the garbled text still holds every byte of the original (else a byte is
gone for good and the case is scored by character error rate).
"""

from __future__ import annotations

import codecs
import functools
import random
import re
from dataclasses import dataclass

from corpus import rows

KINDS = ["utf-8 as gbk", "gbk as latin-1", "utf-8 as latin-1", "big5 as gbk", "gbk as big5"]
SEED = 12

LATIN_WORDS = ["iPhone", "APP", "CEO", "Windows 10", "NBA", "GDP", "Python", "WiFi", "USB-C", "OK", "Pro Max", "A4", "PM2.5", "VIP"]
WEB_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})


def _browser_1252(err: UnicodeDecodeError):
    """windows-1252 as browsers decode it: the five undefined bytes are C1 controls."""
    b = err.object[err.start]
    return chr(b), err.start + 1


def _browser_gbk(err: UnicodeDecodeError):
    """GBK as browsers decode it: 0x80 is EUR, other invalid bytes U+FFFD."""
    b = err.object[err.start]
    return ("\u20ac" if b == 0x80 else "\ufffd"), err.start + 1


codecs.register_error("garble-1252", _browser_1252)
codecs.register_error("garble-gbk", _browser_gbk)


def read_as(data: bytes, codec: str) -> str:
    """Bytes decoded as a reader with `codec` would show them."""
    if codec == "windows-1252 (browser)":
        return data.decode("cp1252", errors="garble-1252")
    if codec == "gbk (browser)":
        return data.decode("gbk", errors="garble-gbk")
    return data.decode(codec, errors="replace")


def back_to_bytes(text: str, codec: str) -> bytes | None:
    """The bytes a reader with `codec` read as `text`, if they can all be told (None: lost)."""
    try:
        if codec == "windows-1252 (browser)":
            if "\ufffd" in text:
                return None
            return b"".join(c.encode("cp1252") if c not in "\x81\x8d\x8f\x90\x9d" else bytes([ord(c)]) for c in text)
        if codec in ("gbk (browser)",):
            return text.encode("gbk") if "\ufffd" not in text else None
        if codec == "gb18030":
            return text.replace("\ufffd", "\x80").encode("gb18030")  # a U+FFFD here can only be 0x80
        if "\ufffd" in text:
            return None
        return text.encode(codec)
    except (UnicodeEncodeError, ValueError):
        return None


#: kind -> (writers, readers)
CODECS = {
    "utf-8 as gbk": (["utf-8"], ["gbk", "gb18030", "gbk (browser)"]),
    "gbk as latin-1": (["gbk"], ["latin-1", "windows-1252 (browser)", "cp1252"]),
    "utf-8 as latin-1": (["utf-8"], ["latin-1", "windows-1252 (browser)", "cp1252"]),
    "big5 as gbk": (["big5", "cp950", "big5hkscs"], ["gbk", "gb18030", "gbk (browser)"]),
    "gbk as big5": (["gbk"], ["big5", "cp950", "big5hkscs"]),
}


@dataclass
class Case:
    kind: str
    where: str  # alone, embedded, wrapped
    codec: str  # writer -> reader (and "twice")
    saved: str  # the file's encoding
    garbled: str  # the case's lines, as the file holds them (text)
    truth: str
    recoverable: bool
    before: str  # clean context lines
    after: str

    def file_bytes(self) -> bytes:
        return f"{self.before}\n{self.garbled}\n{self.after}\n".encode(self.saved)

    def truth_bytes(self) -> bytes:
        return f"{self.before}\n{self.truth}\n{self.after}\n".encode("utf-8")


#: an HTML character reference (&lt; &#45;): repair decodes those on every line, mojibake
#: or not, so a sentence holding one would differ from its truth for another reason
REFERENCE = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]+\d*);")


@functools.lru_cache(maxsize=1)
def sentences() -> list[str]:
    return [row for row in rows() if 8 <= len(row) <= 100 and not row.isascii() and not REFERENCE.search(row)]


@functools.lru_cache(maxsize=4)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def webify(text: str, r: random.Random) -> str:
    """ASCII punctuation half the time, and digits or a Latin word put in at random points."""
    if r.random() < 0.5:
        text = text.translate(WEB_PUNCT)
    for _ in range(r.choice([0, 1, 1, 2])):
        at = r.randint(0, len(text))
        piece = r.choice([str(r.randint(1, 2024)), r.choice(LATIN_WORDS), f"{r.randint(1, 99)}%", f"{r.randint(1, 12)}月{r.randint(1, 28)}日"])
        text = text[:at] + piece + text[at:]
    return text


def _garble(kind: str, text: str, r: random.Random) -> tuple[str, str, bool] | None:
    """(garbled, codec, recoverable), or None if the writer cannot hold the text."""
    writers, readers = CODECS[kind]
    write, read = r.choice(writers), r.choice(readers)
    try:
        data = text.encode(write)
    except UnicodeEncodeError:
        return None
    g = read_as(data, read)
    ok = back_to_bytes(g, read) == data
    name = f"{write} -> {read}"
    if kind == "utf-8 as latin-1" and r.random() < 0.3:  # and once more
        data2 = g.encode("utf-8")
        read2 = r.choice(readers)
        g = read_as(data2, read2)
        ok = ok and back_to_bytes(g, read2) == data2
        name += f" -> {read2}"
    return g, name, ok


def _truth_script(kind: str, text: str, r: random.Random) -> str:
    if kind == "big5 as gbk":
        return _opencc(r.choice(["s2t", "s2tw"])).convert(text)
    return text


def cases(n: int = 300, seed: int = SEED):
    """n recoverable cases of each kind, a third each alone, embedded and wrapped, and
    the lossy ones drawn on the way (at most n)."""
    r = random.Random(seed)
    pool = sentences()
    for kind in KINDS:
        made = lossy = drawn = 0
        while made < n:
            drawn += 1
            where = ("alone", "embedded", "wrapped")[drawn % 3]
            before, after = r.choice(pool), r.choice(pool)
            text = webify(_truth_script(kind, r.choice(pool), r), r)
            if where == "alone":
                got = _garble(kind, text, r)
                if not got:
                    continue
                g, name, ok = got
                garbled, truth = g, text
            elif where == "wrapped":
                second = webify(_truth_script(kind, r.choice(pool), r), r)
                at = r.randint(1, len(text) - 1)
                para = text[:at] + "\n" + text[at:] + second
                got = _garble(kind, para, r)
                if not got:
                    continue
                g, name, ok = got
                if g.count("\n") != 1:
                    continue
                garbled, truth = g, para
            else:
                host = r.choice(pool)
                if kind == "big5 as gbk":
                    host = _truth_script(kind, host, r)
                host = webify(host, r)
                a = r.randint(0, len(host) - 1)
                b = min(len(host), a + r.randint(2, 30))
                got = _garble(kind, host[a:b], r)
                if not got or host[a:b].isascii():
                    continue
                g, name, ok = got
                garbled, truth = host[:a] + g + host[b:], host
            saved = "utf-8"
            if where == "embedded" and kind in ("utf-8 as gbk", "big5 as gbk", "gbk as big5") and r.random() < 0.5:
                # a page in the codec that misread the span, quoting it: saved in that codec
                reader = name.split(" -> ")[-1].replace(" (browser)", "")
                fixed = {"gb18030": "gbk"}.get(reader, reader)
                cb, ca, cg, ct = before, after, garbled, truth
                if fixed.startswith(("big5", "cp950")):  # a Big5 page: its own text is Traditional
                    s2t = _opencc("s2t").convert
                    cb, ca = s2t(before), s2t(after)
                    cg, ct = s2t(host[:a]) + g + s2t(host[b:]), s2t(host[:a]) + host[a:b] + s2t(host[b:])
                try:
                    f"{cb}\n{cg}\n{ca}".encode(fixed)
                    f"{cb}\n{ct}\n{ca}".encode("utf-8")
                    saved, before, after, garbled, truth = fixed, cb, ca, cg, ct
                except UnicodeEncodeError:
                    pass
            if garbled == truth or (not ok and lossy >= n):
                continue
            yield Case(kind, where, name, saved, garbled, truth, ok, before, after)
            made += ok
            lossy += not ok


EUROPEAN = [
    "Ärger über Öl und Gebühren für Übergrößen",
    "naïve façade, déjà vu, crème brûlée à la carte",
    "Ølen på Åland, smørrebrød og blåbær",
    "El niño comió jalapeños en Peñíscola",
    "Grüße aus München – schöne Straße",
    "Zürich, Genève, São Paulo, Kraków, İstanbul",
    "„Anführungszeichen“ und »Guillemets« – naïveté",
    "Ce n’est pas très élégant, ça coûte 30 €.",
    "Þórður og Ásdís fóru til Reykjavíkur í gær.",
]
RARE_BUT_REAL = [
    "鎏金铜佛像是国家一级文物。",
    "三头牛为犇，形容牛群奔跑。",
    "锟是古书上说的一种金属。",
    "他用镊子夹起一枚犄角。",
    "甪直古镇位于苏州东南。",
    "这本书的作者是𠮷野家的老板。",
    "熄灯后，秧田里的蛙声和焕然一新的涡轮、涝灾、烩面。",
    "价格12元,共3件,2019年5月",
]
