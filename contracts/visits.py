"""Contracts layer: jemput bola — home-visit requests, their workflow, the coordinator's board
and day plans, the field officer's offline day (the /api/v1/me/visits and /officer/visit* wire)."""

import datetime as dt
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, Field, model_validator

from contracts.accounts import Phone
from contracts.applications import Actor, Cursor, Id
from contracts.catalog import LocalText
from contracts.identity import Jwk
from contracts.profile import DistrictCode, ShortText
from contracts.text import Incoming

ELDERLY_AGE: Final = 60  # lansia: the reason "elderly" is checked against the birth date
SERVICES_MAX: Final = 5
PREFERRED_MIN: Final = 2  # the citizen offers two or three dates
PREFERRED_MAX: Final = 3
BOOK_AHEAD_DAYS: Final = 60  # preferred dates: from tomorrow up to this many days ahead
DOCUMENTS_MAX: Final = 10
PHOTOS_MAX: Final = 10
NOTE_MAX: Final = 1000
VISIT_NUMBER_PREFIX: Final = "JB-"  # JB-YYMMDD-XXXXXX, read aloud like a tracking number
DEFAULT_VISIT_MINUTES: Final = 30  # a service without its own visit_minutes in the catalog
DEFAULT_DAILY_CAPACITY: Final = 8

LongNote = Annotated[str, Field(min_length=1, max_length=NOTE_MAX)]
ServiceCode = Annotated[str, Field(min_length=2, max_length=64)]
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]  # local time, HH:MM


class VisitReason(StrEnum):
    ELDERLY = "elderly"  # ≥ ELDERLY_AGE on the day of the request
    DISABILITY = "disability"
    SICK = "sick"  # bedridden or sick
    MENTAL_ILLNESS = "mental_illness"  # ODGJ
    REMOTE = "remote"  # remote area
    OTHER = "other"  # reason_note required


class DayWindow(StrEnum):
    """When in the day the citizen can receive the officers (local time of the place)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


# start and end of each window, local time; a window limits when a visit may *start*
WINDOW_HOURS: Final[dict[DayWindow, tuple[str, str]]] = {
    DayWindow.MORNING: ("08:00", "12:00"),
    DayWindow.AFTERNOON: ("13:00", "16:00"),
}


class VisitStatus(StrEnum):
    REQUESTED = "requested"  # on the coordinator's board
    RESCHEDULE_REQUESTED = "reschedule_requested"  # the citizen asked for other dates
    SCHEDULED = "scheduled"  # date, window and team set
    ON_THE_WAY = "on_the_way"
    ARRIVED = "arrived"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"  # with a NotCompletedReason
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in _CLOSED


_CLOSED = frozenset({VisitStatus.COMPLETED, VisitStatus.NOT_COMPLETED, VisitStatus.CANCELLED})


class VisitAction(StrEnum):
    REQUEST = "request"  # the citizen filed it (the first update record)
    SCHEDULE = "schedule"  # coordinator
    RESCHEDULE = "reschedule"  # coordinator moves a scheduled visit (date, window or team)
    ASK_NEW_DATE = "ask_new_date"  # citizen, with new preferred dates
    CANCEL = "cancel"  # citizen (before the officers leave) or coordinator (with a note)
    DEPART = "depart"  # field: on the way
    ARRIVE = "arrive"  # field
    COMPLETE = "complete"  # field
    NOT_COMPLETE = "not_complete"  # field, with a reason


_BEFORE_VISIT = frozenset(
    {VisitStatus.REQUESTED, VisitStatus.RESCHEDULE_REQUESTED, VisitStatus.SCHEDULED}
)

# action → (statuses it may start from, status it leads to); anything else is 409 visit_state
VISIT_TRANSITIONS: Final[dict[VisitAction, tuple[frozenset[VisitStatus], VisitStatus]]] = {
    VisitAction.SCHEDULE: (
        frozenset({VisitStatus.REQUESTED, VisitStatus.RESCHEDULE_REQUESTED}),
        VisitStatus.SCHEDULED,
    ),
    VisitAction.RESCHEDULE: (frozenset({VisitStatus.SCHEDULED}), VisitStatus.SCHEDULED),
    VisitAction.ASK_NEW_DATE: (_BEFORE_VISIT, VisitStatus.RESCHEDULE_REQUESTED),
    VisitAction.CANCEL: (_BEFORE_VISIT, VisitStatus.CANCELLED),
    VisitAction.DEPART: (frozenset({VisitStatus.SCHEDULED}), VisitStatus.ON_THE_WAY),
    VisitAction.ARRIVE: (
        frozenset({VisitStatus.SCHEDULED, VisitStatus.ON_THE_WAY}),
        VisitStatus.ARRIVED,
    ),
    VisitAction.COMPLETE: (frozenset({VisitStatus.ARRIVED}), VisitStatus.COMPLETED),
    VisitAction.NOT_COMPLETE: (
        frozenset({VisitStatus.SCHEDULED, VisitStatus.ON_THE_WAY, VisitStatus.ARRIVED}),
        VisitStatus.NOT_COMPLETED,
    ),
}
CITIZEN_ACTIONS: Final = frozenset({VisitAction.ASK_NEW_DATE, VisitAction.CANCEL})
COORDINATOR_ACTIONS: Final = frozenset(
    {VisitAction.SCHEDULE, VisitAction.RESCHEDULE, VisitAction.CANCEL}
)
FIELD_ACTIONS: Final = frozenset(
    {VisitAction.DEPART, VisitAction.ARRIVE, VisitAction.COMPLETE, VisitAction.NOT_COMPLETE}
)


def next_status(action: VisitAction, current: VisitStatus) -> VisitStatus | None:
    """The status `action` leads to from `current`, or None when it is not allowed."""
    starts, to = VISIT_TRANSITIONS.get(action, (frozenset(), current))
    return to if current in starts else None


class NotCompletedReason(StrEnum):
    NOT_HOME = "not_home"  # nobody at home
    ADDRESS_NOT_FOUND = "address_not_found"
    REFUSED = "refused"
    DOCUMENTS_MISSING = "documents_missing"
    UNWELL = "unwell"  # the citizen could not be served today (health)
    EQUIPMENT = "equipment"  # recording equipment or network failed
    OTHER = "other"  # note required


class UnplannedReason(StrEnum):
    """Why a scheduled visit is not in the day's route (the coordinator moves or reorders it)."""

    NO_POSITION = "no_position"  # no map position: set one on the board
    OUT_OF_REACH = "out_of_reach"  # cannot be reached within its window and the team's hours
    DAY_FULL = "day_full"  # the day's hours ran out before it


# ---------------------------------------------------------------- citizen: request


class PreferredDate(Incoming):
    date: date
    window: DayWindow


class VisitLocationIn(Incoming):
    """Where the officers go. The district (pre-filled from the profile) picks the service
    center; the position (flet-geolocator, when the citizen allows it) puts it on the route.
    Without a position the coordinator sets the pin before the day is planned."""

    district_code: DistrictCode
    village: ShortText | None = None
    street: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    landmark: Annotated[str, Field(min_length=1, max_length=300)] | None = None  # patokan
    latitude: float | None = Field(default=None, ge=-11.5, le=6.5)
    longitude: float | None = Field(default=None, ge=94.5, le=141.5)
    accuracy_m: float | None = Field(default=None, ge=0, le=100_000)

    @model_validator(mode="after")
    def _both_or_neither(self) -> "VisitLocationIn":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude come together")
        return self


class VisitRequestIn(Incoming):
    """POST /me/visits (header Idempotency-Key required). Refusals (422): visit_service_invalid
    (a service not offered by jemput bola), visit_not_elderly, visit_reason_note (reason other
    without a note), visit_dates (fewer than two distinct dates, past, too far, a holiday or a
    day the center is closed), visit_area_not_served (no service center for the district),
    document_not_found (a document that is not the citizen's)."""

    family_member_id: Id | None = None
    service_codes: list[ServiceCode] = Field(min_length=1, max_length=SERVICES_MAX)
    reason: VisitReason
    reason_note: LongNote | None = None
    document_ids: list[Id] = Field(default_factory=list, max_length=DOCUMENTS_MAX)
    location: VisitLocationIn
    preferred: list[PreferredDate] = Field(min_length=PREFERRED_MIN, max_length=PREFERRED_MAX)
    contact_phone: Phone
    notes: LongNote | None = None


class CancelIn(Incoming):
    """POST /me/visits/{id}/cancel (If-Match); the coordinator's cancel needs the note."""

    note: LongNote | None = None


class AskNewDateIn(Incoming):
    """POST /me/visits/{id}/reschedule (If-Match): new preferred dates, back to the board."""

    preferred: list[PreferredDate] = Field(min_length=PREFERRED_MIN, max_length=PREFERRED_MAX)
    note: LongNote | None = None


# ---------------------------------------------------------------- citizen: follow


class VisitOfficer(BaseModel):
    """An officer of the assigned team, as the citizen's door check needs it: `subject` is
    the pseudonymous subject of their officer card QR (not an account id)."""

    name: str
    subject: str


class VisitTeamOut(BaseModel):
    id: str
    name: str
    officers: list[VisitOfficer]


class VisitServiceOut(BaseModel):
    code: str
    name: LocalText
    done: bool | None = None  # set when the visit ends
    application_id: str | None = None  # filed on the citizen's behalf at the visit
    tracking_number: str | None = None


class VisitUpdateOut(BaseModel):
    """One timeline entry (Riwayat): every change, with who and why."""

    id: str
    at: datetime  # when the server recorded it
    occurred_at: datetime | None = None  # when it happened in the field (offline: earlier)
    action: VisitAction
    from_status: VisitStatus | None
    status: VisitStatus
    actor: Actor
    actor_name: str | None = None
    note: str | None = None
    reason: NotCompletedReason | None = None
    date: dt.date | None = None  # schedule / reschedule (dt.: the field shadows the type)
    window: DayWindow | None = None
    preferred: list[PreferredDate] = Field(default_factory=list)  # request / ask_new_date


class VisitLocationOut(BaseModel):
    district_code: str
    village: str | None = None
    street: str | None = None
    landmark: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class VisitSummary(BaseModel):
    id: str
    number: str  # JB-YYMMDD-XXXXXX
    subject_name: str  # the citizen or the family member visited
    status: VisitStatus
    services: list[VisitServiceOut]
    scheduled_date: date | None = None
    window: DayWindow | None = None
    requested_at: datetime
    updated_at: datetime
    version: int


class VisitDetail(VisitSummary):
    """GET /me/visits/{id}; ETag = version (If-Match on cancel / reschedule)."""

    family_member_id: str | None = None
    reason: VisitReason
    reason_note: str | None = None
    location: VisitLocationOut
    preferred: list[PreferredDate]
    contact_phone: str
    notes: str | None = None
    document_ids: list[str] = Field(default_factory=list)
    service_center_code: str
    zone: str  # IANA zone of the service center: times are shown in it (WIB/WITA/WIT)
    team: VisitTeamOut | None = None  # once scheduled: who may knock on the door
    planned_arrival: datetime | None = None  # once the day is planned
    not_completed_reason: NotCompletedReason | None = None
    bring: list[LocalText] = Field(default_factory=list)  # what to show at the door
    photo_ids: list[str] = Field(default_factory=list)
    updates: list[VisitUpdateOut]


class VisitPage(BaseModel):
    """GET /me/visits (newest first) and the coordinator's board."""

    items: list[VisitSummary]
    next_cursor: Cursor | None = None


# ---------------------------------------------------------------- coordinator


class TeamMember(BaseModel):
    id: str
    name: str


class TeamOut(BaseModel):
    """GET /officer/visit-teams: the teams of the coordinator's center (field: their own)."""

    id: str
    name: str
    service_center_code: str
    daily_capacity: int
    shift_start: str  # HH:MM local
    shift_end: str
    members: list[TeamMember]


class TeamDayLoad(BaseModel):
    """How full a team's day is (the board shows it next to each team)."""

    team_id: str
    date: date
    booked: int
    capacity: int


class BoardRow(VisitSummary):
    reason: VisitReason
    age: int | None = None  # of the person visited, in years
    district_code: str
    village: str | None = None
    preferred: list[PreferredDate]
    team_id: str | None = None
    has_position: bool


class BoardPage(BaseModel):
    """GET /officer/visits?status=&district=&reason=&min_age=&date=&team=&cursor= (coordinator:
    their center and, when set, their districts; field: their teams' visits)."""

    items: list[BoardRow]
    next_cursor: Cursor | None = None
    loads: list[TeamDayLoad] = Field(default_factory=list)  # for the dates on this page


class ScheduleIn(Incoming):
    """POST /officer/visits/{id}/schedule (If-Match). Schedules or reschedules; refusals:
    409 team_day_full (the team's daily capacity is reached: nothing changed), 422 visit_dates
    (past, holiday or closed day), 404 for a team of another center."""

    team_id: Id
    date: date
    window: DayWindow
    note: LongNote | None = None


class PositionIn(Incoming):
    """PUT /officer/visits/{id}/position: the coordinator places the pin by hand."""

    latitude: float = Field(ge=-11.5, le=6.5)
    longitude: float = Field(ge=94.5, le=141.5)


class OfficerVisitDetail(VisitDetail):
    """GET /officer/visits/{id} (access-logged, purpose home_visit)."""

    citizen_name: str  # the account holder who asked (may differ from subject_name)
    subject_birth_date: date | None = None
    subject_nik_masked: str | None = None
    subject_identity: str | None = None  # identity subject: their QR's subject (door check)


# ---------------------------------------------------------------- day plan


class PlanStop(BaseModel):
    visit_id: str
    number: str
    subject_name: str
    window: DayWindow
    latitude: float
    longitude: float
    village: str | None = None
    landmark: str | None = None
    arrival: datetime  # aware; shown in the plan's zone
    start: datetime  # service start (arrival + any wait for the window)
    end: datetime
    leg_km: float  # from the previous stop (or the service center)
    late: bool = False  # a hand-made order that misses the window or the shift


class UnplannedVisit(BaseModel):
    visit_id: str
    number: str
    reason: UnplannedReason


class DayPlan(BaseModel):
    """GET /officer/visit-plans/{team_id}/{date} (the stored order, or a fresh one);
    POST .../optimize (the solver's order, stored); PUT ... with PlanOrderIn (by hand)."""

    team_id: str
    date: date
    zone: str
    depot_name: str
    depot_latitude: float
    depot_longitude: float
    leaves_at: datetime | None = None
    returns_at: datetime | None = None
    stops: list[PlanStop]
    unplanned: list[UnplannedVisit] = Field(default_factory=list)
    total_km: float
    solver: str  # "vroom", "manual"
    distances: str  # "straight_line" (a road-distance matrix can replace it later)


class PlanOrderIn(Incoming):
    visit_ids: list[Id] = Field(max_length=100)


# ---------------------------------------------------------------- field officer


class FieldService(BaseModel):
    code: str
    name: LocalText
    checklist: list[LocalText]  # the service's steps and requirements to check at the door
    bring: list[LocalText]  # what the officers bring (forms, recording kit)
    form_version: int | None = None  # set when the application can be filed on the spot


class FieldSubject(BaseModel):
    """The person visited, as much as the visit needs (downloaded: access-logged)."""

    name: str
    nik_masked: str | None = None
    birth_date: date | None = None
    identity_subject: str | None = None  # matches their QR's subject when they show it


class FieldVisit(BaseModel):
    id: str
    number: str
    version: int
    status: VisitStatus
    reason: VisitReason
    subject: FieldSubject
    contact_phone: str
    location: VisitLocationOut
    notes: str | None = None
    services: list[FieldService]


class FieldDay(BaseModel):
    """GET /officer/field-day?date= : everything the team needs offline for one day."""

    date: date
    zone: str
    team: TeamOut
    plan: DayPlan
    visits: list[FieldVisit]
    keys: list[Jwk]  # identity keys: citizens' QR codes are checked offline
    downloaded_at: datetime
    valid_until: datetime  # end of the day in the zone: the device wipes it then


class ServiceOutcome(Incoming):
    code: ServiceCode
    done: bool
    note: LongNote | None = None


class FieldActionIn(Incoming):
    """POST /officer/visits/{id}/actions (Idempotency-Key required; queued offline and sent
    exactly once, in order). `occurred_at` is when it happened in the field."""

    action: VisitAction  # depart, arrive, complete, not_complete
    occurred_at: datetime
    note: LongNote | None = None
    reason: NotCompletedReason | None = None  # not_complete
    services: list[ServiceOutcome] = Field(default_factory=list, max_length=SERVICES_MAX)
    photo_ids: list[Id] = Field(default_factory=list, max_length=PHOTOS_MAX)
    citizen_verified: bool = False  # the citizen's QR was checked offline at the door
