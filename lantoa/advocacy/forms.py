from django import forms

from lantoa.advocacy.choices import DigestFrequency


class AmbassadorSettingsForm(forms.Form):
    on_board = forms.BooleanField(
        label="Hiện tên tôi trên bảng xếp hạng",
        required=False,
        help_text="Không hiện tên thì kết quả của bạn vẫn được tính cho đơn vị.",
    )
    digest = forms.ChoiceField(
        label="Thư tổng hợp qua e-mail", choices=DigestFrequency.choices, initial="weekly"
    )
