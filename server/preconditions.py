"""Server layer: If-Match preconditions — the version a client saw, or why it is unusable."""

import re
from typing import Annotated

from fastapi import Header

from server.errors import AppError

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
