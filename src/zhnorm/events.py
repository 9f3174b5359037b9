"""Where recorded changes go: --dropped (JSON Lines of dropped lines), --explain, and any
other listener (--html-report), and how a change is shown: its changed spans (`hunks`)
with a little context, not the whole line twice."""

from __future__ import annotations

import json
import sys
from typing import Callable, Iterable

from .stage import Event

#: characters of unchanged text shown on each side of a changed span
CONTEXT = 12
#: a before and after this short together are shown whole (both lines)
WHOLE = 80
#: a changed middle longer than this is not aligned character by character
ALIGN_MAX = 4000


def hunks(before: str, after: str, gap: int = 1) -> list[tuple[int, int, int, int]]:
    """The changed spans of `before` -> `after` as (b0, b1, a0, a1): before[b0:b1] became
    after[a0:a1]; spans at most `gap` unchanged characters apart are one span.

    >>> hunks("我看著書，他看著報", "我看着书，他看着报")
    [(2, 4, 2, 4), (7, 9, 7, 9)]
    >>> hunks("会(huì)议", "会议")
    [(1, 6, 1, 1)]
    """
    n = min(len(before), len(after))
    p = 0
    while p < n and before[p] == after[p]:
        p += 1
    s = 0
    while s < n - p and before[-1 - s] == after[-1 - s]:
        s += 1
    b_end, a_end = len(before) - s, len(after) - s
    mid_b, mid_a = before[p:b_end], after[p:a_end]
    if not mid_b and not mid_a:
        return []
    raw: list[tuple[int, int, int, int]]
    if len(mid_b) == len(mid_a):  # one for one (a conversion, a width change): position by position
        raw = [(p + i, p + i + 1, p + i, p + i + 1) for i, (x, y) in enumerate(zip(mid_b, mid_a)) if x != y]
    elif max(len(mid_b), len(mid_a)) <= ALIGN_MAX:
        from difflib import SequenceMatcher

        ops = SequenceMatcher(None, mid_b, mid_a, autojunk=False).get_opcodes()
        raw = [(p + i0, p + i1, p + j0, p + j1) for tag, i0, i1, j0, j1 in ops if tag != "equal"]
    else:
        raw = [(p, b_end, p, a_end)]
    merged = [raw[0]]
    for b0, b1, a0, a1 in raw[1:]:
        pb0, pb1, pa0, pa1 = merged[-1]
        if b0 - pb1 <= gap:
            merged[-1] = (pb0, b1, pa0, a1)
        else:
            merged.append((b0, b1, a0, a1))
    return merged


def _clip(text: str, limit: int = WHOLE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def segments(before: str, after: str, context: int = CONTEXT, limit: int = 4 * WHOLE) -> tuple[int, list[str], int]:
    """(column of the first change, 1-based; [unchanged, old, new, unchanged, old, new, ...,
    unchanged], each unchanged piece at most 2 * `context` characters with "…" where some
    was left out; how many changes were left out past about `limit` characters).

    >>> segments("這是一段很長的新聞正文，我看著書。後面還有很多文字，", "這是一段很長的新聞正文，我看着書。後面還有很多文字，", 4)
    (15, ['…文，我看', '著', '着', '書。後面…'], 0)
    """
    found = hunks(before, after)
    if not found:
        return 0, [], 0
    out: list[str] = []
    size = 0
    end = 0  # of the previous span, in before
    more = 0
    for k, (b0, b1, a0, a1) in enumerate(found):
        if size > limit:
            more = len(found) - k
            break
        gap = b0 - end
        if gap <= 2 * context:
            out.append(before[end:b0])
        else:
            out.append((before[end : end + context] if end else "") + "…" + before[b0 - context : b0])
        old, new = _clip(before[b0:b1]), _clip(after[a0:a1])
        out += [old, new]
        size += len(old) + len(new) + min(gap, 2 * context)
        end = b1
    tail = before[end:]
    out.append(tail if len(tail) <= context and not more else tail[:context] + "…")
    return found[0][0] + 1, out, more


def marked(before: str, after: str, context: int = CONTEXT, limit: int = 4 * WHOLE) -> tuple[int, str]:
    """(column of the first change, 1-based; the changes inline as [old -> new], with
    `context` unchanged characters around each, "…" for what is left out), at most about
    `limit` characters, then how many changes were not shown.

    >>> marked("這是一段很長的新聞正文，我看著書。後面還有很多文字，", "這是一段很長的新聞正文，我看着書。後面還有很多文字，", 4)
    (15, '…文，我看[著 -> 着]書。後面…')
    """
    column, parts, more = segments(before, after, context, limit)
    if not parts:
        return 0, ""
    text = [parts[0]]
    for i in range(1, len(parts) - 1, 3):
        text.append(f"[{parts[i]} -> {parts[i + 1]}]{parts[i + 2]}")
    if more:
        text.append(f" ({more} more)")
    return column, "".join(text)


def explain_lines(event: Event, context: int = CONTEXT) -> Iterable[str]:
    """What --explain prints for one change: FILE:LINE: stage: reason: and, for a short
    line, the line before and after; for a longer one, FILE:LINE:COLUMN (of the first
    change, 1-based) and the changed spans inline with `context` characters around
    each (`marked`), so that one changed character in a long line costs one short line."""
    head = f"{event.source}:{event.line}"
    if event.after is None:
        yield f"{head}: {event.stage}: {event.reason}: {_clip(event.before)!r} -> (dropped)"
        return
    before, after = event.before, event.after
    if len(before) + len(after) <= WHOLE:
        yield f"{head}: {event.stage}: {event.reason}: {before!r} -> {after!r}"
        return
    column, text = marked(before, after, context)
    if not text:  # counted without a visible change (spans left as they are)
        yield f"{head}: {event.stage}: {event.reason}: {_clip(before)!r}"
        return
    yield f"{head}:{column}: {event.stage}: {event.reason}: {text}"


class EventWriter:
    """A listener for `Pipeline`: writes dropped lines to a file and/or every change to stderr.

    The --dropped file is written beside its place, from the first dropped line on, and
    renamed over it when the run ends (`close`), never through a symlink of another user
    nor onto anything but a regular file: a run that drops nothing, or that is
    interrupted, leaves it as it was, and a reader never sees it half written."""

    def __init__(self, dropped: str | None = None, explain: bool = False,
                 also: tuple[Callable[[Event], None], ...] = ()) -> None:
        self.path = dropped
        self.dropped = None  # the open file, once a line was dropped
        self.explain = explain
        self.also = also  # other listeners (--html-report's collector), called in turn

    @classmethod
    def open(cls, dropped: str | None = None, explain: bool = False,
             also: tuple[Callable[[Event], None], ...] = ()) -> "EventWriter | None":
        if not dropped and not explain and not also:
            return None
        if dropped:
            from .files import output_path

            output_path(dropped)  # refuse a bad path before any input is read
            if not _is_dropped_file(dropped):
                raise ValueError(f"{dropped} is not a --dropped file (JSON Lines); remove it first")
        return cls(dropped, explain, also)

    def __call__(self, event: Event) -> None:
        if self.path is not None and event.after is None and event.stage == "clean":
            record = {"file": event.source, "line": event.line, "category": event.reason, "text": event.before}
            try:
                if self.dropped is None:
                    from .files import AtomicFile, output_path

                    self.dropped = AtomicFile(output_path(self.path))
                self.dropped.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
            except OSError as e:
                from .files import OutputError

                path, self.path = self.path, None  # said once: close() has nothing more to say
                self.close(keep=False)
                raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
        if self.explain:
            try:
                sys.stderr.write("".join(line + "\n" for line in explain_lines(event)))
            except OSError as e:  # not an input's read error: the run stops, exit 5
                from .files import OutputError

                raise OutputError(f"cannot write standard error: {e.strerror or e}") from None
        for listener in self.also:
            listener(event)

    def close(self, keep: bool = True) -> str | None:
        """Put the --dropped file in its place (`keep`), or give it up (an interrupted run);
        what went wrong writing its last lines (a full disk), as the one line to say, or
        None. Either way the file that was there before is whole: the old or the new."""
        if self.dropped is None:
            return None
        dropped, self.dropped = self.dropped, None
        if not keep:
            dropped.discard()
            return None
        try:
            dropped.commit()  # gives the temporary up when it fails
        except OSError as e:
            return f"cannot write {self.path}: {e.strerror or e}"
        return None


def _is_dropped_file(path: str) -> bool:
    """Whether `path` may be overwritten as a --dropped file: missing, empty, or written
    by --dropped before (`normalize -i --dropped corpus/*.txt` must not empty a text)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(RECORD_START))
    except FileNotFoundError:
        return True
    except OSError:
        return True  # opening it for writing will say why
    return not head or head == RECORD_START


RECORD_START = b'{"file": '
