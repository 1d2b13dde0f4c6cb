"""Tests: the pure parts of the catalog screens — filters and search order, a service's
agency and centres, rupiah, working days, weekday runs and opening hours."""

from __future__ import annotations

from app.components.catalog import (
    day_ranges,
    days_text,
    fee_text,
    hours_text,
    ordered_channels,
    rupiah,
)
from app.state.catalog_browse import (
    Filters,
    agencies_in,
    browse,
    categories_in,
    centers_for,
    service_by_code,
)
from contracts.catalog import Category, Channel, Fee, LocalText, OpeningHours, PublicService
from tests.app.catalog_samples import sample_catalog
from tests.app.screen_support import t


def codes(found: list[PublicService]) -> list[str]:
    return [s.code for s in found]


def test_without_filters_everything_by_name_in_the_language() -> None:
    catalog = sample_catalog()
    assert codes(browse(catalog, Filters(), "id")) == ["kk-baru", "stnk-tahunan"]
    assert not Filters().active and Filters(channel=Channel.KIOSK).active


def test_filters_combine() -> None:
    catalog = sample_catalog()
    assert codes(browse(catalog, Filters(channel=Channel.ONLINE), "id")) == ["kk-baru"]
    assert codes(browse(catalog, Filters(category=Category.VEHICLE), "id")) == ["stnk-tahunan"]
    assert codes(browse(catalog, Filters(agency="DUKCAPIL"), "id")) == ["kk-baru"]
    both = Filters(agency="DUKCAPIL", channel=Channel.KIOSK)
    assert browse(catalog, both, "id") == []


def test_search_tolerates_case_accents_and_typos_then_filters() -> None:
    catalog = sample_catalog()
    assert codes(browse(catalog, Filters(query="KARTU kelaurga"), "id")) == ["kk-baru"]
    assert codes(browse(catalog, Filters(query="pajak"), "en")) == ["stnk-tahunan"]
    assert codes(browse(catalog, Filters(query="samsat"), "id")) == ["stnk-tahunan"]
    filtered = Filters(query="pajak", channel=Channel.ONLINE)
    assert browse(catalog, filtered, "id") == []
    assert browse(catalog, Filters(query="zzzz"), "id") == []


def test_lookups() -> None:
    catalog = sample_catalog()
    kk = service_by_code(catalog, "kk-baru")
    stnk = service_by_code(catalog, "stnk-tahunan")
    assert kk is not None and stnk is not None and service_by_code(catalog, "x") is None
    assert [c.code for c in centers_for(catalog, kk)] == ["MPP-BATU"]
    assert centers_for(catalog, stnk) == []
    assert categories_in(catalog) == [Category.POPULATION, Category.VEHICLE]
    assert [a.code for a in agencies_in(catalog)] == ["DUKCAPIL", "SAMSAT"]
    assert ordered_channels(
        kk.model_copy(update={"channels": (Channel.KIOSK, Channel.ONLINE)})
    ) == [
        Channel.ONLINE,
        Channel.KIOSK,
    ]


def test_rupiah_and_days() -> None:
    assert rupiah(350000) == "Rp350.000"
    assert rupiah(1250000) == "Rp1.250.000"
    assert rupiah(500) == "Rp500"
    assert days_text(t, 0) == t("catalog.same_day")
    assert days_text(t, 14) == "14 hari kerja"


def test_fee_text_with_a_note() -> None:
    stnk = service_by_code(sample_catalog(), "stnk-tahunan")
    assert stnk is not None
    assert fee_text(t, stnk, "id") == "Rp350.000"
    noted = stnk.model_copy(
        update={"fee": Fee(amount=0, note=LocalText(id="sesuai NJKB", en="by value"))}
    )
    assert fee_text(t, noted, "id") == "Gratis (sesuai NJKB)"
    assert fee_text(lambda k, **p: "Free", noted, "en") == "Free (by value)"


def test_weekday_runs_and_hours() -> None:
    assert day_ranges((1, 2, 3, 4, 5)) == [(1, 5)]
    assert day_ranges((7, 1, 2, 4, 6)) == [(1, 2), (4, 4), (6, 7)]
    hours = OpeningHours(days=(1, 2, 3, 4, 6), opens="08:00", closes="14:00")
    assert hours_text(t, hours) == "Senin–Kamis, Sabtu, 08:00–14:00"
