"""JSON Lines: normalize string fields of each record, leave the rest as it was.

Each input line is one JSON value, read whole whatever its length (memory is bounded
by the longest record). The fields named by dotted paths (`text`, `meta.title`) are
normalized as documents of their own, with the same pipeline and options as text
files; the new strings are spliced into the record's own text, so every other byte
(numbers as written, escapes, key order, duplicate keys, spacing) stays as it was, and
a line none of whose fields changed is written back byte for byte. A line that is not
valid JSON or lacks a field is an error (`on_error='fail'`: stop, the input is not
written back), is dropped (`'skip'`) or is kept unchanged (`'keep'`); each is reported
with its file and line number.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
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


class _Spanned(str):
    """A string value of a record, with where its JSON text starts and ends."""

    span: tuple[int, int]


def _parse_string(s: str, end: int, strict: bool = True):
    value, stop = json.decoder.scanstring(s, end, strict)
    spanned = _Spanned(value)
    spanned.span = (end - 1, stop)  # from the opening quote to after the closing one
    return spanned, stop


def _span_decoder() -> json.JSONDecoder:
    """A decoder whose string values know their place in the text (the pure-Python
    scanner, the only one that calls `parse_string`; used only on records that change)."""
    decoder = json.JSONDecoder()
    decoder.parse_string = _parse_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder


_SPANS = _span_decoder()


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
        try:
            record = json.loads(text)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        changes = []
        for path in self.paths:
            node, key = _get(record, path)
            value = node[key]
            if not isinstance(value, str):
                raise TypeError(f"field {'.'.join(path)!r} is not a string")
            new = self.pipeline.normalize(value)
            if new != value:
                changes.append((path, new))
        if not changes:
            return text
        try:
            spanned = _SPANS.decode(text)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        edits = {}
        for path, new in changes:
            node, key = _get(spanned, path)
            edits[node[key].span] = json.dumps(new, ensure_ascii=False)
        for (start, end), new in sorted(edits.items(), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def __call__(self, lines: Iterable[Line], source: str = "-") -> Iterator[Line]:
        parts: list[str] = []  # the pieces of a long record (Line.cont) so far
        for line in lines:
            if line.cont:
                parts.append(line.text)
                continue
            if parts:
                parts.append(line.text)
                line.text = "".join(parts)
                parts = []
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
