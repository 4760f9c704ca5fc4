"""Admin views: a test send of an issue to the editor's own address, and the outbox's messages whose
worker was lost while handing them over (they may or may not have gone out: a person decides)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.snippets.permissions import get_permission_name

from lorasite.jobs import JobState

from . import mails
from .models import NewsletterIssue, OutboundEmail

UNDECIDED_LIMIT = 200


@require_http_methods(["GET", "POST"])
def test_send(request, pk):
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    if not request.user.has_perm(get_permission_name("change", NewsletterIssue)):
        raise PermissionDenied
    if not request.user.email:
        messages.error(request, _("Your account has no email address to send the test to."))
    elif request.method == "POST":
        mails.test_issue(issue.get_latest_revision_as_object(), request.user.email)
        messages.success(request, _("A test of “%(issue)s” is on its way to %(email)s.")
                         % {"issue": issue, "email": request.user.email})
        return redirect("wagtailsnippets_newsletter_newsletterissue:edit", pk)
    return TemplateResponse(request, "newsletter/admin/test_send.html", {"issue": issue})


def undecided_messages():
    return OutboundEmail.objects.filter(state=JobState.FAILED, lost_in_flight=True)


def outbox_undecided(request):
    if not request.user.has_perm("newsletter.change_outboundemail"):
        raise PermissionDenied
    return TemplateResponse(request, "newsletter/admin/outbox_undecided.html",
                            {"emails": undecided_messages().order_by("-created_at")[:UNDECIDED_LIMIT]})


@require_POST
def outbox_decide(request, pk):
    """Send again (it did not arrive) or record it as sent (it did)."""
    if not request.user.has_perm("newsletter.change_outboundemail"):
        raise PermissionDenied
    email = get_object_or_404(undecided_messages(), pk=pk)
    if request.POST.get("decision") == "send":
        OutboundEmail.objects.filter(pk=email.pk).update(state=JobState.QUEUED, lost_in_flight=False,
                                                         max_attempts=email.attempts + 1, finished_at=None)
        email.enqueue()
        messages.success(request, _("“%(subject)s” to %(to)s is queued again.") % {"subject": email.subject,
                                                                                   "to": ", ".join(email.to)})
    elif request.POST.get("decision") == "sent":
        OutboundEmail.objects.filter(pk=email.pk).update(state=JobState.SUCCEEDED, lost_in_flight=False)
        messages.success(request, _("“%(subject)s” to %(to)s is recorded as sent.") % {"subject": email.subject,
                                                                                       "to": ", ".join(email.to)})
    return redirect("newsletter_outbox_undecided")
