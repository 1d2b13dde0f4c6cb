"""Contracts layer: enumerations used on the wire by app and server."""

from enum import StrEnum


class Role(StrEnum):
    """Who an account belongs to; staff roles are created only by `satupintu admin`."""

    CITIZEN = "citizen"
    FIELD = "field"
    BACK_OFFICE = "back_office"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self is not Role.CITIZEN


class Sex(StrEnum):
    """Sex as the NIK encodes it (day of birth + 40 for women)."""

    MALE = "male"
    FEMALE = "female"
