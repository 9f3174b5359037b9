"""JSON Lines: normalize string fields of each record, leave the rest as it was.

Each input line is one JSON value. The fields named by dotted paths (`text`,
`meta.title`) are normalized as documents of their own, with the same pipeline and
options as text files; every other field and the key order stay as they were, and a
line none of whose fields changed is written back byte for byte. A line that is not
valid JSON or lacks a field is an error (`on_error='fail'`: stop, the input is not
written back), is dropped (`'skip'`) or is kept unchanged (`'keep'`); each is reported
with its file and line number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .pipeline import Pipeline
from .stage import Line

ON_ERROR = ("fail", "skip", "keep")


class JsonlError(ValueError):
    """A record that cannot be normalized, with fail as the policy."""


@dataclass
class JsonlOptions:
    fields: tuple[str, ...] = ("text",)
    on_error: str = "fail"

    def __post_init__(self) -> None:
        if self.on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(ON_ERROR)}, not {self.on_error!r}")
        if not self.fields:
            raise ValueError("at least one field is needed")


def _get(record, path: list[str]):
    node = record
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


class Jsonl:
    """Normalize the fields of JSON Lines records with a pipeline."""

    def __init__(self, pipeline: Pipeline, options: JsonlOptions, say: Callable[[str], None] = lambda m: None) -> None:
        self.pipeline = pipeline
        self.options = options
        self.paths = [f.split(".") for f in options.fields]
        self.say = say
        self.problems = 0

    def record(self, text: str) -> str:
        """One record, normalized; raises ValueError (JSON) or KeyError/TypeError (field)."""
        record = json.loads(text)
        changed = False
        for path in self.paths:
            node, key = _get(record, path)
            value = node[key]
            if not isinstance(value, str):
                raise TypeError(f"field {'.'.join(path)!r} is not a string")
            new = self.pipeline.normalize(value)
            if new != value:
                node[key] = new
                changed = True
        return json.dumps(record, ensure_ascii=False) if changed else text

    def __call__(self, lines: Iterable[Line], source: str = "-") -> Iterator[Line]:
        for line in lines:
            if not line.text.strip():
                yield line
                continue
            try:
                line.text = self.record(line.text)
            except (ValueError, KeyError, TypeError, IndexError) as e:
                reason = _reason(e)
                self.problems += 1
                if self.options.on_error == "fail":
                    raise JsonlError(f"line {line.no}: {reason}") from None
                self.say(f"{source}:{line.no}: {reason} ({'skipped' if self.options.on_error == 'skip' else 'kept as it is'})")
                if self.options.on_error == "skip":
                    continue
            yield line


def _reason(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"not valid JSON ({e.msg} at column {e.colno})"
    if isinstance(e, KeyError):
        return f"no field {e.args[0]!r}"
    return str(e)
