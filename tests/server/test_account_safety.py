"""Tests: account safety — password change, deletion with the password re-entered, a login to
an account pending deletion and its cancellation by the citizen, family edits, the export's
file name and the honest 500 message."""

from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Sex
from server.accounts.models import AuthSession
from server.db import utcnow
from server.deps import CurrentPrincipal, Db
from server.profile.models import FamilyMember as FamilyRow
from server.rights.models import DeletionRequest
from tests.builders import PASSWORD, login, make_citizen, make_nik

NEW = "kataBaru456"
PARENT_NIK_BIRTH = date(1950, 5, 17)
PASSWORD_URL = "/api/v1/me/password"
DELETE_URL = "/api/v1/me/deletion-request"
CANCEL_URL = "/api/v1/auth/cancel-deletion"
FAMILY_URL = "/api/v1/me/family"


def _fields(resp: httpx.Response) -> dict[str, str]:
    assert resp.status_code == 422, resp.text
    return {f["field"]: f["code"] for f in resp.json()["error"]["fields"]}


async def _login(api: httpx.AsyncClient, nik: str, password: str) -> httpx.Response:
    return await api.post("/api/v1/auth/login", json={"login": nik, "password": password})


# ---------------------------------------------------------------- password change


async def test_password_change_keeps_this_session_and_ends_the_others(
    api: httpx.AsyncClient,
) -> None:
    c = await make_citizen(api)
    here, phone = await login(api, c["nik"]), await login(api, c["nik"])
    body = {"current_password": PASSWORD, "new_password": NEW}
    resp = await api.post(PASSWORD_URL, json=body, headers=here)
    assert resp.status_code == 204, resp.text
    assert (await api.get("/api/v1/me", headers=here)).status_code == 200
    assert (await api.get("/api/v1/me", headers=phone)).status_code == 401
    assert (await _login(api, c["nik"], PASSWORD)).status_code == 401
    assert (await _login(api, c["nik"], NEW)).status_code == 200


async def test_password_change_refuses_a_wrong_current_password(api: httpx.AsyncClient) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    body = {"current_password": "salah12345", "new_password": NEW}
    resp = await api.post(PASSWORD_URL, json=body, headers=auth)
    assert _fields(resp) == {"current_password": "password_wrong"}
    assert resp.json()["error"]["fields"][0]["message"] == "Kata sandi salah."
    assert (await _login(api, c["nik"], PASSWORD)).status_code == 200  # unchanged


async def test_password_change_applies_the_registration_rules(api: httpx.AsyncClient) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    weak = {"current_password": PASSWORD, "new_password": "12345678"}
    assert _fields(await api.post(PASSWORD_URL, json=weak, headers=auth)) == {
        "new_password": "password_weak"
    }
    short = {"current_password": PASSWORD, "new_password": "ab1"}
    assert _fields(await api.post(PASSWORD_URL, json=short, headers=auth)) == {
        "new_password": "password_short"
    }
    same = {"current_password": PASSWORD, "new_password": PASSWORD}
    assert _fields(await api.post(PASSWORD_URL, json=same, headers=auth)) == {
        "new_password": "password_unchanged"
    }


async def test_guessing_the_current_password_is_throttled_like_a_login(
    api: httpx.AsyncClient,
) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    body = {"current_password": "tebakan123", "new_password": NEW}
    codes = [(await api.post(PASSWORD_URL, json=body, headers=auth)).status_code for _ in range(6)]
    assert codes == [422] * 5 + [429], codes
    right = {"current_password": PASSWORD, "new_password": NEW}
    locked = await api.post(PASSWORD_URL, json=right, headers=auth)
    assert locked.status_code == 429 and "Retry-After" in locked.headers


async def test_password_change_needs_a_session(api: httpx.AsyncClient) -> None:
    body = {"current_password": PASSWORD, "new_password": NEW}
    assert (await api.post(PASSWORD_URL, json=body)).status_code == 401


# ---------------------------------------------------------------- deletion with the password


async def test_deletion_needs_the_password(api: httpx.AsyncClient, db: AsyncSession) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    assert _fields(await api.post(DELETE_URL, headers=auth)) == {"body": "missing"}
    wrong = await api.post(DELETE_URL, json={"password": "salah12345"}, headers=auth)
    assert _fields(wrong) == {"password": "password_wrong"}
    assert await db.get(DeletionRequest, c["id"]) is None
    assert (await api.get("/api/v1/me", headers=auth)).status_code == 200  # still signed in
    resp = await api.post(DELETE_URL, json={"password": PASSWORD}, headers=auth)
    assert resp.status_code == 202, resp.text


# ---------------------------------------------------------------- pending deletion at login


async def _deleted(api: httpx.AsyncClient) -> dict[str, Any]:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    resp = await api.post(DELETE_URL, json={"password": PASSWORD}, headers=auth)
    assert resp.status_code == 202
    return c | {"scheduled_for": resp.json()["scheduled_for"]}


async def test_login_to_an_account_pending_deletion_says_so(api: httpx.AsyncClient) -> None:
    c = await _deleted(api)
    resp = await _login(api, c["nik"], PASSWORD)
    assert resp.status_code == 403, resp.text
    error = resp.json()["error"]
    assert error["code"] == "account_pending_deletion"
    assert "dijadwalkan dihapus" in error["message"] and "Batalkan penghapusan" in error["message"]
    assert resp.headers["X-Deletion-Scheduled-For"][:10] == c["scheduled_for"][:10]
    english = await api.post(
        "/api/v1/auth/login",
        json={"login": c["nik"], "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert "scheduled for deletion" in english.json()["error"]["message"]


async def test_a_wrong_password_does_not_reveal_a_pending_deletion(
    api: httpx.AsyncClient,
) -> None:
    c = await _deleted(api)
    resp = await _login(api, c["nik"], "salah12345")
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "invalid_credentials"
    cancel = await api.post(CANCEL_URL, json={"login": c["nik"], "password": "salah12345"})
    assert cancel.status_code == 401


async def test_the_citizen_cancels_their_own_deletion(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    c = await _deleted(api)
    resp = await api.post(CANCEL_URL, json={"login": c["nik"], "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    token = resp.json()["token"]
    me = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert await db.get(DeletionRequest, c["id"]) is None
    assert (await _login(api, c["nik"], PASSWORD)).status_code == 200
    again = await api.post(CANCEL_URL, json={"login": c["nik"], "password": PASSWORD})
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_pending_deletion"


# ---------------------------------------------------------------- family edit


async def _member(api: httpx.AsyncClient, auth: dict[str, str], **over: Any) -> dict[str, Any]:
    body = {"full_name": "Slamet", "birth_date": "1950-05-17", "relationship": "parent"} | over
    resp = await api.post(FAMILY_URL, json=body, headers=auth)
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


async def test_a_family_member_can_be_edited(api: httpx.AsyncClient, db: AsyncSession) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    member = await _member(api, auth, note="Bapak")
    nik = make_nik(birth=PARENT_NIK_BIRTH, sex=Sex.MALE)
    patch = {"full_name": "Slamet Riyadi", "nik": nik, "note": None}
    resp = await api.patch(f"{FAMILY_URL}/{member['id']}", json=patch, headers=auth)
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["full_name"] == "Slamet Riyadi" and out["note"] is None
    assert out["nik"] == nik[:4] + "********" + nik[12:]  # masked as in the list
    assert out["relationship"] == "parent" and out["birth_date"] == "1950-05-17"  # kept
    row = await db.get(FamilyRow, member["id"])
    assert row is not None and row.nik == nik and row.full_name == "Slamet Riyadi"


async def test_family_edit_applies_the_rules_of_a_new_member(api: httpx.AsyncClient) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    nik = make_nik(birth=PARENT_NIK_BIRTH, sex=Sex.MALE)
    member = await _member(api, auth, nik=nik)
    url = f"{FAMILY_URL}/{member['id']}"
    # the kept NIK no longer matches a changed birth date
    assert _fields(await api.patch(url, json={"birth_date": "1951-05-17"}, headers=auth)) == {
        "birth_date": "nik_birth_date_mismatch"
    }
    assert _fields(await api.patch(url, json={"full_name": None}, headers=auth)) == {
        "full_name": "missing"
    }
    assert _fields(await api.patch(url, json={"relationship": "boss"}, headers=auth)) == {
        "relationship": "invalid_choice"
    }
    assert _fields(await api.patch(url, json={"colour": "red"}, headers=auth)) == {
        "colour": "unexpected_field"
    }
    own = {"nik": c["nik"], "birth_date": c["birth_date"]}
    resp = await api.patch(url, json=own, headers=auth)
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "family_self"
    same = await api.patch(url, json={"nik": nik}, headers=auth)  # unchanged NIK is fine
    assert same.status_code == 200, same.text


async def test_family_edit_keeps_nik_unique(api: httpx.AsyncClient) -> None:
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    nik = make_nik(birth=PARENT_NIK_BIRTH, sex=Sex.MALE)
    await _member(api, auth, nik=nik)
    other = await _member(api, auth, full_name="Sri")
    resp = await api.patch(f"{FAMILY_URL}/{other['id']}", json={"nik": nik}, headers=auth)
    assert resp.status_code == 409 and resp.json()["error"]["code"] == "family_duplicate"


async def test_another_citizens_family_member_cannot_be_edited(api: httpx.AsyncClient) -> None:
    owner = await make_citizen(api)
    member = await _member(api, await login(api, owner["nik"]))
    stranger = await make_citizen(api, full_name="Dewi Lestari")
    auth = await login(api, stranger["nik"])
    url = f"{FAMILY_URL}/{member['id']}"
    resp = await api.patch(url, json={"full_name": "Diganti"}, headers=auth)
    assert resp.status_code == 404
    missing = await api.patch(f"{FAMILY_URL}/nope", json={"full_name": "X y"}, headers=auth)
    assert missing.status_code == 404


# ---------------------------------------------------------------- export file name


async def test_export_download_has_a_file_name(api: httpx.AsyncClient) -> None:
    c = await make_citizen(api)
    resp = await api.get("/api/v1/me/export", headers=await login(api, c["nik"]))
    assert resp.status_code == 200
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="satupintu-data-saya-20')
    assert disposition.endswith('.json"')


# ---------------------------------------------------------------- the unexpected error


def _add_failing_routes(api: httpx.AsyncClient) -> None:
    app: Any = api._transport.app  # type: ignore[attr-defined]

    async def fail_before_commit(principal: CurrentPrincipal, db: Db) -> None:
        principal.account.full_name = "Tidak Tersimpan"
        await db.flush()
        raise RuntimeError("bug before the commit")

    async def fail_after_commit(principal: CurrentPrincipal, db: Db) -> None:
        principal.account.full_name = "Tersimpan"
        await db.commit()
        raise RuntimeError("bug after the commit")

    app.add_api_route("/test/fail-before", fail_before_commit, methods=["POST"])
    app.add_api_route("/test/fail-after", fail_after_commit, methods=["POST"])


async def test_the_500_message_is_honest(api: httpx.AsyncClient, db: AsyncSession) -> None:
    _add_failing_routes(api)
    c = await make_citizen(api)
    auth = await login(api, c["nik"])
    # an old last-use makes authentication write (bookkeeping) before the endpoint runs
    await db.execute(update(AuthSession).values(last_used_at=utcnow() - timedelta(hours=1)))
    await db.commit()
    before = await api.post("/test/fail-before", headers=auth)
    assert before.status_code == 500
    error = before.json()["error"]
    assert error["code"] == "internal"
    assert "Data Anda tidak berubah" in error["message"] and "coba lagi" not in error["message"]
    me = (await api.get("/api/v1/me", headers=auth)).json()
    assert me["full_name"] == "Siti Aminah"  # really rolled back
    after = await api.post("/test/fail-after", headers=auth | {"Accept-Language": "en"})
    assert after.status_code == 500
    assert after.json()["error"]["code"] == "internal_after_save"
    assert "Nothing was changed" not in after.json()["error"]["message"]
