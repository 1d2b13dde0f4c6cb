"""Tests: every failure answers with the one error shape; health checks the database."""

from typing import Any

import httpx

from tests.builders import login, make_citizen


async def test_health(api: httpx.AsyncClient) -> None:
    resp = await api.get("/health")
    assert resp.status_code == 200 and resp.json() == {"status": "ok", "database": "ok"}


async def test_unknown_path_and_method(api: httpx.AsyncClient) -> None:
    missing = await api.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "Data tidak ditemukan.",
        "fields": [],
    }
    wrong = await api.get("/api/v1/auth/login")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


async def test_malformed_json_is_422_not_500(api: httpx.AsyncClient) -> None:
    resp = await api.post(
        "/api/v1/auth/register", content=b"{nik:", headers={"Content-Type": "application/json"}
    )
    assert resp.status_code == 422
    assert resp.json()["error"]["fields"][0]["code"] == "json_invalid"


async def test_unknown_fields_and_wrong_types(api: httpx.AsyncClient) -> None:
    resp = await api.post(
        "/api/v1/auth/register",
        json={"nik": 3579014101900001, "birth_date": "kemarin", "sex": "x", "admin": True},
    )
    assert resp.status_code == 422
    codes = {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}
    assert codes["birth_date"] == "invalid_date"
    assert codes["sex"] == "invalid_choice"
    assert codes["admin"] == "unexpected_field"
    assert codes["full_name"] == "missing"


async def test_quality_weighted_language(api: httpx.AsyncClient) -> None:
    resp = await api.get("/api/v1/me", headers={"Accept-Language": "en;q=0.4, id;q=0.8"})
    assert resp.json()["error"]["message"].startswith("Sesi Anda")
    resp = await api.get("/api/v1/me", headers={"Accept-Language": "fr, en;q=0.5"})
    assert resp.json()["error"]["message"].startswith("Your session")


async def test_an_error_inside_an_endpoint_returns_its_connection(api: httpx.AsyncClient) -> None:
    """The request's session is closed even when the endpoint raises (no connection left
    checked out for the garbage collector to drop)."""
    citizen = await make_citizen(api)
    headers = await login(api, citizen["nik"])
    resp = await api.get("/api/v1/me/access-log?before=missing", headers=headers)
    assert resp.status_code == 404
    app: Any = api._transport.app  # type: ignore[attr-defined]
    assert app.state.engine.sync_engine.pool.checkedout() == 0
