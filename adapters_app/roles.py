"""Who may use the adapter lab: Editors launch, rename, cancel and delete demo runs; Writers see them
and choose them for an article's results block. Group names come from governance's roles."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

from governance.roles import EDITORS, WRITERS

LAB_PERMISSIONS = {
    EDITORS: ["add_demorun", "change_demorun", "delete_demorun", "view_demorun"],
    WRITERS: ["view_demorun"],
}


def grant_lab_permissions(apps=global_apps):
    """Give the role groups that exist their adapter-lab permissions (idempotent)."""
    app_config = apps.get_app_config("adapters_app")
    stub = getattr(app_config, "models_module", None) is None
    if stub:  # the historical registry's stand-in lacks what create_permissions looks for
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    if stub:
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in LAB_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="adapters_app",
                                                             codename__in=codenames))
