"""Numbers as Vietnamese reports print them: "1.234.567", "40,5%"."""

from decimal import Decimal

DASH = "—"


def vn_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """Dots between thousands, a comma before decimals; "—" for None."""
    if value is None:
        return DASH
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(value: float | None) -> str:
    """ "40,5%" (one decimal, dropped when zero: "100%"); "—" for None."""
    if value is None:
        return DASH
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return f"{int(rounded)}%"
    return f"{vn_number(rounded, 1)}%"
