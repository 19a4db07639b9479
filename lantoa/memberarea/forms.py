from django import forms


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label="Số điện thoại hoặc e-mail",
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "inputmode": "email", "autofocus": True}
        ),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã gồm 6 chữ số",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )
