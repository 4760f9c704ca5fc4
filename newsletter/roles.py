"""Who does what with the newsletter. Writers and Editors compose issues; an Editor or a Monetization
manager approves one (never their own: governance's review step), and the approval publishes and sends
it: nobody holds the permission to publish an issue directly. Editors see subscribers and sends.
Called by a data migration (with the historical app registry)."""

from django.apps import apps as global_apps

from governance.roles import EDITORS, MONETIZATION_MANAGERS, WRITERS, create_app_permissions, ensure_workflow

ISSUE_WORKFLOW_NAME = "Newsletter issue approval"
ISSUE_APPROVAL_TASK = "Newsletter issue approval"
NEWSLETTER_PERMISSIONS = {
    WRITERS: ["add_newsletterissue", "change_newsletterissue", "view_newsletterissue"],
    EDITORS: ["add_newsletterissue", "change_newsletterissue", "delete_newsletterissue", "view_newsletterissue",
              "view_subscriber", "view_send"],
    MONETIZATION_MANAGERS: ["change_newsletterissue", "view_newsletterissue"],
}


def ensure_newsletter_roles(apps=global_apps):
    """The groups' newsletter permissions and the issues' approval workflow (idempotent)."""
    create_app_permissions(apps, "newsletter")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in NEWSLETTER_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames))

    workflow = ensure_workflow(apps, ISSUE_WORKFLOW_NAME, [("ReviewTask", ISSUE_APPROVAL_TASK, EDITORS)])
    ReviewTask = apps.get_model("governance", "ReviewTask")
    ReviewTask.objects.get(name=ISSUE_APPROVAL_TASK).groups.add(Group.objects.get(name=MONETIZATION_MANAGERS))
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="newsletter", model="newsletterissue")
    WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    return workflow
