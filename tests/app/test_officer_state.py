"""Unit tests: the back office's state rules — actions per status, receipt texts, filters as
query parameters, page merging, answer labels and revision items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.state.officer import (
    DraftItem,
    Queue,
    QueueFilters,
    actions_for,
    agency_services,
    answer_rows,
    revision_items,
    revision_targets,
    scope_agencies,
    summary_of,
    tracking_from,
    tracking_typed,
)
from contracts.applications import (
    OFFICER_TRANSITIONS,
    RECEIPT_PREFIX,
    ApplicationStatus,
    AttachmentOut,
    OfficerAction,
    OfficerApplicationDetail,
    OfficerApplicationPage,
    OfficerApplicationSummary,
)
from contracts.catalog import (
    Catalog,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    PublicService,
)
from tests.app.test_officer_support import BIRTH_FIELDS, catalog_source

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def summary(
    n: int, status: ApplicationStatus = ApplicationStatus.SUBMITTED
) -> OfficerApplicationSummary:
    return OfficerApplicationSummary(
        id=f"id-{n}",
        tracking_number=f"SP-{n}",
        service_code="kia" if n % 2 else "akta",
        service_name=LocalText(id=f"Layanan {n % 2}", en=f"Service {n % 2}"),
        agency="DUKCAPIL",
        status=status,
        subject_name="Siti",
        submitted_at=NOW,
        updated_at=NOW,
        due_date=date(2026, 12, 5),
        overdue=False,
        version=1,
        citizen_name="Siti",
    )


def detail(**answers: object) -> OfficerApplicationDetail:
    base = summary(1).model_dump()
    return OfficerApplicationDetail(
        **base,
        form_version=1,
        answers=answers,
        prefilled=[],
        attachments=[
            AttachmentOut(
                requirement="surat_lahir",
                document_id="d1",
                type="other",
                media_type="image/jpeg",
                size=10,
            )
        ],
        revision_items=[],
        receipt_qr=RECEIPT_PREFIX + "SP-1",
        updates=[],
        citizen_id="c1",
        citizen_nik_masked="3579********0001",
    )


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_actions_follow_the_workflow_table(status: ApplicationStatus) -> None:
    allowed = {a for a, (sources, _) in OFFICER_TRANSITIONS.items() if status in sources}
    assert set(actions_for(status)) == allowed


def test_actions_come_in_a_fixed_order() -> None:
    assert actions_for(ApplicationStatus.IN_REVIEW) == [
        OfficerAction.APPROVE,
        OfficerAction.REQUEST_REVISION,
        OfficerAction.REJECT,
    ]
    assert actions_for(ApplicationStatus.COMPLETED) == []


def test_receipt_texts() -> None:
    assert tracking_from([RECEIPT_PREFIX + "SP-261128-ABC123"]) == "SP-261128-ABC123"
    assert tracking_from(["https://x.id", f"{RECEIPT_PREFIX} SP-1 "]) == "SP-1"
    assert tracking_from([RECEIPT_PREFIX, "SPP1:SP-1:1234", "SP-1"]) is None
    assert tracking_from([]) is None


def test_filters_become_query_parameters() -> None:
    assert QueueFilters().params() == {}
    filters = QueueFilters(
        ApplicationStatus.IN_REVIEW, "akta", True, date(2026, 11, 1), date(2026, 11, 30)
    )
    assert filters.params() == {
        "status": "in_review",
        "service": "akta",
        "overdue": "true",
        "submitted_from": "2026-11-01",
        "submitted_to": "2026-11-30",
    }


def test_pages_append_without_repeats_and_rows_update_in_place() -> None:
    first = Queue().with_page(
        OfficerApplicationPage(items=[summary(1), summary(2)], next_cursor="c"), False
    )
    both = first.with_page(OfficerApplicationPage(items=[summary(2), summary(3)]), True)
    assert [i.id for i in both.items] == ["id-1", "id-2", "id-3"] and both.next_cursor is None
    fresh = first.with_page(OfficerApplicationPage(items=[summary(3)]), False)
    assert [i.id for i in fresh.items] == ["id-3"]
    changed = both.replaced(summary(2, ApplicationStatus.IN_REVIEW))
    assert [i.status for i in changed.items][1] is ApplicationStatus.IN_REVIEW
    assert summary_of(detail()).id == "id-1"


def test_service_filter_from_the_catalog_else_from_results() -> None:
    source = catalog_source()
    catalog = Catalog(
        revision="r",
        imported_at=NOW,
        agencies=list(source.agencies),
        service_centers=list(source.service_centers),
        services=[PublicService(**s.model_dump(), form_version=1) for s in source.services],
    )
    codes = [c for c, _ in agency_services(catalog, {"DUKCAPIL"}, [], "id")]
    assert codes == ["dukcapil-akta-uji", "dukcapil-kia-uji"]
    assert scope_agencies(catalog, "DUKCAPIL", "MPP-BATU") == {"DUKCAPIL"}
    assert scope_agencies(catalog, None, "MPP-BATU") == {"DUKCAPIL", "SAMSAT"}
    assert scope_agencies(catalog, None, None) == scope_agencies(None, None, "MPP-BATU") == set()
    everything = agency_services(catalog, scope_agencies(catalog, None, "MPP-BATU"), [], "id")
    assert len(everything) == 3
    fallback = agency_services(None, set(), [summary(1), summary(2), summary(3)], "en")
    assert fallback == [("akta", "Service 0"), ("kia", "Service 1")]  # sorted by name


def test_answers_use_the_forms_labels_and_options() -> None:
    form = FormDefinition(
        fields=(
            *BIRTH_FIELDS,
            FormField(
                code="setuju", label=LocalText(id="Setuju", en="Agree"), type=FieldType.CHECKBOX
            ),
        )
    )
    rows = answer_rows(
        {"jenis_kelamin": "perempuan", "setuju": True, "lama": "x", "nama_anak": ""},
        form,
        "id",
        ("Ya", "Tidak"),
        ["setuju"],
    )
    assert [r.code for r in rows if r.prefilled] == ["setuju"]
    assert [(r.code, r.label, r.value) for r in rows] == [
        ("nama_anak", "Nama anak", "—"),
        ("jenis_kelamin", "Jenis kelamin", "Perempuan"),
        ("setuju", "Setuju", "Ya"),
        ("lama", "lama", "x"),
    ]
    assert answer_rows({"a": 1}, None, "id", ("Ya", "Tidak"))[0].label == "a"


def test_revision_targets_and_items() -> None:
    form = FormDefinition(fields=BIRTH_FIELDS)
    targets = revision_targets(detail(nama_anak="A"), form, None, "id")
    assert [k for k, _ in targets] == ["nama_anak", "jenis_kelamin", "req:surat_lahir"]
    fallback = revision_targets(detail(nama_anak="A"), None, None, "id")
    assert fallback == [("nama_anak", "nama_anak"), ("req:surat_lahir", "surat_lahir")]
    draft = [
        DraftItem("req:surat_lahir", "  Foto   buram "),
        DraftItem("nama_anak", "  "),
        DraftItem("", "Lengkapi data"),
    ]
    items = revision_items(draft)
    assert [(i.target, i.message) for i in items] == [
        ("surat_lahir", "Foto buram"),
        (None, "Lengkapi data"),
    ]


def test_typed_or_wedge_scanned_numbers() -> None:
    assert tracking_typed(f"{RECEIPT_PREFIX}SP-261128-ABC123\n") == "SP-261128-ABC123"
    assert tracking_typed(" sp-261128-abc123 ") == "SP-261128-ABC123"
    assert tracking_typed("") is None
    assert tracking_typed("SP 261128") is None
    assert tracking_typed("x" * 21) is None
