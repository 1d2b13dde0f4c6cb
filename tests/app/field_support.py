"""Tests: what the field officer's app tests share — a jemput bola world on the real server
(a catalog with home-visit services, a team at MPP-BATU with its field officer, citizens and
visits scheduled for today through the real workflow), a network the test can cut or make
lose one answer, and the app's field store over a device backend that survives restarts."""

from __future__ import annotations

import io
import secrets
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.api import ApiClient
from app.services.device_store import DeviceStore, MemoryBackend
from app.services.field_device import FieldDevice
from app.services.qr import render_qr_png
from app.state.field_day import FieldDayStore
from contracts.catalog import (
    Channel,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    PrefillSource,
    Requirement,
    RequirementKind,
    ServiceSource,
)
from contracts.enums import Role
from contracts.visits import DayWindow, VisitAction, VisitReason
from server.accounts.models import Account
from server.app import create_app
from server.catalog import service as catalog
from server.config import Settings
from server.db import utcnow
from server.visits import teams, workflow
from server.visits.models import FieldTeam, Visit
from tests.app.screen_support import BASE_URL
from tests.builders import login, make_citizen, make_staff
from tests.server import applications_support as s

CENTER = "MPP-BATU"
ZONE = ZoneInfo("Asia/Jakarta")  # Batu (regency 3579) is in WIB
KIA = "dukcapil-kia-rumah"  # online form, no attachment: filed at the door
KTP = "dukcapil-ktp-rumah"  # home visit only: nothing to file in the app


def _t(text: str) -> LocalText:
    return LocalText(id=text, en=f"{text} (EN)")


def home_service(code: str, name: str, *, online: bool) -> ServiceSource:
    form = FormDefinition(
        fields=(
            FormField(
                code="nama", label=_t("Nama"), type=FieldType.TEXT, prefill=PrefillSource.FULL_NAME
            ),
            FormField(code="nama_anak", label=_t("Nama anak"), type=FieldType.TEXT),
        )
    )
    channels = (Channel.ONLINE, Channel.JEMPUT_BOLA) if online else (Channel.JEMPUT_BOLA,)
    return ServiceSource(
        code=code,
        agency="DUKCAPIL",
        category="population",
        name=_t(name),
        summary=_t("Uji"),
        channels=channels,
        requirements=(
            Requirement(
                code="ktp_lama", kind=RequirementKind.UPLOAD, label=_t("KTP lama"), required=False
            ),
        ),
        steps=(_t("Rekam sidik jari"),),
        days=3,
        product=_t("Kartu"),
        complaint=_t("SP4N-LAPOR!"),
        form=form,
        visit_minutes=30,
    )


@dataclass
class World:
    officer_id: str
    officer_auth: dict[str, str]
    citizen_id: str
    citizen_auth: dict[str, str]
    team_id: str
    coordinator_id: str
    officer_login: str = ""
    visits: list[str] = field(default_factory=list)

    @property
    def bearer(self) -> str:
        return self.officer_auth["Authorization"].removeprefix("Bearer ")


async def make_world(api: httpx.AsyncClient, db: AsyncSession) -> World:
    await s.import_test_catalog(
        db,
        home_service(KIA, "KIA di rumah", online=True),
        home_service(KTP, "KTP di rumah", online=False),
    )
    who = await make_citizen(api, full_name="Siti Aminah")
    citizen_id = await db.scalar(select(Account.id).where(Account.nik == who["nik"]))
    assert citizen_id is not None
    officer = await make_staff(
        db, role=Role.FIELD, service_center_code=CENTER, full_name="Petugas Batu"
    )
    coordinator = await make_staff(
        db, role=Role.COORDINATOR, agency_code=None, service_center_code=CENTER
    )
    team = await teams.create_team(
        db, teams.TeamSpec(CENTER, "Tim Jemput Bola 1", (officer.username or "",))
    )
    await db.commit()
    return World(
        officer_id=officer.id,
        officer_auth=await login(api, officer.username or ""),
        citizen_id=citizen_id,
        citizen_auth=await login(api, who["nik"]),
        team_id=team.id,
        coordinator_id=coordinator.id,
        officer_login=officer.username or "",
    )


def today() -> date:
    return datetime.now(ZONE).date()


async def scheduled_visit(
    db: AsyncSession,
    world: World,
    *,
    window: DayWindow = DayWindow.MORNING,
    position: tuple[float, float] = (-7.88, 112.53),
    services: tuple[str, ...] = (KIA, KTP),
    street: str = "Jl. Diponegoro 5",
    day: date | None = None,
) -> str:
    """A visit the citizen requested and the coordinator scheduled for `day` (today; the real
    workflow: update records, notifications, the team day's place)."""
    citizen = await db.get(Account, world.citizen_id)
    coordinator = await db.get(Account, world.coordinator_id)
    team = await db.get(FieldTeam, world.team_id)
    assert citizen is not None and coordinator is not None and team is not None
    names = [(await catalog.active_service(db, c)).name.model_dump() for c in services]
    now = utcnow()
    visit = Visit(
        id=str(uuid.uuid4()),
        number=f"JB-{today():%y%m%d}-{secrets.token_hex(3).upper()}",
        citizen_id=citizen.id,
        subject_name=citizen.full_name,
        subject_birth_date=citizen.birth_date,
        reason=VisitReason.SICK,
        services=[{"code": c, "name": n} for c, n in zip(services, names, strict=True)],
        district_code="357901",
        village="Sisir",
        street=street,
        landmark="Depan masjid",
        latitude=position[0],
        longitude=position[1],
        preferred=[],
        contact_phone="081234567890",
        notes="Rumah pagar hijau",
        service_center_code=CENTER,
        requested_at=now,
        updated_at=now,
        idempotency_key=str(uuid.uuid4()),
        request_hash="0" * 64,
    )
    db.add(visit)  # before its first update record: the workflow flushes a new visit first
    await workflow.apply(db, visit, workflow.Step(VisitAction.REQUEST, citizen))
    step = workflow.Step(
        VisitAction.SCHEDULE, coordinator, team=team, day=day or today(), window=window
    )
    await workflow.apply(db, visit, step)
    await db.commit()
    world.visits.append(visit.id)
    return visit.id


async def citizen_qr(api: httpx.AsyncClient, auth: dict[str, str]) -> str:
    resp = await api.post("/api/v1/identity/tokens", json={"count": 2}, headers=auth)
    assert resp.status_code == 200, resp.text
    token: str = resp.json()["tokens"][0]["token"]
    return token


def photo_of(text: str) -> bytes:
    """A QR as a phone photo would arrive: JPEG, on a bigger grey background."""
    code = Image.open(io.BytesIO(render_qr_png(text))).convert("RGB")
    frame = Image.new("RGB", (1280, 960), (150, 150, 150))
    frame.paste(code.resize((600, 600)), (300, 180))
    return jpeg_of(frame)


def house_photo(colour: str = "green") -> bytes:
    return jpeg_of(Image.new("RGB", (2000, 1500), colour))


def jpeg_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


# ---------------------------------------------------------------- the network and the phone


class Network(httpx.AsyncBaseTransport):
    """The in-process API, until the test cuts it (`down`); `lose_answer(match)` lets the
    next matching request reach the server and drops its answer (the device never hears)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.down = False
        self.refused = 0  # requests that met the cut
        self._lose: Callable[[httpx.Request], bool] | None = None

    def lose_answer(self, match: Callable[[httpx.Request], bool]) -> None:
        self._lose = match

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.refused += 1
            raise httpx.ConnectError("network is unreachable", request=request)
        response = await self.inner.handle_async_request(request)
        if self._lose is not None and self._lose(request):
            self._lose = None
            await response.aread()
            raise httpx.ReadError("connection reset", request=request)
        return response


@pytest.fixture
async def network(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Network]]:
    app = create_app(settings)
    net = Network(httpx.ASGITransport(app=app, raise_app_exceptions=False))
    async with httpx.AsyncClient(transport=net, base_url=BASE_URL) as client:
        yield client, net
    await app.state.engine.dispose()


class Clock:
    """The phone's clock: starts `back` ago and moves a second on every reading (every step
    gets its own time, in the order it was done)."""

    def __init__(self, back: timedelta = timedelta(minutes=1)) -> None:
        self.now = datetime.now(UTC) - back

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class Phone:
    """One device: its secure storage outlives the app (a restart builds everything anew)."""

    http: httpx.AsyncClient
    bearer: str
    owner: str
    clock: Clock = field(default_factory=Clock)
    backend: MemoryBackend = field(default_factory=MemoryBackend)

    def start(self) -> FieldDayStore:
        """The app starting: a new ApiClient and new stores over the same storage."""
        api = ApiClient(self.http, token=self.bearer)
        device = FieldDevice(DeviceStore(self.backend))
        return FieldDayStore(api, device, lambda: self.owner, clock=self.clock, retry_seconds=3600)

    def stored(self) -> dict[str, Any]:
        return dict(self.backend.values)
