"""Tests: filing and resubmitting with answers of the wrong JSON type, over every field type of
the form contract, on SQLite and PostgreSQL — 422 naming `answers.<code>`, never a 500."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import FieldType, FormField, LocalText, Option
from contracts.enums import Role
from tests.builders import login, make_staff
from tests.contracts.test_forms import ACCEPTED, JSON_VALUES
from tests.server import applications_support as s
from tests.server.test_applications import Citizen, new_citizen


def code_of(kind: FieldType) -> str:
    return f"isian_{kind.value}"


def every_type() -> tuple[FormField, ...]:
    """One optional field of each type, beside the birth form's own."""
    options = (Option(key="pekerjaan", label=LocalText(id="Kerja", en="Work")),)
    return tuple(
        FormField(
            code=code_of(kind),
            label=LocalText(id=kind.value, en=kind.value),
            type=kind,
            required=False,
            options=options if kind is FieldType.SELECT else (),
        )
        for kind in FieldType
    )


@pytest.fixture
async def citizen(api: httpx.AsyncClient, db: AsyncSession) -> Citizen:
    form = s.birth_form(extra=every_type())
    await s.import_test_catalog(db, s.birth_service(form=form), s.tax_service())
    return await new_citizen(api)


def wrong(name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers giving the JSON value `name` to every field type that does not take it, and the
    errors expected for them."""
    kinds = [k for k in FieldType if name not in ACCEPTED[k]]
    kinds = [k for k in kinds if not (name == "false" and k is FieldType.CHECKBOX)]
    answers = s.answers() | {code_of(k): JSON_VALUES[name] for k in kinds}
    return answers, {f"answers.{code_of(k)}": "form_type" for k in kinds}


def field_errors(resp: httpx.Response) -> dict[str, str]:
    assert resp.status_code == 422, resp.text
    body = resp.json()["error"]
    assert body["code"] == "validation" and body["message"] == "Periksa kembali isian Anda."
    assert all(f["message"] == "Jenis isian tidak sesuai." for f in body["fields"])
    return {f["field"]: f["code"] for f in body["fields"]}


async def test_wrong_types_when_filing(api: httpx.AsyncClient, citizen: Citizen) -> None:
    for name in JSON_VALUES:
        answers, expected = wrong(name)
        body = s.payload(citizen.kk, citizen.letter, answers=answers)
        resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
        assert field_errors(resp) == expected, name


async def test_the_reported_bodies(api: httpx.AsyncClient, citizen: Citizen) -> None:
    bad: Any
    for bad in (["pekerjaan"], [1, 2], {"a": 1}):
        body = s.payload(citizen.kk, citizen.letter, answers=s.answers(jenis_kelamin=bad))
        resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
        assert field_errors(resp) == {"answers.jenis_kelamin": "form_type"}
    for bad in ([1, 2], "laki", 3):
        body = s.payload(citizen.kk, citizen.letter, answers=bad)
        resp = await api.post(s.APPS, json=body, headers=citizen.auth | s.key())
        assert resp.status_code == 422, resp.text
        assert [f["field"] for f in resp.json()["error"]["fields"]] == ["answers"]


async def test_wrong_types_when_resubmitting(
    api: httpx.AsyncClient, citizen: Citizen, db: AsyncSession
) -> None:
    officer = await login(api, (await make_staff(db, role=Role.BACK_OFFICE)).username or "")
    app = await s.submit(api, citizen.auth, s.payload(citizen.kk, citizen.letter))
    app = (await s.act(api, officer, app, action="start_review")).json()
    items = [{"target": "jenis_kelamin", "message": "Pilih jenis kelamin"}]
    app = (await s.act(api, officer, app, action="request_revision", items=items)).json()
    headers = citizen.auth | {"If-Match": f'"{app["version"]}"'}
    url = f"{s.APPS}/{app['id']}/resubmit"
    attachments = s.payload(citizen.kk, citizen.letter)["attachments"]
    for name in JSON_VALUES:
        answers, expected = wrong(name)
        body = {"answers": answers, "attachments": attachments}
        assert field_errors(await api.post(url, json=body, headers=headers)) == expected, name
    body = {"answers": [1, 2], "attachments": attachments}
    assert (await api.post(url, json=body, headers=headers)).status_code == 422
    body = {"answers": s.answers(), "attachments": attachments}
    assert (await api.post(url, json=body, headers=headers)).status_code == 200
