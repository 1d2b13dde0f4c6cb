"""Services layer: the coordinator's jemput bola wire (/api/v1/officer/visit-teams, /visits,
/visit-plans): the board with its filters and team-day loads, scheduling and cancelling with
If-Match, the map pin, and the day plans (read, optimize, save a hand order); no flet."""

from collections.abc import Mapping
from datetime import date
from urllib.parse import quote

from pydantic import TypeAdapter

from app.services.api import API, ApiClient
from contracts.visits import (
    BoardPage,
    CancelIn,
    DayPlan,
    OfficerVisitDetail,
    PlanOrderIn,
    PositionIn,
    ScheduleIn,
    TeamOut,
)

TEAMS = f"{API}/officer/visit-teams"
VISITS = f"{API}/officer/visits"
PLANS = f"{API}/officer/visit-plans"
PAGE_SIZE = 20
_TEAMS = TypeAdapter(list[TeamOut])


def _if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


async def teams(api: ApiClient) -> list[TeamOut]:
    """The teams of the coordinator's service center."""
    response = await api.call_raw("GET", TEAMS)
    return _TEAMS.validate_python(response.json())


async def board(
    api: ApiClient, params: Mapping[str, str], cursor: str | None = None, limit: int | None = None
) -> BoardPage:
    """One page of the board; `params` are the filters (status, district, reason, min_age,
    date, team). The page carries the team-day loads of the dates it shows."""
    sent: dict[str, str | int] = {**params, "limit": limit or PAGE_SIZE}
    if cursor:
        sent["cursor"] = cursor
    return await api.call("GET", VISITS, BoardPage, params=sent)


async def get(api: ApiClient, visit_id: str) -> OfficerVisitDetail:
    """One visit (written to the citizen's access log, purpose home_visit)."""
    return await api.call("GET", f"{VISITS}/{quote(visit_id)}", OfficerVisitDetail)


async def schedule(
    api: ApiClient, visit_id: str, body: ScheduleIn, version: int
) -> OfficerVisitDetail:
    """Schedule or reschedule; 409 team_day_full when the team's day is full, 412 when the
    visit changed since `version`."""
    path = f"{VISITS}/{quote(visit_id)}/schedule"
    json = body.model_dump(mode="json", exclude_none=True)
    return await api.call("POST", path, OfficerVisitDetail, json=json, headers=_if_match(version))


async def cancel(api: ApiClient, visit_id: str, body: CancelIn, version: int) -> OfficerVisitDetail:
    path = f"{VISITS}/{quote(visit_id)}/cancel"
    json = body.model_dump(mode="json", exclude_none=True)
    return await api.call("POST", path, OfficerVisitDetail, json=json, headers=_if_match(version))


async def set_position(api: ApiClient, visit_id: str, body: PositionIn) -> OfficerVisitDetail:
    path = f"{VISITS}/{quote(visit_id)}/position"
    return await api.call("PUT", path, OfficerVisitDetail, json=body.model_dump(mode="json"))


def _plan_path(team_id: str, day: date) -> str:
    return f"{PLANS}/{quote(team_id)}/{day.isoformat()}"


async def plan(api: ApiClient, team_id: str, day: date) -> DayPlan:
    """The stored order of a team's day, or a fresh one."""
    return await api.call("GET", _plan_path(team_id, day), DayPlan)


async def optimize(api: ApiClient, team_id: str, day: date) -> DayPlan:
    """The solver's order (stored on the server)."""
    return await api.call("POST", f"{_plan_path(team_id, day)}/optimize", DayPlan)


async def save_order(api: ApiClient, team_id: str, day: date, visit_ids: list[str]) -> DayPlan:
    """A hand-made order, stored; stops that miss their window or the shift come back late."""
    body = PlanOrderIn(visit_ids=visit_ids).model_dump(mode="json")
    return await api.call("PUT", _plan_path(team_id, day), DayPlan, json=body)
