"""Server layer: read and check the catalog data files (TOML) into a CatalogSource."""

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError

from contracts.catalog import Agency, ServiceCenter, ServiceSource, Strict

DEFAULT_DATA_DIR = Path(__file__).parent / "data"
M = TypeVar("M", bound=BaseModel)


class HolidaySource(Strict):
    """One non-working day (national holiday or cuti bersama) from holidays.toml."""

    date: date
    name: str = Field(min_length=1, max_length=200)


@dataclass(frozen=True)
class CatalogSource:
    """Everything the data files say, checked; what import_catalog writes."""

    agencies: tuple[Agency, ...]
    service_centers: tuple[ServiceCenter, ...]
    services: tuple[ServiceSource, ...]
    holidays: tuple[HolidaySource, ...] = ()


class CatalogDataError(ValueError):
    """A data file is unreadable or an entry is invalid; the message names file and entry."""


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogDataError(f"{path}: not valid TOML: {exc}") from exc


def _describe(error: ValidationError) -> str:
    parts = []
    for err in error.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(entry)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _entries(path: Path, key: str, model: type[M]) -> list[M]:
    data = _read(path)
    unknown = set(data) - {key}
    if unknown:
        raise CatalogDataError(f"{path}: unexpected top-level keys {sorted(unknown)}")
    out = []
    for n, raw in enumerate(data.get(key, []), start=1):
        try:
            out.append(model.model_validate(raw))
        except ValidationError as exc:
            label = raw.get("code") or raw.get("date") if isinstance(raw, dict) else None
            name = f"[[{key}]] #{n}" + (f" ({label})" if label else "")
            raise CatalogDataError(f"{path}: {name}: {_describe(exc)}") from exc
    return out


def _unique(what: str, codes: Iterable[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise CatalogDataError(f"duplicate {what} code {code!r}")
        seen.add(code)


def _check_references(source: CatalogSource) -> None:
    _unique("agency", (a.code for a in source.agencies))
    _unique("service centre", (c.code for c in source.service_centers))
    _unique("service", (s.code for s in source.services))
    _unique("holiday", (h.date.isoformat() for h in source.holidays))
    known = {a.code for a in source.agencies}
    for service in source.services:
        if service.agency not in known:
            raise CatalogDataError(f"service {service.code!r}: unknown agency {service.agency!r}")
    for center in source.service_centers:
        for code in center.agencies:
            if code not in known:
                raise CatalogDataError(f"service centre {center.code!r}: unknown agency {code!r}")


def load_catalog_dir(path: Path | str = DEFAULT_DATA_DIR) -> CatalogSource:
    """agencies.toml, service_centers.toml, services/*.toml and (optional) holidays.toml."""
    root = Path(path)
    if not (root / "agencies.toml").is_file():
        raise CatalogDataError(f"{root}: no agencies.toml (is this a catalog data folder?)")
    services: list[ServiceSource] = []
    for file in sorted((root / "services").glob("*.toml")):
        services.extend(_entries(file, "service", ServiceSource))
    centers_file, holidays_file = root / "service_centers.toml", root / "holidays.toml"
    source = CatalogSource(
        agencies=tuple(_entries(root / "agencies.toml", "agency", Agency)),
        service_centers=tuple(
            _entries(centers_file, "service_center", ServiceCenter)
            if centers_file.is_file()
            else ()
        ),
        services=tuple(services),
        holidays=tuple(
            _entries(holidays_file, "holiday", HolidaySource) if holidays_file.is_file() else ()
        ),
    )
    _check_references(source)
    return source
