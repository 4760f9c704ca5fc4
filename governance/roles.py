"""Roles, their permissions and the publication workflow, set up idempotently.

Called by a data migration (with the historical app registry) and again by ``load_demo_content``
once every locale has its page tree, to give each locale's translators their part of it.
No group holds page publish permission: pages go live only when the workflow finishes.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions

WRITERS = "Writers"
TRANSLATORS = "Translators"
EDITORS = "Editors"
POLICY_REVIEWERS = "Policy reviewers"
MONETIZATION_MANAGERS = "Monetization managers"
ROLE_NAMES = [WRITERS, TRANSLATORS, EDITORS, POLICY_REVIEWERS, MONETIZATION_MANAGERS]
WORKFLOW_NAME = "Publication review"
AD_WORKFLOW_NAME = "Ad placement review"

# Page permissions granted on the tree root, so they cover every locale's tree.
# Policy reviewers edit nothing themselves; Wagtail's page views admit a user only with some page
# permission, and locking a page while reviewing it is the least of them.
ROOT_PAGE_PERMISSIONS = {
    WRITERS: ["add_page", "change_page", "lock_page"],
    EDITORS: ["add_page", "change_page", "lock_page", "unlock_page"],
    POLICY_REVIEWERS: ["lock_page"],
}
# Image and document permissions on the root collection. Wagtail's permission policy for images and
# documents checks the permissions of its base models (wagtailimages.Image, wagtaildocs.Document),
# whatever the custom image and document models are. Translators edit images (their alt text and
# captions) and choose them, and upload documents (translated resources); they do not add images.
IMAGE_UPLOAD = ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"]
DOCUMENT_UPLOAD = ["wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"]
MEDIA_PERMISSIONS = [*IMAGE_UPLOAD, *DOCUMENT_UPLOAD]
COLLECTION_PERMISSIONS = {
    WRITERS: MEDIA_PERMISSIONS,
    TRANSLATORS: MEDIA_PERMISSIONS,  # translated screenshots and diagrams, and their alt text
    EDITORS: MEDIA_PERMISSIONS,
}
# Grants of earlier versions, on the custom models' own permissions, which Wagtail never checks.
STALE_COLLECTION_PERMISSION_APPS = ["articles"]
# Writers and Editors request ad placements; Monetization managers open them to approve. Nobody
# holds publish_adplacement: a placement goes live only when its workflow finishes.
REQUEST_PLACEMENTS = ["governance.add_adplacement", "governance.change_adplacement"]
MODEL_PERMISSIONS = {
    WRITERS: REQUEST_PLACEMENTS,
    TRANSLATORS: ["simple_translation.submit_translation"],
    EDITORS: ["articles.add_topic", "articles.change_topic", "articles.add_author", "articles.change_author",
              "governance.view_governance_report", *REQUEST_PLACEMENTS],
    POLICY_REVIEWERS: ["governance.add_bannedclaim", "governance.change_bannedclaim", "governance.delete_bannedclaim",
                       "governance.view_governance_report"],
    MONETIZATION_MANAGERS: ["governance.view_governance_report", "governance.change_adplacement"],
}


def translator_group_name(language_code):
    return f"{TRANSLATORS} ({language_code})"


def permission(apps, dotted):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_app_permissions(apps, label):
    """Create app ``label``'s model permissions now: Django creates them only after all migrations, and a
    data migration that grants them needs them (``apps`` may be a migration's historical registry)."""
    app_config = apps.get_app_config(label)
    stub = not hasattr(app_config, "models_module") or app_config.models_module is None
    if stub:  # the historical registry's stand-in lacks what create_permissions looks for
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    if stub:
        app_config.models_module = None


def ensure_permissions_exist(apps):
    for label in ("wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "articles", "governance",
                  "simple_translation"):
        create_app_permissions(apps, label)


def ensure_roles(apps=global_apps):
    """Create the role groups with their permissions; returns {name: group}."""
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_NAMES}
    # Publication happens only when the workflow finishes: no group may publish directly, including
    # the "Moderators" group Wagtail's installation creates, which has no role here.
    GroupPagePermission.objects.filter(permission__codename__in=["publish_page", "bulk_delete_page"]).delete()
    Group.objects.filter(name="Moderators", user__isnull=True).delete()
    access_admin = permission(apps, "wagtailadmin.access_admin")
    Permission = apps.get_model("auth", "Permission")
    for name, group in groups.items():
        # A permission whose model a later migration adds is granted when that migration re-runs this.
        wanted = [dotted.split(".") for dotted in MODEL_PERMISSIONS[name]]
        found = [Permission.objects.filter(content_type__app_label=app, codename=code).first() for app, code in wanted]
        group.permissions.add(access_admin, *filter(None, found))

    grant_on(GroupPagePermission, "page", Page.objects.filter(depth=1).first(), ROOT_PAGE_PERMISSIONS,
             "wagtailcore", groups, apps)
    GroupCollectionPermission.objects.filter(
        group__in=groups.values(), permission__content_type__app_label__in=STALE_COLLECTION_PERMISSION_APPS
    ).delete()
    grant_on(GroupCollectionPermission, "collection", Collection.objects.filter(depth=1).first(),
             COLLECTION_PERMISSIONS, None, groups, apps)
    ensure_translator_groups(apps, groups[TRANSLATORS])
    return groups


def grant_on(permission_model, target_field, target, codenames_by_group, app_label, groups, apps):
    """Give each group its permissions on one page or collection (nothing while it does not exist).
    Codenames are prefixed with ``app_label``, or are dotted ("wagtailimages.add_image") when it is None."""
    if target is None:
        return
    for name, codenames in codenames_by_group.items():
        for codename in codenames:
            dotted = codename if app_label is None else f"{app_label}.{codename}"
            permission_model.objects.get_or_create(
                group=groups[name], permission=permission(apps, dotted), **{target_field: target}
            )


def ensure_translator_groups(apps, translators):
    """One group per language, allowed to edit and add pages in that language's tree only."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue  # originals are written in the default language; translators work from them
        home = Page.objects.filter(depth=2, locale__language_code=code).first()
        if home is None:
            continue
        group, _created = Group.objects.get_or_create(name=translator_group_name(code))
        group.permissions.set(translators.permissions.all())
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=permission(apps, f"wagtailcore.{codename}")
            )


def ensure_workflow(apps, name, steps):
    """The workflow ``name`` with ``steps`` ([(task model name, task name, group or None)]) in order."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    def task(model_name, task_name, group):
        model = apps.get_model("governance", model_name)
        content_type, _created = ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        instance = model.objects.filter(name=task_name).first()
        if instance is None:
            instance = model.objects.create(name=task_name, content_type=content_type)
        if group is not None:
            instance.groups.set([Group.objects.get(name=group)])
        return instance

    workflow, _created = Workflow.objects.get_or_create(name=name)
    for order, step in enumerate(task(*step) for step in steps):
        WorkflowTask.objects.update_or_create(workflow=workflow, task_id=step.pk, defaults={"sort_order": order})
    return workflow


def ensure_publication_workflow(apps=global_apps):
    """Automated checks → editorial review (Editors) → policy review (Policy reviewers), on the
    tree root so every locale's pages go through it."""
    Page = apps.get_model("wagtailcore", "Page")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    workflow = ensure_workflow(apps, WORKFLOW_NAME, [
        ("AutomatedChecksTask", "Automated checks", None),
        ("ReviewTask", "Editorial review", EDITORS),
        ("ReviewTask", "Policy review", POLICY_REVIEWERS),
    ])
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def ensure_ad_placement_workflow(apps=global_apps):
    """Ad-policy checks → monetization approval (Monetization managers), for every ad placement."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = ensure_workflow(apps, AD_WORKFLOW_NAME, [
        ("AdPolicyChecksTask", "Ad-policy checks", None),
        ("ReviewTask", "Monetization approval", MONETIZATION_MANAGERS),
    ])
    content_type, _created = ContentType.objects.get_or_create(app_label="governance", model="adplacement")
    WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow
