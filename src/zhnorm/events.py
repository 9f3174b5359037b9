"""Where recorded changes go: --dropped (JSON Lines of dropped lines) and --explain."""

from __future__ import annotations

import json
import sys

from .stage import Event


class EventWriter:
    """A listener for `Pipeline`: writes dropped lines to a file and/or every change to stderr."""

    def __init__(self, dropped=None, explain: bool = False) -> None:
        self.dropped = dropped
        self.explain = explain

    @classmethod
    def open(cls, dropped: str | None = None, explain: bool = False) -> "EventWriter | None":
        if not dropped and not explain:
            return None
        return cls(open(dropped, "w", encoding="utf-8", newline="\n") if dropped else None, explain)

    def __call__(self, event: Event) -> None:
        if self.dropped is not None and event.after is None and event.stage == "clean":
            record = {"file": event.source, "line": event.line, "category": event.reason, "text": event.before}
            self.dropped.write(json.dumps(record, ensure_ascii=False) + "\n")
        if self.explain:
            after = "(dropped)" if event.after is None else repr(event.after)
            sys.stderr.write(f"{event.source}:{event.line}: {event.stage}: {event.reason}: {event.before!r} -> {after}\n")

    def close(self) -> None:
        if self.dropped is not None:
            self.dropped.close()
