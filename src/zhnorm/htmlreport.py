"""--html-report FILE: one self-contained page of what a run changed.

A summary per stage and per file (the --stats figures), then every change side by side,
before and after, the changed characters marked, with file, line, stage and reason, and
every dropped line with its category; filters by stage, file and kind, a page of rows at
a time. Nothing is fetched: the data is embedded as JSON and rendered by the page's own
small script (rows are built only for the page shown, so a report of many thousand
changes opens at once).

Memory: the `Collector` keeps each change as its changed spans with a little context
(`events.segments`), never whole lines or files, and at most `CAP` of them; the figures
(from `Stats`) stay complete and the page says how many changes were left out.
"""

from __future__ import annotations

import html
import json

from .events import segments
from .options import STAGES
from .stage import Event

#: changes and dropped lines kept for the page; past it only counted
CAP = 20_000
#: characters of a dropped line kept
DROPPED_CHARS = 200


class Collector:
    """A `Pipeline` listener that keeps what the page shows of each change."""

    def __init__(self, cap: int = CAP) -> None:
        self.cap = cap
        self.files: dict[str, int] = {}
        self.rows: list[list] = []  # [file, line, stage, reason, column, segments | None, dropped text]
        self.left_out = 0

    def __call__(self, event: Event) -> None:
        if len(self.rows) >= self.cap:
            self.left_out += 1
            return
        f = self.files.setdefault(event.source, len(self.files))
        stage = STAGES.index(event.stage)
        if event.after is None:
            text = event.before if len(event.before) <= DROPPED_CHARS else event.before[: DROPPED_CHARS - 1] + "…"
            self.rows.append([f, event.line, stage, event.reason, 0, None, text])
            return
        column, parts, more = segments(event.before, event.after)
        if not parts:  # counted, nothing visible changed (a damaged span left as it is)
            parts = [event.before if len(event.before) <= DROPPED_CHARS else event.before[:DROPPED_CHARS] + "…"]
        if more:
            parts[-1] += f" ({more} more changes)"
        self.rows.append([f, event.line, stage, event.reason, column, parts, None])


def page(report: dict, collector: Collector) -> str:
    """The HTML page: the template with the data in it."""
    data = {
        "stages": list(STAGES),
        "files": list(collector.files),
        "rows": collector.rows,
        "left_out": collector.left_out,
        "cap": collector.cap,
        "stats": report,
    }
    # every "<" as \u003c (the same string to JSON): nothing in the data can end the
    # script element or open a comment in it
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    title = "zhnorm report"
    if len(report["inputs"]) == 1:
        title += " · " + report["inputs"][0]["file"]
    return TEMPLATE.replace("@TITLE@", html.escape(title)).replace("@DATA@", blob)


def write_html(path: str, report: dict, collector: Collector) -> None:
    from .files import write_file

    write_file(path, page(report, collector).encode("utf-8"))


TEMPLATE = r"""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>@TITLE@</title>
<style>
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 1.2em 2em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.4em; margin: 0 0 .2em; } h2 { font-size: 1.1em; margin: 1.4em 0 .4em; }
.muted { color: #666; }
table { border-collapse: collapse; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f7; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
#changes { width: 100%; table-layout: fixed; }
#changes td.where { width: 15em; word-break: break-all; } #changes td.what { width: 13em; }
#changes td.text { white-space: pre-wrap; word-break: break-all; }
del { background: #ffd7d5; color: #82071e; text-decoration: none; border-radius: 2px; }
ins { background: #ccffd8; color: #055d20; text-decoration: none; border-radius: 2px; }
tr.dropped td.text { color: #82071e; background: #fff5f5; }
.stage { display: inline-block; padding: 0 6px; border-radius: 8px; background: #eef; font-size: 12px; }
.bar { background: #4b7bec; height: 10px; display: inline-block; vertical-align: middle; }
#filters { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #ddd; }
#filters label { margin-right: 1em; } select, button { font: inherit; }
.grid { display: flex; gap: 2.5em; flex-wrap: wrap; align-items: flex-start; }
</style>
</head>
<body>
<h1>zhnorm report</h1>
<p class="muted" id="overview"></p>
<div class="grid">
<div><h2>Changes per stage</h2><table id="summary"><thead><tr><th>stage</th><th>reason</th><th>count</th><th></th></tr></thead><tbody></tbody></table></div>
<div><h2>Files</h2><table id="files"><thead><tr><th>file</th><th>encoding</th><th>lines in</th><th>lines out</th><th>changes</th><th>dropped</th></tr></thead><tbody></tbody></table></div>
</div>
<h2>Every change</h2>
<div id="filters">
<label>stage <select id="f-stage"><option value="">all</option></select></label>
<label>file <select id="f-file"><option value="">all</option></select></label>
<label>kind <select id="f-kind"><option value="">all</option><option value="changed">changed lines</option><option value="dropped">dropped lines</option></select></label>
<button id="prev">&larr;</button> <span id="shown"></span> <button id="next">&rarr;</button>
<span id="left-out" class="muted"></span>
</div>
<table id="changes"><thead><tr><th>file:line</th><th>stage: reason</th><th>before</th><th>after</th></tr></thead><tbody></tbody></table>
<script type="application/json" id="data">@DATA@</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const PAGE = 200;
const $ = (id) => document.getElementById(id);
function el(tag, text, cls) { const e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
function row(cells) { const tr = el("tr"); for (const c of cells) tr.appendChild(c); return tr; }
const T = D.stats.totals;
$("overview").textContent = `${T.files} file(s), ${T.lines_in ?? "?"} lines in, ${T.lines_out ?? "?"} lines out; ` +
  `${T.changes_total} changes, ${T.dropped_total} lines dropped, ${T.unrecoverable} spans left unrecoverable.`;
const max = Math.max(1, ...T.statistics.map((s) => s.count));
for (const stage of D.stages) {
  const counts = Object.entries(T.changes[stage] || {});
  if (!counts.length) counts.push(["-", 0]);
  counts.forEach(([reason, n], i) => {
    const bar = el("td"); const b = el("span", null, "bar"); b.style.width = (120 * n / max) + "px"; bar.appendChild(b);
    $("summary").tBodies[0].appendChild(row([el("td", i ? "" : stage), el("td", reason), el("td", n.toLocaleString(), "n"), bar]));
  });
}
for (const f of D.stats.inputs) {
  const enc = f.status === "ok" ? f.encoding + (f.margin != null ? ` (margin ${f.margin})` : "") : f.status;
  $("files").tBodies[0].appendChild(row([el("td", f.file), el("td", enc), el("td", f.lines_in ?? "", "n"),
    el("td", f.lines_out ?? "", "n"), el("td", f.changes_total ?? "", "n"), el("td", f.dropped_total ?? "", "n")]));
}
D.stages.forEach((s) => { const o = el("option", s); o.value = s; $("f-stage").appendChild(o); });
D.files.forEach((f, i) => { const o = el("option", f); o.value = String(i); $("f-file").appendChild(o); });
if (D.left_out) $("left-out").textContent = `(${D.left_out} more changes were counted but not kept: the report keeps ${D.cap})`;
function want() {  // the view is in the address (#stage=clean&file=0&kind=dropped&page=2): shareable, and back works
  const q = new URLSearchParams(location.hash.slice(1));
  return { stage: q.get("stage") || "", file: q.get("file") || "", kind: q.get("kind") || "", page: Math.max(1, Number(q.get("page")) || 1) - 1 };
}
function marked(parts, side) {
  const td = el("td", null, "text");
  parts.forEach((p, i) => {
    const k = i % 3;
    if (k === 0) td.appendChild(document.createTextNode(p));
    else if (k === 1 && side === "before" && p) td.appendChild(el("del", p));
    else if (k === 2 && side === "after" && p) td.appendChild(el("ins", p));
  });
  return td;
}
function render() {
  const w = want();
  $("f-stage").value = w.stage; $("f-file").value = w.file; $("f-kind").value = w.kind;
  const stage = w.stage ? D.stages.indexOf(w.stage) : -1, file = w.file === "" ? -1 : Number(w.file);
  const rows = D.rows.filter((r) => (stage < 0 || r[2] === stage) && (file < 0 || r[0] === file) &&
    (!w.kind || (w.kind === "dropped") === (r[5] === null)));
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const page = Math.min(w.page, pages - 1);
  const body = el("tbody");
  for (const r of rows.slice(page * PAGE, page * PAGE + PAGE)) {
    const where = el("td", `${D.files[r[0]]}:${r[1]}${r[4] ? ":" + r[4] : ""}`, "where");
    const what = el("td", null, "what"); what.appendChild(el("span", D.stages[r[2]], "stage")); what.appendChild(document.createTextNode(" " + r[3]));
    let tr;
    if (r[5] === null) { tr = row([where, what, el("td", r[6], "text"), el("td", "(dropped: " + r[3] + ")", "text muted")]); tr.className = "dropped"; }
    else tr = row([where, what, marked(r[5], "before"), marked(r[5], "after")]);
    tr.dataset.stage = D.stages[r[2]]; tr.dataset.file = D.files[r[0]];
    body.appendChild(tr);
  }
  $("changes").replaceChild(body, $("changes").tBodies[0]);
  $("shown").textContent = rows.length ? `${page * PAGE + 1}–${Math.min(rows.length, (page + 1) * PAGE)} of ${rows.length} (page ${page + 1} of ${pages})` : "none";
  $("prev").disabled = page === 0; $("next").disabled = page >= pages - 1;
}
function set(key, value) {
  const q = new URLSearchParams(location.hash.slice(1));
  if (value) q.set(key, value); else q.delete(key);
  if (key !== "page") q.delete("page");
  location.hash = q.toString();
}
$("f-stage").onchange = (e) => set("stage", e.target.value);
$("f-file").onchange = (e) => set("file", e.target.value);
$("f-kind").onchange = (e) => set("kind", e.target.value);
$("prev").onclick = () => set("page", String(want().page));
$("next").onclick = () => set("page", String(want().page + 2));
window.addEventListener("hashchange", render);
render();
</script>
</body>
</html>
"""
