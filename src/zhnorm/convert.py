"""convert: OpenCC conversion to the target script (t2s, s2t, s2twp, s2hk).

Uses the official OpenCC library (phrase-aware, with OpenCC's current dictionaries).
Lines are converted in batches (up to BATCH_CHARS characters or BATCH_LINES lines,
joined by newlines, one OpenCC call): OpenCC never matches a phrase across a newline,
so the result is the same as line by line, with far fewer calls. A batch holds no
more than that, or one line, so memory stays bounded by the longest line.

To mainland simplified, what unrender learned and OpenCC cannot know is applied after
it: a character marked in `Line.marks` becomes the simplified source its reading names
(乾(qián) -> 乾, 乾(gān) -> 干, 著 outside a zhù word -> 着).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from .chars import HAN, last_cut
from .lang import chinese_only
from .stage import Line, Stage, batched

BATCH_CHARS = 64 * 1024
BATCH_LINES = 512
SEGMENT = 256 * 1024  # a longer line is converted in pieces cut after punctuation



@lru_cache(maxsize=None)
def converter(config: str):
    """One OpenCC converter per configuration and process, built on first use."""
    import opencc

    # With the dictionaries that may output characters many fonts lack (殢 -> 𣨼,
    # 閞 -> 𫔰): OpenCC's own test cases expect them. Its C++ CLI leaves them out by
    # default, so on such characters the two differ.
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=True)


class Convert(Stage):
    name = "convert"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.config = options.opencc_config
        # Chinese only: Japanese and Korean sentences are left alone, and counted (lang.py)
        self._convert = chinese_only(converter(self.config).convert, self.counts) if self.config else None
        self.hans = options.to == "hans"

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        if self._convert is None:
            for line in lines:
                line.marks = None
                yield line
            return
        for batch in batched(lines, BATCH_CHARS, BATCH_LINES):
            yield from self._batch(batch)

    def blocks(self, blocks: Iterable[Line]) -> Iterator[Line]:
        """Convert `Block`s (and pieces of long lines) as they come: OpenCC never matches
        across a line end, so a block converts as its lines would one by one."""
        convert = self._convert_long
        for block in blocks:
            text = block.text
            if self._convert is not None and HAN.search(text):
                new = convert(text)
                if new != text:
                    changed = sum(map(str.__ne__, text.split("\n"), new.split("\n")))
                    self.counts[self.config] += changed
                    block.text = new
            yield block

    def _batch(self, batch: list[Line]) -> list[Line]:
        texts = [line.text for line in batch]
        joined = "\n".join(texts)
        if not HAN.search(joined):
            for line in batch:
                line.marks = None
            return batch
        converted = self._convert_long(joined).split("\n")
        if len(converted) != len(batch):  # never seen; fall back to one call per line
            converted = [self._convert(t) if HAN.search(t) else t for t in texts]
        for line, text, new in zip(batch, texts, converted):
            if new != text:
                self.note(line, text, new, self.config)
            if self.hans and line.marks:
                new = self._settle(line, new)
            line.text = new
            line.marks = None
        return batch

    def _convert_long(self, text: str) -> str:
        """Convert, cutting text longer than SEGMENT after punctuation (OpenCC's phrases do
        not span punctuation), so OpenCC never holds a whole 50 MB line."""
        if len(text) <= SEGMENT:
            return self._convert(text)
        out, pos, n = [], 0, len(text)
        while pos < n:
            end = min(pos + SEGMENT, n)
            if end < n:
                end = last_cut(text, max(pos, end - 4096), end) or end
            out.append(self._convert(text[pos:end]))
            pos = end
        return "".join(out)

    def _settle(self, line: Line, text: str) -> str:
        """Apply the characters unrender chose (when t2s kept every position in place)."""
        from .tidy import replace_at

        marks = line.marks
        if not marks or len(text) != len(line.text):
            return text
        changes = {i: s for i, s in marks.items() if text[i] != s}
        if not changes:
            return text
        changed = len(changes)
        new = replace_at(text, changes)
        self.note(line, text, new, "characters chosen by reading or context", changed)
        return new
