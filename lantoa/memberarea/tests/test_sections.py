"""Higher apps contribute to the member home through the section registry."""

from django.urls import reverse

from lantoa.memberarea import sections
from lantoa.memberarea.sections import Section, SectionItem
from lantoa.org.tests.factories import UserFactory


def test_registered_sections_show_in_order_and_none_hides(client, member, monkeypatch):
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))

    def events(request, m):
        return Section(
            key="test.events",
            title="Sự kiện đang mở",
            items=[SectionItem(title="Giải chạy Xuân", url="/x/", badge="Mới", detail=m.unit.code)],
        )

    sections.register_home_section("test.events", events, order=5)
    sections.register_home_section("test.nothing", lambda request, m: None, order=6)
    user = UserFactory(username="lan")
    member.user = user
    member.save(update_fields=["user"])
    client.force_login(user)

    html = client.get(reverse("memberarea:home")).content.decode()

    assert "Sự kiện đang mở" in html
    assert '<a href="/x/">Giải chạy Xuân</a>' in html
    assert "KVT" in html
    assert html.index("Sự kiện đang mở") < html.index("Hồ sơ của tôi")


def test_nav_links_are_registered_and_ordered(monkeypatch):
    monkeypatch.setattr(sections, "_NAV", dict(sections._NAV))
    sections.register_nav_link("test.b", "B", "memberarea:home", order=50)
    sections.register_nav_link("test.a", "A", "memberarea:home", order=10)
    keys = [link.key for link in sections.nav_links()]
    assert keys.index("memberarea.home") < keys.index("test.a") < keys.index("test.b")
