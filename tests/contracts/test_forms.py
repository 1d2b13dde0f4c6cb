"""Tests: a form answer of the wrong JSON type is that field's error (`form_type`) for every
field type and every JSON type — never a crash (a list for a select field was a TypeError)."""

from typing import Any

import pytest

from contracts.catalog import FieldType, FormDefinition, FormField, LocalText, Option
from contracts.forms import AnswersInvalid, clean_answers

# Every JSON type a client can send (null is "not answered", tested apart).
JSON_VALUES: dict[str, Any] = {
    "string": "pekerjaan",
    "integer": 7,
    "float": 2.5,
    "true": True,
    "false": False,
    "string list": ["pekerjaan"],
    "number list": [1, 2],
    "empty list": [],
    "object": {"key": "pekerjaan"},
    "empty object": {},
    "nested": [{"a": [1]}],
}
# Which of them each field type takes; everything else must be `form_type`.
ACCEPTED: dict[FieldType, set[str]] = {
    FieldType.TEXT: {"string"},
    FieldType.TEXTAREA: {"string"},
    FieldType.NUMBER: {"string", "integer", "float"},
    FieldType.DATE: {"string"},
    FieldType.SELECT: {"string"},
    FieldType.CHECKBOX: {"true", "false"},
    FieldType.PHONE: {"string"},
    FieldType.EMAIL: {"string"},
    FieldType.NIK: {"string"},
}


def field_of(kind: FieldType, required: bool = False) -> FormField:
    options = (Option(key="pekerjaan", label=LocalText(id="Kerja", en="Work")),)
    return FormField(
        code="isian",
        label=LocalText(id="F", en="F"),
        type=kind,
        required=required,
        options=options if kind is FieldType.SELECT else (),
    )


def test_the_table_covers_every_field_type() -> None:
    assert set(ACCEPTED) == set(FieldType)


WRONG = [
    pytest.param(kind, name, id=f"{kind.value}-{name}")
    for kind in FieldType
    for name in JSON_VALUES
    if name not in ACCEPTED[kind] and not (name == "false" and kind is FieldType.CHECKBOX)
]


@pytest.mark.parametrize(("kind", "name"), WRONG)
@pytest.mark.parametrize("required", [True, False])
def test_a_wrong_json_type_is_the_fields_form_type(
    kind: FieldType, name: str, required: bool
) -> None:
    form = FormDefinition(fields=(field_of(kind, required),))
    with pytest.raises(AnswersInvalid) as bad:
        clean_answers(form, {"isian": JSON_VALUES[name]})
    assert bad.value.errors == {"isian": "form_type"}


@pytest.mark.parametrize("kind", list(FieldType))
def test_null_is_not_answered(kind: FieldType) -> None:
    assert clean_answers(FormDefinition(fields=(field_of(kind),)), {"isian": None}) == {}
    with pytest.raises(AnswersInvalid) as bad:
        clean_answers(FormDefinition(fields=(field_of(kind, True),)), {"isian": None})
    assert bad.value.errors == {"isian": "form_required"}


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), float("-inf"), "inf", "NaN", "1e400", "1" * 400]
)
def test_a_number_must_be_finite(value: Any) -> None:
    form = FormDefinition(fields=(field_of(FieldType.NUMBER),))
    with pytest.raises(AnswersInvalid) as bad:
        clean_answers(form, {"isian": value})
    assert bad.value.errors == {"isian": "form_number"}


def test_a_long_integer_is_kept_exactly() -> None:
    form = FormDefinition(fields=(field_of(FieldType.NUMBER),))
    assert clean_answers(form, {"isian": 10**400}) == {"isian": 10**400}
    assert clean_answers(form, {"isian": "2,5"}) == {"isian": 2.5}
    assert clean_answers(form, {"isian": 3.0}) == {"isian": 3}


@pytest.mark.parametrize("kind", [FieldType.SELECT, FieldType.EMAIL, FieldType.PHONE])
def test_control_characters_in_any_string_answer(kind: FieldType) -> None:
    form = FormDefinition(fields=(field_of(kind),))
    with pytest.raises(AnswersInvalid) as bad:
        clean_answers(form, {"isian": "pekerjaan\u0000"})
    assert bad.value.errors == {"isian": "form_text"}
