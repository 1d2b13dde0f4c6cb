"""Server layer: /api/v1/officer/visit-plans/{team_id}/{date} — a team's day plan: read it
(coordinator of the team's center, or a member of the team), let the solver order it, or
order it by hand (coordinator)."""

from datetime import date

from fastapi import APIRouter, Depends

from contracts.visits import DayPlan, PlanOrderIn
from server.deps import CurrentOfficer, Db
from server.errors import error_responses
from server.visits import plans
from server.visits.service import changed_meanwhile

PLAN = "/officer/visit-plans/{team_id}/{day}"

router = APIRouter(
    tags=["officer visits"],
    responses=error_responses(401, 403, 404, 422),
    dependencies=[Depends(changed_meanwhile)],
)


@router.get(PLAN, response_model=DayPlan)
async def read_plan(team_id: str, day: date, officer: CurrentOfficer, db: Db) -> DayPlan:
    """The stored order while it is still the day's (a visit scheduled into the day since
    makes it stale), else a fresh solve that is not stored. Access-logged per citizen."""
    plan = await plans.read(db, officer, team_id, day)
    await db.commit()  # the access-log rows and the read succeed together
    return plan


@router.post(PLAN + "/optimize", response_model=DayPlan, responses=error_responses(412))
async def optimize_plan(team_id: str, day: date, officer: CurrentOfficer, db: Db) -> DayPlan:
    """Coordinator: the solver's order (VROOM), stored on the visits; visits that do not fit
    come back in `unplanned` with the reason."""
    plan = await plans.optimize(db, officer, team_id, day)
    await db.commit()
    return plan


@router.put(PLAN, response_model=DayPlan, responses=error_responses(412))
async def order_plan(
    team_id: str, day: date, req: PlanOrderIn, officer: CurrentOfficer, db: Db
) -> DayPlan:
    """Coordinator: the order by hand, timed and stored as given; `late` marks a visit that
    starts after its window or ends the day past the team's hours."""
    plan = await plans.reorder(db, officer, team_id, day, req.visit_ids)
    await db.commit()
    return plan
