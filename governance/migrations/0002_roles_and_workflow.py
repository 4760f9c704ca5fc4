from django.db import migrations


def set_up_governance(apps, schema_editor):
    from governance.roles import ensure_publication_workflow, ensure_roles

    ensure_roles(apps)
    ensure_publication_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("articles", "0002_image_document_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("simple_translation", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(set_up_governance, migrations.RunPython.noop)]
