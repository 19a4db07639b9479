"""Editor forms of the newsroom's pages (set as the pages' `base_form_class`;
models are imported late: this module is imported by the models)."""

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm


class SectionsByUnitWidget(forms.CheckboxSelectMultiple):
    """Sections grouped under the unit whose site holds them, each named with
    that unit ("Tin hoạt động — Công đoàn BSR"): six sections all called "Tin
    hoạt động" are otherwise indistinguishable."""

    def optgroups(self, name: str, value: Any, attrs: Any = None) -> list[Any]:
        from lantoa.newsroom.services_listings import section_homes

        flat = [
            option for _group, options, _index in super().optgroups(name, value, attrs)
            for option in options
        ]  # fmt: skip
        sections = [o["value"].instance for o in flat if hasattr(o["value"], "instance")]
        homes = section_homes(sections)
        grouped: dict[str, list[dict[str, Any]]] = {}
        order: dict[str, str] = {}
        for option in flat:
            section = getattr(option["value"], "instance", None)
            home = homes.get(section.pk) if section is not None else None
            unit_name = home.unit.name if home is not None else ""
            option["label"] = f"{option['label']} — {unit_name}" if unit_name else option["label"]
            grouped.setdefault(unit_name, []).append(option)
            order.setdefault(unit_name, home.unit.path if home is not None else "")
        return [
            (unit_name, grouped[unit_name], index)
            for index, unit_name in enumerate(sorted(grouped, key=lambda n: order[n]))
        ]


class ArticlePageForm(WagtailAdminPageForm):
    """Offers the sections of the article's own unit, of the units above it
    and of the units directly below it (those already chosen stay offered)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("sections")
        if field is None:
            return
        from django.db.models import Q
        from wagtail.models import Page

        from lantoa.newsroom.models import SectionIndex, UnitSiteHome
        from lantoa.newsroom.selectors import site_home_for
        from lantoa.org.scoping import path_prefixes

        unit = getattr(self.instance, "unit", None)
        if unit is None and self.parent_page is not None:
            home = site_home_for(self.parent_page)
            unit = home.unit if home is not None else None
        if unit is not None:
            line = Q(unit__path__in=path_prefixes(unit.path)) | Q(
                unit__path__startswith=unit.path, unit__depth=unit.depth + 1
            )
            home_paths = UnitSiteHome.objects.filter(line).values_list("path", flat=True)
            offered = Q(pk__in=[])
            for home_path in home_paths:
                offered |= Q(path__startswith=home_path, depth=len(home_path) // Page.steplen + 1)
            if self.instance.pk:
                offered |= Q(pk__in=[s.pk for s in self.instance.sections.all()])
            field.queryset = SectionIndex.objects.filter(offered).order_by("path")
        field.widget = SectionsByUnitWidget()
        field.widget.choices = field.choices
