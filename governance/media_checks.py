"""The media checklist: rules every image a page shows must pass, registered in the check registry.

Pages are read through ``governance.content.images_used``; each image there is the image as used on
the page: its own fields plus, for a body image, that use's ``decorative`` flag and
``contextual_alt_text`` override. Images provide the media interface (``articles.models.LoraImage``):
``licence_known``, ``own_work``, ``attribution_required``, ``source``, ``credit``, ``ai_generated``,
``generator``,
``disclosure_for(language)``, ``alt_text_for(language)``, ``alt_text_state(language)``, ``title`` and
``file_name``. A page whose images fail for its language cannot pass the automated-checks step.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from . import content
from .checks import Reason, Remediation, rule
from .roles import EDITORS, WRITERS

ALT_TEXT_MIN, ALT_TEXT_MAX = 5, 250
# Alt text says what an image shows, not that it is one ("image of …" and its equivalents).
FORBIDDEN_ALT_TEXT_OPENINGS = {
    "en": ("image of", "picture of", "photo of", "an image of", "a picture of", "a photo of"),
    "de": ("bild von", "bild:", "foto von", "abbildung von", "ein bild von"),
    "fr": ("image de", "image d'", "image d’", "photo de", "illustration de", "une image de"),
    "es": ("imagen de", "foto de", "una imagen de", "ilustración de"),
    "ja": ("画像", "写真", "イメージ"),
    "zh-hans": ("图片", "图像", "照片"),
    "ar": ("صورة", "صوره"),
}
APPROVED = "approved"


def page_language(page):
    return page.locale.language_code


def licence_problem(image, language=None):
    if not image.licence_known:
        return Reason(gettext_noop("Find out the licence of the image “%(image)s” and record it."), image=image.title)


def source_problem(image, language=None):
    if image.licence_known and not image.own_work and not (image.source or "").strip():
        return Reason(gettext_noop("Record where the image “%(image)s” comes from (a URL or a description)."),
                      image=image.title)


def credit_problem(image, language=None):
    if image.attribution_required and not (image.credit or "").strip():
        return Reason(gettext_noop("The licence of the image “%(image)s” requires a credit line: add one."),
                      image=image.title)


def disclosure_problem(image, language):
    if image.ai_generated and not (image.generator or "").strip():
        return Reason(gettext_noop("The image “%(image)s” is AI-generated: name the model or tool that generated it."),
                      image=image.title)
    if image.ai_generated and not image.disclosure_for(language).strip():
        return Reason(gettext_noop("The image “%(image)s” is AI-generated: write its disclosure caption in "
                                   "%(language)s."), image=image.title, language=language)


def alt_text_problem(text, image, language):
    """What is wrong with ``text`` as alt text for ``image`` in ``language`` (a Reason), or None."""
    text = " ".join(text.split())
    if not text:
        return Reason(gettext_noop("The image “%(image)s” has no alt text in %(language)s: describe it, or mark "
                                   "this use decorative."), image=image.title, language=language)
    folded = text.casefold()
    if folded in {(image.title or "").casefold(), (image.file_name or "").casefold()}:
        return Reason(gettext_noop("The alt text of the image “%(image)s” in %(language)s repeats its title or file "
                                   "name: say what it shows."), image=image.title, language=language)
    if folded.startswith(FORBIDDEN_ALT_TEXT_OPENINGS.get(language, ()) + FORBIDDEN_ALT_TEXT_OPENINGS["en"]):
        return Reason(gettext_noop("The alt text of the image “%(image)s” in %(language)s starts with “image of” or "
                                   "the like: screen readers already say it is an image."),
                      image=image.title, language=language)
    if not ALT_TEXT_MIN <= len(text) <= ALT_TEXT_MAX:
        return Reason(gettext_noop("The alt text of the image “%(image)s” in %(language)s has %(length)d characters; "
                                   "write %(min)d to %(max)d."), image=image.title, language=language,
                      length=len(text), min=ALT_TEXT_MIN, max=ALT_TEXT_MAX)
    return None


def use_alt_text_problem(image, language):
    """The alt text of one use of ``image`` on a page in ``language``: the use's own override, else the
    image's text in that language, which must be approved (a machine draft waits for a person)."""
    if getattr(image, "decorative", False):
        return None
    override = getattr(image, "contextual_alt_text", None) or ""
    if override.strip():  # this use's own alt text, written by the page's author
        return alt_text_problem(override, image, language)
    problem = alt_text_problem(image.alt_text_for(language), image, language)
    if problem is None and image.alt_text_state(language) != APPROVED:
        problem = Reason(gettext_noop("The alt text of the image “%(image)s” in %(language)s is a machine-written "
                                      "draft: check it and approve it."), image=image.title, language=language)
    return problem


PROBLEMS = {
    "media-licence": licence_problem,
    "media-source": source_problem,
    "media-credit": credit_problem,
    "media-ai-disclosure": disclosure_problem,
    "media-alt-text": use_alt_text_problem,
}


def image_problems(image, language):
    """Every checklist problem of ``image`` used in ``language`` (what a gallery checks before showing it)."""
    return [problem for check in PROBLEMS.values() if (problem := check(image, language)) is not None]


def page_problems(rule_id):
    def check(page):
        language = page_language(page)
        for image in content.images_used(page):
            problem = PROBLEMS[rule_id](image, language)
            if problem is not None:
                yield problem

    return check


for rule_id, label, remediation, owner in (
    ("media-licence", _("Images: licence known"), Remediation.CONTENT_FIX, EDITORS),
    ("media-source", _("Images: source recorded"), Remediation.CONTENT_FIX, EDITORS),
    ("media-credit", _("Images: credited where the licence requires it"), Remediation.CONTENT_FIX, EDITORS),
    ("media-ai-disclosure", _("Images: AI-generated images disclosed"), Remediation.TRANSLATION_UPDATE, WRITERS),
    ("media-alt-text", _("Images: alt text in the page's language"), Remediation.CONTENT_FIX, WRITERS),
):
    rule(rule_id, label, remediation, owner)(page_problems(rule_id))


# --- The media checklist view and the image editor's panel -----------------------------------------

def image_checklist(image, languages):
    """[(language, [problems])] for one image: what the image editor's checklist panel shows. The image
    as such is checked (a page's use may still override the alt text or mark it decorative)."""
    return [(code, image_problems(image, code)) for code in languages]


def checklist_rows(images, language, rule_id=None):
    """Images with their problems in ``language`` (only ``rule_id``'s when given), failing ones first."""
    checks = {rule_id: PROBLEMS[rule_id]} if rule_id in PROBLEMS else PROBLEMS
    rows = []
    for image in images:
        problems = [problem for check in checks.values() if (problem := check(image, language)) is not None]
        rows.append({"image": image, "problems": problems, "state": image.alt_text_state(language)})
    return sorted(rows, key=lambda row: (not row["problems"], row["image"].title.casefold()))


def approve_reviewed_drafts(images, language, user):
    """The bulk action "Approve drafts I reviewed": each image's machine-drafted alt text in
    ``language`` becomes approved by ``user``. Images whose text is missing or already approved are
    left alone. Returns the images approved."""
    approved = []
    for image in images:
        if image.alt_text_state(language) == "draft":
            image.approve_alt_text(language, user)
            approved.append(image)
    return approved
