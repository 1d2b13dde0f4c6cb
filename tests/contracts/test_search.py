"""Tests: catalog search — normalisation, typo tolerance, ranking, every word must match, speed."""

import random
import time

import pytest

from contracts.catalog import Agency, LocalText, PublicService
from contracts.search import (
    build_index,
    normalize,
    search_services,
    within_distance,
    within_prefix_distance,
)


def _text(id_: str, en: str) -> LocalText:
    return LocalText(id=id_, en=en)


def _service(code: str, agency: str, name: str, en: str, *keywords: str) -> PublicService:
    return PublicService.model_validate(
        {
            "code": code,
            "agency": agency,
            "category": "population",
            "name": {"id": name, "en": en},
            "summary": {"id": f"Pelayanan {name.lower()}", "en": f"{en} service"},
            "channels": ["counter"],
            "steps": [{"id": "Datang ke loket", "en": "Visit the counter"}],
            "days": 1,
            "product": {"id": "Dokumen", "en": "Document"},
            "complaint": {"id": "Pengaduan", "en": "Complaints"},
            "keywords": list(keywords),
            "form_version": 1,
        }
    )


SERVICES = [
    _service("akta-kelahiran", "DUKCAPIL", "Akta Kelahiran", "Birth Certificate", "akte lahir"),
    _service("akta-kematian", "DUKCAPIL", "Akta Kematian", "Death Certificate", "akte"),
    _service("ktp-el", "DUKCAPIL", "KTP Elektronik", "Electronic ID Card", "e-KTP", "KTP-el"),
    _service("kk-baru", "DUKCAPIL", "Kartu Keluarga Baru", "New Family Card", "KK"),
    _service("paspor-baru", "IMIGRASI", "Paspor Baru", "New Passport", "passport"),
    _service("skck-baru", "POLRI", "SKCK Baru", "New Police Certificate", "SKCK"),
    _service(
        "pkb-tahunan", "SAMSAT", "Pajak Kendaraan Bermotor Tahunan", "Annual Vehicle Tax", "PKB"
    ),
    _service("pbb", "BAPENDA", "Pajak Bumi dan Bangunan", "Land and Building Tax", "PBB"),
    _service("bpjs-daftar", "BPJS-KES", "Pendaftaran Peserta JKN", "JKN Enrolment", "BPJS"),
    _service("rekening-baru", "BRI", "Pembukaan Rekening", "Open a Bank Account", "tabungan"),
]
AGENCIES = {
    "IMIGRASI": Agency(
        code="IMIGRASI",
        short_name="Kantor Imigrasi",
        name=_text("Kantor Imigrasi", "Immigration Office"),
    ),
    "SAMSAT": Agency(
        code="SAMSAT", short_name="Samsat", name=_text("Sistem Satu Atap", "One-Roof Office")
    ),
}


def _codes(query: str) -> list[str]:
    return [s.code for s in search_services(SERVICES, query, AGENCIES)]


def test_normalize() -> None:
    assert normalize("  Akta   KELAHIRAN! ") == "akta kelahiran"
    assert normalize("Pémbuatan Ñama") == "pembuatan nama"
    assert normalize("e-KTP/KK (baru)") == "e ktp kk baru"
    assert normalize("Straße") == "strasse"
    assert normalize("...") == ""


def test_osa_distance() -> None:
    assert within_distance("kelahiran", "kelahiran", 0)
    assert within_distance("kelahran", "kelahiran", 1)  # a letter missing
    assert within_distance("kelahrian", "kelahiran", 1)  # two letters swapped
    assert not within_distance("kelhrian", "kelahiran", 1)
    assert within_distance("kelhrian", "kelahiran", 2)
    assert not within_distance("paspor", "pajak", 2)
    assert within_prefix_distance("kelahra", "kelahiran", 1)  # typing, one letter missed
    assert not within_prefix_distance("kelhra", "kelahiran", 1)


def _osa_table(a: str, b: str) -> list[list[int]]:
    """The textbook optimal-string-alignment table, as the reference."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d


def test_distance_agrees_with_the_reference_table() -> None:
    rng = random.Random(4)
    for _ in range(3000):
        a = "".join(rng.choice("abc") for _ in range(rng.randint(0, 6)))
        b = "".join(rng.choice("abc") for _ in range(rng.randint(0, 7)))
        table = _osa_table(a, b)
        best_prefix = min(table[len(a)])
        for limit in (0, 1, 2):
            assert within_distance(a, b, limit) == (table[-1][-1] <= limit), (a, b, limit)
            assert within_prefix_distance(a, b, limit) == (best_prefix <= limit), (a, b, limit)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("akte kelahiran", "akta-kelahiran"),
        ("AKTA kelahran", "akta-kelahiran"),
        ("Akta Kelahiran", "akta-kelahiran"),
        ("paspor", "paspor-baru"),
        ("pasport", "paspor-baru"),
        ("pásport", "paspor-baru"),
        ("ktp", "ktp-el"),
        ("ektp", "ktp-el"),
        ("pajak kendaraan", "pkb-tahunan"),
        ("skck", "skck-baru"),
        ("birth certificate", "akta-kelahiran"),
        ("imigrasi", "paspor-baru"),  # the agency's name
        ("kela", "akta-kelahiran"),  # still typing
        ("rekenig", "rekening-baru"),
    ],
)
def test_examples(query: str, first: str) -> None:
    assert _codes(query)[0] == first


def test_every_word_must_match() -> None:
    assert _codes("akta") == ["akta-kelahiran", "akta-kematian"]
    assert _codes("akta kematian") == ["akta-kematian"]
    assert _codes("paspor kelahiran") == []
    assert _codes("ktq") == []  # short words must be exact or a prefix
    assert _codes("akta k") == ["akta-kelahiran", "akta-kematian"]  # "k" is still being typed
    assert _codes("akta k ") == []  # a finished one-letter word must be exact
    assert _codes("pajak") == ["pbb", "pkb-tahunan"]  # tied: agency then name order


def test_name_beats_summary_and_typo() -> None:
    services = [
        _service("aa", "A1", "Legalisir Dokumen", "Document Legalisation"),
        _service("bb", "B1", "Surat Pindah", "Moving Letter", "kelahiran"),
        _service("cc", "C1", "Akta Kelahiran", "Birth Certificate"),
    ]
    assert [s.code for s in search_services(services, "kelahiran")] == ["cc", "bb"]


def test_empty_query_lists_everything_by_agency_then_name() -> None:
    codes = _codes("")
    assert codes == [
        s.code for s in sorted(SERVICES, key=lambda s: (s.agency, s.name.id.casefold()))
    ]
    assert _codes("  -- ") == codes


def test_index_is_reused_and_fast() -> None:
    many = [
        _service(f"svc-{n}", f"AG{n % 12}", f"Layanan Nomor {n} Kelahiran", f"Service {n}")
        for n in range(200)
    ]
    started = time.perf_counter()
    build_index(many)
    build_seconds = time.perf_counter() - started
    search_services(many, "")  # builds and caches the index
    started = time.perf_counter()
    for typed in ("ke", "kel", "kela", "kelah", "kelahr", "kelahra", "kelahran"):
        assert len(search_services(many, f"layanan {typed}")) == 200
    per_keystroke = (time.perf_counter() - started) / 7
    assert per_keystroke < 0.05, per_keystroke  # a phone is slower; this box is shared
    assert build_seconds < 0.5, build_seconds
