"""Tests: control characters (NUL first) are refused in every text that comes in — body fields,
form answers, upload fields, path, query and header parameters — with a 422 naming the field,
alike on SQLite and PostgreSQL (which refuses NUL in text and used to answer 500)."""

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from tests.builders import citizen_payload, login, make_citizen, make_staff
from tests.server import applications_support as s
from tests.server.test_applications import new_citizen
from tests.server.test_documents import jpeg

NUL_LOGIN = "\u0000' OR 1=1 --"
MESSAGE = "Isian berisi karakter kontrol yang tidak diizinkan."


def control_fields(resp: httpx.Response) -> set[str]:
    assert resp.status_code == 422, resp.text
    body = resp.json()["error"]
    assert body["code"] == "validation"
    fields = {f["field"] for f in body["fields"] if f["code"] == "text_control"}
    assert all(f["message"] == MESSAGE for f in body["fields"] if f["code"] == "text_control")
    return fields


@pytest.mark.parametrize("bad", ["\u0000", "a\u0000b", "\u001b[2J", "x\u007f", "\u0085"])
async def test_login_with_a_control_character_is_422(api: httpx.AsyncClient, bad: str) -> None:
    body = json.dumps({"login": bad, "password": "x" + bad})  # \uXXXX escapes, as sent on the wire
    headers = {"Content-Type": "application/json"}
    resp = await api.post("/api/v1/auth/login", content=body, headers=headers)
    assert control_fields(resp) == {"login", "password"}


async def test_the_reported_nul_login_is_422(api: httpx.AsyncClient) -> None:
    resp = await api.post("/api/v1/auth/login", json={"login": NUL_LOGIN, "password": "x"})
    assert control_fields(resp) == {"login"}
    english = await api.post(
        "/api/v1/auth/login",
        json={"login": NUL_LOGIN, "password": "x"},
        headers={"Accept-Language": "en"},
    )
    assert english.json()["error"]["fields"][0]["message"].startswith("Contains control")


async def test_tab_newline_and_return_stay_allowed(api: httpx.AsyncClient) -> None:
    resp = await api.post("/api/v1/auth/login", json={"login": "a\tb\r\nc", "password": "x"})
    assert resp.status_code == 401


async def test_register_and_profile_fields(api: httpx.AsyncClient) -> None:
    body = citizen_payload(full_name="Siti\u0000")
    resp = await api.post("/api/v1/auth/register", json=body)  # its own rule: letters only
    assert resp.status_code == 422
    assert [f["field"] for f in resp.json()["error"]["fields"]] == ["full_name"]
    citizen = await make_citizen(api)
    auth = await login(api, citizen["nik"])
    member = {"full_name": "Budi", "birth_date": "2015-01-01", "relationship": "child"}
    resp = await api.post("/api/v1/me/family", json=member | {"note": "adik\u0000"}, headers=auth)
    assert control_fields(resp) == {"note"}


@pytest.fixture
async def filed(api: httpx.AsyncClient, db: AsyncSession) -> dict[str, Any]:
    await s.import_test_catalog(db)
    citizen = await new_citizen(api)
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    officer = await make_staff(db, role=Role.BACK_OFFICE)
    return {"citizen": citizen, "app": app, "officer": await login(api, officer.username or "")}


async def test_application_bodies(api: httpx.AsyncClient, filed: dict[str, Any]) -> None:
    citizen, app = filed["citizen"], filed["app"]
    body = s.payload(citizen.kk, citizen.letter)
    body["answers"] |= {"nama_anak": "Budi\u0000", "catatan": "ok\u0000"}
    body["prefilled"] = ["nama_pemohon", "x\u0000"]
    resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
    assert control_fields(resp) == {"answers.nama_anak", "answers.catatan", "prefilled.1"}
    bad_key = s.payload(citizen.kk, citizen.letter)
    bad_key["answers"]["\u0000"] = "x"
    resp = await api.post(s.APPS, json=bad_key, headers=citizen.auth | s.key())
    assert control_fields(resp) == {"answers"}
    resp = await api.post(
        f"{s.APPS}/{app['id']}/withdraw", json={"note": "batal\u0000"}, headers=citizen.auth
    )
    assert control_fields(resp) == {"note"}
    items = [{"target": "nama_anak", "message": "perbaiki\u0000"}]
    resp = await s.act(api, filed["officer"], app, action="request_revision", items=items)
    assert control_fields(resp) == {"items.0.message"}


async def test_upload_title(api: httpx.AsyncClient) -> None:
    citizen = await make_citizen(api)
    auth = await login(api, citizen["nik"])
    files = {"file": ("kk.jpg", jpeg((200, 150)), "image/jpeg")}
    data = {"type": "kk", "title": "KK\u0000"}
    resp = await api.post("/api/v1/me/documents", data=data, files=files, headers=auth)
    assert control_fields(resp) == {"title"}


async def test_path_query_and_header_parameters(
    api: httpx.AsyncClient, filed: dict[str, Any]
) -> None:
    citizen, officer = filed["citizen"].auth, filed["officer"]
    cases = [
        (api.get(f"{s.APPS}/%00", headers=citizen), "app_id"),
        (api.get(f"{s.APPS}?cursor=%00", headers=citizen), "cursor"),
        (api.get("/api/v1/me/notifications?before=%00", headers=citizen), "before"),
        (api.get(f"{s.STAFF}/by-tracking/SP%00", headers=officer), "tracking_number"),
        (api.get(f"{s.STAFF}?service=%00", headers=officer), "service"),
        (api.get("/api/v1/catalog/services?q=%00"), "q"),
        (api.get("/api/v1/catalog/services/%00"), "code"),
        (api.delete("/api/v1/me/documents/%1b", headers=citizen), "document_id"),
    ]
    for call, field in cases:
        assert control_fields(await call) == {field}
    key = {"Idempotency-Key": "k\u0000"}
    body = s.payload(filed["citizen"].kk, filed["citizen"].letter)
    resp = await api.post(s.APPS, json=body, headers=citizen | key)
    assert control_fields(resp) == {"Idempotency-Key"}


# ------------------------------------------------------------------ sweep over the OpenAPI

NUL = "nul\u0000"


def sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A value of `schema` with NUL in every free string (enums and dates kept valid)."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        return {"date": "2000-01-01", "date-time": "2000-01-01T00:00:00Z"}.get(
            schema.get("format", ""), NUL
        )
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(schema.get("items", {}), components)]
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(sub, components) for name, sub in props.items()}
    return NUL


def nul_request(path: str, op: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """httpx.request arguments putting NUL into every string input of the operation."""
    url, query, headers, strings = path, {}, {}, 0
    for param in op.get("parameters", []):
        value = sample(param["schema"], components)
        strings += value == NUL
        if param["in"] == "path":
            url = url.replace("{" + param["name"] + "}", "nul%00" if value == NUL else "1")
        elif param["in"] == "query":
            query[param["name"]] = value
        elif param["in"] == "header" and value == NUL:
            headers[param["name"]] = value
    content = op.get("requestBody", {}).get("content", {})
    args: dict[str, Any] = {"url": url, "params": query, "headers": headers}
    if "application/json" in content:
        body = sample(content["application/json"]["schema"], components)
        strings += NUL in repr(body)
        args["json"] = body
    elif "multipart/form-data" in content:
        props = content["multipart/form-data"]["schema"]["properties"]
        fields = {k: sample(v, components) for k, v in props.items() if k != "file"}
        strings += NUL in fields.values()
        args["data"], args["files"] = fields, {"file": ("a.jpg", jpeg((50, 50)), "image/jpeg")}
    return args if strings else {}


async def test_every_operation_refuses_nul_in_every_string(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    """Every operation of the OpenAPI description, NUL in each of its string inputs at once:
    422, never a 500 (PostgreSQL cannot store NUL; this sweep runs on both databases)."""
    await s.import_test_catalog(db)
    citizen = await login(api, (await make_citizen(api))["nik"])
    staff = await login(api, (await make_staff(db, role=Role.BACK_OFFICE)).username or "")
    schema = (await api.get("/openapi.json")).json()
    components = schema["components"]["schemas"]
    swept = 0
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            args = nul_request(path, op, components)
            if not args:
                continue  # no string input (nothing to sweep)
            auth = staff if "/officer/" in path else citizen
            args["headers"] = auth | args["headers"]
            resp = await api.request(method.upper(), **args)
            assert resp.status_code == 422, (method, path, resp.status_code, resp.text)
            swept += 1
    assert swept >= 25


def test_every_request_body_model_refuses_control_characters() -> None:
    """A new request model that forgets `Incoming` would let NUL reach the database again."""
    from fastapi.routing import APIRoute
    from pydantic import BaseModel

    from contracts.text import Incoming
    from server.app import create_app
    from server.config import Environment, Settings
    from tests.conftest import TEST_SECRET

    settings = Settings(
        env=Environment.TEST, database_url="sqlite+aiosqlite://", secret_key=TEST_SECRET
    )
    app = create_app(settings)

    def api_routes(routes: list[Any]) -> list[APIRoute]:
        found: list[APIRoute] = []
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            elif hasattr(route, "original_router"):  # an included router
                found += api_routes(route.original_router.routes)
        return found

    bodies = {r.body_field.field_info.annotation for r in api_routes(app.routes) if r.body_field}
    models = {m for m in bodies if isinstance(m, type) and issubclass(m, BaseModel)}
    assert models, "no request body models found"
    forgot = sorted(m.__name__ for m in models if not issubclass(m, Incoming))
    assert forgot == []
