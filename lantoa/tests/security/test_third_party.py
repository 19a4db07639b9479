"""No page sends staff data to a third party: no Gravatar avatars."""

import pytest
from django.urls import reverse

from lantoa.org import services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory


@pytest.mark.django_db
def test_admin_pages_load_no_avatar_from_gravatar(client, tree):
    user = UserFactory(email="tuyengiao@example.com")
    RoleAssignmentFactory(user=user, unit=tree.unit, role=Role.OFFICER)
    services.sync_admin_access(user)
    client.force_login(user)
    for name in ("wagtailadmin_home", "wagtailadmin_account"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b"gravatar" not in response.content.lower()
