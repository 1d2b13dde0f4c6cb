"""Server layer (pure): plans jemput bola days — one team's route, or a district's teams at once
— with VROOM (pyvroom: vehicle routing with time windows), and times a hand-made order.

Plain dataclasses in and out; times are seconds of the local day (08:00 = 28800). A window
limits when a visit may *start* (the officers may stay past its end), every route starts and
ends at the team's service center within the team's working hours, and a team makes at most
its daily capacity of visits. No database, no wire models: the plans module maps both sides."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any, Final

from contracts.visits import DEFAULT_VISIT_MINUTES, WINDOW_HOURS, DayWindow, UnplannedReason
from server.visits.distances import DistanceSource, Matrix, Point, StraightLine

# Measured (docs/benchmarks.md, "Jemput bola route planning"): exploration level 5 found the
# shortest tour on all 40 generated 8- and 12-stop days (with windows, on 1 of 20 8-stop days
# it placed one visit fewer than fit). A route of 30 visits takes 100-250 ms at
# level 5 on 2 cores but 20-70 ms at level 2 (tours 0.05-0.9 % longer), so longer routes use 2.
# A district day (200 visits, 10 teams) at level 5 takes ~17 s, so the fleet uses level 2
# under a time limit (at least as many visits placed as level 5 given the same 1.5 s).
SMALL_DAY_EXPLORATION: Final = 5
LONG_DAY_EXPLORATION: Final = 2
SMALL_DAY: Final = 16  # visits a route can hold, up to which level 5 is used
DAY_TIMEOUT: Final = timedelta(seconds=2)  # a safety net only; a team's day takes milliseconds
FLEET_EXPLORATION: Final = 2
FLEET_TIMEOUT: Final = timedelta(seconds=1.5)
THREADS: Final = 2
STRAIGHT_LINE: Final = StraightLine()


def clock_seconds(hhmm: str) -> int:
    """'08:30' → 30600."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 3600 + int(minutes) * 60


WINDOW_SECONDS: Final = {
    window: (clock_seconds(start), clock_seconds(end))
    for window, (start, end) in WINDOW_HOURS.items()
}
ANY_TIME: Final = (0, 2 * 86_400)  # a stop without a window: whenever the team's hours allow


def service_seconds(visit_minutes: Iterable[int | None]) -> int:
    """A visit's length: the sum of its services' visit_minutes (a service without one counts
    DEFAULT_VISIT_MINUTES; a visit without services too)."""
    minutes = [DEFAULT_VISIT_MINUTES if m is None else m for m in visit_minutes]
    return 60 * (sum(minutes) if minutes else DEFAULT_VISIT_MINUTES)


@dataclass(frozen=True)
class Stop:
    id: str
    window: DayWindow | None  # None: any time (scheduled visits always have one)
    position: Point | None
    service_s: int = DEFAULT_VISIT_MINUTES * 60

    @property
    def opens_closes(self) -> tuple[int, int]:
        """When the visit may start (seconds of the day)."""
        return ANY_TIME if self.window is None else WINDOW_SECONDS[self.window]


@dataclass(frozen=True)
class Team:
    id: str
    depot: Point  # the service center: start and end of the day
    shift_start: int
    shift_end: int
    capacity: int  # visits per day


@dataclass(frozen=True)
class PlannedStop:
    stop_id: str
    arrival: int
    start: int  # arrival + any wait for the window
    end: int
    leg_m: int  # from the previous stop or the service center
    late: bool = False  # (hand orders) starts after its window or ends the day past the shift


@dataclass(frozen=True)
class Route:
    team_id: str
    stops: tuple[PlannedStop, ...]
    leaves_at: int | None
    returns_at: int | None
    total_m: int  # including the way back

    @property
    def late(self) -> bool:
        return any(stop.late for stop in self.stops)


@dataclass(frozen=True)
class Unplanned:
    stop_id: str
    reason: UnplannedReason


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]  # one per team, in the teams' order
    unplanned: tuple[Unplanned, ...]

    @property
    def route(self) -> Route:
        """The only route of a one-team plan."""
        return self.routes[0]


# ---------------------------------------------------------------- the places and their matrix


@dataclass(frozen=True)
class _Places:
    """Matrix indices: each distinct depot once, then every positioned stop."""

    depot_index: dict[Point, int]
    stop_index: dict[str, int]
    matrix: Matrix

    def seconds(self, a: int, b: int) -> int:
        return self.matrix.seconds[a][b]

    def metres(self, a: int, b: int) -> int:
        return self.matrix.metres[a][b]


def _places(teams: Sequence[Team], stops: Sequence[Stop], source: DistanceSource) -> _Places:
    depots = list(dict.fromkeys(team.depot for team in teams))
    located = [stop for stop in stops if stop.position is not None]
    points = depots + [stop.position for stop in located if stop.position is not None]
    return _Places(
        {depot: i for i, depot in enumerate(depots)},
        {stop.id: len(depots) + i for i, stop in enumerate(located)},
        source.matrix(points),
    )


def _reachable(team: Team, stop: Stop, places: _Places) -> bool:
    """Could the team visit this stop alone: out, start within the window, back by shift end?"""
    depot, here = places.depot_index[team.depot], places.stop_index[stop.id]
    opens, closes = stop.opens_closes
    start = max(team.shift_start + places.seconds(depot, here), opens)
    return (
        start <= closes and start + stop.service_s + places.seconds(here, depot) <= team.shift_end
    )


def _sort_out(
    teams: Sequence[Team], stops: Sequence[Stop], places: _Places
) -> tuple[list[Stop], list[Unplanned]]:
    """The stops worth giving the solver, and the ones no team can ever make."""
    kept: list[Stop] = []
    dropped: list[Unplanned] = []
    for stop in stops:
        if stop.position is None:
            dropped.append(Unplanned(stop.id, UnplannedReason.NO_POSITION))
        elif not any(_reachable(team, stop, places) for team in teams):
            dropped.append(Unplanned(stop.id, UnplannedReason.OUT_OF_REACH))
        else:
            kept.append(stop)
    return kept, dropped


# ---------------------------------------------------------------- the solver


def _vroom_input(teams: Sequence[Team], stops: Sequence[Stop], places: _Places) -> Any:
    import vroom  # imported on first plan: it pulls in pandas (~0.75 s), not needed at startup

    problem = vroom.Input()
    problem.set_durations_matrix("car", places.matrix.seconds)
    for number, team in enumerate(teams):
        depot = places.depot_index[team.depot]
        window = vroom.TimeWindow(team.shift_start, team.shift_end)
        problem.add_vehicle(
            vroom.Vehicle(
                number, start=depot, end=depot, capacity=[team.capacity], time_window=window
            )
        )
    for number, stop in enumerate(stops):
        opens, closes = stop.opens_closes
        problem.add_job(
            vroom.Job(
                number,
                location=places.stop_index[stop.id],
                default_service=stop.service_s,
                delivery=[1],
                time_windows=[vroom.TimeWindow(opens, closes)],
            )
        )
    return problem


def _route_from_steps(
    team: Team, steps: list[dict[str, Any]], stops: Sequence[Stop], places: _Places
) -> Route:
    planned: list[PlannedStop] = []
    previous = places.depot_index[team.depot]
    for step in steps:
        if step["type"] != "job":
            continue
        here = int(step["location_index"])
        start = int(step["arrival"]) + int(step["waiting_time"])
        planned.append(
            PlannedStop(
                stops[int(step["id"])].id,
                int(step["arrival"]),
                start,
                start + int(step["service"]),
                places.metres(previous, here),
            )
        )
        previous = here
    back = places.metres(previous, places.depot_index[team.depot])
    total = sum(stop.leg_m for stop in planned) + back
    return Route(
        team.id, tuple(planned), int(steps[0]["arrival"]), int(steps[-1]["arrival"]), total
    )


def _empty_route(team: Team) -> Route:
    return Route(team.id, (), None, None, 0)


def _solve(
    teams: Sequence[Team],
    stops: Sequence[Stop],
    places: _Places,
    exploration: int,
    timeout: timedelta,
) -> tuple[list[Route], list[Unplanned]]:
    if not stops or not teams:
        return [_empty_route(team) for team in teams], [
            Unplanned(stop.id, UnplannedReason.DAY_FULL) for stop in stops
        ]
    answer = _vroom_input(teams, stops, places).solve(
        exploration_level=exploration, nb_threads=THREADS, timeout=timeout
    )
    found = answer.to_dict()
    by_vehicle = {int(route["vehicle"]): route["steps"] for route in found["routes"]}
    routes = [
        _route_from_steps(team, by_vehicle[n], stops, places) if n in by_vehicle
        else _empty_route(team)
        for n, team in enumerate(teams)
    ]  # fmt: skip
    left = [
        Unplanned(stops[int(job["id"])].id, UnplannedReason.DAY_FULL) for job in found["unassigned"]
    ]
    return routes, left


def _plan(
    teams: Sequence[Team],
    stops: Sequence[Stop],
    source: DistanceSource,
    exploration: int,
    timeout: timedelta,
) -> Plan:
    places = _places(teams, stops, source)
    kept, dropped = _sort_out(teams, stops, places)
    routes, left = _solve(teams, kept, places, exploration, timeout)
    order = {stop.id: i for i, stop in enumerate(stops)}
    unplanned = sorted(dropped + left, key=lambda u: order[u.stop_id])
    return Plan(tuple(routes), tuple(unplanned))


def plan_day(team: Team, stops: Sequence[Stop], source: DistanceSource = STRAIGHT_LINE) -> Plan:
    """One team's day: the solver's order, and the stops that do not fit with the reason."""
    small = min(len(stops), team.capacity) <= SMALL_DAY
    level = SMALL_DAY_EXPLORATION if small else LONG_DAY_EXPLORATION
    return _plan([team], stops, source, level, DAY_TIMEOUT)


def plan_fleet(
    teams: Sequence[Team],
    stops: Sequence[Stop],
    source: DistanceSource = STRAIGHT_LINE,
    timeout: timedelta = FLEET_TIMEOUT,
) -> Plan:
    """A district's day: the stops shared out over several teams (each with its own service
    center, hours and capacity), within a time limit."""
    return _plan(teams, stops, source, FLEET_EXPLORATION, timeout)


# ---------------------------------------------------------------- a hand-made order


def _leave_at(team: Team, first: Stop, places: _Places) -> int:
    """Like the solver: leave no earlier than needed to reach the first window's opening."""
    opens = first.opens_closes[0]
    travel = places.seconds(places.depot_index[team.depot], places.stop_index[first.id])
    return max(team.shift_start, opens - travel)


def _timed(team: Team, order: Sequence[Stop], places: _Places, clock: int) -> list[PlannedStop]:
    timed: list[PlannedStop] = []
    previous = places.depot_index[team.depot]
    for stop in order:
        here = places.stop_index[stop.id]
        arrival = clock + places.seconds(previous, here)
        opens, closes = stop.opens_closes
        start = max(arrival, opens)
        clock = start + stop.service_s
        late = start > closes or clock > team.shift_end
        timed.append(
            PlannedStop(stop.id, arrival, start, clock, places.metres(previous, here), late)
        )
        previous = here
    return timed


def evaluate(
    team: Team,
    order: Sequence[Stop],
    source: DistanceSource = STRAIGHT_LINE,
    left_out: Sequence[Stop] = (),
) -> Plan:
    """Times for the stops in exactly this order (no solver): waits for windows that have not
    opened; `late` marks a stop that starts after its window closes or ends past the shift,
    and the last stop when the way back misses the shift end. Stops without a position are
    set aside (no_position); the day's `left_out` stops get their reason too (no_position,
    out_of_reach, or day_full: the order had no room for them)."""
    places = _places([team], [*order, *left_out], source)
    located = [stop for stop in order if stop.position is not None]
    unplanned = [
        Unplanned(stop.id, UnplannedReason.NO_POSITION) for stop in order if stop.position is None
    ]
    kept, dropped = _sort_out([team], left_out, places)
    unplanned += dropped + [Unplanned(stop.id, UnplannedReason.DAY_FULL) for stop in kept]
    return Plan((_timed_route(team, located, places),), tuple(unplanned))


def _timed_route(team: Team, located: Sequence[Stop], places: _Places) -> Route:
    if not located:
        return _empty_route(team)
    leaves = _leave_at(team, located[0], places)
    timed = _timed(team, located, places, leaves)
    back = places.stop_index[located[-1].id], places.depot_index[team.depot]
    returns = timed[-1].end + places.seconds(*back)
    if returns > team.shift_end and not timed[-1].late:
        timed[-1] = replace(timed[-1], late=True)
    total = sum(stop.leg_m for stop in timed) + places.metres(*back)
    return Route(team.id, tuple(timed), leaves, returns, total)
