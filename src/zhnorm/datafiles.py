"""The package's data files (data/), read as plain files beside this module.

`files("zhnorm.data")` (or `files("zhnorm")`) stands for `importlib.resources.files("zhnorm.data")` with the
few methods the stages use (`joinpath`, `open`, `read_text`, `read_bytes`): importing
importlib.resources costs about 50 M instructions (pathlib, tempfile, shutil, zipfile
at first use), most of a short run's loading. zhnorm is installed as files, so its data
is a directory next to its modules.
"""

from __future__ import annotations

import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
PLACES = {"zhnorm": PACKAGE, "zhnorm.data": os.path.join(PACKAGE, "data")}


class DataFile:
    """A file (or the directory) of data/."""

    def __init__(self, path: str) -> None:
        self.path = path

    def joinpath(self, *names: str) -> "DataFile":
        return DataFile(os.path.join(self.path, *names))

    def open(self, mode: str = "r", encoding: str | None = None):
        return open(self.path, mode, encoding=encoding)

    def read_text(self, encoding: str = "utf-8") -> str:
        with open(self.path, encoding=encoding) as f:
            return f.read()

    def read_bytes(self) -> bytes:
        with open(self.path, "rb") as f:
            return f.read()

    def is_file(self) -> bool:
        return os.path.isfile(self.path)

    def __fspath__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"DataFile({self.path!r})"


def files(package: str) -> DataFile:
    """The directory of `package`: zhnorm or zhnorm.data."""
    return DataFile(PLACES[package])
