from django.db import migrations


def ensure(apps, schema_editor):
    from newsletter.roles import ensure_newsletter_roles

    ensure_newsletter_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0006_sends_deliveries_issues"),
        ("governance", "0008_media_upload_permissions"),
    ]

    operations = [migrations.RunPython(ensure, migrations.RunPython.noop)]
