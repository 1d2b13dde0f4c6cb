"""Server layer: HTTP helpers every feature shares — entity tags (ETag, If-Match,
If-None-Match), the one cursor codec and the one page shape of keyset-paginated lists."""

import base64
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Header

from server.errors import AppError

T = TypeVar("T")

# ---------------------------------------------------------------- entity tags

IF_MATCH_MAX = 40
# what the OpenAPI document says a client may send (a malformed value answers 400, not 422)
_IF_MATCH_DOC = {"pattern": r'^ *(\*|(W/)?("[0-9]{1,12}"|[0-9]{1,12})) *$'}
IfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=IF_MATCH_MAX, json_schema_extra=_IF_MATCH_DOC)
]
# where a version is required; a request without one answers 428 if_match_required
RequiredIfMatch = Annotated[
    str, Header(alias="If-Match", max_length=IF_MATCH_MAX, json_schema_extra=_IF_MATCH_DOC)
]
# "7", W/"7" or 7: the version the client read in an ETag
_VERSION_TAG = re.compile(r'(?:W/)?(?:"([0-9]{1,12})"|([0-9]{1,12}))')


def etag(version: int) -> str:
    """The strong entity tag of a versioned row: `"7"`."""
    return f'"{version}"'


def expected_version(value: str | None, *, required: bool = False) -> int | None:
    """The version named in If-Match; None means "no check" (absent, or `*` where allowed).

    Call it once the resource was found, so an unknown one answers 404 first. Missing (or `*`)
    where a version is required: 428 if_match_required; not an entity tag of ours: 400
    if_match_invalid — never 412, which says someone else changed the resource."""
    text = (value or "").strip()
    if not text or text == "*":
        if required:
            raise AppError(428, "if_match_required")
        return None
    match = _VERSION_TAG.fullmatch(text)
    if match is None:
        raise AppError(400, "if_match_invalid")
    return int(match.group(1) or match.group(2))


def check_version(
    current: int, if_match: str | None, changed: str, *, required: bool = False
) -> None:
    """After the resource was found: 428/400 for a missing/malformed If-Match, 412 `changed`
    when someone changed it since the client read it."""
    expected = expected_version(if_match, required=required)
    if expected is not None and expected != current:
        raise AppError(412, changed)


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """If-None-Match (weak comparison, `*` matches anything): True means answer 304."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or tag.removeprefix("W/") in tags


# ---------------------------------------------------------------- cursors


def encode_cursor(*values: Any) -> str:
    """An opaque page cursor: the keyset values as URL-safe Base64 JSON, without padding."""
    raw = json.dumps([str(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *parsers: Callable[[str], Any]) -> tuple[Any, ...]:
    """The cursor's values, each read by its parser (e.g. `datetime.fromisoformat, str`);
    422 cursor_invalid for anything a client could have mangled."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise AppError(422, "cursor_invalid") from None
    if not isinstance(values, list) or len(values) != len(parsers):
        raise AppError(422, "cursor_invalid")
    if not all(isinstance(v, str) for v in values):
        raise AppError(422, "cursor_invalid")
    try:
        return tuple(parse(v) for parse, v in zip(parsers, values, strict=True))
    except ValueError:
        raise AppError(422, "cursor_invalid") from None


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset-paginated list: the items and where the next page starts
    (None on the last page). Features turn it into their wire model."""

    items: list[T]
    next_cursor: str | None = None


def keyset_page(rows: Sequence[T], limit: int, cursor_of: Callable[[T], str]) -> Page[T]:
    """`rows` were fetched with `limit + 1`: the extra row only says that more follow; the
    next page starts after the last row shown (`cursor_of(last)`)."""
    items = list(rows[:limit])
    more = len(rows) > limit and bool(items)
    return Page(items, cursor_of(items[-1]) if more else None)
