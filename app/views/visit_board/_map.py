"""Views layer: flet-map builders for jemput bola — the day's route (numbered stops, the way
from the service center and back, fitted to the points) and the pin picker; only built when a
tile source is configured (no tiles: the screens show lists instead)."""

from collections.abc import Callable, Sequence
from typing import Any

import flet as ft
import flet_map as ftm

from app.components.a11y import with_id
from app.state.visit_geo import Point
from app.state.visit_plan import PlanView, depot
from contracts.visits import DayPlan

LATE_COLOUR = ft.Colors.RED_800
STOP_COLOUR = ft.Colors.TEAL_800
ROUTE_COLOUR = ft.Colors.BLUE_700


def _at(point: Point) -> ftm.MapLatitudeLongitude:
    return ftm.MapLatitudeLongitude(point[0], point[1])


def tiles_layers(url: str, attribution: str | None) -> list[ftm.MapLayer]:
    layers: list[ftm.MapLayer] = [
        ftm.TileLayer(url_template=url, user_agent_package_name="id.satupintu")
    ]
    if attribution:
        layers.append(ftm.SimpleAttribution(text=attribution))
    return layers


def badge(text: str, colour: str, label: str) -> ft.Control:
    """A round numbered marker; the label reads it out."""
    dot = ft.Container(
        content=ft.Text(text, color=ft.Colors.WHITE, weight=ft.FontWeight.BOLD, size=14),
        bgcolor=colour,
        border_radius=16,
        alignment=ft.Alignment.CENTER,
        width=32,
        height=32,
    )
    return ft.Semantics(label=label, content=dot)


def stop_markers(view: PlanView, labels: Sequence[str]) -> list[ftm.Marker]:
    return [
        ftm.Marker(
            content=badge(str(line.n), LATE_COLOUR if line.late else STOP_COLOUR, labels[i]),
            coordinates=_at((line.stop.latitude, line.stop.longitude)),
            width=32,
            height=32,
        )
        for i, line in enumerate(view.lines)
    ]


def route_points(plan: DayPlan, view: PlanView) -> list[Point]:
    """From the service center through every stop in order, and back."""
    stops = [(line.stop.latitude, line.stop.longitude) for line in view.lines]
    return [depot(plan), *stops, depot(plan)]


def plan_map(
    plan: DayPlan, view: PlanView, tiles: tuple[str, str | None], labels: Sequence[str], home: str
) -> ft.Control:
    """The route on a map, fitted to the service center and the stops."""
    points = route_points(plan, view)
    center = ftm.Marker(
        content=badge("⌂", ROUTE_COLOUR, home), coordinates=_at(depot(plan)), width=32, height=32
    )
    route = ftm.PolylineMarker(
        coordinates=[_at(p) for p in points], color=ROUTE_COLOUR, stroke_width=4
    )
    layers = tiles_layers(*tiles)
    layers[1:1] = [
        ftm.PolylineLayer(polylines=[route]),
        ftm.MarkerLayer(markers=[center, *stop_markers(view, labels)]),
    ]
    fit = ftm.CameraFit(coordinates=[_at(p) for p in points], padding=ft.Padding.all(40))
    return with_id(ftm.Map(layers=layers, initial_camera_fit=fit, height=360), "visit-plan-map")


def pin_map(
    tiles: tuple[str, str | None],
    center: Point | None,
    pin: Point | None,
    on_tap: Callable[[Any], Any],
    label: str,
) -> ft.Control:
    """Tap to place the visit's pin; centred on the pin, else the service center."""
    layers = tiles_layers(*tiles)
    if pin is not None:
        marker = ftm.Marker(
            content=ft.Icon(ft.Icons.PLACE, color=LATE_COLOUR, size=32), coordinates=_at(pin)
        )
        layers.insert(1, ftm.MarkerLayer(markers=[marker]))
    middle = pin or center or (-2.5, 118.0)  # Indonesia's middle when nothing is known
    zoom = 15.0 if pin or center else 4.0
    map_ = ftm.Map(
        layers=layers, initial_center=_at(middle), initial_zoom=zoom, on_tap=on_tap, height=280
    )
    return with_id(map_, "visit-position-map", label)
