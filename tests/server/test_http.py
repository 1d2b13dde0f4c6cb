"""Tests of server/http.py: entity tags, the cursor codec and the page shape."""

from datetime import date

import pytest

from server.errors import AppError
from server.http import (
    check_version,
    decode_cursor,
    encode_cursor,
    etag,
    etag_matches,
    expected_version,
    keyset_page,
)


def test_a_cursor_round_trips_through_its_parsers() -> None:
    cursor = encode_cursor(date(2025, 1, 31), "abc")
    assert "=" not in cursor
    assert decode_cursor(cursor, date.fromisoformat, str) == (date(2025, 1, 31), "abc")


@pytest.mark.parametrize(
    "cursor", ["%%%", encode_cursor("a"), encode_cursor("not-a-date", "x"), "WzFd"]
)
def test_a_mangled_cursor_is_422_cursor_invalid(cursor: str) -> None:
    with pytest.raises(AppError) as caught:
        decode_cursor(cursor, date.fromisoformat, str)
    assert (caught.value.status, caught.value.code) == (422, "cursor_invalid")


def test_a_page_names_the_next_cursor_only_when_more_rows_follow() -> None:
    assert keyset_page([1, 2, 3], 2, str).items == [1, 2]
    assert keyset_page([1, 2, 3], 2, str).next_cursor == "2"
    assert keyset_page([1, 2], 2, str).next_cursor is None
    assert keyset_page([], 2, str).next_cursor is None


def test_if_match_reads_our_entity_tags() -> None:
    assert etag(7) == '"7"'
    assert [expected_version(v) for v in ('"7"', 'W/"7"', "7", "*", None)] == [7, 7, 7, None, None]
    for value, status in (("abc", 400), (None, 428)):
        with pytest.raises(AppError) as caught:
            expected_version(value, required=True)
        assert caught.value.status == status
    with pytest.raises(AppError) as caught:
        check_version(8, '"7"', "thing_changed")
    assert (caught.value.status, caught.value.code) == (412, "thing_changed")


def test_if_none_match_compares_weakly() -> None:
    assert etag_matches('W/"r1", "r2"', '"r1"')
    assert etag_matches("*", '"r1"')
    assert not etag_matches('"r2"', '"r1"')
    assert not etag_matches(None, '"r1"')
