"""Alt-text drafts in the admin: ask for them on an image or in bulk, follow them without reloading,
see failures with their reasons."""

import pytest

from adapters_app.models import AltTextJob
from adapters_app.tasks import alt_text_drafts
from governance.roles import EDITORS, MONETIZATION_MANAGERS
from lorasite.jobs import JobState

from .conftest import bar_chart, overwrite_stored_file, solid_red

pytestmark = pytest.mark.django_db
SCRIPT = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def edit_url(image):
    return f"/admin/images/{image.pk}/"


def test_the_image_editor_offers_generate_alt_text_with_the_engine(client, login, stored):
    login(EDITORS)
    image = stored(solid_red(), "red.png", title="Swatch")
    page = client.get(edit_url(image)).content.decode()
    assert "data-alt-text-panel" in page and "Generate alt text" in page
    assert f'formaction="/admin/alt-text/image/{image.pk}/generate/"' in page
    assert "No drafts asked for yet. Engine: offline." in page
    assert "adapters_app/js/live-progress" in page


def test_generating_without_scripts_queues_a_job_and_returns_to_the_editor(client, login, stored):
    editor = login(EDITORS)
    image = stored(solid_red(), "red.png", title="Swatch")
    response = client.post(f"/admin/alt-text/image/{image.pk}/generate/", {"languages": ["en", "ja"]}, follow=True)
    assert response.redirect_chain[-1][0] == edit_url(image)
    assert "Queued alt-text drafts for 1 image." in response.content.decode()
    job = AltTextJob.objects.get(image=image)
    assert job.languages == ["en", "ja"] and job.requested_by == editor and job.state == JobState.QUEUED
    assert "data-unfinished" in response.content.decode(), "the panel shows the job under way"


def test_the_panel_script_gets_the_progress_fragment_and_follows_the_job_to_its_outcome(client, login, stored):
    login(EDITORS)
    image = stored(bar_chart(), "chart.png", title="Chart")
    queued = client.post(f"/admin/alt-text/image/{image.pk}/generate/", {"languages": ["en", "de"]}, **SCRIPT)
    fragment = queued.content.decode()
    assert queued.status_code == 200 and "<html" not in fragment
    assert "Queued alt-text drafts for 1 image." in fragment and "data-unfinished" in fragment

    alt_text_drafts(AltTextJob.objects.get(image=image).pk)
    done = client.get(f"/admin/alt-text/image/{image.pk}/status/", **SCRIPT).content.decode()
    assert "data-unfinished" not in done and 'data-state="succeeded"' in done
    assert "German: Draft written" in done and "Reload this page" in done


def test_asking_for_no_language_is_refused_with_a_message(client, login, stored):
    login(EDITORS)
    image = stored(solid_red(), "red.png", title="Swatch")
    response = client.post(f"/admin/alt-text/image/{image.pk}/generate/", {"languages": ["xx"]}, **SCRIPT)
    assert response.status_code == 400 and "not one of the available choices" in response.content.decode()
    response = client.post(f"/admin/alt-text/image/{image.pk}/generate/", {}, **SCRIPT)
    assert response.status_code == 400 and "Choose at least one language." in response.content.decode()
    assert not AltTextJob.objects.exists()


def test_a_failure_is_shown_with_its_reason(client, login, stored):
    login(EDITORS)
    image = overwrite_stored_file(stored(solid_red(), "red.png", title="Swatch"), b"GIF89a truncated")
    client.post(f"/admin/alt-text/image/{image.pk}/generate/", {"languages": ["en"]})
    alt_text_drafts(AltTextJob.objects.get(image=image).pk)
    status = client.get(f"/admin/alt-text/image/{image.pk}/status/").content.decode()
    assert "data-alt-text-error" in status and "is a damaged GIF file and cannot be read." in status
    report = client.get("/admin/alt-text/jobs/").content.decode()
    assert "is a damaged GIF file" in report and "Swatch" in report


def test_bulk_action_queues_drafts_for_the_selected_images(client, login, stored):
    login(EDITORS)
    images = [stored(solid_red(), f"red{i}.png", title=f"Swatch {i}") for i in range(3)]
    approved = stored(solid_red(), "done.png", title="Done", alt_text_en="The brand red on every button.")
    ids = "&".join(f"id={image.pk}" for image in [*images, approved])
    url = f"/admin/bulk/articles/loraimage/generate_alt_text/?{ids}&next=/admin/images/"
    confirm = client.get(url).content.decode()
    assert "Generate alt text for 4 images" in confirm and "Swatch 2" in confirm

    response = client.post(url, {"languages": ["en"]}, follow=True)
    page = response.content.decode()
    assert "Queued alt-text drafts for 3 images." in page
    assert "1 image has approved alt text in every language asked for." in page
    assert sorted(AltTextJob.objects.values_list("image__title", flat=True)) == ["Swatch 0", "Swatch 1", "Swatch 2"]


def test_the_bulk_action_is_offered_in_the_image_library(client, login, stored):
    login(EDITORS)
    stored(solid_red(), "red.png", title="Swatch")
    assert "generate_alt_text" in client.get("/admin/images/").content.decode()


def test_the_jobs_report_refreshes_itself_while_a_job_is_under_way(client, login, stored, django_assert_max_num_queries):
    login(EDITORS)
    for i in range(5):
        client.post(f"/admin/alt-text/image/{stored(solid_red(), f'r{i}.png', title=f'Swatch {i}').pk}/generate/",
                    {"languages": ["en"]})
    page = client.get("/admin/alt-text/jobs/").content.decode()
    assert 'data-live-progress="/admin/alt-text/jobs/?fragment=1"' in page
    with django_assert_max_num_queries(12):
        fragment = client.get("/admin/alt-text/jobs/?fragment=1").content.decode()
    assert fragment.count("data-alt-text-job=") == 5 and "data-unfinished" in fragment and "<html" not in fragment

    for job in AltTextJob.objects.all():
        alt_text_drafts(job.pk)
    assert "data-unfinished" not in client.get("/admin/alt-text/jobs/?fragment=1").content.decode()


def test_people_who_cannot_edit_images_cannot_ask_or_look(client, login, stored):
    login(MONETIZATION_MANAGERS, "mona")
    image = stored(solid_red(), "red.png", title="Swatch")
    # Wagtail's admin answers a refusal by sending the person to the dashboard with a message.
    for response in (client.post(f"/admin/alt-text/image/{image.pk}/generate/", {"languages": ["en"]}),
                     client.get(f"/admin/alt-text/image/{image.pk}/status/"), client.get("/admin/alt-text/jobs/")):
        assert (response.status_code, response.url) == (302, "/admin/")
    assert not AltTextJob.objects.exists()
