"""--stats FILE|-: what happened to each input, and in all, as JSON.

Everything here is read from what the stages already count (`Stage.counts`, summed into
`Pipeline.totals` when an input ends) and from what decode found (`Outcome`): an input's
figures are the totals after it less the totals before it. Nothing is re-derived from
the text. The shape follows what ruff's `--statistics --output-format json` (a list of
{code, count}, most frequent first) and charset-normalizer's JSON output (encoding, how
sure, per file) give:

    {"version": 1,
     "inputs": [{"file", "status", "encoding", "detected_by", "margin", "bytes",
                 "lines_in", "lines_out", "invalid_bytes", "changes": {stage: {reason: n}},
                 "dropped": {category: n}, "unrecoverable": n, ...}],
     "totals": {..., "encodings": {encoding: files}, "statistics": [{stage, reason, count}]}}
"""

from __future__ import annotations

import json
from collections import Counter

from .options import STAGES

VERSION = 1

#: reasons under which a stage drops whole lines (clean: every reason is a category)
DROPPING = {"clean": None, "repair": {"garbled lines dropped"}, "tidy": {"blank lines"}}
#: reasons under which a stage leaves something it could not mend
UNRECOVERABLE = {"repair": {"unrecoverable garbage kept"}, "unrender": {"damaged spans left as they are"}}
#: decode's counts that say how the input was read, not a change to it
_READING = ("read as ", "unsure: ")


class LineCounter:
    """A sink that counts the lines written through it (LF bytes: the output is UTF-8)."""

    def __init__(self, sink) -> None:
        self.sink = sink
        self.lines = 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.sink.write(data)

    def flush(self) -> None:
        flush = getattr(self.sink, "flush", None)
        if flush is not None:
            flush()


def _minus(after: dict[str, Counter], before: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    out = {}
    for stage, counts in after.items():
        old = before.get(stage, {})
        diff = {reason: n - old.get(reason, 0) for reason, n in counts.items() if n - old.get(reason, 0)}
        out[stage] = diff
    return out


def _summary(changes: dict[str, dict[str, int]]) -> tuple[dict, dict, int]:
    """(changes without decode's readings, dropped lines per category, unrecoverable spans)"""
    shown: dict[str, dict[str, int]] = {}
    dropped: Counter[str] = Counter()
    unrecoverable = 0
    for stage in STAGES:
        counts = changes.get(stage, {})
        shown[stage] = {r: n for r, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                        if not (stage == "decode" and r.startswith(_READING))}
        drops = DROPPING.get(stage, set())
        for reason, n in counts.items():
            if drops is None or reason in drops:
                dropped[reason] += n
            if reason in UNRECOVERABLE.get(stage, ()):
                unrecoverable += n
    return shown, dict(sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))), unrecoverable


class Stats:
    """Per-input figures of one run: `start` before an input, `finish` after it."""

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.inputs: list[dict] = []
        self._before: dict[str, dict[str, int]] = {}

    def start(self, sink) -> LineCounter:
        """Before an input: remember the totals; the sink to write its output through."""
        self._before = {stage: dict(counts) for stage, counts in self.pipeline.totals.items()}
        return LineCounter(sink)

    def finish(self, name: str, outcome, sink: LineCounter, compares: bool) -> None:
        changes = _minus(self.pipeline.totals, self._before)
        shown, dropped, unrecoverable = _summary(changes)
        record: dict = {"file": "-" if name == "-" else name, "status": "ok" if outcome is not None else "unreadable"}
        if outcome is not None:
            detection = getattr(outcome, "detection", None)
            record.update(
                encoding=outcome.encoding,
                detected_by=getattr(detection, "reason", None),
                # how far the chosen reading scored ahead of the next one (null: not scored)
                margin=None if getattr(detection, "margin", None) is None else round(detection.margin, 4),
                unsure=any(r.startswith("unsure: ") for r in changes.get("decode", {})),
                bytes=outcome.size,
                lines_in=outcome.lines,
                lines_out=sink.lines,
                invalid_bytes=outcome.replaced,
            )
            if compares:
                record["changed"] = outcome.changed
        if outcome is None:
            self.inputs.append(record)
            return
        record.update(
            changes=shown,
            changes_total=sum(sum(c.values()) for c in shown.values()),
            dropped=dropped,
            dropped_total=sum(dropped.values()),
            unrecoverable=unrecoverable,
        )
        self.inputs.append(record)

    def report(self) -> dict:
        ok = [r for r in self.inputs if r["status"] == "ok"]
        shown, dropped, unrecoverable = _summary({s: dict(c) for s, c in self.pipeline.totals.items()})
        statistics = [
            {"stage": stage, "reason": reason, "count": n}
            for stage, counts in shown.items()
            for reason, n in counts.items()
        ]
        statistics.sort(key=lambda s: (-s["count"], STAGES.index(s["stage"]), s["reason"]))

        def total(key: str):
            values = [r.get(key) for r in ok]
            return None if any(v is None for v in values) else sum(values)

        totals = {
            "files": len(self.inputs),
            "unreadable": len(self.inputs) - len(ok),
            "changed": sum(1 for r in ok if r.get("changed")) if any("changed" in r for r in ok) else None,
            "bytes": total("bytes"),
            "lines_in": total("lines_in"),
            "lines_out": total("lines_out"),
            "invalid_bytes": total("invalid_bytes"),
            "encodings": dict(Counter(r["encoding"] for r in ok).most_common()),
            "unsure": sum(1 for r in ok if r["unsure"]),
            "changes": shown,
            "changes_total": sum(sum(c.values()) for c in shown.values()),
            "dropped": dropped,
            "dropped_total": sum(dropped.values()),
            "unrecoverable": unrecoverable,
            "statistics": statistics,
        }
        return {"version": VERSION, "inputs": self.inputs, "totals": totals}


def write_stats(stats: Stats, path: str) -> None:
    """The report as JSON to `path` (written atomically) or to standard output ("-")."""
    import sys

    text = json.dumps(stats.report(), ensure_ascii=False, indent=2) + "\n"
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .files import write_file

    write_file(path, text.encode("utf-8"))


class ReportsError(ValueError):
    """A report option that cannot be honoured; `option` names it."""

    def __init__(self, message: str, option: str) -> None:
        super().__init__(message)
        self.option = option


class Reports:
    """The reports one run writes when it ends (--stats, --html-report), and the listener
    the HTML page needs to see every change."""

    def __init__(self, stats_path: str | None, html_path: str | None) -> None:
        self.stats_path = stats_path
        self.html_path = html_path
        self.collector = None
        if html_path:
            from .htmlreport import Collector

            self.collector = Collector()
        self.listeners = (self.collector,) if self.collector is not None else ()

    def stats(self, pipeline) -> Stats | None:
        if not self.stats_path and not self.html_path:
            return None
        self._stats = Stats(pipeline)
        return self._stats

    def write(self, runner) -> None:
        if runner.stats is None:
            return
        if self.html_path:
            from .htmlreport import write_html

            write_html(self.html_path, runner.stats.report(), self.collector)
        if self.stats_path:
            write_stats(runner.stats, self.stats_path)


def open_reports(stats_path: str | None, html_path: str | None, *, stdout_taken: bool) -> Reports:
    """The reports asked for, their paths checked before any input is read."""
    from .files import output_path

    if stats_path == "-" and stdout_taken:
        raise ReportsError("standard output holds the text (or the diff): give --stats a FILE, or use -o, -i or --check",
                           "--stats")
    for path in (stats_path, html_path):
        if path and path != "-":
            output_path(path)  # refuse a bad path (a symlink of another user, a folder) now
    if html_path == "-":
        raise ReportsError("give --html-report a FILE", "--html-report")
    return Reports(stats_path, html_path)
