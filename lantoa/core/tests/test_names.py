"""Names in Vietnamese order everywhere: family name first."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.utils import get_user_display_name

from lantoa.core.names import full_name


def test_full_name_puts_the_family_name_first():
    assert full_name("Thị Thu Hà", "Nguyễn") == "Nguyễn Thị Thu Hà"
    assert full_name("", "Nguyễn") == "Nguyễn"
    assert full_name(" Hương ", "") == "Hương"


@pytest.mark.django_db
def test_users_and_wagtail_show_the_vietnamese_order():
    user = get_user_model().objects.create_user(
        username="le.huong", first_name="Thị Hương", last_name="Lê", password="x" * 12
    )

    assert user.get_full_name() == "Lê Thị Hương"
    assert get_user_display_name(user) == "Lê Thị Hương"
