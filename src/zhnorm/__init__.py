r"""zhnorm: turn messy Chinese text into clean UTF-8 in one chosen script.

    >>> import zhnorm
    >>> zhnorm.normalize("生態(tài)文明建設(shè)")
    '生态文明建设'
    >>> zhnorm.normalize("软件", to="tw")
    '軟體'
    >>> zhnorm.normalize_bytes("頭髮乾燥".encode("big5"))
    '头发干燥\n'
    >>> [(e.stage, e.line, e.reason) for e in zhnorm.explain("甘孜日?qǐng)?bào)").events]
    [('unrender', 1, 'damaged spans repaired'), ('unrender', 1, 'annotations stripped'), ('convert', 1, 't2s')]

The pipeline runs decode, repair, unrender, convert, clean and tidy, in that order;
see `Pipeline` and `Options`. `zhnorm.ray` applies it to a Ray Dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .options import STAGES, Options
from .pipeline import Pipeline
from .stage import Event, Line

__version__ = "0.1.0"
__all__ = [
    "normalize",
    "normalize_bytes",
    "normalize_bytes_ex",
    "BytesResult",
    "explain",
    "Explanation",
    "Pipeline",
    "Options",
    "Event",
    "Line",
    "STAGES",
    "__version__",
]


def normalize(text: str, *, skip=(), only=(), **options: Any) -> str:
    """Normalize a string with the same stages and options as the `normalize` command.

    `to` is the target script (hans, hant, tw, hk, keep); `skip`/`only` name stages;
    the other keywords are the fields of `Options` (punct, keep_annotations, rules,
    drop_garbled, strict, from_encoding). The result ends with a newline only if
    `text` did.

    >>> normalize("會(huì)議, 頭髮")
    '会议，头发'
    >>> normalize("會(huì)議", skip=["unrender", "tidy"], to="keep")
    '會(huì)議'
    """
    return Pipeline(Options.build(skip=skip, only=only, **options)).normalize(text)


def normalize_bytes(data: bytes, *, skip=(), only=(), **options: Any) -> str:
    r"""Detect the encoding of `data` (BOM, UTF-8, GBK/GB18030, Big5, UTF-16, ...),
    decode it and normalize it. The result is the command's output, as a string.

    >>> normalize_bytes("我们的中文".encode("utf-16-le"))
    '我们的中文\n'
    """
    return normalize_bytes_ex(data, skip=skip, only=only, **options).text


@dataclass(frozen=True)
class BytesResult:
    """What `normalize_bytes_ex` found and did: the text, the encoding it was read in, how
    that was settled (bom, utf-8, scored, given, ...) and how sure (`margin`: how far the
    chosen reading scored ahead of the next one; None when not scored, such as a BOM or
    valid UTF-8), invalid bytes written as U+FFFD, lines in, and what each stage counted."""

    text: str
    encoding: str | None
    detected_by: str | None
    margin: float | None
    invalid_bytes: int
    lines: int
    counts: dict[str, dict[str, int]]


def normalize_bytes_ex(data: bytes, *, skip=(), only=(), **options: Any) -> BytesResult:
    r"""`normalize_bytes`, with what decode detected and what each stage counted.

    >>> r = normalize_bytes_ex("頭髮乾燥，會議開始了。".encode("big5"))
    >>> r.text, r.encoding, r.detected_by, r.counts["convert"]
    ('头发干燥，会议开始了。\n', 'big5hkscs', 'scored', {'t2s': 1})
    """
    import io

    from .decode import Decoder

    opts = Options.build(skip=skip, only=only, **options)
    pipeline = Pipeline(opts)
    decoder = Decoder(opts.from_encoding, opts.strict)
    lines = pipeline.run_bytes(io.BytesIO(data), decoder=decoder)
    text = "".join(line.text + ("" if line.cont else "\n") for line in lines)
    found = decoder.detection
    return BytesResult(
        text,
        found.encoding if found else None,
        found.reason if found else None,
        found.margin if found else None,
        decoder.tracker.replaced,
        decoder.lines,
        {stage: dict(c) for stage, c in pipeline.totals.items()},
    )


@dataclass(frozen=True)
class Explanation:
    """The normalized text and every change that made it (stage, line, before, after)."""

    text: str
    events: list[Event]


def explain(text: str, *, skip=(), only=(), **options: Any) -> Explanation:
    r"""Normalize `text` and say what each stage changed, line by line.

    >>> result = explain("頭髮\n您所在的位置：首頁 > 新聞")
    >>> result.text
    '头发'
    >>> [(e.stage, e.line, e.before, e.after, e.reason) for e in result.events]
    [('convert', 1, '頭髮', '头发', 't2s'), ('convert', 2, '您所在的位置：首頁 > 新聞', '您所在的位置：首页 > 新闻', 't2s'), ('clean', 2, '您所在的位置：首页 > 新闻', None, 'breadcrumb')]
    """
    pipeline = Pipeline(Options.build(skip=skip, only=only, **options), explain=True)
    out = pipeline.normalize(text)
    return Explanation(out, list(pipeline.events or []))
