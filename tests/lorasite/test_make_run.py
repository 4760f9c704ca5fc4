"""Smoke test of `make run`: the same set-up and the same Procfile, against a temporary database and
broker folder. The site answers, a task goes through the running worker, and Ctrl-C leaves nothing
behind."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def processes_with(marker):
    """PIDs of live processes whose environment contains `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "State:\tZ" not in status:
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.fixture
def run_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        LORASITE_VAR_DIR=str(tmp_path / "var"),
        EMAIL_URL="filemail://",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        PORT=str(free_port()),
        PATH=f"{BIN}{os.pathsep}{env['PATH']}",
        # Unique per run, so that concurrent test runs never mistake each other's processes.
        LORASITE_SMOKE_MARKER=uuid.uuid4().hex,
    )
    return env


def test_make_run_serves_the_site_runs_tasks_and_stops_cleanly(run_env, tmp_path):
    setup = subprocess.run(["make", "setup"], cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=300)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "Admin login: admin" in setup.stdout
    assert "Demo logins (password changeme): writer, editor, policy, monetization, translator-de" in setup.stdout
    with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as db:
        def workflow_states(model):
            return dict(db.execute(
                "SELECT status, COUNT(*) FROM wagtailcore_workflowstate JOIN django_content_type"
                " ON django_content_type.id = base_content_type_id WHERE model = ? GROUP BY status", (model,)
            ).fetchall())

        pages, placements = workflow_states("page"), workflow_states("adplacement")
        suspended = db.execute("SELECT COUNT(*) FROM governance_adplacement WHERE suspended_at IS NOT NULL").fetchone()
        live = db.execute("SELECT COUNT(*) FROM governance_adplacement WHERE live").fetchone()
    # Demo pages went through the real workflow: most approved, one waiting, one sent back. Their ad
    # placements went through theirs: four approved and live, one suspended by a later edit, one waiting.
    assert pages["approved"] >= 10 and pages["in_progress"] == 1 and pages["needs_changes"] == 1
    assert placements == {"approved": 5, "in_progress": 1}
    assert live == (4,) and suspended == (1,)

    marker = f"LORASITE_SMOKE_MARKER={run_env['LORASITE_SMOKE_MARKER']}"
    log = open(tmp_path / "honcho.log", "w")
    honcho = subprocess.Popen(
        [str(BIN / "honcho"), "start", "-f", "Procfile"], cwd=ROOT, env=run_env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{run_env['PORT']}"
    try:
        wait_until(lambda: get(f"{base}/healthz")[0] == 200, 60, "/healthz")
        status, body = get(f"{base}/readyz")
        assert status == 200, body
        assert {name for name, check in json.loads(body)["checks"].items() if check["ok"]} == {"database", "cache", "broker"}
        status, body = get(f"{base}/admin/login/")
        assert status == 200 and "Sign in" in body

        queued = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from newsletter.outbox import queue_email; print(queue_email('smoke@example.com', 'Smoke test', 'Through the worker').pk)"],
            cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=60,
        )
        assert queued.returncode == 0, queued.stderr
        pk = int(queued.stdout.strip().splitlines()[-1])

        def delivered():
            with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as db:
                row = db.execute("SELECT state FROM newsletter_outboundemail WHERE id = ?", (pk,)).fetchone()
            return row == ("succeeded",)

        wait_until(delivered, 60, "the worker to deliver the email")
        # The worker delivers the demo's workflow notifications too; ours is among them, once.
        mails = [path.read_text() for path in (tmp_path / "mail").glob("*.log")]
        assert sum(text.count("Subject: Smoke test") for text in mails) == 1

        # The demo content queued the lab's standard runs; the gpu worker takes them up at once.
        def demo_under_way():
            with sqlite3.connect(tmp_path / "var" / "db.sqlite3") as db:
                return db.execute("SELECT COUNT(*) FROM adapters_app_demorun WHERE state IN ('running', 'succeeded')"
                                  ).fetchone()[0] > 0

        wait_until(demo_under_way, 60, "the gpu worker to start a demo run")

        ping = subprocess.run(
            [str(BIN / "celery"), "-A", "lorasite", "inspect", "ping", "--json", "--timeout", "5"],
            cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=60,
        )
        nodes = {name.split("@")[0] for name in json.loads(ping.stdout)}
        assert nodes == {"default", "gpu"}, ping.stdout + ping.stderr
        assert processes_with(marker)
    finally:
        honcho.send_signal(signal.SIGINT)  # what Ctrl-C does
        try:
            honcho.wait(timeout=60)
        finally:
            log.close()
            leftovers = processes_with(marker)
            for pid in leftovers:
                os.kill(pid, signal.SIGKILL)
    output = (tmp_path / "honcho.log").read_text()
    assert leftovers == [], output[-3000:]
    assert "beat" in output and "celery beat" in output
