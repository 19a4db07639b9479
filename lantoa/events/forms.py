from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lantoa.events.services.questions import MAX_LENGTH
from lantoa.org.public import OrgUnit


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Câu hỏi của bạn"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Mã điểm danh"),
        max_length=200,
        help_text=_("Quét mã QR của đoàn viên hoặc gõ mã 8 ký tự."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleImageInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SessionForm(forms.Form):
    """A session a unit reports (the unit chooser holds the units the officer
    may report for within the programme's subtree)."""

    unit = forms.ModelChoiceField(label=_("Đơn vị báo cáo"), queryset=OrgUnit.objects.none())
    held_on = forms.DateField(
        label=_("Ngày tổ chức"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.IntegerField(label=_("Số người tham gia"), min_value=1)
    gifts = forms.IntegerField(
        label=_("Số suất quà"),
        min_value=0,
        required=False,
        help_text=_("Với chương trình thăm hỏi, tặng quà."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleImageField(
        label=_("Ảnh"),
        required=False,
        help_text=_("Tối đa 6 ảnh JPEG, PNG hoặc WebP, mỗi ảnh dưới 8 MB."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["photos"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"


class ReportForm(forms.Form):
    recording_url = forms.URLField(
        label=_("Đường dẫn bản ghi"),
        required=False,
        assume_scheme="https",
        help_text=_("Bản ghi trên máy chủ họp trực tuyến hoặc kênh video của đơn vị."),
    )
    summary = forms.CharField(label=_("Tóm tắt sự kiện"), widget=forms.Textarea(attrs={"rows": 8}))
