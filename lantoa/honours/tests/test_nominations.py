"""A nomination climbs the tree, level by level, to the organiser; the honour
lands on the member's record with a certificate whose QR verifies."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.core.actors import SYSTEM
from lantoa.core.exceptions import PermissionDenied
from lantoa.core.models import AuditLogEntry
from lantoa.honours.choices import NominationState, RoundState
from lantoa.honours.exceptions import (
    AlreadyNominated,
    EvidenceInvalid,
    EvidenceMissing,
    NominationStateInvalid,
    OutsideRound,
    QuotaReached,
    RoundStateInvalid,
)
from lantoa.honours.models import Honour, NominationStep
from lantoa.honours.services import nominations, rounds
from lantoa.honours.services.nominations import verify_url
from lantoa.honours.tests.factories import nominate, round_open
from lantoa.org.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_chain_climbs_from_the_nominating_unit_to_the_organiser(tree, approvers, worker):
    round_ = round_open(tree.root)
    nomination = nominate(round_, tree.unit, worker, actor=approvers.unit_officer)
    assert (nomination.state, nomination.awaiting_unit) == (NominationState.IN_REVIEW, tree.unit)
    # The parent's approver is not yet asked; a sibling-level approver never is.
    with pytest.raises(PermissionDenied):
        nominations.nomination_approve(actor=approvers.unit_officer, nomination=nomination)
    nomination = nominations.nomination_approve(actor=approvers.unit, nomination=nomination)
    assert nomination.awaiting_unit == tree.parent
    with pytest.raises(PermissionDenied):
        nominations.nomination_approve(actor=approvers.unit, nomination=nomination)
    nomination = nominations.nomination_approve(actor=approvers.parent, nomination=nomination)
    assert nomination.awaiting_unit == tree.root
    nomination = nominations.nomination_approve(
        actor=approvers.root, nomination=nomination, note="Xứng đáng"
    )
    assert (nomination.state, nomination.awaiting_unit) == (NominationState.AWARDED, None)
    assert list(NominationStep.objects.values_list("unit__code", "decision")) == [
        ("KVT", "approve"),
        ("PVGAS", "approve"),
        ("DKVN", "approve"),
    ]
    honour = Honour.objects.get()
    assert (honour.member, honour.member_name, honour.unit_name, honour.organiser_name) == (
        worker,
        "Trần Quốc Việt",
        tree.child.name,
        tree.root.name,
    )
    assert AuditLogEntry.objects.filter(action="honours.honour_award").count() == 1


def test_a_return_goes_back_to_the_unit_and_a_refusal_ends_it(tree, approvers, worker):
    round_ = round_open(tree.root)
    nomination = nominate(round_, tree.unit, worker)
    with pytest.raises(ValidationError):
        nominations.nomination_return(actor=approvers.unit, nomination=nomination, note="")
    nomination = nominations.nomination_return(
        actor=approvers.unit, nomination=nomination, note="Bổ sung quyết định"
    )
    assert (nomination.state, nomination.awaiting_unit) == (NominationState.RETURNED, None)
    nomination = nominations.nomination_submit(actor=SYSTEM, nomination=nomination)
    nomination = nominations.nomination_reject(
        actor=approvers.unit, nomination=nomination, note="Chưa đủ tiêu chí"
    )
    assert nomination.state == NominationState.REJECTED
    with pytest.raises(NominationStateInvalid):
        nominations.nomination_approve(actor=approvers.root, nomination=nomination)
    assert Honour.objects.count() == 0


def test_nominations_need_evidence_of_the_kind_they_claim(tree, worker):
    round_ = round_open(tree.root)
    draft = nominate(round_, tree.unit, worker, submit=False)
    draft.evidence.all().delete()
    with pytest.raises(EvidenceMissing):
        nominations.nomination_submit(actor=SYSTEM, nomination=draft)
    with pytest.raises(EvidenceInvalid) as exc:
        nominations.evidence_add(
            actor=SYSTEM, nomination=draft, file=io.BytesIO(b"MZ\x90\x00"), name="a.pdf", size=4
        )
    assert exc.value.message == "Nội dung tệp không khớp với đuôi tệp (PDF, JPEG hoặc PNG)."
    with pytest.raises(EvidenceInvalid):
        nominations.evidence_add(
            actor=SYSTEM, nomination=draft, file=io.BytesIO(b"x"), name="a.exe", size=1
        )


def test_the_quota_per_unit_and_one_nomination_per_member(tree, worker):
    round_ = round_open(tree.root, quota_per_unit=1)
    nominate(round_, tree.unit, worker)
    with pytest.raises(AlreadyNominated):
        nominate(round_, tree.unit, worker)
    other = MemberFactory(unit=tree.unit)
    with pytest.raises(QuotaReached):
        nominate(round_, tree.unit, other)


def test_a_unit_nominates_only_inside_the_round_and_its_own_subtree(tree, worker):
    round_ = round_open(tree.parent)
    with pytest.raises(OutsideRound):
        nominate(round_, tree.uncle, MemberFactory(unit=tree.uncle))
    with pytest.raises(OutsideRound):
        nominate(round_, tree.sibling, worker)


def test_the_certificate_qr_verifies_and_the_record_shows_it(tree, approvers, worker, client):
    round_ = round_open(tree.parent)
    nomination = nominate(round_, tree.unit, worker)
    nomination = nominations.nomination_approve(actor=approvers.unit, nomination=nomination)
    nominations.nomination_approve(actor=approvers.parent, nomination=nomination)
    honour = Honour.objects.get()
    url = verify_url(honour)
    assert url.endswith(f"/ton-vinh/xac-minh/{honour.code}/")
    page = client.get(reverse("honours:verify", args=[honour.code.lower()]))
    assert page.status_code == 200
    assert "Trần Quốc Việt" in page.content.decode()
    assert client.get(reverse("honours:verify", args=["KHONGCO"])).status_code == 404
    client.force_login(worker.user)
    record = client.get(reverse("honours:mine")).content.decode()
    assert round_.title in record
    pdf = client.get(reverse("honours:certificate", args=[honour.public_id]))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content.startswith(b"%PDF")


def test_publishing_needs_a_closed_round_and_the_approver(tree, approvers):
    round_ = round_open(tree.parent)
    with pytest.raises(RoundStateInvalid):
        rounds.round_publish(actor=approvers.parent, round_=round_)
    rounds.round_close(actor=SYSTEM, round_=round_)
    with pytest.raises(PermissionDenied):
        rounds.round_publish(actor=approvers.unit_officer, round_=round_)
    published = rounds.round_publish(actor=approvers.parent, round_=round_)
    assert published.state == RoundState.PUBLISHED
    assert published.published_at is not None
