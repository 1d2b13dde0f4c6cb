"""State layer: the signed-in session (account, status, language); no controls, no I/O."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.state.observable import observable
from contracts.accounts import AccountOut

GUEST_HOME = "/"
CITIZEN_HOME = "/home"
OFFICER_HOME = "/officer"


class SessionStatus(StrEnum):
    """Where the app is in finding out who is using it."""

    LOADING = "loading"  # reading the stored token / asking the server
    UNREACHABLE = "unreachable"  # a token exists but the server could not be reached
    SIGNED_OUT = "signed_out"
    SIGNED_IN = "signed_in"


@observable
@dataclass
class Session:
    """Who is signed in and in which language the app speaks; the token itself lives elsewhere.

    `offline_since` is set when the app started without signal and entered with the account
    the device remembered (offline mode): screens show what is stored, a banner says so with
    `last_sync` (when the server last confirmed the account), until /me answers again."""

    status: SessionStatus = SessionStatus.LOADING
    account: AccountOut | None = None
    language: str = "id"
    offline_since: datetime | None = None
    last_sync: datetime | None = None
    reconnecting: bool = False  # asking the server again (the banner's retry)

    @property
    def offline(self) -> bool:
        return self.offline_since is not None

    @property
    def signed_in(self) -> bool:
        return self.status is SessionStatus.SIGNED_IN and self.account is not None

    @property
    def is_staff(self) -> bool:
        return self.account is not None and self.account.role.is_staff


def home_route(session: Session) -> str:
    """The landing route for this session: welcome, citizen home or officer home."""
    if not session.signed_in:
        return GUEST_HOME
    return OFFICER_HOME if session.is_staff else CITIZEN_HOME
