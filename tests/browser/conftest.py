"""Browser tests: Playwright's Python package driving Debian's Chromium, headless, against the live
test server. Screenshots land in test-artifacts/ (kept by CI as artifacts)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.demo.loader import DemoLoader

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_DIR = ROOT / "var" / "npm"
AXE_VERSION = "4.14.1"

pytestmark = pytest.mark.browser


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                    "(make test does: scripts/system-deps test).")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own database work is
    # still synchronous, so Django's async-safety check does not apply while it runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser_module():
    """One Chromium for a whole module of tests that need no database."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    """axe-core from the npm package, installed on first use."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core for the accessibility tests.")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}"],
                       check=True, capture_output=True, timeout=300)
    return script.read_text()


@pytest.fixture
def demo_site(transactional_db, settings):
    """The demo site's structure plus a translated article with figures, served with media."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    loader = DemoLoader(log=lambda message: None)
    loader.build_structure()
    loader.load_pages(stems=["lora-deployment-guide"])
    loader.ensure_featured()
    return loader


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


DEMO_PASSWORD = "browser-test-password"


def new_page(browser):
    """A fresh browser context (its own cookies), wide enough for the article's side column."""
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    # the AdSense library is Google's; nothing here may reach it
    page.route(re.compile(r".*googlesyndication\.com.*"), lambda route: route.abort())
    return page


def log_in(browser, live_server, username, password=DEMO_PASSWORD):
    """Sign in to the admin as one of the demo logins (load them with DEMO_USERS_PASSWORD=DEMO_PASSWORD)."""
    page = new_page(browser)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
