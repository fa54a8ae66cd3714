"""requirements.lock and requirements-dev.lock: in step with pyproject.toml, pinned and hashed.

`make lock` writes both with pip-tools; these checks only read files, so they need
no network and tell at once when pyproject.toml changed without `make lock`.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[3]
RUNTIME_LOCK = REPO / "requirements.lock"
DEV_LOCK = REPO / "requirements-dev.lock"
LOCKS = [RUNTIME_LOCK, DEV_LOCK]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
RUNTIME = PYPROJECT["project"]["dependencies"]
DEV = PYPROJECT["project"]["optional-dependencies"]["dev"]
# The project is built with --no-build-isolation, by the setuptools the locks pin.
BUILD = PYPROJECT["build-system"]["requires"]


@dataclass(frozen=True)
class Pin:
    """One package of a lock file: its exact version and how many file hashes it allows."""

    version: Version
    hashes: int


def read_lock(text: str) -> dict[NormalizedName, Pin]:
    """The packages a lock file pins; ValueError on an entry that is not ``name==version``."""
    entries: dict[NormalizedName, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip().removesuffix("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0].isspace():
            current.append(stripped)
            continue
        requirement = Requirement(stripped)
        specifiers = list(requirement.specifier)
        if len(specifiers) != 1 or specifiers[0].operator != "==" or requirement.extras:
            raise ValueError(f"not an exact pin: {stripped}")
        current = [specifiers[0].version]
        entries[canonicalize_name(requirement.name)] = current
    return {
        name: Pin(Version(version), sum(option.startswith("--hash=sha256:") for option in rest))
        for name, (version, *rest) in entries.items()
    }


def out_of_step(requirements: list[str], locked: dict[NormalizedName, Pin]) -> list[str]:
    """The requirements that the locked versions do not satisfy, each saying why."""
    problems = []
    for line in requirements:
        requirement = Requirement(line)
        pin = locked.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{line}: not in the lock")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{line}: the lock has {pin.version}")
    return problems


def lock(path: Path) -> dict[NormalizedName, Pin]:
    return read_lock(path.read_text())


@pytest.mark.parametrize("path", LOCKS, ids=lambda path: path.name)
def test_every_runtime_and_build_requirement_is_locked(path):
    assert out_of_step(RUNTIME + BUILD, lock(path)) == [], "pyproject.toml changed: make lock"


def test_every_dev_requirement_is_locked_for_the_tests():
    assert out_of_step(DEV, lock(DEV_LOCK)) == [], "pyproject.toml changed: make lock"


@pytest.mark.parametrize("path", LOCKS, ids=lambda path: path.name)
def test_every_locked_package_has_hashes(path):
    unhashed = [name for name, pin in lock(path).items() if pin.hashes == 0]

    assert lock(path) and unhashed == []


def test_the_tests_run_the_versions_the_image_ships():
    runtime, dev = lock(RUNTIME_LOCK), lock(DEV_LOCK)

    assert {name: dev.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("path", LOCKS, ids=lambda path: path.name)
def test_locks_are_made_for_the_python_of_the_image(path):
    image_python = re.search(r"^FROM python:(\d+\.\d+)", (REPO / "Dockerfile").read_text(), re.M)
    assert image_python is not None

    assert f"pip-compile with Python {image_python.group(1)}\n" in path.read_text()


def test_this_environment_was_installed_from_the_dev_lock():
    installed = {name: Version(importlib.metadata.version(name)) for name in lock(DEV_LOCK)}

    assert installed == {name: pin.version for name, pin in lock(DEV_LOCK).items()}


SAMPLE_LOCK = """\
#    make lock
fastapi==0.115.2 \\
    --hash=sha256:aaaa \\
    --hash=sha256:bbbb
    # via comida-caseira-whatsapp (pyproject.toml)
Twilio==8.1.0 \\
    --hash=sha256:cccc
"""


@pytest.mark.parametrize(
    ("requirements", "problems"),
    [
        (["fastapi>=0.115", "twilio"], []),
        (["fastapi>=0.116"], ["fastapi>=0.116: the lock has 0.115.2"]),
        (["twilio>=9.0"], ["twilio>=9.0: the lock has 8.1.0"]),
        (["uvicorn[standard]>=0.30"], ["uvicorn[standard]>=0.30: not in the lock"]),
    ],
)
def test_the_check_sees_a_lock_out_of_step(requirements, problems):
    locked = read_lock(SAMPLE_LOCK)

    assert locked[canonicalize_name("fastapi")] == Pin(Version("0.115.2"), hashes=2)
    assert out_of_step(requirements, locked) == problems


@pytest.mark.parametrize("entry", ["fastapi>=0.115", "fastapi", "uvicorn[standard]==0.30.0"])
def test_the_check_refuses_a_lock_entry_that_is_not_an_exact_pin(entry):
    with pytest.raises(ValueError, match="not an exact pin"):
        read_lock(f"{entry} \\\n    --hash=sha256:aaaa\n")
