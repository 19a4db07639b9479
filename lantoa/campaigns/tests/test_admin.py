"""The directive and task screens of the admin: drafting and sending a
package, its pages, one-click adopt, proofs, notices on the home page."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lantoa.campaigns.choices import DirectiveStatus, RequiredAction, TaskState
from lantoa.campaigns.models import Directive, DirectiveTask, TaskNotice, TaskProof
from lantoa.campaigns.services import reminders
from lantoa.campaigns.tests.factories import DirectiveFactory, DirectiveTaskFactory
from lantoa.core.actors import SYSTEM
from lantoa.newsroom.models import ArticlePage
from lantoa.newsroom.tests.factories import png_bytes
from lantoa.org.services import sync_admin_access

pytestmark = pytest.mark.django_db

ADD = "/admin/chien-dich/dinh-huong/soan/"


def _login(client, user):
    sync_admin_access(user)
    client.force_login(user)


def _form(tree, **extra):
    due = timezone.localtime(timezone.now() + dt.timedelta(days=5))
    data = {
        "sender_unit": tree.root.code,
        "campaign": "",
        "title": "Tuyên truyền Tháng Công nhân",
        "instructions": "Đăng tin trên trang tin của đơn vị.",
        "due_at": due.strftime("%Y-%m-%d %H:%M"),
        "required_actions": [RequiredAction.PUBLISH_SITE],
        "site_title": "",
        "site_lead": "Công đoàn phát động Tháng Công nhân.",
        "site_body": "Đoạn một.\n\nĐoạn hai <có ký tự đặc biệt>.",
        "post_text": "Hưởng ứng #ThangCongNhan2026",
        "text_facebook_page": "Riêng Facebook",
        "link": "",
        "target_mode": "all",
        "chosen_codes": "",
    }
    data.update(extra)
    return data


def test_an_approver_sends_a_directive_from_the_form(client, tree, people):
    _login(client, people.root_approver)
    assert client.get(ADD).status_code == 200
    image = SimpleUploadedFile("le-phat-dong.png", png_bytes(), content_type="image/png")

    response = client.post(ADD, {**_form(tree), "images": [image], "send": "1"})

    directive = Directive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/chien-dich/dinh-huong/{directive.pk}/"
    # The four counted units below the root (trade-union groups are not sent to by default).
    assert (directive.status, directive.task_count) == (DirectiveStatus.SENT, 4)
    assert directive.site_body == "<p>Đoạn một.</p><p>Đoạn hai &lt;có ký tự đặc biệt&gt;.</p>"
    assert directive.platform_texts == {"facebook_page": "Riêng Facebook"}
    assert [i.title for i in directive.images.all()] == ["le-phat-dong"]
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert detail.context["counts"].total == 4
    index = client.get("/admin/chien-dich/dinh-huong/")
    assert "Tuyên truyền Tháng Công nhân" in index.content.decode()


def test_a_draft_is_saved_edited_then_sent(client, tree, people):
    _login(client, people.root_approver)
    client.post(
        ADD,
        {
            **_form(tree, target_mode="chosen", chosen_codes="PVGAS, BSR"),
            "save": "1",
        },
    )
    directive = Directive.objects.get()
    assert directive.status == DirectiveStatus.DRAFT
    assert sorted(directive.chosen_units.values_list("code", flat=True)) == ["BSR", "PVGAS"]
    edit = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/sua/")
    assert edit.status_code == 200
    assert edit.context["form"].initial["chosen_codes"] == "PVGAS, BSR"

    client.post(
        f"/admin/chien-dich/dinh-huong/{directive.pk}/sua/",
        {**_form(tree, title="Đã sửa", target_mode="chosen", chosen_codes="KVT"), "save": "1"},
    )
    response = client.post(f"/admin/chien-dich/dinh-huong/{directive.pk}/gui/")

    assert response.status_code == 302
    directive.refresh_from_db()
    assert (directive.title, directive.status) == ("Đã sửa", DirectiveStatus.SENT)
    assert list(directive.tasks.values_list("unit__code", flat=True)) == ["KVT"]
    assert client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/sua/").status_code == 302


def test_form_errors_and_refusals(client, tree, people):
    _login(client, people.root_approver)
    response = client.post(ADD, {**_form(tree, target_mode="chosen", chosen_codes=""), "send": "1"})
    assert response.status_code == 200
    assert "chosen_codes" in response.context["form"].errors
    response = client.post(ADD, {**_form(tree, chosen_codes="KHONGCO", target_mode="chosen")})
    assert "KHONGCO" in str(response.context["form"].errors["chosen_codes"])
    assert not Directive.objects.exists()

    _login(client, people.sibling_officer)  # an officer of a unit with nothing below it
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, {**_form(tree), "sender_unit": tree.parent.code})
    assert "sender_unit" in response.context["form"].errors
    assert not Directive.objects.exists()


def test_an_officer_of_the_top_union_drafts_and_submits_from_the_admin(client, tree, people):
    _login(client, people.parent_officer)
    index = client.get("/admin/chien-dich/dinh-huong/").content.decode()
    assert "Soạn định hướng" in index
    assert "Cán bộ soạn định hướng và bấm «Gửi duyệt»" in index
    form = client.get(ADD).content.decode()
    assert 'name="send" value="1"' in form
    assert "Gửi duyệt" in form

    response = client.post(ADD, {**_form(tree), "sender_unit": tree.parent.code, "send": "1"})

    directive = Directive.objects.get()
    assert response.status_code == 302
    assert directive.status == DirectiveStatus.SUBMITTED
    assert not DirectiveTask.objects.exists()
    detail = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/").content.decode()
    assert "Đang chờ người duyệt của đơn vị gửi." in detail


def test_a_receiving_units_directives_page_lists_what_it_received(client, tree, people):
    for n in range(3):
        directive = DirectiveFactory(sender_unit=tree.root, sent=True, title=f"Định hướng {n}")
        DirectiveTaskFactory(directive=directive, unit=tree.unit)
    _login(client, people.unit_officer)
    page = client.get("/admin/chien-dich/dinh-huong/").content.decode()
    assert "Chưa có định hướng nào" not in page
    assert page.count("data-task=") == 3
    for n in range(3):
        assert f"Định hướng {n}" in page
    assert "Đơn vị của bạn chưa gửi định hướng nào." in page


def test_adopt_from_the_task_page_opens_the_draft_in_the_editor(client, tree, people, unit_section):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    task = DirectiveTaskFactory(directive=directive, unit=tree.unit)
    _login(client, people.unit_officer)
    page = client.get(f"/admin/chien-dich/nhiem-vu/{task.pk}/")
    assert page.status_code == 200
    assert "Tạo bản thảo của đơn vị" in page.content.decode()

    response = client.post(f"/admin/chien-dich/nhiem-vu/{task.pk}/tao-ban-thao/")

    article = ArticlePage.objects.get(unit=tree.unit)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{article.pk}/edit/"
    task.refresh_from_db()
    assert (task.state, task.adopted_by_id) == (TaskState.ACKNOWLEDGED, people.unit_officer.pk)
    page = client.get(f"/admin/chien-dich/nhiem-vu/{task.pk}/")
    assert page.context["publications"][0]["edit_url"] == f"/admin/pages/{article.pk}/edit/"


def test_proof_form_on_the_task_page(client, tree, people):
    directive = DirectiveFactory(
        sender_unit=tree.root, sent=True, required_actions=[RequiredAction.REPORT_FEEDBACK]
    )
    task = DirectiveTaskFactory(directive=directive, unit=tree.unit)
    _login(client, people.unit_officer)
    url = f"/admin/chien-dich/nhiem-vu/{task.pk}/"

    refused = client.post(url, {"action": RequiredAction.REPORT_FEEDBACK, "participants": "12"})
    assert refused.status_code == 200
    assert "ghi chú" in str(refused.context["proof_form"].non_field_errors())
    assert not TaskProof.objects.exists()

    response = client.post(
        url,
        {
            "action": RequiredAction.REPORT_FEEDBACK,
            "note": "Đoàn viên đề nghị tổ chức thêm hội thao.",
            "participants": "45",
            "screenshot": SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    proof = TaskProof.objects.get()
    assert (proof.participants, proof.submitted_by_id) == (45, people.unit_officer.pk)
    task.refresh_from_db()
    assert task.state == TaskState.DONE


def test_proof_screenshots_are_private_and_served_only_within_scope(client, tree, people, settings):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    task = DirectiveTaskFactory(directive=directive, unit=tree.unit)
    proof = TaskProof.objects.create(
        task=task,
        action=RequiredAction.PUBLISH_SITE,
        screenshot=SimpleUploadedFile("chup.png", png_bytes(), content_type="image/png"),
    )
    stored = Path(proof.screenshot.path)
    assert stored.is_file()
    assert Path(settings.MEDIA_ROOT) not in stored.parents
    url = f"/admin/chien-dich/nhiem-vu/{task.pk}/minh-chung/{proof.pk}/anh/"

    _login(client, people.unit_officer)
    page = client.get(f"/admin/chien-dich/nhiem-vu/{task.pk}/")
    assert f'href="{url}"' in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert b"".join(response.streaming_content) == stored.read_bytes()

    _login(client, people.sibling_officer)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page, never the file


def test_notices_on_the_home_page_and_marked_read(client, tree, people):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    DirectiveTaskFactory(directive=directive, unit=tree.unit)
    after = directive.due_at + dt.timedelta(minutes=1)
    reminders.tasks_mark_late(actor=SYSTEM, now=after)
    reminders.tasks_escalate(actor=SYSTEM, now=after)
    notice = TaskNotice.objects.get()
    assert notice.unit == tree.parent

    _login(client, people.parent_officer)
    home = client.get("/admin/")
    html = home.content.decode()
    assert 'data-panel="directive-notices"' in html
    assert 'data-notice="escalation"' in html
    assert directive.title in html

    response = client.post(
        f"/admin/chien-dich/nhiem-vu/thong-bao/{notice.pk}/da-xem/", {"next": "/admin/"}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_by_id == people.parent_officer.pk
    assert 'data-notice="escalation"' not in client.get("/admin/").content.decode()

    _login(client, people.unit_officer)  # the late unit itself was not escalated to
    assert 'data-notice="escalation"' not in client.get("/admin/").content.decode()


def test_compliance_page_drills_down_a_branch(client, tree, people):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    for unit, state in (
        (tree.parent, TaskState.NEW),
        (tree.unit, TaskState.DONE),
        (tree.sibling, TaskState.LATE),
        (tree.uncle, TaskState.NEW),
    ):
        DirectiveTaskFactory(directive=directive, unit=unit, state=state)
    _login(client, people.root_approver)

    top = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/ket-qua/")
    rows = {b.unit.code: (b.counts.total, b.counts.done) for b, _, _ in top.context["branches"]}
    assert rows == {"PVGAS": (3, 1), "BSR": (1, 0)}
    assert 'data-branch="PVGAS" data-done="1" data-total="3"' in top.content.decode()

    down = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/ket-qua/", {"unit": "PVGAS"})
    rows = {(b.unit.code, b.own): b.counts.total for b, _, _ in down.context["branches"]}
    assert rows == {("PVGAS", True): 1, ("KVT", False): 1, ("KCM", False): 1}

    _login(client, people.unit_officer)
    outside = client.get(f"/admin/chien-dich/dinh-huong/{directive.pk}/ket-qua/", {"unit": "KCM"})
    assert outside.status_code == 404


def test_task_list_query_count_is_pinned(client, tree, people, django_assert_max_num_queries):
    directive = DirectiveFactory(sender_unit=tree.root, sent=True)
    for unit in (tree.parent, tree.unit, tree.child, tree.grandchild, tree.sibling):
        DirectiveTaskFactory(directive=directive, unit=unit)
    _login(client, people.parent_officer)
    client.get("/admin/chien-dich/nhiem-vu/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/admin/chien-dich/nhiem-vu/")
    more = DirectiveFactory(sender_unit=tree.root, sent=True)
    for unit in (tree.parent, tree.unit, tree.child, tree.grandchild, tree.sibling):
        DirectiveTaskFactory(directive=more, unit=unit)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/chien-dich/nhiem-vu/")
    assert len(response.context["page_obj"].object_list) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
    assert DirectiveTask.objects.count() == 10
