"""Where recorded changes go: --dropped (JSON Lines of dropped lines) and --explain."""

from __future__ import annotations

import json
import sys

from .stage import Event


class EventWriter:
    """A listener for `Pipeline`: writes dropped lines to a file and/or every change to stderr.

    The --dropped file is opened (created or truncated) only when the first dropped line
    comes, never through a symlink of another user nor onto anything but a regular file;
    a run that drops nothing leaves it as it was."""

    def __init__(self, dropped: str | None = None, explain: bool = False) -> None:
        self.path = dropped
        self.dropped = None  # the open file, once a line was dropped
        self.explain = explain

    @classmethod
    def open(cls, dropped: str | None = None, explain: bool = False) -> "EventWriter | None":
        if not dropped and not explain:
            return None
        if dropped:
            from .files import output_path

            output_path(dropped)  # refuse a bad path before any input is read
            if not _is_dropped_file(dropped):
                raise ValueError(f"{dropped} is not a --dropped file (JSON Lines); remove it first")
        return cls(dropped, explain)

    def __call__(self, event: Event) -> None:
        if self.path is not None and event.after is None and event.stage == "clean":
            if self.dropped is None:
                from .files import open_nofollow

                self.dropped = open_nofollow(self.path)
            record = {"file": event.source, "line": event.line, "category": event.reason, "text": event.before}
            try:
                self.dropped.write(json.dumps(record, ensure_ascii=False) + "\n")
            except OSError as e:
                from .files import OutputError

                raise OutputError(f"cannot write {self.path}: {e.strerror or e}") from None
        if self.explain:
            after = "(dropped)" if event.after is None else repr(event.after)
            sys.stderr.write(f"{event.source}:{event.line}: {event.stage}: {event.reason}: {event.before!r} -> {after}\n")

    def close(self) -> None:
        if self.dropped is not None:
            self.dropped.close()


def _is_dropped_file(path: str) -> bool:
    """Whether `path` may be overwritten as a --dropped file: missing, empty, or written
    by --dropped before (`normalize -i --dropped corpus/*.txt` must not empty a text)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(RECORD_START))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # opening it for writing will say why
    return not head or head == RECORD_START


RECORD_START = b'{"file": '
