"""The `normalize` command: options in, the pipeline over each input, a report out.

Everything it does with files is in `files`; every text change is in the stages. The
options and their parsing are in `command` (typer), imported only when there are
options other than the choice of stages and script: a plain filter (`cat a.txt |
normalize`, `normalize --only convert a.txt`) starts without them.
"""

from __future__ import annotations

import os
import signal
import sys

from .console import die_of_sigpipe, say
from .files import CHANGED, INTERRUPTED, OK, REPLACED, UNREADABLE, UNWRITABLE, USAGE


def main() -> None:
    """Entry point of the `normalize` console script."""
    _closed_streams()
    if hasattr(signal, "SIGPIPE"):
        # `normalize big.txt | head -1`: end quietly when the reader goes away, as cat does
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # SIGTERM unwinds like Ctrl-C, so temporaries are removed and workers ended
    signal.signal(signal.SIGTERM, _terminated)
    try:
        found = _configuration(sys.argv[1:])
        plain = _plain(sys.argv[1:]) if found is None and "_NORMALIZE_COMPLETE" not in os.environ else None
        if plain is not None:
            # a plain filter (`cat a.txt | normalize`, `normalize --only convert a.txt`,
            # `normalize -j 2 big.txt`): without the argument parser's start-up (typer:
            # 0.15 s of CPU, before any worker can start)
            sys.exit(_filter(*plain))
        import typer

        from .command import app

        defaults = None
        if found is not None:
            from .config import ConfigError, default_map

            try:
                defaults = default_map(typer.main.get_command(app), *found)
            except ConfigError as e:
                say(str(e))
                sys.exit(USAGE)
        app(prog_name="normalize", default_map=defaults)
    except KeyboardInterrupt:  # during start-up or argument parsing
        sys.exit(INTERRUPTED)
    except BrokenPipeError:
        # SIGPIPE was ignored (--jobs): end as if killed by it, as cat does
        die_of_sigpipe()
    except OSError as e:
        import errno

        # --help or --version to a full or closed standard output (the parser writes them)
        if e.errno not in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EFBIG, errno.EDQUOT):
            raise
        say(f"cannot write standard output: {e.strerror or e}")
        sys.exit(UNWRITABLE)


class _Closed:
    """A standard stream the caller closed (`normalize <&-`, `>&-`): Python leaves it
    None. Reading or writing it fails as the closed descriptor does (EBADF), so the input
    or output is named in one line with its exit code, as `cat <&-` says `-: Bad file
    descriptor`; a closed stderr takes the messages and drops them."""

    def __init__(self, fd: int, silent: bool = False) -> None:
        self.fd = fd
        self.silent = silent
        self.buffer = self

    def _fail(self, *args):
        import errno

        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def write(self, data):
        if self.silent:
            return len(data)
        self._fail()

    read = readinto = read1 = peek = fileno = _fail

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _closed_streams() -> None:
    """Each standard stream closed by the caller becomes a `_Closed`, and its descriptor
    is held by /dev/null, so that no file the command opens takes its number (a worker
    writing its stdout into an input, say)."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        setattr(sys, name, _Closed(fd, silent=fd == 2))
        try:
            os.fstat(fd)
        except OSError:
            held = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)


def _configuration(args: list[str]):
    """The configuration file that applies (path, table) or None: --config FILE, none
    with --no-config, else the one found from the current folder upwards (config.py).
    A file that cannot be read ends the command (exit 2)."""
    from .config import ConfigError, find, read

    path = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--no-config":
            return None
        if arg == "--config" and i + 1 < len(args):
            path = args[i + 1]
        elif arg.startswith("--config="):
            path = arg.split("=", 1)[1]
    try:
        if path is not None:
            if not os.path.isfile(path):
                raise ConfigError(f"{path}: no such file")
            return path, read(path) or {}
        return find()
    except ConfigError as e:
        say(str(e))
        sys.exit(USAGE)


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)


#: the options that only say which stages run and to what script, as `Options.build`
#: takes them (its keyword, and whether the option repeats)
PIPELINE_OPTIONS = {"--only": ("only", True), "--skip": ("skip", True), "--to": ("to", False), "--from": ("source", False)}


def _plain(args: list[str]):
    """(Options, input names, jobs) when every argument is standard input ('-'), a regular
    text file (not a folder, to be walked, nor JSON Lines by its name, nor a name the
    command would refuse), one of PIPELINE_OPTIONS with a value `Options.build` accepts,
    or `-j`/`--jobs` with a number: what the command does with them is then `_filter`'s.
    Else None."""
    from .folders import is_jsonl_name
    from .options import Options

    chosen: dict = {}
    names = []
    jobs = 1
    rest = iter(args)
    for arg in rest:
        option, eq, value = arg.partition("=")
        if arg in ("-j", "--jobs") or option == "--jobs" or arg[:2] == "-j" and arg[2:].isdigit():
            value = next(rest, None) if arg in ("-j", "--jobs") else value if eq else arg[2:]
            if value is None or not (value.isascii() and value.isdigit()):
                return None  # the command says what is wrong
            jobs = int(value) or os.cpu_count() or 1
        elif option in PIPELINE_OPTIONS:
            value = value if eq else next(rest, None)
            if value is None:
                return None
            key, repeats = PIPELINE_OPTIONS[option]
            if repeats:
                chosen.setdefault(key, []).append(value)
            else:
                chosen[key] = value  # given twice, the last one counts (as in the command)
        elif arg == "-" or (not arg.startswith("-") and os.path.isfile(arg) and not is_jsonl_name(arg)):
            names.append(arg)
        else:
            return None
    try:
        return Options.build(**chosen), names or ["-"], jobs
    except ValueError:  # the command says what is wrong
        return None


def _filter(options, names: list[str], jobs: int = 1) -> int:
    """The inputs to standard output, as the command does with these options alone."""
    from .pipeline import Pipeline
    from .run import Runner

    try:
        return Runner(Pipeline(options), mode="stdout", say=say, jobs=jobs).run(names)
    except KeyboardInterrupt:
        return INTERRUPTED


def __getattr__(name: str):
    if name == "app":  # the typer application, built on first use
        from .command import app

        return app
    raise AttributeError(name)


__all__ = ["main", "OK", "CHANGED", "UNREADABLE", "REPLACED", "UNWRITABLE"]
