"""The package as it is shipped: a wheel and an sdist that pass `twine check`, hold the data files, and install
and run in a clean virtual environment; one version, said alike by the code, the metadata and the changelog.

The wheel is built once per test session from this checkout, without build isolation and without the network
(setuptools and wheel come from the test extras). The clean environment reaches the dependencies already
installed here through a path file: it holds no auditor of its own but the wheel's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import auditor
from tests.conftest import ROOT

ARTICLE = ROOT / "seeds" / "000_d71e34fecafe3ed8.txt"


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # NOTE: a copy of the sources, not the checkout: a build writes build/ and *.egg-info beside what it builds
    source = out / "src"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if not (ROOT / name).is_file():
            continue  # deleted in the working tree
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out / "dist"),
                             str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Package would be ignored" not in result.stdout + result.stderr
    return out / "dist"


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("auditor-*.whl")
    return wheel


def _sdist(dist: Path) -> Path:
    (sdist,) = dist.glob("auditor-*.tar.gz")
    return sdist


def test_twine_check_passes_on_the_wheel_and_the_sdist(dist: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(_wheel(dist)),
                             str(_sdist(dist))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_wheel_holds_every_data_file_the_package_reads(dist: Path) -> None:
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    wanted = [p.relative_to(ROOT).as_posix() for folder in ("auditor/data", "auditor/report/templates")
              for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in (".json", ".j2", ".css", ".js")]
    assert len(wanted) >= 14
    assert sorted(set(wanted) - names) == []
    assert "auditor/py.typed" in names
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


def test_one_version_in_the_code_the_metadata_the_changelog_and_the_sdist(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        meta_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(wheel.read(meta_name).decode())
    assert metadata["Version"] == auditor.__version__
    assert metadata["License"] == "MIT" or "MIT" in (metadata.get("License-Expression") or "")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", (ROOT / "CHANGELOG.md").read_text(),
                          re.MULTILINE)
    assert releases and releases[0] == auditor.__version__
    with tarfile.open(_sdist(dist)) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "setup.cfg", "auditor/data/outlets.json"} <= members
    assert any(m.startswith("seeds/") for m in members)


def test_the_report_schema_is_published_with_a_stable_id(dist: Path) -> None:
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        schema = json.loads(wheel.read("auditor/data/report.schema.json"))
    assert schema["$id"] == "urn:auditor:report-format:1"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.fixture(scope="session")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean virtual environment with the wheel installed; the dependencies are this environment's."""
    home = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True, symlinks=True).create(home)
    python = home / "bin" / "python"
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                             str(_wheel(dist))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # NOTE: a plain path, not a site folder: this environment's own path files (its editable auditor) are not run
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return home


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AUDITOR_", "VIRTUAL_ENV"))}
    env["AUDITOR_CACHE_DIR"] = str(tmp / "cache")
    return env


def test_the_installed_wheel_scans_an_article_as_the_checkout_does(installed: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import auditor; print(auditor.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(installed)), where  # the wheel's copy, not the checkout's
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.read_bytes())
    result = subprocess.run([str(installed / "bin" / "auditor"), "scan", "article.txt", "-f", "json", "-q"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from_wheel = json.loads(result.stdout)
    here = subprocess.run([sys.executable, "-m", "auditor", "scan", "article.txt", "-f", "json", "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    from_checkout = json.loads(here.stdout)
    assert from_wheel["articles"] == from_checkout["articles"]
    assert {"RIA Novosti", "BelTA", "Sky News"} <= {o["name"] for o in from_wheel["articles"][0]["outlets"]}
    assert from_wheel["meta"]["version"] == auditor.__version__


def test_the_installed_wheel_renders_the_html_report_and_says_its_version(installed: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path)
    version = subprocess.run([str(installed / "bin" / "auditor"), "--version"], env=env, cwd=tmp_path,
                             check=True, capture_output=True, text=True).stdout
    assert auditor.__version__ in version
    (tmp_path / "a.txt").write_bytes(ARTICLE.read_bytes())
    result = subprocess.run([str(installed / "bin" / "auditor"), "scan", "a.txt", "-f", "html", "-o", "r.html", "-q"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "r.html").read_text()
    assert "<style" in page and "RIA Novosti" in page  # the templates and their stylesheet came with the wheel
