"""Admin forms for the organisation. They only adapt input: every write goes
through `lantoa.org.services`, and every unit offered comes from `scoping`."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lantoa.core.phones import InvalidPhone, normalize_phone
from lantoa.org import scoping
from lantoa.org.choices import Perm
from lantoa.org.models import Member, OrgUnit, RoleAssignment
from lantoa.org.services import MEMBER_FIELDS, UNIT_FIELDS

# Past this many units a drop-down becomes unusable (and slow to render), so
# the field turns into a box for the unit's code. 300 covers a direct union
# with all its grassroots unions; the whole confederation is ~150,000.
UNIT_SELECT_LIMIT = 300


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    """A unit, named by its code: a drop-down in tree order while the choice
    is short, a code box beyond `UNIT_SELECT_LIMIT` (see `fit_unit_widget`)."""

    def __init__(self, queryset: QuerySet[OrgUnit], **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Không có đơn vị mã «%(value)s» trong phạm vi của bạn.")},
        )
        super().__init__(queryset.order_by("path"), **kwargs)

    class TreeIterator(ModelChoiceIterator):  # type: ignore[type-arg]
        """Indents each option by its depth below the first (top-most) one,
        so the drop-down reads as a tree."""

        base_depth: int | None = None

        def choice(self, obj: OrgUnit) -> tuple[Any, str]:
            value, label = super().choice(obj)
            if self.base_depth is None:
                self.base_depth = obj.depth
            return value, f"{'— ' * max(obj.depth - self.base_depth, 0)}{label}"

    iterator = TreeIterator

    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name} ({obj.code})"


def fit_unit_widget(field: "forms.ModelChoiceField[Any]") -> None:
    """Swap the drop-down for a code box when the scope is large."""
    queryset = field.queryset
    if queryset is not None and queryset[: UNIT_SELECT_LIMIT + 1].count() > UNIT_SELECT_LIMIT:
        field.widget = forms.TextInput(attrs={"placeholder": _("Mã đơn vị, ví dụ PVGAS")})
        field.help_text = _("Nhập mã đơn vị (trong phạm vi của bạn).")


def _clean_phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except InvalidPhone as exc:
        raise ValidationError(str(exc), code="invalid_phone") from exc


class OrgUnitForm(WagtailAdminModelForm):
    """A unit's own fields; its place in the tree is chosen by the add-child
    URL and changed only by the move form."""

    class Meta:
        model = OrgUnit
        fields = list(UNIT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new unit gets a slug from its name (services.unique_unit_slug).
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Để trống để tạo tự động từ tên đơn vị.")

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def service_fields(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in UNIT_FIELDS if k in self.cleaned_data}
        if not data.get("slug"):
            data.pop("slug", None)
        return data


class UnitMoveForm(forms.Form):
    new_parent = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Chuyển vào đơn vị"),
        help_text=_("Đơn vị cùng toàn bộ đơn vị trực thuộc và đoàn viên sẽ chuyển theo."),
    )

    def __init__(self, *args: Any, user: Any, unit: OrgUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["new_parent"])
        # Only places the user may change, never the unit itself or below it,
        # and not where it already is.
        field.queryset = (
            scoping.units_for(user, Perm.UNIT_CHANGE)
            .exclude(path__startswith=unit.path)
            .exclude(path=unit.path[: -OrgUnit.steplen])
            .order_by("path")
        )
        fit_unit_widget(field)


class MemberForm(WagtailAdminModelForm):
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị"))

    class Meta:
        model = Member
        fields = ["unit", *MEMBER_FIELDS]
        widgets = {"gender": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = scoping.units_for(self.for_user, Perm.MEMBER_CHANGE).order_by("path")
        fit_unit_widget(field)
        if self.instance.pk is not None and not self.is_bound:
            # model_to_dict gives the unit's pk; the field speaks codes.
            self.initial["unit"] = self.instance.unit.code

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def service_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in MEMBER_FIELDS if k in self.cleaned_data}


class AccountField(forms.CharField):
    """An existing account, by user name or e-mail address."""

    def clean(self, value: Any) -> Any:
        text = super().clean(value).strip()
        users = list(
            get_user_model().objects.filter(
                Q(username__iexact=text) | Q(email__iexact=text), is_active=True
            )[:2]
        )
        if len(users) != 1:
            raise ValidationError(
                _("Không tìm thấy đúng một tài khoản có tên đăng nhập hoặc e-mail «%(value)s»."),
                code="unknown_account",
                params={"value": text},
            )
        return users[0]


class RoleAssignmentForm(WagtailAdminModelForm):
    account = AccountField(
        label=_("Tài khoản"),
        help_text=_("Tên đăng nhập hoặc e-mail của người được phân quyền."),
    )
    unit = UnitChoiceField(queryset=OrgUnit.objects.none(), label=_("Đơn vị"))

    class Meta:
        model = RoleAssignment
        fields = ["account", "unit", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(UnitChoiceField, self.fields["unit"])
        field.queryset = scoping.units_for(self.for_user, Perm.ROLE_CHANGE).order_by("path")
        fit_unit_widget(field)
