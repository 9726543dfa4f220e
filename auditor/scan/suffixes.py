"""The registered domain of a host, by the public suffix list bundled with tldextract.

The list is read from tldextract's own snapshot, its public part only, and applied as tldextract applies it
(the longest rule that matches, wildcards and their exceptions; no implicit ``*`` rule, so a host under an
unknown top-level domain has none): the same answers, without importing tldextract, which imports the HTTP
library and costs a run a tenth of a second before it has read a page. ``tests/scan/test_suffixes.py`` holds
the two to each other.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import marshal
import re
from pathlib import Path

from auditor.scan import compiled

_PRIVATE = "// ===BEGIN PRIVATE DOMAINS==="
_RULE = re.compile(r"^(?P<suffix>[.*!]*\w\S*)", re.MULTILINE)
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
"""The ideographic and full-width full stops a host may be written with."""


def _snapshot_path() -> Path | None:
    """tldextract's bundled copy of the list, found without importing the package; None in a zipped install."""
    spec = importlib.util.find_spec("tldextract")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder, ".tld_set_snapshot")
        if path.is_file():
            return path
    return None


def _snapshot(path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8")
    import pkgutil  # NOTE: a zipped install: let the package find its own (importing it)

    data = pkgutil.get_data("tldextract", ".tld_set_snapshot")
    if data is None:
        raise RuntimeError("tldextract's public suffix list is missing")
    return data.decode("utf-8")


@functools.cache
def _nodes() -> dict[str, bool]:
    """Every rule of the list's public part, and every tail of one (``co.uk`` gives ``uk``): whether it is a
    rule itself. A walk from the right stays among these. Kept as a compiled copy (:mod:`auditor.scan.compiled`)
    for the next run: reading the list took a tenth of a run's start."""
    source = _snapshot_path()
    copy = compiled.copy_path("suffixes", str(source), __file__) if source is not None else None
    data = compiled.read_copy(copy) if copy is not None else None
    if data is not None:
        with contextlib.suppress(EOFError, ValueError, TypeError):
            nodes = marshal.loads(data)
            if isinstance(nodes, dict):
                return nodes
    nodes = {}
    public = _snapshot(source).partition(_PRIVATE)[0]
    for match in _RULE.finditer(public):
        labels = match["suffix"].split(".")
        for start in range(len(labels) - 1, 0, -1):
            nodes.setdefault(".".join(labels[start:]), False)
        nodes[match["suffix"]] = True
    if copy is not None:
        compiled.write_copy(copy, marshal.dumps(nodes))
    return nodes


def _decoded(label: str) -> str:
    lowered = label.lower()
    if lowered.startswith("xn--"):
        import idna  # NOTE: only for a punycode label

        try:
            return str(idna.decode(lowered))
        except (UnicodeError, IndexError):
            pass
    return lowered


def _suffix_start(labels: list[str]) -> int | None:
    """The index of the first label of the public suffix of ``labels``; None when no rule covers the host."""
    nodes = _nodes()
    found = None
    tail = ""
    for index in range(len(labels) - 1, -1, -1):
        label = _decoded(labels[index])  # NOTE: only the labels the walk reaches: a host may have thousands
        candidate = label + ("." + tail if tail else "")
        is_rule = nodes.get(candidate)
        if is_rule is not None:
            if is_rule:
                found = index
            tail = candidate
            continue
        if ("*." + tail if tail else "*") in nodes:  # a wildcard under the labels matched so far
            exception = "!" + label + ("." + tail if tail else "")
            return index + 1 if exception in nodes else index
        break
    return found


def registered_domain(host: str) -> str:
    """The label under the host's public suffix, with the suffix (``news.bbc.co.uk`` -> ``bbc.co.uk``); ``""``
    for an address, a public suffix itself, or a host no rule covers."""
    name = host.partition("/")[0].partition("?")[0].partition("#")[0].rpartition("@")[-1]
    if name.startswith("["):
        return ""
    name = name.partition(":")[0].strip().rstrip(".\u3002\uff0e\uff61").translate(_DOTS)
    labels = name.split(".")
    start = _suffix_start(labels)
    if start is None or start == 0 or not labels[start - 1] or start >= len(labels):
        return ""
    return ".".join(labels[start - 1:])
