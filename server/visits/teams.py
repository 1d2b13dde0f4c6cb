"""Server layer: field teams — creation (admin, seed), lookup, membership, day capacity."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from contracts.visits import DEFAULT_DAILY_CAPACITY, TeamDayLoad, TeamMember, TeamOut
from server.accounts.models import Account
from server.errors import AppError
from server.visits.models import FieldTeam, FieldTeamMember, TeamDay


@dataclass(frozen=True)
class TeamSpec:
    center: str
    name: str
    members: tuple[str, ...]  # usernames of field officers
    capacity: int = DEFAULT_DAILY_CAPACITY
    shift_start: str = "08:00"
    shift_end: str = "16:00"


def _check_spec(spec: TeamSpec) -> None:
    if not 1 <= spec.capacity <= 100:
        raise ValueError("capacity must be 1–100 visits a day")
    if not (_clock(spec.shift_start) and _clock(spec.shift_end)):
        raise ValueError("shift times are HH:MM")
    if spec.shift_start >= spec.shift_end:
        raise ValueError("the shift must end after it starts")
    if not spec.name.strip():
        raise ValueError("a team needs a name")


def _clock(text: str) -> bool:
    hh, _, mm = text.partition(":")
    return len(text) == 5 and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60


async def create_team(db: AsyncSession, spec: TeamSpec) -> FieldTeam:
    """A team of field officers of the center (ValueError for the command line)."""
    _check_spec(spec)
    officers = []
    for username in spec.members:
        officer = await db.scalar(select(Account).where(Account.username == username.lower()))
        if officer is None or officer.role is not Role.FIELD:
            raise ValueError(f"{username!r} is not a field officer")
        if officer.service_center_code != spec.center:
            raise ValueError(f"{username!r} does not work at {spec.center}")
        officers.append(officer)
    team = FieldTeam(
        service_center_code=spec.center,
        name=spec.name.strip(),
        daily_capacity=spec.capacity,
        shift_start=spec.shift_start,
        shift_end=spec.shift_end,
    )
    db.add(team)
    await db.flush()
    db.add_all(FieldTeamMember(team_id=team.id, officer_id=o.id) for o in officers)
    await db.flush()
    return team


async def team_named(db: AsyncSession, center: str, name: str) -> FieldTeam | None:
    query = select(FieldTeam).where(FieldTeam.service_center_code == center, FieldTeam.name == name)
    return (await db.scalars(query)).first()


async def member_team_ids(db: AsyncSession, officer_id: str) -> set[str]:
    rows = await db.scalars(
        select(FieldTeamMember.team_id).where(FieldTeamMember.officer_id == officer_id)
    )
    return set(rows)


async def teams_out(db: AsyncSession, teams: list[FieldTeam]) -> list[TeamOut]:
    ids = [t.id for t in teams]
    members: dict[str, list[TeamMember]] = {i: [] for i in ids}
    if ids:
        rows = await db.execute(
            select(FieldTeamMember.team_id, Account.id, Account.full_name)
            .join(Account, Account.id == FieldTeamMember.officer_id)
            .where(FieldTeamMember.team_id.in_(ids))
            .order_by(Account.full_name, Account.id)
        )
        for team_id, officer_id, name in rows.all():
            members[team_id].append(TeamMember(id=officer_id, name=name))
    return [
        TeamOut(
            id=t.id,
            name=t.name,
            service_center_code=t.service_center_code,
            daily_capacity=t.daily_capacity,
            shift_start=t.shift_start,
            shift_end=t.shift_end,
            members=members[t.id],
        )
        for t in teams
    ]


async def visible_teams(db: AsyncSession, officer: Account) -> list[FieldTeam]:
    """A coordinator sees the teams of their center; a field officer their own teams."""
    query = select(FieldTeam).order_by(FieldTeam.name, FieldTeam.id)
    if officer.role is Role.COORDINATOR:
        query = query.where(FieldTeam.service_center_code == officer.service_center_code)
    elif officer.role is Role.FIELD:
        query = query.where(FieldTeam.id.in_(await member_team_ids(db, officer.id)))
    else:
        raise AppError(403, "forbidden")
    return list(await db.scalars(query))


async def team_at_center(db: AsyncSession, team_id: str, center: str | None) -> FieldTeam:
    """A team of the coordinator's center; any other is indistinguishable from a missing one."""
    team = await db.get(FieldTeam, team_id)
    if team is None or team.service_center_code != center:
        raise AppError(404, "not_found")
    return team


# ---------------------------------------------------------------- capacity


async def take_place(db: AsyncSession, team: FieldTeam, day: date) -> None:
    """Take one place on the team's day, or 409 team_day_full with nothing changed. The row
    is created when missing (a parallel creator wins harmlessly); the place itself is one
    conditional UPDATE, so concurrent coordinators can never book past the capacity."""
    await _ensure_day(db, team, day)
    result = await db.execute(
        update(TeamDay)
        .where(TeamDay.team_id == team.id, TeamDay.date == day, TeamDay.booked < TeamDay.capacity)
        .values(booked=TeamDay.booked + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise AppError(409, "team_day_full")


async def release_place(db: AsyncSession, team_id: str, day: date) -> None:
    await db.execute(
        update(TeamDay)
        .where(TeamDay.team_id == team_id, TeamDay.date == day, TeamDay.booked > 0)
        .values(booked=TeamDay.booked - 1)
        .execution_options(synchronize_session=False)
    )


async def _ensure_day(db: AsyncSession, team: FieldTeam, day: date) -> None:
    found = await db.scalar(
        select(TeamDay.booked).where(TeamDay.team_id == team.id, TeamDay.date == day)
    )
    if found is not None:
        return
    try:
        async with db.begin_nested():
            await db.execute(
                insert(TeamDay).values(
                    team_id=team.id, date=day, booked=0, capacity=team.daily_capacity
                )
            )
    except IntegrityError:  # a parallel request created the day first: use theirs
        pass


async def loads(
    db: AsyncSession, team_list: Sequence[FieldTeam], days: set[date]
) -> list[TeamDayLoad]:
    """How full each team's day is, for every team and day given (one query); a day nobody
    booked yet shows the team's capacity."""
    if not team_list or not days:
        return []
    rows = await db.scalars(
        select(TeamDay).where(
            TeamDay.team_id.in_([t.id for t in team_list]), TeamDay.date.in_(days)
        )
    )
    found = {(r.team_id, r.date): r for r in rows}
    out = []
    for team in team_list:
        for day in sorted(days):
            row = found.get((team.id, day))
            booked, capacity = (row.booked, row.capacity) if row else (0, team.daily_capacity)
            out.append(TeamDayLoad(team_id=team.id, date=day, booked=booked, capacity=capacity))
    return out
