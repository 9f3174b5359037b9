"""convert: OpenCC conversion to the target script (t2s, s2t, s2twp, s2hk).

Uses the official OpenCC library (phrase-aware, with OpenCC's current dictionaries).
A line with no Han character skips the converter.

To mainland simplified, two things OpenCC cannot know are settled after it:
- a character whose reading unrender took from an annotation (`Line.marks`) becomes
  the simplified source that reading names (乾(qián) -> 乾, 乾(gān) -> 干);
- 著, which OpenCC leaves alone, is 着 unless it stands in a word where it is read zhù
  (著名, 显著, 名著, ...; data/zhu_words.txt) or before 《 (鲁迅著《呐喊》).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from .stage import Line, Stage

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=None)
def converter(config: str):
    """One OpenCC converter per configuration and process, built on first use."""
    import opencc

    # With the dictionaries that may output characters many fonts lack (殢 -> 𣨼,
    # 閞 -> 𫔰): OpenCC's own test cases expect them. Its C++ CLI leaves them out by
    # default, so on such characters the two differ.
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=True)


@lru_cache(maxsize=1)
def zhu_words() -> re.Pattern:
    """A pattern matching the words in which 著 is read zhù (longest first)."""
    with resources.files("zhnorm.data").joinpath("zhu_words.txt").open(encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) + "|著(?=《)")


def fix_zhu(text: str, keep: Iterable[int] = ()) -> str:
    """著 -> 着 outside the words where it is read zhù (positions in `keep` stay)."""
    zhu = set(keep)
    for m in zhu_words().finditer(text):
        zhu.update(i for i in range(m.start(), m.end()) if text[i] == "著")
    chars = list(text)
    for i, c in enumerate(chars):
        if c == "著" and i not in zhu:
            chars[i] = "着"
    return "".join(chars)


class Convert(Stage):
    name = "convert"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.config = options.opencc_config
        self._convert = converter(self.config).convert if self.config else None
        self.hans = options.to == "hans"

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        convert = self._convert
        for line in lines:
            text = line.text
            if convert is None or not HAN.search(text):
                line.marks = None
                yield line
                continue
            new = convert(text)
            if new != text:
                self.note(line, text, new, self.config)
            if self.hans:
                new = self._settle(line, new)
            line.text = new
            line.marks = None
            yield line

    def _settle(self, line: Line, text: str) -> str:
        """Apply the readings unrender kept, then 著 by context."""
        marks = line.marks
        if marks and len(text) == len(line.text):  # t2s kept every position in place
            chars = list(text)
            for i, s in marks.items():
                if chars[i] != s:
                    chars[i] = s
            new = "".join(chars)
            if new != text:
                self.note(line, text, new, "reading chose the character", sum(a != b for a, b in zip(text, new)))
                text = new
        if "著" in text:
            keep = [i for i, s in (marks or {}).items() if s == "著"]
            new = fix_zhu(text, keep)
            if new != text:
                self.note(line, text, new, "著 -> 着 by context", sum(a != b for a, b in zip(text, new)))
                text = new
        return text
