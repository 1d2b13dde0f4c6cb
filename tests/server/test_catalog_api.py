"""Tests: /api/v1/catalog — ETag/304, gzip, search and filters, lookups, 404s; data files; CLI."""

import gzip
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.catalog import Catalog, FormDefinition, PublicService, ServiceList
from contracts.search import search_services
from server.app import create_app
from server.catalog import service as catalog
from server.catalog.loader import CatalogDataError
from server.catalog.router import accepts_gzip
from server.cli import main
from server.config import Environment, Settings
from tests.conftest import TEST_SECRET, run_sync
from tests.server.catalog_support import (
    SERVICES,
    form,
    sample_source,
    with_service,
    write_catalog_dir,
)

CATALOG = "/api/v1/catalog"
PLAIN = {"Accept-Encoding": "identity"}


async def _imported(db: AsyncSession) -> str:
    return (await catalog.import_catalog(db, sample_source())).revision


async def test_catalog_has_an_etag_and_revalidates_with_304(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    revision = await _imported(db)
    resp = await api.get(CATALOG, headers=PLAIN)
    assert resp.status_code == 200
    assert resp.headers["etag"] == f'"{revision}"'
    assert resp.headers["cache-control"] == "no-cache"
    assert resp.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in resp.headers
    body = Catalog.model_validate(resp.json())
    assert body.revision == revision
    assert [s.code for s in body.services] == sorted(s.code for s in SERVICES)
    assert {a.code for a in body.agencies} == {"DUKCAPIL", "POLRI", "SAMSAT"}
    assert [c.code for c in body.service_centers] == ["MPP-BATU"]
    again = await api.get(CATALOG, headers={"If-None-Match": resp.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == resp.headers["etag"]
    listed = await api.get(CATALOG, headers={"If-None-Match": f'"x", W/"{revision}"'})
    assert listed.status_code == 304
    stale = await api.get(CATALOG, headers={"If-None-Match": '"old-revision"', **PLAIN})
    assert stale.status_code == 200 and stale.content == resp.content


async def test_catalog_is_gzipped_when_accepted(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await _imported(db)
    plain = await api.get(CATALOG, headers=PLAIN)
    request = api.build_request("GET", CATALOG, headers={"Accept-Encoding": "gzip"})
    resp = await api.send(request, stream=True)
    raw = b"".join([chunk async for chunk in resp.aiter_raw()])
    await resp.aclose()
    assert resp.headers["content-encoding"] == "gzip"
    assert int(resp.headers["content-length"]) == len(raw) < len(plain.content)
    assert gzip.decompress(raw) == plain.content
    refused = await api.get(CATALOG, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


async def test_a_new_import_changes_the_etag(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await _imported(db)
    old = await api.get(CATALOG)
    changed = SERVICES[0].model_copy(update={"form": FormDefinition.model_validate(form("x2"))})
    await catalog.import_catalog(db, with_service(sample_source(), changed))
    new = await api.get(CATALOG, headers={"If-None-Match": old.headers["etag"]})
    assert new.status_code == 200
    assert new.headers["etag"] != old.headers["etag"]
    served = {s["code"]: s for s in new.json()["services"]}
    assert served[changed.code]["form_version"] == 2


async def test_empty_catalog_before_any_import(api: httpx.AsyncClient) -> None:
    resp = await api.get(CATALOG)
    assert resp.status_code == 200
    assert resp.json()["services"] == [] and resp.headers["etag"] == '"empty"'


async def _codes(api: httpx.AsyncClient, **params: str) -> list[str]:
    resp = await api.get(f"{CATALOG}/services", params=params)
    assert resp.status_code == 200, resp.text
    return [s.code for s in ServiceList.model_validate(resp.json()).services]


async def test_service_search_and_filters(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await _imported(db)
    assert await _codes(api) == ["akta-kelahiran", "ktp-el", "skck", "pkb-tahunan"]
    assert (await _codes(api, q="AKTE kelahran"))[0] == "akta-kelahiran"
    assert await _codes(api, q="skck") == ["skck"]
    assert await _codes(api, q="pajak kendaraan") == ["pkb-tahunan"]
    assert await _codes(api, q="zzzz qqqq") == []
    assert await _codes(api, agency="DUKCAPIL") == ["akta-kelahiran", "ktp-el"]
    assert await _codes(api, category="vehicle") == ["pkb-tahunan"]
    assert await _codes(api, channel="kiosk") == ["pkb-tahunan"]
    assert await _codes(api, channel="online", agency="POLRI") == ["skck"]
    bad = await api.get(f"{CATALOG}/services", params={"channel": "fax"})
    assert bad.status_code == 422


async def test_one_service_and_its_forms(api: httpx.AsyncClient, db: AsyncSession) -> None:
    await _imported(db)
    resp = await api.get(f"{CATALOG}/services/skck")
    assert resp.status_code == 200
    assert PublicService.model_validate(resp.json()).form_version == 1
    missing = await api.get(f"{CATALOG}/services/nope", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "service_not_found"
    assert missing.json()["error"]["message"] == "Service not found or no longer offered."
    changed = SERVICES[2].model_copy(update={"form": FormDefinition.model_validate(form("x2"))})
    await catalog.import_catalog(db, with_service(sample_source(), changed))
    first = await api.get(f"{CATALOG}/services/skck/forms/1")
    second = await api.get(f"{CATALOG}/services/skck/forms/2")
    assert FormDefinition.model_validate(first.json()) == SERVICES[2].form
    assert FormDefinition.model_validate(second.json()) == changed.form
    gone = await api.get(f"{CATALOG}/services/skck/forms/3")
    assert (gone.status_code, gone.json()["error"]["code"]) == (404, "form_not_found")


def test_invalid_data_file_names_file_and_entry(tmp_path: Path) -> None:
    root = write_catalog_dir(tmp_path, days="999")
    with pytest.raises(CatalogDataError) as err:
        catalog.load_catalog_dir(root)
    message = str(err.value)
    assert "dukcapil.toml" in message and "akta-kelahiran" in message and "days" in message
    (root / "services" / "dukcapil.toml").write_text("[[service]\n", encoding="utf-8")
    with pytest.raises(CatalogDataError, match=r"dukcapil\.toml: not valid TOML"):
        catalog.load_catalog_dir(root)


def test_unknown_agency_is_refused(tmp_path: Path) -> None:
    root = write_catalog_dir(tmp_path)
    (root / "agencies.toml").write_text(
        '[[agency]]\ncode = "POLRI"\nshort_name = "Polri"\nname = { id = "P", en = "P" }\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogDataError, match="unknown agency 'DUKCAPIL'"):
        catalog.load_catalog_dir(root)


def test_admin_import_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SATUPINTU_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    monkeypatch.setenv("SATUPINTU_ENV", "test")
    monkeypatch.setenv("SATUPINTU_SECRET_KEY", TEST_SECRET)
    root = write_catalog_dir(tmp_path / "data")
    assert main(["admin", "import-catalog", "--dir", str(root)]) == 0
    assert "1 added" in capsys.readouterr().out
    assert main(["admin", "import-catalog", "--dir", str(root)]) == 0
    out = capsys.readouterr().out
    assert "1 unchanged" in out and "(unchanged)" in out
    write_catalog_dir(root, days="5")
    assert main(["admin", "import-catalog", "--dir", str(root)]) == 0
    assert "1 changed, 0 unchanged, 0 new form versions" in capsys.readouterr().out
    write_catalog_dir(root, days="-1")
    assert main(["admin", "import-catalog", "--dir", str(root)]) == 2
    assert "dukcapil.toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("akte kelahiran", "dukcapil-akta-kelahiran"),
        ("AKTA kelahran", "dukcapil-akta-kelahiran"),
        ("paspor", "imigrasi-paspor"),
        ("pasport", "imigrasi-paspor"),
        ("ktp", "dukcapil-ktp-el"),
        ("pajak kendaraan", "samsat-pkb"),
        ("skck", "polri-skck"),
    ],
)
def test_search_examples_on_the_real_catalog(query: str, first: str) -> None:
    source = catalog.load_catalog_dir(catalog.DEFAULT_DATA_DIR)
    services = [PublicService(**s.model_dump(), form_version=1) for s in source.services]
    agencies = {a.code: a for a in source.agencies}
    found = search_services(services, query, agencies)
    assert found and found[0].code.startswith(first), [s.code for s in found[:3]]


async def test_real_catalog_imports_once_and_is_small(
    api: httpx.AsyncClient, db: AsyncSession
) -> None:
    source = catalog.load_catalog_dir(catalog.DEFAULT_DATA_DIR)
    first = await catalog.import_catalog(db, source)
    assert first.added == len(source.services) >= 40
    assert len({s.agency for s in source.services}) >= 10
    second = await catalog.import_catalog(db, catalog.load_catalog_dir(catalog.DEFAULT_DATA_DIR))
    assert (second.unchanged, second.revision) == (len(source.services), first.revision)
    request = api.build_request("GET", CATALOG, headers={"Accept-Encoding": "gzip"})
    resp = await api.send(request, stream=True)
    raw = b"".join([chunk async for chunk in resp.aiter_raw()])
    await resp.aclose()
    assert resp.headers["content-encoding"] == "gzip"
    assert len(raw) <= 100_000
    assert len(Catalog.model_validate_json(gzip.decompress(raw)).services) == first.added


@pytest.mark.parametrize(
    ("header", "gzipped"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.5", True),
        ("*", True),
        ("*;q=0, gzip", True),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("deflate", False),
        ("gzip;q=abc", False),
        ("", False),
    ],
)
def test_accept_encoding(header: str, gzipped: bool) -> None:
    assert accepts_gzip(header) is gzipped


async def _catalog_count(url: str) -> int:
    settings = Settings(env=Environment.TEST, database_url=url, secret_key=TEST_SECRET)
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        resp = await client.get(CATALOG)
    await app.state.engine.dispose()
    return len(resp.json()["services"])


def test_seed_demo_imports_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'seed.db'}"
    monkeypatch.setenv("SATUPINTU_DATABASE_URL", url)
    monkeypatch.setenv("SATUPINTU_ENV", "test")
    monkeypatch.setenv("SATUPINTU_SECRET_KEY", TEST_SECRET)
    assert main(["admin", "seed-demo"]) == 0
    assert "Catalog:" in capsys.readouterr().out
    assert run_sync(_catalog_count(url)) >= 40
