from django.db import migrations


def grant(apps, schema_editor):
    """Image and document permissions on Wagtail's base models, which its permission policy checks
    (earlier versions granted the custom models' own, and Writers could not upload)."""
    from governance.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_check_runs"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
