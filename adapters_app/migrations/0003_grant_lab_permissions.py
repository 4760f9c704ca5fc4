from django.db import migrations


def grant(apps, schema_editor):
    from adapters_app.roles import grant_lab_permissions

    grant_lab_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("adapters_app", "0002_alter_alttextjob_state_demorun"),
        ("governance", "0008_media_upload_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
