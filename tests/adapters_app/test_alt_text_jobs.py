"""Alt-text jobs: drafts are written by a worker, only where text is missing or a draft, never over
what a person approved, all languages of an image at once, and never lost with a worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from adapters_app.alttext import drafts
from adapters_app.alttext.engines import Draft
from adapters_app.models import AltTextJob
from adapters_app.tasks import alt_text_drafts
from articles.models import AltTextState, ImageAltText, LoraImage
from governance.media_checks import image_problems
from lorasite.jobs import JobState, sweep_stale_jobs

from .conftest import bar_chart, overwrite_stored_file, solid_red

pytestmark = pytest.mark.django_db
LANGUAGES = ["en", "de", "fr", "es", "ja", "zh-hans", "ar"]


def queue(images, languages=None, user=None):
    queued, _under_way, _nothing = drafts.request_alt_text(images, languages, user)
    return [AltTextJob.objects.get(image=image, state=JobState.QUEUED) for image in queued]


def reviews(image):
    return {row.language: row for row in ImageAltText.objects.filter(image=image)}


def test_a_job_drafts_every_language_and_the_checklist_waits_for_a_person(stored, django_capture_on_commit_callbacks):
    image = stored(bar_chart(), "chart.png", title="Quarterly numbers")
    with django_capture_on_commit_callbacks() as callbacks:
        [job] = queue([image])
    assert len(callbacks) == 1, "the job's message leaves once the request's transaction commits"

    assert alt_text_drafts(job.pk) == JobState.SUCCEEDED
    image.refresh_from_db()
    for language in LANGUAGES:
        assert image.alt_text_for(language), language
        assert image.alt_text_state(language) == AltTextState.DRAFT
    assert {row.engine for row in reviews(image).values()} == {"offline"}
    job.refresh_from_db()
    assert job.engine == "offline" and set(job.outcomes) == set(LANGUAGES)
    assert all(outcome["outcome"] == "drafted" for outcome in job.outcomes.values())
    # A draft is not approved text: a page showing the image waits for a person.
    assert any("machine-written draft" in str(problem) for problem in image_problems(image, "de"))


def test_text_a_person_wrote_or_approved_is_never_replaced(stored, django_user_model):
    reviewer = django_user_model.objects.create_user("rita")
    image = stored(solid_red(), "red.png", title="Swatch", alt_text_en="The brand red used on every button.")
    image.alt_text_de = "Alter Entwurf"
    image.save()
    image.draft_alt_text("de", "Alter Entwurf", "offline")
    image.approve_alt_text("fr", reviewer)  # approved while still empty: it stays missing, and is drafted

    [job] = queue([image], ["en", "de", "fr"])
    alt_text_drafts(job.pk)

    image.refresh_from_db()
    assert image.alt_text_en == "The brand red used on every button."
    assert image.alt_text_state("en") == AltTextState.APPROVED
    assert image.alt_text_de != "Alter Entwurf" and "Rot" in image.alt_text_de, "a draft is rewritten"
    assert image.alt_text_state("fr") == AltTextState.DRAFT and "rouge" in image.alt_text_fr
    job.refresh_from_db()
    assert job.outcomes["en"] == {"outcome": "kept"}
    assert not image.alt_text_ja, "languages not asked for are left alone"


def test_a_language_approved_while_the_worker_drafts_is_kept(stored, django_user_model):
    image = stored(solid_red(), "red.png", title="Swatch")
    [job] = queue([image], ["en", "de"])
    # The person's edit lands between the engine's work and the write.
    image.alt_text_de = "Markenrot auf allen Schaltflächen."
    image.save()
    image.approve_alt_text("de", django_user_model.objects.create_user("rita"))

    drafts.write_drafts(job, {"en": Draft("Plain red area.", "offline"), "de": Draft("Rote Fläche.", "offline")}, "offline")

    image.refresh_from_db()
    assert image.alt_text_de == "Markenrot auf allen Schaltflächen."
    assert image.alt_text_en == "Plain red area."
    job.refresh_from_db()
    assert job.outcomes["de"] == {"outcome": "kept"} and job.outcomes["en"] == {"outcome": "drafted"}


def test_asking_twice_queues_one_job_and_a_redelivered_message_does_nothing(stored):
    image = stored(solid_red(), "red.png", title="Swatch")
    [job] = queue([image])
    assert drafts.request_alt_text([image]) == ([], [image], [])

    assert alt_text_drafts(job.pk) == JobState.SUCCEEDED
    drafted_at = reviews(image)["en"].drafted_at
    assert alt_text_drafts(job.pk) == JobState.SUCCEEDED
    assert reviews(image)["en"].drafted_at == drafted_at, "the second message found the job done"
    job.refresh_from_db()
    assert job.attempts == 1


def test_nothing_is_queued_where_every_language_asked_for_is_approved(stored):
    image = stored(solid_red(), "red.png", title="Swatch", alt_text_en="The brand red used on every button.")
    assert drafts.request_alt_text([image], ["en"]) == ([], [], [image])
    assert not AltTextJob.objects.exists()


def test_one_worker_drafts_queued_jobs_together(stored, settings):
    settings.ALT_TEXT_BATCH_SIZE = 2
    images = [stored(solid_red(), f"red{i}.png", title=f"Swatch {i}") for i in range(3)]
    first, second, third = queue(images, ["en"])

    alt_text_drafts(first.pk)

    states = dict(AltTextJob.objects.values_list("pk", "state"))
    assert states == {first.pk: JobState.SUCCEEDED, second.pk: JobState.SUCCEEDED, third.pk: JobState.QUEUED}
    assert alt_text_drafts(second.pk) == JobState.SUCCEEDED, "its own message finds it done"
    assert alt_text_drafts(third.pk) == JobState.SUCCEEDED


def test_a_corrupt_image_fails_its_job_with_a_clear_message_and_writes_nothing(stored):
    broken = overwrite_stored_file(stored(solid_red(), "broken.png", title="Broken upload"),
                                   b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    good = stored(solid_red(), "red.png", title="Swatch")
    bad_job, good_job = queue([broken, good])

    alt_text_drafts(bad_job.pk)

    bad_job.refresh_from_db()
    good_job.refresh_from_db()
    assert bad_job.state == JobState.FAILED and bad_job.attempts == 1, "retrying cannot mend a file"
    assert bad_job.last_error.startswith("“broken") and bad_job.last_error.endswith(".png” is a damaged PNG file and cannot be read.")
    assert good_job.state == JobState.SUCCEEDED, "the other image in the batch is drafted"
    assert not reviews(broken) and not LoraImage.objects.get(pk=broken.pk).alt_text_en


def test_an_unsupported_format_and_a_missing_file_are_named(stored):
    text_file = overwrite_stored_file(stored(solid_red(), "notes.png", title="Notes"), b"just some words, not an image")
    missing = stored(solid_red(), "gone.png", title="Gone")
    missing.file.storage.delete(missing.file.name)
    jobs = queue([text_file, missing])
    for job in jobs:
        alt_text_drafts(job.pk)
    errors = dict(AltTextJob.objects.values_list("image__title", "last_error"))
    assert "not in an image format" in errors["Notes"]
    assert "missing from storage" in errors["Gone"]
    assert set(AltTextJob.objects.values_list("state", flat=True)) == {JobState.FAILED}


def test_a_transient_failure_is_retried_with_back_off(stored, monkeypatch, django_capture_on_commit_callbacks):
    image = stored(solid_red(), "red.png", title="Swatch")
    [job] = queue([image])
    monkeypatch.setattr(drafts, "read_source", lambda image: (_ for _ in ()).throw(OSError("storage timed out")))

    with django_capture_on_commit_callbacks() as callbacks:
        assert alt_text_drafts(job.pk) == JobState.QUEUED
    assert len(callbacks) == 1, "the retry is sent again"
    job.refresh_from_db()
    assert job.attempts == 1 and "storage timed out" in job.last_error
    assert not reviews(image)

    monkeypatch.undo()
    assert alt_text_drafts(job.pk) == JobState.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 2


def test_jobs_lost_with_a_killed_worker_are_swept_and_completed(stored, django_capture_on_commit_callbacks):
    images = [stored(solid_red(), f"red{i}.png", title=f"Swatch {i}") for i in range(2)]
    lost = queue(images, ["en", "ja"])
    long_ago = timezone.now() - timedelta(minutes=30)
    # The worker claimed both for one batch and died before writing anything.
    AltTextJob.objects.filter(pk__in=[job.pk for job in lost]).update(
        state=JobState.RUNNING, attempts=1, started_at=long_ago, heartbeat_at=long_ago)

    with django_capture_on_commit_callbacks(execute=False):
        report = sweep_stale_jobs()
    assert report["adapters_app.AltTextJob"]["requeued"] == 2
    assert not reviews(images[0]), "nothing half-written"

    for job in lost:  # the messages the sweep sent again
        alt_text_drafts(job.pk)
    assert set(AltTextJob.objects.values_list("state", flat=True)) == {JobState.SUCCEEDED}
    for image in images:
        assert set(reviews(image)) == {"en", "ja"}


def test_machine_text_is_tidied_for_alt_text():
    assert drafts.tidy("a picture of   a cat on a GPU rack", "en") == "A cat on a GPU rack"
    assert drafts.tidy("写真：赤い猫", "ja") == "赤い猫"
    long = drafts.tidy("word " * 100, "en")
    assert len(long) <= 250 and long.endswith("…")
