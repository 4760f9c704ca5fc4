from django.db import migrations


def grant(apps, schema_editor):
    from governance.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_governance_report_permission")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
