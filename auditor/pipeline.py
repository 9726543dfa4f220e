"""Wire the stages: collect article paths, scan each, assemble the Report."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import re
import signal
import stat
import threading
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from auditor import __version__
from auditor.errors import InputError
from auditor.model import Article, InputProblem, Meta, Report, Shard
from auditor.scan.document import ARTICLE_SUFFIXES, is_blank, read_bytes, read_capped
from auditor.spool import ArticleSpool

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from auditor.scan.gazetteer import Gazetteer

STDIN = "-"
DEFAULT_TIME_LIMIT = 120.0
"""Seconds one article may take to scan: generous (a 50 MiB page takes a few), so only an attack hits it."""


@dataclass
class Skipped:
    """What a folder walk passed over, said once at the end of the walk."""

    by_suffix: Counter[str] = field(default_factory=Counter)
    """Files that are not articles, by suffix ("" for none)."""
    special: int = 0
    """FIFOs, sockets and devices: never opened, a FIFO would hang the walk."""
    duplicates: int = 0
    """The same file reached twice (named and inside a folder, or through a link): audited once."""
    excluded: int = 0
    """Articles and folders a folder walk passed over because ``--exclude-path`` names them."""

    def __bool__(self) -> bool:
        return bool(self.by_suffix or self.special or self.duplicates or self.excluded)

    def describe(self) -> str:
        parts = []
        if self.by_suffix:
            total = sum(self.by_suffix.values())
            kinds = ", ".join(f"{n} {s or 'without suffix'}"
                              for s, n in sorted(self.by_suffix.items(), key=lambda kv: (-kv[1], kv[0])))
            parts.append(f"{total} file{'s that are not articles' if total != 1 else ' that is not an article'}"
                         f" ({kinds})")
        if self.special:
            parts.append(f"{self.special} " + ("FIFOs, sockets or devices" if self.special != 1 else
                                               "FIFO, socket or device"))
        if self.excluded:
            parts.append(f"{self.excluded} file{'s' if self.excluded != 1 else ''} or folder"
                         f"{'s' if self.excluded != 1 else ''} excluded (--exclude-path)")
        if self.duplicates:
            parts.append(f"{self.duplicates} file{'s' if self.duplicates != 1 else ''} already audited (named twice, "
                         "or reached through a link)")
        return "skipped " + "; ".join(parts)


class PathFilter:
    """``--exclude-path`` patterns, read as a .gitignore reads them: one without a slash names a file or folder
    anywhere (``drafts``, ``*.md``); one with a slash is a path from the folder scanned (``2019/*/wire``,
    ``/index.html``), where ``**`` spans folders; a trailing slash names folders only; ``!`` takes back what an
    earlier pattern left out; a backslash makes the next character literal. The last pattern that matches
    decides, and a folder left out is passed over whole.

    Raises ValueError for a pattern that cannot be read."""

    def __init__(self, patterns: Sequence[str] = ()) -> None:
        self.patterns = tuple(patterns)
        self._rules: list[tuple[re.Pattern[str], bool, bool, bool]] = []  # pattern, anchored, folders only, keep
        for raw in patterns:
            pattern, keep = (raw[1:], True) if raw.startswith("!") else (raw, False)
            folders = pattern.endswith("/") and not pattern.endswith("\\/")
            pattern = pattern.rstrip("/") if folders else pattern
            anchored = "/" in pattern
            pattern = pattern.removeprefix("/").removeprefix("./")
            if not pattern:
                raise ValueError(f"{raw!r} names nothing")
            self._rules.append((_glob(pattern, raw), anchored, folders, keep))

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def excludes(self, relative: str, folder: bool = False) -> bool:
        """Whether the file (or ``folder``) at ``relative`` (to the folder scanned, with / between parts) is left
        out, by itself or by a folder it is in."""
        parts = relative.split("/")
        for depth in range(1, len(parts) + 1):  # the folders it is in first: one left out holds all it has
            is_folder = folder or depth < len(parts)
            if self._decides("/".join(parts[:depth]), parts[depth - 1], is_folder) and depth < len(parts):
                return True
        return self._decides(relative, parts[-1], folder)

    def _decides(self, path: str, name: str, folder: bool) -> bool:
        out = False
        for pattern, anchored, folders_only, keep in self._rules:
            if folders_only and not folder:
                continue
            if pattern.fullmatch(path if anchored else name):
                out = not keep
        return out


_POSIX_CLASSES = {"alpha": "A-Za-z", "digit": "0-9", "alnum": "A-Za-z0-9", "upper": "A-Z", "lower": "a-z",
                  "space": "\\s", "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f"}


def _glob(pattern: str, raw: str) -> re.Pattern[str]:
    """A glob as a regular expression: ``*`` and ``?`` within one part of a path, ``**`` as a whole part across
    parts, ``[...]`` a character class (``[!...]`` or ``[^...]`` its complement, ``[:digit:]`` and the like)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        whole_part = (i == 0 or pattern[i - 1] == "/") and pattern.startswith("**", i)
        if whole_part and pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif whole_part and i + 2 == len(pattern):
            out.append(".*")
            i += 2
        elif c == "*":
            while i < len(pattern) and pattern[i] == "*":
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif c == "[":
            cls, i = _char_class(pattern, i, raw)
            out.append(cls)
        else:
            out.append(re.escape(c))
            i += 1
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error as exc:
        raise ValueError(f"{raw!r} is not a pattern this reads: {exc}") from None


def _char_class(pattern: str, start: int, raw: str) -> tuple[str, int]:
    """The class opening at ``pattern[start]`` ("["), as a regular expression, and where it ends."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] in "!^"
    i += negate
    body: list[str] = []
    first = True
    while i < len(pattern) and (pattern[i] != "]" or first):
        if pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            name = pattern[i + 2:end] if end >= 0 else ""
            if name not in _POSIX_CLASSES:
                raise ValueError(f"{raw!r}: [:{name}:] is not a class this knows ({', '.join(_POSIX_CLASSES)})")
            body.append(_POSIX_CLASSES[name])
            i = end + 2
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            body.append(re.escape(pattern[i + 1]))
            i += 2
        elif pattern[i] == "-" and body and i + 1 < len(pattern) and pattern[i + 1] != "]":
            body.append("-")
            i += 1
        else:
            body.append(re.escape(pattern[i]) if pattern[i] != "-" else "\\-")
            i += 1
        first = False
    if i >= len(pattern):
        raise ValueError(f"{raw!r}: a [ opens a class that no ] closes")
    if not body:
        raise ValueError(f"{raw!r}: an empty class []")
    return ("[^/" if negate else "[") + "".join(body) + "]", i + 1


def collect(paths: Sequence[str], skipped: Skipped | None = None,
            exclude: PathFilter | None = None) -> Iterator[str | InputProblem]:
    """Article paths in a stable order: files as given, folders walked (sorted, hidden entries skipped).

    A folder walk takes regular files (and links to them) with an article's suffix, less what ``exclude``
    names; what it passes over is counted in ``skipped``. A file named on the command line is audited whatever
    ``exclude`` says. A folder that cannot be read is a problem, not an empty folder; a file reached twice is
    audited once.
    """
    exclude = exclude or PathFilter()
    skipped = skipped if skipped is not None else Skipped()
    seen: set[tuple[int, int] | str] = set()

    def first_time(path: str) -> bool:
        key: tuple[int, int] | str
        try:
            st = os.stat(path)
        except OSError:
            key = os.path.abspath(path)  # reading it will say what is wrong, once
        else:
            key = (st.st_dev, st.st_ino)
        if key in seen:
            skipped.duplicates += 1
            return False
        seen.add(key)
        return True

    stdin_seen = False
    for raw in paths:
        if raw == STDIN:
            if stdin_seen:
                skipped.duplicates += 1  # "scan - -": standard input is read once
            else:
                stdin_seen = True
                yield raw
            continue
        if not os.path.isdir(raw):
            if first_time(raw):
                yield raw
            continue
        yield from _walk(raw, skipped, first_time, exclude)


def _walk(root: str, skipped: Skipped, first_time: Callable[[str], bool],
          exclude: PathFilter) -> Iterator[str | InputProblem]:
    found = False
    unreadable: list[InputProblem] = []

    def failed(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else root
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        unreadable.append(InputProblem(where, f"cannot read this folder: {reason}"))

    def left_out(folder: str, name: str, is_folder: bool = False) -> bool:
        if not exclude:
            return False
        relative = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
        if exclude.excludes(relative, is_folder):
            skipped.excluded += 1
            return True
        return False

    excluded_before = skipped.excluded
    for folder, dirs, files in os.walk(root, onerror=failed):
        yield from unreadable
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not left_out(folder, d, True))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            suffix = Path(name).suffix.lower()
            if suffix in ARTICLE_SUFFIXES and left_out(folder, name):
                continue
            if suffix not in ARTICLE_SUFFIXES:
                skipped.by_suffix[suffix] += 1
                continue
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = True  # a dangling link: reading it will say so
            if not regular:
                skipped.special += 1
                continue
            found = True
            if first_time(path):
                yield path
    if unreadable:
        yield from unreadable
    elif not found and skipped.excluded == excluded_before:  # a folder all excluded is no mistake
        suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
        yield InputProblem(root, f"no articles in this folder (looked for {suffixes})")


def audit(
    paths: Sequence[str],
    *,
    stdin: BinaryIO | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_problem: Callable[[InputProblem], None] | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
    outlets_file: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    shard: tuple[int, int] | None = None,
    exclude: Sequence[str] = (),
    jobs: int = 1,
) -> Report:
    """Scan every article under ``paths``; a file that fails is recorded and the run goes on.

    ``outlets_file`` adds the user's own outlets to the gazetteer (see :func:`load_user_outlets`). ``shard``
    (K, N) scans only the K-th of N stable parts of the articles (see :func:`in_shard`). ``jobs`` processes
    scan at once; the report is the same whatever their number."""
    from auditor.scan.gazetteer import load_gazetteer  # NOTE: the scanner loads with the first run, not on import

    gazetteer = load_gazetteer(outlets_file)
    skipped = Skipped()
    everything = list(collect(paths, skipped, PathFilter(exclude)))
    if skipped and on_skipped is not None:
        on_skipped(skipped)
    chosen = [(i, item) for i, item in enumerate(everything) if shard is None or in_shard(item, paths, *shard)]
    article_places: list[int] = []
    problem_places: list[int] = []
    articles = ArticleSpool()
    problems: list[InputProblem] = []
    if progress is not None:
        progress(0, len(chosen))
    scanned = _scanned([item for _, item in chosen], stdin, gazetteer, outlets_file, time_limit, jobs)
    for done, ((place, _), result) in enumerate(zip(chosen, scanned, strict=True), 1):
        if isinstance(result, Article):
            articles.append(result)
            article_places.append(place)
        else:
            problems.append(result)
            problem_places.append(place)
            if on_problem is not None:
                on_problem(result)
        if progress is not None:
            progress(done, len(chosen))
    part = None if shard is None else Shard(shard[0], shard[1], run_name(paths, exclude), tuple(article_places),
                                               tuple(problem_places))
    meta = Meta(generated_at=_now(), resolved=False, version=__version__, shard=part)
    return Report(meta, articles, tuple(problems))


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


POOL_AFTER = 4
"""Articles a process is worth starting for: fewer are scanned in this one."""


def _scanned(items: list[str | InputProblem], stdin: BinaryIO | None, gazetteer: Gazetteer,
             outlets_file: str | None, time_limit: float | None, jobs: int) -> Iterator[Article | InputProblem]:
    """Each item's article or problem, in the items' order: in this process, or over ``jobs`` worker processes
    that read and scan a file each and send the article back."""
    tasks: list[tuple[str, bytes | InputProblem | None] | InputProblem] = []
    for item in items:
        if item == STDIN:
            tasks.append((STDIN, _read_stdin(stdin)))
        else:
            tasks.append(item if isinstance(item, InputProblem) else (item, None))
    files = sum(1 for t in tasks if not isinstance(t, InputProblem))
    jobs = min(jobs, files // POOL_AFTER)
    if jobs <= 1:
        for task in tasks:
            yield task if isinstance(task, InputProblem) else _scan_one(*task, gazetteer, time_limit)
        return
    from concurrent.futures import ProcessPoolExecutor  # NOTE: here: only a run worth a pool needs it

    # NOTE: forked workers inherit the loaded gazetteer and the compiled scanner (imported here, in the parent,
    # whose exit keeps its patterns' programs for the next run: the workers are killed, not left to exit); where
    # processes are spawned, each loads its own.
    import auditor.scan.article
    import auditor.scan.html  # noqa: F401

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    work = [t for t in tasks if not isinstance(t, InputProblem)]
    size = max(1, min(16, len(work) // (jobs * 16)))

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(outlets_file, time_limit))

    results = _chunk_results([work[i:i + size] for i in range(0, len(work), size)], start, ahead=2 * jobs)
    scanned: list[Article | InputProblem] = []
    try:
        for task in tasks:
            if isinstance(task, InputProblem):
                yield task
                continue
            if not scanned:
                scanned = next(results)[::-1]
            yield scanned.pop()
    finally:
        results.close()


_Task = tuple[str, bytes | InputProblem | None]
DIED = "the process scanning it stopped (killed, out of memory, or a crash inside a library); not audited"


def _chunk_results(chunks: list[list[_Task]], start: Callable[[], ProcessPoolExecutor],
                   ahead: int) -> Generator[list[Article | InputProblem], None, None]:
    """Each chunk's articles, in order, from worker processes, ``ahead`` chunks in flight.

    A worker that dies breaks the pool, and every chunk in flight with it: the pool is started again and the first
    chunk's articles are scanned again one at a time, alone in the pool, so that an article whose scan kills a
    worker when nothing else is running is known for the culprit and made a problem of its own.
    On Ctrl-C, SIGTERM or any error the workers are killed at once, whatever they are doing."""
    from concurrent.futures.process import BrokenProcessPool

    queue = deque(chunks)
    running: deque[Future[list[Article | InputProblem]]] = deque()
    executor: ProcessPoolExecutor | None = None
    alone = 0
    """Chunks still to be scanned one at a time, after a break."""
    try:
        while queue:
            if executor is None:
                executor = start()
                running.clear()
            while len(running) < min(len(queue), 1 if alone else ahead):
                running.append(executor.submit(_work_all, queue[len(running)]))
            try:
                result = _wait(running[0])
            except BrokenProcessPool:
                was_alone = len(running) == 1
                _kill(executor)
                executor = None
                suspects = queue.popleft()
                if len(suspects) > 1:
                    queue.extendleft([task] for task in reversed(suspects))  # again, each by itself
                    alone = max(alone, len(suspects))
                elif was_alone:
                    alone = max(0, alone - 1)
                    yield [InputProblem(suspects[0][0], DIED)]
                else:
                    queue.appendleft(suspects)  # it may have died with another's crash: again, by itself
                    alone = max(alone, 1)
                continue
            running.popleft()
            queue.popleft()
            alone = max(0, alone - 1)
            yield result
    finally:
        if executor is not None:
            _kill(executor)


def _wait(future: Future[list[Article | InputProblem]]) -> list[Article | InputProblem]:
    """The future's result, waking every quarter second: a signal taken by one of the pool's own threads only
    sets a flag, which this thread acts on when it next runs."""
    from concurrent.futures import TimeoutError as FutureTimeout

    while True:
        try:
            return future.result(timeout=0.25)
        except FutureTimeout:
            continue


def _kill(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now: a worker left waiting on a FIFO or a hostile page would outlive the run.

    Returns once the pool's manager thread has wound up (it does within milliseconds of its workers' deaths): one
    still closing its pipes as the interpreter exits races the exit handler that wakes it, which then writes to a
    closed pipe and prints a traceback (seen after ``| head`` closed the report's pipe)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())  # NOTE: no public way before 3.14
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    if manager is not None:
        manager.join(timeout=10)


def _read_stdin(stdin: BinaryIO | None) -> bytes | InputProblem:
    if stdin is None:
        return InputProblem(STDIN, "standard input is closed")
    try:
        return read_capped(stdin, STDIN)
    except InputError as exc:
        return InputProblem(STDIN, exc.reason)


_WORKER: tuple[Gazetteer, float | None] | None = None


def _start_worker(outlets_file: str | None, time_limit: float | None) -> None:
    global _WORKER
    from auditor.scan.gazetteer import load_gazetteer

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command line's handler: the pool ends workers so
    _WORKER = (load_gazetteer(outlets_file), time_limit)


def _work_all(tasks: list[_Task]) -> list[Article | InputProblem]:
    assert _WORKER is not None
    return [_scan_one(task[0], task[1], *_WORKER) for task in tasks]


def _scan_one(item: str, data: bytes | InputProblem | None, gazetteer: Gazetteer,
              time_limit: float | None) -> Article | InputProblem:
    """One article read and scanned, or the problem that stopped it; ``data`` is standard input's, already read."""
    from auditor.scan import scan_article

    if isinstance(data, InputProblem):
        return data
    try:
        if data is None:
            with _deadline(time_limit, item, "to read (a FIFO nobody writes to?)"):
                data = read_bytes(Path(item))
        if is_blank(data):
            raise InputError(item, "empty input" if item == STDIN else "empty file")
        with _deadline(time_limit, item, "to scan (a hostile or malformed page?)"):
            return scan_article(item, data, gazetteer)
    except InputError as exc:
        return InputProblem(item, exc.reason)
    except RecursionError:
        return InputProblem(item, "markup is nested too deeply to read")
    except Exception as exc:  # a bug, or memory run out: this article is lost, not the run
        return InputProblem(item, f"the scanner failed on it ({type(exc).__name__}: {exc}); not audited. This is "
                                  "a bug: please report it with the file")


def in_shard(item: str | InputProblem, roots: Sequence[str], index: int, count: int) -> bool:
    """Whether ``item`` falls in shard ``index`` of ``count``: by a hash of its path relative to the folder scanned,
    so the same article lands in the same shard on every machine and every night. A folder's own problem ("no
    articles in this folder") is shard 1's."""
    path = item.path if isinstance(item, InputProblem) else item
    if isinstance(item, InputProblem) and any(os.path.normpath(path) == os.path.normpath(r) for r in roots):
        return index == 1
    key = path
    for root in roots:
        if root != STDIN and os.path.isdir(root):
            relative = os.path.relpath(path, root)
            if not relative.startswith(".."):
                key = relative
                break
    digest = hashlib.sha256(key.replace(os.sep, "/").encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def run_name(paths: Sequence[str], exclude: Sequence[str] = ()) -> str:
    """Names a whole run, for shards to be matched: the paths scanned, those left out, and the version."""
    text = "\x1f".join([__version__, *paths, *(["\x1e", *exclude] if exclude else [])])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class _OverTime(Exception):
    """Raised in the main thread when one article has taken longer than its time limit."""


@contextlib.contextmanager
def _deadline(seconds: float | None, path: str, doing: str) -> Iterator[None]:
    """Stop the scan of one article after ``seconds`` (an :class:`InputError` saying so); a no-op without a
    limit or off the main thread (signals are delivered there only)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _OverTime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverTime:
        raise InputError(path, f"took longer than {seconds:g} s {doing}; not audited") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
