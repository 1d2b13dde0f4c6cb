"""State layer: the applications feature — `ApplicationsHub` (one per app session: the signed-in
account's outbox senders — applications and jemput bola requests —, drafts and inbox) and
the applications' `OutboxSender` (state/outbox_sender.py: written to the device first, then
sent, retried with the same Idempotency-Key, refusals parked); no controls."""

import logging
from collections.abc import Callable

from app.services import applications_api, visits_api
from app.services.api import ApiClient
from app.services.device_store import DeviceStore
from app.services.drafts import Drafts
from app.services.errors import ApiError, AuthExpiredError
from app.services.outbox import Outbox, VisitOutbox
from app.state.notifications import InboxStore
from app.state.outbox_sender import (
    RETRY_SECONDS,
    Delivered,
    Delivery,
    OutboxView,
    Sender,
    refused,
)
from contracts.applications import ApplicationDetail, ApplicationIn
from contracts.visits import VisitDetail, VisitRequestIn

log = logging.getLogger(__name__)
Outcome = Delivered[ApplicationIn, ApplicationDetail]
VisitOutcome = Delivered[VisitRequestIn, VisitDetail]
VisitSender = Sender[VisitRequestIn, VisitDetail]
__all__ = [  # Delivery, OutboxView and refused are re-exported for the applications' callers
    "RETRY_SECONDS",
    "ApplicationsHub",
    "Delivery",
    "OutboxSender",
    "OutboxView",
    "Outcome",
    "VisitOutcome",
    "VisitSender",
    "refused",
    "visit_sender",
]


class OutboxSender(Sender[ApplicationIn, ApplicationDetail]):
    """The applications' sender: a new submission for a service replaces the refused one."""

    def __init__(self, api: ApiClient, outbox: Outbox, retry_seconds: float = RETRY_SECONDS):
        super().__init__(
            api, outbox, applications_api.submit, _service_of, retry_seconds=retry_seconds
        )


def _service_of(payload: ApplicationIn) -> str:
    return payload.service_code


def _visit_topic(payload: VisitRequestIn) -> str:
    """A refused request for the same person replaces the one waiting to be fixed."""
    return payload.family_member_id or ""


def visit_sender(api: ApiClient, device: DeviceStore, owner: str) -> VisitSender:
    return Sender(api, VisitOutbox(device, owner), visits_api.submit, _visit_topic)


class ApplicationsHub:
    """One per app session (built in app/main.py): the outbox sender and drafts of whoever is
    signed in now (made again when the account changes) and the inbox. Personal: `forget`
    runs at sign-out and leaves nothing of the account on the device."""

    def __init__(self, api: ApiClient, device: DeviceStore, owner: Callable[[], str]) -> None:
        self._api, self._device, self._owner = api, device, owner
        self.inbox = InboxStore(api)
        self._sender: OutboxSender | None = None
        self._visits: VisitSender | None = None
        self._drafts: Drafts | None = None
        self._for = ""

    @property
    def owner(self) -> str:
        return self._owner()

    @property
    def sender(self) -> OutboxSender:
        self._follow_account()
        assert self._sender is not None
        return self._sender

    @property
    def visits(self) -> VisitSender:
        """The jemput bola requests waiting on this device (state/visit_form.py sends)."""
        self._follow_account()
        assert self._visits is not None
        return self._visits

    def senders(self) -> list[OutboxSender | VisitSender]:
        return [self.sender, self.visits]

    @property
    def drafts(self) -> Drafts:
        self._follow_account()
        assert self._drafts is not None
        return self._drafts

    async def sync(self) -> None:
        """Home opening (app start): send what waits, ask the inbox for news, keep polling.
        No signal is no error here: the outbox retries by itself, the badge waits."""
        try:
            await self.sender.flush()
            await self.visits.flush()
            await self.inbox.poll()
        except AuthExpiredError:
            return  # the client's hook has signed out: nothing to poll for
        except ApiError as exc:
            log.info("home sync skipped: %s", exc.code)
        self.inbox.keep_polling()

    async def reconnected(self) -> None:
        """Web: the tab is back online — send what waits."""
        for sender in self.senders():
            try:
                await sender.flush()
            except ApiError as exc:
                log.info("outbox flush on reconnect failed: %s", exc.code)

    def close(self) -> None:
        """The app session ended (web: tab closed): stop every timer."""
        for sender in (self._sender, self._visits):
            if sender is not None:
                sender.close()
        self.inbox.close()

    async def forget(self) -> None:
        for sender in (self._sender, self._visits):
            if sender is not None:
                sender.close()
                await sender.outbox.forget()
        if self._drafts is not None:
            await self._drafts.forget()
        await self.inbox.forget()
        self._sender, self._visits, self._drafts, self._for = None, None, None, ""

    def _follow_account(self) -> None:
        owner = self._owner()
        if self._sender is not None and self._for == owner:
            return
        for sender in (self._sender, self._visits):
            if sender is not None:
                sender.close()
        self._sender = OutboxSender(self._api, Outbox(self._device, owner))
        self._visits = visit_sender(self._api, self._device, owner)
        self._drafts, self._for = Drafts(self._device, owner), owner
