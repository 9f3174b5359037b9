"""Compressed inputs and outputs: gzip, bzip2, xz and zstd, streamed.

An input is compressed when its first bytes say so (its magic number), whatever its
name, so standard input is recognized as files are; an output is compressed as its
name says (`-o out.jsonl.zst`), and `-i` writes a file back with the compression it
had. Reading and writing go through the streaming decompressors and compressors of
the standard library (gzip, bz2, lzma) and of `zstandard`, a block at a time, so memory
stays bounded as for plain files. zstandard is imported only when a zstd stream is met.
"""

from __future__ import annotations

import re
from typing import BinaryIO

#: compression by name, for outputs
SUFFIXES = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd"}
#: what a name ends with, for each compression
SUFFIX_OF = {kind: suffix for suffix, kind in SUFFIXES.items()}

#: magic numbers; bzip2's "BZh" + level is followed by a block's (or the end's) magic,
#: so that a text starting with "BZh" is not taken for it
_MAGIC = re.compile(
    rb"(?P<gzip>\x1f\x8b\x08)|(?P<xz>\xfd7zXZ\x00)|(?P<zstd>\x28\xb5\x2f\xfd)"
    rb"|(?P<bzip2>BZh[1-9](\x31\x41\x59\x26\x53\x59|\x17\x72\x45\x38\x50\x90))"
)
HEAD = 10  # bytes needed to tell

#: compression levels of the outputs: each tool's own default (gzip -6, bzip2 -9,
#: xz -6, zstd -3)
LEVELS = {"gzip": 6, "bzip2": 9, "xz": 6, "zstd": 3}


class CompressedError(OSError):
    """Compressed data that cannot be decompressed (corrupt or cut short)."""


def sniff(head: bytes) -> str | None:
    """The compression the first bytes of a stream say, or None."""
    m = _MAGIC.match(head)
    return m.lastgroup if m else None


def by_name(name: str) -> str | None:
    """The compression a file name says (a.txt.gz -> gzip), or None."""
    lower = name.lower()
    for suffix, kind in SUFFIXES.items():
        if lower.endswith(suffix):
            return kind
    return None


def of_file(path: str) -> str | None:
    """The compression of a file, by its first bytes (None: plain, or unreadable)."""
    try:
        with open(path, "rb") as f:
            return sniff(f.read(HEAD))
    except OSError:
        return None


class _Prefixed:
    """A stream whose first bytes were read already (to sniff them): those, then the rest."""

    def __init__(self, head: bytes, raw: BinaryIO) -> None:
        self.head = head
        self.raw = raw

    def read(self, n: int = -1) -> bytes:
        if self.head:
            if n is None or n < 0:
                data, self.head = self.head + self.raw.read(), b""
                return data
            data, self.head = self.head[:n], self.head[n:]
            if len(data) < n:
                data += self.raw.read(n - len(data))
            return data
        return self.raw.read(n)

    def close(self) -> None:
        self.raw.close()


class Decompressed:
    """The decompressed bytes of a stream; a damaged stream raises CompressedError."""

    def __init__(self, kind: str, raw, close_raw: bool) -> None:
        self.kind = kind
        self.raw = raw
        self.close_raw = close_raw
        if kind == "gzip":
            import gzip

            self.stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif kind == "bzip2":
            import bz2

            self.stream = bz2.BZ2File(raw, "rb")
        elif kind == "xz":
            import lzma

            self.stream = lzma.LZMAFile(raw, "rb")
        else:
            self.stream = _Zstd(raw)

    def read(self, n: int = -1) -> bytes:
        try:
            return self.stream.read(n)
        except CompressedError:
            raise
        except (OSError, EOFError, ValueError, RuntimeError) as e:  # zlib/lzma/zstd errors included
            raise CompressedError(f"not valid {self.kind} data ({_why(e)})") from None
        except Exception as e:
            if type(e).__name__ in ("ZstdError", "LZMAError", "error"):
                raise CompressedError(f"not valid {self.kind} data ({_why(e)})") from None
            raise

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            if self.close_raw:
                self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Zstd:
    """zstd frames one after another, decompressed a block at a time; a stream that ends
    inside a frame is an error (zstandard's stream reader ends there quietly)."""

    BLOCK = 32 * 1024

    def __init__(self, raw) -> None:
        import zstandard

        self.new = zstandard.ZstdDecompressor().decompressobj
        self.raw = raw
        self.obj = None  # the frame being decompressed
        self.pending = b""  # compressed bytes not fed yet (the start of the next frame)
        self.out = b""  # decompressed, from self.pos on not read yet
        self.pos = 0
        self.done = False

    def read(self, n: int = -1) -> bytes:
        whole = n is None or n < 0
        while not self.done and (whole or len(self.out) - self.pos < n):
            data = self.pending or self.raw.read(self.BLOCK)
            self.pending = b""
            if not data:
                if self.obj is not None:
                    raise EOFError("it ends inside a frame")
                self.done = True
                break
            if self.obj is None:
                self.obj = self.new()
            more = self.obj.decompress(data)
            if more:
                self.out = self.out[self.pos:] + more
                self.pos = 0
            if self.obj.eof:
                self.pending = self.obj.unused_data
                self.obj = None
        end = len(self.out) if whole else self.pos + n
        data = self.out[self.pos:end]
        self.pos += len(data)
        return data

    def close(self) -> None:
        pass


def _why(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text[0].lower() + text[1:]


def reader(raw: BinaryIO, close_raw: bool = True):
    """`raw`, or its decompressed bytes when its first bytes are those of a compressed
    stream. A seekable plain file comes back as it is, where it was."""
    try:
        start = raw.tell() if raw.seekable() else None
    except (OSError, AttributeError, ValueError):
        start = None
    head = b""
    while len(head) < HEAD:  # a pipe may give fewer bytes a read
        more = raw.read(HEAD - len(head))
        if not more:
            break
        head += more
    kind = sniff(head)
    if kind is None:
        if start is not None:
            try:
                raw.seek(start)
                return raw
            except (OSError, ValueError):
                pass
        return _Prefixed(head, raw) if close_raw else _Unclosed(_Prefixed(head, raw))
    return Decompressed(kind, _Prefixed(head, raw), close_raw)


class _Unclosed:
    """A stream whose close() leaves the underlying one open (standard input)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def read(self, n: int = -1) -> bytes:
        return self.stream.read(n)

    def close(self) -> None:
        pass


class Compressing:
    """Writes `sink` compressed with `kind`; `finish()` ends the stream (not the sink)."""

    def __init__(self, kind: str, sink) -> None:
        self.kind = kind
        level = LEVELS[kind]
        if kind == "gzip":
            import gzip

            # no name and no time in the header: the same text gives the same bytes
            self.stream = gzip.GzipFile(filename="", fileobj=sink, mode="wb", compresslevel=level, mtime=0)
        elif kind == "bzip2":
            import bz2

            self.stream = bz2.BZ2File(sink, "wb", compresslevel=level)
        elif kind == "xz":
            import lzma

            self.stream = lzma.LZMAFile(sink, "wb", preset=level)
        else:
            import zstandard

            self.stream = zstandard.ZstdCompressor(level=level).stream_writer(sink, closefd=False)

    def write(self, data: bytes) -> int:
        self.stream.write(data)
        return len(data)

    def finish(self) -> None:
        self.stream.close()
