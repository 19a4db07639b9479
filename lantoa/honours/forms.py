from django import forms

from lantoa.honours.services.nominations import MAX_EVIDENCE_BYTES


class NominationForm(forms.Form):
    round: forms.ModelChoiceField = forms.ModelChoiceField(label="Đợt tôn vinh", queryset=None)  # type: ignore[arg-type]
    unit: forms.ModelChoiceField = forms.ModelChoiceField(label="Đơn vị đề cử", queryset=None)  # type: ignore[arg-type]
    employee_code = forms.CharField(label="Mã nhân viên của đoàn viên", max_length=32)
    citation = forms.CharField(label="Thành tích", widget=forms.Textarea(attrs={"rows": 6}))
    evidence = forms.FileField(
        label="Minh chứng (PDF, JPEG hoặc PNG)",
        help_text=f"Tối đa {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB.",
    )
    caption = forms.CharField(label="Mô tả minh chứng", required=False, max_length=255)
    submit_now = forms.BooleanField(label="Gửi lên xét duyệt ngay", required=False, initial=True)

    def __init__(self, *args: object, rounds: object, units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
