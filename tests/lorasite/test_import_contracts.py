"""The import contracts in pyproject.toml hold, and would catch governance importing articles."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["lorasite", "articles", "governance", "adapters_app", "newsletter"]
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(cwd):
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(cwd)})


def test_the_project_keeps_its_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_governance_importing_articles_breaks_a_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    checks = tmp_path / "governance" / "checks.py"
    checks.write_text(checks.read_text() + "\nfrom articles.blocks import stream_text  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "governance.checks -> articles.blocks" in result.stdout
