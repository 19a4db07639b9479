"""Factories for the org app. Demo data and tests build units the same way."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from lantoa.core.text import search_key
from lantoa.org.choices import Role, UnitKind
from lantoa.org.models import Member, OrgUnit, RoleAssignment


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    first_name = "Văn"
    last_name = "Nguyễn"
    password = factory.PostGenerationMethodCall("set_password", "test-password-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(DjangoModelFactory):
    """`OrgUnitFactory(parent=unit)` adds a child; without parent, a root."""

    class Meta:
        model = OrgUnit

    kind = UnitKind.GRASSROOTS_UNION
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Công đoàn cơ sở số {n}")
    short_name = ""
    slug = factory.Sequence(lambda n: f"cong-doan-co-so-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        unit = model_class(**kwargs)
        if parent is None:
            return OrgUnit.add_root(instance=unit)
        parent.refresh_from_db()  # treebeard needs the parent's current numchild
        return parent.add_child(instance=unit)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member

    unit = factory.SubFactory(OrgUnitFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    search_name = factory.LazyAttribute(lambda o: search_key(o.full_name))
    employee_code = factory.Sequence(lambda n: f"NV{n:06d}")
    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    email = factory.Sequence(lambda n: f"doanvien{n}@example.vn")


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)
    role = Role.OFFICER


def staff_user(unit, role=Role.OFFICER, **fields):
    """A user (`fields` for UserFactory) holding `role` at `unit`, with the
    back office open to them as `role_assign` opens it."""
    from lantoa.org.services import sync_admin_access

    user = UserFactory(**fields)
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    sync_admin_access(user)
    return user


def holder(username, unit, role=Role.OFFICER):
    """A user called `username` holding `role` at `unit` (no back-office sync)."""
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, unit=unit, role=role)
    return user


# The engagement apps' usual cast: name -> (username, the `tree` unit it sits in, role).
ORGANISER_CAST = {
    "officer": ("tuyengiao.pvgas", "parent", Role.OFFICER),  # the organiser, PV GAS
    "approver": ("duyet.pvgas", "parent", Role.APPROVER),
    "unit_officer": ("tuyengiao.kvt", "unit", Role.OFFICER),  # CĐCS Khí Vũng Tàu, below
    "sibling_officer": ("tuyengiao.kcm", "sibling", Role.OFFICER),  # CĐCS Khí Cà Mau, beside
    "outsider": ("tuyengiao.bsr", "uncle", Role.OFFICER),  # BSR, elsewhere
}


def organiser_cast(tree, *names: str) -> dict[str, object]:
    """The holders of `ORGANISER_CAST` named, created in the order given."""
    cast = {}
    for name in names:
        username, where, role = ORGANISER_CAST[name]
        cast[name] = holder(username, getattr(tree, where), role)
    return cast


def member_with_account(unit, full_name: str, username: str | None = None):
    """A member of `unit` with a member-area account (`username`, or a sequence one)."""
    user = UserFactory() if username is None else UserFactory(username=username)
    return MemberFactory(unit=unit, full_name=full_name, user=user)


def admin_client(user):
    """A test client logged in as `user`, with the back office opened to them."""
    from django.test import Client

    from lantoa.org.services import sync_admin_access

    sync_admin_access(user)
    client = Client()
    client.force_login(user)
    return client


def site_home_of(unit):
    """The unit's site home, as the newsroom makes it, published and made the
    default site's root (the newsroom is reached through the app registry)."""
    from django.apps import apps
    from wagtail.models import Page, Site

    home_model = apps.get_model("newsroom", "UnitSiteHome")
    home = home_model(title=unit.name, slug=unit.slug, unit=unit)
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(root_page=home)
    return home
