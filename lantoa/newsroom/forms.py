from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.images.forms import BaseImageForm
from wagtail.images.utils import get_allowed_image_extensions

from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.newsroom.services import FEEDBACK_MAX_CHARS


class FeedbackForm(forms.Form):
    """Reader feedback. `website` is a honeypot: people never see or fill it."""

    text = forms.CharField(
        label=_("Ý kiến của bạn"),
        min_length=5,
        max_length=FEEDBACK_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Vui lòng nhập nội dung phản hồi."),
            "min_length": _("Nội dung phản hồi quá ngắn (ít nhất 5 ký tự)."),
            "max_length": _("Nội dung phản hồi quá dài."),
        },
    )
    name = forms.CharField(label=_("Họ và tên (không bắt buộc)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("E-mail (không bắt buộc)"),
        required=False,
        error_messages={"invalid": _("Địa chỉ e-mail không hợp lệ.")},
    )
    phone = forms.CharField(label=_("Điện thoại (không bắt buộc)"), max_length=20, required=False)
    page_id = forms.IntegerField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except InvalidPhone as exc:
            raise forms.ValidationError(str(exc)) from exc


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


class LantoaImageForm(BaseImageForm):
    """Wagtail's image form with the upload limits explained in Vietnamese.

    Used for every image upload of the admin (single, multiple, chooser) through
    WAGTAILIMAGES_IMAGE_FORM_BASE; the limits themselves are Wagtail's settings
    WAGTAILIMAGES_MAX_UPLOAD_SIZE / _EXTENSIONS / _MAX_IMAGE_PIXELS.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        formats = ", ".join(get_allowed_image_extensions()).upper()
        max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
        max_text = _megabytes(max_size)
        field.help_text = f"Định dạng được nhận: {formats}. Dung lượng tối đa: {max_text}."
        field.error_messages.update(
            {
                "invalid_image_extension": (
                    f"Tệp này không phải là ảnh được hỗ trợ. Chỉ nhận các định dạng: {formats}."
                ),
                "invalid_image_known_format": (
                    "Tệp không phải ảnh .%(extension)s thật: phần mở rộng không khớp "
                    "với định dạng của tệp (%(image_format)s)."
                ),
                "invalid_image": (
                    f"Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng. "
                    f"Chỉ nhận các định dạng: {formats}."
                ),
                "file_too_large": (
                    "Ảnh quá lớn (%(file_size)s). Dung lượng tối đa là %(max_filesize)s; "
                    "hãy thu nhỏ ảnh rồi tải lại."
                ),
                "file_too_large_unknown_size": f"Ảnh quá lớn. Dung lượng tối đa là {max_text}.",
                "file_too_many_pixels": (
                    "Ảnh có quá nhiều điểm ảnh (%(num_pixels)s). "
                    "Tối đa %(max_pixels_count)s điểm ảnh."
                ),
            }
        )
        # The extension validator runs before the checks above; its own
        # message is Django's, so it is replaced too.
        field.validators = [
            FileExtensionValidator(
                allowed_extensions=get_allowed_image_extensions(),
                message=(
                    f"Tệp này không phải là ảnh được hỗ trợ. Chỉ nhận các định dạng: {formats}."
                ),
            )
        ]
        # Read the limit now, not when Wagtail built (and cached) the form class.
        field.max_upload_size = max_size
        field.max_upload_size_text = max_text
