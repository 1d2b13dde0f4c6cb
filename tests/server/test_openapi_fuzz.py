"""Tests: schemathesis fuzzes every operation of our OpenAPI, as a citizen and as a back-office
officer — no 5xx, and every answer's status, content type, headers and body as documented."""

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks

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
def fuzz_app(db_url: str) -> Iterator[Any]:
    """The app on a fresh migrated database, SQLite and PostgreSQL (hypothesis's strings carry
    NUL and other control characters, which only PostgreSQL refuses to store); unpooled, as
    schemathesis calls it from a new event loop per request."""
    settings = Settings(
        env=Environment.TEST,
        database_url=db_url,
        secret_key=TEST_SECRET,
        login_max_failures=10_000,
        account_max_failures=10_000,
        client_max_failures=10_000,
    )
    engine = make_engine(db_url, pooled=False)
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
def role(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# would end the shared session
UNAUTHED = ("/api/v1/auth/logout", "/api/v1/auth/logout-all", "/api/v1/me/deletion-request")
# Examples per operation and mode: the bound keeps this test near a minute per role on a
# loaded CI machine (login and register dominate: each valid one costs an argon2 hash).
EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 20}


def _fuzzer(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> Callable[[], None]:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return fuzz


def _modes(definition: dict[str, Any]) -> list[GenerationMode]:
    """Valid requests always; invalid ones where there is something to get wrong."""
    if definition.get("parameters") or definition.get("requestBody"):
        return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    return [GenerationMode.POSITIVE]


def test_every_operation_conforms_to_the_schema(fuzz_app: Any, role: str) -> None:
    """Both valid and invalid requests; operations without a login run once, as the citizen."""
    auth = {"Authorization": f"Bearer {run_sync(_token(fuzz_app, role))}"}
    document = fuzz_app.openapi()
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    results: list[Any] = list(schema.get_all_operations())
    operations = [result.ok() for result in results]
    assert len(operations) >= 40
    for operation in operations:
        definition = document["paths"][operation.path][operation.method.lower()]
        if role != "citizen" and not definition.get("security"):
            continue
        headers = {} if operation.path in UNAUTHED else auth
        for mode in _modes(definition):
            _fuzzer(operation, mode, headers)()
