"""`Runner`: the inputs of one command through one pipeline, in one of four modes.

- stdout: every input, in order, to standard output (as cat does);
- output: the same, to a file written atomically (-o);
- in-place: each file rewritten atomically, left untouched when nothing changes (-i);
- check: nothing written; list changed files, or print their diff (--check, --diff).

Each input's problem is reported with its name and the others are still processed;
the exit status says the worst that happened.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Callable

from .decode import DecodeError
from .files import (
    CHANGED,
    OK,
    REPLACED,
    UNREADABLE,
    UNWRITABLE,
    AtomicFile,
    HashingSink,
    InputError,
    OutputError,
    WriteError,
    open_input,
    output_path,
    run_input,
)
from .pipeline import Pipeline


class GuardedSink:
    """A sink whose write errors become WriteError naming the output."""

    def __init__(self, raw, name: str) -> None:
        self.raw = raw
        self.name = name

    def write(self, data: bytes) -> int:
        try:
            return self.raw.write(data)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise WriteError(f"cannot write {self.name}: {e.strerror or e}") from None

    def flush(self) -> None:
        try:
            self.raw.flush()
        except BrokenPipeError:
            raise
        except OSError as e:
            raise WriteError(f"cannot write {self.name}: {e.strerror or e}") from None


class Runner:
    def __init__(
        self,
        pipeline: Pipeline,
        *,
        mode: str = "stdout",
        output: str | None = None,
        diff: bool = False,
        quiet: bool = False,
        say: Callable[[str], None] = lambda m: None,
        jobs: int = 1,
        jsonl=None,
        all_jsonl: bool = True,
        exit_on_fix: bool = False,
        templates=None,
    ) -> None:
        self.pipeline = pipeline
        self.mode = mode
        self.output = output
        self.diff = diff
        self.quiet = quiet
        self.say = say
        self.unreadable = False
        self.unwritable = False  # an -i target that could not be written (the others go on)
        self.replaced = False
        self.changed = False
        self.jobs = jobs
        self.parallel = None
        self.progress = None
        self.jsonl = jsonl  # a zhnorm.jsonl.Jsonl: the inputs are JSON Lines records
        self.all_jsonl = all_jsonl  # every input is, or only those named .jsonl/.ndjson
        self.exit_on_fix = exit_on_fix
        self.stats = None  # a zhnorm.stats.Stats: figures per input (--stats, --html-report)
        self.templates = templates  # a templates.Corpus: a first pass over the inputs (--template-lines)

    @property
    def compares(self) -> bool:
        """Whether outputs are compared with their inputs (--check, -i): only then are
        both hashed."""
        return self.mode not in ("stdout", "output")

    def status(self) -> int:
        if self.unwritable:
            return UNWRITABLE
        if self.unreadable:
            return UNREADABLE
        if self.replaced:
            return REPLACED
        if self.changed and (self.mode == "check" or (self.mode == "in-place" and self.exit_on_fix)):
            return CHANGED
        return OK

    def run(self, names: list[str]) -> int:
        from .progress import progress_for

        self.progress = progress_for(names, self.quiet)
        target = None
        if self.templates is not None:
            self.templates.first_pass(names)
            self.pipeline.templates = self.templates
        if self.jobs > 1 and not self.diff and self.templates is None:
            from .parallel import Parallel

            self.parallel = Parallel(self.jobs, self.pipeline.options, record=self.pipeline._record() is not None,
                                     records=self.jsonl.options if self.jsonl is not None else None)
        try:
            if self.mode == "stdout":
                sink = GuardedSink(sys.stdout.buffer, "standard output")
            elif self.mode == "output":
                target = _output_file(self.output)
                sink = GuardedSink(target, self.output)
            tasks = (self.parallel.prefetch(names, lambda name: self._records(name) is not None) if self.parallel
                     else ((name, None) for name in names))
            for name, future in tasks:
                if self.mode in ("stdout", "output"):
                    self.one(name, sink, future)
                elif self.mode == "in-place":
                    self.in_place(name, future)
                else:
                    self.check(name, future)
            if self.mode == "stdout":
                sink.flush()
            elif target is not None:
                try:
                    target.commit()
                except OSError as e:
                    raise OutputError(f"cannot write {self.output}: {e.strerror or e}") from None
                target = None
        except OutputError as e:
            self.say(str(e))
            return UNWRITABLE
        finally:
            if target is not None:
                target.discard()
            if self.parallel is not None:
                self.parallel.close()
            self.progress.close()
        return self.status()

    def _records(self, name: str):
        """The JSON Lines reader for this input, or None for text."""
        if self.jsonl is None:
            return None
        from .folders import is_jsonl_name

        return self.jsonl if self.all_jsonl or is_jsonl_name(name) else None

    def _open(self, name: str):
        from .compress import reader

        spooled = self.templates.take(name) if self.templates is not None else None
        if name == "-":
            return reader(spooled or sys.stdin.buffer, close_raw=False), "<stdin>"
        return (reader(spooled) if spooled is not None else open_input(name)), name

    def _process(self, name: str, sink, *, keep_original: bool = False, future=None):
        if self.stats is None:
            return self._process_one(name, sink, keep_original=keep_original, future=future)
        counted = self.stats.start(sink)
        outcome = self._process_one(name, counted, keep_original=keep_original, future=future)
        self.stats.finish(name, outcome, counted, self.compares)
        return outcome

    def _process_one(self, name: str, sink, *, keep_original: bool = False, future=None):
        """Run one input into sink (or take what a worker made of it, `future`); report
        and return None when it cannot be read."""
        if future is not None:
            return self._finish(name, name, self._from_result(name, self.parallel.result(future, name), sink))
        if self.parallel is not None and name != "-" and os.path.isfile(name) and self._records(name) is None:
            from .parallel import plan

            try:
                cut = plan(name, self.pipeline.options, digest=self.compares, jobs=self.jobs)
            except DecodeError as e:
                self.say(f"{name}: {e}")
                self.unreadable = True
                return None
            except OSError as e:
                self.say(f"{name}: {e.strerror or e}")
                self.unreadable = True
                return None
            if cut is not None:
                return self._finish(name, name, self._from_plan(name, cut, sink))
        try:
            stream, shown = self._open(name)
        except (InputError, OSError) as e:  # OSError: standard input's first bytes
            self.say(f"{name}: {getattr(e, 'strerror', None) or e}")
            self.unreadable = True
            return None
        try:
            outcome = run_input(self.pipeline, stream, shown, sink, keep_original=keep_original, jsonl=self._records(name),
                                on_read=self.progress.advance, compare=self.compares)
        except _jsonl_error() as e:
            self.say(f"{shown}:{e.line}: {e}")
            self.unreadable = True
            return None
        except (DecodeError, InputError) as e:
            self.say(f"{shown}: {e}")
            self.unreadable = True
            return None
        except OSError as e:  # a read error after opening (EIO, EISDIR on some systems)
            self.say(f"{shown}: {e.strerror or e}")
            self.unreadable = True
            return None
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()  # a decompressor of standard input leaves it open
        return self._finish(name, shown, outcome)

    def _from_result(self, name: str, result, sink):
        """The outcome of a whole file a worker ran."""
        for message in result.said:
            self.say(message)
        if result.error:
            self.say(result.error)
            self.unreadable = True
            return None
        sink.write(result.blob)
        self.progress.advance(result.outcome.size)
        for stage, counts in result.totals.items():
            self.pipeline.totals[stage].update(counts)
        for event in result.events:
            self.pipeline.replay(event)
        return result.outcome

    def _from_plan(self, name: str, cut, sink):
        """The outcome of a big file cut into chunks for the workers."""
        from .files import Outcome, write_lines

        out = HashingSink(sink) if cut.digest is not None else sink  # a digest: compare
        try:
            write_lines(self.parallel.chunked(name, cut, self.pipeline, self.progress.advance), out)
        except DecodeError as e:
            self.say(f"{name}: {e}")
            self.unreadable = True
            return None
        changed = cut.digest is not None and out.hash.digest() != cut.digest
        return Outcome(name, size=cut.size, changed=changed, replaced=self.parallel.replaced,
                       first_bad=self.parallel.first_bad, encoding=cut.encoding, lines=self.parallel.lines)

    def _finish(self, name: str, shown: str, outcome):
        """Say what was wrong with an input that was read."""
        if outcome is None:
            return None
        if outcome.replaced:
            bad = f"{outcome.replaced} invalid byte sequence(s) in {outcome.encoding}"
            where = f"first at byte offset {outcome.first_bad}"
            if self.mode == "in-place":  # the file is not rewritten (in_place): one line says both
                self.say(f"{shown}: {bad} ({where}): not rewritten, to keep its bytes (use --from-encoding, or repair the file)")
                self.unreadable = True
            else:
                written = "would be written" if self.mode == "check" else "written"
                self.say(f"{shown}: {bad}, {written} as U+FFFD ({where})")
                self.replaced = True
        return outcome

    def one(self, name: str, sink, future=None) -> None:
        self._process(name, sink, future=future)

    def check(self, name: str, future=None) -> None:
        outcome = self._process(name, HashingSink(), keep_original=self.diff, future=future)
        if outcome is None or not outcome.changed:
            return
        self.changed = True
        _tell("".join(outcome.diff) if self.diff else f"{outcome.name}\n")

    def in_place(self, name: str, future=None) -> None:
        try:
            st = os.stat(name)  # through a symlink: its target is rewritten
        except OSError:
            st = None
        if st is None or stat.S_ISDIR(st.st_mode):  # missing, a directory, ...: let _process say why
            self._process(name, HashingSink(), future=future)
            return
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device: reading it would consume it
            if future is not None:
                future.cancel()
            self.say(f"{name}: not a regular file, skipped")
            self.unreadable = True
            return
        tmp = None
        try:
            try:
                from .compress import of_file

                tmp = AtomicFile(name, compression=of_file(name))  # written back as it was
            except OSError as e:
                if future is not None:
                    future.cancel()
                self.say(f"{name}: cannot create a temporary file beside it: {e.strerror or e}")
                self.unwritable = True
                return
            outcome = self._process(name, GuardedSink(tmp, name), future=future)
            if outcome is None or outcome.replaced:  # unreadable, or invalid bytes (_finish said so)
                return
            if outcome.changed:
                tmp.commit()
                tmp = None
                self.changed = True
                if not self.quiet:
                    _tell(f"Fixing {name}\n")  # standard output failing ends the run, the file written
        except BrokenPipeError:  # the reader of "Fixing" lines went away: end as cat does
            raise
        except (WriteError, OSError) as e:
            # this file's temporary could not be written or put in place (disk full): the
            # file is left as it was, and the other files go on, as when no temporary can
            # be made; a worker that died (an OutputError) still stops the command
            self.say(str(e) if isinstance(e, WriteError) else f"cannot write {name}: {e.strerror or e}")
            self.unwritable = True
        finally:
            if tmp is not None:
                tmp.discard()


def _tell(text: str) -> None:
    """What the user reads on standard output besides text (--check's names, --diff,
    -i's "Fixing" lines); a write that fails (a full disk, a closed descriptor) is an
    OutputError naming standard output, which ends the run with exit 5."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:
        raise OutputError(f"cannot write standard output: {e.strerror or e}") from None


def _output_file(path: str):
    """-o FILE: a temp file renamed over FILE at the end; only a regular file (or a new
    one), never through a symlink of another user (`output_path`)."""
    from .compress import by_name

    target = output_path(path)
    try:
        return AtomicFile(target, compression=by_name(path))
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None


def _jsonl_error() -> type[Exception]:
    """jsonl's error class, looked up only when an input failed: a run that reads no JSON
    Lines never imports jsonl (nor json) for it."""
    from .jsonl import JsonlError

    return JsonlError
