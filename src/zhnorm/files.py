"""Inputs and outputs: one input at a time through a pipeline, to a sink.

Everything the command line does with files lives here, so that the CLI only parses
options: opening inputs (with the error each one can raise), atomic replacement of a
file (temp file in the same folder, mode kept, then rename), and the checks that
decide whether an output differs from its input without holding either in memory.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import time
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


class WriteError(OutputError):
    """A write to one output failed (disk full, EFBIG): with -i the other files still go
    on, each to its own temporary; a stream (standard output, -o) stops."""


class HashingReader:
    """A binary stream that hashes what is read through it."""

    def __init__(self, raw: BinaryIO, on_read=None, hashing: bool = True) -> None:
        self.raw = raw
        if hashing:
            import hashlib  # only --check, -i and -o hash: a plain filter starts without it

            self.hash = hashlib.sha256()
        else:
            self.hash = None
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
        import hashlib

        self.hash = hashlib.sha256()
        self.sink = sink

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self.sink.write(data) if self.sink is not None else len(data)


#: temporaries are named NAME.normalize-PID-XXXXXXXX.tmp beside NAME (see the README)
TMP_SUFFIX = ".tmp"
TMP_RE = re.compile(r"\.normalize-(\d+)-[a-z0-9_]{8}\.tmp$")
RUN_STARTED = time.time()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale(target: str) -> None:
    """Remove temporaries of `target` left by a `normalize` that was killed: only files of
    our name, regular, of our owner, older than this run, whose process is gone."""
    folder = os.path.dirname(target) or "."
    prefix = os.path.basename(target) + ".normalize-"
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        m = TMP_RE.search(name)
        if m is None or name[: m.start()] != os.path.basename(target):
            continue
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mtime >= RUN_STARTED:
                continue
            pid = int(m.group(1))
            if pid != os.getpid() and _alive(pid, st.st_mtime):
                continue
            os.unlink(path)
        except (OSError, ValueError):
            continue


def _alive(pid: int, written: float) -> bool:
    """Whether process `pid` may be the one that wrote a temporary last modified at
    `written`: a process that started later holds a reused PID, the writer is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    started = _started(pid)
    return started is None or started <= written


def _started(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch; up to a second early, as the
    boot time is whole seconds), or None where /proc does not say."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            ticks = int(f.read().rsplit(b") ", 1)[1].split()[19])
        with open("/proc/stat", "rb") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith(b"btime "))
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


class AtomicFile:
    """A file written beside `target` and renamed over it on `commit`.

    A symlink is written through (its target is replaced, the link stays); an existing
    target keeps its mode, owner and group; a new one gets 0666 less the umask. With
    `compression` (gzip, bzip2, xz, zstd) what is written is compressed."""

    def __init__(self, target: str, compression: str | None = None) -> None:
        self.compressing = None
        self.target = os.path.realpath(target)
        remove_stale(self.target)
        folder = os.path.dirname(self.target)
        prefix = os.path.basename(self.target) + f".normalize-{os.getpid()}-"
        # Ctrl-C or SIGTERM between the temporary's creation and our knowing its name
        # would leave it behind: they wait until it is ours to remove
        blocked = _block_signals()
        fd = None
        try:
            import tempfile  # only -o and -i write a temporary

            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=TMP_SUFFIX)
            if not TMP_RE.search(self.tmp):  # mkstemp's names are 8 characters of [a-z0-9_]
                raise OSError(f"unexpected temporary name {self.tmp}")
            self.file = os.fdopen(fd, "wb")
            fd = None
            if compression is not None:
                from .compress import Compressing

                self.compressing = Compressing(compression, self.file)
            _unblock_signals(blocked)  # a pending signal's handler may raise here
        except BaseException:
            if fd is not None:
                os.close(fd)
            if getattr(self, "tmp", None):
                self.discard()
            _unblock_signals(blocked)
            raise

    def write(self, data: bytes) -> int:
        if self.compressing is not None:
            return self.compressing.write(data)
        return self.file.write(data)

    def commit(self) -> None:
        try:
            if self.compressing is not None:
                self.compressing.finish()
            self.file.flush()
            fd = self.file.fileno()
            try:
                st = os.stat(self.target)
            except FileNotFoundError:
                st = None
            if st is not None:
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
                if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                    _chown(fd, st)
                    os.fchmod(fd, stat.S_IMODE(st.st_mode))  # chown may clear setuid/setgid bits
            else:
                os.fchmod(fd, 0o666 & ~_umask())
            os.fsync(fd)
            self.file.close()
            os.replace(self.tmp, self.target)
        except OSError:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            if hasattr(self, "file"):
                self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def write_file(path: str, data: bytes) -> None:
    """`data` written atomically to `path` (--stats FILE, --html-report FILE): a
    temporary beside it, renamed over it; on a failure (a full disk) the temporary is
    removed, `path` is left as it was, and OutputError names it."""
    try:
        out = AtomicFile(output_path(path))
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        out.write(data)
        out.commit()
    except OSError as e:
        out.discard()
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


def _block_signals():
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)


def _unblock_signals(previous) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _chown(fd: int, st: os.stat_result) -> None:
    """Give the temporary the target's owner and group, as sed -i does: both when allowed
    (root), else the group alone when we belong to it, else leave it."""
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        try:
            os.fchown(fd, -1, st.st_gid)
        except PermissionError:
            pass


def _output_stat(path: str, how) -> os.stat_result | None:
    """`how(path)` (os.stat or os.lstat), None for a path that does not exist yet."""
    try:
        return how(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None


def output_path(path: str) -> str:
    """Where an output named `path` may be written: the path itself, or the target of a
    symlink of our own; a symlink of another user (planted in a shared folder) or
    anything but a regular file is refused with OutputError."""
    st = _output_stat(path, os.lstat)
    if st is not None and stat.S_ISLNK(st.st_mode):
        if st.st_uid != os.geteuid():
            raise OutputError(f"cannot write {path}: a symbolic link of another user, not followed")
        path = os.path.realpath(path)
        st = _output_stat(path, os.stat)
    if st is None:
        return path
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"cannot write {path}: not a regular file")
    return path


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def open_input(name: str) -> BinaryIO:
    """Open a named input for reading bytes (decompressed when it is gzip, bzip2, xz or
    zstd: compress.py), or raise InputError with a plain reason."""
    from .compress import reader

    try:
        if os.path.isdir(name):
            raise InputError("is a directory")
        f = open(name, "rb")
        try:
            return reader(f)
        except BaseException:
            f.close()
            raise
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(e.strerror or str(e)) from None


def write_lines(lines: Iterable, sink, batch: int = 256, chars: int = 64 * 1024) -> None:
    """Write lines as UTF-8 with LF endings, a batch of lines (at most `batch` lines or
    about `chars` characters, so that long lines are not held together) per write call
    (no LF after a piece of a long line that goes on, which is written at once); bytes
    among the lines (a worker's finished output) are written as they are, in order."""
    buf: list[str] = []
    size = 0
    for line in lines:
        if isinstance(line, bytes):
            if buf:
                sink.write("".join(buf).encode("utf-8"))
                buf, size = [], 0
            sink.write(line)
            continue
        buf.append(line.text + ("" if line.cont else "\n"))
        size += len(line.text)
        if len(buf) >= batch or size >= chars or line.cont:
            sink.write("".join(buf).encode("utf-8"))
            buf, size = [], 0
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
    detection: object = None  # decode's Detection (how it was found, how sure), for --stats
    lines: int | None = None  # lines decoded, for --stats


def _expect(stream, pipeline: Pipeline) -> None:
    """Tell convert how much text a regular input file holds at least (a character is at
    most 4 bytes; a compressed file's size is less than its text's), so that a big one
    takes convert's vectorized way from its first lines (`convert.expect`)."""
    if "convert" not in pipeline.options.stages:
        return
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, ValueError):  # not a file (a BytesIO, a pipe's fileno may fail)
        return
    if size:
        from .convert import expect

        expect(size // 4)


def run_input(pipeline: Pipeline, stream: BinaryIO, name: str, sink, *, keep_original: bool = False, jsonl=None, on_read=None,
              compare: bool = True) -> Outcome:
    """Run one input through the pipeline into `sink` (anything with write(bytes)).

    With `compare`, compares input and output bytes by hash (`Outcome.changed`; without,
    it stays False); with `keep_original`, also keeps the decoded original lines and the
    output lines, and makes a unified diff (--diff).
    """
    compare = compare or keep_original
    _expect(stream, pipeline)
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
        detection=decoder.detection,
        lines=decoder.lines,
    )
    if keep_original and outcome.changed:
        import difflib

        after = "".join(output).splitlines(keepends=True)
        outcome.diff = list(difflib.unified_diff(original, after, f"a/{name}", f"b/{name}"))
        if not outcome.diff and outcome.replaced:  # the decoded text holds the U+FFFD already
            outcome.diff = [f"# {name}: {outcome.replaced} invalid byte sequence(s) in {outcome.encoding} -> U+FFFD"
                            f" (first at byte offset {outcome.first_bad})\n"]
        elif not outcome.diff:
            outcome.diff = [f"# {name}: same text, other bytes ({outcome.encoding} or line ends -> UTF-8, LF)\n"]
    return outcome

