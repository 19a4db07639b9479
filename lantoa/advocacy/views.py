"""Members' pages of ambassador sharing (in the member area) and the public
redirect of a personal short link. Thin: each view calls a service or a
selector."""

import datetime as dt
from urllib.parse import quote
from uuid import UUID

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lantoa.advocacy import selectors, services
from lantoa.advocacy.choices import Network
from lantoa.advocacy.clicks import redirect_for
from lantoa.advocacy.forms import AmbassadorSettingsForm
from lantoa.advocacy.models import Ambassador, ShareKit
from lantoa.core.exceptions import LantoaError
from lantoa.core.public_urls import absolute_url
from lantoa.memberarea.public import member_required
from lantoa.org.public import OrgUnit

PERIODS = {"tuan": ("7 ngày qua", 7), "thang": ("30 ngày qua", 30), "nam": ("12 tháng qua", 365)}


def short_url(code: str) -> str:
    return absolute_url(f"/l/{code}")


def _ambassador(request: HttpRequest) -> Ambassador | None:
    return selectors.ambassador_of(request.member)  # type: ignore[attr-defined]


def _kit(request: HttpRequest, kit_id: UUID) -> ShareKit:
    kit = selectors.kit_for_member(request.member, kit_id)  # type: ignore[attr-defined]
    if kit is None:
        raise Http404
    return kit


@member_required
def kit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "advocacy/member/kits.html",
        {
            "ambassador": _ambassador(request),
            "kits": list(selectors.kits_for_member(request.member)[:30]),  # type: ignore[attr-defined]
        },
    )


@member_required
@require_POST
def join(request: HttpRequest) -> HttpResponse:
    services.ambassador_join(actor=request.user, member=request.member)  # type: ignore[attr-defined]
    messages.success(request, "Cảm ơn bạn đã tham gia lan tỏa tin tức của công đoàn.")
    return redirect(request.POST.get("next") or reverse("advocacy:kits"))


@member_required
def ambassador_settings(request: HttpRequest) -> HttpResponse:
    ambassador = _ambassador(request)
    if ambassador is None:
        return redirect("advocacy:kits")
    if request.method == "POST":
        if "leave" in request.POST:
            services.ambassador_leave(actor=request.user, ambassador=ambassador)
            messages.success(request, "Bạn đã thôi tham gia chia sẻ.")
            return redirect("advocacy:kits")
        form = AmbassadorSettingsForm(request.POST)
        if form.is_valid():
            services.ambassador_update(
                actor=request.user,
                ambassador=ambassador,
                on_board=form.cleaned_data["on_board"],
                digest=form.cleaned_data["digest"],
            )
            messages.success(request, "Đã lưu cài đặt.")
            return redirect("advocacy:settings")
    else:
        form = AmbassadorSettingsForm(
            initial={"on_board": ambassador.on_board, "digest": ambassador.digest}
        )
    return render(request, "advocacy/member/settings.html", {"form": form})


def share_target(network: str, url: str, text: str) -> str | None:
    """Where a share button leads: the network's own share page (a plain
    link, opened only when the member taps it). Zalo has no such page
    without its script, so Zalo and copy stay on our page."""
    if network == Network.FACEBOOK:
        return f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"
    if network == Network.TELEGRAM:
        return f"https://t.me/share/url?url={quote(url, safe='')}&text={quote(text, safe='')}"
    return None


@member_required
def kit_detail(request: HttpRequest, kit_id: UUID) -> HttpResponse:
    kit = _kit(request, kit_id)
    ambassador = _ambassador(request)
    allowed = services.effective_policy(kit.unit).networks
    texts = dict(kit.texts.values_list("network", "text"))
    cards = []
    if ambassador is not None:
        for network in Network.values:
            if network not in allowed:
                continue
            if network != Network.COPY and network not in texts:
                continue
            link = services.link_for(ambassador=ambassador, kit=kit, network=network)
            text = texts.get(network) or texts.get(Network.COPY) or kit.title
            cards.append(
                {
                    "network": network,
                    "label": Network(network).label,
                    "text": f"{text}\n{kit.hashtag_line}".strip(),
                    "url": short_url(link.code),
                    "shared": link.shared_at is not None,
                }
            )
    return render(
        request,
        "advocacy/member/kit.html",
        {"kit": kit, "ambassador": ambassador, "cards": cards},
    )


@member_required
@require_POST
def share(request: HttpRequest, kit_id: UUID, network: str) -> HttpResponse:
    kit = _kit(request, kit_id)
    ambassador = _ambassador(request)
    if ambassador is None:
        return redirect("advocacy:kit", kit.public_id)
    try:
        link = services.share_record(ambassador=ambassador, kit=kit, network=network)
    except LantoaError as exc:
        messages.error(request, exc.message)
        return redirect("advocacy:kit", kit.public_id)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    text = kit.texts.filter(network=network).values_list("text", flat=True).first() or kit.title
    target = share_target(network, short_url(link.code), text)
    if target is None:
        messages.success(request, "Đã ghi nhận. Hãy dán liên kết của bạn vào nơi muốn chia sẻ.")
        return redirect(reverse("advocacy:kit", args=[kit.public_id]) + f"#mang-{network}")
    return HttpResponseRedirect(target)


@member_required
def qr(request: HttpRequest, kit_id: UUID) -> HttpResponse:
    kit = _kit(request, kit_id)
    ambassador = _ambassador(request)
    if ambassador is None:
        raise Http404
    link = services.link_for(ambassador=ambassador, kit=kit, network=Network.COPY)
    svg = segno.make(short_url(link.code), error="m").svg_inline(scale=5, border=2)
    return HttpResponse(svg, content_type="image/svg+xml")


@member_required
def boards(request: HttpRequest) -> HttpResponse:
    member = request.member  # type: ignore[attr-defined]
    key = request.GET.get("ky", "thang")
    label, days = PERIODS.get(key, PERIODS["thang"])
    end = timezone.localdate()
    start = end - dt.timedelta(days=days - 1)
    unit: OrgUnit = member.unit.get_parent() or member.unit
    return render(
        request,
        "advocacy/member/boards.html",
        {
            "unit": unit,
            "period": label,
            "periods": [(k, v[0], k == key) for k, v in PERIODS.items()],
            "people": selectors.person_board(unit, start, end),
            "units": selectors.unit_board(unit, start, end),
            "ambassador": _ambassador(request),
        },
    )


@never_cache
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """`/l/<code>`: count the click (not a bot's) and go on to the page."""
    location = redirect_for(code, request.META)
    if location is None:
        raise Http404
    response = HttpResponseRedirect(location)
    response["Referrer-Policy"] = "no-referrer-when-downgrade"
    return response
