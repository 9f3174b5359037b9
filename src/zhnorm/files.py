"""Inputs and outputs: one input at a time through a pipeline, to a sink.

Everything the command line does with files lives here, so that the CLI only parses
options: opening inputs (with the error each one can raise), atomic replacement of a
file (temp file in the same folder, mode kept, then rename), and the checks that
decide whether an output differs from its input without holding either in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import BinaryIO, Iterable

from .decode import Decoder, ZhnormError
from .pipeline import Pipeline

# exit codes (documented in the README and in --help)
OK = 0
CHANGED = 1  # --check / --diff found changes
USAGE = 2
UNREADABLE = 3  # an input could not be read or decoded and was skipped
REPLACED = 4  # an input had invalid bytes, written as U+FFFD
UNWRITABLE = 5  # an output could not be written
INTERRUPTED = 130


class InputError(ZhnormError):
    """An input that cannot be read; the message names why."""


class OutputError(ZhnormError):
    """An output that cannot be written; the message names why."""


class HashingReader:
    """A binary stream that hashes what is read through it."""

    def __init__(self, raw: BinaryIO, on_read=None, hashing: bool = True) -> None:
        self.raw = raw
        self.hash = hashlib.sha256() if hashing else None
        self.size = 0
        self.on_read = on_read  # called with the number of bytes each read returned

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.raw.read(n)
        except OSError as e:
            raise InputError(e.strerror or str(e)) from None
        if self.hash is not None:
            self.hash.update(data)
        self.size += len(data)
        if self.on_read is not None:
            self.on_read(len(data))
        return data


class HashingSink:
    """Hashes what is written, and passes it on to `sink` if one is given (without: for
    --check and -i's no-change test, where only the hash matters)."""

    def __init__(self, sink=None) -> None:
        self.hash = hashlib.sha256()
        self.sink = sink

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self.sink.write(data) if self.sink is not None else len(data)


class AtomicFile:
    """A file written beside `target` and renamed over it on `commit`."""

    def __init__(self, target: str) -> None:
        self.target = target
        folder = os.path.dirname(os.path.abspath(target))
        fd, self.tmp = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(target) + ".", suffix=".tmp")
        self.file = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> int:
        return self.file.write(data)

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            if os.path.exists(self.target):
                shutil.copymode(self.target, self.tmp)
            os.replace(self.tmp, self.target)
        except OSError:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def open_input(name: str) -> BinaryIO:
    """Open a named input for reading bytes, or raise InputError with a plain reason."""
    try:
        if os.path.isdir(name):
            raise InputError("is a directory")
        return open(name, "rb")
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(e.strerror or str(e)) from None


def write_lines(lines: Iterable, sink, batch: int = 256) -> None:
    """Write lines as UTF-8 with LF endings, a batch of lines per write call (no LF after a
    piece of a long line that goes on, which is written at once); bytes among the lines
    (a worker's finished output) are written as they are, in order."""
    buf: list[str] = []
    for line in lines:
        if isinstance(line, bytes):
            if buf:
                sink.write("".join(buf).encode("utf-8"))
                buf = []
            sink.write(line)
            continue
        buf.append(line.text + ("" if line.cont else "\n"))
        if len(buf) >= batch or line.cont:
            sink.write("".join(buf).encode("utf-8"))
            buf = []
    if buf:
        sink.write("".join(buf).encode("utf-8"))


@dataclass
class Outcome:
    """What became of one input."""

    name: str
    size: int = 0  # bytes read
    changed: bool = False
    replaced: int = 0  # invalid bytes written as U+FFFD
    first_bad: int | None = None
    encoding: str | None = None
    diff: list[str] = field(default_factory=list)


def run_input(pipeline: Pipeline, stream: BinaryIO, name: str, sink, *, keep_original: bool = False, jsonl=None, on_read=None,
              compare: bool = True) -> Outcome:
    """Run one input through the pipeline into `sink` (anything with write(bytes)).

    With `compare`, compares input and output bytes by hash (`Outcome.changed`; without,
    it stays False); with `keep_original`, also keeps the decoded original lines and the
    output lines, and makes a unified diff (--diff).
    """
    compare = compare or keep_original
    reader = HashingReader(stream, on_read, hashing=compare)
    decoder = Decoder(pipeline.options.from_encoding, pipeline.options.strict)
    original: list[str] = []
    output: list[str] = []

    class Keep:  # the output, kept for the diff
        def write(self, data: bytes) -> int:
            output.append(data.decode("utf-8"))
            return sink.write(data)

    out = HashingSink(Keep() if keep_original else sink) if compare else sink

    tap = (lambda line: original.append(line.text + ("" if line.cont else "\n"))) if keep_original else None
    if jsonl is not None:  # records: decode here, the pipeline runs on their fields
        lines = decoder(reader)
        if tap is not None:
            from .pipeline import _tapped

            lines = _tapped(lines, tap)
        try:
            write_lines(jsonl(lines, name), out)
        finally:
            pipeline.totals["decode"].update(decoder.counts)
    else:
        write_lines(pipeline.run_bytes(reader, name, decoder=decoder, tap=tap), out)
    outcome = Outcome(
        name,
        size=reader.size,
        changed=compare and out.hash.digest() != reader.hash.digest(),
        replaced=decoder.tracker.replaced,
        first_bad=decoder.tracker.first_offset,
        encoding=decoder.detection.encoding if decoder.detection else None,
    )
    if keep_original and outcome.changed:
        import difflib

        after = "".join(output).splitlines(keepends=True)
        outcome.diff = list(difflib.unified_diff(original, after, f"a/{name}", f"b/{name}"))
        if not outcome.diff:
            outcome.diff = [f"# {name}: same text, other bytes ({outcome.encoding} or line ends -> UTF-8, LF)\n"]
    return outcome
