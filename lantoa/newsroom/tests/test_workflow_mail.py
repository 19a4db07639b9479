"""The article approval's e-mails: the unit's approvers are asked (not the
site's superusers), in Vietnamese whoever clicked, with the buttons' words."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_submitted
from wagtail.users.models import UserProfile

from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.services import newsroom_permissions_sync
from lantoa.newsroom.tests.factories import SectionIndexFactory
from lantoa.newsroom.tests.test_workflow import _article_form
from lantoa.org.choices import Role
from lantoa.org.tests.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db
TITLE = "Hội nghị người lao động năm nay"


def person(unit, role, username, email):
    return staff_user(unit, role, username=username, email=email)


@pytest.fixture
def people(news):
    people = {
        "officer": person(
            news.tree.unit, Role.OFFICER, "tuyengiao.kvt", "tuyengiao@kvt.example.vn"
        ),
        "approver": person(news.tree.unit, Role.APPROVER, "duyet.kvt", "duyet@kvt.example.vn"),
        "above": person(news.tree.parent, Role.APPROVER, "duyet.pvgas", "duyet@pvgas.example.vn"),
        "admin": UserFactory(email="admin@lantoa.example.vn", is_superuser=True, is_staff=True),
    }
    newsroom_permissions_sync(actor=SYSTEM)
    return people


def submit(client, news, officer, django_capture_on_commit_callbacks):
    section = SectionIndexFactory(parent=news.unit_home, title="Tin hoạt động")
    client.force_login(officer)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:add", args=["newsroom", "articlepage", section.pk]),
            _article_form(TITLE),
        )
    assert response.status_code == 302
    article = ArticlePage.objects.get(title=TITLE)
    task_state = TaskState.objects.get(workflow_state__object_id=str(article.pk))
    return article, task_state


def test_a_submitted_article_asks_the_units_approvers_in_vietnamese(
    client, news, people, django_capture_on_commit_callbacks, settings
):
    # The officer reads the admin in English: the approver still gets Vietnamese.
    profile = UserProfile.get_for_user(people["officer"])
    profile.preferred_language = "en"
    profile.save()
    article, _task_state = submit(
        client, news, people["officer"], django_capture_on_commit_callbacks
    )

    (notice,) = mail.outbox
    assert notice.to == ["duyet@kvt.example.vn"]  # not the superuser, not the approver above
    assert (
        notice.subject
        == "[Lantoa] Chờ duyệt: tin bài «Hội nghị người lao động năm nay» của CĐCS Khí Vũng Tàu"
    )
    assert "«Duyệt» hoặc «Yêu cầu sửa»" in notice.body
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert f"{settings.WAGTAILADMIN_BASE_URL}{edit}" in notice.body


def test_changes_requested_reach_the_author_with_the_comment_in_the_same_words(
    client, news, people, django_capture_on_commit_callbacks
):
    article, task_state = submit(
        client, news, people["officer"], django_capture_on_commit_callbacks
    )
    mail.outbox.clear()
    client.force_login(people["approver"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "reject", task_state.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": "Bổ sung ảnh hội nghị."})

    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    (notice,) = mail.outbox
    assert notice.to == ["tuyengiao@kvt.example.vn"]
    assert notice.subject == "[Lantoa] Yêu cầu sửa: tin bài «Hội nghị người lao động năm nay»"
    assert "yêu cầu sửa tin bài «Hội nghị người lao động năm nay»" in notice.body
    assert "Ý kiến của người duyệt: Bổ sung ảnh hội nghị." in notice.body


def test_an_approved_article_tells_its_author(
    client, news, people, django_capture_on_commit_callbacks
):
    article, task_state = submit(
        client, news, people["officer"], django_capture_on_commit_callbacks
    )
    mail.outbox.clear()
    client.force_login(people["approver"])
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    (notice,) = mail.outbox
    assert (notice.to, notice.subject) == (
        ["tuyengiao@kvt.example.vn"],
        "[Lantoa] Đã duyệt: tin bài «Hội nghị người lao động năm nay»",
    )
    assert "Xem tin: " in notice.body


def test_wagtails_own_notice_to_superusers_is_not_connected():
    from wagtail.admin.signal_handlers import workflow_submission_email_notifier

    connected = [ref() for _key, ref, _ in workflow_submitted.receivers]
    assert workflow_submission_email_notifier not in connected
