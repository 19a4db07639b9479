"""Admin screens of the newsroom's non-page models, scoped by org unit."""

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import EditView, SnippetViewSetGroup

from lantoa.core.viewsets import ScopedSnippetViewSet, ServiceFormMixin
from lantoa.newsroom.admin_views import UNIT_SITES, UnitSiteOpenView, UnitSitesView
from lantoa.newsroom.models import Feedback, WebsiteLink
from lantoa.newsroom.services import feedback_moderate
from lantoa.org.admin_blocks import PermissionMenuViewSet
from lantoa.org.choices import Perm
from lantoa.org.scoping import units_for


class UnitScopedForm(WagtailAdminModelForm):
    """Offers only the units the editor may write for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" in self.fields and self.for_user is not None:
            self.fields["unit"].queryset = units_for(self.for_user, Perm.CONTENT_EDIT)


class FeedbackModerationForm(WagtailAdminModelForm):
    """Only the state changes, and it changes through the moderation service."""

    def save(self, commit: bool = True) -> Any:
        state = self.cleaned_data["state"]
        original = Feedback.objects.get(pk=self.instance.pk)
        if commit and original.state != state:
            return feedback_moderate(actor=self.for_user, feedback=original, state=state)
        return original


class FeedbackEditView(ServiceFormMixin, EditView):
    """A refused moderation (a state the service does not accept) is a form
    error, not a crash."""


class WebsiteLinkViewSet(ScopedSnippetViewSet):
    model = WebsiteLink
    icon = "link"
    menu_label = _("Liên kết website")
    list_display = ["title", "url", "unit", "sort_order"]
    list_select_related = ("unit",)
    list_filter = ["unit"]
    search_fields = ["title", "url"]
    edit_handler = ObjectList(
        [FieldPanel("unit"), FieldPanel("title"), FieldPanel("url"), FieldPanel("sort_order")],
        base_form_class=UnitScopedForm,
    )


class FeedbackViewSet(ScopedSnippetViewSet):
    """Readers write feedback on the public site; officers moderate it (and
    may delete it, e.g. on a reader's request), never add it."""

    model = Feedback
    add_view_enabled = False
    edit_view_class = FeedbackEditView
    icon = "comment"
    menu_label = _("Phản hồi bạn đọc")
    list_display = ["text", "unit", "article", "state", "created_at"]
    list_select_related = ("unit", "article")
    list_filter = ["state"]
    search_fields = ["text", "name", "email"]
    ordering = ["-created_at"]
    add_to_admin_menu = False
    edit_handler = ObjectList(
        [
            FieldPanel("text", read_only=True),
            FieldPanel("name", read_only=True),
            FieldPanel("email", read_only=True),
            FieldPanel("phone", read_only=True),
            FieldPanel("state"),
        ],
        base_form_class=FeedbackModerationForm,
    )


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (WebsiteLinkViewSet, FeedbackViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Trang tin")
    menu_name = "newsroom"


class UnitSitesViewSet(PermissionMenuViewSet):
    """«Trang tin các đơn vị»: the units of the user's scope and their sites."""

    menu_perm = Perm.CONTENT_EDIT
    name = UNIT_SITES
    url_prefix = "trang-tin/don-vi"
    icon = "site"
    menu_label = _("Trang tin các đơn vị")
    menu_name = "newsroom-unit-sites"
    add_to_admin_menu = True
    menu_order = 204

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", UnitSitesView.as_view(), name="index"),
            path("<int:pk>/mo/", UnitSiteOpenView.as_view(), name="open"),
        ]
