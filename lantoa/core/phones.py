"""Vietnamese phone numbers in E.164 (+84…).

Member lists kept since before 2018 still hold 11-digit mobile numbers; the
carriers moved them to 10 digits in 2018, so the old prefixes are mapped
before validation (the phonenumbers metadata rejects them today).
"""

import re

import phonenumbers

OLD_MOBILE_PREFIXES = {
    # Viettel
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036",
    "0167": "037", "0168": "038", "0169": "039",
    # MobiFone
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",
    # VinaPhone
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    # Vietnamobile, Gmobile
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s.\-()/]")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """Return the number as E.164 ("+84912345678"), or "" for an empty value.

    Raises InvalidPhone with a Vietnamese message for anything that is not a
    valid Vietnamese (or explicitly international) number.
    """
    text = _SEPARATORS.sub("", str(raw or "")).strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("84") and len(text) >= 11:
        text = "+" + text
    if text.startswith("+841") and len(text) == 13:
        text = "0" + text[3:]
    if not text.startswith("+") and not text.startswith("0") and len(text) == 9:
        # Excel drops the leading zero of numbers typed into numeric cells.
        text = "0" + text
    if text.startswith("01") and len(text) == 11:
        prefix = text[:4]
        if prefix in OLD_MOBILE_PREFIXES:
            text = OLD_MOBILE_PREFIXES[prefix] + text[4:]
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"Số điện thoại không hợp lệ: «{raw}».") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"Số điện thoại không hợp lệ: «{raw}».")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
