"""E-certificates: issued once a member's counted distance reaches the
race's finisher distance; an A4 landscape PDF with a QR code that opens the
public verification page (lantoa/core/certificates.py)."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from lantoa.core.actors import Actor
from lantoa.core.audit import audit_record
from lantoa.core.certificates import certificate_pdf as render_certificate
from lantoa.core.certificates import new_code, public_url
from lantoa.race.choices import AuditAction
from lantoa.race.exceptions import CertificateNotEarned
from lantoa.race.models import Certificate, Registration
from lantoa.race.services.common import require_member_or_officer
from lantoa.race.services.races import finisher_m
from lantoa.race.services.results import registration_lock


def verify_url(certificate: Certificate) -> str:
    """The absolute address the QR carries (the site's configured public URL)."""
    return public_url(reverse("race:certificate_verify", args=[certificate.code]))


@transaction.atomic
def certificate_issue(*, actor: Actor, registration: Registration) -> Certificate:
    """The member's certificate, issued on the first call once they reached
    the finisher distance (the member or an officer of the organiser asks);
    later calls return the same certificate."""
    registration = registration_lock(registration.pk)
    require_member_or_officer(actor=actor, registration=registration)
    existing = Certificate.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    race = registration.race
    if registration.total_m < finisher_m(race):
        raise CertificateNotEarned(
            f"Bạn cần đạt {race.finisher_km} km để nhận chứng nhận.".replace(".", ",", 1)
        )
    for _ in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=new_code(),
                    registration=registration,
                    race=race,
                    member_name=registration.member.full_name,
                    unit_name=registration.unit.name,
                    race_title=race.title,
                    bib=registration.bib,
                    distance_m=registration.total_m,
                )
            break
        except IntegrityError:  # a code already taken (one chance in 10^14): draw again
            continue
    else:
        raise RuntimeError("could not draw a free certificate code")
    audit_record(
        actor=actor,
        action=AuditAction.CERTIFICATE_ISSUE,
        target=certificate,
        unit_path=registration.unit_path,
        data={"distance_m": certificate.distance_m},
    )
    return certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes (fonts embedded; nothing fetched)."""
    from lantoa.core.dates import format_date_line

    context = {
        "certificate": certificate,
        "race": certificate.race,
        "issued_on": format_date_line(certificate.issued_at),
    }
    return render_certificate(
        "race/pdf/certificate.html", context, verify_url=verify_url(certificate)
    )
