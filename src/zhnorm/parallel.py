"""--jobs: the work of one command across worker processes, output as with one.

- A file up to WHOLE_FILE bytes is one task: a worker runs every stage over it and
  sends back its lines; the parent writes the results in input order.
- A bigger file is cut at line ends into chunks of about CHUNK bytes (safe for UTF-8,
  GB18030 and Big5, whose multibyte characters never hold the byte 0x0A; UTF-16 and
  UTF-32 files are not cut). Workers decode their chunk, run the stages that see one
  line at a time (repair, unrender, convert), and work out what the stateful stages
  need of each line alone (clean's classification, tidy's fix); the parent runs the
  state of clean and tidy over the results in order. So the output is the same, byte
  for byte, as with one process.

Each worker builds its own pipeline from the same `Options`. At most 2 x jobs tasks are
in flight, so memory stays bounded by that many chunks or small files.

Workers never outlive the command: each watches its parent process and exits when it
is gone (the reader of a pipe went away, SIGTERM, SIGKILL), and the parent ends those
still busy on every way out (`Parallel.close`). A worker that dies (kill -9, the OOM
killer) makes the command stop with one line and exit 5 (`WorkerDied`).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Iterator

from .decode import PREFIX_SIZE, DecodeError, Decoder, detect
from .files import OutputError
from .options import Options
from .pipeline import Pipeline
from .stage import Boundary, Event, Line

WHOLE_FILE = 8 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
MAX_CHUNK = 2 * CHUNK  # a worker holds its chunk: a file with a longer line is not cut
LINE_STAGES_PARALLEL = ("repair", "unrender", "convert")
CUTTABLE = ("utf-8", "utf-8-sig", "gb18030", "big5hkscs", "cp950", "cp1252", "ascii", "latin-1", "iso8859-1")


WATCH_INTERVAL = 0.2  # seconds between a worker's looks at its parent


class WorkerDied(OutputError):
    """A worker process was killed before it finished its task."""


def _worker_init(parent: int) -> None:
    """In each worker: leave Ctrl-C to the parent, die at SIGTERM, and exit when the parent is gone
    (its pid is no longer our parent's: we were handed to init or a subreaper)."""
    import signal
    import threading
    import time

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's unwinding handler

    def watch() -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@dataclass
class Result:
    """What a worker sends back for one task."""

    texts: list[str] = field(default_factory=list)
    line_nos: list[int] = field(default_factory=list)
    conts: list[bool] = field(default_factory=list)
    pre: list[dict] | None = None
    blob: bytes | None = None  # the finished output (UTF-8, LF), when nothing is left to do
    body: bytes | None = None  # finished output that goes between texts[:split] and texts[split:]
    body_events: list[Event] = field(default_factory=list)  # clean's and tidy's, in the body
    split: int = 0
    totals: dict[str, Counter] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    encoding: str | None = None
    replaced: int = 0
    first_bad: int | None = None
    size: int = 0
    digest: bytes = b""
    error: str | None = None
    lines: int = 0  # lines in a chunk (numbered from 1 in it)
    detection: object = None  # a whole file's Detection, for --stats


def _whole_file(options: Options, path: str, record: bool) -> Result:
    from .files import HashingReader, InputError, open_input

    pipeline = Pipeline(options, explain=record)
    decoder = Decoder(options.from_encoding, options.strict)
    try:
        with open_input(path) as f:  # decompressed, if it is compressed
            reader = HashingReader(f)
            lines = [(line.text, line.no, line.cont) for line in pipeline.run_bytes(reader, path, decoder=decoder)]
    except (DecodeError, InputError) as e:
        return Result(error=str(e))
    except OSError as e:
        return Result(error=e.strerror or str(e))
    return Result(
        blob=_finished(lines),
        totals=pipeline.totals,
        events=pipeline.events or [],
        encoding=decoder.detection.encoding if decoder.detection else None,
        replaced=decoder.tracker.replaced,
        first_bad=decoder.tracker.first_offset,
        size=reader.size,
        digest=reader.hash.digest(),
        lines=decoder.lines,
        detection=decoder.detection,
    )


def _chunk(options: Options, path: str, start: int, end: int, encoding: str, record: bool) -> Result:
    """Lines are numbered from 1 in the chunk; the parent, which sees the chunks in
    order, adds the lines of those before (`Result.lines`)."""
    import io

    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    stages = frozenset(s for s in options.stages if s in LINE_STAGES_PARALLEL)
    pipeline = Pipeline(replace(options, stages=stages), explain=record)
    decoder = Decoder(encoding, options.strict)
    try:
        lines = [
            (line.text, line.no, line.cont)
            for line in pipeline.run_bytes(io.BytesIO(data), path, decoder=decoder)
        ]
    except DecodeError as e:
        return Result(error=_shift_offset(str(e), start))
    events = pipeline.events or []
    totals = {k: v for k, v in pipeline.totals.items() if k != "decode"}
    texts = [t for t, _, _ in lines]
    # line ends as decode finds them: LF, CR LF, a lone CR (no multibyte character of the
    # cuttable encodings holds 0x0A or 0x0D)
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + (not data.endswith((b"\n", b"\r")))
    replaced = decoder.tracker.replaced
    first_bad = None if decoder.tracker.first_offset is None else decoder.tracker.first_offset + start
    if not _stateful(options).stages:
        return Result(blob=_finished(lines), totals=totals, events=events, lines=count, replaced=replaced, first_bad=first_bad)
    from .clean import Clean

    clean = Clean(options) if "clean" in options.stages else None
    pre = _prepare(texts, options, clean)
    split, body, body_events = len(lines), None, []
    first = next((k for k in range(len(lines)) if _resets(k, lines, pre, clean)), None)
    if first is not None:
        # from the first line that resets clean and tidy to the last: finished here
        last = next(k for k in range(len(lines) - 1, first - 1, -1) if _resets(k, lines, pre, clean))
        body_lines = []
        for k in range(first, last + 1):
            line = Line(*lines[k])
            line.pre = pre[k]
            body_lines.append(line)
        tail = Pipeline(_stateful(options), explain=record)
        done = [(line.text, line.no, line.cont) for line in tail.run(body_lines, path)]
        body = _finished(done)
        body_events = tail.events or []
        for name, counts in tail.totals.items():
            totals.setdefault(name, Counter()).update(counts)
        keep = list(range(first)) + list(range(last + 1, len(lines)))
        split = first
        lines = [lines[k] for k in keep]
        pre = [pre[k] for k in keep]
    return Result(
        texts=[t for t, _, _ in lines],
        line_nos=[n for _, n, _ in lines],
        conts=[c for _, _, c in lines],
        pre=pre,
        body=body,
        body_events=body_events,
        split=split,
        totals=totals,
        events=events,
        lines=count,
        replaced=replaced,
        first_bad=first_bad,
    )


def _resets(k: int, lines: list[tuple[str, int, bool]], pre: list[dict], clean) -> bool:
    """Whether clean and tidy hold no state after line k, whatever came before, and
    whether its own fate does not depend on it: a whole line of text that is not short
    (no title, link or list item) and that no rule or menu shape claims. Clean decides
    it alone, resets what a label or list heading began and flushes a possible vertical
    menu; tidy has written what came before it."""
    text, _, cont = lines[k]
    if cont or (k and lines[k - 1][2]):
        return False  # a piece of a long line
    if "tidy" in pre[k] and not pre[k]["tidy"][0]:
        return False  # blank once tidied
    if clean is None:
        return bool(text.strip())
    s = pre[k]["match"]
    menu, rule_at, title, _ = pre[k]["clean"]
    return bool(s) and not (clean.link_like(s) or menu or rule_at is not None or title)


def _stateful(options: Options) -> Options:
    """The options for the stages that keep state across lines (clean, tidy)."""
    return replace(options, stages=frozenset(s for s in options.stages if s not in LINE_STAGES_PARALLEL))


def _finished(lines: list[tuple[str, int, bool]]) -> bytes:
    """Lines as the output bytes (UTF-8, LF; none after a piece of a long line)."""
    return "".join(t + ("" if cont else "\n") for t, _, cont in lines).encode("utf-8")


def _shift_offset(message: str, start: int) -> str:
    import re

    return re.sub(r"byte offset (\d+)", lambda m: f"byte offset {int(m.group(1)) + start}", message)


def _prepare(texts: list[str], options: Options, clean) -> list[dict]:
    """For each line, what clean (None: not run) and tidy would work out of it alone."""
    from .tidy import Tidy

    tidy = Tidy(options) if "tidy" in options.stages else None
    out = []
    for text in texts:
        pre: dict = {}
        if clean is not None:
            s = clean.match_text(text)
            pre["match"] = s
            pre["clean"] = clean.classify(s)
        if tidy is not None:
            pre["tidy"] = tidy.fix(text)
        out.append(pre)
    return out


@dataclass
class Plan:
    """How a big file is cut: (start, end) per chunk, and its hash (when asked for)."""

    encoding: str
    chunks: list[tuple[int, int]]
    size: int
    digest: bytes | None


def plan(path: str, options: Options, digest: bool = True) -> Plan | None:
    """Cut a big file at line ends; None when it should go whole (small, or UTF-16) or
    stream in this process (a line longer than MAX_CHUNK, which a worker would hold).

    The cuts are found by reading a little after every CHUNK bytes, so the workers can
    start at once; the whole file is read here only for its hash (`digest`: --check
    and -i need it, output to a file or stdout does not)."""
    size = os.path.getsize(path)
    if size <= WHOLE_FILE:
        return None
    from .compress import of_file

    if of_file(path):  # a compressed stream is read from its start: this process streams it
        return None
    with open(path, "rb") as f:
        head = f.read(PREFIX_SIZE)
        if options.from_encoding:
            import codecs

            encoding = codecs.lookup(options.from_encoding).name
        else:
            encoding = detect(head, complete=False).encoding
        if encoding not in CUTTABLE:
            return None
        chunks: list[tuple[int, int]] = []
        start = 0
        while start < size:
            end = start + CHUNK
            while end < size:  # on to the next line end
                if end - start > MAX_CHUNK:
                    return None  # a line longer than a chunk: streamed in one process
                f.seek(end)
                window = f.read(64 * 1024)
                cut = window.find(b"\n")
                if cut >= 0:
                    end += cut + 1
                    break
                end += len(window)
            end = min(end, size)
            chunks.append((start, end))
            start = end
        hashed = None
        if digest:
            h = hashlib.sha256()
            f.seek(0)
            while block := f.read(CHUNK):
                h.update(block)
            hashed = h.digest()
    return Plan(encoding, chunks, size, hashed)


class Parallel:
    """A pool of workers and the tasks of one command."""

    def __init__(self, jobs: int, options: Options, record: bool) -> None:
        self.jobs = jobs
        self.options = options
        self.record = record
        import signal
        import threading

        if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
            # the pool's pipes to a dead worker give EPIPE, which must not kill the command:
            # a closed standard output is then a BrokenPipeError (see cli.main)
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),))
        self.futures: list[Future] = []  # every task submitted, to end those still running

    def close(self) -> None:
        """End the pool: at once when tasks are still running (an error, an interrupt),
        after the last one otherwise."""
        busy = any(not f.done() for f in self.futures)
        self.futures = []
        if not busy:
            self.pool.shutdown(wait=True, cancel_futures=True)
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.kill()  # their results are no longer wanted
        for process in processes:
            process.join(5)
        self.pool.shutdown(wait=False, cancel_futures=True)

    def submit(self, fn, *args) -> Future:
        try:
            future = self.pool.submit(fn, *args)
        except BrokenProcessPool:
            raise WorkerDied("a worker process died (killed?); stopped, no file was replaced") from None
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(future)
        return future

    @staticmethod
    def result(future: Future, name: str = "") -> Result:
        try:
            return future.result()
        except BrokenProcessPool:
            where = f"{name}: " if name else ""
            raise WorkerDied(f"{where}a worker process died (killed?); stopped, no file was replaced") from None

    def prefetch(self, names: list[str]) -> Iterator[tuple[str, Future | None]]:
        """Each name with the future of its whole-file task (None: run it otherwise)."""
        window = 2 * self.jobs
        pending: list[tuple[str, Future | None]] = []
        it = iter(names)
        for name in it:
            pending.append((name, self._submit(name)))
            if len(pending) >= window:
                break
        while pending:
            yield pending.pop(0)
            for name in it:
                pending.append((name, self._submit(name)))
                break

    def _submit(self, name: str) -> Future | None:
        if name == "-" or not os.path.isfile(name) or os.path.getsize(name) > WHOLE_FILE:
            return None
        return self.submit(_whole_file, self.options, name, self.record)

    def chunked(self, path: str, plan: Plan, pipeline: Pipeline, decoder_totals: Counter, advance=None) -> Iterator[Line | bytes]:
        """The lines of a big file: workers for the line stages, then clean and tidy here
        (or, when neither runs, the workers' finished bytes). `advance`, if given, is
        called with each chunk's size in bytes as its result comes back (the progress bar)."""
        futures: list[Future] = []
        sizes: list[int] = []
        chunks = iter(plan.chunks)

        def submit() -> None:
            for start, end in chunks:
                encoding = plan.encoding if start == 0 or plan.encoding != "utf-8-sig" else "utf-8"
                futures.append(self.submit(_chunk, self.options, path, start, end, encoding, self.record))
                sizes.append(end - start)
                return

        for _ in range(2 * self.jobs):
            submit()

        self.replaced = 0
        self.first_bad = None

        def lines() -> Iterator[Line]:
            before = 0  # lines in the chunks before this one
            while futures:
                result = self.result(futures.pop(0), path)
                size = sizes.pop(0)
                submit()
                if advance is not None:
                    advance(size)
                if result.error:
                    raise DecodeError(result.error)
                for name, counts in result.totals.items():
                    pipeline.totals[name].update(counts)
                if pipeline.listener is not None or pipeline.events is not None:
                    for event in result.events:
                        pipeline.replay(replace(event, line=event.line + before))
                self.replaced += result.replaced
                if self.first_bad is None and result.first_bad is not None:
                    self.first_bad = result.first_bad
                shift = before
                before += result.lines
                if result.blob is not None:
                    yield result.blob
                    continue
                boundary = None
                if result.body is not None:
                    boundary = Boundary(result.body, shift)
                    boundary.events = [replace(e, line=e.line + shift) for e in result.body_events]
                for k, (text, no, cont) in enumerate(zip(result.texts, result.line_nos, result.conts)):
                    if k == result.split and boundary is not None:
                        yield boundary
                    line = Line(text, no + shift, cont)
                    if result.pre is not None:
                        line.pre = result.pre[k]
                    yield line
                if result.split >= len(result.texts) and boundary is not None:
                    yield boundary

        decoder_totals[f"read as {plan.encoding}"] += 1
        stateful = _stateful(self.options)
        if not stateful.stages:
            yield from lines()
            return
        tail_pipeline = Pipeline(stateful)
        tail_pipeline.listener = pipeline._record()
        try:
            for line in tail_pipeline.run(lines(), path):
                if isinstance(line, Boundary):
                    for event in line.events:  # in the order one process would say them
                        pipeline.replay(event)
                    yield line.blob
                else:
                    yield line
        finally:
            for name, counts in tail_pipeline.totals.items():
                pipeline.totals[name].update(counts)
