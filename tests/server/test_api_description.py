"""Tests: the OpenAPI document says what the server answers — error statuses, required headers,
field rules, consistent examples, file types — and the preconditions behind If-Match."""

import re
from typing import Any

import httpx
import pytest

from contracts.accounts import RegisterRequest
from contracts.nik import parse_nik
from contracts.profile import FamilyMemberIn, ProfileUpdate
from tests.server import applications_support as s
from tests.server.test_application_workflow import file, world  # noqa: F401  (fixture)
from tests.server.test_applications import Citizen

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head"}


@pytest.fixture
async def schema(api: httpx.AsyncClient) -> dict[str, Any]:
    resp = await api.get("/openapi.json")
    assert resp.status_code == 200
    return dict(resp.json())


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


def param(op: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in op["parameters"] if p["name"].lower() == name.lower())


async def test_every_operation_lists_the_errors_it_can_answer(schema: dict[str, Any]) -> None:
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    for method, path, op in operations(schema):
        answers, where = op["responses"], f"{method.upper()} {path}"
        params = op.get("parameters", [])
        if op.get("security"):
            assert "401" in answers, where
            assert "WWW-Authenticate" in answers["401"]["headers"], where
        if any(p["in"] == "path" for p in params):
            assert "404" in answers, where
        if params or "requestBody" in op:
            assert "422" in answers, where
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            assert "400" in answers, where  # an undecodable body
        assert "503" in answers, where
        for status, answer in answers.items():
            if status.startswith(("4", "5")):
                assert answer["content"]["application/json"]["schema"] == error_ref, where


async def test_undecodable_json_body_is_a_documented_400(api: httpx.AsyncClient) -> None:
    headers = {"Content-Type": "application/json"}
    resp = await api.post("/api/v1/auth/register", content=b'{"nik": "\xff\xfe"}', headers=headers)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["code"] == "bad_request"


async def test_required_headers_are_required_in_the_schema(schema: dict[str, Any]) -> None:
    filing = param(schema["paths"]["/api/v1/me/applications"]["post"], "Idempotency-Key")
    assert filing["required"] is True
    assert filing["schema"]["maxLength"] == 255 and filing["schema"]["minLength"] == 1
    assert re.fullmatch(filing["schema"]["pattern"], "9b2f6c1e-4d0b-4a53-9c55-0d1f7e2c3a10")
    assert not re.fullmatch(filing["schema"]["pattern"], "kunci dengan spasi")
    action = schema["paths"]["/api/v1/officer/applications/{app_id}/actions"]["post"]
    assert param(action, "If-Match")["required"] is True
    assert "428" in action["responses"] and "400" in action["responses"]


async def test_nik_password_and_cursor_rules_are_in_the_schema(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    register = components["RegisterRequest"]["properties"]
    nik, password = register["nik"], register["password"]
    assert nik["minLength"] == 16 and re.fullmatch(nik["pattern"], "3579 0141 0190 0001")
    assert not re.fullmatch(nik["pattern"], "35790141019000")
    assert password["minLength"] == 8 and password["maxLength"] == 128
    for weak in ("12345678", "abcdefgh", "pendek1"):
        assert not re.fullmatch(password["pattern"], weak), weak
    assert re.fullmatch(password["pattern"], "rahasia-2024")
    page = components["ApplicationPage"]["properties"]["next_cursor"]["anyOf"][0]
    listing = schema["paths"]["/api/v1/me/applications"]["get"]
    cursor = param(listing, "cursor")["schema"]["anyOf"][0]
    assert page == cursor and cursor["maxLength"] == 400 and cursor["pattern"]


async def test_examples_pass_every_rule(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    register = RegisterRequest.model_validate(components["RegisterRequest"]["examples"][0])
    info = parse_nik(register.nik)
    assert info.matches_birth_date(register.birth_date) and info.sex is register.sex
    ProfileUpdate.model_validate(components["ProfileUpdate"]["examples"][0])
    FamilyMemberIn.model_validate(components["FamilyMemberIn"]["examples"][0])
    assert components["RegisterRequest"]["properties"]["nik"]["examples"] == [register.nik]


async def test_downloads_are_described_as_the_types_served(schema: dict[str, Any]) -> None:
    served = {"image/jpeg", "image/png", "application/pdf"}
    for path in (
        "/api/v1/me/documents/{document_id}/file",
        "/api/v1/officer/citizens/{citizen_id}/documents/{document_id}/file",
        "/api/v1/officer/applications/{app_id}/attachments/{document_id}",
    ):
        assert set(schema["paths"][path]["get"]["responses"]["200"]["content"]) == served


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/api/v1/me/profile", {"GET", "PUT"}),
        ("DELETE", "/api/v1/me/applications", {"GET", "POST"}),
        ("PUT", "/api/v1/me/family", {"GET", "POST"}),
    ],
)
async def test_405_allow_lists_every_method_of_the_path(
    api: httpx.AsyncClient, method: str, path: str, allowed: set[str]
) -> None:
    resp = await api.request(method, path)
    assert resp.status_code == 405
    assert allowed <= {m.strip() for m in resp.headers["Allow"].split(",")}
    assert resp.json()["error"]["code"] == "method_not_allowed"


async def test_malformed_if_match_is_400_after_404(
    api: httpx.AsyncClient,
    world: dict[str, Any],  # noqa: F811
) -> None:
    citizen: Citizen = world["citizen"]
    app = await file(api, citizen)
    bad = {"If-Match": "bukan-versi"}
    for route in ("withdraw", "resubmit"):
        body: dict[str, Any] = {}
        unknown = f"{s.APPS}/00000000-0000-0000-0000-000000000000/{route}"
        resp = await api.post(unknown, json=body, headers=citizen.auth | bad)
        assert resp.status_code == 404, resp.text
        resp = await api.post(
            f"{s.APPS}/{app['id']}/{route}", json=body, headers=citizen.auth | bad
        )
        assert resp.status_code == 400, resp.text
        assert resp.json()["error"]["code"] == "if_match_invalid"
    stale = await api.post(
        f"{s.APPS}/{app['id']}/withdraw", json={}, headers=citizen.auth | {"If-Match": '"99"'}
    )
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "application_changed"
    mine = (await api.get("/api/v1/me/profile", headers=citizen.auth)).json()
    body = {k: mine[k] for k in ("full_name", "birth_date", "phone")}
    profile = await api.put("/api/v1/me/profile", json=body, headers=citizen.auth | bad)
    assert profile.status_code == 400 and profile.json()["error"]["code"] == "if_match_invalid"


async def test_officer_action_needs_if_match(
    api: httpx.AsyncClient,
    world: dict[str, Any],  # noqa: F811
) -> None:
    app, officer = await file(api, world["citizen"]), world["officer"]
    path, body = f"{s.STAFF}/{app['id']}/actions", {"action": "start_review"}
    for headers in ({}, {"If-Match": "*"}):
        resp = await api.post(path, json=body, headers=officer | headers)
        assert resp.status_code == 428, resp.text
        assert resp.json()["error"]["code"] == "if_match_required"
    garbage = await api.post(path, json=body, headers=officer | {"If-Match": "x"})
    assert garbage.status_code == 400 and garbage.json()["error"]["code"] == "if_match_invalid"
    current = await api.get(f"{s.STAFF}/{app['id']}", headers=officer)
    assert current.json()["status"] == "submitted"  # nothing above changed it
    done = await api.post(path, json=body, headers=officer | {"If-Match": current.headers["ETag"]})
    assert done.status_code == 200 and done.json()["status"] == "in_review"
