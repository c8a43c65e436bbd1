from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from followthemoney import model
from sqlalchemy.orm import Session, sessionmaker

from allegiance.export.filters import ExportFilter, Selection
from allegiance.export.ftm import write_ftm
from allegiance.store import KnowledgeBase

FTM = Path(sys.executable).with_name("ftm")


def test_ftm_entities_validate_against_the_model(
    events_copy: sessionmaker[Session], tmp_path: Path
) -> None:
    out = io.StringIO()
    with events_copy() as session:
        result = write_ftm(Selection(KnowledgeBase(session), ExportFilter()), out)
    lines = out.getvalue().splitlines()
    assert result.written == len(lines) > 50
    ids = set()
    schemata = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # parses and cleans every value again
        assert proxy.schema.name == data["schema"] and not proxy.schema.abstract
        ids.add(proxy.id)
        schemata.add(proxy.schema.name)
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                assert set(proxy.get(prop)) <= ids, (proxy.id, prop.name)  # written before
    assert {"Person", "Organization", "Address", "UserAccount", "Membership", "Event"} <= schemata
    path = tmp_path / "entities.ftm.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    checked = subprocess.run(
        [str(FTM), "validate", "-i", str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    assert len(checked.stdout.splitlines()) == len(lines)


def test_ftm_membership_dates_keep_their_precision(demo_sessions: sessionmaker[Session]) -> None:
    out = io.StringIO()
    with demo_sessions() as session:
        write_ftm(Selection(KnowledgeBase(session), ExportFilter()), out)
    memberships = [
        json.loads(line) for line in out.getvalue().splitlines() if '"Membership"' in line
    ]
    assert memberships
    for membership in memberships:
        assert "claims: clm-" in membership["properties"]["summary"][0]
        for value in membership["properties"].get("startDate", []):
            assert len(value) in (4, 7, 10)
