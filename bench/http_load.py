"""The HTTP half of the page-serving benchmark: gunicorn with production settings (2 sync workers, as on
the 2-core machines here) serving the benchmark's site, loaded with wrk at 16 and 64 connections.

Measured in one run, interleaved over rounds (medians reported): a static file (the ceiling: whitenoise
from the same gunicorn), the article, home, listing and search from the shared page cache, and the article
uncached (a request with a session cookie bypasses the cache and renders the page). Prints a table and
the goals as ratios: cached article ≥ 50 % of the static file's requests per second at 16 connections,
with p99 under 50 ms there; the uncached article's requests per second beside the figure the issue
measured before the cache (21 req/s).
"""

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
UNCACHED_BEFORE = 21.0  # req/s of the article at 16 connections, measured before the page cache
CONNECTIONS = (16, 64)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, connections, duration, headers=()):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")

    def percentile(name):
        value, unit = re.search(rf"^\s+{name}\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    return rate, percentile("50%"), percentile("99%")


def serve_and_load(pages, duration=10, rounds=3):
    subprocess.run([str(ROOT / "scripts" / "system-deps"), "bench"], check=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lorasite.settings.production",
           "SECRET_KEY": "bench-" + "k3y" * 20, "ALLOWED_HOSTS": "127.0.0.1",
           "SECURE_SSL_REDIRECT": "false", "TRUSTED_PROXY_COUNT": "0", "LOG_LEVEL": "WARNING"}
    subprocess.run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)
    static = next(path for path in (Path(os.environ["LORASITE_VAR_DIR"]) / "static" / "css").glob("site.*.css"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "lorasite.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        targets = {"static file": (f"/static/css/{static.name}", ())}
        targets |= {f"{name} (cached)": (url, ()) for name, url in pages.items()}
        targets["article (uncached)"] = (pages["article"], ("Cookie: sessionid=bench-reader",))
        for url, headers in targets.values():  # fill the cache, warm the workers
            urllib.request.urlopen(urllib.request.Request(base + url, headers=dict(h.split(": ", 1) for h in headers)))
        results = {(name, c): [] for name in targets for c in CONNECTIONS}
        for _ in range(rounds):
            for name, (url, headers) in targets.items():
                for connections in CONNECTIONS:
                    results[(name, connections)].append(wrk(base + url, connections, duration, headers))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def median(name, connections, index):
        return statistics.median(run[index] for run in results[(name, connections)])

    print(f"\nHTTP: gunicorn, 2 sync workers, production settings; wrk, {duration} s runs, medians of {rounds}")
    print("| page | req/s (16) | p50 ms (16) | p99 ms (16) | req/s (64) | p99 ms (64) |")
    print("|---|---|---|---|---|---|")
    for name in targets:
        print(f"| {name} | {median(name, 16, 0):.0f} | {median(name, 16, 1):.1f} | {median(name, 16, 2):.1f} "
              f"| {median(name, 64, 0):.0f} | {median(name, 64, 2):.1f} |")
    static_rate = median("static file", 16, 0)
    cached = median("article (cached)", 16, 0)
    uncached = median("article (uncached)", 16, 0)
    print(f"\ncached_article_vs_static_16: {cached / static_rate:.2f} (goal >= 0.50)")
    print(f"cached_article_p99_ms_16: {median('article (cached)', 16, 2):.1f} (goal < 50)")
    print(f"uncached_article_rps_16: {uncached:.1f} (before the cache: {UNCACHED_BEFORE}; goal >= {2 * UNCACHED_BEFORE:.0f})")
    print(f"uncached_article_vs_before: {uncached / UNCACHED_BEFORE:.2f}")
