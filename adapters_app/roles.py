"""Who may use the adapter lab: Editors launch, rename, cancel and delete demo runs; Writers see them
and choose them for an article's results block. Group names come from governance's roles."""

from django.apps import apps as global_apps

from governance.roles import EDITORS, WRITERS, create_app_permissions

LAB_PERMISSIONS = {
    EDITORS: ["add_demorun", "change_demorun", "delete_demorun", "view_demorun"],
    WRITERS: ["view_demorun"],
}


def grant_lab_permissions(apps=global_apps):
    """Give the role groups that exist their adapter-lab permissions (idempotent)."""
    create_app_permissions(apps, "adapters_app")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in LAB_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="adapters_app",
                                                             codename__in=codenames))
