"""Admin forms of the channels app. They only adapt input: every write goes
through `lantoa.channels.services`, every unit and channel offered comes from
the user's scope (`selectors_admin`).

Secrets are typed in and never shown back: token fields are password inputs
that do not re-render their value, and nothing reads stored credentials into
a form (a reconnection keeps the stored extras it is not given).
"""

from collections.abc import Mapping
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa.channels import selectors_admin
from lantoa.channels.adapters.registry import supported_platforms
from lantoa.channels.choices import Platform
from lantoa.channels.models import ChannelAccount, Post
from lantoa.core.forms import DateTimeLocalInput
from lantoa.org.admin_blocks import UnitChoiceField, fit_unit_widget
from lantoa.org.public import OrgUnit

# Where each platform's adapter reads its token (see the adapters' docstrings).
TOKEN_KEY: dict[str, str] = {
    Platform.TELEGRAM_CHANNEL: "bot_token",
    Platform.FACEBOOK_PAGE: "page_token",
    Platform.ZALO_OA: "access_token",
    Platform.VIBER_CHANNEL: "auth_token",
}
# Optional extras: (key, label, secret?, platforms that use it).
EXTRA_FIELDS: tuple[tuple[str, str, bool, frozenset[str]], ...] = (
    ("refresh_token", "Refresh token (để tự gia hạn)", True, frozenset({Platform.ZALO_OA})),
    ("app_secret", "App secret", True, frozenset({Platform.FACEBOOK_PAGE, Platform.ZALO_OA})),
    ("app_id", "App ID", False, frozenset({Platform.ZALO_OA})),
    ("oa_secret_key", "OA secret key (ký webhook)", True, frozenset({Platform.ZALO_OA})),
    ("author", "Tác giả hiển thị trên bài viết", False, frozenset({Platform.ZALO_OA})),
    ("cover_url", "Ảnh bìa mặc định (URL)", False, frozenset({Platform.ZALO_OA})),
    ("from_id", "ID quản trị viên đăng bài", False, frozenset({Platform.VIBER_CHANNEL})),
)
# Platforms on which the channel must be named: the token alone does not say which.
EXTERNAL_ID_REQUIRED = frozenset({Platform.TELEGRAM_CHANNEL, Platform.EMAIL_LIST})

PLATFORM_NAMES = dict(Platform.choices)
TOKEN_HELP = _(
    "Telegram: token của bot (từ @BotFather); bot phải là quản trị viên của kênh. "
    "Facebook: Page access token. Zalo OA: access token của OA (kèm refresh token bên dưới "
    "để Lantoa tự gia hạn; hoặc dùng «Kết nối Zalo OA qua cấp quyền»). "
    "Viber: token của kênh (Developer Tools). Danh sách e-mail: bỏ trống. "
    "Lantoa kiểm tra token với nền tảng, lưu mã hoá và không bao giờ hiển thị lại."
)


def platform_choices() -> list[tuple[str, Any]]:
    """Platforms that have an adapter (the unit's website is not a channel to connect)."""
    return [(p, PLATFORM_NAMES.get(p, p)) for p in supported_platforms()]


def redact(message: str, secrets: Any) -> str:
    """`message` with every secret it might quote blanked out: a platform's
    error can echo what it was sent, and the form shows its errors."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            message = message.replace(secret, "••••")
    return message


class SecretField(forms.CharField):
    """A token typed in once: never rendered back, not even after an error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault(
            "widget",
            forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        )
        super().__init__(**kwargs)


class CredentialFieldsMixin:
    """The token field and the platform's optional extras, and the mapping of
    what was typed into the credentials object the adapter reads."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_credential_fields(self, platforms: frozenset[str] | None = None) -> None:
        self.fields["token"] = SecretField(label=_("Token / mã truy cập"), help_text=TOKEN_HELP)
        for key, label, secret, used_by in EXTRA_FIELDS:
            if platforms is not None and not platforms & used_by:
                continue
            names = ", ".join(str(PLATFORM_NAMES[p]) for p in sorted(used_by))
            help_text = _("Không bắt buộc; dùng cho %(names)s.") % {"names": names}
            if secret:
                self.fields[key] = SecretField(label=label, help_text=help_text)
            else:
                self.fields[key] = forms.CharField(
                    label=label, help_text=help_text, required=False, max_length=500
                )

    def secrets_typed(self) -> list[str]:
        data = getattr(self, "data", {})
        keys = ["token", *(key for key, _l, secret, _p in EXTRA_FIELDS if secret)]
        return [str(data.get(key) or "") for key in keys]

    def check_token(self, platform: str) -> None:
        if platform in TOKEN_KEY and not self.cleaned_data.get("token"):
            cast(forms.Form, self).add_error(
                "token", _("Dán token mà %(platform)s cấp cho kênh.") % {"platform": platform}
            )

    def credentials(self, platform: str, stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What to store: `stored` (on a reconnection) updated with every
        field that was filled in."""
        result = dict(stored or {})
        if token := self.cleaned_data.get("token"):
            result[TOKEN_KEY[platform]] = token
            # A refresh token belongs to the pair it came with: a new access token
            # makes the stored one (possibly already spent) and its expiry meaningless.
            result.pop("refresh_token", None)
            result.pop("access_expires_at", None)
        for key, _label, _secret, used_by in EXTRA_FIELDS:
            if platform in used_by and (value := self.cleaned_data.get(key)):
                result[key] = value
        return result


class ChannelConnectForm(CredentialFieldsMixin, WagtailAdminModelForm):
    """Choose the unit and platform, paste the token; the service verifies it
    with the platform and fills in the channel's name and id."""

    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị"))
    platform = forms.ChoiceField(label=_("Nền tảng"), choices=())

    class Meta:
        model = ChannelAccount
        fields = ["unit", "platform", "external_id"]
        labels = {"external_id": _("Mã kênh / Trang / địa chỉ")}
        help_texts = {
            "external_id": _(
                "Telegram: @ten_kenh hoặc mã -100…; Facebook: ID của Trang (bỏ trống để lấy "
                "theo token); Zalo OA, Viber: bỏ trống; danh sách e-mail: địa chỉ của danh sách."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(UnitChoiceField, self.fields["unit"])
        unit_field.queryset = selectors_admin.channel_units_for(self.for_user).order_by("path")
        fit_unit_widget(unit_field)
        cast(forms.ChoiceField, self.fields["platform"]).choices = [
            ("", "---------"),
            *platform_choices(),
        ]
        self.add_credential_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        platform = cleaned.get("platform")
        if platform:
            self.check_token(platform)
            if platform in EXTERNAL_ID_REQUIRED and not cleaned.get("external_id"):
                self.add_error("external_id", _("Nền tảng này cần mã kênh hoặc địa chỉ."))
        return cleaned

    def connect_arguments(self) -> dict[str, Any]:
        platform = self.cleaned_data["platform"]
        return {
            "unit": self.cleaned_data["unit"],
            "platform": platform,
            "external_id": self.cleaned_data.get("external_id") or "",
            "credentials": self.credentials(platform),
        }


class ChannelReconnectForm(CredentialFieldsMixin, forms.Form):
    """A new token for a channel whose token expired or was revoked; extras
    left blank keep their stored value."""

    def __init__(self, *args: Any, account: ChannelAccount, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.add_credential_fields(frozenset({account.platform}))
        self.fields["token"].required = account.platform in TOKEN_KEY

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_token(self.account.platform)
        return cleaned


class ChannelSettingsForm(forms.Form):
    """The channel's non-secret settings, shown with their stored values and
    changed without a new token (`account_settings_update`)."""

    def __init__(
        self, *args: Any, account: ChannelAccount, current: Mapping[str, str], **kwargs: Any
    ) -> None:
        kwargs["initial"] = {**current, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.account = account
        for key, label, secret, used_by in EXTRA_FIELDS:
            if secret or account.platform not in used_by:
                continue
            field_class = forms.URLField if key == "cover_url" else forms.CharField
            extra: dict[str, Any] = {"assume_scheme": "https"} if key == "cover_url" else {}
            self.fields[key] = field_class(label=label, required=False, max_length=500, **extra)
        if "cover_url" in self.fields:
            self.fields["cover_url"].help_text = _(
                "Ảnh dùng làm bìa khi bài đăng không có ảnh. Lantoa mở thử địa chỉ này: Zalo chỉ "
                "nhận ảnh mở được (tối đa 1 MB)."
            )

    def settings(self) -> dict[str, str]:
        return {key: str(self.cleaned_data.get(key) or "") for key in self.fields}


# ---- times in the unit's zone --------------------------------------------------


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in a given zone (the unit's), whatever zone the
    officer's browser or admin profile is in."""

    input_formats = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

    def __init__(self, *, zone: ZoneInfo, **kwargs: Any) -> None:
        self.zone = zone
        kwargs.setdefault("widget", DateTimeLocalInput())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(self.zone):
            return super().prepare_value(value)


def schedule_field(unit: OrgUnit) -> LocalDateTimeField:
    zone = selectors_admin.unit_zone(unit)
    return LocalDateTimeField(
        zone=zone,
        required=False,
        label=_("Hẹn giờ đăng"),
        help_text=_("Giờ %(zone)s. Bỏ trống để đăng ngay.") % {"zone": zone.key},
    )


def clean_future(value: Any) -> Any:
    if value is not None and value <= timezone.now():
        raise ValidationError(_("Giờ hẹn đã qua; bỏ trống để đăng ngay."), code="past")
    return value


# ---- composing ---------------------------------------------------------------------


def channel_label(account: ChannelAccount) -> str:
    return f"{account} — {account.unit.short_name or account.unit.name}"


class ChannelsField(forms.ModelMultipleChoiceField):
    """Channels as checkboxes, each named with its unit."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return channel_label(obj)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,video/mp4,video/quicktime"})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def link_field() -> forms.URLField:
    return forms.URLField(
        label=_("Liên kết"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("Bài viết trên website; Lantoa gắn mã theo dõi riêng cho từng kênh."),
    )


class PostComposeForm(WagtailAdminModelForm):
    """Step one: what to say, for which unit, on which channels. Saving stores
    a draft; nothing is queued before the preview (step two)."""

    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị"))
    link = link_field()
    media = MultipleFileField(
        label=_("Ảnh hoặc video"),
        required=False,
        help_text=_("Ảnh JPEG, PNG, WebP, GIF hoặc một video MP4; tối đa 50 MB mỗi tệp."),
    )
    channels = ChannelsField(
        label=_("Kênh đăng"),
        queryset=ChannelAccount.objects.none(),
        required=False,
        help_text=_("Kênh của đơn vị, của đơn vị trực thuộc hoặc cấp trên (nếu bạn quản lý)."),
    )

    class Meta:
        model = Post
        fields = ["unit", "text", "link"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = cast(UnitChoiceField, self.fields["unit"])
        unit_field.queryset = selectors_admin.channel_units_for(self.for_user).order_by("path")
        fit_unit_widget(unit_field)
        in_scope = (
            selectors_admin.accounts_for(self.for_user)
            .select_related("unit")
            .order_by("unit__path", "platform", "name")
        )
        limit = selectors_admin.CHANNEL_CHOICE_LIMIT
        if in_scope[: limit + 1].count() > limit:
            # Too many to tick here: they are chosen on the preview, among the unit's.
            del self.fields["channels"]
        else:
            cast(ChannelsField, self.fields["channels"]).queryset = in_scope

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit is not None:
            for account in cleaned.get("channels") or ():
                path = account.unit.path
                # Its subtree or its ancestors, as post_schedule allows.
                if not (path.startswith(unit.path) or unit.path.startswith(path)):
                    self.add_error(
                        "channels",
                        _("Kênh «%(channel)s» không thuộc đơn vị đã chọn hay cấp trên của nó.")
                        % {"channel": account},
                    )
        return cleaned


class PostEditForm(WagtailAdminModelForm):
    """A draft's text and link (`post_update`)."""

    link = link_field()

    class Meta:
        model = Post
        fields = ["text", "link"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class PostScheduleForm(forms.Form):
    """Step two: the channels to send to, now or at a time in the unit's zone."""

    channels = ChannelsField(
        label=_("Đăng lên các kênh"),
        queryset=ChannelAccount.objects.none(),
        error_messages={"required": _("Chọn ít nhất một kênh.")},
    )

    comment = forms.CharField(
        label=_("Ý kiến của người duyệt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi «Yêu cầu sửa»: ghi rõ cần sửa gì."),
    )

    def __init__(self, *args: Any, post: Post, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ChannelsField, self.fields["channels"]).queryset = candidates
        self.fields["scheduled_at"] = schedule_field(post.unit)

    def clean_scheduled_at(self) -> Any:
        return clean_future(self.cleaned_data.get("scheduled_at"))


# ---- the queue -----------------------------------------------------------------------


class DeliveryEditForm(forms.Form):
    """This channel's own text, or a new time, before it is sent (`delivery_edit`)."""

    text = forms.CharField(
        label=_("Nội dung cho kênh này"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheduled_at"] = schedule_field(unit)
        self.fields["scheduled_at"].help_text = _(
            "Giờ %(zone)s. Bỏ trống để giữ lịch hiện tại."
        ) % {"zone": selectors_admin.unit_zone(unit).key}

    def clean_scheduled_at(self) -> Any:
        return clean_future(self.cleaned_data.get("scheduled_at"))


class ResolveUncertainForm(forms.Form):
    """A person looked at the channel: the post is there (with its address, if
    they have it), or it is not and should be sent again."""

    was_posted = forms.TypedChoiceField(
        choices=[("1", _("Bài đã lên")), ("0", _("Gửi lại"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    external_url = forms.URLField(
        label=_("Địa chỉ bài trên nền tảng"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
