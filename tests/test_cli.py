"""The normalize command: modes, outputs and every kind of bad input."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time

import pytest

from zhnorm import Options, Pipeline
from zhnorm import files as files_module
from zhnorm.run import Runner

from .conftest import HANG, SAMPLES, run_cli

TRAD = "頭髮乾燥，會議開始了。\n".encode("utf-8")
SIMP = "头发干燥，会议开始了。\n".encode("utf-8")


def test_stdin_to_stdout():
    r = run_cli(input=TRAD)
    assert (r.returncode, r.stdout, r.stderr) == (0, SIMP, b"")


def test_dash_is_stdin_and_files_concatenate(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("乾燥\n".encode("gbk"))
    r = run_cli(f, "-", input=TRAD)
    assert r.stdout == "干燥\n".encode() + SIMP


#: runs normalize as its entry point does and says on its last line of stderr whether
#: typer was imported ("typer") or not ("plain")
_TELLS_PARSER = (
    "import sys, runpy\n"
    "sys.argv = ['normalize', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('zhnorm', run_name='__main__')\n"
    "finally:\n    sys.stderr.write('typer' in sys.modules and 'typer' or 'plain')\n"
)


def _run_telling_parser(cwd, *args):
    return subprocess.run([sys.executable, "-c", _TELLS_PARSER, *map(str, args)], capture_output=True, cwd=cwd)


def _plain_as_parsed(run, seed_in, args):
    """The seed with ARGS runs without typer and writes what it writes with typer."""
    plain, parsed = run(seed_in, *args), run("--no-config", *args, seed_in)
    assert (plain.returncode, plain.stderr) == (0, b"plain"), args
    assert (parsed.returncode, parsed.stderr) == (0, b"typer"), args
    assert plain.stdout == parsed.stdout, args


def test_plain_files_run_without_the_option_parser(tmp_path):
    """`normalize a.txt b.txt` (regular files, no option) starts without typer and writes
    what the command with an option writes; a folder or a JSON Lines name goes to the command."""
    from .conftest import SEED

    seed_in, seed_out = SEED / "ganzi-news.input.txt", (SEED / "ganzi-news.expected.txt").read_bytes()
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    plain = _run_telling_parser(tmp_path, seed_in, f)
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, seed_out + SIMP, b"plain")
    parsed = _run_telling_parser(tmp_path, "--no-config", seed_in, f)
    assert (parsed.returncode, parsed.stdout, parsed.stderr) == (0, seed_out + SIMP, b"typer")
    for arg in (tmp_path, tmp_path / "a.jsonl"):
        (tmp_path / "a.jsonl").write_text('{"text": "頭髮"}\n', encoding="utf-8")
        r = _run_telling_parser(tmp_path, arg)
        assert r.stderr.endswith(b"typer"), r.stderr


def test_pipeline_options_run_without_the_option_parser(tmp_path):
    """--only, --skip, --to and --from alone (each a choice of `Options`) start without
    typer and write what the command writes with them; a value the command refuses goes
    to the command, which says why."""
    from .conftest import SEED

    seed_in = SEED / "ganzi-news.input.txt"
    run = functools.partial(_run_telling_parser, tmp_path)

    for args in (["--only", "convert"], ["--only=convert", "--to", "tw"], ["--skip", "clean", "--skip=tidy"],
                 ["--to", "hant", "--only", "unrender"], ["--from", "tw", "--to=hans"], ["--to", "keep", "--to", "hk"]):
        _plain_as_parsed(run, seed_in, args)
    assert run(seed_in, "--only", "convert").stdout != run(seed_in).stdout != seed_in.read_bytes()
    for args in (["--only", "nothing"], ["--to", "mars"], ["--from", "tw", "--to", "hant"], ["--only"]):
        r = run(*args, seed_in)
        assert (r.returncode, r.stdout) == (2, b""), args
        assert r.stderr.endswith(b"typer"), args


def test_jobs_run_without_the_option_parser(tmp_path):
    """-j N / --jobs N (0: all cores) among plain arguments starts without typer, so the
    workers start sooner, and writes what the command writes; a value the command refuses
    goes to the command."""
    from .conftest import SEED

    seed_in = SEED / "ganzi-news.input.txt"
    run = functools.partial(_run_telling_parser, tmp_path)

    expected = (SEED / "ganzi-news.expected.txt").read_bytes()
    for args in (["-j", "2"], ["-j2", "--only", "convert"], ["--jobs=2"], ["--jobs", "0", "--to", "tw"]):
        _plain_as_parsed(run, seed_in, args)
    assert run("-j", "2", seed_in).stdout == expected
    for args in (["-j", "-1"], ["-j", "x"], ["-j=2"], ["--jobs"]):
        r = run(*args, seed_in)
        assert (r.returncode, r.stdout) == (2, b""), args
        assert r.stderr.endswith(b"typer"), args


def test_to_option():
    assert run_cli("--to", "tw", input="软件和鼠标\n".encode()).stdout == "軟體和滑鼠\n".encode()
    assert run_cli("--to", "keep", input=TRAD).stdout == TRAD


def test_output_file(tmp_path):
    out = tmp_path / "out.txt"
    r = run_cli("-o", out, input=TRAD)
    assert r.returncode == 0 and r.stdout == b""
    assert out.read_bytes() == SIMP
    assert not [p for p in tmp_path.iterdir() if p.name != "out.txt"]  # no temp file left


def test_in_place_rewrites_atomically_and_keeps_mode(tmp_path):
    f = tmp_path / "page.txt"
    f.write_bytes("頭髮乾燥\r\n".encode("big5"))
    f.chmod(0o640)
    r = run_cli("-i", f)
    assert r.returncode == 0
    assert f.read_bytes() == "头发干燥\n".encode()
    assert oct(f.stat().st_mode & 0o777) == "0o640"
    assert r.stdout == f"Fixing {f}\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


def test_in_place_leaves_unchanged_file_untouched(tmp_path):
    f = tmp_path / "clean.txt"
    f.write_bytes(SIMP)
    os.utime(f, (1_000_000_000, 1_000_000_000))
    r = run_cli("-i", f)
    assert r.returncode == 0 and r.stderr == b""
    assert f.stat().st_mtime == 1_000_000_000


def test_in_place_needs_files():
    r = run_cli("-i", input=TRAD)
    assert r.returncode == 2


def test_check_lists_changed_files_and_exits_1(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(TRAD)
    b.write_bytes(SIMP)
    r = run_cli("--check", a, b)
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [str(a)]
    assert a.read_bytes() == TRAD
    assert run_cli("--check", b).returncode == 0


def test_diff(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(TRAD)
    r = run_cli("--diff", a)
    assert r.returncode == 1
    assert r.stdout.decode().splitlines()[2:] == ["@@ -1 +1 @@", "-頭髮乾燥，會議開始了。", "+头发干燥，会议开始了。"]
    assert a.read_bytes() == TRAD


def test_diff_of_an_encoding_only_change(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(SIMP.decode().encode("gbk"))
    r = run_cli("--diff", a)
    assert r.returncode == 1
    assert b"same text, other bytes (gb18030" in r.stdout


def test_check_and_in_place_exclude_each_other(tmp_path):
    assert run_cli("-i", "--check", tmp_path / "x").returncode == 2


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", b"no such file"),
        (lambda d: (d / "x.bin").write_bytes(bytes(range(256)) * 20) and None or d / "x.bin", b"binary file"),
    ],
    ids=["missing", "binary"],
)
def test_bad_input_is_named_and_the_rest_still_processed(tmp_path, make, message):
    bad = make(tmp_path)
    good = tmp_path / "good.txt"
    good.write_bytes(TRAD)
    r = run_cli(bad, good)
    assert r.returncode == 3
    assert r.stdout == SIMP
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and message.decode() in lines[0]
    assert b"Traceback" not in r.stderr


def test_permission_denied(tmp_path, monkeypatch):
    # root ignores file modes, so the refusal is simulated where the file is opened
    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    said = []
    status = Runner(Pipeline(Options()), mode="check", say=said.append).run([str(tmp_path / "secret.txt")])
    assert status == 3
    assert said == [f"{tmp_path / 'secret.txt'}: permission denied"]


def test_invalid_bytes_are_replaced_reported_with_offset():
    r = run_cli(input="中文".encode() + b"\xff" + "测试\n".encode())
    assert r.returncode == 4
    assert r.stdout == "中文\ufffd测试\n".encode()
    assert r.stderr.decode() == "normalize: <stdin>: 1 invalid byte sequence(s) in utf-8, written as U+FFFD (first at byte offset 6)\n"


def test_strict_makes_invalid_bytes_an_error():
    r = run_cli("--strict", input="中文".encode() + b"\xff\n")
    assert r.returncode == 3
    assert r.stderr.decode() == "normalize: <stdin>: invalid utf-8 bytes at byte offset 6\n"


def test_in_place_refuses_to_write_replacement_characters(tmp_path):
    f = tmp_path / "broken.txt"
    original = "頭髮".encode() + b"\xff\n"
    f.write_bytes(original)
    r = run_cli("-i", f)
    assert r.returncode == 3
    assert f.read_bytes() == original
    assert b"not rewritten" in r.stderr


def test_failed_in_place_leaves_original_intact(tmp_path, monkeypatch):
    f = tmp_path / "page.txt"
    f.write_bytes(TRAD)

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    said = []
    status = Runner(Pipeline(Options()), mode="in-place", say=said.append).run([str(f)])
    assert status == 5
    assert f.read_bytes() == TRAD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]
    assert said == [f"cannot write {f}: No space left on device"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_device_is_refused():
    # -o writes only regular files (atomically); a device is for a redirection of stdout
    r = run_cli("-o", "/dev/full", input=TRAD)
    assert r.returncode == 5
    assert r.stderr == b"normalize: cannot write /dev/full: not a regular file\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_write_error_is_reported():
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "zhnorm"], input=TRAD, stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 5
    assert r.stderr == b"normalize: cannot write standard output: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["--check"], ["--diff"], ["--stats", "-", "-o", "{tmp}/out.txt"], ["-i"],
                                  ["--help"], ["--version"]], ids=lambda a: a[0])
def test_every_write_to_a_full_standard_output_is_one_line_and_exit_5(tmp_path, args):
    # what goes to standard output besides text: --check's names, the diff, --stats -,
    # -i's "Fixing" lines, --help, --version
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "zhnorm", *args, f], stdout=full, stderr=subprocess.PIPE, timeout=HANG)
    assert (r.returncode, r.stderr) == (5, b"normalize: cannot write standard output: No space left on device\n")
    assert f.read_bytes() == (SIMP if args == ["-i"] else TRAD)  # -i wrote the file before saying so


def _closed(fd: int):
    return lambda: os.close(fd)


def test_a_closed_standard_input_or_output_is_named_in_one_line(tmp_path):
    # as `cat <&-` and `cat >&-`: the stream is named, with its exit code, no traceback
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    r = subprocess.run([sys.executable, "-m", "zhnorm"], capture_output=True, preexec_fn=_closed(0), timeout=HANG)
    assert (r.returncode, r.stderr) == (3, b"normalize: -: Bad file descriptor\n")
    for args in ([f], ["--to", "hant", f], ["--check", f], ["--version"]):
        r = subprocess.run([sys.executable, "-m", "zhnorm", *args], stderr=subprocess.PIPE, preexec_fn=_closed(1), timeout=HANG)
        assert (r.returncode, r.stderr) == (5, b"normalize: cannot write standard output: Bad file descriptor\n"), args
    out = tmp_path / "out.txt"  # standard output is not needed: the command does its work
    r = subprocess.run([sys.executable, "-m", "zhnorm", "-o", out, f], stderr=subprocess.PIPE, preexec_fn=_closed(1), timeout=HANG)
    assert (r.returncode, r.stderr, out.read_bytes()) == (0, b"", SIMP)
    # a closed stderr drops the messages, not the exit code
    r = subprocess.run([sys.executable, "-m", "zhnorm", tmp_path / "missing.txt"], stdout=subprocess.PIPE,
                       preexec_fn=_closed(2), timeout=HANG)
    assert (r.returncode, r.stdout) == (3, b"")


def test_closed_pipe_exits_quietly(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(TRAD * 400_000)
    r = subprocess.run(
        f"'{sys.executable}' -m zhnorm '{big}' | head -1", shell=True, capture_output=True, executable="/bin/bash",
        timeout=HANG,
    )
    assert r.stdout == SIMP
    assert r.stderr == b""


def _unread(pipe) -> int:
    """Bytes written to `pipe` that its reader has not read yet."""
    import array
    import fcntl
    import termios

    n = array.array("i", [0])
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, n)
    return n[0]


def _sleeping(pid: int) -> bool:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(") ", 1)[1].startswith("S")


def _sigint_as_in_a_terminal() -> None:
    """For subprocess: Ctrl-C reaches the command, as in a terminal's foreground. A
    runner started in the background or under nohup ignores SIGINT, its children inherit
    that, and Python (the command too) then leaves it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")
def test_ctrl_c_exits_130_without_traceback():
    p = subprocess.Popen([sys.executable, "-m", "zhnorm"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=_sigint_as_in_a_terminal)
    p.stdin.write(TRAD)
    p.stdin.flush()
    # blocked reading standard input: it has read what was written and sleeps (not a fixed
    # sleep, which a loaded machine outlasts while Python still starts, and a SIGINT there
    # is Python's own traceback)
    deadline = time.monotonic() + HANG
    while (_unread(p.stdin) or not _sleeping(p.pid)) and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=HANG)
    assert (p.returncode, err) == (130, b"")


def test_help_lists_exit_codes_and_version():
    r = run_cli("--help")
    assert r.returncode == 0
    text = " ".join(r.stdout.decode().split())
    assert "Exit codes: 0 ok; 1 --check/--diff found changes (or -i changed a file, with --exit-non-zero-on-fix); 2 usage error (or a bad configuration file); 3" in text
    assert run_cli("--version").stdout.startswith(b"zhnorm ")


def test_unknown_stage_and_encoding_are_usage_errors():
    assert run_cli("--skip", "nope", input=TRAD).returncode == 2
    assert run_cli("--from-encoding", "klingon", input=TRAD).returncode == 2


def test_samples_in_every_encoding_give_the_same_text():
    utf8 = run_cli(SAMPLES / "ganzi-news.txt").stdout
    gbk = run_cli(SAMPLES / "ganzi-news.gbk.txt").stdout
    utf16 = run_cli(SAMPLES / "ganzi-news.utf16.txt").stdout
    big5 = run_cli(SAMPLES / "ganzi-news.big5.txt").stdout
    assert utf16 == utf8
    # the GBK and Big5 files differ from the page only where the codec lacks a character
    assert gbk == utf8.replace("•".encode(), "·".encode())
    assert big5 == utf8.replace("何飚".encode(), "何飙".encode())


def test_report_goes_to_stderr():
    r = run_cli("--report", input=TRAD)
    assert r.stdout == SIMP
    assert "convert" in r.stderr.decode() and "t2s" in r.stderr.decode()


#: OpenCC cases whose input is in the target script already (no character of the other
#: script alone; OpenCC changes it only through a phrase), left as they are (convert.py)
VARIANT_AMBIGUOUS = {"tw2sp": {"ByVoid_OpenCC_Issue950_AlgorithmConversionRev"}, "hk2s": set(),
                     "s2tw": {"BYVoid_OpenCC_PR_1266_zhou"}}


@pytest.mark.parametrize("config, args", [("tw2sp", ["--from", "tw"]), ("hk2s", ["--from", "hk"]),
                                          ("s2tw", ["--to", "tw-chars"])])
def test_source_variants_pass_opencc_cases_and_one_pass_is_final(config, args):
    import json

    from .conftest import CORPORA

    cases = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
    cases = [c for c in cases if config in c["expected"] and "\n" not in c["input"]]
    assert len(cases) >= 20
    text = "".join(c["input"] + "\n" for c in cases).encode()
    out = run_cli("--only", "convert", *args, input=text).stdout
    got = out.decode().splitlines()
    wrong = {c["id"] for c, line in zip(cases, got) if line != c["expected"][config]}
    assert len(got) == len(cases) and wrong == VARIANT_AMBIGUOUS[config]
    assert run_cli("--only", "convert", *args, input=out).stdout == out  # a second run changes nothing


def test_from_taiwan_reads_me_as_the_simplified_of_its_traditional_form():
    # OpenCC's tw2sp writes 么 for 麼 (幹麼 -> 干么) and, meeting 么 alone, takes it for
    # Taiwan's variant of 幺: a line it wrote was converted again into 干幺
    text = "你要幹麼？什麼都別說，怎麼辦\n"
    want = "你要干么？什么都别说，怎么办\n"
    for args in (["--from", "tw"], ["--from", "tw", "--only", "convert"], ["--from", "hk"]):
        assert run_cli(*args, input=text.encode()).stdout.decode() == want, args
        assert run_cli(*args, input=want.encode()).stdout.decode() == want, args  # simplified already
    # a text long enough for convert's table lookups over the whole (convert.RUNS_MIN)
    many = run_cli("--from", "tw", "--only", "convert", input=text.encode() * 4000).stdout.decode()
    assert set(many.splitlines()) == {want[:-1]}


def test_from_taiwan_and_hong_kong_phrasing():
    assert run_cli("--from", "tw", input="軟體和滑鼠，資訊\n".encode()).stdout.decode() == "软件和鼠标，信息\n"
    assert run_cli(input="軟體和滑鼠\n".encode()).stdout.decode() == "软体和滑鼠\n"  # auto: characters only
    assert run_cli("--to", "tw-chars", input="软件和鼠标\n".encode()).stdout.decode() == "軟件和鼠標\n"
    r = run_cli("--from", "hk", "--to", "tw", input=b"x\n")
    assert r.returncode == 2 and b"--from hk goes with --to hans (OpenCC hk2s), not --to tw" in r.stderr


def test_shell_completion_is_on(tmp_path):
    # what a shell gives the command and nothing of the test run's own (a pytest-xdist
    # worker's environment, HOME, current folder): a folder of no configuration file,
    # a HOME of its own, only PATH and the completion variables. The script shown is for
    # the shell the command runs in (found among its parent processes), so it runs in bash
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    script = subprocess.run(["bash", "-c", '"$0" -m zhnorm --show-completion; exit $?', sys.executable],
                            env=env, cwd=tmp_path,
                            capture_output=True, timeout=HANG)
    assert script.returncode == 0 and b"_NORMALIZE_COMPLETE=complete_bash" in script.stdout
    env |= {"_NORMALIZE_COMPLETE": "complete_bash", "COMP_WORDS": "normalize --to ", "COMP_CWORD": "2"}
    # the installed command, as a shell calls it, and the module: completion goes by the
    # program's name, which the command gives itself
    command = os.path.join(os.path.dirname(sys.executable), "normalize")
    for argv in ([command], [sys.executable, "-m", "zhnorm"]):
        r = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, timeout=HANG)
        assert r.stdout.decode().split() == ["hans", "hant", "tw", "tw-chars", "hk", "keep"], argv
