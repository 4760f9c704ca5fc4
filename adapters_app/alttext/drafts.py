"""Alt-text jobs: what the admin's "Generate alt text" queues and what a ``media`` worker runs.

One job per image and languages (:class:`adapters_app.models.AltTextJob`). A worker takes its job and,
to share one model call, up to ``ALT_TEXT_BATCH_SIZE - 1`` more queued ones; it reads each image,
asks the configured engine (``engines.py``) for drafts, and writes each image's drafts in one
transaction. It writes only languages whose text is missing or a draft: text a person wrote or
approved is never replaced, checked again under a row lock just before writing, because a person
may approve while the model works. A draft is recorded as waiting for review (``ImageAltText``), so
the media checklist holds back any page that shows it until someone approves it.

Failures: an unreadable image or an unusable engine fails the job at once with a clear message
(retrying cannot help); anything else (storage, memory) is retried with back-off; a worker killed
mid-batch leaves its jobs running with a stale heartbeat, and the beat sweep queues them again. No
image is ever half-written: nothing is written until all its languages are ready.
"""

import functools
import os

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop
from wagtail.images.models import SourceImageIOError

from articles.models import LoraImage
from governance.checks import Reason
from governance.media_checks import ALT_TEXT_MAX, APPROVED, FORBIDDEN_ALT_TEXT_OPENINGS
from lorasite import jobs
from lorasite.jobs import JobState, PermanentJobError

from ..models import AltTextJob, AltTextOutcome
from .engines import Draft, EngineConfig, EngineUnavailable, SourceImage, build_engine
from .facts import UnreadableImage, open_picture


def language_codes(requested=None):
    """The site's languages in their usual order, limited to ``requested`` when given (unknown codes
    are dropped)."""
    codes = [code for code, _name in settings.LANGUAGES]
    return codes if requested is None else [code for code in codes if code in set(requested)]


def pending_languages(image, languages):
    """Those of ``languages`` whose alt text is missing or a machine draft: a draft may be rewritten."""
    return [language for language in languages if image.alt_text_state(language) != APPROVED]


def unfinished_jobs():
    return AltTextJob.objects.filter(state__in=(JobState.QUEUED, JobState.RUNNING))


def request_alt_text(images, languages=None, user=None):
    """Queue an alt-text job for each image that has something to draft and no job under way.

    Returns ``(queued, under_way, nothing_to_do)``: lists of images.
    """
    languages = language_codes(languages)
    queued, under_way, nothing_to_do = [], [], []
    busy = set(unfinished_jobs().filter(image__in=images).values_list("image_id", flat=True))
    for image in images:
        if image.pk in busy:
            under_way.append(image)
        elif not pending_languages(image, languages):
            nothing_to_do.append(image)
        else:
            with transaction.atomic():
                job = AltTextJob.objects.create(image=image, languages=languages, requested_by=user)
                job.enqueue()
            queued.append(image)
    return queued, under_way, nothing_to_do


def engine_config():
    return EngineConfig(
        engine=settings.ALT_TEXT_ENGINE,
        model=settings.ALT_TEXT_MODEL,
        translation_model=settings.ALT_TEXT_TRANSLATION_MODEL,
        batch_size=settings.ALT_TEXT_BATCH_SIZE,
        read_text=settings.ALT_TEXT_OCR,
    )


@functools.lru_cache(maxsize=2)
def engine_for(config):
    """One engine per configuration and process: a model is loaded once per worker."""
    return build_engine(config)


def run(pk):
    """The Celery task's body: job ``pk``, with other queued jobs in the same batch."""
    return jobs.run_jobs_together(AltTextJob, pk, draft_batch, batch_size=settings.ALT_TEXT_BATCH_SIZE)


def draft_batch(batch):
    """Draft alt text for each job in ``batch``. A job is settled as soon as its image is written, so a
    worker killed later in the batch does not redo it; the jobs that failed are returned as
    ``{job.pk: exception}`` for :func:`lorasite.jobs.run_jobs_together` to record."""
    outcomes, ready = {}, []
    for job in batch:
        image = LoraImage.objects.prefetch_related("alt_text_reviews", "tags").get(pk=job.image_id)
        languages = pending_languages(image, job.languages)
        if not languages:
            write_drafts(job, {}, engine_name="")
            jobs.settle(job)
            continue
        try:
            source = read_source(image)
        except PermanentJobError as error:
            outcomes[job.pk] = error
            continue
        ready.append((job, source, languages))
    if not ready:
        return outcomes
    try:
        engine = engine_for(engine_config())
        all_languages = language_codes({language for _job, _source, languages in ready for language in languages})
        results = engine.describe([source for _job, source, _languages in ready], all_languages)
    except EngineUnavailable as error:
        return outcomes | {job.pk: PermanentJobError(str(error)) for job, _source, _languages in ready}
    for job, _source, _languages in ready:
        job.beat()
    for (job, _source, _languages), drafts in zip(ready, results, strict=True):
        write_drafts(job, drafts, engine_name=engine.name)
        jobs.settle(job)
    return outcomes


def read_source(image):
    """The image decoded for an engine, with its title, tags and the text people approved."""
    try:
        with image.open_file() as stored:
            data = stored.read()
    except (FileNotFoundError, SourceImageIOError) as error:
        raise PermanentJobError(f"The file of the image “{image.title}” is missing from storage.") from error
    try:
        picture = open_picture(data, os.path.basename(image.file.name))
    except UnreadableImage as error:
        raise PermanentJobError(str(error)) from error
    approved = {language: image.alt_text_for(language) for language in language_codes()
                if image.alt_text_state(language) == APPROVED}
    return SourceImage(picture, title=image.title, tags=tuple(tag.name for tag in image.tags.all()), approved=approved)


def write_drafts(job, drafts, engine_name):
    """Write one image's drafts, all languages at once, and record each language's outcome on the job.

    The image row is locked and its review states read again, so a language a person approved since
    the job began is kept as they left it."""
    with transaction.atomic():
        image = LoraImage.objects.select_for_update().get(pk=job.image_id)
        fields, outcomes = [], {}
        for language in job.languages:
            result = drafts.get(language)
            if image.alt_text_state(language) == APPROVED:
                outcomes[language] = {"outcome": AltTextOutcome.KEPT}
            elif isinstance(result, Draft) and (text := tidy(result.text, language)):
                image.draft_alt_text(language, text, result.engine, result.model_name)
                fields.append(f"alt_text_{language.replace('-', '_')}")
                outcomes[language] = {"outcome": AltTextOutcome.DRAFTED}
            else:
                reason = (Reason(result.message, **result.params) if result is not None and not isinstance(result, Draft)
                          else Reason(gettext_noop("The engine wrote no usable text in this language.")))
                outcomes[language] = {"outcome": AltTextOutcome.SKIPPED, "reason": reason.as_data()}
        if fields:
            image.save(update_fields=fields)
        AltTextJob.objects.filter(pk=job.pk).update(outcomes=outcomes, engine=engine_name)


def tidy(text, language):
    """A machine's text made fit for alt text: one line, without an "image of …" opening (screen
    readers already say it is an image), starting with a capital, at most ALT_TEXT_MAX characters."""
    text = " ".join((text or "").split())
    openings = sorted(FORBIDDEN_ALT_TEXT_OPENINGS.get(language, ()) + FORBIDDEN_ALT_TEXT_OPENINGS["en"],
                      key=len, reverse=True)
    folded = text.casefold()
    for opening in openings:
        if folded.startswith(opening):
            text = text[len(opening):].lstrip(" :：,，、")
            break
    text = text[:1].upper() + text[1:]
    if len(text) > ALT_TEXT_MAX:
        text = text[: ALT_TEXT_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text


def outcome_rows(job):
    """[(language code, language name, outcome label, reason or "")] for the admin, in the site's order."""
    names = dict(settings.LANGUAGES)
    rows = []
    for language in language_codes(job.outcomes):
        outcome = job.outcomes[language]
        reason = Reason.from_data(outcome["reason"]) if outcome.get("reason") else ""
        rows.append((language, str(names[language]), str(AltTextOutcome(outcome["outcome"]).label), reason))
    return rows
