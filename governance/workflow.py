"""What happens when the publication workflow finishes (Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION)."""


def publish_approved_revision(workflow_state, user=None):
    """Publish the revision the workflow approved.

    No role holds publish permission: finishing every step is what authorises publication, so the
    permission check is skipped here, and the log records the final approver as the publisher.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
