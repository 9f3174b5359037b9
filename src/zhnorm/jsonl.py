"""JSON Lines: normalize string fields of each record, leave the rest as it was.

Each input line is one JSON value, read whole whatever its length (memory is bounded
by the longest record). The fields named by dotted paths (`text`, `meta.title`) are
normalized as documents of their own, with the same pipeline and options as text
files; the new strings are spliced into the record's own text, so every other byte
(numbers as written, escapes, key order, duplicate keys, spacing) stays as it was, and
a line none of whose fields changed is written back byte for byte. A list of strings
is normalized string by string. A field a record lacks is counted, not an error. A
line that is not valid JSON is an error (`on_error='fail'`: stop, the input is not
written back), is dropped (`'skip'`) or is kept unchanged (`'keep'`); a field that is
not a string is an error of that field alone (fail, or it is left as it is). Each is
reported as FILE:LINE: message.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .pipeline import Pipeline
from .stage import Line

ON_ERROR = ("fail", "skip", "keep")


class JsonlError(ValueError):
    """A record that cannot be normalized, with fail as the policy; `line` is its line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class FieldError(ValueError):
    """A field that is neither a string nor a list of strings (or is under a value that
    is not an object): that field is left as it is."""


@dataclass
class JsonlOptions:
    fields: tuple[str, ...] = ("text",)
    on_error: str = "fail"

    def __post_init__(self) -> None:
        if self.on_error not in ON_ERROR:
            raise ValueError(f"on_error must be one of {', '.join(ON_ERROR)}, not {self.on_error!r}")
        if not self.fields:
            raise ValueError("at least one field is needed")


_MISSING = object()
_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}


def _get(record, path: list[str]):
    """The value at `path`, _MISSING when a key on the way is absent or null; FieldError when the way goes through something that is not an object."""
    node = record
    for i, key in enumerate(path):
        if node is None:  # "meta": null holds no meta.title
            return _MISSING
        if not isinstance(node, dict):
            raise FieldError(f"field {'.'.join(path)!r}: {'.'.join(path[:i])!r} is not an object")
        if key not in node:
            return _MISSING
        node = node[key]
    return _MISSING if node is None else node


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
    """Normalize the fields of JSON Lines records with a pipeline.

    A field that is absent (or null) is not an error: the record is written with its
    other fields normalized, and `counts` says how many records lacked each field. A
    list of strings is normalized string by string. A field of another kind is an error
    of that field alone: with on_error 'fail' the input stops there; otherwise it is
    reported and left as it is, and the record's other fields are normalized. A line
    that is not JSON is an error of the record (fail, skip or keep it)."""

    def __init__(self, pipeline: Pipeline, options: JsonlOptions, say: Callable[[str], None] = lambda m: None) -> None:
        self.pipeline = pipeline
        self.options = options
        self.paths = [f.split(".") for f in options.fields]
        self.say = say
        self.problems = 0
        self.counts: Counter[str] = Counter()  # per file; added to the decode totals

    def record(self, text: str, on_field_error: Callable[[str], None] | None = None) -> str:
        """One record, normalized; raises ValueError for text that is not JSON, and
        FieldError for a field that is not a string (or a list of strings) unless
        `on_field_error` takes its message (then that field is left as it is)."""
        try:
            record = json.loads(text)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        if not isinstance(record, dict):
            raise ValueError(f"not a JSON object (a JSON {_KINDS.get(type(record), 'value')})")
        changes = []
        for path in self.paths:
            try:
                value = _get(record, path)
                if value is _MISSING:
                    self.counts[f"JSON Lines: records without {'.'.join(path)!r}"] += 1
                    continue
                if isinstance(value, str):
                    new = self.pipeline.normalize(value)
                    if new != value:
                        changes.append((path, None, new))
                elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                    for i, item in enumerate(value):
                        new = self.pipeline.normalize(item)
                        if new != item:
                            changes.append((path, i, new))
                else:
                    raise FieldError(f"field {'.'.join(path)!r} is not a string or a list of strings")
            except FieldError as e:
                if on_field_error is None:
                    raise
                on_field_error(str(e))
        if not changes:
            return text
        try:
            spanned = _SPANS.decode(text)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        edits = {}
        for path, index, new in changes:
            value = _get(spanned, path)
            if index is not None:
                value = value[index]
            edits[value.span] = json.dumps(new, ensure_ascii=False)
        for (start, end), new in sorted(edits.items(), reverse=True):
            text = text[:start] + new + text[end:]
        return text

    def __call__(self, lines: Iterable[Line], source: str = "-") -> Iterator[Line]:
        try:
            yield from self._records(lines, source)
        finally:
            self.pipeline.totals["decode"].update(self.counts)
            self.counts.clear()

    def _records(self, lines: Iterable[Line], source: str) -> Iterator[Line]:
        policy = self.options.on_error
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

            def field_error(message: str, no: int = line.no) -> None:
                self.problems += 1
                self.counts["JSON Lines: fields left as they were (not a string)"] += 1
                self.say(f"{source}:{no}: {message} (field kept as it is)")

            try:
                line.text = self.record(line.text, None if policy == "fail" else field_error)
            except (ValueError, RecursionError) as e:
                reason = _reason(e)
                self.problems += 1
                if policy == "fail":
                    raise JsonlError(reason, line.no) from None
                self.counts[f"JSON Lines: bad records ({'skipped' if policy == 'skip' else 'kept as they were'})"] += 1
                self.say(f"{source}:{line.no}: {reason} ({'skipped' if policy == 'skip' else 'kept as it is'})")
                if policy == "skip":
                    continue
            yield line


def _reason(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"not valid JSON ({e.msg} at column {e.colno})"
    return str(e)
