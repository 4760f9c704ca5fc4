import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from governance.roles import EDITORS, MONETIZATION_MANAGERS, POLICY_REVIEWERS, WRITERS, ensure_roles
from tests.articles.conftest import BODY_WORDS, build_structure, make_editorial  # noqa: F401 — shared fixtures
from tests.articles.conftest import author, hero_image, site_structure, site_tree, topic  # noqa: F401


@pytest.fixture
def make_user(db, django_user_model):
    def make(username, *groups):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        user.groups.set([Group.objects.get(name=name) for name in groups])
        return user

    return make


@pytest.fixture
def people(site_tree, make_user):
    ensure_roles()
    return {
        "writer": make_user("wendy", WRITERS),
        "editor": make_user("eddie", EDITORS),
        "editor2": make_user("erin", EDITORS),
        "policy": make_user("pat", POLICY_REVIEWERS),
        "monetization": make_user("mona", MONETIZATION_MANAGERS),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def submit(client, page, body_html=None, **changes):
    """What a writer does in the admin: open the edit view, change fields, press "Submit"."""
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    paragraphs = body_html or f"<p>{BODY_WORDS}</p>"
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text(paragraphs))])}))
    for name, value in changes.items():
        data[name] = value
    data["action-submit"] = "submit"
    return client.post(url, data, follow=True)


def current_task(page):
    """The page's latest workflow state and its current task state (specific), if any."""
    from wagtail.models import WorkflowState

    states = WorkflowState.objects.filter(base_content_type__model="page", object_id=str(page.pk))
    state = states.order_by("-pk").first()
    return state, state.current_task_state.specific if state and state.current_task_state else None


def approve_url(page, task_state):
    return f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"


def awaiting_policy_review(client, page, people):
    """The writer submits ``page`` and the editor approves it in the admin: it waits at Policy
    review. Returns that step's task state."""
    submit(as_user(client, people["writer"]), page)
    _state, editorial = current_task(page)
    as_user(client, people["editor"]).post(approve_url(page, editorial), {"comment": "ok"})
    return current_task(page)[1]


def draft(site_tree, title="Adapter rollout notes", **fields):
    """A page that exists only as an unpublished draft."""
    page = make_editorial(site_tree.index("articles"), title, **fields)
    page.unpublish()
    page.refresh_from_db()
    return page


AD_BODY_SECTION = ("Rank eight adapters keep serving costs flat while quality holds across every tenant "
                   "we measured. ") * 11


def long_body(sections=4):
    """A body of ``sections`` heading + paragraph pairs, about 150 words each: long enough to carry ads."""
    body = []
    for number in range(1, sections + 1):
        body.append({"type": "heading", "value": {"text": f"Part {number}", "level": "h2"}})
        body.append({"type": "paragraph", "value": f"<p>{AD_BODY_SECTION}</p>"})
    return body


@pytest.fixture
def live_article(site_tree, people):
    """A long article the writer submitted and the editor and policy reviewer approved: live."""
    from governance.review import act_on_current_step, submit_for_review

    page = draft(site_tree, title="Serving many adapters per GPU")
    page.body = long_body()
    submit_for_review(page, people["writer"])
    act_on_current_step(page, people["editor"])
    act_on_current_step(page, people["policy"])
    page.refresh_from_db()
    assert page.live
    return page.specific


@pytest.fixture
def approved_placement(live_article, people):
    """The editor requested ads on ``live_article`` and the Monetization manager approved them."""
    from governance.models import AdPlacement
    from governance.monetization import request_placement
    from governance.review import act_on_current_step

    request_placement(live_article, people["editor"], slots=("in_article", "end_of_article", "sidebar"))
    placement = AdPlacement.objects.get(page=live_article)
    act_on_current_step(placement, people["monetization"])
    placement.refresh_from_db()
    return placement
