"""Media and private files on S3-compatible storage (django-storages), against
a real S3 server on 127.0.0.1 (moto in server mode: the `s3` fixture)."""

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantoa.core.storage import private_storage
from lantoa.incidents.tests.factories import ReportFactory
from lantoa.newsroom.tests.factories import ImageFactory, png_bytes
from lantoa.org import services
from lantoa.org.choices import Role
from lantoa.org.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_media_go_to_the_public_bucket_with_plain_urls(s3):
    image = ImageFactory(file=ContentFile(png_bytes(640, 400), name="hoi-nghi.png"))
    rendition = image.get_rendition("fill-200x100")

    keys = s3.keys(s3.media_bucket)
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert s3.keys(s3.private_bucket) == []
    # Readers fetch them straight from the bucket, no signature needed.
    url = rendition.url
    assert url.startswith(f"{s3.endpoint}/{s3.media_bucket}/")
    assert "Signature" not in url
    assert "X-Amz-" not in url
    answer = httpx.get(url)
    assert answer.status_code == 200
    assert answer.content == s3.read(s3.media_bucket, rendition.file.name)
    assert httpx.get(image.file.url).content == s3.read(s3.media_bucket, image.file.name)


def test_a_same_name_upload_never_replaces_another(s3):
    first = default_storage.save("tai-lieu/bao-cao.txt", ContentFile(b"mot"))
    second = default_storage.save("tai-lieu/bao-cao.txt", ContentFile(b"hai"))
    assert first == "tai-lieu/bao-cao.txt"
    assert second != first
    assert s3.read(s3.media_bucket, first) == b"mot"
    assert s3.read(s3.media_bucket, second) == b"hai"


def test_private_files_are_unreadable_without_signature_and_streamed_in_scope(s3, client, tree):
    report = ReportFactory(unit=tree.unit)
    shot = png_bytes(100, 80)
    report.screenshot.save("chup.png", SimpleUploadedFile("chup.png", shot), save=True)

    assert s3.keys(s3.private_bucket) == [report.screenshot.name]
    assert s3.keys(s3.media_bucket) == []
    storage = private_storage()
    # The bucket answers nobody without a signature...
    plain = f"{s3.endpoint}/{s3.private_bucket}/{report.screenshot.name}"
    assert httpx.get(plain).status_code == 403
    # ...the storage's own URL is signed, expiring, and works.
    signed = storage.url(report.screenshot.name)
    assert "X-Amz-Signature=" in signed
    assert "X-Amz-Expires=120" in signed
    assert httpx.get(signed).content == shot

    # The scoped view streams it to an officer of the unit, and to nobody outside.
    url = reverse("incidents_reports:file", args=[report.pk, "screenshot"])
    officer = UserFactory(username="tuyengiao.s3")
    RoleAssignmentFactory(user=officer, unit=tree.unit, role=Role.OFFICER)
    services.sync_admin_access(officer)
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == shot
    assert response["Cache-Control"].startswith("private, no-store")

    outsider = UserFactory(username="tuyengiao.khac")
    RoleAssignmentFactory(user=outsider, unit=tree.sibling, role=Role.OFFICER)
    services.sync_admin_access(outsider)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_deleting_a_private_file_removes_the_object(s3):
    storage = private_storage()
    name = storage.save("org/imports/danh-sach.xlsx", ContentFile(b"PK\x03\x04"))
    assert s3.keys(s3.private_bucket) == [name]
    assert storage.exists(name)
    storage.delete(name)
    assert s3.keys(s3.private_bucket) == []
    assert not storage.exists(name)


def test_readyz_checks_the_object_storage(s3, client):
    response = client.get("/readyz")
    assert response.json()["checks"]["storage"] == "ok"
    assert s3.keys(s3.media_bucket) == []  # the probe cleans up
    s3.client.delete_bucket_policy(Bucket=s3.media_bucket)
    s3.client.delete_bucket(Bucket=s3.media_bucket)
    broken = client.get("/readyz")
    assert broken.status_code == 503
    assert broken.json()["checks"]["storage"].startswith("error:")
