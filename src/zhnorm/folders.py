"""Folders named on the command line, walked as black and ruff walk theirs.

A folder is walked in sorted order, recursively; hidden entries (a name starting with a
dot: `.git`, `.venv`, `.cache`, ...) are skipped, and so is whatever a `.gitignore`
ignores: those of the repository the folder is in (from its root down to the folder)
and those inside it, each applying below its own folder, a deeper one overriding. A
file is taken by its kind: text (`.txt .md .csv .tsv`) or JSON Lines (`.jsonl
.ndjson`), compressed or not (`.gz .bz2 .xz .zst`); `--include GLOB` replaces these
kinds, `--exclude GLOB` leaves out files and whole folders. Globs are gitignore
patterns (`*.txt` anywhere, `docs/*.md` from the folder named, `build/` a folder),
matched against the path below the folder named. A file named on the command line is
always taken, whatever its kind and the globs.
"""

from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

#: the kinds of file a folder walk takes
TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: compression by name (the bytes say it too: compress.py)
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")


def plain_name(name: str) -> str:
    """The name without its compression suffix: a.jsonl.gz -> a.jsonl."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def is_jsonl_name(name: str) -> bool:
    """Whether a file is JSON Lines by its name (.jsonl, .ndjson, compressed or not)."""
    return plain_name(name).lower().endswith(JSONL_SUFFIXES)


def _spec(lines: Iterable[str]):
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(lines))


class Walker:
    """Turns the names given into the files to process (folders expanded)."""

    def __init__(self, include: Iterable[str] = (), exclude: Iterable[str] = (),
                 on_error: Callable[[str, str], None] = lambda path, message: None) -> None:
        include, exclude = list(include), list(exclude)
        self.include = _spec(include) if include else None
        self.exclude = _spec(exclude) if exclude else None
        self.on_error = on_error

    def expand(self, names: Iterable[str]) -> Iterator[str]:
        for name in names:
            if name != "-" and os.path.isdir(name):
                yield from self.walk(name)
            else:
                yield name

    def walk(self, top: str) -> Iterator[str]:
        ignores = list(_inherited(top))
        yield from self._walk(top, "", ignores)

    def _walk(self, top: str, rel: str, ignores: list) -> Iterator[str]:
        folder = os.path.join(top, rel) if rel else top
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            self.on_error(folder, e.strerror or str(e))
            return
        own = _read_gitignore(os.path.join(folder, ".gitignore"))
        if own is not None:
            ignores = [*ignores, (os.path.abspath(folder), own)]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(rel, entry.name) if rel else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()  # a symlink to a file counts as the file
            except OSError:
                continue
            if is_dir:
                if self._ignored(entry.path, ignores, folder=True) or self._excluded(path + "/"):
                    continue
                yield from self._walk(top, path, ignores)
            elif is_file:
                if self._ignored(entry.path, ignores, folder=False) or self._excluded(path):
                    continue
                if self._wanted(path):
                    yield os.path.join(top, path)

    @staticmethod
    def _ignored(path: str, ignores: list, folder: bool) -> bool:
        verdict = None
        full = os.path.abspath(path)
        for base, spec in ignores:  # from the outermost .gitignore in: the last verdict wins
            rel = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if folder else "")
            include = spec.check_file(rel).include
            if include is not None:
                verdict = include
        return bool(verdict)

    def _excluded(self, rel: str) -> bool:
        return self.exclude is not None and self.exclude.match_file(rel.replace(os.sep, "/"))

    def _wanted(self, rel: str) -> bool:
        if self.include is not None:
            return self.include.match_file(rel.replace(os.sep, "/"))
        lower = plain_name(rel).lower()
        return lower.endswith(TEXT_SUFFIXES) or lower.endswith(JSONL_SUFFIXES)


def _read_gitignore(path: str):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return _spec(f.read().splitlines())
    except OSError:
        return None


def _inherited(top: str):
    """The .gitignore files above `top` that apply to it: from the root of the
    repository holding it (the nearest folder above with a .git) down to top's parent;
    none when top is in no repository."""
    here = os.path.abspath(top)
    if os.path.exists(os.path.join(here, ".git")):
        return  # top is the root itself
    chain = []
    folder = os.path.dirname(here)
    while True:
        chain.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return  # no repository above: only the folder's own .gitignore files count
        folder = parent
    for folder in reversed(chain):
        spec = _read_gitignore(os.path.join(folder, ".gitignore"))
        if spec is not None:
            yield folder, spec
