"""scripts/system-deps, the one list of system packages, run against stand-ins for dpkg-query, apt-get,
id and npm: it installs only what is missing, and as a normal user prints the one command instead."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-deps"
TEST_PACKAGES = "chromium fonts-noto-core fonts-noto-cjk tesseract-ocr"


@pytest.fixture
def machine(tmp_path):
    """Run the script on a pretend Debian machine: `installed` lists its packages, `uid` its user."""
    shims = tmp_path / "bin"
    shims.mkdir()
    log = tmp_path / "apt-get.log"

    def shim(name, body):
        (shims / name).write_text(f"#!/bin/sh\n{body}\n")
        (shims / name).chmod(0o755)

    shim("apt-get", f'echo "apt-get $*" >> {log}')
    shim("npm", "exit 0")

    def run(need, installed=(), uid=0):
        listed = "".join(f'[ "$a" = {package} ] && echo "{package} ii " ; ' for package in installed)
        shim("dpkg-query", f'for a; do {listed}:; done; exit 1')
        shim("id", f"echo {uid}")
        env = {**os.environ, "PATH": f"{shims}:/usr/bin:/bin"}
        env.pop("CHROMIUM_PATH", None)
        result = subprocess.run([str(SCRIPT), need], env=env, capture_output=True, text=True, timeout=30)
        apt = log.read_text().splitlines() if log.exists() else []
        return result, apt

    return run


def test_the_site_needs_no_system_package(machine):
    result, apt = machine("run", installed=())
    assert (result.returncode, result.stdout, result.stderr, apt) == (0, "", "", [])


def test_nothing_happens_when_everything_is_installed(machine):
    result, apt = machine("test", installed=TEST_PACKAGES.split())
    assert (result.returncode, result.stdout, result.stderr, apt) == (0, "", "", [])


def test_root_installs_only_what_is_missing(machine):
    result, apt = machine("test", installed=["fonts-noto-core"])
    assert result.returncode == 0, result.stderr
    assert apt == ["apt-get update -qq",
                   "apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk tesseract-ocr"]


def test_a_normal_user_is_told_the_one_command(machine):
    result, apt = machine("test", uid=1000)
    assert result.returncode == 1 and apt == []
    assert f"  sudo apt-get install --no-install-recommends {TEST_PACKAGES}\n" in result.stderr


def test_an_unknown_need_is_refused(machine):
    result, _apt = machine("tests")
    assert result.returncode == 2 and "usage" in result.stderr
