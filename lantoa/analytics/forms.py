"""The form of the "term in numbers" screen."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lantoa.analytics.periods import Period
from lantoa.core.actors import Actor
from lantoa.core.exceptions import InvalidInput
from lantoa.newsroom.public import TopicHub, UnitSiteHome
from lantoa.org.choices import Perm
from lantoa.org.scoping import user_can


def hubs_for(user: Actor) -> list[tuple[TopicHub, UnitSiteHome]]:
    """Topic hubs on the site of a unit the user edits content for, with that
    site's home; two queries (a hub's parent is always a unit site home)."""
    hubs = list(TopicHub.objects.order_by("title", "pk"))
    homes = {
        home.path: home
        for home in UnitSiteHome.objects.filter(
            path__in={hub.path[: -TopicHub.steplen] for hub in hubs}
        ).select_related("unit")
    }
    return [
        (hub, homes[hub.path[: -TopicHub.steplen]])
        for hub in hubs
        if hub.path[: -TopicHub.steplen] in homes
        and user_can(user, Perm.CONTENT_EDIT, homes[hub.path[: -TopicHub.steplen]].unit)
    ]


class TermNumbersForm(forms.Form):
    hub = forms.TypedChoiceField(label="Chuyên trang", coerce=int)
    first = forms.CharField(
        label="Từ tháng", widget=forms.TextInput(attrs={"type": "month"}), max_length=7
    )
    last = forms.CharField(
        label="Đến tháng", widget=forms.TextInput(attrs={"type": "month"}), max_length=7
    )
    heading = forms.CharField(
        label="Tiêu đề khối con số",
        max_length=200,
        required=False,
        help_text="Để trống: «Những con số ấn tượng nhiệm kỳ …».",
    )

    def __init__(self, *args: Any, hubs: list[tuple[TopicHub, UnitSiteHome]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.hubs = {hub.pk: hub for hub, _ in hubs}
        self.fields["hub"].choices = [  # type: ignore[attr-defined]
            (hub.pk, f"{hub.title} — {home.unit.name}") for hub, home in hubs
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last"):
            try:
                data["period"] = Period.parse(data["first"], data["last"])
            except InvalidInput as exc:
                raise ValidationError(exc.message) from exc
        if "hub" in data:
            data["hub_page"] = self.hubs[data["hub"]]
        return data
