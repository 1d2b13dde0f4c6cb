"""Contracts layer: Indonesian mobile phone number normalisation to +62 form."""

import re

_DIGITS = re.compile(r"[\s\-().]")


class PhoneError(ValueError):
    """A phone number that is not an Indonesian mobile number."""


def normalize_phone(raw: str) -> str:
    """Accept 08…, 628…, +628… (spaces and dashes allowed); return +628…, 10–13 national digits."""
    s = _DIGITS.sub("", raw.strip())
    if s.startswith("+62"):
        national = s[3:]
    elif s.startswith("62"):
        national = s[2:]
    elif s.startswith("0"):
        national = s[1:]
    else:
        raise PhoneError("phone_format")
    if not national.isdigit() or not national.isascii() or not national.startswith("8"):
        raise PhoneError("phone_format")
    if not 9 <= len(national) <= 12:
        raise PhoneError("phone_format")
    return "+62" + national
