"""State layer: the base of every feature store — one guarded-action policy that turns API
errors into state every screen shows the same way (busy, problem, field errors, changed,
notice); plain Python over services, no controls.

A store is built once per app session in `app/main.py`, holds what its screens show as public
attributes (components that read the store re-render when one changes: it is an
`@ft.observable`), and offers async actions. Actions that call the server go through `run`:

- busy while it runs; the last problem and notice are cleared first;
- an expired session: nothing here — the API client's `on_auth_expired` hook has signed out;
- 412 PreconditionFailed: `changed` is set, the problem says so, and the store `reload()`s;
- 422: `fields` maps each field to the server's message (and the problem says so);
- any other ApiError: the problem (the server's own words when it sent them);
- `can_retry` says whether the same request may succeed later (`is_retryable`: no signal,
  timeouts, 5xx — not a 4xx), so screens offer "Coba lagi" only then.
"""

import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.services.errors import (
    ApiError,
    AuthExpiredError,
    PreconditionFailed,
    ValidationFailed,
    is_retryable,
)
from app.state.observable import observable

Action = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class Note:
    """A text for the screen, kept language-free: a catalog key and its params (`named`
    params are catalog keys themselves, e.g. a document type's name), or the server's words."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    named: Mapping[str, str] = field(default_factory=dict)
    text: str | None = None


def problem_of(error: ApiError) -> Note:
    return Note(error.catalog_key, text=error.message)


@observable
class Store:
    """Status every store has; subclasses add their data and actions (see the module doc)."""

    def __init__(self) -> None:
        self.busy = False
        self.problem: Note | None = None
        self.notice: Note | None = None
        self.fields: dict[str, str] = {}
        self.changed = False  # the last action met a 412 and the store reloaded
        self.can_retry = False  # the last failure may succeed if tried again

    async def run(self, action: Action, *, quiet: bool = False) -> bool:
        """Run one server action under the policy; True when it succeeded. `quiet` is for
        background work (thumbnails): no busy flag, earlier problems and notices stay."""
        if not quiet:
            self.problem, self.notice, self.fields = None, None, {}
            self.changed = self.can_retry = False
            self.busy = True
        try:
            await action()
            return True
        except AuthExpiredError:
            return False  # signed out by the client's hook; the guards leave this screen
        except PreconditionFailed as exc:
            self.changed, self.problem = True, problem_of(exc)
            await self._reload_quietly()
        except ValidationFailed as exc:
            self.fields, self.problem = dict(exc.fields), problem_of(exc)
        except ApiError as exc:
            self.problem, self.can_retry = problem_of(exc), is_retryable(exc)
        finally:
            if not quiet:
                self.busy = False
        return False

    def fail(self, note: Note) -> None:
        """A problem found on the device (a file too big, a form error): shown the same way."""
        self.problem, self.notice = note, None

    def tell(self, note: Note) -> None:
        self.notice = note

    async def reload(self) -> None:
        """What is true on the server now; stores whose data can change elsewhere override."""

    async def forget(self) -> None:
        """Sign-out: drop everything personal (stores holding personal data extend this and
        are registered in app/main.py when they are built)."""
        self.busy, self.problem, self.notice, self.fields = False, None, None, {}
        self.changed = self.can_retry = False

    async def _reload_quietly(self) -> None:
        with contextlib.suppress(ApiError):  # the problem already says what happened
            await self.reload()
