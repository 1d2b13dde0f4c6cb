"""Tests: schemathesis fuzzes every operation of our OpenAPI, as a citizen and as a back-office
officer — no 5xx, and every answer's status, content type, headers and body as documented."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from contracts.enums import Role
from server.app import create_app
from server.config import Environment, Settings
from server.db import make_engine, make_sessionmaker
from tests.builders import PASSWORD, citizen_payload, make_staff
from tests.conftest import TEST_SECRET, run_sync

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def fuzz_app(sqlite_template: Path, tmp_path: Path) -> Iterator[Any]:
    """The app on a copy of the migrated database; unpooled, as schemathesis calls it from
    a new event loop per request."""
    path = tmp_path / "fuzz.db"
    path.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite+aiosqlite:///{path}"
    settings = Settings(
        env=Environment.TEST,
        database_url=url,
        secret_key=TEST_SECRET,
        login_max_failures=10_000,
        client_max_failures=10_000,
    )
    engine = make_engine(url, pooled=False)
    yield create_app(settings, engine=engine)
    run_sync(engine.dispose())


async def _login_name(app: Any, role: str) -> str:
    """A citizen registered through the API, or a back-office officer made in the database."""
    if role == "back_office":
        engine = make_engine(app.state.settings.database_url, pooled=False)
        async with make_sessionmaker(engine)() as db:
            officer = await make_staff(db, role=Role.BACK_OFFICE, agency_code="DUKCAPIL")
        await engine.dispose()
        return officer.username or ""
    payload = citizen_payload()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.post("/api/v1/auth/register", json=payload)).status_code == 201
    return str(payload["nik"])


async def _token(app: Any, role: str) -> str:
    login = {"login": await _login_name(app, role), "password": PASSWORD}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        token: str = (await client.post("/api/v1/auth/login", json=login)).json()["token"]
        return token


@pytest.fixture(params=["citizen", "back_office"])
def auth_headers(fuzz_app: Any, request: pytest.FixtureRequest) -> dict[str, str]:
    return {"Authorization": f"Bearer {run_sync(_token(fuzz_app, request.param))}"}


# would end the shared session
UNAUTHED = ("/api/v1/auth/logout", "/api/v1/auth/logout-all", "/api/v1/me/deletion-request")


def _fuzzer(operation: Any, headers: dict[str, str]) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return fuzz


def test_every_operation_conforms_to_the_schema(
    fuzz_app: Any, auth_headers: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    results: list[Any] = list(schema.get_all_operations())
    operations = [result.ok() for result in results]
    assert len(operations) >= 8
    for operation in operations:
        _fuzzer(operation, {} if operation.path in UNAUTHED else auth_headers)()
