"""The ambassadors' digest: at most once a week (or a month, or never, as
each chose), what is new to share and what their links did."""

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lantoa.advocacy.choices import AdvocacyAction, DigestFrequency
from lantoa.advocacy.models import Ambassador
from lantoa.advocacy.selectors import ambassador_summary
from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.mail import mail, mail_after_commit
from lantoa.core.public_urls import absolute_url

PERIOD = {
    DigestFrequency.WEEKLY: dt.timedelta(days=7),
    DigestFrequency.MONTHLY: dt.timedelta(days=30),
}


def digest_due(ambassador: Ambassador, now: dt.datetime) -> bool:
    period = PERIOD.get(ambassador.digest)  # type: ignore[call-overload]
    if period is None or not ambassador.active or not ambassador.member.email:
        return False
    last = ambassador.digest_sent_at or ambassador.joined_at
    return now - last >= period


def digests_send(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Send the digest to every ambassador whose period is up and who has
    something to read; returns how many were sent. Each is stamped in the
    same transaction as its message is queued, so a rerun sends nobody twice."""
    now = now or timezone.now()
    sent = 0
    candidates = Ambassador.objects.filter(active=True).exclude(digest=DigestFrequency.NEVER)
    for pk in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            ambassador = (
                Ambassador.objects.select_for_update().select_related("member__unit").get(pk=pk)
            )
            if not digest_due(ambassador, now):
                continue
            since = ambassador.digest_sent_at or ambassador.joined_at
            summary = ambassador_summary(ambassador, since, now)
            ambassador.digest_sent_at = now
            ambassador.save(update_fields=["digest_sent_at"])
            if not (summary.new_kits or summary.shares or summary.clicks):
                continue
            context = {
                "member": ambassador.member,
                "summary": summary,
                "since": since,
                "kits_url": absolute_url(reverse("advocacy:kits")),
                "settings_url": absolute_url(reverse("advocacy:settings")),
                "kit_urls": [
                    (k, absolute_url(reverse("advocacy:kit", args=[k.public_id])))
                    for k in summary.new_kits
                ],
            }
            body = render_to_string("advocacy/mail/digest.txt", context)
            mail_after_commit(
                [
                    mail(
                        "Lan tỏa: tin mới để chia sẻ và kết quả của bạn",
                        body,
                        [ambassador.member.email],
                    )
                ]
            )
            audit_record(
                actor=actor,
                action=AdvocacyAction.DIGEST_SEND,
                target=ambassador,
                unit_path=ambassador.member.unit.path,
                data={"kits": len(summary.new_kits), "clicks": summary.clicks},
            )
            sent += 1
    return sent
