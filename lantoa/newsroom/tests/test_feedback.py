import pytest

from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.newsroom.models import Feedback, FeedbackState
from lantoa.newsroom.services import feedback_moderate
from lantoa.newsroom.tests.factories import ArticlePageFactory, FeedbackFactory, SectionIndexFactory
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/phan-hoi/gui/"


def _post(client, page, **extra):
    data = {"page_id": page.pk, "text": "Đề nghị tăng thêm suất ăn ca đêm.", **extra}
    return client.post(URL, data, REMOTE_ADDR="10.0.0.7")


def test_feedback_under_an_article_is_stored_with_article_unit_and_time(client, news):
    section = SectionIndexFactory(parent=news.unit_home)
    article = ArticlePageFactory(parent=section)

    response = _post(client, article, name="Trần Thị B", email="b@example.vn", phone="0912 345 678")

    assert response.status_code == 200
    assert "Cảm ơn bạn! Phản hồi đã được gửi tới ban biên tập." in response.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.article_id == article.pk
    assert feedback.unit_id == news.tree.unit.pk
    assert feedback.text == "Đề nghị tăng thêm suất ăn ca đêm."
    assert (feedback.name, feedback.email, feedback.phone) == (
        "Trần Thị B",
        "b@example.vn",
        "+84912345678",
    )
    assert feedback.state == FeedbackState.NEW
    assert feedback.created_at is not None
    assert AuditLogEntry.objects.filter(action="newsroom.feedback_submit").count() == 1


def test_site_form_feedback_has_no_article(client, news):
    assert client.get(f"{news.parent_home.url}phan-hoi/").status_code == 200

    _post(client, news.parent_home)

    feedback = Feedback.objects.get()
    assert feedback.article_id is None
    assert feedback.unit_id == news.tree.parent.pk


def test_honeypot_answers_normally_but_stores_nothing(client, news):
    response = _post(client, news.article, website="http://spam.example")

    assert response.status_code == 200
    assert Feedback.objects.count() == 0
    assert AuditLogEntry.objects.filter(action="newsroom.feedback_submit").count() == 0


def test_rate_limit_answers_429_in_vietnamese(client, news, settings):
    settings.LANTOA_FEEDBACK_RATE = "2/600"
    assert _post(client, news.article).status_code == 200
    assert _post(client, news.article).status_code == 200

    response = _post(client, news.article)

    assert response.status_code == 429
    assert "Bạn đã gửi quá nhiều phản hồi trong thời gian ngắn." in response.content.decode()
    assert Feedback.objects.count() == 2
    # Another address is not limited.
    other = client.post(
        URL, {"page_id": news.article.pk, "text": "Ý kiến khác."}, REMOTE_ADDR="10.0.0.8"
    )
    assert other.status_code == 200
    assert Feedback.objects.count() == 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"text": "ngắn"}, "Nội dung phản hồi quá ngắn (ít nhất 5 ký tự)."),
        ({"text": ""}, "Vui lòng nhập nội dung phản hồi."),
        ({"email": "khong-phai-email"}, "Địa chỉ e-mail không hợp lệ."),
    ],
)
def test_invalid_feedback_is_refused_with_a_message(client, news, extra, message):
    response = _post(client, news.article, **extra)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Feedback.objects.count() == 0


def test_invalid_phone_is_refused(client, news):
    response = _post(client, news.article, phone="12")

    assert response.status_code == 400
    assert 'id="fb-phone-err"' in response.content.decode()
    assert Feedback.objects.count() == 0


def test_feedback_for_an_unknown_page_is_refused(client, news):
    response = client.post(URL, {"page_id": 999999, "text": "Ý kiến hợp lệ."})
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_feedback_form_page_is_not_cached_and_needs_no_csrf_token(news):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(URL, {"page_id": news.article.pk, "text": "Không cần mã CSRF."})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_moderation_is_scoped_to_the_units_officers(tree):
    feedback = FeedbackFactory(unit=tree.unit)
    officer = RoleAssignmentFactory(unit=tree.parent, role=Role.OFFICER).user
    outsider = RoleAssignmentFactory(unit=tree.sibling, role=Role.OFFICER).user

    with pytest.raises(PermissionDenied):
        feedback_moderate(actor=outsider, feedback=feedback, state=FeedbackState.APPROVED)
    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.NEW

    feedback_moderate(actor=officer, feedback=feedback, state=FeedbackState.APPROVED)

    feedback.refresh_from_db()
    assert feedback.state == FeedbackState.APPROVED
    assert feedback.moderated_by == officer
    entry = AuditLogEntry.objects.get(action="newsroom.feedback_moderate")
    assert entry.data == {"from": "new", "to": "approved"}


def test_admin_feedback_list_shows_only_the_officers_subtree(client, tree):
    FeedbackFactory(unit=tree.unit, text="Phản hồi của Khí Vũng Tàu")
    FeedbackFactory(unit=tree.sibling, text="Phản hồi của Khí Cà Mau")
    officer = UserFactory()
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    from lantoa.org.services import sync_admin_access

    sync_admin_access(officer)
    client.force_login(officer)

    response = client.get("/admin/snippets/newsroom/feedback/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Phản hồi của Khí Vũng Tàu" in html
    assert "Phản hồi của Khí Cà Mau" not in html
