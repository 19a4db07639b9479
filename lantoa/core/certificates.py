"""What every e-certificate shares (the race's, an honour's): a short code
that reads aloud without ambiguity, the QR code that carries the public
verification address, and the PDF rendering with the embedded fonts
(WeasyPrint; nothing fetched)."""

import base64
import secrets
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string

# No 0/O, 1/I/L: a code read aloud or typed from paper stays unambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def public_url(path: str) -> str:
    """The absolute address of `path` on the site's configured public URL."""
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data URI (error correction Q: survives a crease)."""
    svg = segno.make(text, error="q").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def font_faces() -> list[dict[str, str]]:
    import font_source_sans_pro
    import font_source_serif_pro

    sans = Path(font_source_sans_pro.font_directory)
    serif = Path(font_source_serif_pro.font_directory)
    faces = [
        ("Lantoa Sans", "400", sans / "SourceSansPro-Regular.ttf"),
        ("Lantoa Sans", "700", sans / "SourceSansPro-Bold.ttf"),
        ("Lantoa Serif", "700", serif / "SourceSerifPro-Bold.ttf"),
    ]
    return [{"family": f, "weight": w, "url": p.resolve().as_uri()} for f, w, p in faces]


def certificate_pdf(template: str, context: dict[str, Any], *, verify_url: str) -> bytes:
    """`template` (under a `pdf/` directory) rendered to PDF bytes, with
    `verify_url`, its QR code and the fonts in the context."""
    from weasyprint import HTML

    html = render_to_string(
        template,
        {**context, "verify_url": verify_url, "qr": qr_data_uri(verify_url), "fonts": font_faces()},
    )
    return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf()  # type: ignore[no-any-return]
