"""Nothing lost, nothing hung, no traceback: the failures of bad input, bad paths and
killed processes, each through the command as users meet it."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from .conftest import CORPORA, HANG, SEED, run_cli

TRAD = "頭髮乾燥，會議開始了。\n".encode("utf-8")
SIMP = "头发干燥，会议开始了。\n".encode("utf-8")
PAGE = (SEED / "ganzi-news.input.txt").read_bytes()
EXPECTED = (SEED / "ganzi-news.expected.txt").read_bytes()


def one_line(r: subprocess.CompletedProcess) -> str:
    lines = r.stderr.decode().splitlines()
    assert len(lines) == 1, r.stderr.decode()
    return lines[0]


# -- data lost ---------------------------------------------------------------------


def test_dropped_filled_by_a_glob_is_refused_and_the_file_kept(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(TRAD)
    b.write_bytes(PAGE)
    # `normalize -i --dropped corpus/*.txt`: the glob gives a.txt to --dropped
    r = run_cli("-i", "--dropped", a, b)
    assert r.returncode == 2
    assert f"{a} is not a --dropped file (JSON Lines); remove it first" in r.stderr.decode()
    assert a.read_bytes() == TRAD and b.read_bytes() == PAGE
    # and when it is one of the inputs too
    r = run_cli("-i", "--dropped", a, a, b)
    assert r.returncode == 2
    assert f"{a} is also an input" in r.stderr.decode()
    assert a.read_bytes() == TRAD and b.read_bytes() == PAGE
    # a --dropped file of an earlier run is overwritten
    audit = tmp_path / "audit.jsonl"
    assert run_cli("--dropped", audit, b).returncode == 0
    assert run_cli("--dropped", audit, b).returncode == 0
    assert audit.read_bytes().startswith(b'{"file": ')


def test_output_equal_to_an_input_is_refused(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(TRAD)
    r = run_cli(a, "-o", a)
    assert r.returncode == 2 and a.read_bytes() == TRAD
    link = tmp_path / "link.txt"
    link.symlink_to(a)
    r = run_cli(link, "-o", a)
    assert r.returncode == 2 and a.read_bytes() == TRAD


def test_dropped_is_opened_only_when_a_line_is_dropped(tmp_path):
    keep = tmp_path / "audit.jsonl"
    earlier = '{"file": "x.txt", "line": 1, "category": "ads", "text": "广告"}\n'.encode()
    keep.write_bytes(earlier)
    r = run_cli("--dropped", keep, input=TRAD)
    assert (r.returncode, r.stdout) == (0, SIMP)
    assert keep.read_bytes() == earlier
    r = run_cli("--dropped", keep, input=PAGE)
    assert r.stdout == EXPECTED
    first = json.loads(keep.read_bytes().decode().splitlines()[0])
    assert first["category"] == "breadcrumb"


def test_a_long_json_record_is_read_whole(tmp_path):
    text = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    body = (text * (1_200_000 // len(text) + 1))[:1_200_000]
    rec = tmp_path / "big.jsonl"
    original = (json.dumps({"id": 1, "text": body}, ensure_ascii=False) + "\n" + '{"id": 2, "text": "頭髮"}\n').encode()
    rec.write_bytes(original)
    piped = run_cli("--jsonl", input=original, timeout=HANG)
    assert (piped.returncode, piped.stderr) == (0, b"")
    r = run_cli("--jsonl", "--on-error", "skip", "-i", rec, timeout=HANG)
    assert (r.returncode, r.stderr) == (0, b"")
    assert rec.read_bytes() == piped.stdout
    out = [json.loads(line) for line in piped.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == [1, 2] and out[1]["text"] == "头发"
    assert len(out[0]["text"]) > 1_150_000 and "\n" not in out[0]["text"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_in_place_keeps_owner_group_and_mode(tmp_path):
    f = tmp_path / "theirs.txt"
    f.write_bytes(TRAD)
    os.chown(f, 1234, 4321)
    os.chmod(f, 0o640)
    r = run_cli("-i", f)
    assert r.returncode == 0
    st = os.stat(f)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 4321, 0o640)
    assert f.read_bytes() == SIMP


def test_in_place_on_a_fifo_is_skipped(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_bytes(TRAD)
    r = run_cli("-i", fifo, good, timeout=HANG)
    assert r.returncode == 3
    assert one_line(r) == f"normalize: {fifo}: not a regular file, skipped"
    assert good.read_bytes() == SIMP and stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- hangs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A file past --jobs' whole-file limit (so it goes to the workers in chunks)."""
    from zhnorm.parallel import WHOLE_FILE

    text = (CORPORA / "news-commentary.zh-hans.txt").read_bytes()
    path = tmp_path_factory.mktemp("big") / "big.txt"
    with path.open("wb") as f:
        while f.tell() < WHOLE_FILE + 40 * 1024 * 1024:  # long enough that no run ends before the test stops it
            f.write(text)
    return path


def test_workers_die_with_their_parent_when_the_pipe_closes(big):
    # the command's standard error is the captured pipe, and so is its workers': each run
    # returns only once every worker has ended (or at the timeout, which only bounds a hang:
    # no wall-clock bound, which a loaded machine passes)
    r = subprocess.run(
        f"'{sys.executable}' -m zhnorm -j 2 '{big}' | head -1", shell=True, capture_output=True, timeout=HANG,
        executable="/bin/bash",
    )
    assert r.stdout and r.stdout.count(b"\n") == 1
    assert r.stderr == b""
    r = subprocess.run(
        f"'{sys.executable}' -m zhnorm -j 2 '{big}' | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}",
        shell=True, capture_output=True, timeout=HANG, executable="/bin/bash",
    )
    assert (r.stdout, r.stderr) == (b"141\n", b"")  # ended as cat does: killed by SIGPIPE


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/`pid`/stat after the command's name (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1].split()
    except (OSError, IndexError):
        return None


def _proc(pid: int) -> tuple[int, int] | None:
    """Process `pid` as (PID, start time): a PID is reused once its process is reaped,
    (PID, start time) names one process for good."""
    fields = _stat(pid)
    return None if fields is None else (pid, int(fields[19]))


def _same(proc: tuple[int, int]) -> list[str] | None:
    """The stat fields of `proc` while the PID is still that process, else None."""
    fields = _stat(proc[0])
    return fields if fields is not None and int(fields[19]) == proc[1] else None


def _children(pid: int) -> list[tuple[int, int]]:
    """The children of process `pid`, whichever of its threads forked them, each as _proc."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return [proc for proc in map(_proc, found) if proc is not None]


def _cpu_seconds(proc: tuple[int, int]) -> float:
    """User and system CPU time of `proc` so far (0 once it is gone)."""
    fields = _same(proc)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _kill(proc: tuple[int, int], sig: int = signal.SIGKILL) -> bool:
    """Send `sig` to `proc` (a worker: the command's child, which the command reaps, not
    the test) only if it is still that process. Its PID may have been taken by another
    process since (some other user's), which a plain os.kill would hit: a pidfd holds the
    process the PID names now, then its start time says whether it is ours."""
    try:
        fd = os.pidfd_open(proc[0])
    except ProcessLookupError:
        return False
    try:
        if _same(proc) is None:
            return False
        signal.pidfd_send_signal(fd, sig)  # ProcessLookupError: it ended since it was checked
        return True
    except ProcessLookupError:
        return False
    finally:
        os.close(fd)


def _kill_all(p: subprocess.Popen) -> None:
    """End a hung command and its workers."""
    for proc in _children(p.pid):
        _kill(proc)
    p.kill()
    p.wait()


def _wait_for(condition, what: str, timeout: float = HANG, every: float = 0.02) -> None:
    """Poll `condition` until it holds; `timeout` only bounds a hang."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(every)


def _alive(proc: tuple[int, int]) -> bool:
    """Whether `proc` still runs (a zombie has ended; a reused PID is another process)."""
    fields = _same(proc)
    return fields is not None and fields[0] != "Z"


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_when_the_parent_is_killed(big, tmp_path, sig):
    p = subprocess.Popen([sys.executable, "-m", "zhnorm", "-j", "2", big, "-o", tmp_path / "out.txt"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(lambda: len(_children(p.pid)) >= 2 or p.poll() is not None, "the two workers")
    workers = _children(p.pid)
    assert workers, p.returncode
    p.send_signal(sig)
    p.wait(timeout=HANG)
    _wait_for(lambda: not any(map(_alive, workers)), "the workers to end")
    assert not (tmp_path / "out.txt").exists(), p.returncode


# SIGTERM where the pool starts its workers (the test above sends it then, by chance):
# in a callback of the fork (os.register_at_fork), whose exceptions Python ignores, and
# inside the pool's submit, after the workers are forked and before the thread that
# would feed and stop them is started
def _patched_normalize(patch: str, big, tmp_path) -> subprocess.Popen:
    """`normalize -j 2 BIG -o OUT` in a Python that runs `patch` first (it replaces a
    function of the pool or of parallel.py to open a window on a race)."""
    script = patch + 'import sys\nfrom zhnorm.cli import main\nsys.argv = ["normalize", *sys.argv[1:]]\nmain()\n'
    return subprocess.Popen([sys.executable, "-c", script, "-j", "2", big, "-o", tmp_path / "out.txt"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


_SIGTERM_AT = {
    "fork": """
import os, signal

def sigterm_in_callback():
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(1000):  # the handler runs here, in the callback
        pass

os.register_at_fork(after_in_parent=sigterm_in_callback)
""",
    "submit": """
import os, signal
import concurrent.futures.process as process

launch = process.ProcessPoolExecutor._launch_processes

def launch_then_sigterm(self):
    launch(self)
    os.kill(os.getpid(), signal.SIGTERM)  # the handler runs at once, in the pool's submit

process.ProcessPoolExecutor._launch_processes = launch_then_sigterm
""",
}
# the same, with the race at exit made wide: the pool's thread is slow to see that its
# workers are dead (and then closes the pipe that wakes it), and the interpreter's exit is
# slow to write to that pipe once it has seen it open (Python < 3.12 takes no lock there):
# the command must let the pool's thread finish before it exits
_SIGTERM_AT["submit, slow exit"] = _SIGTERM_AT["submit"] + """
import time

broken, wakeup = process._ExecutorManagerThread.terminate_broken, process._ThreadWakeup.wakeup

def slow_broken(self, cause):
    time.sleep(1)
    broken(self, cause)

def slow_wakeup(self):
    if process._global_shutdown and not self._closed:  # at exit
        time.sleep(1.5)
        self._writer.send_bytes(b"")
    else:
        wakeup(self)

process._ExecutorManagerThread.terminate_broken, process._ThreadWakeup.wakeup = slow_broken, slow_wakeup
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
@pytest.mark.skipif(not hasattr(ProcessPoolExecutor, "_launch_processes"), reason="this Python's pool starts otherwise")
@pytest.mark.parametrize("where", sorted(_SIGTERM_AT))
def test_sigterm_while_the_pool_starts_ends_the_command_and_its_workers(big, tmp_path, where):
    p = _patched_normalize(_SIGTERM_AT[where], big, tmp_path)
    workers: set[tuple[int, int]] = set()
    deadline = time.monotonic() + HANG
    while p.poll() is None and time.monotonic() < deadline:
        workers.update(_children(p.pid))
        time.sleep(0.02)
    if p.poll() is None:  # hung: waiting at exit for workers nothing would stop
        _kill_all(p)
        pytest.fail("the command did not end after SIGTERM")
    assert (p.returncode, p.stderr.read()) == (143, b"")
    _wait_for(lambda: not any(map(_alive, workers)), "the workers to end")
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
@pytest.mark.parametrize("when", ["as it starts", "while it works"])
def test_a_killed_worker_is_one_line_and_exit_5(big, tmp_path, when):
    # as it starts: while the pool still takes the first tasks, whose submit then finds it
    # broken; while it works: the result the parent waits for is the one that fails (0.2 s
    # of CPU is into its first chunk: a worker of this file takes about 4 s here)
    target = tmp_path / "big.txt"
    target.write_bytes(big.read_bytes().replace("中国".encode(), "中國".encode()))
    before = target.read_bytes()
    p = subprocess.Popen([sys.executable, "-m", "zhnorm", "-j", "2", "-i", target],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(lambda: _children(p.pid) or p.poll() is not None, "a worker", every=0.001)
    assert p.poll() is None, p.communicate()
    worker = _children(p.pid)[0]
    if when == "while it works":
        _wait_for(lambda: _cpu_seconds(worker) >= 0.2, "the worker to work")
    assert _kill(worker), "the worker ended before it was killed"
    out, err = p.communicate(timeout=HANG)
    assert p.returncode == 5
    assert err.decode().splitlines() == [f"normalize: {target}: a worker process died (killed?); stopped, no file was replaced"]
    assert target.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["big.txt"]


# workers that a SIGTERM does not end at once. "sigterm as it starts": one reaches each
# worker as it is forked, while it still has the handler of parallel._signals_held (the
# pool's submit), which once held it for a block the worker never leaves: the worker went
# on, the signal lost. "deaf to sigterm": a worker that ignores it, busy when the other
# dies: the broken pool's SIGTERM does not end it, and the pool's thread waits for it
# (and the command for that thread) while it blocks sending a result nobody reads.
# Either way the command ends, exit 5, and so do its workers
_WORKERS = {
    "sigterm as it starts": """
import os, signal
os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGTERM))
""",
    "deaf to sigterm": """
import signal
import zhnorm.parallel as parallel

init = parallel._worker_init

def deaf(parent):
    init(parent)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

parallel._worker_init = deaf
""",
}


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc")
@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs os.fork")
@pytest.mark.parametrize("workers", sorted(_WORKERS))
def test_workers_a_sigterm_does_not_end_still_end_with_the_command(big, tmp_path, workers):
    p = _patched_normalize(_WORKERS[workers], big, tmp_path)
    seen: set[tuple[int, int]] = set()
    if workers == "deaf to sigterm":  # one of the two dies while both work
        _wait_for(lambda: len(_children(p.pid)) >= 2 or p.poll() is not None, "the two workers")
        seen.update(_children(p.pid))
        first = min(seen)
        _wait_for(lambda: _cpu_seconds(first) >= 0.2 or p.poll() is not None, "the worker to work")
        assert _kill(first), "the worker ended before it was killed"
    deadline = time.monotonic() + HANG
    while p.poll() is None and time.monotonic() < deadline:
        seen.update(_children(p.pid))
        time.sleep(0.02)
    if p.poll() is None:  # hung: the pool's thread waits for a worker nothing ends
        _kill_all(p)
        pytest.fail("the command did not end")
    err = p.stderr.read().decode()
    assert (p.returncode, err) == (5, f"normalize: {big}: a worker process died (killed?); stopped, no file was replaced\n")
    _wait_for(lambda: not any(map(_alive, seen)), "the workers to end")
    assert os.listdir(tmp_path) == []


# -- crashes -----------------------------------------------------------------------


def test_utf16_and_utf32_given_without_bom():
    text = "頭髮乾燥\n"
    for enc, given in (("utf-16-le", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32-le", "utf-32"), ("utf-32-be", "utf-32")):
        r = run_cli("--from-encoding", given, input=text.encode(enc))
        assert (r.returncode, r.stdout, r.stderr) == (0, "头发干燥\n".encode(), b""), enc


@pytest.mark.parametrize("codec", ["hex", "base64", "zlib", "rot13", "unicode_escape", "idna", "undefined", "nonesuch"])
def test_non_text_codecs_are_usage_errors(codec):
    r = run_cli("--from-encoding", codec, input=b"abc\n")
    assert r.returncode == 2
    assert b"--from-encoding" in r.stderr and b"Traceback" not in r.stderr


def test_lone_surrogates_in_json_lines_become_replacement_characters():
    data = b'{"text": "\\ud800 a", "n": 1}\n{"text": "\\udc80\\u6703"}\n'
    for policy in ("fail", "skip", "keep"):
        r = run_cli("--jsonl", "--on-error", policy, "--report", input=data)
        assert r.returncode == 0, r.stderr
        assert r.stdout.decode() == '{"text": "\ufffd a", "n": 1}\n{"text": "\ufffd会"}\n'
        assert b"lone surrogates -> U+FFFD" in r.stderr


def test_deep_nesting_is_a_bad_record():
    data = b"[" * 100_000 + b"\n" + b'{"text": "\\u982d\\u9aee"}\n'
    r = run_cli("--jsonl", "--on-error", "skip", input=data)
    assert r.returncode == 0
    assert r.stdout.decode() == '{"text": "头发"}\n'
    assert one_line(r) == "normalize: <stdin>:1: nested too deeply (skipped)"


# -- smaller, but wrong ------------------------------------------------------------


def test_in_place_in_a_read_only_folder_is_exit_5(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    f = folder / "a.txt"
    f.write_bytes(TRAD)
    os.chmod(folder, 0o555)
    try:
        if os.access(folder, os.W_OK):  # root: simulate with a folder we cannot create in
            pytest.skip("root writes into read-only folders")
        r = run_cli("-i", f)
        assert r.returncode == 5
    finally:
        os.chmod(folder, 0o755)
    assert f.read_bytes() == TRAD


def test_in_place_where_no_temporary_can_be_made_is_exit_5(tmp_path):
    # a folder whose name is too long for one more entry: the temporary cannot be made
    # (root can write anywhere, so a read-only folder does not show it)
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    long = tmp_path / ("x" * 240 + ".txt")
    long.write_bytes(TRAD)
    r = run_cli("-i", long, f)
    assert r.returncode == 5
    assert "cannot create a temporary file beside it" in r.stderr.decode()
    assert long.read_bytes() == TRAD and f.read_bytes() == SIMP


@pytest.mark.parametrize("mode", [[], ["-i"], ["--check"]])
def test_an_empty_file_is_a_normal_file(tmp_path, mode):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    r = run_cli(*mode, f)
    assert (r.returncode, r.stdout, r.stderr) == (0, b"", b"")
    assert f.read_bytes() == b""


def test_new_output_file_honours_the_umask(tmp_path):
    out = tmp_path / "new.txt"
    r = subprocess.run(f"umask 022 && '{sys.executable}' -m zhnorm -o '{out}'", shell=True, input=TRAD,
                       capture_output=True, executable="/bin/bash")
    assert r.returncode == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
    out.unlink()
    subprocess.run(f"umask 077 && '{sys.executable}' -m zhnorm -o '{out}'", shell=True, input=TRAD, executable="/bin/bash")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_a_lone_cr_ends_a_line():
    r = run_cli(input="頭髮\r乾燥\r\n會議\r".encode())
    assert r.stdout == "头发\n干燥\n会议\n".encode()
    r = run_cli("--only", "convert", input="頭髮\r乾燥".encode("big5"))
    assert r.stdout == "头发\n干燥\n".encode()


def test_jobs_give_the_same_bytes_on_lines_over_a_million_characters(tmp_path):
    from zhnorm.parallel import WHOLE_FILE

    text = (CORPORA / "zuozhuan.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    trad = text.replace("国", "國").replace("为", "為").replace("。", ", ")
    line = (trad * (1_500_000 // len(trad) + 1))[:1_500_000]
    path = tmp_path / "long.txt"
    with path.open("wb") as f:
        while f.tell() < WHOLE_FILE + 2 * 1024 * 1024:
            f.write((line + "\n頭髮\n").encode())
    one = run_cli(path, timeout=HANG)
    two = run_cli("-j", "2", path, timeout=HANG)
    assert one.returncode == two.returncode == 0
    assert one.stdout.count(b"\n") == two.stdout.count(b"\n") > 4
    assert two.stdout == one.stdout


def test_json_lines_keep_the_source_text_of_other_fields():
    line = '{"n": 1.10, "e": 1e5, "u": "\\u00e9", "d": 1, "d": 2, "big": 1e400, "text": "頭髮"}\n'
    r = run_cli("--jsonl", input=line.encode())
    assert r.stdout.decode() == '{"n": 1.10, "e": 1e5, "u": "\\u00e9", "d": 1, "d": 2, "big": 1e400, "text": "头发"}\n'


def test_outputs_do_not_follow_another_users_symlink(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root to plant a link owned by another user")
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious\n")
    for option in ("-o", "--dropped"):
        link = tmp_path / f"planted{option}"
        link.symlink_to(victim)
        os.lchown(link, 1234, 1234)
        r = run_cli(option, link, input=PAGE)
        assert r.returncode == 5, option
        assert one_line(r) == f"normalize: cannot write {link}: a symbolic link of another user, not followed"
        assert victim.read_bytes() == b"precious\n"


def test_outputs_are_only_regular_files(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for option in ("-o", "--dropped"):
        r = run_cli(option, fifo, input=PAGE, timeout=HANG)
        assert r.returncode == 5
        assert one_line(r) == f"normalize: cannot write {fifo}: not a regular file"


def test_in_place_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(TRAD)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    r = run_cli("-i", link)
    assert r.returncode == 0
    assert os.path.islink(link) and os.readlink(link) == "real.txt"
    assert target.read_bytes() == SIMP


def test_stale_temporaries_are_found_and_removed_only_when_safe(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    old = time.time() - 3600
    # a temporary of a killed run (no such process), one of a killed run whose PID a
    # process started since holds (the PID was reused), one of a running process (ours)
    # written since it started, a file of another name: only the first two go
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"a.txt.normalize-{dead.stdout.strip()}-abcd1234.tmp"
    newer = subprocess.Popen(["sleep", str(HANG)])
    reused = tmp_path / f"a.txt.normalize-{newer.pid}-abcd1234.tmp"
    live = tmp_path / f"a.txt.normalize-{os.getpid()}-abcd1234.tmp"
    other = tmp_path / "a.txt.normalize-notes.tmp"
    try:
        for p, when in ((stale, old), (reused, old), (live, time.time()), (other, old)):
            p.write_bytes(b"x")
            os.utime(p, (when, when))
        time.sleep(0.05)  # the run starts after every temporary was written (its own are newer)
        r = run_cli("-i", f)
    finally:
        newer.kill()
        newer.wait()
    assert r.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", live.name, other.name])


def test_kill_9_at_random_moments_leaves_the_original_or_the_result(tmp_path):
    """SIGKILL during -i and -o: each target is its original bytes or the whole result,
    never a part; the temporaries left are found by their documented name and the next
    run removes them."""
    import random

    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8")
    original = (text.replace("国", "國").replace("为", "為") * 3).encode()
    src = tmp_path / "src.txt"
    src.write_bytes(original)
    expected = run_cli(src, timeout=HANG).stdout
    assert expected != original
    rng = random.Random(11)
    target, out = tmp_path / "corpus.txt", tmp_path / "out.txt"
    for _ in range(12):
        target.write_bytes(original)
        for args in (["-i", target], [src, "-o", out]):
            p = subprocess.Popen([sys.executable, "-m", "zhnorm", *map(str, args)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.2, 2.5))
            p.kill()
            p.wait()
        assert target.read_bytes() in (original, expected)
        assert not out.exists() or out.read_bytes() == expected
    left = [p.name for p in tmp_path.iterdir() if ".normalize-" in p.name]
    assert all(name.startswith(("corpus.txt.normalize-", "out.txt.normalize-")) and name.endswith(".tmp") for name in left)
    target.write_bytes(original)
    time.sleep(0.05)
    assert run_cli("-i", target, timeout=HANG).returncode == 0
    assert run_cli(src, "-o", out, timeout=HANG).returncode == 0
    assert target.read_bytes() == out.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir() if ".normalize-" in p.name] == []


def _peak_rss_mb(path, timeout: int) -> float:
    """Peak RSS (MB) of `python -m zhnorm path`, measured in a child of a fresh process,
    as /usr/bin/time does."""
    probe = (
        "import resource, subprocess, sys\n"
        f"subprocess.run([sys.executable, '-m', 'zhnorm', {str(path)!r}], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr
    return int(r.stdout) / 1024


def test_peak_memory_on_long_lines_stays_bounded(tmp_path):
    """Lines of 0.2 to 2 million characters (30 MB): the writer does not hold many of
    them at once. Peak RSS measured in a child of a fresh process, as /usr/bin/time does."""
    import random

    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    rng = random.Random(5)
    path = tmp_path / "long-lines.txt"
    with path.open("w", encoding="utf-8") as f:
        while f.tell() < 30 * 1024 * 1024:
            start = rng.randrange(len(text))
            f.write(((text[start:] + text) * 4)[: rng.randint(200_000, 2_000_000)] + "\n")
    peak_mb = _peak_rss_mb(path, timeout=HANG)
    assert peak_mb < 100, peak_mb


def test_peak_memory_on_one_50_mb_line_of_traditional_text(tmp_path):
    """The corpora in Traditional as one 50 MB line (as benchmarks/bench.py builds it): its
    pieces' texts, which t2s makes wider (a character outside the BMP makes a str four
    bytes a character), are given back when freed, not kept in the C library's heap."""
    import opencc

    text = opencc.OpenCC("s2t").convert("".join(
        (CORPORA / name).read_text(encoding="utf-8")
        for name in ("clue-news-web.zh-hans.txt", "news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt")
    ).replace("\n", "")).encode()
    size = 50 * 1024 * 1024
    data = (text * (size // len(text) + 1))[:size]
    path = tmp_path / "one-line.txt"
    path.write_bytes(data[: data.rfind("。".encode()) + 3] + b"\n")
    del text, data
    assert _peak_rss_mb(path, timeout=HANG) <= 100


def test_jobs_stream_a_file_whose_line_is_longer_than_a_chunk(tmp_path):
    """One 30 MB line under -j 2: no worker is handed the whole line (peak RSS bounded),
    and the bytes are those of one process."""
    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").replace("\n", "")
    path = tmp_path / "one-line.txt"
    with path.open("w", encoding="utf-8") as f:
        while f.tell() < 30 * 1024 * 1024:
            f.write(text)
        f.write("\n")
    out = tmp_path / "out.txt"
    probe = (
        "import resource, subprocess, sys\n"
        f"subprocess.run([sys.executable, '-m', 'zhnorm', '-j', '2', {str(path)!r}, '-o', {str(out)!r}], check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=HANG)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) / 1024 < 100
    assert out.read_bytes() == run_cli(path, timeout=HANG).stdout


def test_sigterm_removes_the_temporary_and_leaves_the_target(tmp_path):
    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8")
    # 60 copies, about 1 s of CPU here after the start (6 were 0.2 s): the temporary, looked
    # for every 20 ms, is seen before it is renamed on a machine many times faster too
    original = (text.replace("国", "國") * 60).encode()
    target = tmp_path / "corpus.txt"
    target.write_bytes(original)
    p = subprocess.Popen([sys.executable, "-m", "zhnorm", "-i", target], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _wait_for(lambda: any(".normalize-" in x.name for x in tmp_path.iterdir()), "the temporary")
    p.terminate()
    _, err = p.communicate(timeout=HANG)
    assert p.returncode == 143 and err == b""
    assert sorted(x.name for x in tmp_path.iterdir()) == ["corpus.txt"]
    assert target.read_bytes() == original


# -- an audit, as a user meets the command: each error one line, nothing lost ---------


def _file_size_limit(limit: int):
    """For subprocess: writes past `limit` bytes fail with EFBIG (Python ignores SIGXFSZ),
    as on a full disk, without mounting one."""
    import resource

    def set_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


def test_in_place_goes_on_after_a_file_it_could_not_write(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes((CORPORA / "news-commentary.zh-hans.txt").read_bytes()[:400_000])
    small = tmp_path / "small.txt"
    small.write_bytes(SIMP)
    before = big.read_bytes()
    r = subprocess.run([sys.executable, "-m", "zhnorm", "-q", "-i", "--to", "hant", big, small], capture_output=True,
                       timeout=HANG, preexec_fn=_file_size_limit(100_000))
    assert r.returncode == 5
    assert one_line(r) == f"normalize: cannot write {big}: File too large"
    assert big.read_bytes() == before  # left as it was
    assert small.read_bytes() == TRAD  # and the next file was still rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "small.txt"]  # no temporary left


def test_output_that_cannot_be_written_leaves_the_target(tmp_path):
    out = tmp_path / "out.txt"
    out.write_bytes(b"kept\n")
    r = subprocess.run([sys.executable, "-m", "zhnorm", "-o", out, "--to", "hant", CORPORA / "news-commentary.zh-hans.txt"],
                       capture_output=True, timeout=HANG, preexec_fn=_file_size_limit(100_000))
    assert r.returncode == 5
    assert one_line(r) == f"normalize: cannot write {out}: File too large"
    assert out.read_bytes() == b"kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_in_place_on_invalid_bytes_is_one_line_with_the_offset(tmp_path):
    f = tmp_path / "broken.txt"
    original = "頭髮".encode() + b"\xff\n" + "乾燥\n".encode()
    f.write_bytes(original)
    for jobs in ("1", "2"):
        r = run_cli("-i", "-j", jobs, f)
        assert r.returncode == 3
        assert one_line(r) == (f"normalize: {f}: 1 invalid byte sequence(s) in utf-8 (first at byte offset 6): "
                               "not rewritten, to keep its bytes (use --from-encoding, or repair the file)")
        assert f.read_bytes() == original


def test_check_and_diff_of_invalid_bytes_say_what_would_be_written(tmp_path):
    f = tmp_path / "broken.txt"
    f.write_bytes("头发".encode() + b"\xff\n")
    r = run_cli("--check", f)
    assert (r.returncode, r.stdout) == (4, f"{f}\n".encode())
    assert one_line(r) == f"normalize: {f}: 1 invalid byte sequence(s) in utf-8, would be written as U+FFFD (first at byte offset 6)"
    r = run_cli("--diff", f)
    assert r.returncode == 4
    # the decoded text already holds the U+FFFD: the diff names the bytes, not "line ends"
    assert r.stdout == f"# {f}: 1 invalid byte sequence(s) in utf-8 -> U+FFFD (first at byte offset 6)\n".encode()
    assert f.read_bytes() == "头发".encode() + b"\xff\n"


def test_in_place_writes_a_new_file_under_the_name_given_and_a_hard_link_keeps_the_original(tmp_path):
    # as sed -i: the rename that makes -i atomic gives the name a new file; the file's
    # other names (a hard link, a `cp -al` snapshot) keep the bytes they had
    f = tmp_path / "a.txt"
    f.write_bytes(TRAD)
    link = tmp_path / "b.txt"
    os.link(f, link)
    r = run_cli("-q", "-i", f)
    assert r.returncode == 0, r.stderr
    assert (f.read_bytes(), link.read_bytes()) == (SIMP, TRAD)
    assert os.stat(f).st_nlink == os.stat(link).st_nlink == 1


def test_the_first_invalid_byte_is_at_its_offset_when_the_file_ends_without_a_line_end():
    data = b"\xff" + "中文内容。\n".encode() * 3 + b"\xe4"
    r = run_cli(input=data)
    assert r.returncode == 4
    assert one_line(r).endswith("2 invalid byte sequence(s) in utf-8, written as U+FFFD (first at byte offset 0)")


def test_a_binary_file_is_named_with_the_offset_of_its_first_nul(tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes("中文".encode() + b"\x00" + "测试\n".encode())
    r = run_cli(f)
    assert r.returncode == 3
    assert one_line(r) == f"normalize: {f}: binary file (NUL and control bytes, the first NUL at byte offset 6), skipped"


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="needs os.fork")
def test_sigterm_during_a_fork_under_the_pools_signal_hold_still_ends_the_command():
    # SIGTERM landing in a fork's Python hook (logging's, when --jobs starts a worker):
    # raised there, the handler's SystemExit is ignored by Python and the run goes on.
    # Every fork of the command is in the pool's submit, under parallel._signals_held,
    # which runs the handler after the fork, outside the hooks
    script = """
import os, signal
from zhnorm import cli
from zhnorm.parallel import _signals_held
signal.signal(signal.SIGTERM, cli._terminated)  # as cli.main installs it
os.register_at_fork(before=lambda: os.kill(os.getpid(), signal.SIGTERM))  # the signal lands during a fork
try:
    with _signals_held():
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        print("forked", flush=True)
    print("went on")
except SystemExit as e:
    print("ended", e.code)
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=HANG)
    assert (r.stdout, r.stderr) == (b"forked\nended 143\n", b"")
