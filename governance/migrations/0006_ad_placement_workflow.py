from django.db import migrations


def set_up_ad_placement(apps, schema_editor):
    from governance.roles import ensure_ad_placement_workflow, ensure_roles

    ensure_roles(apps)  # grants the new placement permissions
    ensure_ad_placement_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [("governance", "0005_ad_placement")]

    operations = [migrations.RunPython(set_up_ad_placement, migrations.RunPython.noop)]
