"""What happens when a workflow finishes (Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the workflow approved.

    No role holds publish permission: finishing every step is what authorises publication, so the
    permission check is skipped here, and the log records the final approver as the publisher. An
    ad placement's approval also records the page revision it was given for.
    """
    from .models import AdPlacement
    from .monetization import record_approval

    content_object = workflow_state.content_object
    content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
    if isinstance(content_object, AdPlacement):
        record_approval(content_object, user=user)
