"""Demo pictures and guidance PDFs drawn with Pillow: nothing is downloaded."""

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
PALETTES = (
    ("#a3111a", "#f2b134"),
    ("#0b4f6c", "#01baef"),
    ("#1d5e2c", "#a4d65e"),
    ("#3d2c8d", "#c4b7ff"),
    ("#7a3e00", "#ffb347"),
    ("#004e64", "#25a18e"),
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def demo_picture(label: str, seed: int, size: tuple[int, int] = (1280, 800)) -> bytes:
    """A JPEG: a two-colour gradient, a few shapes (derricks, waves) and a label."""
    rng = random.Random(seed)  # noqa: S311 — pictures, not secrets
    top, bottom = (_hex(c) for c in PALETTES[seed % len(PALETTES)])
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(6):
        x = rng.randint(0, width)
        base = height - rng.randint(40, 200)
        h = rng.randint(160, 380)
        draw.polygon([(x - 40, base), (x + 40, base), (x, base - h)], outline="white", width=4)
    for k in range(4):
        y = height - 60 - k * 28
        draw.arc([(-200, y - 40), (width + 200, y + 40)], 0, 180, fill="white", width=3)
    font = _font(max(28, width // 26))
    box = draw.textbbox((0, 0), label, font=font)
    pad = 24
    draw.rectangle([(pad, pad), (box[2] + 3 * pad, box[3] + 3 * pad)], fill=(0, 0, 0))
    draw.text((2 * pad, 2 * pad), label, font=font, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF (150 dpi) with a title and short paragraphs."""
    width, height = 1240, 1754
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([(0, 0), (width, 16)], fill=_hex("#a3111a"))
    draw.text((100, 120), "CÔNG ĐOÀN DẦU KHÍ VIỆT NAM", font=_font(30), fill="black")
    y = 220
    for chunk in _wrap(title, 40):
        draw.text((100, y), chunk, font=_font(44), fill=_hex("#a3111a"))
        y += 64
    y += 40
    body = _font(30)
    for paragraph in lines:
        for chunk in _wrap(paragraph, 70):
            draw.text((100, y), chunk, font=body, fill="black")
            y += 44
        y += 24
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width and current:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines
