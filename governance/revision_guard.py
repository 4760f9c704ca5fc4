"""A revision that a review step has seen is a record: editing the page makes a new revision.

Wagtail's editor may *overwrite* the user's own latest revision in place (autosave posts
``overwrite_revision_id``). Workflow approvals are tied to a revision's id, and with
``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` only a *new* revision sends the page back through
the earlier steps. So overwriting the revision a step already approved kept that approval for
content nobody checked: an editor who submitted a page could, during Editorial review, overwrite
the submitted revision with text that fails the automated checks, and once the editorial and policy
steps were approved the workflow published it, the automated checks never having seen it.

Here, an edit that names such a revision (one a workflow task state refers to, the live revision, or
one scheduled to go live) is saved as a new revision instead, so the workflow treats it as an edit.
"""

from wagtail.models import TaskState


def is_review_record(obj, revision_id):
    """Whether revision ``revision_id`` of ``obj`` (a page or a governed snippet) is live, scheduled,
    or was seen by a workflow step."""
    revision = obj.revisions.filter(pk=revision_id).first()
    if revision is None:
        return False  # Wagtail refuses an unknown revision itself
    return (
        revision.pk == obj.live_revision_id
        or revision.approved_go_live_at is not None
        or TaskState.objects.filter(revision_id=revision.pk).exists()
    )


def save_edits_of_reviewed_revisions_as_new(request, page):
    """``before_edit_page`` hook: drop an overwrite of a reviewed revision from the edit request."""
    if request.method != "POST":
        return None
    revision_id = request.POST.get("overwrite_revision_id", "")
    if revision_id.isdigit() and is_review_record(page, int(revision_id)):
        data = request.POST.copy()
        del data["overwrite_revision_id"]
        request.POST = data
    return None
