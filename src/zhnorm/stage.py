"""What every stage shares: the `Line` it passes along and the `Stage` base that counts.

A stage takes an iterator of lines and yields lines. Counting is always on (a
`collections.Counter` per stage); recording each change as an `Event` happens only
when the pipeline was asked to explain itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator


class Line:
    """One source line: its text and its 1-based line number in the source.

    `marks`, when set, maps a position in `text` to the simplified character a reading
    chose for it (unrender sets it from a stripped annotation such as 乾(qián); convert
    applies it after OpenCC, which cannot see the reading), followed by that reading when
    OpenCC would change the character again (乾qián: convert writes 乾（qián） where it
    stands alone).
    """

    __slots__ = ("text", "no", "marks", "pre", "cont", "printable")

    def __init__(self, text: str, no: int, cont: bool = False) -> None:
        self.text = text
        self.no = no
        # the source line goes on in the next Line: a line longer than decode's PIECE
        # travels in pieces, so that memory stays bounded whatever the line length
        self.cont = cont
        self.marks: dict[int, str] | None = None
        # what a first pass over the corpus found of the line (templates.py: a template's)
        self.pre: dict | None = None
        # the text a stage found str.isprintable() of (clean's match text asks it), while
        # `text` is that very object: a later stage (tidy) need not ask again
        self.printable: str | None = None

    def __repr__(self) -> str:
        return f"Line({self.text!r}, {self.no})"


class Block(Line):
    """Several whole lines in one text, each ending in LF (`cont`: writers add none): what
    decode hands a pipeline whose stages never look across a line end (convert alone),
    so that no `Line` is made per line. `count` is how many lines it holds."""

    __slots__ = ("count",)

    def __init__(self, text: str, no: int, count: int) -> None:
        super().__init__(text, no, cont=True)
        self.count = count


@dataclass(frozen=True)
class Event:
    """One change a stage made: where, what it was, what it became and why."""

    stage: str
    source: str
    line: int
    before: str
    after: str | None  # None: the line was dropped
    reason: str


def batched(lines: Iterable[Line], max_chars: int = 64 * 1024, max_lines: int = 256) -> Iterator[list[Line]]:
    """Lines in lists of about `max_chars` characters or `max_lines` lines (a single longer
    line makes a list of its own), for stages that look at many lines with one call."""
    batch: list[Line] = []
    size = 0
    for line in lines:
        batch.append(line)
        size += len(line.text)
        if size >= max_chars or len(batch) >= max_lines:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class Stage:
    """Base of the six stages.

    Subclasses either implement `fix(text) -> (new_text, reason)` for line-by-line
    rewriting (the base counts and records), or override `__call__` when they need
    state across lines (tidy's blank-line runs, clean's look-ahead).
    """

    name = "stage"

    def __init__(self, options, source: str = "-", record: Callable[[Event], None] | None = None) -> None:
        self.options = options
        self.source = source
        self.counts: Counter[str] = Counter()
        self.record = record  # None: not recording

    def note(self, line: Line, before: str, after: str | None, reason: str, n: int = 1) -> None:
        """Count `n` changes under `reason`, and record the line's change when recording is on."""
        self.counts[reason] += n
        if self.record is not None:
            self.record(Event(self.name, self.source, line.no, before, after, reason))

    def fix(self, text: str) -> tuple[str, str]:  # pragma: no cover - overridden
        return text, ""

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        fix = self.fix
        for line in lines:
            text = line.text
            new, reason = fix(text)
            if new != text:
                self.note(line, text, new, reason)
                line.text = new
            yield line


class PassThrough(Stage):
    """A stage that changes nothing (used for `--skip`)."""

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        return iter(lines)
