"""Forms of the incidents screens; every save goes through a service."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa.channels.selectors import account_list_for
from lantoa.incidents.choices import SEVERITY_DEFINITIONS, Category, Platform, Severity
from lantoa.org import scoping
from lantoa.org.admin_blocks import UnitChoiceField, fit_unit_widget
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit


def severity_help() -> str:
    return " ".join(
        f"{Severity(level).label}: {text}" for level, text in SEVERITY_DEFINITIONS.items()
    )


class OpenForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị xảy ra"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    claim = forms.CharField(
        label=_("Nội dung bị phản ánh"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    category = forms.ChoiceField(label=_("Loại sự cố"), choices=Category.choices)
    severity = forms.TypedChoiceField(
        label=_("Mức độ"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["severity"].help_text = severity_help()


class TriageForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    category = forms.ChoiceField(label=_("Loại sự cố"), choices=Category.choices)
    severity = forms.TypedChoiceField(label=_("Mức độ"), choices=Severity.choices, coerce=int)
    affected_units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(), label=_("Đơn vị bị ảnh hưởng"), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["affected_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["severity"].help_text = severity_help()


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị"))
    url = forms.CharField(label=_("Đường dẫn"), max_length=1000, required=False)
    platform = forms.ChoiceField(
        label=_("Nền tảng"),
        choices=[("", _("Tự nhận ra từ đường dẫn")), *Platform.choices],
        required=False,
    )
    text = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    screenshot = forms.ImageField(label=_("Ảnh chụp màn hình"), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class PublicReportForm(forms.Form):
    """What a member fills in on the public page (no account needed)."""

    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
        label=_("Công đoàn của bạn"),
    )
    url = forms.CharField(label=_("Đường dẫn bài viết, video"), max_length=1000, required=False)
    text = forms.CharField(
        label=_("Thông tin bạn thấy"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Chép lại nội dung hoặc mô tả ngắn: ai đăng, ở đâu, nói gì."),
    )
    screenshot = forms.ImageField(label=_("Ảnh chụp màn hình"), required=False)
    reporter_name = forms.CharField(
        label=_("Họ và tên (không bắt buộc)"), max_length=200, required=False
    )
    reporter_contact = forms.CharField(
        label=_("Số điện thoại hoặc e-mail để công đoàn trả lời (không bắt buộc)"),
        max_length=200,
        required=False,
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for robots


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}))


class ResponseForm(forms.Form):
    text = forms.CharField(label=_("Nội dung đăng"), widget=forms.Textarea(attrs={"rows": 6}))
    link = forms.URLField(label=_("Liên kết"), required=False)
    reply_text = forms.CharField(
        label=_("Trả lời người báo tin"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    accounts = forms.MultipleChoiceField(label=_("Đăng lên kênh"), required=False)
    facts = forms.MultipleChoiceField(label=_("Dữ kiện dùng"), required=False)

    def __init__(self, *args: Any, accounts: Any, facts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        account_choices = [(str(a.pk), str(a)) for a in accounts]
        fact_choices = [(str(f.pk), f.statement[:120]) for f in facts]
        self.fields["accounts"] = forms.MultipleChoiceField(
            label=_("Đăng lên kênh"),
            required=False,
            choices=account_choices,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["facts"] = forms.MultipleChoiceField(
            label=_("Dữ kiện dùng"),
            required=False,
            choices=fact_choices,
            widget=forms.CheckboxSelectMultiple,
        )


class FactForm(WagtailAdminModelForm):
    """A fact of a unit the user manages; sources one per line: "title | URL"."""

    sources_text = forms.CharField(
        label=_("Nguồn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nguồn: tên văn bản | đường dẫn (nếu có)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT)
        self.fields["unit"] = UnitChoiceField(units, label=_("Đơn vị"))
        fit_unit_widget(self.fields["unit"])
        lines = []
        for source in self.instance.sources or []:
            if isinstance(source, dict):
                title, url = source.get("title", ""), source.get("url", "")
                lines.append(f"{title} | {url}" if url else str(title))
        self.initial.setdefault("sources_text", "\n".join(lines))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        sources = []
        for line in (cleaned.get("sources_text") or "").splitlines():
            title, _sep, url = line.partition("|")
            if title.strip() or url.strip():
                sources.append({"title": title.strip(), "url": url.strip()})
        cleaned["sources"] = sources
        self.instance.sources = sources
        return cleaned


class PlaybookForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT)
        self.fields["unit"] = UnitChoiceField(units, label=_("Đơn vị"))
        fit_unit_widget(self.fields["unit"])


class TiplineForm(WagtailAdminModelForm):
    """A channel the user manages becomes a tipline of a unit of their scope."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = scoping.units_for(self.for_user, Perm.CONTENT_EDIT)
        self.fields["unit"] = UnitChoiceField(units, label=_("Đơn vị nhận tin"))
        fit_unit_widget(self.fields["unit"])
        self.fields["account"].queryset = account_list_for(self.for_user)  # type: ignore[attr-defined]
