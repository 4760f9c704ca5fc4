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


def test_media_grants_are_on_wagtails_base_model_permissions(site_tree):
    """Wagtail's image and document policy checks wagtailimages/wagtaildocs permissions: earlier
    grants on the custom models' permissions are replaced when the roles are set up again."""
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission

    ensure_roles()
    writers = Group.objects.get(name="Writers")
    stale = Permission.objects.get(content_type__app_label="articles", codename="add_loraimage")
    GroupCollectionPermission.objects.create(group=writers, collection=Collection.get_first_root_node(),
                                             permission=stale)
    ensure_roles()

    def granted(name):
        return set(GroupCollectionPermission.objects.filter(group__name=name).values_list(
            "permission__content_type__app_label", "permission__codename"))

    assert ("wagtailimages", "add_image") in granted("Writers")
    assert ("wagtaildocs", "add_document") in granted("Writers")
    assert not {app for app, _codename in granted("Writers")} & {"articles"}
    assert ("wagtaildocs", "add_document") in granted(TRANSLATORS)
    assert ("wagtailimages", "change_image") in granted(TRANSLATORS)
    assert ("wagtailimages", "add_image") in granted(TRANSLATORS)
