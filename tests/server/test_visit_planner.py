"""Tests: the jemput bola route planner (pure, no database) — straight-line distances, one
team's day with VROOM (windows, hours, capacity, unplanned reasons, optimality on small days),
a hand-made order's times and lateness, and a district day shared over several teams. Every
solver answer is re-checked here by an independent replay of its times over the matrix."""

import itertools
import math
import random
from collections.abc import Sequence

import pytest

from contracts.visits import DEFAULT_VISIT_MINUTES, DayWindow, UnplannedReason
from server.visits.distances import Point, StraightLine, haversine_m
from server.visits.planner import (
    WINDOW_SECONDS,
    Plan,
    Route,
    Stop,
    Team,
    clock_seconds,
    evaluate,
    plan_day,
    plan_fleet,
    service_seconds,
)

MPP_BATU = Point(-7.8801, 112.5335)
MALANG_TUGU = Point(-7.9771, 112.6340)
MORNING, AFTERNOON = DayWindow.MORNING, DayWindow.AFTERNOON
H = 3600
SOURCE = StraightLine()
KM_PER_DEGREE = 6371.0088 * math.pi / 180


def offset(km_east: float, km_north: float, origin: Point = MPP_BATU) -> Point:
    """A point this many km east and north of the origin (small distances)."""
    lat = origin.latitude + km_north / KM_PER_DEGREE
    lon = origin.longitude + km_east / (KM_PER_DEGREE * math.cos(math.radians(origin.latitude)))
    return Point(lat, lon)


def team(
    start: str = "08:00", end: str = "16:00", capacity: int = 8, depot: Point = MPP_BATU
) -> Team:
    return Team("tim-1", depot, clock_seconds(start), clock_seconds(end), capacity)


def stop(
    name: str, km: tuple[float, float] | None, window: DayWindow = MORNING, minutes: int = 30
) -> Stop:
    return Stop(name, window, None if km is None else offset(*km), minutes * 60)


def random_day(rng: random.Random, count: int, radius_km: float = 15) -> list[Stop]:
    stops = []
    for i in range(count):
        r, angle = radius_km * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        window = rng.choice([MORNING, AFTERNOON])
        km = (r * math.cos(angle), r * math.sin(angle))
        stops.append(stop(f"s{i}", km, window, rng.choice([15, 20, 30, 45])))
    return stops


def replay(route: Route, the_team: Team, stops: Sequence[Stop]) -> None:
    """Independent check of a solver's route: travel times from the matrix, every service
    starts inside its window, nothing before the shift starts, back by its end."""
    by_id = {s.id: s for s in stops}
    visited = [by_id[p.stop_id] for p in route.stops]
    points = [the_team.depot] + [s.position for s in visited if s.position is not None]
    matrix = SOURCE.matrix(points)
    assert route.leaves_at is not None and route.returns_at is not None
    assert route.leaves_at >= the_team.shift_start
    clock, previous = route.leaves_at, 0
    for i, (planned, visit) in enumerate(zip(route.stops, visited, strict=True), start=1):
        opens, closes = WINDOW_SECONDS[visit.window] if visit.window else (0, 24 * H)
        assert planned.arrival >= clock + matrix.seconds[previous][i]
        assert opens <= planned.start <= closes and planned.start >= planned.arrival
        assert planned.end == planned.start + visit.service_s
        assert planned.leg_m == matrix.metres[previous][i]
        assert not planned.late
        clock, previous = planned.end, i
    assert route.returns_at >= clock + matrix.seconds[previous][0]
    assert route.returns_at <= the_team.shift_end
    assert route.total_m == sum(p.leg_m for p in route.stops) + matrix.metres[previous][0]


def accounted(plan: Plan, stops: Sequence[Stop]) -> None:
    """Every stop is either in exactly one route once or unplanned once."""
    ids = [p.stop_id for r in plan.routes for p in r.stops] + [u.stop_id for u in plan.unplanned]
    assert sorted(ids) == sorted(s.id for s in stops)


def test_haversine_matches_the_reference_and_the_ellipsoid() -> None:
    # the haversine package's documented example (Lyon → Paris), same radius
    assert haversine_m(Point(45.7597, 4.8422), Point(48.8567, 2.3508)) == pytest.approx(
        392_217.26, abs=0.01
    )
    # MPP Batu → Tugu Malang: 15,423.4 m on the WGS84 ellipsoid (Vincenty's inverse formula)
    assert haversine_m(MPP_BATU, MALANG_TUGU) == pytest.approx(15_423.4, rel=0.005)


def test_straight_line_matrix_is_symmetric_and_timed_at_the_speed() -> None:
    matrix = StraightLine(speed_kmh=25).matrix([MPP_BATU, MALANG_TUGU, offset(3, 4)])
    assert matrix.metres[0][0] == 0 and matrix.metres[0][1] == matrix.metres[1][0] == 15_455
    assert matrix.metres[0][2] == pytest.approx(5000, abs=2)
    assert matrix.seconds[0][1] == round(15_455 / 25_000 * 3600)  # 15.5 km at 25 km/h: 37 min
    assert StraightLine(speed_kmh=50).matrix([MPP_BATU, MALANG_TUGU]).seconds[0][1] == 1113


def test_service_seconds_sum_the_services_with_the_default() -> None:
    assert service_seconds([20, 45]) == 65 * 60
    assert service_seconds([20, None]) == (20 + DEFAULT_VISIT_MINUTES) * 60
    assert service_seconds([]) == DEFAULT_VISIT_MINUTES * 60


def test_windows_and_shift_hold_on_random_days() -> None:
    rng = random.Random(10)
    for _ in range(15):
        stops = random_day(rng, rng.choice([6, 10, 14]))
        the_team = team(capacity=12)
        plan = plan_day(the_team, stops)
        accounted(plan, stops)
        replay(plan.route, the_team, stops)
        assert all(u.reason is not UnplannedReason.NO_POSITION for u in plan.unplanned)


def test_windows_order_the_day_against_the_shortest_tour() -> None:
    # an afternoon stop beside the center and a morning one far out: morning first
    stops = [stop("near", (1, 0), AFTERNOON), stop("far", (8, 0), MORNING)]
    plan = plan_day(team(), stops)
    assert [p.stop_id for p in plan.route.stops] == ["far", "near"]
    near = plan.route.stops[1]
    assert near.start == 13 * H and near.arrival < 13 * H  # waits for the window to open


def test_a_short_shift_keeps_the_team_within_its_hours() -> None:
    the_team = team("09:30", "12:00")
    stops = [stop(f"m{i}", (2 + i, 1), MORNING, 30) for i in range(5)]
    stops.append(stop("pm", (1, 1), AFTERNOON))
    plan = plan_day(the_team, stops)
    replay(plan.route, the_team, stops)
    assert 2 <= len(plan.route.stops) < 5
    reasons = {u.stop_id: u.reason for u in plan.unplanned}
    assert reasons["pm"] is UnplannedReason.OUT_OF_REACH  # 13:00 is after the shift
    assert all(reasons[s.id] is UnplannedReason.DAY_FULL for s in stops[:5] if s.id in reasons)


def test_capacity_caps_the_visits() -> None:
    stops = [stop(f"s{i}", (1, i * 0.5), MORNING, 15) for i in range(6)]
    plan = plan_day(team(capacity=4), stops)
    assert len(plan.route.stops) == 4
    assert [u.reason for u in plan.unplanned] == [UnplannedReason.DAY_FULL] * 2
    assert plan_day(team(capacity=0), stops).route.stops == ()


def test_unplanned_reasons() -> None:
    stops = [
        stop("no-pin", None),
        stop("too-far-am", (120, 0), MORNING),  # 4.8 h away: arrives 12:48
        stop("too-far-pm", (120, 0), AFTERNOON),  # starts 13:00, back after 18:00
        stop("reachable-far", (55, 0), MORNING),  # 2.2 h each way: alone it fits
        *[stop(f"long{i}", (2, i), AFTERNOON, 120) for i in range(3)],
    ]
    plan = plan_day(team(), stops)
    reasons = {u.stop_id: u.reason for u in plan.unplanned}
    assert reasons["no-pin"] is UnplannedReason.NO_POSITION
    assert reasons["too-far-am"] is UnplannedReason.OUT_OF_REACH
    assert reasons["too-far-pm"] is UnplannedReason.OUT_OF_REACH
    # two 2-hour afternoon visits fill 13:00-16:00 at most; the rest ran out of day
    assert sum(r is UnplannedReason.DAY_FULL for r in reasons.values()) >= 1
    assert all(reasons.get(s.id, UnplannedReason.DAY_FULL) is UnplannedReason.DAY_FULL
               for s in stops[3:])  # fmt: skip
    replay(plan.route, team(), stops)


def test_a_day_without_positions_or_stops_is_empty() -> None:
    plan = plan_day(team(), [stop("a", None), stop("b", None)])
    assert plan.route.stops == () and plan.route.leaves_at is None and plan.route.total_m == 0
    assert {u.reason for u in plan.unplanned} == {UnplannedReason.NO_POSITION}
    assert plan_day(team(), []).unplanned == ()


def _tour_seconds(order: Sequence[int], seconds: list[list[int]]) -> int:
    path = [0, *order, 0]
    return sum(seconds[a][b] for a, b in itertools.pairwise(path))


@pytest.mark.parametrize("seed", range(4))
def test_small_days_are_solved_optimally(seed: int) -> None:
    """Seven stops, morning windows that never bind: the solver's tour equals the best of
    all 5,040 orders (travel time is the solver's cost)."""
    rng = random.Random(seed)
    stops = [
        Stop(s.id, MORNING, s.position, 10 * 60) for s in random_day(rng, 7, radius_km=6)
    ]  # 7 × 10 min plus at most ~2 h driving: always done before noon
    matrix = SOURCE.matrix([MPP_BATU] + [s.position for s in stops if s.position is not None])
    best = min(_tour_seconds(p, matrix.seconds) for p in itertools.permutations(range(1, 8)))
    route = plan_day(team(), stops).route
    index = {s.id: i for i, s in enumerate(stops, start=1)}
    assert _tour_seconds([index[p.stop_id] for p in route.stops], matrix.seconds) == best


def test_circle_tour_is_the_polygon() -> None:
    """Stops evenly on a 5 km circle around the center: the best tour goes round the circle."""
    stops = [
        stop(f"c{k}", (5 * math.cos(k * math.pi / 3), 5 * math.sin(k * math.pi / 3)), MORNING, 5)
        for k in (0, 3, 1, 5, 2, 4)
    ]
    route = plan_day(team(), stops).route
    order = [int(p.stop_id[1]) for p in route.stops]
    steps = {(b - a) % 6 for a, b in itertools.pairwise(order)}
    assert steps in ({1}, {5})  # always the neighbour, one way round
    assert route.total_m == pytest.approx(5000 * 2 + 5000 * 5, rel=0.01)


def test_evaluate_times_a_hand_order_and_flags_lateness() -> None:
    pm, am = offset(2, 0), offset(4, 0)
    stops = [Stop("pm", AFTERNOON, pm, 1800), Stop("am", MORNING, am, 1800)]
    seconds = SOURCE.matrix([MPP_BATU, pm, am]).seconds
    plan = evaluate(team(), stops)
    first, second = plan.route.stops
    assert first.start == 13 * H and not first.late  # waits for the afternoon
    assert plan.route.leaves_at == 13 * H - seconds[0][1]
    assert second.arrival == first.end + seconds[1][2]
    assert second.late  # morning visit started in the afternoon
    assert plan.route.late
    # the same stops the other way round are on time
    assert not evaluate(team(), stops[::-1]).route.late


def test_evaluate_flags_the_shift_end() -> None:
    stops = [stop(f"s{i}", (3, i), AFTERNOON, 60) for i in range(3)]
    timed = evaluate(team(), stops).route
    assert [p.late for p in timed.stops] == [False, False, True]  # ends after 16:00
    # the way back alone can miss the shift: one visit ending at 15:50, 20 min from the center
    edge = [Stop("edge", AFTERNOON, offset(0, 25 / 3), 170 * 60)]
    route = evaluate(team(), edge).route
    assert route.stops[0].end <= 16 * H < route.returns_at  # type: ignore[operator]
    assert route.stops[0].late


def test_evaluate_keeps_stops_without_position_aside() -> None:
    plan = evaluate(team(), [stop("a", (1, 1)), stop("b", None), stop("c", (2, 2))])
    assert [p.stop_id for p in plan.route.stops] == ["a", "c"]
    assert plan.unplanned[0].stop_id == "b"
    assert plan.unplanned[0].reason is UnplannedReason.NO_POSITION
    assert evaluate(team(), []).route.stops == ()


def test_evaluate_agrees_with_the_solver_on_its_own_order() -> None:
    stops = random_day(random.Random(3), 10)
    planned = plan_day(team(), stops).route
    by_id = {s.id: s for s in stops}
    again = evaluate(team(), [by_id[p.stop_id] for p in planned.stops]).route
    assert again.total_m == planned.total_m
    # the solver may leave later to wait less; by hand the team leaves as early as useful
    assert all(a.start <= p.start for a, p in zip(again.stops, planned.stops, strict=True))
    assert not again.late


def test_fleet_shares_a_district_day_within_each_team() -> None:
    rng = random.Random(7)
    stops = random_day(rng, 40)
    east = offset(10, 0)
    teams = [
        Team("a", MPP_BATU, 8 * H, 16 * H, 6),
        Team("b", MPP_BATU, 8 * H, 12 * H, 5),  # mornings only
        Team("c", east, 8 * H, 16 * H, 7),  # another center
    ]
    plan = plan_fleet(teams, stops)
    accounted(plan, stops)
    assert [r.team_id for r in plan.routes] == ["a", "b", "c"]
    by_id = {s.id: s for s in stops}
    for route, the_team in zip(plan.routes, teams, strict=True):
        assert len(route.stops) <= the_team.capacity
        if route.stops:
            replay(route, the_team, stops)
    assert all(by_id[p.stop_id].window is MORNING for p in plan.routes[1].stops)
    assert sum(len(r.stops) for r in plan.routes) == 18  # 40 candidates, 18 places


def test_a_stop_without_window_fits_any_time_of_the_shift() -> None:
    # a team working only over the lunch gap (12:00-13:00): no window is open, "any" fits
    lunch = team("12:00", "13:00")
    near = offset(0, 1)
    stops = [Stop(w or "any", w, near, 20 * 60) for w in (MORNING, AFTERNOON, None)]
    plan = plan_day(lunch, stops)
    assert [p.stop_id for p in plan.route.stops] == ["any"]
    travel = SOURCE.matrix([MPP_BATU, near]).seconds[0][1]
    assert plan.route.stops[0].start == 12 * H + travel
    assert {u.stop_id: u.reason for u in plan.unplanned} == {
        "morning": UnplannedReason.OUT_OF_REACH,
        "afternoon": UnplannedReason.OUT_OF_REACH,
    }
    assert not evaluate(lunch, stops[2:]).route.late
    assert evaluate(lunch, stops).route.late


def test_evaluate_gives_left_out_stops_their_reason() -> None:
    order = [stop("a", (1, 1))]
    left = [stop("pin", None), stop("far", (120, 0), MORNING), stop("room", (2, 2))]
    plan = evaluate(team(), order, left_out=left)
    assert [p.stop_id for p in plan.route.stops] == ["a"]
    assert {u.stop_id: u.reason for u in plan.unplanned} == {
        "pin": UnplannedReason.NO_POSITION,
        "far": UnplannedReason.OUT_OF_REACH,
        "room": UnplannedReason.DAY_FULL,
    }
