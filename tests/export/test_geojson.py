from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import jsonschema
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Region, Selection
from allegiance.export.geojson import write_geojson
from allegiance.store import KnowledgeBase

# RFC 7946 for what these exports write: a FeatureCollection of Point features.
POINT_COLLECTION: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}


def export(sessions: sessionmaker[Session], wanted: ExportFilter, **options: Any) -> Any:
    out = io.StringIO()
    with sessions() as session:
        write_geojson(Selection(KnowledgeBase(session), wanted), out, **options)
    document = json.loads(out.getvalue())
    jsonschema.validate(document, POINT_COLLECTION)
    return document


def test_geojson_of_events_validates_and_cites_claims(events_copy: sessionmaker[Session]) -> None:
    features = export(events_copy, ExportFilter())["features"]
    assert len(features) > 10
    for feature in features:
        properties = feature["properties"]
        assert properties["claim_ids"] and properties["document_ids"] and properties["hedges"]
        lon, lat = feature["geometry"]["coordinates"]
        assert 30 < lon < 50 and 28 < lat < 40  # Syria and Iraq: longitude comes first


def test_geojson_of_control_as_of_a_date(demo_sessions: sessionmaker[Session]) -> None:
    features = export(demo_sessions, ExportFilter(), as_of=date(2015, 1, 1))["features"]
    assert features
    for feature in features:
        properties = feature["properties"]
        assert properties["as_of"] == "2015-01-01" and properties["status"]
        assert properties["since"] <= "2015-01-01" and properties["claim_ids"]
    iraq = export(demo_sessions, ExportFilter(region=Region.parse("IQ")), as_of=date(2015, 1, 1))
    assert 0 < len(iraq["features"]) < len(features)
