import pytest
from django.core import mail

from lantoa.bulletin.services.email import _cached
from lantoa.bulletin.tests.factories import BulletinFactory
from lantoa.org.choices import Role
from lantoa.org.tests.conftest import tree  # noqa: F401 - the shared org tree fixture
from lantoa.org.tests.factories import RoleAssignmentFactory


@pytest.fixture(autouse=True)
def _fresh_email_cache(settings):
    # The rendered e-mail is cached per issue and process; tests reuse ids.
    _cached.cache_clear()
    settings.LANTOA_BULLETIN_MAX_PER_SECOND = 0
    settings.LANTOA_BASE_URL = "https://congdoan.example.vn"
    mail.outbox = []
    yield
    _cached.cache_clear()


@pytest.fixture(autouse=True)
def _wagtail_base_for_db_tests(request):
    if request.node.get_closest_marker("django_db") or "tree" in request.fixturenames:
        request.getfixturevalue("wagtail_base")


@pytest.fixture
def bulletin(tree):  # noqa: F811
    return BulletinFactory(unit=tree.parent, name="Bản tin Công đoàn PV GAS")


@pytest.fixture
def officer(tree):  # noqa: F811
    return RoleAssignmentFactory(unit=tree.parent, role=Role.OFFICER).user


@pytest.fixture
def approver(tree):  # noqa: F811
    return RoleAssignmentFactory(unit=tree.parent, role=Role.APPROVER).user
