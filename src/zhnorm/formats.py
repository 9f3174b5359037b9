"""File formats: what of a line is text to tidy, and what is structure to keep.

- text: every line is prose or not by its own look (tidy decides);
- csv, tsv: data; each field's characters are tidied, never the separators or the quoting
  (a quoted field may hold separators and go on over several lines);
- markdown: fenced code blocks are kept verbatim, and so are code spans and the
  indentation of every line.

The format is `--format`, or guessed from the input's name (.csv, .tsv/.tab, .md/.markdown;
anything else, and standard input, is text).
"""

from __future__ import annotations

import re

FORMATS = ("auto", "text", "csv", "tsv", "markdown")
SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".md": "markdown", ".markdown": "markdown"}
SEPARATORS = {"csv": ",", "tsv": "\t"}

#: a code span: a run of backticks, what follows, and as many backticks again
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def guess(source: str, chosen: str = "auto") -> str:
    """The format of an input: `chosen` unless it is 'auto', else by the name's suffix."""
    if chosen != "auto":
        return chosen
    from .folders import plain_name

    name = plain_name(source).lower()  # a.csv.gz is CSV
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:], "text") if dot >= 0 else "text"


class Fields:
    """Where the fields of CSV/TSV lines are: their content, between separators and quotes.

    Keeps whether a quoted field is still open at the end of a line (it goes on in the
    next one)."""

    def __init__(self, separator: str) -> None:
        self.separator = separator
        self.quoted = False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each piece of field content in `text`, in order."""
        sep = self.separator
        out: list[tuple[int, int]] = []
        start, i, n = 0, 0, len(text)
        quoted = self.quoted
        at_field_start = not quoted
        while i < n:
            c = text[i]
            if quoted:
                if c == '"':
                    if start < i:
                        out.append((start, i))
                    if i + 1 < n and text[i + 1] == '"':  # an escaped quote: content, kept as it is
                        i += 2
                        start = i
                        continue
                    quoted = False
                    start = i + 1
            elif c == sep:
                if start < i:
                    out.append((start, i))
                start = i + 1
                at_field_start = True
                i += 1
                continue
            elif c == '"' and at_field_start:
                quoted = True
                start = i + 1
            at_field_start = False
            i += 1
        if start < n:
            out.append((start, n))
        self.quoted = quoted
        return out


class Fences:
    """Markdown fenced code blocks: whether each line (fed in order) is inside one."""

    def __init__(self) -> None:
        self.open: str | None = None  # the fence that opened the block we are in

    def verbatim(self, text: str) -> bool:
        m = FENCE.match(text)
        if self.open is None:
            if m:
                self.open = m.group(1)
                return True
            return False
        if m and m.group(1)[0] == self.open[0] and len(m.group(1)) >= len(self.open) and not text[m.end():].strip():
            self.open = None
        return True
