"""Template lines: a site's footer, menu or slogan, found because it recurs across
documents (`--template-lines K`).

This is CCNet's paragraph deduplication used as a boilerplate signal. A first pass
reads every input once and counts, for each line, in how many documents it occurs
(a document is a JSON Lines record's field with `--jsonl`, else an input file); in
the second pass (the ordinary run) a line seen in at least K documents is marked
before the stages see it, and clean drops it under `template` unless it reads as
prose (a sentence with a clause break: an article syndicated by several sites keeps
its text).

Lines are compared by their decoded text as the pipeline writes it (`key`), hashed. The
table of counts is capped (`CAP` hashes): when it is full, hashes seen in only one
document are forgotten (then two, ...), so that memory is bounded whatever the size
of the corpus. A forgotten line can only be counted short, never over: the error
is on the side of keeping a line, never of dropping an article's (a count-min sketch
errs the other way). Lines shorter than `MIN_CHARS` are not counted: a short line is
left to the page's context (a section heading such as 参考文献 recurs across papers).

Standard input cannot be read twice: during the first pass it is copied to an
anonymous temporary file (on disk, removed when the run ends), which the second pass
reads. Memory stays bounded; the disk holds one copy of the input.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from functools import lru_cache
from typing import BinaryIO, Iterable, Iterator

from .stage import Line
from .unrender import HAN, TONED

CAP = 1 << 20  # hashes kept at most (about 100 MB of table at the worst)
MIN_CHARS = 6  # a line shorter than this (without spaces) is never a template line
DOC_BITS = 40  # a table value: count << DOC_BITS | the last document counted (its number)
DOC_MASK = (1 << DOC_BITS) - 1


#: a pinyin reading after a Han character, as unrender strips it: lower-case Latin letters
#: (tone marks, ü) in parentheses of either width
READING = re.compile(f"(?<=[{HAN}])[(（][a-z{TONED}ü]+(?: +[a-z{TONED}ü]+)*[)）]")
#: what a line is compared without: white space, and the punctuation tidy writes full-width
#: next to Han (either width)
UNCOMPARED = re.compile(r"[\s,:;()!?，：；（）！？]+")


def key(text: str) -> int | None:
    """The hash a line is counted under, or None for a line too short to count.

    Lines are compared as the pipeline leaves them, so that a second run over its output
    finds the templates the first found: without white space, pinyin readings or the
    punctuation tidy makes full-width, and in one script (Traditional characters folded
    to simplified, `_fold`)."""
    if "(" in text or "（" in text:
        text = READING.sub("", text)
    s = UNCOMPARED.sub("", text)
    if len(s) < MIN_CHARS:
        return None
    if not s.isascii():
        found, table = _fold()
        if found.search(s):  # on simplified text, hardly a line: one scan, no lookups
            s = s.translate(table)
    return hash(s)


@lru_cache(maxsize=1)
def _fold():
    """(pattern, str.translate table) of `key`: each character that says a line is
    Traditional, or that t2s changes alone (convert.NotYet), as t2s writes it alone, and
    the Traditional variants t2s leaves (data/t2s_variants.tsv)."""
    from .convert import converter, not_yet, ranges, t2s_variants

    test = not_yet("t2s")
    chars = sorted(test.alone | test.kept)
    out = converter("t2s").convert("\n".join(chars)).split("\n")
    table = {ord(c): new for c, new in zip(chars, out) if new != c} if len(out) == len(chars) else {}
    table.update(t2s_variants()[1])
    # any character outside the BMP, then looked up (a class of astral characters is slow)
    return re.compile(f"[{ranges(chr(c) for c in table if c <= 0xFFFF)}\U00010000-\U0010ffff]"), table


class Table:
    """In how many documents each line occurs (capped; see the module's doc)."""

    def __init__(self, min_docs: int, cap: int = CAP) -> None:
        if min_docs < 2:
            raise ValueError("--template-lines needs K of at least 2 (documents a line must be in)")
        self.min_docs = min_docs
        self.cap = cap
        self.counts: dict[int, int] = {}
        self.docs = 0
        self.pruned = 0  # times the table was full

    def add(self, texts: Iterable[str]) -> None:
        """Count the lines of one document (each distinct line once)."""
        self.docs += 1
        doc = self.docs & DOC_MASK
        counts = self.counts
        for text in texts:
            h = key(text)
            if h is None:
                continue
            v = counts.get(h)
            if v is None:
                counts[h] = (1 << DOC_BITS) | doc
                if len(counts) > self.cap:
                    self._prune()
            elif v & DOC_MASK != doc:
                counts[h] = ((v >> DOC_BITS) + 1) << DOC_BITS | doc

    def _prune(self) -> None:
        self.pruned += 1
        floor = 1
        while len(self.counts) > self.cap // 2:
            self.counts = {h: v for h, v in self.counts.items() if v >> DOC_BITS > floor}
            floor += 1

    def documents(self, text: str) -> int:
        """In how many documents (counted) the line occurs."""
        h = key(text)
        if h is None:
            return 0
        return self.counts.get(h, 0) >> DOC_BITS

    def is_template(self, text: str) -> bool:
        return self.documents(text) >= self.min_docs

    def mark(self, lines: Iterable[Line]) -> Iterator[Line]:
        """The lines, those of a template marked for clean (`pre['template']`)."""
        counts, need = self.counts, self.min_docs << DOC_BITS
        after_cont = False
        for line in lines:
            if not (line.cont or after_cont):  # pieces of a long line are not looked at
                h = key(line.text)
                if h is not None and counts.get(h, 0) >= need:
                    if line.pre is None:
                        line.pre = {}
                    line.pre["template"] = True
            after_cont = line.cont
            yield line


class Spool:
    """Standard input copied to a temporary file as the first pass reads it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.file = tempfile.TemporaryFile(prefix="normalize-stdin-")

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.file.write(data)
        return data

    def rewound(self) -> BinaryIO:
        self.file.flush()
        self.file.seek(0)
        return self.file


def _seekable(name: str) -> bool:
    """Whether input `name` can be read twice: a regular file or a folder (open_input
    says what is wrong with one), not a FIFO, a socket or a character device."""
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return True  # open_input says why
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISBLK(mode)


def _record_texts(line: str, paths: list[list[str]]) -> list[str] | None:
    try:
        record = json.loads(line)
        out = []
        for path in paths:
            node = record
            for k in path:
                node = node[k]
            if isinstance(node, str):
                out.append(node)
        return out
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None  # the second pass reports it


def _decoded(stream: BinaryIO, options) -> Iterator[Line]:
    from .decode import Decoder

    return Decoder(options.from_encoding, options.strict)(stream)


def count_stream(table: Table, stream: BinaryIO, options, fields: tuple[str, ...] | None) -> None:
    """The first pass over one input: a document (text), or one per record (`fields`:
    the JSON Lines fields to look at)."""
    lines = _decoded(stream, options)
    if fields is None:
        table.add(_whole(lines))
        return
    paths = [f.split(".") for f in fields]
    parts: list[str] = []
    for line in lines:
        if line.cont:
            parts.append(line.text)
            continue
        text = line.text
        if parts:
            parts.append(text)
            text, parts = "".join(parts), []
        if not text.strip():
            continue
        for value in _record_texts(text, paths) or ():
            table.add(value.splitlines())


def _whole(lines: Iterable[Line]) -> Iterator[str]:
    """The whole lines of a stream; a line long enough to come in pieces is not
    counted (it is never a template line)."""
    after_cont = False
    for line in lines:
        if not (line.cont or after_cont):
            yield line.text
        after_cont = line.cont


class Corpus:
    """The first pass over a run's inputs, and what the second needs from it."""

    def __init__(self, min_docs: int, options, fields: tuple[str, ...] | None = None) -> None:
        self.table = Table(min_docs)
        self.options = options
        self.fields = fields  # None: each input is a document
        self.spooled: dict[str, BinaryIO] = {}  # inputs that cannot be read twice (`-`, a FIFO), spooled

    def first_pass(self, names: list[str]) -> None:
        """Count the lines of every input. Inputs that cannot be read are passed over
        (the second pass says why); an input that cannot be read twice, standard input or
        a named one that is not seekable (a FIFO, `<(command)`), is spooled (`take`)."""
        from .compress import reader
        from .decode import ZhnormError
        from .files import open_input

        for name in names:
            if name in self.spooled:  # given twice: read once, as without this
                continue
            spool = raw = None
            try:
                if name == "-":
                    spool = Spool(sys.stdin.buffer)  # the bytes as they came, for the second pass
                    stream = reader(spool, close_raw=False)
                elif _seekable(name):
                    stream = open_input(name)
                else:  # read again, it would wait for another writer
                    raw = open(name, "rb")
                    spool = Spool(raw)
                    stream = reader(spool, close_raw=False)
            except (OSError, ZhnormError):
                if raw is not None:
                    raw.close()
                continue
            try:
                count_stream(self.table, stream, self.options, self.fields)
            except (OSError, ZhnormError):
                pass
            finally:
                if spool is not None:
                    try:
                        while spool.read(1 << 16):  # the rest, if decoding stopped early
                            pass
                    except OSError:
                        pass
                    self.spooled[name] = spool.rewound()
                    if raw is not None:
                        raw.close()
                else:
                    stream.close()

    def take(self, name: str) -> BinaryIO | None:
        """The spooled bytes of input `name`, for the second pass (once), or None."""
        return self.spooled.pop(name, None)

    def mark(self, lines: Iterable[Line]) -> Iterator[Line]:
        return self.table.mark(lines)
