"""A datatrove pipeline step: every document's text (and, if asked, string metadata
fields) through zhnorm, as `normalize --jsonl --field text --field NAME` does.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from zhnorm import Options
    from zhnorm.datatrove import ZhnormNormalizer

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        ZhnormNormalizer(Options(to="hans"), metadata_fields=("title",)),
        JsonlWriter("clean/"),
    ], tasks=4, logging_dir="logs/").run()

Each change is counted in datatrove's stats as `STAGE/REASON` (per document, so its
stats show totals, means and maxima), with `changed` for the documents whose text
changed; a document whose text is empty once normalized is dropped and counted as
`dropped` (as datatrove's filters count). The step pickles with its `Options` alone, so
datatrove runs it the same on Slurm and Ray. Needs `pip install zhnorm[datatrove]`;
`normalize` itself never imports datatrove.
"""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from .options import Options
from .pipeline import Pipeline


class ZhnormNormalizer(PipelineStep):
    """Normalize `document.text` (and the string `metadata_fields`) with `options`; drop
    documents that become empty (`drop_empty`)."""

    name = "zhnorm"
    type = "✂️ - FORMAT"

    def __init__(self, options: Options | None = None, metadata_fields: tuple[str, ...] = (), drop_empty: bool = True) -> None:
        super().__init__()
        self.options = options or Options()
        self.metadata_fields = tuple(metadata_fields)
        self.drop_empty = drop_empty

    def _normalize(self, text: str) -> str:
        pipeline = Pipeline(self.options)  # fresh counts for this text alone
        out = pipeline.normalize(text)
        for stage, counts in pipeline.totals.items():
            for reason, n in counts.items():
                if n:
                    self.stat_update(f"{stage}/{reason}", value=n)
        return out

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                text = self._normalize(document.text)
                for name in self.metadata_fields:
                    value = document.metadata.get(name)
                    if isinstance(value, str):
                        document.metadata[name] = self._normalize(value)
            if text != document.text:
                self.stat_update("changed")
            if self.drop_empty and not text.strip():
                self.stat_update(StatHints.dropped)
                continue
            document.text = text
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(document)
            yield document


__all__ = ["ZhnormNormalizer"]
