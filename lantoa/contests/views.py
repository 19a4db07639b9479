"""Members' pages of the photo contest (in the member area): send a photo,
vote, and — for jurors — score a round blind; and the photos themselves,
served to whoever may see them. Thin: each view calls one service or selector."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lantoa.contests import selectors
from lantoa.contests.forms import EntryForm, ScoreForm
from lantoa.contests.models import Contest
from lantoa.contests.services import entries, jury, votes
from lantoa.core.exceptions import LantoaError
from lantoa.core.ratelimit import client_address, rate_limited
from lantoa.core.storage import private_file_response
from lantoa.core.viewsets import add_service_error
from lantoa.memberarea.public import member_required

# Per address, beyond the per-member limit of the service: a shared office
# connection carries many members.
ADDRESS_VOTE_RATE = "600/60"


def _contest(request: HttpRequest, contest_id: UUID) -> Contest:
    contest = selectors.contest_for_member(request.member, contest_id)  # type: ignore[attr-defined]
    if contest is None:
        raise Http404
    return contest


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("trang", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@member_required
def contest_list(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    return render(
        request,
        "contests/member/list.html",
        {
            "contests": selectors.contests_for_member(member),
            "jury_rounds": selectors.jury_rounds_for(request.user),
        },
    )


@member_required
def contest_detail(request: HttpRequest, contest_id: UUID) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    contest = _contest(request, contest_id)
    context: dict[str, Any] = {
        "contest": contest,
        "my_entries": selectors.member_entries(contest, member),
        "entries_open": selectors.entries_open(contest),
        "voting_open": selectors.voting_is_open(contest),
        "winners": selectors.winners(contest),
    }
    if context["voting_open"]:
        page = _page_number(request)
        rows, voted, more = selectors.gallery_entries(contest, member=member, page=page)
        context.update(gallery=rows, voted=voted, more=more, page=page)
    return render(request, "contests/member/detail.html", context)


@member_required
def entry_submit(request: HttpRequest, contest_id: UUID) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    contest = _contest(request, contest_id)
    form = EntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entries.entry_submit(
                actor=request.user,
                contest=contest,
                member=member,
                title=data["title"],
                credit=data["credit"],
                image=data["image"],
                image_size=data["image"].size,
                consent_author=data["consent_author"],
                consent_subjects=data["consent_subjects"],
                consent_publish=data["consent_publish"],
                description=data["description"],
                location=data["location"],
                taken_on=data["taken_on"],
            )
        except (LantoaError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Đã nhận ảnh. Ban tổ chức sẽ kiểm duyệt trước khi dự thi.")
            return HttpResponseRedirect(reverse("contests:detail", args=[contest.public_id]))
    return render(
        request,
        "contests/member/submit.html",
        {"contest": contest, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@member_required
def entry_withdraw(request: HttpRequest, entry_id: UUID) -> HttpResponse:
    entry = selectors.entry_of_member(request.member, entry_id)  # type: ignore[attr-defined]
    if entry is None:
        raise Http404
    try:
        entries.entry_withdraw(actor=request.user, entry=entry)
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã rút ảnh khỏi cuộc thi.")
    return HttpResponseRedirect(reverse("contests:detail", args=[entry.contest.public_id]))


@require_POST
@member_required
def vote(request: HttpRequest, contest_id: UUID, entry_id: UUID) -> HttpResponse:
    contest = _contest(request, contest_id)
    entry = selectors.entry_for_vote(contest, entry_id)
    if entry is None:
        raise Http404
    back = reverse("contests:detail", args=[contest.public_id])
    page = _page_number(request)
    back += (f"?trang={page}" if page > 1 else "") + f"#anh-{entry.public_id}"
    if rate_limited("contests.vote_address", client_address(request), ADDRESS_VOTE_RATE):
        messages.error(request, "Có quá nhiều lượt bình chọn từ địa chỉ này, hãy thử lại sau.")
        return HttpResponseRedirect(back, status=303)
    try:
        votes.vote_cast(actor=request.user, entry=entry, member=request.member)  # type: ignore[attr-defined]
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã bình chọn cho ảnh “{entry.title}”.")
    return HttpResponseRedirect(back, status=303)


def _jury_round(request: HttpRequest, round_id: UUID) -> selectors.JuryRound:
    found = selectors.jury_round_for(request.user, round_id)
    if found is None:
        raise Http404
    return found


@member_required
def jury_round(request: HttpRequest, round_id: UUID) -> HttpResponse:
    found = _jury_round(request, round_id)
    return render(
        request,
        "contests/member/jury.html",
        {
            "jury_round": found,
            "round": found.round,
            "contest": found.round.contest,
            "entries": selectors.blind_entries(found),
        },
    )


@require_POST
@member_required
def jury_score(request: HttpRequest, round_id: UUID, entry_id: UUID) -> HttpResponse:
    found = _jury_round(request, round_id)
    entry = selectors.jury_entry(found, entry_id)
    if entry is None:
        raise Http404
    back = reverse("contests:jury", args=[found.round.public_id]) + f"#anh-{entry.public_id}"
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Điểm từ 0 đến {found.round.score_max}.")
        return HttpResponseRedirect(back, status=303)
    try:
        jury.score_submit(
            actor=request.user,
            round_=found.round,
            entry=entry,
            score=form.cleaned_data["score"],
            note=form.cleaned_data["note"],
        )
    except LantoaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã lưu điểm cho ảnh “{entry.title}”.")
    return HttpResponseRedirect(back, status=303)


def entry_image(request: HttpRequest, entry_id: UUID) -> HttpResponseBase:
    """The photo, for whoever may see it (selectors.entry_image_readable);
    404 for anyone else, so that an address tells nothing."""
    entry = selectors.entry_by_public_id(entry_id)
    if entry is None or not selectors.entry_image_readable(entry, request.user):
        raise Http404
    return private_file_response(entry.image, download_name=f"{entry.public_id}.jpg")
