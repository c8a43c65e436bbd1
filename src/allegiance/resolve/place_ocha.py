"""The layouts of OCHA COD-AB attribute tables (Syria), turned into PlaceRecords.

COD-AB tables name a unit in English (`admN_name`), Arabic (`admN_name1`) and sometimes
more languages (`admN_name2`, `admN_name3`); `admN_ref_n` is a reference spelling. The
polygon tables give centroids (`center_lat`, `center_lon`); the points table gives one
point per unit (`point_lat`, `point_lon`), with its level in `admin_leve`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from allegiance.model import InputError
from allegiance.resolve.place_records import PlaceRecord, to_place_names

Row = Mapping[str, str]
OchaUnit = tuple[int, PlaceRecord]
"""A unit's admin level and its record."""

NEIGHBOURHOOD_LEVEL = 5
_FEATURES = {1: "admin1", 2: "admin2", 3: "admin3", NEIGHBOURHOOD_LEVEL: "neighbourhood"}


def ocha_layout(header: Collection[str], *, origin: str) -> Callable[[Row], OchaUnit | None]:
    """The row converter for a table with this header; None from it means a skipped row."""
    if "admin_leve" in header:
        return _point_unit
    if "neighborho" in header:
        return _neighbourhood_unit
    columns = set(header)
    levels = [n for n in (3, 2, 1) if {f"adm{n}_pcode", f"adm{n}_name", "center_lat"} <= columns]
    if not levels:
        raise InputError(origin, "not an OCHA admin table: no admN_pcode/admN_name/center_lat")
    level = levels[0]
    return lambda row: _polygon_unit(row, level)


def _polygon_unit(row: Row, level: int) -> OchaUnit:
    prefix = f"adm{level}"
    names = [row[f"{prefix}_name"], row[f"{prefix}_name1"], row.get(f"{prefix}_name2", "")]
    names += [row.get(f"{prefix}_name3", ""), row.get(f"{prefix}_ref_n", "")]
    record = _record(
        row,
        level,
        names=names,
        lat=float(row["center_lat"]),
        lon=float(row["center_lon"]),
    )
    return level, record


def _point_unit(row: Row) -> OchaUnit | None:
    level = int(row["admin_leve"])
    if level == 0:
        return None  # the country itself: never a place to put a claim
    names = [row["name"], row["name1"], row.get("name2", ""), row.get("name3", "")]
    lat = float(row.get("point_lat") or row["y_coord"])
    lon = float(row.get("point_lon") or row["x_coord"])
    return level, _record(row, level, names=names, lat=lat, lon=lon)


def _neighbourhood_unit(row: Row) -> OchaUnit:
    names = [row["neighborho"], row["neighbor_1"], row.get("neighbor_3", "")]
    names.append(row.get("neighbor_4", "").split(" (")[0])
    record = PlaceRecord(
        key=f"ocha:{row['adm4_pcode']}-{row['neighbor_2']}",
        name=row["neighborho"],
        kind="place",
        feature="neighbourhood",
        country=row["adm0_pcode"] or None,
        lat=None,
        lon=None,
        population=0,
        admin1=row["adm1_en"] or None,
        admin2=row["adm2_en"] or None,
        names=to_place_names(names),
        geonames_id=None,
        source="OCHA COD-AB neighbourhoods",
        codes=(row["adm4_pcode"],),
    )
    return NEIGHBOURHOOD_LEVEL, record


def _record(row: Row, level: int, *, names: list[str], lat: float, lon: float) -> PlaceRecord:
    pcode = row[f"adm{level}_pcode"]
    if not pcode:
        raise ValueError(f"admin level {level} unit without a P-code")
    return PlaceRecord(
        key=f"ocha:{pcode}",
        name=names[0],
        kind="place",
        feature=_FEATURES[level],
        country=row["adm0_pcode"] or None,
        lat=lat,
        lon=lon,
        population=0,
        admin1=row["adm1_name"] or None,
        admin2=(row["adm2_name"] or None) if level >= 2 else None,
        names=to_place_names(names),
        geonames_id=None,
        source=f"OCHA COD-AB admin{level}",
        codes=(pcode,),
    )
