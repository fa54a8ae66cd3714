"""scripts/check-firestore-emulator.sh: `make test` stops early, saying how to install it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.firestore_support import INSTALL_HINT

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "check-firestore-emulator.sh"
GOOGLE_APT_LINE = "https://packages.cloud.google.com/apt cloud-sdk main"


def run_check(tmp_path: Path, *, jar: bool, java_version: str | None):
    """The script with a jar present or not and a stand-in java of ``java_version`` (or none)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sed", "cat"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    if java_version is not None:
        java = bin_dir / "java"
        java.write_text(f"#!/bin/sh\necho '    java.specification.version = {java_version}' >&2\n")
        java.chmod(0o755)
    jar_path = tmp_path / "cloud-firestore-emulator.jar"
    if jar:
        jar_path.write_bytes(b"PK")
    bash = shutil.which("bash")
    assert bash
    return subprocess.run(
        [bash, str(SCRIPT)],
        env={"PATH": str(bin_dir), "FIRESTORE_EMULATOR_JAR": str(jar_path)},
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.parametrize("java_version", ["17", "21"])
def test_passes_quietly_with_the_jar_and_java_17_or_newer(tmp_path, java_version):
    result = run_check(tmp_path, jar=True, java_version=java_version)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("jar", "java_version", "problem"),
    [
        (False, "17", "no emulator jar at "),
        (True, None, "no java on PATH"),
        (True, "11", "is Java 11; the emulator needs Java 17 or newer"),
        (True, "1.8", "is Java 1.8; the emulator needs Java 17 or newer"),
    ],
)
def test_fails_saying_what_is_missing_and_how_to_install_it(tmp_path, jar, java_version, problem):
    result = run_check(tmp_path, jar=jar, java_version=java_version)

    assert result.returncode == 1
    assert problem in result.stderr
    assert GOOGLE_APT_LINE in result.stderr
    assert "apt-key.gpg" in result.stderr
    assert "apt-get install -y google-cloud-cli-firestore-emulator" in result.stderr
    assert "openjdk-17-jre-headless" in result.stderr


def test_the_script_and_the_test_session_look_for_the_same_jar():
    default = re.search(r"FIRESTORE_EMULATOR_JAR:-([^}]+)}", SCRIPT.read_text())
    assert default is not None

    assert f'"{default.group(1)}"' in (REPO / "tests" / "firestore_support.py").read_text()


def test_a_missing_emulator_in_the_tests_points_to_the_script():
    assert INSTALL_HINT.startswith("scripts/check-firestore-emulator.sh ")
    assert SCRIPT.is_file()
