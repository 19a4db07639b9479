"""Admin forms for importing and exporting members."""

from typing import Any

from django import forms

from lantoa.core.actors import Actor
from lantoa.core.exceptions import LantoaError
from lantoa.org.choices import Perm
from lantoa.org.importing.columns import parse_mapping
from lantoa.org.models import OrgUnit
from lantoa.org.scoping import user_can


def _unit_by_code(code: str, user: Actor, perm: str, message: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise forms.ValidationError(f"Không có đơn vị mang mã «{code.strip()}».")
    if not user_can(user, perm, unit):
        raise forms.ValidationError(message.format(code=unit.code))
    return unit


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.csv hoặc .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    unit_code = forms.CharField(
        label="Mã đơn vị mặc định",
        required=False,
        max_length=32,
        help_text="Cho các dòng không ghi mã đơn vị (hoặc khi tệp không có cột «Mã đơn vị»).",
    )
    dry_run = forms.BooleanField(
        label="Chạy thử trước (kiểm tra, chưa ghi gì)", required=False, initial=True
    )
    skip_invalid = forms.BooleanField(
        label="Bỏ qua các dòng lỗi và nhập các dòng hợp lệ", required=False
    )
    mapping = forms.CharField(
        label="Ánh xạ cột (không bắt buộc)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Người lao động=full_name"}),
        help_text="Mỗi dòng một cột: «Tên cột trong tệp=tên trường» "
        "(full_name, gender, date_of_birth, employee_code, phone, email, unit_code, "
        "join_date, status); để trống sau dấu «=» để bỏ qua cột.",
    )

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_unit_code(self) -> OrgUnit | None:
        code = self.cleaned_data.get("unit_code") or ""
        if not code.strip():
            return None
        return _unit_by_code(
            code,
            self.user,
            Perm.MEMBER_CHANGE,
            "Bạn không có quyền nhập đoàn viên vào đơn vị «{code}».",
        )

    def clean_mapping(self) -> dict[str, str]:
        lines = [line for line in (self.cleaned_data.get("mapping") or "").splitlines() if line]
        try:
            return parse_mapping(line for line in lines if line.strip())
        except LantoaError as exc:
            raise forms.ValidationError(exc.message) from exc


class MemberExportForm(forms.Form):
    unit = forms.CharField(label="Mã đơn vị", max_length=32)

    def __init__(self, *args: Any, user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_unit(self) -> OrgUnit:
        return _unit_by_code(
            self.cleaned_data["unit"],
            self.user,
            Perm.MEMBER_VIEW,
            "Bạn không có quyền xem đoàn viên của đơn vị «{code}».",
        )
