from django.urls import reverse

from lantoa.org.tests.factories import UserFactory


def _login(client, password):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "tuyengiao", "password": password},
        REMOTE_ADDR="10.0.0.7",
    )


def test_five_failed_logins_lock_the_account_even_for_the_right_password(db, client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    UserFactory(username="tuyengiao", is_superuser=True, is_staff=True)
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert _login(client, "test-password-123").status_code == 429


def test_a_correct_login_before_the_limit_succeeds(db, client):
    UserFactory(username="tuyengiao", is_superuser=True, is_staff=True)
    assert _login(client, "wrong").status_code == 200
    response = _login(client, "test-password-123")
    assert response.status_code == 302
