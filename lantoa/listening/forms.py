"""Admin forms of the listening back office. They only parse input; the
services decide (scope, valid labels, who may be assigned)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from lantoa.core.actors import Actor
from lantoa.org.admin_blocks import UnitChoiceField, fit_unit_widget
from lantoa.org.choices import Perm
from lantoa.org.public import OrgUnit
from lantoa.org.scoping import units_for

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name().strip()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class AssignForm(forms.Form):
    assignee = UserChoiceField(
        label="Giao cho",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Người này không phụ trách đơn vị của ý kiến."},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = candidates


class HandledForm(forms.Form):
    note = forms.CharField(
        label="Ghi chú xử lý",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Trả lời",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Câu trả lời không có nội dung."},
    )


class OpinionImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp ý kiến (.csv hoặc .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(),  # the user's units, set in __init__
        label="Đơn vị mặc định",
        required=False,
        help_text="Cho các dòng không ghi mã đơn vị (hoặc khi tệp không có cột «Mã đơn vị»).",
    )
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa ghi gì", required=False)
    skip_invalid = forms.BooleanField(
        label="Bỏ qua các dòng lỗi và nhập các dòng hợp lệ", required=False
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = units_for(user, Perm.CONTENT_EDIT).order_by("path")
        fit_unit_widget(field)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)."
            )
        return upload
