"""Speed of the as-of questions: affiliations of a person, control of a province.

Run from the project root (`make bench` runs it with its defaults: 10^5 and 10^6 claims,
on SQLite and, when the server answers, on PostgreSQL at the default `--postgresql`):

    .venv/bin/python benchmarks/analysis_speed.py --data ../shared/data
    .venv/bin/python benchmarks/analysis_speed.py --claims 100000 --postgresql ''

(`--data` is accepted for uniformity with the other benchmarks; the data are synthetic.
An empty `--postgresql` skips PostgreSQL.)

A generator fills a fresh knowledge base with a synthetic corpus shaped like ours: two
countries of 14 provinces with 50 towns each (1,400 places), 300 groups, 5,000 people,
and claims spread over 2013–2019 — half territory claims on the towns (captures, control,
presence, sieges, withdrawals), a fifth allegiance claims of people to groups (membership,
pledges, defections), the rest violence and statements. Hedges follow the demo corpus's
mix; 40% are attributed to one of 30 monitors. The seed is fixed, so every run builds the
same corpus.

Each question is asked `--queries` times with random arguments, timed end to end as a
command would: a `ClaimReader` built from the judgements in force, then
`affiliations_as_of(person, date)` or `control_as_of(date, within=province)` (one
`ControlLookups` per run, as a server would keep it: the place directory, actors' names and
documents' publication days, none of which change once stored). Control is asked twice
with the same questions: first computed from the claims (what happens while the stored
control periods are stale, after claims or judgements were added), then, once
`build_control` has stored the periods (as ingestion does at its end; its time is
reported), from the stored periods. Figures: median, 95th percentile and maximum in
milliseconds, on SQLite (a file) and, with `--postgresql`, on a fresh PostgreSQL database
made on that server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from allegiance.model import (
    Argument,
    Claim,
    Document,
    Entity,
    EntityKind,
    FuzzyDate,
    Hedge,
    Quote,
    Source,
)
from allegiance.query.affiliations import affiliations_as_of
from allegiance.query.claims import ClaimReader
from allegiance.query.control import ControlLookups, control_as_of
from allegiance.store import KnowledgeBase, make_engine, session_factory, upgrade
from allegiance.store.claims import to_row
from allegiance.store.tables import claims as claims_table
from allegiance.workflow.control import build_control

# Run as a script, this folder is on the path but the project root is not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.entity_recognition import machine

SECTION = "## Analysis speed (as-of affiliations and control)"
SEED = 20140610
COUNTRIES = ("SY", "IQ")
PROVINCES_PER_COUNTRY = 14
TOWNS_PER_PROVINCE = 50
GROUPS = 300
PEOPLE = 5_000
MONITORS = 30
ATTRIBUTED = 0.4  # the share of claims a report attributes to a monitor or officials
CLAIMS_PER_DOCUMENT = 50
FIRST_DAY, LAST_DAY = date(2013, 1, 1), date(2019, 12, 31)
TERRITORY = ("territory.capture", "territory.control", "territory.presence",
             "territory.siege", "territory.withdrawal")  # fmt: skip
ALLEGIANCE = ("allegiance.membership", "allegiance.pledge", "allegiance.defection")
OTHER = ("violence.clash", "violence.attack", "violence.killing", "statement")
HEDGES = (Hedge.ASSERTED,) * 5 + (Hedge.REPORTED,) * 3 + (Hedge.CLAIMED, Hedge.UNCERTAIN)
BATCH = 5_000


@dataclass(frozen=True)
class Corpus:
    provinces: list[str]
    people: list[str]


def entity_id(prefix: str, number: int) -> str:
    return f"ent-syn-{prefix}-{number:05d}"


def add_entities(kb: KnowledgeBase) -> tuple[list[str], list[str], list[str], list[str]]:
    """Provinces, towns, groups and people; ids returned in that order."""
    provinces, towns = [], []
    for country in COUNTRIES:
        for number in range(PROVINCES_PER_COUNTRY):
            name = f"{country} province {number:02d}"
            province = entity_id(f"prov-{country}", number)
            attributes: dict[str, object] = {
                "feature": "admin1",
                "country": country,
                "admin1": name,
            }
            kb.add_entity(Entity(province, EntityKind.PLACE, name, attributes=attributes))
            provinces.append(province)
            for town_number in range(TOWNS_PER_PROVINCE):
                town = entity_id(f"town-{country}-{number:02d}", town_number)
                town_attributes = {
                    "feature": "town",
                    "country": country,
                    "admin1": name,
                    "lat": 34.0 + number * 0.1,
                    "lon": 40.0 + town_number * 0.01,
                }
                kb.add_entity(
                    Entity(
                        town,
                        EntityKind.PLACE,
                        f"{name} town {town_number}",
                        attributes=town_attributes,
                    )
                )
                towns.append(town)
    groups = [entity_id("group", n) for n in range(GROUPS)]
    for number, group in enumerate(groups):
        kb.add_entity(Entity(group, EntityKind.GROUP, f"Synthetic group {number}"))
    for number in range(MONITORS):
        kb.add_entity(Entity(entity_id("monitor", number), EntityKind.ORGANIZATION,
                             f"Synthetic monitor {number}"))  # fmt: skip
    people = [entity_id("person", n) for n in range(PEOPLE)]
    for number, person in enumerate(people):
        kb.add_entity(Entity(person, EntityKind.PERSON, f"Abu Synthetic {number}"))
    return provinces, towns, groups, people


def random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def synthetic_claim(
    rng: random.Random, document_id: str, number: int, towns: list[str], groups: list[str],
    people: list[str],
) -> Claim:  # fmt: skip
    roll = rng.random()
    quote = Quote(f"synthetic claim {number}", 0, 20)
    day = FuzzyDate.day(random_day(rng))
    monitor = entity_id("monitor", rng.randrange(MONITORS))
    common = {"document_id": document_id, "extractor": "allegiance.synthetic.v1",
              "quote": quote, "date": day, "hedge": rng.choice(HEDGES),
              "attributed_to_id": monitor if rng.random() < ATTRIBUTED else None}  # fmt: skip
    if roll < 0.5:
        return Claim(type=rng.choice(TERRITORY), subject_id=rng.choice(groups),
                     place_id=rng.choice(towns), **common)  # type: ignore[arg-type]  # fmt: skip
    if roll < 0.7:
        return Claim(type=rng.choice(ALLEGIANCE), subject_id=rng.choice(people),
                     object=Argument(rng.choice(groups)), **common)  # type: ignore[arg-type]  # fmt: skip
    return Claim(type=rng.choice(OTHER), subject_id=rng.choice(groups),
                 object=Argument(rng.choice(groups)), place_id=rng.choice(towns),
                 **common)  # type: ignore[arg-type]  # fmt: skip


def generate(engine: Engine, claims: int) -> Corpus:
    """Fill an empty, migrated knowledge base with `claims` synthetic claims."""
    rng = random.Random(SEED)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        kb = KnowledgeBase(session)
        provinces, towns, groups, people = add_entities(kb)
        documents = []
        for number in range(-(-claims // CLAIMS_PER_DOCUMENT)):
            document = Document(
                text=f"Synthetic report {number}.",
                origin=f"synthetic/{number}.txt",
                format="text",
                source=Source(name=f"Synthetic outlet {number % 40}", kind="publisher"),
                published=datetime(2019, 12, 31, tzinfo=UTC),
                platform="web",
            )
            documents.append(kb.add_document(document).document_id)
    made = 0
    started = time.perf_counter()
    while made < claims:
        size = min(BATCH, claims - made)
        now = datetime.now(UTC)
        rows = []
        for number in range(made, made + size):
            document_id = documents[number // CLAIMS_PER_DOCUMENT]
            claim = synthetic_claim(rng, document_id, number, towns, groups, people)
            rows.append(to_row(claim) | {"created_at": now})
        with engine.begin() as connection:
            connection.execute(sa.insert(claims_table), rows)
        made += size
        print(f"\r{made:,} claims ({time.perf_counter() - started:.0f} s)", end="",
              file=sys.stderr)  # fmt: skip
    print(file=sys.stderr)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(sa.text("ANALYZE"))
        else:
            connection.execute(sa.text("ANALYZE claims"))
    return Corpus(provinces, people)


def timed(ask: Callable[[KnowledgeBase], object], session: Session) -> float:
    started = time.perf_counter()
    ask(KnowledgeBase(session))
    return (time.perf_counter() - started) * 1000


def _affiliations(kb: KnowledgeBase, *, person: str, day: date) -> object:
    return affiliations_as_of(ClaimReader(kb), person, day)


def _control(kb: KnowledgeBase, *, day: date, province: str, lookups: ControlLookups) -> object:
    return control_as_of(ClaimReader(kb), day, within=province, lookups=lookups)


def measure(engine: Engine, corpus: Corpus, queries: int) -> tuple[dict[str, list[float]], float]:
    """Time each question; control twice, computed from the claims (as while the stored
    periods are stale) and from the stored periods (as after ingestion). Also returns the
    seconds that building the stored periods took."""
    rng = random.Random(SEED + 1)
    questions = [
        (rng.choice(corpus.people), random_day(rng), rng.choice(corpus.provinces), random_day(rng))
        for _ in range(queries)
    ]
    timings: dict[str, list[float]] = {
        "affiliations as of": [],
        "control of a province, computed": [],
        "control of a province, stored": [],
    }
    with session_factory(engine)() as session:
        lookups = ControlLookups()
        lookups.directory(KnowledgeBase(session))
        for person, day, province, other_day in questions:
            timings["affiliations as of"].append(
                timed(partial(_affiliations, person=person, day=day), session)
            )
            timings["control of a province, computed"].append(
                timed(
                    partial(_control, day=other_day, province=province, lookups=lookups),
                    session,
                )
            )
        session.rollback()
    started = time.perf_counter()
    with session_factory(engine)() as session, session.begin():
        build_control(KnowledgeBase(session))
    built = time.perf_counter() - started
    with session_factory(engine)() as session:
        lookups = ControlLookups()
        lookups.directory(KnowledgeBase(session))
        for _, _, province, other_day in questions:
            timings["control of a province, stored"].append(
                timed(
                    partial(_control, day=other_day, province=province, lookups=lookups),
                    session,
                )
            )
        session.rollback()
    return timings, built


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'kb.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()


@contextmanager
def postgresql_engine(server: str) -> Iterator[Engine]:
    name = f"allegiance_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).set(drivername="postgresql+psycopg")
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def run(
    backend: str,
    engines: Callable[[], AbstractContextManager[Engine]],
    sizes: Sequence[int],
    queries: int,
) -> list[str]:
    rows = []
    for size in sizes:
        with engines() as engine:
            started = time.perf_counter()
            corpus = generate(engine, size)
            generated = time.perf_counter() - started
            timings, built = measure(engine, corpus, queries)
        for question, values in timings.items():
            rows.append(
                f"| {backend} | {size:,} | {question} | {statistics.median(values):.1f} | "
                f"{percentile(values, 0.95):.1f} | {max(values):.1f} | {generated:.0f} | "
                f"{built:.0f} |"
            )
            print(rows[-1], file=sys.stderr)
    return rows


POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"


def reachable(server: str) -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    engine = sa.create_engine(server)
    try:
        with engine.connect():
            return None
    except sa.exc.OperationalError as error:
        return str(error.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-analysis.md"))
    parser.add_argument("--claims", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument(
        "--postgresql",
        default=POSTGRESQL,
        help="a PostgreSQL server's maintenance database URL ('' to skip PostgreSQL)",
    )
    args = parser.parse_args(argv)
    rows = run("SQLite", sqlite_engine, args.claims, args.queries)
    notes = []
    if args.postgresql:
        problem = reachable(args.postgresql)
        if problem is None:
            rows += run("PostgreSQL", lambda: postgresql_engine(args.postgresql), args.claims,
                        args.queries)  # fmt: skip
        else:
            notes.append(f"- PostgreSQL not measured: the server did not answer ({problem})")
    lines = [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}",
        f"- command: `{shlex.join([os.path.relpath(sys.executable), *sys.argv])}`",
        f"- {args.queries} random questions of each kind per size; times in ms, each "
        "including building the ClaimReader; target: p95 < 50 ms at 100,000 claims on SQLite",
        *notes,
        "",
        "| backend | claims | question | median | p95 | max | seconds to generate | "
        "seconds to build control periods |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join([SECTION, "", *lines]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
