"""Every route to publishing in the admin is refused unless the publication workflow finished.

No group holds page publish permission, so Wagtail itself refuses each route below; these tests
drive the real admin views as Writers, Editors, Policy reviewers and Translators (on their own
language's pages) and check both what the person sees and that nothing changed: the page is not
live (or is still live), and no publish or unpublish entry was logged.
"""

from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from articles.demo.loader import publish
from governance.roles import TRANSLATORS, translator_group_name

from .conftest import BODY_WORDS, approve_url, as_user, awaiting_policy_review, current_task, make_editorial, submit

pytestmark = pytest.mark.django_db

ROLES = ["writer", "editor", "policy", "translator"]
DENIED = "Sorry, you do not have permission to access this area."
PUBLISH_LOGS = ("wagtail.publish", "wagtail.publish.scheduled", "wagtail.publish.schedule")


@pytest.fixture
def actors(people, make_user):
    return {**people, "translator": make_user("greta", TRANSLATORS, translator_group_name("de"))}


def language_of(role):
    """Translators work in their own language's tree; everyone else here on the English one."""
    return "de" if role == "translator" else "en"


def draft_page(site_tree, role, title="Adapter rollout notes"):
    page = make_editorial(site_tree.index("articles", language_of(role)), title)
    page.unpublish()
    return Page.objects.get(pk=page.pk).specific


def live_page(site_tree, role, title="Serving adapters at the edge"):
    return Page.objects.get(pk=make_editorial(site_tree.index("articles", language_of(role)), title).pk).specific


def logged(page, actions=PUBLISH_LOGS):
    return PageLogEntry.objects.filter(page_id=page.pk, action__in=actions).count()


def shown_messages(response):
    """The messages the admin shows after the request, as the reader sees them (unescaped)."""
    if not response.context or "messages" not in response.context:
        return []
    return [" ".join(BeautifulSoup(str(message.message), "html.parser").get_text(" ").split())
            for message in response.context["messages"]]


def says(response, text):
    return any(text in message for message in shown_messages(response))


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def is_live(page):
    return Page.objects.get(pk=page.pk).live


def assert_denied(response):
    """Wagtail's answer to a view the user has no permission for: back to the dashboard, with a message."""
    assert response.redirect_chain[-1][0] == "/admin/"
    assert says(response, DENIED)


def edit_form(client, url, body=BODY_WORDS):
    """The edit form's data as the browser would post it (the body StreamField is built by script)."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text(f"<p>{body}</p>"))])}))
    return data


def minute(moment):
    return moment.replace(second=0, microsecond=0)


def admin_datetime(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def bulk_url(action, *pages, parent):
    ids = "&".join(f"id={page.pk}" for page in pages)
    return f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/pages/{parent.pk}/"


# --- Bulk publish ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_bulk_publish_is_refused(client, site_tree, actors, role):
    draft = draft_page(site_tree, role)
    live = live_page(site_tree, role)
    live.title = "Serving adapters at the edge, revised"
    live.save_revision(user=actors["writer"])  # a change waiting for review
    before = logged(draft), logged(live)
    user = as_user(client, actors[role])
    url = bulk_url("publish", draft, live, parent=draft.get_parent())

    confirmation = text_of(user.get(url))
    assert "You don't have permission to publish these pages" in confirmation
    assert "Yes, publish" not in confirmation

    response = user.post(url, {"include_descendants": "on", "override_reason": "forged"}, follow=True)
    assert response.status_code == 200
    assert says(response, "0 pages have been published")
    assert not is_live(draft)
    assert Page.objects.get(pk=live.pk).title == "Serving adapters at the edge"
    assert Page.objects.get(pk=live.pk).has_unpublished_changes
    assert (logged(draft), logged(live)) == before
    assert not PageLogEntry.objects.filter(action="governance.override").exists()


# --- Copy with "publish copies" ---------------------------------------------------------------------

def copy_page(client, page, slug, **extra):
    data = {"new_title": f"{page.title} (copy)", "new_slug": slug, "new_parent_page": page.get_parent().pk, **extra}
    return client.post(f"/admin/pages/{page.pk}/copy/", data, follow=True)


@pytest.mark.parametrize("role", ROLES)
def test_copy_and_publish_is_refused(client, site_tree, actors, role):
    source = live_page(site_tree, role)
    user = as_user(client, actors[role])
    response = user.get(f"/admin/pages/{source.pk}/copy/", follow=True)
    if role == "policy":  # Policy reviewers edit nothing, so they may not copy either
        assert_denied(response)
        assert_denied(copy_page(user, source, "edge-copy", publish_copies="on"))
        assert not Page.objects.filter(slug="edge-copy").exists()
        return

    form = BeautifulSoup(response.content, "html.parser")
    assert form.select_one("[name=new_slug]") is not None
    assert form.select_one("[name=publish_copies]") is None and form.select_one("[name=alias]") is None

    # The options are not offered; posting them anyway still gives a draft copy, not a live one or an alias.
    response = copy_page(user, source, "edge-copy", publish_copies="on", alias="on")
    assert says(response, f"Page '{source.title}' copied.")
    copy = Page.objects.get(slug="edge-copy", locale=source.locale)
    assert not copy.live and copy.alias_of_id is None
    assert logged(copy) == 0
    assert is_live(source)


def test_a_superuser_is_offered_publish_copies(client, site_tree, people, django_user_model):
    """The contrast that shows the route is real: only publish permission opens it."""
    source = live_page(site_tree, "writer")
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    form = BeautifulSoup(as_user(client, root).get(f"/admin/pages/{source.pk}/copy/").content, "html.parser")
    assert form.select_one("[name=publish_copies]") is not None
    copy_page(client, source, "edge-copy", publish_copies="on")
    assert Page.objects.get(slug="edge-copy").live


# --- Scheduled go-live ------------------------------------------------------------------------------

def run_scheduler_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled", verbosity=0)


@pytest.mark.parametrize("action", ["action-publish", "action-submit"])
@pytest.mark.parametrize("role", ROLES)
def test_a_go_live_date_without_a_finished_workflow_publishes_nothing(client, site_tree, actors, role, action):
    page = draft_page(site_tree, role)
    before = logged(page)
    go_live_at = minute(timezone.now() + timedelta(hours=1))
    user = as_user(client, actors[role])
    url = f"/admin/pages/{page.pk}/edit/"
    if role == "policy":
        assert_denied(user.get(url, follow=True))
        assert_denied(user.post(url, {"title": page.title, "go_live_at": admin_datetime(go_live_at), action: action},
                                follow=True))
        assert Page.objects.get(pk=page.pk).specific.go_live_at is None
    else:
        data = edit_form(user, url)
        data["go_live_at"] = admin_datetime(go_live_at)
        data[action] = action
        response = user.post(url, data, follow=True)
        expected = "has been submitted for moderation" if action == "action-submit" else "has been updated"
        assert says(response, expected)
        saved = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
        assert saved.go_live_at == go_live_at
        if action == "action-submit":
            state, task_state = current_task(page)
            assert state.status == WorkflowState.STATUS_IN_PROGRESS and task_state.task.name == "Editorial review"

    assert not Revision.objects.filter(object_id=str(page.pk), approved_go_live_at__isnull=False).exists()
    run_scheduler_at(go_live_at + timedelta(minutes=5))
    assert not is_live(page)
    assert logged(page) == before


def test_a_finished_workflow_with_a_go_live_date_publishes_at_that_time(client, site_tree, people):
    page = draft_page(site_tree, "writer")
    go_live_at = minute(timezone.now() + timedelta(hours=1))
    submit(as_user(client, people["writer"]), page, go_live_at=admin_datetime(go_live_at))
    _state, editorial = current_task(page)
    as_user(client, people["editor"]).post(approve_url(page, editorial), {"comment": "ok"})
    state, policy_step = current_task(page)
    as_user(client, people["policy"]).post(approve_url(page, policy_step), {"comment": ""})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    scheduled = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert scheduled.approved_go_live_at == go_live_at
    assert not is_live(page)

    run_scheduler_at(go_live_at - timedelta(minutes=1))
    assert not is_live(page)
    run_scheduler_at(go_live_at + timedelta(minutes=1))
    page = Page.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id == scheduled.pk
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count() == 1


# --- Unpublish --------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_unpublish_is_refused(client, site_tree, actors, role):
    page = live_page(site_tree, role)
    before = logged(page, ["wagtail.unpublish"])
    user = as_user(client, actors[role])
    assert_denied(user.get(f"/admin/pages/{page.pk}/unpublish/", follow=True))
    assert_denied(user.post(f"/admin/pages/{page.pk}/unpublish/", {"include_descendants": "on"}, follow=True))

    url = bulk_url("unpublish", page, parent=page.get_parent())
    confirmation = text_of(user.get(url))
    assert "You don't have permission to unpublish this page" in confirmation
    assert "Yes, unpublish" not in confirmation
    response = user.post(url, {}, follow=True)
    assert says(response, "0 pages have been unpublished")

    assert is_live(page)
    assert logged(page, ["wagtail.unpublish"]) == before


# --- Republishing an earlier revision ---------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_republishing_an_earlier_revision_is_refused(client, site_tree, actors, role):
    page = live_page(site_tree, role, title="Rank selection, first take")
    first = page.live_revision
    page.title = "Rank selection, corrected"
    page = publish(page)  # the corrected version went out through review
    current = page.live_revision_id
    before = logged(page)
    user = as_user(client, actors[role])
    url = f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/"

    if role == "policy":
        assert_denied(user.get(url, follow=True))
        assert_denied(user.post(url, {"title": first.as_object().title, "action-publish": "action-publish"},
                                follow=True))
    else:
        data = edit_form(user, url)
        assert data["title"] == "Rank selection, first take"
        assert "action-publish" not in user.get(url).content.decode()
        data["action-publish"] = "action-publish"
        response = user.post(url, data, follow=True)
        # Saved as a draft that replaces the current one, waiting for review; not published.
        assert says(response, "has been replaced with version from")
        assert Page.objects.get(pk=page.pk).get_latest_revision().user == actors[role]

    page = Page.objects.get(pk=page.pk)
    assert page.live and page.live_revision_id == current and page.title == "Rank selection, corrected"
    assert logged(page) == before


# --- "Publish" on the edit view ---------------------------------------------------------------------

def post_publish(client, page):
    url = f"/admin/pages/{page.pk}/edit/"
    data = edit_form(client, url)
    data["action-publish"] = "action-publish"
    return client.post(url, data, follow=True)


@pytest.mark.parametrize("role", ROLES)
def test_publish_on_the_edit_view_saves_a_draft_only(client, site_tree, actors, role):
    page = draft_page(site_tree, role)
    before = logged(page)
    user = as_user(client, actors[role])
    if role == "policy":
        assert_denied(user.get(f"/admin/pages/{page.pk}/edit/", follow=True))
        assert_denied(user.post(f"/admin/pages/{page.pk}/edit/", {"title": page.title,
                                                                   "action-publish": "action-publish"}, follow=True))
    else:
        assert 'name="action-publish"' not in user.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        response = post_publish(user, page)
        assert says(response, f"Page '{page.title}' has been updated.")
        assert Page.objects.get(pk=page.pk).get_latest_revision().user == actors[role]
    assert not is_live(page)
    assert logged(page) == before


@pytest.mark.parametrize("role", ROLES)
def test_publish_during_policy_review_does_not_skip_the_step(client, site_tree, actors, role):
    """Even the group whose step it is cannot publish from the editor: the step must be approved."""
    page = draft_page(site_tree, role)
    submit(as_user(client, actors["writer"]), page)
    _state, editorial = current_task(page)
    as_user(client, actors["editor2"]).post(approve_url(page, editorial), {"comment": "ok"})
    state, policy_step = current_task(page)
    assert policy_step.task.name == "Policy review"
    before = logged(page)

    user = as_user(client, actors[role])
    response = post_publish(user, page)
    if role == "policy":  # their step: they may edit, which saves a draft and leaves the step open
        assert says(response, "has been updated")
    else:  # Editorial review is over: the page is locked to everyone outside the Policy reviewers
        assert says(response, "The page could not be saved as it is locked.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not is_live(page)
    assert logged(page) == before


# --- Translation ------------------------------------------------------------------------------------

def test_page_tree_sync_is_off():
    """With WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE a new page gets an alias in every other language,
    and an alias is published whenever its original is: every locale would go live without its own
    workflow. The setting must stay off (lorasite/settings/base.py does not set it)."""
    assert getattr(settings, "WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE", False) is False


def test_finishing_an_english_workflow_publishes_no_other_language(client, site_tree, people):
    page = draft_page(site_tree, "writer")
    policy_step = awaiting_policy_review(client, page, people)
    as_user(client, people["policy"]).post(approve_url(page, policy_step), {"comment": ""})
    assert is_live(page)
    assert list(Page.objects.filter(translation_key=page.translation_key).values_list("locale__language_code",
                                                                                       flat=True)) == ["en"]


def test_with_sync_on_aliases_would_go_live_without_review(site_tree, people, settings):
    """Why the setting must stay off: Wagtail's sync makes aliases that follow the original live."""
    settings.WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
    from wagtail.contrib.simple_translation.models import after_create_page

    page = draft_page(site_tree, "writer")
    after_create_page(None, page)
    publish(page)
    aliases = Page.objects.filter(alias_of=page)
    assert aliases.count() == len(settings.LANGUAGES) - 1 and all(alias.live for alias in aliases)


@pytest.mark.parametrize("role", ROLES)
def test_submitting_a_translation_creates_a_draft_not_a_live_page(client, site_tree, actors, role):
    source = live_page(site_tree, role)
    french = Locale.objects.get(language_code="fr")
    user = as_user(client, actors[role])
    url = f"/admin/translation/submit/page/{source.pk}/"
    if role != "translator":  # only Translators hold "submit translation"
        assert_denied(user.get(url, follow=True))
        assert_denied(user.post(url, {"locales": [french.pk]}, follow=True))
        assert not Page.objects.filter(translation_key=source.translation_key, locale=french).exists()
        return

    response = user.post(url, {"locales": [french.pk]}, follow=True)
    assert says(response, f"The page '{source.title}' was successfully created in French")
    translation = Page.objects.get(translation_key=source.translation_key, locale=french)
    # Wagtail sends the submitter on to the new page's editor; a German translator has no rights in
    # the French tree, so that editor turns them away, and the draft waits for French translators.
    assert response.redirect_chain[0][0] == f"/admin/pages/{translation.pk}/edit/"
    assert not translation.live and translation.alias_of_id is None
    assert logged(translation) == 0
    assert is_live(source)
