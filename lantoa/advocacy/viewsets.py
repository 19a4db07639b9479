"""Back office of ambassador sharing: "Lan tỏa" → Bộ chia sẻ (write, approve,
figures), Quy định chia sẻ (per unit), Bảng xếp hạng. Rights come from `org`
scoping over the kit's unit (Perm.CONTENT_EDIT; publishing and the unit's
rules need Perm.CONTENT_APPROVE); every change goes through a service."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from lantoa.advocacy import admin_views, services
from lantoa.advocacy.choices import Network
from lantoa.advocacy.models import ShareKit
from lantoa.core.campaign_refs import campaign_choices
from lantoa.core.viewsets import (
    ScopedIndexView,
    ScopedModelViewSet,
    ScopedObjectMixin,
    ServiceFormMixin,
    detail_and_action,
)
from lantoa.org import scoping
from lantoa.org.admin_blocks import content_policy
from lantoa.org.choices import Perm

kit_permission_policy = content_policy(ShareKit)


class KitForm(WagtailAdminModelForm):
    hashtags = forms.CharField(
        label=_("Hashtag"), required=False, help_text=_("Cách nhau bằng dấu cách hoặc dấu phẩy.")
    )
    campaign_ref = forms.TypedChoiceField(
        label=_("Chiến dịch"), required=False, coerce=uuid.UUID, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts = dict(self.instance.texts.values_list("network", "text")) if self.instance.pk else {}
        for network, label in Network.choices:
            self.fields[f"text_{network}"] = forms.CharField(
                label=_("Lời giới thiệu cho %(network)s") % {"network": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=texts.get(network, ""),
            )
        self.initial["hashtags"] = " ".join(self.instance.hashtags or [])
        user = self.for_user
        if user is not None:
            self.fields["unit"].queryset = scoping.units_for(user, Perm.CONTENT_EDIT).order_by(
                "path"
            )
            if self.instance.pk is not None:
                self.fields["unit"].disabled = True
            self.fields["campaign_ref"].choices = [("", "—")] + [  # type: ignore[attr-defined]
                (str(k), v) for k, v in campaign_choices(user)
            ]

    def clean_hashtags(self) -> list[str]:
        return self.cleaned_data["hashtags"].replace(",", " ").split()

    def texts(self) -> dict[str, str]:
        return {n: self.cleaned_data.get(f"text_{n}", "") for n in Network.values}


class KitSaveMixin(ServiceFormMixin):
    success_url_name = "advocacy_kits:detail"

    def save_instance(self) -> ShareKit:
        form = self.form  # type: ignore[attr-defined]
        kit = form.save(commit=False)
        return services.kit_save(actor=self.request.user, kit=kit, texts=form.texts())  # type: ignore[attr-defined]


class KitCreateView(KitSaveMixin, generic.CreateView):
    pass


class KitEditView(ScopedObjectMixin, KitSaveMixin, generic.EditView):
    pass


class KitIndexView(ScopedIndexView):
    object_select_related = ("unit",)
    row_url_name = "advocacy_kits:detail"

    @property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("title", label=_("Bộ chia sẻ"), get_url=self.get_edit_url, accessor=str),
            Column("unit", label=_("Đơn vị")),
            Column("kind", label=_("Loại"), accessor=lambda k: k.get_kind_display()),
            Column("state", label=_("Trạng thái"), accessor=lambda k: k.get_state_display()),
            Column("published_at", label=_("Mời chia sẻ từ")),
        ]


class KitViewSet(ScopedModelViewSet):
    model = ShareKit
    icon = "link"
    menu_label = _("Bộ chia sẻ")
    url_prefix = "lan-toa/bo-chia-se"
    name = "advocacy_kits"
    permission_policy = kit_permission_policy
    index_view_class = KitIndexView
    add_view_class = KitCreateView
    edit_view_class = KitEditView
    delete_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["unit", "kind", "title", "url", "image", "campaign_ref"]
    list_filter = ["state", "kind"]
    search_fields = ["title"]

    def get_form_class(self, for_update: bool = False) -> Any:
        from django.forms.models import modelform_factory

        return modelform_factory(ShareKit, form=KitForm, fields=[*self.form_fields, "hashtags"])

    object_views = detail_and_action(admin_views.KitDetailView, admin_views.KitActionView)


class AdvocacyMenuGroup(ViewSetGroup):
    menu_label = _("Lan tỏa")
    menu_icon = "link"
    menu_order = 285
    items = (KitViewSet,)
