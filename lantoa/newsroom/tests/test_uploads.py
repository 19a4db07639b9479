import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form

from lantoa.newsroom.tests.factories import noisy_png, png_bytes
from lantoa.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Image = get_image_model()


def _form(upload):
    form_class = get_image_form(Image)
    return form_class(data={"title": "Ảnh thử"}, files={"file": upload}, user=None)


def test_oversized_image_is_refused_with_a_vietnamese_message(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2000
    upload = SimpleUploadedFile("anh.png", noisy_png(200, 200), content_type="image/png")
    assert upload.size > 2000

    form = _form(upload)

    assert not form.is_valid()
    assert form.errors["file"][0].startswith("Ảnh quá lớn (")
    assert "Dung lượng tối đa là" in form.errors["file"][0]


def test_non_image_is_refused_with_a_vietnamese_message():
    upload = SimpleUploadedFile(
        "bao-cao.pdf", b"%PDF-1.4 not an image", content_type="application/pdf"
    )

    form = _form(upload)

    assert not form.is_valid()
    assert form.errors["file"] == [
        "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng. "
        "Chỉ nhận các định dạng: GIF, JPG, JPEG, PNG, WEBP."
    ]


def test_image_with_an_unsupported_extension_is_refused():
    upload = SimpleUploadedFile("anh.bmp", noisy_png(20, 20), content_type="image/bmp")

    form = _form(upload)

    assert not form.is_valid()
    assert form.errors["file"][0] == (
        "Tệp này không phải là ảnh được hỗ trợ. Chỉ nhận các định dạng: GIF, JPG, JPEG, PNG, WEBP."
    )


def test_renamed_non_image_is_refused():
    upload = SimpleUploadedFile("anh.jpg", b"just text, not a JPEG", content_type="image/jpeg")

    form = _form(upload)

    assert not form.is_valid()
    assert form.errors["file"][0].startswith("Tệp tải lên không phải là ảnh hợp lệ")


def test_admin_upload_view_shows_the_message_and_stores_nothing(client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2000
    admin = UserFactory(username="bientap", is_superuser=True, is_staff=True)
    client.force_login(admin)
    buffer = io.BytesIO(noisy_png(200, 200))
    buffer.name = "anh.png"

    response = client.post("/admin/images/add/", {"title": "Ảnh lớn", "file": buffer})

    assert response.status_code == 200
    assert "Ảnh quá lớn (" in response.content.decode()
    assert Image.objects.count() == 0


def test_valid_image_is_accepted():
    upload = SimpleUploadedFile("anh.png", png_bytes(100, 80), content_type="image/png")
    form = _form(upload)
    assert form.is_valid(), form.errors
