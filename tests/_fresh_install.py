"""A fresh virtual environment with nothing but ``pip install .``, without reaching a package index.

The dependencies come from a wheelhouse repacked from the distributions this test environment
already has: the closure of what llmkit's metadata requires, nothing more, so a dependency
missing from ``pyproject.toml`` is missing in the fresh environment too.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as metadata
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
_SKIPPED = {"INSTALLER", "RECORD", "REQUESTED", "direct_url.json"}


def _closure(name: str) -> list[metadata.Distribution]:
    """``name``'s runtime requirements and theirs, as installed here (extras and other platforms left out)."""
    found: dict[str, metadata.Distribution] = {}
    pending = [Requirement(text) for text in metadata.requires(name) or ()]
    while pending:
        requirement = pending.pop()
        key = canonicalize_name(requirement.name)
        if key in found or (requirement.marker is not None and not requirement.marker.evaluate({"extra": ""})):
            continue
        found[key] = metadata.distribution(requirement.name)
        pending += [Requirement(text) for text in found[key].requires or ()]
    return list(found.values())


def _repack(distribution: metadata.Distribution, folder: Path) -> None:
    """An installed distribution as a wheel again: its files, a fresh RECORD, its own tags."""
    wheel_info = distribution.read_text("WHEEL") or ""
    tag = next((line.split(":", 1)[1].strip() for line in wheel_info.splitlines() if line.startswith("Tag:")), "")
    name = canonicalize_name(distribution.metadata["Name"]).replace("-", "_")
    version = distribution.version
    info = f"{name}-{version}.dist-info"
    base = Path(str(distribution.locate_file("")))
    records: list[str] = []
    with zipfile.ZipFile(folder / f"{name}-{version}-{tag or 'py3-none-any'}.whl", "w") as wheel:
        for file in distribution.files or ():
            parts = file.parts
            if parts[0] == ".." or "__pycache__" in parts:
                continue  # scripts (pip writes them anew) and compiled caches
            if parts[0].endswith(".dist-info"):
                if parts[-1] in _SKIPPED:
                    continue
                parts = (info, *parts[1:])
            data = (base / file).read_bytes()
            arcname = "/".join(parts)
            wheel.writestr(arcname, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{arcname},sha256={digest},{len(data)}")
        records.append(f"{info}/RECORD,,")
        wheel.writestr(f"{info}/RECORD", "\n".join(records) + "\n")


def fresh_install(where: Path) -> Path:
    """A new virtual environment in ``where`` with llmkit installed from this source tree; its python."""
    wheels = where / "wheels"
    wheels.mkdir(parents=True)
    # pip builds llmkit as usual, in an isolated environment with the build backend pyproject.toml
    # names; it finds that backend in the wheelhouse too (the dev extra installs it).
    for distribution in [*_closure("llmkit"), metadata.distribution("setuptools")]:
        _repack(distribution, wheels)
    # A copy of what the package is built from: an in-tree build would leave build/ and
    # *.egg-info in the working tree.
    source = where / "source"
    shutil.copytree(ROOT / "llmkit", source / "llmkit", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-index",
         "--find-links", str(wheels), str(source)],
        timeout=300, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if installed.returncode != 0:
        raise RuntimeError(f"pip install failed:\n{installed.stdout}\n{installed.stderr}")
    return python
