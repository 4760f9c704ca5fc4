import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_ensure_admin_creates_the_login_once(capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out

    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("changeme")
    assert "Admin login: admin / changeme" in first
    assert "existing account" in second and "changeme" not in second


@override_settings(DEBUG=False)
def test_ensure_admin_refuses_the_development_password_outside_debug(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("ensure_admin")
    assert not get_user_model().objects.exists()


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
