"""Large regular expressions, compiled once per installation rather than on every start.

Python compiles a pattern in Python code; the outlet grammar's patterns (one of them 13,500 characters) took a
fifth of the start of a run. :func:`compile` keeps what the compiler made of each pattern (the program the
regular-expression engine runs) in a compiled copy (:mod:`auditor.scan.compiled`, trusted as Python trusts its
compiled modules) and hands it to the engine directly in the next run; the engine refuses a program whose
structure is broken. The copy is named for this Python and its engine, and any miss or refusal compiles the
ordinary way.
"""

from __future__ import annotations

import atexit
import marshal
import re
import sys
from pathlib import Path
from typing import Any

from auditor.scan import compiled

try:  # NOTE: CPython's own compiler steps (re.compile is _parser.parse, _compiler._code, then _sre.compile)
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: patterns compile the ordinary way
    _sre = None

_Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_programs: dict[tuple[str, int], _Program] | None = None
"""What the copy holds, read at the first call: (pattern, flags) -> the arguments of ``_sre.compile``."""
_used: dict[tuple[str, int], _Program] = {}
"""The programs this process asked for, written back at exit when one was missing from the copy."""
_missing = False


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # the name re gives it
    """``re.compile(pattern, flags)``, from the compiled copy when it holds this pattern."""
    global _programs, _missing
    if _sre is None:
        return re.compile(pattern, flags)
    flags = int(flags)
    key = (pattern, flags)
    if _programs is None:
        _programs = _read()
    program = _programs.get(key)
    if program is not None:
        try:
            made: re.Pattern[str] = _sre.compile(pattern, *program)
            _used[key] = program
            return made
        except (RuntimeError, TypeError, ValueError, OverflowError):  # the engine refused it: compile again
            pass
    made, program = _compile(pattern, flags)
    if program is not None:
        if not _missing:
            _missing = True
            atexit.register(_write)
        _used[key] = program
    return made


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], _Program | None]:
    """Compile as ``re.compile`` does, keeping the program: the arguments ``_sre.compile`` takes."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        program: _Program = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                             tuple(indexgroup))
        return _sre.compile(pattern, *program), program
    except re.error:
        raise
    except Exception:  # pragma: no cover - the compiler's steps changed: compile the ordinary way
        return re.compile(pattern, flags), None


def _path() -> Path | None:
    return compiled.copy_path("patterns", version=f"{sys.version} {sys.implementation.cache_tag} {_sre.MAGIC} "
                                                  f"{_sre.CODESIZE}")


def _read() -> dict[tuple[str, int], _Program]:
    path = _path()
    data = compiled.read_copy(path) if path is not None else None
    if data is not None:
        try:
            programs: Any = marshal.loads(data)
            if isinstance(programs, dict):
                return programs
        except (EOFError, ValueError, TypeError):
            pass
    return {}


_KEPT = 1000
"""Programs a copy keeps besides this process's: two installed versions sharing a cache folder each find their
own, while the patterns of edited code do not pile up."""


def _write() -> None:
    """Write the programs this process used, and those the copy held for other code while there are few."""
    path = _path()
    if path is not None:
        others = _programs or {}
        kept = {**others, **_used} if len(others) + len(_used) <= _KEPT else _used
        compiled.write_copy(path, marshal.dumps(kept))
