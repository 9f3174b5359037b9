"""`Pipeline`: the stages composed in their fixed order.

    bytes --decode--> lines --repair--> unrender --> convert --> clean --> tidy --> lines

Each run builds fresh stage objects (so a stage's state never leaks from one file to
the next) and adds their counts to the pipeline's totals when the run ends.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import BinaryIO, Iterable, Iterator

from .options import LINE_STAGES, Options
from .stage import Event, Line, PassThrough, Stage


#: stage name -> (module, class); a stage's module is imported only when it runs
#: (`--only convert` never loads repair's, unrender's, clean's or tidy's tables and patterns)
STAGE_CLASSES = {
    "repair": ("repair", "Repair"),
    "unrender": ("unrender", "Unrender"),
    "convert": ("convert", "Convert"),
    "clean": ("clean", "Clean"),
    "tidy": ("tidy", "Tidy"),
}


def _stage_class(name: str) -> type[Stage]:
    from importlib import import_module

    module, cls = STAGE_CLASSES[name]
    return getattr(import_module(f".{module}", __package__), cls)


#: half of a surrogate pair alone: a str can hold one (from JSON's "\\ud800", from
#: surrogateescape), UTF-8 cannot
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def split_lines(text: str) -> Iterator[Line]:
    """The lines of a string as `Line`s (LF, CR LF or a lone CR; a final one adds no line)."""
    if not text:
        return
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = text.split("\n")
    if pieces[-1] == "":
        pieces.pop()
    for no, piece in enumerate(pieces, 1):
        yield Line(piece, no)


def _tapped(lines: Iterable[Line], tap) -> Iterator[Line]:
    for line in lines:
        tap(line)
        yield line


class Pipeline:
    """Run the stages of `options` over lines, bytes or a string.

    >>> Pipeline(Options()).normalize("會(huì)議開始了")
    '会议开始了'
    """

    def __init__(self, options: Options | None = None, *, explain: bool = False, listener=None) -> None:
        """`explain` keeps every change as an `Event` in `events`; `listener`, if given,
        is called with each one as it happens (the CLI's --dropped and --explain)."""
        self.options = options or Options()
        self.totals: dict[str, Counter[str]] = {name: Counter() for name in ("decode", *LINE_STAGES)}
        self.events: list[Event] | None = [] if explain else None
        self.listener = listener
        self.templates = None  # a templates.Corpus (--template-lines): marks its lines for clean

    def _record(self):
        if self.events is None:
            return self.listener
        if self.listener is None:
            return self.events.append

        def both(event: Event) -> None:
            self.events.append(event)
            self.listener(event)

        return both

    def replay(self, event: Event) -> None:
        """Record an event that happened elsewhere (a worker process) as if it happened here."""
        record = self._record()
        if record is not None:
            record(event)

    def build(self, source: str = "-") -> list[Stage]:
        """Fresh stage objects for one input, in pipeline order (skipped ones omitted)."""
        record = self._record()
        return [
            _stage_class(name)(self.options, source=source, record=record)
            for name in LINE_STAGES
            if name in self.options.stages
        ]

    def run(self, lines: Iterable[Line], source: str = "-", blocks: bool = False) -> Iterator[Line]:
        """Run the line stages over `lines`; counts reach `totals` when the run ends.
        With `blocks`, `lines` are decode's `Block`s, for convert alone (`Convert.blocks`)."""
        stages = self.build(source)
        stream: Iterable[Line] = lines
        if self.templates is not None and "clean" in self.options.stages and not blocks:
            stream = self.templates.mark(stream)
        for stage in stages:
            stream = stage.blocks(stream) if blocks else stage(stream)
        try:
            yield from stream
        finally:
            for stage in stages:
                if not isinstance(stage, PassThrough):
                    self.totals[stage.name].update(stage.counts)

    def run_bytes(self, stream: BinaryIO, source: str = "-", decoder=None, tap=None) -> Iterator[Line]:
        """Decode a binary stream and run the line stages over it.

        `tap`, if given, is called with each decoded line before any stage sees it.
        """
        from .decode import Decoder

        decoder = decoder or Decoder(self.options.from_encoding, self.options.strict)
        decoder.record, decoder.source = self._record(), source  # --explain: where the encoding switched
        # convert alone, nothing recorded: whole blocks of lines at a time
        blocks = tap is None and self._record() is None and self.options.stages == {"convert"}
        lines = decoder(stream, blocks=blocks)
        if tap is not None:
            lines = _tapped(lines, tap)
        try:
            yield from self.run(lines, source, blocks)
        finally:
            self.totals["decode"].update(decoder.counts)

    def normalize(self, text: str) -> str:
        """Normalize one string; ends with a newline only if `text` did (and is not empty after)."""
        if LONE_SURROGATE.search(text):
            self.totals["decode"]["lone surrogates -> U+FFFD"] += len(LONE_SURROGATE.findall(text))
            text = LONE_SURROGATE.sub("\ufffd", text)
        out = "\n".join(line.text for line in self.run(split_lines(text)))
        if out and text.endswith(("\n", "\r")):
            out += "\n"
        return out
