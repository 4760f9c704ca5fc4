import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from governance.roles import ROLE_NAMES, TRANSLATORS, ensure_roles, translator_group_name

pytestmark = pytest.mark.django_db


def test_roles_exist_and_no_group_may_publish(site_tree):
    ensure_roles()
    ensure_roles()  # idempotent
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_NAMES) <= names
    assert {translator_group_name(code) for code in ["de", "fr", "es", "ja", "zh-hans", "ar"]} <= names
    assert not GroupPagePermission.objects.filter(permission__codename="publish_page").exists()


def test_translators_edit_only_their_own_language(site_tree, make_user):
    ensure_roles()
    german = make_user("greta", TRANSLATORS, translator_group_name("de"))
    assert site_tree.index("articles", "de").permissions_for_user(german).can_edit()
    assert not site_tree.index("articles", "ja").permissions_for_user(german).can_edit()
    assert not site_tree.index("articles", "en").permissions_for_user(german).can_edit()
    assert not site_tree.index("articles", "de").permissions_for_user(german).can_publish()
