"""Auto-post settings (per unit, per channel template checked against the
platform) and an article's own choices (skip, skip some channels, own text),
through the admin and the services; scoped to the unit's officers."""

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.admin.ui.menus.pages import get_page_header_buttons
from wagtail.models import Page

from lantoa.channels.choices import Platform
from lantoa.channels.models import AutopostOverride, ChannelAccount, Delivery, Post
from lantoa.channels.services import autopost
from lantoa.channels.services.autopost import SharedContent, content_share_on_publish
from lantoa.channels.tests.factories import ChannelAccountFactory
from lantoa.channels.viewsets.autopost import AutopostPageButton
from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.org.tests import conftest as org_conftest
from lantoa.org.tests.factories import staff_user

tree = org_conftest.tree
SETTINGS = "channels_autopost:settings"
CONTENT = SharedContent(
    title="Phát động Tháng Công nhân 2026",
    lead="Chuỗi hoạt động chăm lo cho người lao động.",
    url="https://kvt.example.vn/tin/thang-cong-nhan-2026",
)


def officer_of(unit):
    return staff_user(unit)


@pytest.fixture
def channels(tree):
    telegram = ChannelAccountFactory(unit=tree.unit, name="Kênh Telegram KVT")
    zalo = ChannelAccountFactory(unit=tree.unit, platform=Platform.ZALO_OA, name="OA KVT")
    ChannelAccountFactory(unit=tree.sibling, name="Kênh của Cà Mau")
    return telegram, zalo


def settings_url(unit):
    return f"{reverse(SETTINGS)}?unit={unit.pk}"


def form_data(telegram, zalo, **changes):
    data = {
        f"enabled_{telegram.pk}": "on",
        f"template_{telegram.pk}": "",
        f"enabled_{zalo.pk}": "on",
        f"template_{zalo.pk}": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# ---- per unit ----------------------------------------------------------------------------


def test_officer_sets_which_channels_share_and_their_templates(client, tree, channels):
    telegram, zalo = channels
    client.force_login(officer_of(tree.unit))
    page = client.get(settings_url(tree.unit))
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {
        f"enabled_{telegram.pk}",
        f"template_{telegram.pk}",
        f"enabled_{zalo.pk}",
        f"template_{zalo.pk}",
    }  # the sibling's channel is not offered

    response = client.post(
        settings_url(tree.unit),
        form_data(
            telegram,
            zalo,
            **{f"template_{telegram.pk}": "📰 {title}\n{lead}\n{url}", f"enabled_{zalo.pk}": None},
        ),
    )

    assert response.status_code == 302
    telegram.refresh_from_db()
    zalo.refresh_from_db()
    assert telegram.auto_post_articles is True
    assert telegram.article_template == "📰 {title}\n{lead}\n{url}"
    assert zalo.auto_post_articles is False
    entries = AuditLogEntry.objects.filter(action="channels.autopost_settings")
    assert {e.data["enabled"] for e in entries} == {True, False}
    # Publishing now follows the settings.
    result = content_share_on_publish(
        actor=SYSTEM, unit=tree.unit, content=CONTENT, source_object=tree.unit
    )
    assert [d.account_id for d in result.deliveries] == [telegram.pk]
    assert result.deliveries[0].text_override == (
        "📰 Phát động Tháng Công nhân 2026\nChuỗi hoạt động chăm lo cho người lao động.\n"
        "https://kvt.example.vn/tin/thang-cong-nhan-2026"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{title} {tieu_de}", "Biến không có: tieu_de"),
        ("{title", "Dấu ngoặc { } không khớp"),
        ("{title.upper}", "Biến không có: title.upper"),
    ],
)
def test_a_malformed_template_is_refused_and_nothing_is_saved(
    client, tree, channels, template, expected
):
    telegram, zalo = channels
    client.force_login(officer_of(tree.unit))
    response = client.post(
        settings_url(tree.unit),
        form_data(
            telegram, zalo, **{f"template_{telegram.pk}": template, f"enabled_{zalo.pk}": None}
        ),
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors[f"template_{telegram.pk}"]
    assert expected in error
    assert ChannelAccount.objects.get(pk=zalo.pk).auto_post_articles is True  # all or nothing
    assert ChannelAccount.objects.get(pk=telegram.pk).article_template == ""


def test_a_template_is_checked_against_its_platforms_limits(tree, channels):
    telegram, zalo = channels
    officer = officer_of(tree.unit)
    # Zalo OA makes the first line the article's title (150 characters at most):
    # the lead there does not fit a long article.
    with pytest.raises(autopost.TemplatesRejected) as refused:
        autopost.autopost_settings_save(
            actor=officer,
            unit=tree.unit,
            channels=[
                autopost.ChannelAutopost(zalo.pk, True, "{lead}\n\n{title}"),
                autopost.ChannelAutopost(telegram.pk, True, "{lead}\n\n{title}"),
            ],
        )
    assert list(refused.value.problems) == [zalo.pk]  # fine on Telegram
    assert "tối đa 150 ký tự" in refused.value.problems[zalo.pk][0]
    # Telegram's 4,096 characters are not enough for a template padded to 5,000.
    with pytest.raises(autopost.TemplatesRejected) as too_long:
        autopost.autopost_settings_save(
            actor=officer,
            unit=tree.unit,
            channels=[autopost.ChannelAutopost(telegram.pk, True, "{title}\n" + "x" * 4500)],
        )
    assert "vượt giới hạn 4096" in too_long.value.problems[telegram.pk][0]


def test_a_sibling_units_officer_can_neither_see_nor_save_the_units_settings(
    client, tree, channels
):
    telegram, zalo = channels
    sibling_officer = officer_of(tree.sibling)
    client.force_login(sibling_officer)
    assert client.get(settings_url(tree.unit)).status_code == 404
    response = client.post(
        settings_url(tree.unit), form_data(telegram, zalo, **{f"enabled_{zalo.pk}": None})
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        autopost.autopost_settings_save(
            actor=sibling_officer,
            unit=tree.unit,
            channels=[autopost.ChannelAutopost(zalo.pk, False, "")],
        )
    # Nor through its own unit, naming the other unit's channel.
    with pytest.raises(PermissionDenied):
        autopost.autopost_settings_save(
            actor=sibling_officer,
            unit=tree.sibling,
            channels=[autopost.ChannelAutopost(zalo.pk, False, "")],
        )
    assert ChannelAccount.objects.get(pk=zalo.pk).auto_post_articles is True


def test_the_parent_units_officer_manages_the_units_settings(client, tree, channels):
    client.force_login(officer_of(tree.parent))
    assert client.get(settings_url(tree.unit)).status_code == 200


# ---- per article -----------------------------------------------------------------------------


def test_an_articles_choices_skip_channels_and_give_its_own_text(tree, channels):
    telegram, zalo = channels
    officer = officer_of(tree.unit)
    source = tree.unit  # any saved object stands for the article
    autopost.autopost_override_save(
        actor=officer,
        unit=tree.unit,
        source_object=source,
        skip_all=False,
        skipped=[zalo.pk],
        texts={telegram.pk: "Tin riêng cho Telegram"},
        link=CONTENT.url,
    )
    result = content_share_on_publish(
        actor=SYSTEM, unit=tree.unit, content=CONTENT, source_object=source
    )
    (delivery,) = result.deliveries
    assert delivery.account_id == telegram.pk
    assert delivery.text_override == "Tin riêng cho Telegram"
    assert AuditLogEntry.objects.filter(action="channels.autopost_override").count() == 1


def test_an_article_can_skip_auto_posting_altogether(tree, channels):
    officer = officer_of(tree.unit)
    autopost.autopost_override_save(
        actor=officer, unit=tree.unit, source_object=tree.sibling, skip_all=True
    )
    result = content_share_on_publish(
        actor=SYSTEM, unit=tree.unit, content=CONTENT, source_object=tree.sibling
    )
    assert result.post is None
    assert not Post.objects.exists()
    assert not Delivery.objects.exists()


def test_an_articles_own_text_is_checked_against_the_platform(tree, channels):
    telegram, _zalo = channels
    with pytest.raises(autopost.TemplatesRejected) as refused:
        autopost.autopost_override_save(
            actor=officer_of(tree.unit),
            unit=tree.unit,
            source_object=tree.unit,
            skip_all=False,
            texts={telegram.pk: "x" * 5000},
        )
    assert list(refused.value.problems) == [telegram.pk]
    assert not AutopostOverride.objects.exists()


def _article(unit, title="Hội nghị người lao động 2026"):
    article_model = apps.get_model("newsroom", "ArticlePage")
    root = Page.objects.get(depth=1)
    return root.add_child(
        instance=article_model(
            title=title, slug="hoi-nghi-nguoi-lao-dong-2026", lead="Sapo.", unit=unit, live=False
        )
    )


def test_the_article_screen_is_for_the_units_officers(client, tree, channels, wagtail_base):
    telegram, zalo = channels
    article = _article(tree.unit)
    officer = officer_of(tree.unit)
    sibling_officer = officer_of(tree.sibling)
    assert AutopostPageButton(page=article).is_shown(officer)
    assert not AutopostPageButton(page=article).is_shown(sibling_officer)
    screen = reverse("channels_autopost:article", args=[article.pk])

    client.force_login(sibling_officer)
    assert client.get(screen).status_code == 404
    assert client.post(screen, {"skip_all": "on"}).status_code == 404
    assert not AutopostOverride.objects.exists()

    client.force_login(officer)
    assert client.get(screen).status_code == 200
    response = client.post(
        screen, {f"skip_{zalo.pk}": "on", f"text_{telegram.pk}": "Mời đọc: hội nghị người lao động"}
    )
    assert response.status_code == 302
    override = AutopostOverride.objects.get()
    assert override.source_id == str(article.pk)
    assert override.skipped_channels == [zalo.pk]
    assert override.text_for(telegram.pk) == "Mời đọc: hội nghị người lao động"
    # The page editor's header (Wagtail's hook) offers the screen to the officer only.
    header = get_page_header_buttons(article, officer, next_url=None, view_name="edit")
    assert screen in [b.url for b in header]
    others = get_page_header_buttons(article, sibling_officer, next_url=None, view_name="edit")
    assert screen not in [b.url for b in others]
