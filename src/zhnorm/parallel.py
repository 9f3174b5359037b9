"""--jobs: the work of one command across worker processes, the output as with one.

- A file up to WHOLE_FILE bytes is one task: a worker runs it as one process would
  (`run_input`, into memory) and sends back its output; the parent writes it.
- A bigger text file is cut at line ends into chunks of at most about CHUNK bytes, of
  even size and as many as a multiple of the jobs, so that the workers end together (no
  character of UTF-8, GB18030 or Big5 holds the byte 0x0A; UTF-16 is not cut). Worker k runs the
  whole pipeline from the first *settled* line of its chunk, R(k), to R(k+1), that of
  the next chunk, and sends back the output of the lines after R(k) up to R(k+1); worker
  0 starts at the file's start. The parent only writes the parts, in order.
- A settled line (`Settled`) is one after which no stage holds anything of the lines
  before it: a whole line of body text that no rule or shape of clean claims and that
  is too long to be a title or a list's item, with no damaged span in it nor in the
  WINDOW lines before it (unrender looks at WINDOW lines around a damaged one). Clean
  and tidy, started at R(k), are then as they are after R(k) in one process, and so is
  unrender, started WINDOW lines before it. Those lines go through the line stages
  only, R(k) through every stage; their output is left out and their counts taken off
  (the same run over them alone).
- With no stage that looks across lines (convert alone: repair judges a line with its
  neighbour), a chunk is its own part.
- A chunk with no settled line (a word list, a file of short lines): the parent runs
  the file itself from the last settled line on (`fallback`).

Each worker builds its own pipeline from the same `Options`. At most 2 x jobs tasks are
in flight, so memory stays bounded by that many chunks or small files.

Workers never outlive the command: each watches its parent process and exits when it
is gone (the reader of a pipe went away, SIGTERM, SIGKILL), and the parent ends those
still busy on every way out (`Parallel.close`). A worker that dies (kill -9, the OOM
killer) makes the command stop with one line and exit 5 (`WorkerDied`).
"""

from __future__ import annotations

import hashlib
import io
import os
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterator

from .decode import BIG5, BIG5_TIE, PREFIX_SIZE, DecodeError, Decoder, big5_evidence, big5_variant, detect
from .files import OutputError, write_lines
from .options import Options
from .pipeline import Pipeline
from .stage import Event, Line

WHOLE_FILE = 8 * 1024 * 1024
CHUNK = 4 * 1024 * 1024
MAX_CHUNK = 2 * CHUNK  # a worker holds its chunk: a file with a longer line is not cut
MIN_CHUNK = CHUNK // 4  # however many jobs
SCOUTS = (32 * 1024, 512 * 1024)  # bytes of a chunk looked through for its settled line, before all of it
LOOKS_ACROSS = ("repair", "unrender", "clean", "tidy")  # the stages that hold something of other lines
CUTTABLE = ("utf-8", "utf-8-sig", "gb18030", "big5hkscs", "cp950", "cp1252", "ascii", "latin-1", "iso8859-1")
WARM = 512 * 1024  # bytes of a big file's head run in the parent before the workers are forked (Parallel._warm)
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

    blob: bytes = b""  # the output (UTF-8, LF)
    totals: dict[str, Counter] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)  # lines numbered from `begin`
    outcome: object = None  # a whole file's files.Outcome
    error: str | None = None  # what to say of an input that cannot be read
    said: list[str] = field(default_factory=list)  # what a JSON Lines input had to say of its records
    lines: int = 0  # lines in the chunk
    shift: int = 0  # lines of the chunk before `begin`
    begin: int = 0  # where the part's decoding started (a byte offset in the file)
    context: int = 0  # the number (from `begin`) of the settled line the part starts after; 0: none
    stuck: bool = False  # no settled line in the next chunk: the parent goes on from `begin`
    replaced: int = 0
    first_bad: int | None = None


def _whole_file(options: Options, path: str, record: bool, records) -> Result:
    """`records`: the JsonlOptions of a JSON Lines input (None: text)."""
    from .files import InputError, open_input, run_input
    from .jsonl import Jsonl, JsonlError

    pipeline = Pipeline(options, explain=record)
    said: list[str] = []
    jsonl = Jsonl(pipeline, records, say=said.append) if records is not None else None
    out = io.BytesIO()
    try:
        with open_input(path) as f:  # decompressed, if it is compressed
            outcome = run_input(pipeline, f, path, out, jsonl=jsonl, compare=True)
    except JsonlError as e:
        return Result(error=f"{path}:{e.line}: {e}", said=said)
    except (DecodeError, InputError) as e:
        return Result(error=f"{path}: {e}", said=said)
    except OSError as e:
        return Result(error=f"{path}: {e.strerror or e}", said=said)
    return Result(blob=out.getvalue(), totals=pipeline.totals, events=pipeline.events or [], outcome=outcome, said=said)


class Settled:
    """Tells the settled lines (see the module's docstring), each line in order as clean
    would get it (`__call__`), having seen it reach unrender (`damage`)."""

    def __init__(self, options: Options, source: str) -> None:
        from .clean import Clean

        self.clean = Clean(options, source=source) if "clean" in options.stages else None
        self.stages = options.stages
        self.damaged: deque[int] = deque()  # numbers of lines that reached unrender damaged
        self.piece = False  # the line before goes on in the next

    def damage(self, lines: Iterator[Line]) -> Iterator[Line]:
        for line in lines:
            if "?" in line.text or "\ufffd" in line.text:
                self.damaged.append(line.no)
            yield line

    def __call__(self, line: Line) -> bool:
        from . import clean, page
        from .tidy import cut_by_break
        from .unrender import WINDOW

        whole, self.piece = not (line.cont or self.piece), line.cont
        while self.damaged and self.damaged[0] <= line.no - WINDOW:
            self.damaged.popleft()
        if not whole or (self.damaged and self.damaged[0] <= line.no):
            return False
        if "tidy" in self.stages and cut_by_break(line.text):
            return False  # tidy holds it for the next line, which may join it
        if self.clean is None:
            return bool(line.text.strip())  # tidy holds a blank line back
        s = self.clean.match_text(line.text)
        if len(s) <= page.TITLE_MAX or len(line.text) <= page.TITLE_MAX + clean.REST_MIN:
            return False  # a title, a label or an item; the clone-prefix cut may be still to come
        if len(s) <= clean.ITEM_MAX and clean.LIST_ITEM.match(s):
            return False
        menu, rule, doubtful, spam = self.clean.classify(s)
        return not (menu or rule is not None or doubtful or spam)


def _scout(options: Options, path: str, data: bytes, encoding: str) -> tuple[int, int] | None:
    """The settled line of a chunk: (its number, the byte offset of the line WINDOW - 1
    before it), the first at least WINDOW lines in; None: the chunk has none."""
    from .unrender import WINDOW

    line_stages = replace(options, stages=frozenset(s for s in options.stages if s not in ("clean", "tidy")))
    for cut in sorted({*(_line_end(data, size) for size in SCOUTS), len(data)}):
        settled = Settled(options, path)
        stream: Iterator[Line] = Decoder(encoding, options.strict)(io.BytesIO(data[:cut]))
        for stage in Pipeline(line_stages).build(path):
            stream = stage(settled.damage(stream) if stage.name == "unrender" else stream)
        for line in stream:
            if settled(line) and line.no >= WINDOW:
                return line.no, _offset(data, line.no - WINDOW)
        if cut == len(data):
            return None
    return None


def _part(pipeline: Pipeline, path: str, lines: Iterator[Line], context: int) -> Iterator[Line]:
    """The pipeline over a part's decoded lines: those before line `context` (a settled
    one; 0: none) through the line stages only, line `context` through every stage too,
    and what comes after it out of the last."""
    stages = pipeline.build(path)
    tail = next((k for k, s in enumerate(stages) if s.name in ("clean", "tidy")), len(stages))
    for k, stage in enumerate(stages):
        if k == tail:
            lines = (line for line in lines if line.no >= context)
        lines = stage(lines)
    try:
        for line in lines:
            if line.no > context:
                yield line
    finally:
        for stage in stages:
            pipeline.totals[stage.name].update(stage.counts)


def _taken_off(options: Options, path: str, data: bytes, encoding: str, context: int) -> tuple[dict, int]:
    """What the lines up to the settled one count (another part's), and their invalid bytes."""
    pipeline = Pipeline(options)
    decoder = Decoder(encoding, options.strict)
    for _ in _part(pipeline, path, decoder(io.BytesIO(data)), context):
        pass
    return pipeline.totals, decoder.tracker.replaced


def _chunk(options: Options, path: str, chunks: list[tuple[int, int]], k: int, encoding: str, record: bool) -> Result:
    """Part k, from the settled line of chunk k (or the file's start) to that of chunk k+1."""
    from .unrender import WINDOW

    start, end = chunks[k]
    across = any(s in options.stages for s in LOOKS_ACROSS)
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read((chunks[k + 1][1] if across and k + 1 < len(chunks) else end) - start)
    own, lines = data[: end - start], _count_lines(data[: end - start])
    begin, context = 0, 0
    if across and k:
        found = _scout(options, path, own, encoding)
        if found is None:
            return Result(stuck=True, lines=lines)  # the part before says so too, and goes first
        context, begin = WINDOW, found[1]
    shift = _count_lines(own[:begin])
    stop = len(own)
    if across and k + 1 < len(chunks):
        found = _scout(options, path, data[len(own):], encoding)
        if found is None:
            return Result(stuck=True, lines=lines, shift=shift, begin=start + begin, context=context)
        stop = len(own) + _offset(data[len(own):], found[0])
    head = data[begin : _offset(own, shift + context)] if context else b""  # to the settled line
    part = io.BytesIO(data[begin:stop])
    del data, own  # a chunk's bytes, once
    pipeline = Pipeline(options, explain=record)
    decoder = Decoder(encoding, options.strict)
    out = io.BytesIO()
    try:
        if across:
            write_lines(_part(pipeline, path, decoder(part), context), out)
        else:  # a chunk of its own (convert alone: decode's blocks)
            write_lines(pipeline.run_bytes(part, path, decoder=decoder), out)
    except DecodeError as e:
        return Result(error=_shift_offset(str(e), start + begin))
    tracker = decoder.tracker
    replaced, first_bad = tracker.replaced, tracker.first_offset
    if context:
        off, bad = _taken_off(options, path, head, encoding, context)
        for name, counts in off.items():
            pipeline.totals[name].subtract(counts)
        replaced -= bad
    totals = {name: +counts for name, counts in pipeline.totals.items() if name != "decode"}
    events = [e for e in pipeline.events or [] if e.line > context]
    return Result(blob=out.getvalue(), totals=totals, events=events, lines=lines, shift=shift, begin=start + begin,
                  context=context, replaced=replaced, first_bad=None if first_bad is None else first_bad + start + begin)


def _count_lines(data: bytes) -> int:
    """Lines as decode finds them: ends at LF, CR LF, a lone CR (no multibyte character of
    the cuttable encodings holds 0x0A or 0x0D)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + bool(data and not data.endswith((b"\n", b"\r")))


def _offset(data: bytes, n: int) -> int:
    """Where line n + 1 of `data` starts (after n line ends)."""
    import re

    pos = 0
    for m in re.finditer(rb"\r\n|\r|\n", data):
        if not n:
            break
        pos, n = m.end(), n - 1
    return pos if not n else len(data)


def _line_end(data: bytes, size: int) -> int:
    cut = data.find(b"\n", size)
    return len(data) if cut < 0 else cut + 1


def _shift_offset(message: str, start: int) -> str:
    import re

    return re.sub(r"byte offset (\d+)", lambda m: f"byte offset {int(m.group(1)) + start}", message)


@dataclass
class Plan:
    """How a big file is cut: (start, end) per chunk, and its hash (when asked for)."""

    encoding: str
    chunks: list[tuple[int, int]]
    size: int
    digest: bytes | None


def plan(path: str, options: Options, digest: bool = True, jobs: int = 1) -> Plan | None:
    """Cut a big file at line ends into chunks of at most about CHUNK bytes, as many as a
    multiple of `jobs` (unless that makes them smaller than MIN_CHUNK) and of even size,
    so that no worker is left idle while another runs the last one; None when it should
    go whole (small, compressed, UTF-16, Markdown or CSV, whose stages keep a code block
    or a quoted field across lines) or stream in this process (a line longer than
    MAX_CHUNK, which a worker would hold).

    The cuts are found by reading a little after each chunk's share, so the workers can
    start at once; the whole file is read here only for its hash (`digest`: --check
    and -i need it, output to a file or stdout does not)."""
    from .compress import of_file
    from .formats import guess

    size = os.path.getsize(path)
    if size <= WHOLE_FILE or of_file(path) or guess(path, options.format) != "text":
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
        count = -(-size // CHUNK)
        count = min(count + -count % jobs, max(count, size // MIN_CHUNK))  # not too small to hold a settled line
        step = -(-size // count)
        start = 0
        while start < size:
            end = max((len(chunks) + 1) * step, start + 1)  # the first line end after the k-th share
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
        if encoding in BIG5 and not options.from_encoding:
            # the workers are handed the encoding: the variant of Big5 the file's first
            # chunk where they differ speaks for, as the streamed file's first such block does
            for start, end in chunks:
                f.seek(start)
                evidence = big5_evidence(f.read(end - start))
                variant = big5_variant(evidence) or (BIG5_TIE if evidence is not None else None)
                if variant is not None:
                    encoding = variant
                    if evidence:
                        break
        hashed = None
        if digest:
            h = hashlib.sha256()
            f.seek(0)
            while block := f.read(CHUNK):
                h.update(block)
            hashed = h.digest()
    return Plan(encoding, chunks, size, hashed)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back (their handlers run after the block, in order) while
    the pool forks its workers and records a task. A handler that raises there is lost or
    harmful: run in one of the fork's callbacks (os.register_at_fork: logging's), its
    exception is ignored by Python and the command goes on to its end; run inside the
    pool's submit, it leaves the pool half made (see close). Only the main thread can.

    A worker forked in the block has this handler too, until its _worker_init: there the
    signal does what _worker_init will make it do (SIGTERM ends the worker, Ctrl-C is the
    parent's), not held for a block that the worker never leaves. A broken pool ends its
    other workers with SIGTERM as soon as one dies, one just forked included."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    holder = os.getpid()

    def hold(signum, frame) -> None:
        if os.getpid() == holder:
            caught.append(signum)
        elif signum != signal.SIGINT:  # in a worker not yet started
            signal.signal(signum, signal.SIG_DFL)
            signal.raise_signal(signum)

    names = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None and signal.getsignal(s) is not None]
    before = {s: signal.signal(s, hold) for s in names}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
        for s in caught[:1]:
            if callable(before[s]):
                before[s](s, None)
            elif before[s] == signal.SIG_DFL:
                signal.raise_signal(s)


class Parallel:
    """A pool of workers and the tasks of one command."""

    def __init__(self, jobs: int, options: Options, record: bool, records=None) -> None:
        """`records`: the JsonlOptions for JSON Lines inputs."""
        self.jobs = jobs
        self.options = options
        self.record = record
        self.records = records
        import signal
        import threading

        if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
            # the pool's pipes to a dead worker give EPIPE, which must not kill the command:
            # a closed standard output is then a BrokenPipeError (see cli.main)
            signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        import multiprocessing

        self.others = set(multiprocessing.active_children())  # processes that are not our workers
        self.pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init, initargs=(os.getpid(),))
        self.futures: list[Future] = []  # every task submitted, to end those still running
        self.submitting = False  # in the pool's submit: its state may be half made

    def close(self) -> None:
        """End the pool: at once when tasks are still running (an error, an interrupt),
        after the last one otherwise.

        A signal's exception (Ctrl-C, SIGTERM) may come inside the pool's submit: after the
        workers are forked, before the thread that feeds them (and would stop them) is
        started, or before the future is ours. Then no future says a task is running, the
        pool cannot stop its workers, and the interpreter's exit would wait for them for
        ever (multiprocessing joins the children it started). So a submit cut short counts
        as busy, and every worker the pool forked is ended, those it has not listed yet too.

        So does a broken pool (a worker died): its thread has ended the other workers with
        SIGTERM and waits for each, and one that is sending a result nobody reads any more
        (or that a SIGTERM did not end) would make that wait, and the command, last for ever."""
        import multiprocessing

        busy = self.submitting or bool(getattr(self.pool, "_broken", False)) or any(not f.done() for f in self.futures)
        self.futures = []
        if not busy:
            self.pool.shutdown(wait=True, cancel_futures=True)
            return
        processes = {*(getattr(self.pool, "_processes", None) or {}).values(), *multiprocessing.active_children()} - self.others
        for process in processes:
            process.kill()  # their results are no longer wanted
        for process in processes:
            process.join(5)
        manager = getattr(self.pool, "_executor_manager_thread", None)
        self.pool.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            # the pool's thread, seeing its workers dead, closes the pipe that wakes it;
            # at exit the interpreter writes to that pipe, and racing the close gives EBADF
            # ("Exception ignored ... Bad file descriptor", Python < 3.12): let it finish first
            manager.join(5)

    def submit(self, fn, *args, name: str = "") -> Future:
        """`name`: the file the task is part of, named if the pool is found broken here (a
        worker of that file died before this submit, after the last result it gave)."""
        self.submitting = True  # until the future is in self.futures (see close)
        with _signals_held():
            try:
                future = self.pool.submit(fn, *args)
            except BrokenProcessPool:
                where = f"{name}: " if name else ""
                raise WorkerDied(f"{where}a worker process died (killed?); stopped, no file was replaced") from None
            self.futures = [f for f in self.futures if not f.done()]
            self.futures.append(future)
            self.submitting = False
        return future

    @staticmethod
    def result(future: Future, name: str = "") -> Result:
        try:
            return future.result()
        except BrokenProcessPool:
            where = f"{name}: " if name else ""
            raise WorkerDied(f"{where}a worker process died (killed?); stopped, no file was replaced") from None

    def prefetch(self, names: list[str], is_jsonl=lambda name: False) -> Iterator[tuple[str, Future | None]]:
        """Each name with the future of its whole-file task (None: run it otherwise)."""
        window = 2 * self.jobs
        pending: list[tuple[str, Future | None]] = []
        it = iter(names)
        for name in it:
            pending.append((name, self._submit(name, is_jsonl(name))))
            if len(pending) >= window:
                break
        while pending:
            yield pending.pop(0)
            for name in it:
                pending.append((name, self._submit(name, is_jsonl(name))))
                break

    def _submit(self, name: str, jsonl: bool) -> Future | None:
        if name == "-" or not os.path.isfile(name) or os.path.getsize(name) > WHOLE_FILE:
            return None
        return self.submit(_whole_file, self.options, name, self.record, self.records if jsonl else None)

    def chunked(self, path: str, plan: Plan, pipeline: Pipeline, advance=None) -> Iterator[bytes | Line]:
        """The output of a big file, part by part as the workers send it back (lines of
        it, when the parent goes on itself). `advance`, if given, is called with each
        chunk's size in bytes as its part comes back (the progress bar)."""
        self._warm(path, plan)
        futures: list[Future] = []
        todo = iter(range(len(plan.chunks)))
        self.replaced, self.first_bad, self.lines = 0, None, 0

        def submit() -> None:
            for k in todo:
                encoding = plan.encoding if k == 0 or plan.encoding != "utf-8-sig" else "utf-8"
                futures.append(self.submit(_chunk, self.options, path, plan.chunks, k, encoding, self.record, name=path))
                return

        for _ in range(2 * self.jobs):
            submit()
        pipeline.totals["decode"][f"read as {plan.encoding}"] += 1
        k = 0
        while futures:
            result = self.result(futures.pop(0), path)
            submit()
            if result.error:
                raise DecodeError(result.error)
            if result.stuck:
                futures.clear()  # close() ends the workers still at it
                yield from self.fallback(path, plan, pipeline, result, k, advance)
                return
            if advance is not None:
                advance(plan.chunks[k][1] - plan.chunks[k][0])
            for name, counts in result.totals.items():
                pipeline.totals[name].update(counts)
            shift = self.lines + result.shift
            for event in result.events:
                pipeline.replay(replace(event, line=event.line + shift))
            self.replaced += result.replaced
            if self.first_bad is None:
                self.first_bad = result.first_bad
            self.lines += result.lines
            k += 1
            yield result.blob

    def _warm(self, path: str, plan: Plan) -> None:
        """Before the workers are forked: run the pipeline here over the head of the file
        (WARM bytes, to a line end), output discarded, so that the tables its stages load
        when the text calls for them (OpenCC's converter, the pair and swap models) are
        loaded once, here, and every worker starts with them instead of loading its own.
        Only when the workers are forked from this process and none is yet."""
        import multiprocessing

        if getattr(self.pool, "_processes", None) or multiprocessing.get_start_method() != "fork":
            return
        with open(path, "rb") as f:
            head = f.read(WARM)
        head = head[: head.rfind(b"\n") + 1 or len(head)]
        try:
            for _ in Pipeline(self.options).run_bytes(io.BytesIO(head), path, decoder=Decoder(plan.encoding, self.options.strict)):
                pass
        except DecodeError:  # --strict: a worker will say where
            pass
        del head
        import gc

        gc.collect()
        gc.freeze()  # what is loaded stays shared: a worker's collections do not write to its pages

    def fallback(self, path: str, plan: Plan, pipeline: Pipeline, at: Result, k: int, advance) -> Iterator[Line]:
        """The file from part k on, in this process, from the settled line it starts after."""
        encoding = plan.encoding if at.begin == 0 or plan.encoding != "utf-8-sig" else "utf-8"
        shift, context = self.lines + at.shift, at.context

        def listener(event: Event) -> None:
            if event.line > context:
                pipeline.replay(replace(event, line=event.line + shift))

        here = Pipeline(self.options, listener=listener if pipeline._record() is not None else None)
        decoder = Decoder(encoding, self.options.strict)
        with open(path, "rb") as f:
            f.seek(at.begin)
            yield from _part(here, path, decoder(f), context)
            replaced = decoder.tracker.replaced
            if context:  # its settled line is in its chunk
                f.seek(at.begin)
                head = f.read(MAX_CHUNK)
                off, bad = _taken_off(self.options, path, head[: _offset(head, context)], encoding, context)
                for name, counts in off.items():
                    here.totals[name].subtract(counts)
                replaced -= bad
        for name, counts in here.totals.items():
            pipeline.totals[name].update(+counts)
        self.replaced += replaced
        if self.first_bad is None and decoder.tracker.first_offset is not None:
            self.first_bad = decoder.tracker.first_offset + at.begin
        self.lines += at.shift + decoder.lines
        if advance is not None:
            advance(plan.size - plan.chunks[k][0])
