"""Tests: the apply form's state without a screen — pre-fill sources, the one-line address,
a family member in place of the citizen, the field order, the check before sending."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.state.apply_form import (
    ApplyInvalid,
    address_line,
    auto_attachments,
    edit_form,
    field_order,
    refill,
    start_form,
    subject_values,
    to_application_in,
)
from contracts.catalog import (
    Channel,
    FieldType,
    FormDefinition,
    FormField,
    LocalText,
    Option,
    PrefillSource,
    PublicService,
    Requirement,
    RequirementKind,
)
from contracts.documents import DocumentOut, DocumentType
from contracts.enums import Sex
from contracts.profile import FamilyMember, Profile, Relationship


def text(value: str) -> LocalText:
    return LocalText(id=value, en=value)


def form_field(code: str, kind: FieldType, **kw: object) -> FormField:
    return FormField.model_validate({"code": code, "label": text(code), "type": kind} | kw)


SERVICE = PublicService(
    code="contoh",
    agency="DUKCAPIL",
    category="population",
    name=text("Contoh"),
    summary=text("Contoh"),
    channels=(Channel.ONLINE,),
    steps=(text("Isi"),),
    days=1,
    product=text("Dokumen"),
    complaint=text("Loket"),
    form_version=3,
    requirements=(
        Requirement(code="kk", kind=RequirementKind.DOCUMENT, label=text("KK"), document_type="kk"),
        Requirement(code="surat", kind=RequirementKind.UPLOAD, label=text("Surat"), required=False),
    ),
    form=FormDefinition(
        fields=(
            form_field("nama", FieldType.TEXT, prefill=PrefillSource.FULL_NAME),
            form_field("lahir", FieldType.DATE, prefill=PrefillSource.BIRTH_DATE),
            form_field(
                "kelamin",
                FieldType.SELECT,
                prefill=PrefillSource.SEX,
                options=(
                    Option(key="laki-laki", label=text("L")),
                    Option(key="perempuan", label=text("P")),
                ),
            ),
            form_field("alamat", FieldType.TEXTAREA, prefill=PrefillSource.ADDRESS),
            form_field("nik", FieldType.NIK, prefill=PrefillSource.NIK),
            form_field("alasan", FieldType.TEXT),
            form_field("setuju", FieldType.CHECKBOX),
            form_field("catatan", FieldType.TEXT, required=False),
        )
    ),
)
PROFILE = Profile(
    nik_masked="3579********0001",
    full_name="Siti Aminah",
    birth_date=date(1990, 1, 1),
    sex=Sex.FEMALE,
    province_code="35",
    regency_code="3579",
    district_code="357901",
    village="Sisir",
    rt="001",
    rw="002",
    postcode="65314",
    phone="+6281234567890",
)
CHILD = FamilyMember(
    id="m1", full_name="Budi", birth_date=date(2015, 3, 4), relationship=Relationship.CHILD
)


def doc(doc_id: str, kind: DocumentType, day: int, superseded: bool = False) -> DocumentOut:
    at = datetime(2026, 1, day, tzinfo=UTC)
    return DocumentOut(
        id=doc_id,
        type=kind,
        media_type="image/jpeg",
        size=1,
        created_at=at,
        superseded_at=at if superseded else None,
        thumbnail_url="/t",
        file_url="/f",
    )


def test_address_is_one_line_from_the_region_names() -> None:
    line = address_line(PROFILE)
    assert line == "Sisir, RT 001/RW 002, Kec. Batu, Kota Batu, Jawa Timur, 65314"
    assert address_line(Profile(nik_masked="x", full_name="A")) is None


def test_prefill_marks_what_came_from_the_profile_and_orders_the_rest_first() -> None:
    form = start_form(SERVICE, subject_values(PROFILE, None), [])
    assert form.values["nama"] == "Siti Aminah"
    assert form.values["lahir"] == "01-01-1990"
    assert form.values["kelamin"] == "perempuan"
    assert form.values["nik"] == "3579********0001"  # shown masked; the server fills it
    assert form.prefilled == {"nama", "lahir", "kelamin", "alamat", "nik"}
    assert form.order[:3] == ("alasan", "setuju", "catatan")
    edited = form.with_value("nama", "Siti A.")
    assert "nama" not in edited.prefilled and edited.typed() == {"nama": "Siti A."}


def test_a_family_member_replaces_name_and_birth_date_but_keeps_typed_values() -> None:
    form = start_form(SERVICE, subject_values(PROFILE, None), [], typed={"alasan": "hilang"})
    theirs = refill(SERVICE, form, subject_values(PROFILE, CHILD), CHILD.id)
    assert theirs.values["nama"] == "Budi" and theirs.values["lahir"] == "04-03-2015"
    assert "kelamin" not in theirs.values  # the citizen's sex is not the child's
    assert theirs.values["alamat"] == form.values["alamat"]
    assert theirs.values["alasan"] == "hilang" and theirs.member_id == "m1"


def test_documents_are_auto_picked_by_type_newest_current_one() -> None:
    wallet = [
        doc("old", DocumentType.KK, 1),
        doc("new", DocumentType.KK, 5),
        doc("gone", DocumentType.KK, 9, superseded=True),
    ]
    assert auto_attachments(SERVICE, wallet) == {"kk": "new"}
    form = start_form(SERVICE, {}, wallet, attachments={"surat": "x"})
    assert form.attachments == {"kk": "new", "surat": "x"} and form.auto_attached == {"kk"}
    assert form.with_attachment("kk", "old").auto_attached == frozenset()


def test_the_check_before_sending_names_every_problem() -> None:
    form = start_form(SERVICE, subject_values(PROFILE, None), [])
    with pytest.raises(ApplyInvalid) as caught:
        to_application_in(SERVICE, form.with_value("lahir", "31-02-1990"))
    assert caught.value.fields == {
        "lahir": "applications.error.form_date",
        "alasan": "applications.error.form_required",
        "setuju": "applications.error.form_required",
        "kk": "applications.error.attachment_required",
    }


def test_a_complete_form_becomes_the_wire_request() -> None:
    form = start_form(SERVICE, subject_values(PROFILE, None), [doc("k", DocumentType.KK, 2)])
    typed: dict[str, str | bool] = {
        "alasan": " hilang  ",
        "setuju": True,
    }
    for code, value in typed.items():
        form = form.with_value(code, value)
    request = to_application_in(SERVICE, form)
    assert request.form_version == 3 and request.family_member_id is None
    assert request.answers["lahir"] == "1990-01-01" and request.answers["alasan"] == "hilang"
    assert request.answers["setuju"] is True and "catatan" not in request.answers
    assert "nik" not in request.answers  # left for the server, which holds the real NIK
    assert request.prefilled == ["alamat", "kelamin", "lahir", "nama", "nik"]
    typed_nik = to_application_in(SERVICE, form.with_value("nik", "3579014101900001"))
    assert typed_nik.answers["nik"] == "3579014101900001" and "nik" not in typed_nik.prefilled
    assert [(a.requirement, a.document_id) for a in request.attachments] == [("kk", "k")]


def test_a_filed_application_opens_for_editing_as_it_was_sent() -> None:
    form = edit_form(SERVICE, {"lahir": "1990-01-01", "setuju": True, "alasan": "x"}, {"kk": "k"})
    assert form.values == {"lahir": "01-01-1990", "setuju": True, "alasan": "x"}
    assert form.prefilled == frozenset() and form.attachments == {"kk": "k"}
    assert field_order(SERVICE, form.values)[0] == "nama"
