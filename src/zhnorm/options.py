"""`Options`: one frozen dataclass, one field per switch.

The CLI, the Python API and the JSON Lines mode all build one of these and hand it
to a `Pipeline`; none of them re-implements a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

#: The stages in the order they run. `decode` turns bytes into lines and always runs
#: when the input is bytes; the others can be skipped.
STAGES = ("decode", "repair", "unrender", "convert", "clean", "tidy")
LINE_STAGES = STAGES[1:]

#: --to value -> OpenCC configuration (None: no conversion), from any source
TARGETS = {
    "hans": "t2s",
    "hant": "s2t",
    "tw": "s2twp",
    "tw-chars": "s2tw",
    "hk": "s2hk",
    "keep": None,
}
#: --from value -> the configurations that differ from TARGETS': Taiwan and Hong Kong
#: text back to mainland simplified, phrases included (軟體 -> 软件). `auto` (what the
#: text is is found line by line, convert.py) and `hant` (Traditional: t2s) use TARGETS.
SOURCES = ("auto", "tw", "hk", "hant")
FROM_CONFIGS = {
    ("tw", "hans"): "tw2sp",
    ("hk", "hans"): "hk2s",
}


@dataclass(frozen=True)
class Options:
    """Every switch of the pipeline. Defaults are what `normalize` does with no option."""

    to: str = "hans"
    """Target script: hans (mainland simplified), hant, tw (phrases too), tw-chars, hk, or keep."""
    source: str = "auto"
    """What the text is written in: auto, tw, hk or hant (--from); tw and hk go with to='hans'."""
    stages: frozenset[str] = field(default_factory=lambda: frozenset(LINE_STAGES))
    """Which line stages run (decode always runs on byte input)."""
    from_encoding: str | None = None
    """Skip detection and decode with this codec."""
    strict: bool = False
    """Invalid bytes are an error instead of U+FFFD."""
    punct: str = "full"
    """tidy: 'full' makes , : ; ( ) ! ? next to Han full-width; 'keep' leaves them."""
    keep_annotations: bool = False
    """unrender: keep pinyin readings (still repair damaged spans)."""
    rules: tuple[str, ...] = ()
    """clean: extra rule files (TOML) added to the built-in ones."""
    drop_garbled: bool = False
    """repair: drop lines holding unrecoverable garbage such as 锟斤拷 or 烫烫烫."""
    format: str = "auto"
    """tidy: what the input is: text, csv, tsv, markdown, or auto (by the file name)."""

    def __post_init__(self) -> None:
        if self.to not in TARGETS:
            raise ValueError(f"to must be one of {', '.join(TARGETS)}, not {self.to!r}")
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")
        if self.source in ("tw", "hk") and self.to not in ("hans", "keep"):
            raise ValueError(f"--from {self.source} goes with --to hans (OpenCC {FROM_CONFIGS[(self.source, 'hans')]}), not --to {self.to}")
        unknown = set(self.stages) - set(LINE_STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s): {', '.join(sorted(unknown))}")
        if self.format not in ("auto", "text", "csv", "tsv", "markdown"):
            raise ValueError(f"format must be auto, text, csv, tsv or markdown, not {self.format!r}")
        if self.punct not in ("full", "keep"):
            raise ValueError(f"punct must be 'full' or 'keep', not {self.punct!r}")

    @property
    def opencc_config(self) -> str | None:
        return FROM_CONFIGS.get((self.source, self.to), TARGETS[self.to])

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)

    @classmethod
    def build(cls, *, skip=(), only=(), **kwargs) -> "Options":
        """Options from CLI-like arguments: stage names to skip, or the only ones to run."""
        for name in (*skip, *only):
            if name not in STAGES:
                raise ValueError(f"unknown stage {name!r}; stages are: {', '.join(STAGES)}")
        stages = set(only) & set(LINE_STAGES) if only else set(LINE_STAGES)
        stages -= set(skip)
        known = {f.name for f in fields(cls)}
        bad = set(kwargs) - known
        if bad:
            raise TypeError(f"unknown option(s): {', '.join(sorted(bad))}")
        return cls(stages=frozenset(stages), **kwargs)
