"""An editor asks for alt-text drafts on the image editor and watches the job finish without
reloading the page; the drafts are then in the form."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Collection

from adapters_app.models import AltTextJob
from adapters_app.tasks import alt_text_drafts
from governance.roles import EDITORS, ensure_roles
from tests.adapters_app.conftest import bar_chart, encode, store_image

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "browser-test-password"


@pytest.fixture
def editor_and_image(transactional_db, settings, django_user_model):
    settings.ROOT_URLCONF = "tests.browser.urls"
    # Transactional tests empty the database, the root collection from the migrations included.
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    ensure_roles()
    editor = django_user_model.objects.create_user("eddie", "eddie@example.com", PASSWORD)
    editor.groups.set([Group.objects.get(name=EDITORS)])
    return editor, store_image(encode(bar_chart()), "chart.png", title="Quarterly numbers")


def test_generate_alt_text_shows_progress_until_the_drafts_are_written(browser, live_server, editor_and_image):
    _editor, image = editor_and_image
    page = log_in(browser, live_server, "eddie", PASSWORD)
    page.goto(f"{live_server.url}/admin/images/{image.pk}/")
    page.evaluate("window.stillTheSamePage = true")
    progress = page.locator("[data-live-progress]")
    expect(progress).to_contain_text("No drafts asked for yet")

    page.get_by_role("button", name="Generate alt text").click()
    expect(progress).to_contain_text("Queued alt-text drafts for 1 image.")
    expect(progress.locator("[data-unfinished]")).to_have_count(1)

    alt_text_drafts(AltTextJob.objects.get(image=image).pk)  # the media worker's part

    expect(progress).to_contain_text("German: Draft written", timeout=10_000)
    expect(progress.locator("[data-unfinished]")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True, "the progress arrived without a reload"
    screenshot(page, "alt-text-progress")

    progress.get_by_role("link", name="Reload").click()
    expect(page.locator("#id_alt_text_de")).to_have_value(image.__class__.objects.get(pk=image.pk).alt_text_de)
    assert "Diagramm" in page.locator("#id_alt_text_de").input_value()
