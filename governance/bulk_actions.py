"""Wagtail's bulk "Publish" action, governed: publishing pages that a workflow covers outside that
workflow is an override, so it needs a reason, and each page published that way is logged as
``governance.override`` (the same entry the page editor writes; the governance report lists both).

No role holds publish permission, so in practice only superusers get past Wagtail's own check
(``check_perm``); the reason is asked of whoever does. The class replaces the stock action: it is
registered for the same ``action_type`` with a later hook order (``wagtail_hooks``), and the bulk
action registry keeps the last class registered for an action type.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import DefaultPageForm
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from .forms import override_reason_field
from .override import PublishOutsideWorkflowAction


def pages_to_publish(pages, include_descendants, user):
    """The pages a bulk publish of ``pages`` publishes, in the order Wagtail's action does: each page,
    then (with ``include_descendants``) its draft descendants that ``user`` may publish."""
    for page in pages:
        yield page
        if include_descendants:
            for descendant in page.get_descendants().not_live().defer_streamfields().specific().iterator():
                if user is None or descendant.permissions_for_user(user).can_publish():
                    yield descendant


def under_workflow(pages):
    return any(PublishOutsideWorkflowAction(page, None).skips_workflow for page in pages)


class GovernedPublishForm(DefaultPageForm):
    override_reason = override_reason_field(
        _("These pages are covered by the review workflow. Publishing them here skips it; the reason is logged for "
          "each page and shown on the governance report.")
    )

    def __init__(self, *args, pages=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = list(pages)
        self.user = user

    def clean(self):
        cleaned_data = super().clean()
        reason = (cleaned_data.get("override_reason") or "").strip()
        cleaned_data["override_reason"] = reason
        targets = pages_to_publish(self.pages, cleaned_data.get("include_descendants"), self.user)
        if not reason and under_workflow(targets):
            self.add_error(
                "override_reason",
                _("Publishing outside the review workflow needs a reason. Or submit the pages for review."),
            )
        return cleaned_data


class GovernedPublishBulkAction(PublishBulkAction):
    form_class = GovernedPublishForm
    template_name = "governance/bulk_actions/confirm_bulk_publish.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["pages"], _without_access = self.get_actionable_objects()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = [item["item"] for item in context["items"]]
        context["override_reason_required"] = under_workflow(
            pages_to_publish(pages, context["has_draft_descendants"], self.request.user)
        )
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "override_reason": self.cleaned_form.cleaned_data["override_reason"]}

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, override_reason="", **kwargs):
        """Wagtail's bulk publish (which has checked permissions), plus one override entry for each page
        it publishes that a workflow covers."""
        num_parent_objects = num_child_objects = 0
        for page in objects:
            for target in pages_to_publish([page], include_descendants, user):
                PublishOutsideWorkflowAction(target, user, override_reason).execute(skip_permission_checks=True)
                if target is page:
                    num_parent_objects += 1
                else:
                    num_child_objects += 1
        return num_parent_objects, num_child_objects
