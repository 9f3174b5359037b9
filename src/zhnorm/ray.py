"""Ray Data: normalize a text column of a Dataset on one machine or a cluster.

    import ray, zhnorm.ray
    ds = ray.data.read_json("s3://bucket/corpus/")          # JSON Lines, one record a line
    ds = zhnorm.ray.normalize_dataset(ds, column="text", to="hans")
    ds.write_json("s3://bucket/corpus-clean/")

Each record's field goes through the same pipeline as `normalize --jsonl --field text`
(one `Pipeline` per worker process, built on first use). Needs the `ray` extra:
`pip install 'zhnorm[ray]'`.
"""

from __future__ import annotations

from typing import Any

from .options import Options
from .pipeline import Pipeline

_pipelines: dict[Options, Pipeline] = {}


def _pipeline(options: Options) -> Pipeline:
    pipeline = _pipelines.get(options)
    if pipeline is None:
        pipeline = _pipelines[options] = Pipeline(options)
    return pipeline


class _Normalize:
    """The batch function: picklable, so Ray can ship it to its workers."""

    def __init__(self, column: str, options: Options) -> None:
        self.column = column
        self.options = options

    def __call__(self, batch: dict) -> dict:
        import numpy as np

        pipeline = _pipeline(self.options)
        values = batch[self.column]
        batch[self.column] = np.array([pipeline.normalize(v) if isinstance(v, str) else v for v in values], dtype=object)
        return batch


def normalize_dataset(ds: Any, column: str = "text", *, skip=(), only=(), batch_size: int = 256, **options: Any) -> Any:
    """A Ray Dataset with `column` normalized (the other columns as they were).

    Options are those of `zhnorm.normalize` (to, skip, only, punct, rules, ...).
    """
    opts = Options.build(skip=skip, only=only, **options)
    return ds.map_batches(_Normalize(column, opts), batch_format="numpy", batch_size=batch_size)
