"""A progress bar on stderr for long runs: bytes done, MB/s, time left.

Shown only when stderr is a terminal, the run is not quiet, and the named inputs add up
to at least MIN_BYTES; never when stderr is piped or redirected. rich honours NO_COLOR.
"""

from __future__ import annotations

import os
import sys

MIN_BYTES = 16 * 1024 * 1024


class NoProgress:
    def advance(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


class Progress:
    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress as Bar, TimeRemainingColumn, TransferSpeedColumn

        self.bar = Bar(
            BarColumn(), DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.task = self.bar.add_task("normalize", total=total)
        self.bar.start()

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def close(self) -> None:
        self.bar.stop()


def progress_for(names: list[str], quiet: bool):
    """A progress bar for these inputs, or one that shows nothing."""
    if quiet or not sys.stderr.isatty():
        return NoProgress()
    total = sum(os.path.getsize(n) for n in names if n != "-" and os.path.isfile(n))
    return Progress(total) if total >= MIN_BYTES else NoProgress()
