"""The `normalize` command's options (typer): what `cli.main` runs when it is given any.

Kept apart from `cli`, so that the plain filter (`cat a.txt | normalize`) never imports
the argument parser.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, List, Optional

import typer

from . import __version__
from .console import die_of_sigpipe, say
from .files import INTERRUPTED, UNWRITABLE

EPILOG = """\
Examples:

\b
  normalize page.txt                     clean UTF-8 simplified text on stdout
  cat a.txt | normalize --to tw | sort   in a pipeline, Taiwan script
  normalize -i corpus/                   rewrite the text and JSON Lines files of a
                                         folder in place (atomically)
  normalize --check corpus/*.txt         list files that would change (exit 1)
  normalize --only convert --to hk x.txt only the conversion stage
  normalize --jsonl --field text -i data/*.jsonl  JSON Lines, in place
  normalize -j 0 big.txt > clean.txt     all cores

Stages, in order: decode, repair, unrender, convert, clean, tidy.

Exit codes: 0 ok; 1 --check/--diff found changes (or -i changed a file, with
--exit-non-zero-on-fix); 2 usage error (or a bad configuration file); 3 an input could not be read or decoded
(missing, permission denied, binary, invalid bytes with --strict or -i, not
a regular file with -i, a bad JSON Lines record with --on-error fail) and was skipped;
4 an input had invalid bytes, written as U+FFFD; 5 an output could not be written (or
a worker process was killed); 130 interrupted; 143 terminated (SIGTERM).
"""


class Target(str, Enum):
    hans = "hans"
    hant = "hant"
    tw = "tw"
    tw_chars = "tw-chars"
    hk = "hk"
    keep = "keep"


class Source(str, Enum):
    auto = "auto"
    tw = "tw"
    hk = "hk"
    hant = "hant"


class OnError(str, Enum):
    fail = "fail"
    skip = "skip"
    keep = "keep"


class Format(str, Enum):
    auto = "auto"
    text = "text"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


class Punct(str, Enum):
    full = "full"
    keep = "keep"


app = typer.Typer(add_completion=True, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        print(f"zhnorm {__version__}")
        raise typer.Exit()


@app.command(epilog=EPILOG, no_args_is_help=False)
def command(
    files: Annotated[Optional[List[str]], typer.Argument(help="Input files and folders (walked: hidden entries and what .gitignore ignores are skipped; .txt .md .csv .tsv taken as text, .jsonl .ndjson as JSON Lines, compressed or not); none or '-' reads standard input.", show_default=False)] = None,
    include: Annotated[Optional[List[str]], typer.Option("--include", metavar="GLOB", help="In folders, take the files matching GLOB instead of those of the known kinds (repeatable; gitignore patterns).")] = None,
    exclude: Annotated[Optional[List[str]], typer.Option("--exclude", metavar="GLOB", help="In folders, leave out files and folders matching GLOB (repeatable; gitignore patterns).")] = None,
    to: Annotated[Target, typer.Option("--to", help="Target script of the Chinese text (Japanese and Korean are left alone): hans (OpenCC t2s), hant (s2t), tw (s2twp: Taiwan phrases too), tw-chars (s2tw: characters only), hk (s2hk), keep.")] = Target.hans,
    source: Annotated[Source, typer.Option("--from", help="What the text is: auto (found line by line); tw or hk, to go back from Taiwan or Hong Kong phrasing with --to hans (OpenCC tw2sp, hk2s: 軟體 -> 软件); hant (t2s).")] = Source.auto,
    from_encoding: Annotated[Optional[str], typer.Option("--from-encoding", metavar="ENC", help="Skip detection; decode with ENC.")] = None,
    output: Annotated[Optional[str], typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")] = None,
    in_place: Annotated[bool, typer.Option("-i", "--in-place", help="Rewrite each FILE atomically; unchanged files are not touched.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list files that would change; exit 1 if any.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print a unified diff of what would change; exit 1 if any.")] = False,
    skip: Annotated[Optional[List[str]], typer.Option("--skip", metavar="STAGE", help="Do not run STAGE (repeatable).")] = None,
    only: Annotated[Optional[List[str]], typer.Option("--only", metavar="STAGE", help="Run only STAGE (repeatable); decode always runs.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Every input is JSON Lines (files named .jsonl or .ndjson are anyway): normalize the --field string fields of each record, keep the rest.")] = False,
    field: Annotated[Optional[List[str]], typer.Option("--field", metavar="PATH", help="JSON Lines: a field to normalize (a string or a list of strings), a dotted path for nested ones (repeatable; default text).")] = None,
    on_error: Annotated[OnError, typer.Option("--on-error", help="JSON Lines: a record that is not a JSON object, or a field that is not a string or a list of strings: fail (the file is not written), skip the record (the field: keep it), or keep it as it is. A missing field is no error.")] = OnError.fail,
    exit_on_fix: Annotated[bool, typer.Option("--exit-non-zero-on-fix", help="With -i: exit 1 when a file was rewritten (for pre-commit).")] = False,
    jobs: Annotated[int, typer.Option("-j", "--jobs", metavar="N", help="Worker processes: files, and line-aligned chunks of big files, in parallel; output as with 1. 0: all cores.")] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Invalid bytes are an error instead of U+FFFD.")] = False,
    punct: Annotated[Punct, typer.Option("--punct", help="full: , : ; ( ) ! ? next to Han become full-width; keep: leave them.")] = Punct.full,
    fmt: Annotated[Format, typer.Option("--format", help="What the inputs are: text, csv, tsv (tidy only each field), markdown (code blocks and indentation kept); auto: by the file name.")] = Format.auto,
    keep_annotations: Annotated[bool, typer.Option("--keep-annotations", help="unrender: keep pinyin readings, still repair damage.")] = False,
    drop_garbled: Annotated[bool, typer.Option("--drop-garbled", help="repair: drop lines holding unrecoverable garbage (锟斤拷, 烫烫烫烫).")] = False,
    rules: Annotated[Optional[List[str]], typer.Option("--rules", metavar="FILE", help="clean: add boilerplate rules from a TOML file (repeatable).")] = None,
    dropped: Annotated[Optional[str], typer.Option("--dropped", metavar="FILE", help="clean: write every dropped line to FILE as JSON Lines (file, line, category, text).")] = None,
    template_lines: Annotated[int, typer.Option("--template-lines", metavar="K", help="clean: first read all inputs and drop lines found in at least K documents (JSON Lines records, or input files) unless they read as prose: a site's footer, menu, slogan. 0: off.")] = 0,
    explain: Annotated[bool, typer.Option("--explain", help="Print every change on stderr: file:line, stage, reason, before and after.")] = False,
    report: Annotated[bool, typer.Option("--report", help="Print a table of what each stage changed on stderr.")] = False,
    stats: Annotated[Optional[str], typer.Option("--stats", metavar="FILE|-", help="Write JSON figures per input and in all (encoding and how sure, lines in and out, changes per stage and reason, dropped lines, unrecoverable spans) to FILE, or '-': standard output.")] = None,
    html_report: Annotated[Optional[str], typer.Option("--html-report", metavar="FILE", help="Write one self-contained HTML page of every change (before and after, marked), filterable by stage and file.")] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No messages but errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    config: Annotated[Optional[str], typer.Option("--config", metavar="FILE", help="Read options from FILE (a zhnorm.toml, or a pyproject.toml's [tool.zhnorm]) instead of the one found from the current folder upwards.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Read no configuration file.")] = False,
) -> None:
    """Normalize messy Chinese text into clean UTF-8 in one script."""
    from .options import Options
    from .pipeline import Pipeline

    from .folders import Walker, is_jsonl_name

    folder_problems = []
    walker = Walker(include or (), exclude or (), on_error=lambda path, message: folder_problems.append((path, message)))
    names = list(walker.expand(files or ["-"]))
    for path, message in folder_problems:
        say(f"{path}: {message}")
    if sum(map(bool, (in_place, output is not None, check or diff))) > 1:
        raise typer.BadParameter("choose one of -i, -o, --check/--diff")
    if in_place and "-" in names:
        raise typer.BadParameter("-i needs FILE arguments, not standard input")
    try:
        options = Options.build(
            skip=skip or (), only=only or (), to=to.value, source=source.value, from_encoding=from_encoding,
            strict=strict, punct=punct.value, keep_annotations=keep_annotations, rules=tuple(rules or ()),
            drop_garbled=drop_garbled, format=fmt.value,
        )
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    if rules and "clean" in options.stages:
        from .clean import RulesError, load_rules

        try:
            load_rules(options.rules)
        except RulesError as e:
            raise typer.BadParameter(str(e), param_hint="--rules") from None
    from .decode import text_codec
    from .files import OutputError, same_file

    if from_encoding:
        try:
            text_codec(from_encoding)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="--from-encoding") from None
    for option, path in (("-o", output), ("--dropped", dropped), ("--stats", stats), ("--html-report", html_report)):
        # `normalize -i --dropped corpus/*.txt`: the glob filled the option's value
        clash = path is not None and next((n for n in names if n != "-" and same_file(n, path)), None)
        if clash:
            raise typer.BadParameter(f"{path} is also an input", param_hint=option)

    from .run import Runner

    from .events import EventWriter
    from .stats import open_reports

    try:
        reports = open_reports(stats, html_report, stdout_taken=not (in_place or output or (check and not diff)))
        listener = EventWriter.open(dropped=dropped, explain=explain, also=reports.listeners)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint=getattr(e, "option", "--dropped")) from None
    except OutputError as e:
        say(str(e))
        raise typer.Exit(UNWRITABLE) from None
    mode = "in-place" if in_place else "check" if (check or diff) else "output" if output else "stdout"
    if jobs < 0:
        raise typer.BadParameter("--jobs takes 0 (all cores) or a positive number")
    if jobs == 0:
        import os

        jobs = os.cpu_count() or 1
    pipeline = Pipeline(options, listener=listener)
    records = None
    if jsonl or any(map(is_jsonl_name, names)):
        from .jsonl import Jsonl, JsonlOptions

        records = Jsonl(pipeline, JsonlOptions(tuple(field or ("text",)), on_error.value), say=say)
    elif field:
        raise typer.BadParameter("--field goes with JSON Lines inputs (--jsonl, or files named .jsonl)")
    corpus = None
    if template_lines:
        from .templates import Corpus

        try:
            corpus = Corpus(template_lines, options, tuple(field or ("text",)) if records is not None else None)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="--template-lines") from None
    runner = Runner(pipeline, mode=mode, output=output, diff=diff, quiet=quiet, say=say, jobs=jobs,
                    jsonl=records, all_jsonl=jsonl, exit_on_fix=exit_on_fix, templates=corpus)
    runner.stats = reports.stats(pipeline)
    if folder_problems:
        runner.unreadable = True
    if not names:  # folders holding no file of the kinds taken
        if not quiet:
            say("no files to normalize in " + ", ".join(files or ()))
        raise typer.Exit(runner.status())
    unclosed, ran = None, False
    try:
        status = runner.run(names)
        ran = True
    except KeyboardInterrupt:
        raise typer.Exit(INTERRUPTED) from None
    except BrokenPipeError:  # the reader went away while SIGPIPE was ignored (--jobs)
        die_of_sigpipe()
    finally:
        if listener is not None:
            unclosed = listener.close(keep=ran)  # --dropped in place (a full disk: one line, exit 5)
    if unclosed is not None:
        say(unclosed)
        status = max(status, UNWRITABLE)
    if report:
        from .report import print_report

        print_report(runner.pipeline)
    try:
        reports.write(runner)
    except OutputError as e:
        say(str(e))
        status = max(status, UNWRITABLE)
    except BrokenPipeError:
        die_of_sigpipe()
    except OSError as e:  # --stats -: standard output full or closed (files fail as OutputError)
        say(f"cannot write standard output: {e.strerror or e}")
        status = max(status, UNWRITABLE)
    raise typer.Exit(status)
