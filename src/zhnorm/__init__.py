"""zhnorm: turn messy Chinese text into clean UTF-8 in one chosen script.

    >>> import zhnorm
    >>> zhnorm.normalize("生態(tài)文明建設(shè)")
    '生态文明建设'
    >>> zhnorm.normalize("软件", to="tw")
    '軟體'

The pipeline runs decode, repair, unrender, convert, clean and tidy, in that order;
see `Pipeline` and `Options`.
"""

from __future__ import annotations

from typing import Any

from .options import STAGES, Options
from .pipeline import Pipeline
from .stage import Event, Line

__version__ = "0.1.0"
__all__ = ["normalize", "normalize_bytes", "Pipeline", "Options", "Event", "Line", "STAGES", "__version__"]


def normalize(text: str, *, skip=(), only=(), **options: Any) -> str:
    """Normalize a string with the same stages and options as the `normalize` command.

    `to` is the target script (hans, hant, tw, hk, keep); `skip`/`only` name stages.
    """
    return Pipeline(Options.build(skip=skip, only=only, **options)).normalize(text)


def normalize_bytes(data: bytes, *, skip=(), only=(), **options: Any) -> str:
    """Detect the encoding of `data`, decode it and normalize it."""
    import io

    pipeline = Pipeline(Options.build(skip=skip, only=only, **options))
    lines = [line.text for line in pipeline.run_bytes(io.BytesIO(data))]
    return "\n".join(lines) + "\n" if lines else ""
