"""Admin screens of the newsroom's non-page models, scoped by org unit."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from lantoa.newsroom.models import Feedback, WebsiteLink
from lantoa.newsroom.services import feedback_moderate
from lantoa.org.choices import Perm
from lantoa.org.scoping import filter_by_scope, units_for


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


class WebsiteLinkViewSet(SnippetViewSet):
    model = WebsiteLink
    icon = "link"
    menu_label = _("Liên kết website")
    list_display = ["title", "url", "unit", "sort_order"]
    list_filter = ["unit"]
    search_fields = ["title", "url"]
    edit_handler = ObjectList(
        [FieldPanel("unit"), FieldPanel("title"), FieldPanel("url"), FieldPanel("sort_order")],
        base_form_class=UnitScopedForm,
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebsiteLink]:
        return filter_by_scope(
            WebsiteLink.objects.select_related("unit"), request.user, Perm.CONTENT_EDIT
        )


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "comment"
    menu_label = _("Phản hồi bạn đọc")
    list_display = ["text", "unit", "article", "state", "created_at"]
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feedback]:
        return filter_by_scope(
            Feedback.objects.select_related("unit", "article"), request.user, Perm.CONTENT_EDIT
        )


class NewsroomViewSetGroup(SnippetViewSetGroup):
    items = (WebsiteLinkViewSet, FeedbackViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Trang tin")
    menu_name = "newsroom"
