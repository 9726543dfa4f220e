"""Bring the real pages of ``manifest.json`` into an ignored cache folder, checked against their SHA-1.

    python -m tests.realpages.materialise --mirrors DIR   # from git mirrors already on disk
    python -m tests.realpages.materialise --clone         # or clone each pinned commit (needs the network)

``DIR`` holds one bare or ordinary git repository per source, named ``owner+name``
(optionally with a ``repo`` folder inside), ``owner/name`` or ``name``. Pages are
written to ``.cache/realpages/<id>.html``; nothing is committed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CACHE = ROOT / ".cache" / "realpages"


def mirror_dir(mirrors: Path, repo: str) -> Path:
    """The git directory of ``repo`` ("owner/name") inside ``mirrors``."""
    owner, name = repo.split("/")
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / f"{owner}+{name}", mirrors / owner / name,
                      mirrors / name, mirrors / f"{name}.git"):
        if candidate.is_dir():
            return candidate
    raise SystemExit(f"no git mirror of {repo} under {mirrors} (looked for {owner}+{name}, {owner}/{name}, {name})")


def git_show(git: Path, commit: str, path: str) -> bytes:
    """The bytes of ``path`` at ``commit``."""
    done = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{git}: cannot read {path} at {commit[:12]}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _clone(repo: str, commit: str, into: Path) -> Path:
    target = into / repo.replace("/", "+")
    if not target.exists():
        subprocess.run(["git", "init", "-q", "--bare", str(target)], check=True)
        subprocess.run(["git", "-C", str(target), "fetch", "-q", "--depth", "1",
                        f"https://github.com/{repo}.git", commit], check=True)
    return target


def load_manifest() -> list[dict[str, str]]:
    pages: list[dict[str, str]] = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))["pages"]
    return pages


def materialise(mirrors: Path | None, clone_into: Path | None = None) -> int:
    """Write every page to the cache; return how many were written or already there."""
    CACHE.mkdir(parents=True, exist_ok=True)
    count = 0
    for page in load_manifest():
        target = CACHE / f"{page['id']}.html"
        if target.exists() and hashlib.sha1(target.read_bytes()).hexdigest() == page["sha1"]:
            count += 1
            continue
        git = mirror_dir(mirrors, page["repo"]) if mirrors else _clone(page["repo"], page["commit"], clone_into or CACHE)
        raw = git_show(git, page["commit"], page["path"])
        body = gzip.decompress(raw) if page["path"].endswith(".gz") else raw
        digest = hashlib.sha1(body).hexdigest()
        if digest != page["sha1"]:
            raise SystemExit(f"{page['id']}: SHA-1 {digest} does not match the manifest's {page['sha1']}")
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(body)
        tmp.replace(target)
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--mirrors", type=Path, help="folder of git mirrors of the manifest's repositories")
    group.add_argument("--clone", action="store_true", help="fetch each pinned commit from GitHub")
    args = parser.parse_args()
    if args.clone:
        with tempfile.TemporaryDirectory() as tmp:
            count = materialise(None, Path(tmp))
    else:
        count = materialise(args.mirrors)
    print(f"{count} pages in {CACHE.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
