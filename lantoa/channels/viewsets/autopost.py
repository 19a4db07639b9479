"""Auto-post screens (services/autopost.py): "Tự động đăng" — per unit, which
channels share its articles and each channel's template — and, per article,
its own choices (skip, skip some channels, own text per channel), reached from
the page's header in the page editor ("Tự động đăng lên kênh").

Both are scoped by `org.scoping` over Perm.CONTENT_EDIT: the unit's officers
(and those above it); a sibling unit's officer gets 404 and cannot save. The
services check the scope again and validate every text against the platform.
"""

from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from lantoa.channels import selectors_admin
from lantoa.channels.models import ChannelAccount
from lantoa.channels.services import autopost
from lantoa.channels.viewsets.common import FormErrorsMixin
from lantoa.core.exceptions import InvalidInput
from lantoa.core.exceptions import PermissionDenied as DomainPermissionDenied
from lantoa.org.admin_blocks import PermissionMenuViewSet
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import user_can, user_has_any

AUTOPOST = "channels_autopost"
PLACEHOLDER_HELP = _(
    "Các biến: {title} tiêu đề, {lead} sapo, {url} địa chỉ bài viết, {unit} tên đơn vị, "
    "{hashtags} thẻ của bài. Bỏ trống để dùng mẫu mặc định (tiêu đề, sapo, thẻ). "
    "Zalo OA lấy dòng đầu làm tiêu đề bài viết (tối đa 150 ký tự)."
)


def _channel_label(account: ChannelAccount) -> str:
    return f"{account.get_platform_display()}: {account.name or account.external_id}"


class AutopostSettingsForm(forms.Form):
    """Two fields per channel: share automatically? with which template?"""

    def __init__(self, *args: Any, channels: list[ChannelAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channels = channels
        for account in channels:
            self.fields[f"enabled_{account.pk}"] = forms.BooleanField(
                label=_("Tự động đăng lên «%(channel)s»") % {"channel": _channel_label(account)},
                required=False,
                initial=account.auto_post_articles,
            )
            self.fields[f"template_{account.pk}"] = forms.CharField(
                label=_("Mẫu cho «%(channel)s»") % {"channel": _channel_label(account)},
                required=False,
                max_length=autopost.TEMPLATE_MAX,
                initial=account.article_template,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=PLACEHOLDER_HELP,
            )

    def settings(self) -> list[autopost.ChannelAutopost]:
        return [
            autopost.ChannelAutopost(
                account_id=a.pk,
                enabled=bool(self.cleaned_data.get(f"enabled_{a.pk}")),
                template=str(self.cleaned_data.get(f"template_{a.pk}") or ""),
            )
            for a in self.channels
        ]

    def add_problems(self, problems: dict[int, list[str]], field: str = "template") -> None:
        for account_id, messages_ in problems.items():
            for message in messages_:
                self.add_error(f"{field}_{account_id}", message)


class UnitAutopostMixin:
    """The unit in the query string (`?unit=<id>`), among those the user manages."""

    request: HttpRequest

    @cached_property
    def units(self) -> Any:
        return selectors_admin.channel_units_for(self.request.user).order_by("path")

    @cached_property
    def unit(self) -> OrgUnit:
        wanted = self.request.GET.get("unit") or self.request.POST.get("unit")
        units = self.units
        unit = units.filter(pk=wanted).first() if wanted and str(wanted).isdigit() else None
        if unit is None and wanted:
            raise Http404  # not a unit of theirs: as if it did not exist
        unit = unit or units.first()
        if unit is None:
            raise PermissionDenied
        return cast(OrgUnit, unit)


class AutopostSettingsView(UnitAutopostMixin, FormErrorsMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "social_channels/admin/autopost_settings.html"
    page_title = _("Tự động đăng bài viết")
    header_icon = "repeat"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not user_has_any(request.user, Perm.CONTENT_EDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return str(self.unit)

    def get_form(self, form_class: Any = None) -> AutopostSettingsForm:
        return AutopostSettingsForm(
            **self.get_form_kwargs(), channels=autopost.autopost_candidates(self.unit)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "unit": self.unit,
            "units": self.units,
            "action_url": f"{self.request.path}?{urlencode({'unit': self.unit.pk})}",
            "submit_button_label": _("Lưu"),
        }

    def form_valid(self, form: forms.BaseForm) -> HttpResponse:
        assert isinstance(form, AutopostSettingsForm)  # noqa: S101 - narrows the type
        try:
            autopost.autopost_settings_save(
                actor=self.request.user, unit=self.unit, channels=form.settings()
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except autopost.TemplatesRejected as exc:
            form.add_problems(exc.problems)
            return self.form_invalid(form)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Đã lưu cài đặt tự động đăng của %(unit)s.") % {"unit": self.unit}
        )
        return redirect(f"{self.request.path}?{urlencode({'unit': self.unit.pk})}")


class AutopostOverrideForm(forms.Form):
    skip_all = forms.BooleanField(
        label=_("Không tự động đăng bài viết này lên kênh nào"), required=False
    )

    def __init__(self, *args: Any, channels: list[ChannelAccount], override: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.channels = channels
        self.fields["skip_all"].initial = bool(override and override.skip_all)
        for account in channels:
            label = _channel_label(account)
            self.fields[f"skip_{account.pk}"] = forms.BooleanField(
                label=_("Bỏ qua «%(channel)s»") % {"channel": label},
                required=False,
                initial=bool(override and account.pk in override.skipped_channels),
            )
            self.fields[f"text_{account.pk}"] = forms.CharField(
                label=_("Nội dung riêng cho «%(channel)s»") % {"channel": label},
                required=False,
                max_length=autopost.TEMPLATE_MAX,
                initial=override.text_for(account.pk) if override else "",
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Bỏ trống để dùng mẫu của kênh."),
            )

    def skipped(self) -> list[int]:
        return [a.pk for a in self.channels if self.cleaned_data.get(f"skip_{a.pk}")]

    def texts(self) -> dict[int, str]:
        return {a.pk: str(self.cleaned_data.get(f"text_{a.pk}") or "") for a in self.channels}


class AutopostOverrideView(FormErrorsMixin, WagtailAdminTemplateMixin, FormView):
    """One page's own auto-post choices. The page must belong to a unit (a
    `unit` on the specific page) that the user manages."""

    template_name = "social_channels/admin/autopost_override.html"
    page_title = _("Tự động đăng bài viết này")
    header_icon = "repeat"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        page = Page.objects.filter(pk=kwargs["page_id"]).first()
        if page is None:
            raise Http404
        self.page: Page = page.specific
        unit = getattr(self.page, "unit", None)
        if not isinstance(unit, OrgUnit) or not user_can(request.user, Perm.CONTENT_EDIT, unit):
            raise Http404
        self.unit = unit

    def get_page_subtitle(self) -> str:
        return str(self.page)

    @cached_property
    def override(self) -> Any:
        return autopost.autopost_override_for(self.page)

    def get_form(self, form_class: Any = None) -> AutopostOverrideForm:
        return AutopostOverrideForm(
            **self.get_form_kwargs(),
            channels=autopost.autopost_candidates(self.unit),
            override=self.override,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "unit": self.unit,
            "shared_post": autopost.autopost_shared_post(self.page),
            "action_url": self.request.path,
            "submit_button_label": _("Lưu"),
            "settings_url": f"{reverse(f'{AUTOPOST}:settings')}?{urlencode({'unit': self.unit.pk})}",
        }

    def form_valid(self, form: forms.BaseForm) -> HttpResponse:
        assert isinstance(form, AutopostOverrideForm)  # noqa: S101 - narrows the type
        try:
            autopost.autopost_override_save(
                actor=self.request.user,
                unit=self.unit,
                source_object=self.page,
                skip_all=bool(form.cleaned_data.get("skip_all")),
                skipped=form.skipped(),
                texts=form.texts(),
                link=self.page.get_full_url() or "",
            )
        except DomainPermissionDenied as exc:
            raise PermissionDenied from exc
        except autopost.TemplatesRejected as exc:
            for account_id, found in exc.problems.items():
                for message in found:
                    form.add_error(f"text_{account_id}", message)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu lựa chọn tự động đăng cho bài viết."))
        return redirect(self.request.path)


class AutopostPageButton(PageMenuItem):
    """In the page editor's header: this article's auto-post choices."""

    label = _("Tự động đăng lên kênh")
    icon_name = "repeat"
    url_name = f"{AUTOPOST}:article"

    def is_shown(self, user: Any) -> bool:
        unit = getattr(self.page.specific_deferred, "unit", None)
        return isinstance(unit, OrgUnit) and user_can(user, Perm.CONTENT_EDIT, unit)


class AutopostViewSet(PermissionMenuViewSet):
    name = AUTOPOST
    url_prefix = "kenh-truyen-thong/tu-dong-dang"
    icon = "repeat"
    menu_label = _("Tự động đăng")
    menu_name = "channels-autopost"
    menu_perm = Perm.CONTENT_EDIT

    @property
    def menu_url(self) -> str:
        return reverse(f"{AUTOPOST}:settings")

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", AutopostSettingsView.as_view(), name="settings"),
            path("bai-viet/<int:page_id>/", AutopostOverrideView.as_view(), name="article"),
        ]
