"""Admin forms of campaigns. They only adapt input: every write goes through
`lantoa.campaigns.services`, and every unit or campaign offered comes from
`scoping` or `selectors` (so nothing outside the user's scope can be chosen)."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa.campaigns import selectors
from lantoa.campaigns.choices import (
    CalendarChannel,
    CalendarState,
    RequiredAction,
    TargetMode,
)
from lantoa.campaigns.models import Campaign, CampaignPhase, Directive
from lantoa.channels.choices import SOCIAL_PLATFORMS, Platform
from lantoa.core.forms import DateTimeLocalInput
from lantoa.org import scoping
from lantoa.org.admin_blocks import UnitChoiceField, fit_unit_widget
from lantoa.org.choices import Perm, UnitKind
from lantoa.org.public import OrgUnit
from lantoa.org.selectors import role_holders_in_scope


def _unit_field(queryset: QuerySet[OrgUnit], **kwargs: Any) -> UnitChoiceField:
    field = UnitChoiceField(queryset, **kwargs)
    fit_unit_widget(field)
    return field


class CampaignForm(WagtailAdminModelForm):
    """The owning unit is one the user manages; the target unit, any unit of
    the user's scope (the service checks it lies under the owner)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT)
        self.fields["unit"] = _unit_field(units, label=_("Đơn vị chủ trì"))
        self.fields["target_unit"] = _unit_field(
            units,
            label=_("Phạm vi triển khai"),
            required=False,
            help_text=_("Để trống: toàn bộ đơn vị chủ trì và cấp dưới."),
        )
        if not self.instance.pk:
            tops = scoping.role_units(self.for_user)
            if tops:
                self.initial.setdefault("unit", tops[0].code)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned


class PlanItemForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.for_user
        units = scoping.units_for(user, Perm.CONTENT_EDIT)
        self.fields["unit"] = _unit_field(units, label=_("Đơn vị"))
        self.fields["campaign"].queryset = selectors.campaigns_for(user).order_by("-starts_on")
        self.fields["phase"].queryset = CampaignPhase.objects.filter(
            campaign__in=selectors.campaigns_for(user)
        ).select_related("campaign")
        self.fields["phase"].label_from_instance = lambda p: f"{p.campaign.name}: {p}"
        # Officers who may edit content somewhere in the user's scope.
        holders = role_holders_in_scope(user, Perm.CONTENT_EDIT)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, pk__in=holders)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["assignee"].label_from_instance = lambda u: (
            u.get_full_name().strip() or u.get_username()
        )


# ---------------------------------------------------------------- directives


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DirectiveForm(forms.Form):
    """The content package and who receives it. Units are named by code so
    the form scales to any tree; the service checks they lie below the sender."""

    sender_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị gửi"))
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Thuộc chiến dịch")
    )
    title = forms.CharField(label=_("Tiêu đề định hướng"), max_length=255)
    instructions = forms.CharField(
        label=_("Hướng dẫn thực hiện"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_at = forms.DateTimeField(label=_("Hạn hoàn thành"), widget=DateTimeLocalInput)
    required_actions = forms.MultipleChoiceField(
        label=_("Yêu cầu đơn vị thực hiện"),
        choices=RequiredAction.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    site_title = forms.CharField(
        label=_("Tiêu đề tin bài"), max_length=255, required=False,
        help_text=_("Để trống: dùng tiêu đề định hướng."),
    )  # fmt: skip
    site_lead = forms.CharField(
        label=_("Sapo tin bài"), max_length=600, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    site_body = forms.CharField(
        label=_("Nội dung tin bài"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi đoạn cách nhau một dòng trống."),
    )  # fmt: skip
    post_text = forms.CharField(
        label=_("Nội dung bài đăng mạng xã hội (chung)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    link = forms.URLField(label=_("Liên kết kèm bài đăng"), required=False, max_length=1000)
    images = MultipleFileField(label=_("Ảnh"), required=False)
    documents = MultipleFileField(label=_("Tài liệu"), required=False)
    target_mode = forms.ChoiceField(
        label=_("Gửi tới"),
        choices=TargetMode.choices,
        initial=TargetMode.ALL,
        widget=forms.RadioSelect,
    )
    target_kinds = forms.MultipleChoiceField(
        label=_("Chỉ các cấp"),
        choices=[c for c in UnitKind.choices if c[0] != UnitKind.CONFEDERATION],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi cấp trừ tổ công đoàn (như mọi con số «đơn vị» của Lantoa)."),
    )
    chosen_codes = forms.CharField(
        label=_("Mã các đơn vị được chọn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "PVGAS, BSR, PVEP"}),
        help_text=_("Cách nhau bởi dấu phẩy, dấu cách hoặc xuống dòng."),
    )
    include_subtrees = forms.BooleanField(
        label=_("Gồm cả các đơn vị cấp dưới của đơn vị được chọn"), required=False
    )

    def __init__(self, *args: Any, user: Any, directive: Directive | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for platform in sorted(SOCIAL_PLATFORMS):
            self.fields[f"text_{platform}"] = forms.CharField(
                label=_("Nội dung riêng cho %(platform)s") % {"platform": Platform(platform).label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Để trống: dùng nội dung chung."),
            )
        # Officers draft for their units; the unit's approvers send (or an officer submits).
        senders = scoping.units_for(user, Perm.CONTENT_EDIT).filter(numchild__gt=0)
        self.fields["sender_unit"] = _unit_field(senders, label=_("Đơn vị gửi"))
        self.fields["campaign"].queryset = selectors.campaigns_for(user).order_by(  # type: ignore[attr-defined]
            "-starts_on"
        )
        if directive is not None:
            self.fields["images"].help_text = _("Thêm ảnh; ảnh đã tải lên được giữ nguyên.")
            self.fields["sender_unit"].disabled = True

    @staticmethod
    def body_to_html(text: str) -> str:
        """Plain paragraphs to the rich text the article body stores."""
        from django.utils.html import escape

        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)

    @staticmethod
    def html_to_body(html: str) -> str:
        from django.utils.html import strip_tags

        text = html.replace("<br>", "\n").replace("</p><p>", "\n\n")
        return strip_tags(text)

    @classmethod
    def initial_for(cls, directive: Directive) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(directive, name)
            for name in (
                "title", "instructions", "due_at", "required_actions", "site_title",
                "site_lead", "post_text", "link", "target_mode", "target_kinds",
                "include_subtrees",
            )
        }  # fmt: skip
        initial["sender_unit"] = directive.sender_unit.code
        initial["campaign"] = directive.campaign_id
        initial["site_body"] = cls.html_to_body(directive.site_body)
        initial["chosen_codes"] = ", ".join(
            directive.chosen_units.order_by("path").values_list("code", flat=True)
        )
        for platform, text in directive.platform_texts.items():
            initial[f"text_{platform}"] = text
        return initial

    def clean_due_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["due_at"]
        return value

    def clean_chosen_codes(self) -> list[OrgUnit]:
        raw = self.cleaned_data.get("chosen_codes", "")
        codes = [c for c in raw.replace(",", " ").split() if c]
        if not codes:
            return []
        found = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(
                _("Không có đơn vị mã: %(codes)s.") % {"codes": ", ".join(missing[:10])}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("target_mode") == TargetMode.CHOSEN and not cleaned.get("chosen_codes"):
            self.add_error("chosen_codes", _("Nhập mã ít nhất một đơn vị nhận."))
        return cleaned

    def package(self) -> dict[str, Any]:
        """The service's keyword arguments for the package."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "instructions": data["instructions"],
            "due_at": data["due_at"],
            "required_actions": data["required_actions"],
            "site_title": data["site_title"],
            "site_lead": data["site_lead"],
            "site_body": self.body_to_html(data["site_body"]),
            "post_text": data["post_text"],
            "platform_texts": {p: data.get(f"text_{p}", "") for p in sorted(SOCIAL_PLATFORMS)},
            "link": data["link"],
            "campaign": data["campaign"],
            "target_mode": data["target_mode"],
            "target_kinds": data["target_kinds"],
            "include_subtrees": data["include_subtrees"],
        }


class ProofForm(forms.Form):
    action = forms.ChoiceField(label=_("Minh chứng cho yêu cầu"), choices=())
    url = forms.URLField(label=_("Đường dẫn bài đăng / tài liệu"), required=False, max_length=1000)
    screenshot = forms.ImageField(label=_("Ảnh chụp màn hình"), required=False)
    reach = forms.IntegerField(label=_("Lượt tiếp cận"), required=False, min_value=0)
    participants = forms.IntegerField(label=_("Số người tham gia"), required=False, min_value=0)
    note = forms.CharField(
        label=_("Ghi chú / ý kiến đoàn viên"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(RequiredAction.choices)
        self.fields["action"].choices = [(a, labels.get(a, a)) for a in actions]  # type: ignore[attr-defined]


class CalendarFilterForm(forms.Form):
    """The calendar's filters (GET); an invalid value shows nothing rather than everything."""

    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Chiến dịch"),
        empty_label=_("Mọi chiến dịch"),
    )  # fmt: skip
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)
    channel = forms.ChoiceField(
        label=_("Kênh"), required=False, choices=[("", _("Mọi kênh")), *CalendarChannel.choices]
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), *CalendarState.choices],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = selectors.campaigns_for(user).order_by(  # type: ignore[attr-defined]
            "-starts_on"
        )
        self.fields["unit"] = _unit_field(
            scoping.units_for(user, Perm.CONTENT_EDIT),
            label=_("Đơn vị"),
            required=False,
            empty_label=_("Mọi đơn vị trong phạm vi"),
        )
