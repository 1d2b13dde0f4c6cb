"""Tests: schemathesis fuzzes every operation of our OpenAPI — no 5xx, no off-schema answers."""

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from server.app import create_app
from server.config import Environment, Settings
from server.db import make_engine
from tests.builders import PASSWORD, citizen_payload
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


async def _token(app: Any) -> str:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        payload = citizen_payload()
        assert (await client.post("/api/v1/auth/register", json=payload)).status_code == 201
        login = {"login": payload["nik"], "password": PASSWORD}
        token: str = (await client.post("/api/v1/auth/login", json=login)).json()["token"]
        return token


@pytest.fixture
def auth_headers(fuzz_app: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {run_sync(_token(fuzz_app))}"}


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
