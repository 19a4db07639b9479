"""The check-in QR a member shows at the door (segno, SVG)."""

import segno


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI a browser shows (with its
    namespace, unlike segno's inline SVG). Error correction Q: a cracked
    phone screen still scans."""
    uri: str = segno.make(text, error="q").svg_data_uri(scale=6, border=2)
    return uri
