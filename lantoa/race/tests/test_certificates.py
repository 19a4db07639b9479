"""The e-certificate: issued at the finisher distance, its PDF's QR code
opens the public verification page."""

import subprocess
from urllib.parse import urlsplit

import pytest
from django.test import Client

from lantoa.core.testing import require_tool
from lantoa.race.exceptions import CertificateNotEarned
from lantoa.race.models import Certificate
from lantoa.race.services.certificates import certificate_issue, certificate_pdf, verify_url
from lantoa.race.tests import trackfiles as tf
from lantoa.race.tests.factories import register, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def finisher(race, runner, morning):
    import datetime as dt

    entry = register(race, runner)
    for day in range(2):
        start = morning - dt.timedelta(days=day)
        upload(entry, tf.gpx(tf.run(start=start, km=5.5, pace_s=330)), name=f"ngay{day}.gpx")
    entry.refresh_from_db()
    assert entry.total_m == 11_000
    return entry


def test_no_certificate_before_the_finisher_distance(race, runner):
    entry = register(race, runner)
    with pytest.raises(CertificateNotEarned, match=r"Bạn cần đạt 10,00 km để nhận chứng nhận\."):
        certificate_issue(actor=runner.user, registration=entry)
    assert Certificate.objects.count() == 0


def test_the_certificate_is_issued_once_and_frozen(finisher, runner):
    first = certificate_issue(actor=runner.user, registration=finisher)
    again = certificate_issue(actor=runner.user, registration=finisher)
    assert first.pk == again.pk
    assert (first.member_name, first.bib, first.distance_m) == (
        "Nguyễn Thị Lan",
        "XDK00001",
        11_000,
    )
    assert len(first.code) == 10
    assert set(first.code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_the_qr_code_of_the_pdf_verifies(finisher, runner, tmp_path, settings):
    pdftoppm = require_tool("pdftoppm", "renders the certificate PDF to read its QR code")
    pdftotext = require_tool("pdftotext", "reads the certificate PDF's text")
    import zxingcpp
    from PIL import Image

    settings.WAGTAILADMIN_BASE_URL = "https://congdoandaukhi.vn"
    certificate = certificate_issue(actor=runner.user, registration=finisher)
    pdf = tmp_path / "chung-nhan.pdf"
    pdf.write_bytes(certificate_pdf(certificate))
    text = subprocess.run(  # noqa: S603 — a fixed tool on a file the test wrote
        [pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Nguyễn Thị Lan" in text
    assert "11,00 km" in text
    subprocess.run(  # noqa: S603 — same
        [pdftoppm, "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "p")], check=True
    )
    (barcode,) = zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))
    assert barcode.text == f"https://congdoandaukhi.vn/giai-chay/chung-nhan/{certificate.code}/"
    assert barcode.text == verify_url(certificate)

    response = Client().get(urlsplit(barcode.text).path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chứng nhận hợp lệ" in html
    assert "Nguyễn Thị Lan" in html
    assert "11,00 km" in html


def test_an_unknown_code_is_not_verified(db):
    response = Client().get("/giai-chay/chung-nhan/ABCDEFGH23/")
    assert response.status_code == 404
    assert "Không tìm thấy chứng nhận" in response.content.decode()
