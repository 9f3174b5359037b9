"""The --report table: what each stage changed, on stderr."""

from __future__ import annotations

from .pipeline import Pipeline


def print_report(pipeline: Pipeline) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="zhnorm report", title_justify="left")
    table.add_column("stage")
    table.add_column("change")
    table.add_column("count", justify="right")
    for stage, counts in pipeline.totals.items():
        if stage != "decode" and stage not in pipeline.options.stages:
            table.add_row(stage, "(skipped)", "")
            continue
        if not counts:
            table.add_row(stage, "-", "0")
        for i, (what, n) in enumerate(sorted(counts.items(), key=lambda kv: -kv[1])):
            table.add_row(stage if i == 0 else "", what, f"{n:,}")
    Console(stderr=True).print(table)
