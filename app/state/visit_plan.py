"""State layer: one team's day of jemput bola — `VisitPlanStore` (the stored or a fresh plan,
"Susun otomatis" through the server's solver, moving stops up and down and saving that hand
order, the visits that do not fit with their reason) and `plan_lines`, the list the screen
shows (order, time in the plan's zone, leg in km and its compass direction, the way back);
no controls."""

from dataclasses import dataclass
from datetime import date, datetime

from app.services import visit_board_api
from app.services.api import ApiClient
from app.state.store import Note, Store
from app.state.visit_board import VisitBoardStore
from app.state.visit_geo import Point, compass, distance_km
from contracts.visits import DayPlan, PlanStop, TeamOut


@dataclass(frozen=True)
class Leg:
    km: float
    direction: str | None  # a visit_geo.COMPASS word key; None: the same place


@dataclass(frozen=True)
class StopLine:
    """One stop as the list shows it; times are None while a hand order is not saved."""

    n: int
    stop: PlanStop
    leg: Leg
    arrival: datetime | None
    start: datetime | None
    late: bool


@dataclass(frozen=True)
class PlanView:
    lines: tuple[StopLine, ...]
    back: Leg  # from the last stop to the service center
    total_km: float
    returns_at: datetime | None
    saved: bool  # False: a hand order not saved yet (times are the server's to compute)


def _point(stop: PlanStop) -> Point:
    return stop.latitude, stop.longitude


def depot(plan: DayPlan) -> Point:
    return plan.depot_latitude, plan.depot_longitude


def plan_lines(plan: DayPlan, order: tuple[str, ...]) -> PlanView:
    """The stops in `order`. When it is the plan's own order the legs and times are the
    server's; otherwise straight-line legs (the measure the plan uses now) and no times."""
    by_id = {s.visit_id: s for s in plan.stops}
    stops = [by_id[i] for i in order if i in by_id]
    saved = tuple(s.visit_id for s in stops) == tuple(s.visit_id for s in plan.stops)
    lines, here = [], depot(plan)
    for n, stop in enumerate(stops, start=1):
        km = stop.leg_km if saved else distance_km(here, _point(stop))
        leg = Leg(km, compass(here, _point(stop)))
        arrival, start = (stop.arrival, stop.start) if saved else (None, None)
        lines.append(StopLine(n, stop, leg, arrival, start, stop.late and saved))
        here = _point(stop)
    legs = sum(line.leg.km for line in lines)
    back_km = max(plan.total_km - legs, 0.0) if saved else distance_km(here, depot(plan))
    back = Leg(back_km, compass(here, depot(plan)))
    total = plan.total_km if saved else legs + back_km
    return PlanView(tuple(lines), back, total, plan.returns_at if saved else None, saved)


class VisitPlanStore(Store):
    """The day plan open on screen; one per app session. It names citizens and where they
    live: forgotten at sign-out."""

    def __init__(self, api: ApiClient, board: VisitBoardStore) -> None:
        super().__init__()
        self._api, self._board = api, board
        self.team_id = ""
        self.day: date | None = None
        self.team: TeamOut | None = None
        self.plan: DayPlan | None = None
        self.order: tuple[str, ...] = ()  # the stops' order on screen (moved by hand)
        self.planning = False  # the solver is running

    async def open(self, team_id: str, day: date) -> None:
        if (team_id, day) != (self.team_id, self.day):
            self.team_id, self.day, self.plan, self.order = team_id, day, None, ()
            self.team = self._board.team(team_id)
        await self.run(self._read)

    async def refresh(self) -> None:
        await self.run(self._read)

    async def reload(self) -> None:
        await self._read()

    def showing(self, team_id: str, day: date | None) -> bool:
        """Whether the plan held is this team's day (not the one opened before)."""
        return self.plan is not None and (self.team_id, self.day) == (team_id, day)

    async def optimize(self) -> None:
        """ "Susun otomatis": the solver's order, stored on the server."""
        day = self.day
        if day is None:
            return

        async def solve() -> None:
            self._show(await visit_board_api.optimize(self._api, self.team_id, day))
            self.tell_done("visit_plan.optimized")

        self.planning = True
        try:
            await self.run(solve)
        finally:
            self.planning = False

    def move(self, visit_id: str, step: int) -> None:
        """Up (-1) or down (+1) one place; saved with `save_order`."""
        order = list(self.order)
        if visit_id not in order:
            return
        i = order.index(visit_id)
        j = i + step
        if 0 <= j < len(order):
            order[i], order[j] = order[j], order[i]
            self.order = tuple(order)
            self.notice = None

    @property
    def dirty(self) -> bool:
        return self.plan is not None and self.order != tuple(s.visit_id for s in self.plan.stops)

    async def save_order(self) -> None:
        """ "Simpan urutan": the hand order, stored; late stops come back marked."""
        day = self.day
        if day is None:
            return

        async def save() -> None:
            ids = list(self.order)
            self._show(await visit_board_api.save_order(self._api, self.team_id, day, ids))
            self.tell_done("visit_plan.saved")

        await self.run(save)

    def view(self) -> PlanView | None:
        return plan_lines(self.plan, self.order) if self.plan is not None else None

    async def forget(self) -> None:
        await super().forget()
        self.team_id, self.day, self.team, self.plan, self.order = "", None, None, None, ()
        self.planning = False

    def tell_done(self, key: str) -> None:
        late = sum(1 for s in self.plan.stops if s.late) if self.plan else 0
        self.tell(Note(f"{key}_late", {"late": late}) if late else Note(key))

    async def _read(self) -> None:
        day = self.day
        if day is None:
            return
        if self.team is None:
            self.team = next(
                (t for t in await visit_board_api.teams(self._api) if t.id == self.team_id), None
            )
        self._show(await visit_board_api.plan(self._api, self.team_id, day))

    def _show(self, plan: DayPlan) -> None:
        self.plan = plan
        self.order = tuple(s.visit_id for s in plan.stops)
