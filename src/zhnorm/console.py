"""How the command speaks and ends: one line on stderr per problem, and a quiet end when
the reader of standard output goes away (shared by `cli`, the plain filter, and
`command`, the typer command)."""

from __future__ import annotations

import os
import signal
import sys


def say(message: str) -> None:
    """One line on stderr, prefixed with the program name. A standard error that cannot
    be written (full, closed) takes the message and drops it: the exit code still says
    what happened, and a traceback could not be read either."""
    try:
        sys.stderr.write(f"normalize: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass


def die_of_sigpipe() -> None:
    """End as a process killed by SIGPIPE does (a shell reports 141), quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe
    except OSError:
        pass
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    os._exit(141)
