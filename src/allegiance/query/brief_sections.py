"""The sections of a brief on a person or group, and of a brief on a place.

Each function returns its sentences (possibly none); `build_brief` keeps the sections
that found something and names the others. Every sentence comes from
`BriefWriter.sentence`, so every one carries the claims behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from allegiance.model import Entity, EntityKind, Hedge
from allegiance.query.accounts import linked_accounts
from allegiance.query.affiliations import Affiliation, AffiliationKind, members, timeline
from allegiance.query.brief_phrases import (
    count_text,
    date_text,
    hedge_note,
    join_names,
    period_text,
    quantity_text,
    verb,
)
from allegiance.query.brief_writer import (
    DENIALS,
    BriefWriter,
    Sentence,
    doubtful_claims,
    find_events,
    firmest,
    names_section,
    split_events,
)
from allegiance.query.claims import CurrentClaim
from allegiance.query.control import ControlPeriod, control_timeline
from allegiance.query.control_rules import ControlStatus
from allegiance.query.corroboration import ATTACHED_TYPES
from allegiance.query.events import EVENT_FAMILIES
from allegiance.query.relations import Evidence, group_relations, lineages_for

Drafted = list[tuple[str, list[Sentence]]]
MAX_ACTORS = 12
"""Actors given a sentence each at a place; the others share one."""
_EVENT_TYPES = (*EVENT_FAMILIES, *ATTACHED_TYPES)
_HANDLED_ELSEWHERE = ("allegiance", "attribute.nationality", "account")


# A person, group or organization ----------------------------------------------------


def entity_sections(writer: BriefWriter, entity: Entity) -> Drafted:
    """Names, profile, affiliations, (members, relations,) accounts, events, questions."""
    ids = _line(writer, entity)
    claims = writer.reader.claims(entity_ids=ids)
    writer.remember(claims)
    mine = [c for c in claims if c.subject_id in ids]
    events = [
        event
        for event in find_events(writer, _neighbourhood(writer, claims))
        if set(ids) & set(event.actor_ids)
    ]
    key_events, disputed = split_events(writer, events)
    found = timeline(writer.reader, entity.id)
    nationality, nisba_questions = _nationality(writer, entity.name, mine)
    group_sections, denied_relations = _group_sections(writer, entity)
    in_events = {f.claim_id for sentence in disputed for f in sentence.footnotes}
    denied = [e for e in found.contested if e.claim_id not in in_events]
    questions = [
        *nisba_questions,
        *_evidence_questions(writer, "Denied", denied),
        *_evidence_questions(writer, "Expected, not reported as done", found.expected),
        *denied_relations,
        *disputed,
        *doubtful_claims(writer, mine, events, skip_types=_HANDLED_ELSEWHERE),
    ]
    return [
        ("Names", names_section(writer, ids, claims)),
        ("Profile", nationality + _size(writer, entity.name, mine)),
        ("Affiliations", [_affiliation(writer, entity.name, a) for a in found.affiliations]),
        *group_sections,
        ("Accounts", _accounts(writer, entity.name, mine)),
        ("Key events", key_events),
        ("Open questions", questions),
    ]


def _group_sections(writer: BriefWriter, entity: Entity) -> tuple[Drafted, list[Sentence]]:
    """A group's members and relations, and its denied relations (open questions)."""
    if entity.kind is not EntityKind.GROUP:
        return [], []
    relations, denied = _relations(writer, entity.id)
    return [("Members", _members(writer, entity.id)), ("Relations", relations)], denied


def _line(writer: BriefWriter, entity: Entity) -> list[str]:
    """The entity, or for a group every stage of its line (one group under successive
    names, by the actor gazetteer): ISIS's history belongs in the Islamic State's brief."""
    if entity.kind is not EntityKind.GROUP:
        return [entity.id]
    stages = lineages_for(writer.reader).line(entity.id)
    return list(dict.fromkeys([entity.id, *(stage.group_id for stage in stages)]))


def _neighbourhood(writer: BriefWriter, claims: Sequence[CurrentClaim]) -> list[CurrentClaim]:
    """The entity's event claims and the other event claims at the same places: the
    claims its events can be clustered from without clustering the whole base."""
    places = sorted({c.place_id for c in claims if c.place_id and c.type in _EVENT_TYPES})
    nearby = writer.reader.claims(types=_EVENT_TYPES, place_ids=places) if places else []
    writer.remember(nearby)
    chosen = {c.id: c for c in [*claims, *nearby] if c.type in _EVENT_TYPES}
    return list(chosen.values())


def _nationality(
    writer: BriefWriter, name: str, claims: Sequence[CurrentClaim]
) -> tuple[list[Sentence], list[Sentence]]:
    """Stated nationalities, and (when none is stated) the one a nisba suggests, which is
    also an open question."""
    stated: dict[str, list[CurrentClaim]] = defaultdict(list)
    inferred: dict[tuple[str, str], list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        if claim.type != "attribute.nationality" or claim.hedge in DENIALS:
            continue
        people = claim.claim.qualifiers.get("people") or claim.object_literal or "unknown"
        nisba = claim.claim.qualifiers.get("nisba")
        if nisba:
            inferred[(people, nisba)].append(claim)
        else:
            stated[people].append(claim)
    sentences = [
        writer.sentence(
            f"{name} is {people}"
            + hedge_note(firmest(c.hedge for c in found), according_to=writer.according_to(found))
            + ".",
            (c.id for c in found),
        )
        for people, found in stated.items()
    ]
    if stated:
        return sentences, []
    questions = []
    for (people, nisba), found in inferred.items():
        ids = [c.id for c in found]
        sentences.append(writer.sentence(f"{name} is probably {people} (nisba {nisba}).", ids))
        questions.append(
            writer.sentence(
                f"Nationality: {people} is only inferred from the nisba {nisba} in the name; "
                "no source states it.",
                ids,
            )
        )
    return sentences, questions


def _size(writer: BriefWriter, name: str, claims: Sequence[CurrentClaim]) -> list[Sentence]:
    """How many fighters the entity commands, per figure, with who says so."""
    figures: dict[tuple[float, str], list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        quantity = claim.claim.quantity
        if claim.type == "attribute.size" and quantity and claim.hedge not in DENIALS:
            figures[(quantity.value, quantity.unit)].append(claim)
    return [
        writer.sentence(
            f"{name} commands {quantity_text(value, unit)}"
            + hedge_note(firmest(c.hedge for c in found), according_to=writer.according_to(found))
            + ".",
            (c.id for c in found),
        )
        for (value, unit), found in figures.items()
    ]


def _affiliation(writer: BriefWriter, name: str, affiliation: Affiliation) -> Sentence:
    """ "X was commander of Jabhat al-Nusra until 25 June 2014 (start unknown); ended by …"."""
    group = writer.name(affiliation.group_id)
    if affiliation.kind is AffiliationKind.MEMBERSHIP:
        text = f"{name} was {affiliation.role or 'a member'} of {group}"
    else:
        text = f"{name} was pledged to {group}"
    text += " " + period_text(affiliation.start, affiliation.end)
    if affiliation.carried_from:
        text += f", carried over from its earlier name {writer.name(affiliation.carried_from)}"
    if affiliation.renamed_to:
        text += f", when the group was renamed {writer.name(affiliation.renamed_to)}"
    text += hedge_note(affiliation.hedge)
    ender = affiliation.end_evidence[0] if affiliation.end_evidence else None
    if ender is not None and not affiliation.renamed_to:
        target = f" {writer.name(ender.object_id)}" if ender.object_id else ""
        text += f"; ended by a claim that {name} {verb(ender.type)}{target}"
        text += hedge_note(ender.hedge)
    text += "."
    evidence = [*affiliation.evidence, *affiliation.end_evidence]
    return writer.sentence(text, (e.claim_id for e in evidence))


def _members(writer: BriefWriter, group_id: str) -> list[Sentence]:
    found = members(writer.reader, group_id)
    return [_affiliation(writer, writer.name(a.entity_id), a) for a in found]


def _relations(writer: BriefWriter, group_id: str) -> tuple[list[Sentence], list[Sentence]]:
    """Alliances, rivalries, mergers, splits and agreements; and denied ones as questions."""
    sentences, questions = [], []
    for relation in group_relations(writer.reader, group_id):
        text = (
            f"{writer.name(relation.group_id)} {verb(relation.type)} "
            f"{writer.name(relation.other_id)} {period_text(relation.start, relation.end)}"
            + hedge_note(relation.hedge)
            + "."
        )
        evidence = [*relation.evidence, *relation.end_evidence]
        sentences.append(writer.sentence(text, (e.claim_id for e in evidence)))
        questions += _evidence_questions(writer, "Denied", relation.contested)
    return sentences, questions


def _evidence_questions(
    writer: BriefWriter, label: str, evidence: Iterable[Evidence]
) -> list[Sentence]:
    return [
        writer.sentence(f"{label}: {writer.claim_text(writer.claim(e.claim_id))}.", [e.claim_id])
        for e in evidence
    ]


def _accounts(writer: BriefWriter, name: str, claims: Sequence[CurrentClaim]) -> list[Sentence]:
    """The accounts the entity runs, what they did, and the links between them."""
    operated: dict[str, list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        if claim.type == "account.operator" and claim.object_id and claim.hedge not in DENIALS:
            operated[claim.object_id].append(claim)
    sentences = []
    for account_id, found in operated.items():
        text = f"{name} runs the account {writer.name(account_id)}"
        according = writer.according_to(found)
        note = hedge_note(firmest(c.hedge for c in found), according_to=according)
        sentences.append(writer.sentence(text + note + ".", (c.id for c in found)))
    if not operated:
        return sentences
    about = writer.reader.claims(
        types=("account.activity", "account.link"), entity_ids=sorted(operated)
    )
    writer.remember(about)
    merged: dict[str, list[str]] = defaultdict(list)
    for claim in about:
        merged[_account_text(writer, claim)].append(claim.id)
    sentences += [writer.sentence(text, ids) for text, ids in merged.items()]
    return sentences + _judged_links(writer, operated)


def _judged_links(writer: BriefWriter, operated: dict[str, list[CurrentClaim]]) -> list[Sentence]:
    """Links between the entity's accounts that an analyst confirmed, cited by the claims
    naming the accounts' operator (the judgement itself is no claim)."""
    sentences = []
    seen: set[frozenset[str]] = set()
    for account_id in operated:
        for link in linked_accounts(writer.kb, account_id):
            pair = frozenset((account_id, link.account_id))
            if pair in seen:
                continue
            seen.add(pair)
            judgement = link.judgement
            text = (
                f"{writer.name(account_id)} and {writer.name(link.account_id)} were judged "
                f"to have one operator by {judgement.author} on {judgement.created:%Y-%m-%d}"
                + (f": {judgement.reason}" if judgement.reason else "")
                + "."
            )
            evidence = [c.id for a in sorted(pair) for c in operated.get(a, [])]
            sentences.append(writer.sentence(text, evidence))
    return sentences


def _account_text(writer: BriefWriter, claim: CurrentClaim) -> str:
    account = writer.name(claim.subject_id)
    note = hedge_note(claim.hedge, according_to=writer.according_to([claim]))
    if claim.type == "account.link" and claim.object_id:
        other = writer.name(claim.object_id)
        return f"{account} and {other} are reported to have one operator{note}."
    activity = claim.claim.qualifiers.get("activity", "activity reported").replace("_", " ")
    when = f" on {date_text(claim.date)}" if claim.date else " (undated)"
    return f"{account}: {activity}{when}{note}."


# A place or facility ----------------------------------------------------------------


def place_sections(writer: BriefWriter, place: Entity) -> Drafted:
    """Names, control over time and as of the date, events, actors present, questions."""
    claims = writer.reader.claims(place_ids=[place.id])
    writer.remember(claims)
    events = find_events(writer, [c for c in claims if c.type in _EVENT_TYPES])
    key_events, disputed = split_events(writer, events)
    periods = control_timeline(writer.reader, place.id, through=writer.as_of)
    contested = [p for p in periods if p.status is ControlStatus.CONTESTED]
    questions = [
        *(_period(writer, p, lead=f"Who holds {place.name} is disputed") for p in contested),
        *disputed,
        *doubtful_claims(writer, claims, events),
    ]
    return [
        ("Names", names_section(writer, [place.id], claims)),
        ("Control", _control(writer, place.name, periods)),
        ("Key events", key_events),
        ("Actors present", _actors(writer, place.id, claims)),
        ("Open questions", questions),
    ]


def _control(writer: BriefWriter, name: str, periods: Sequence[ControlPeriod]) -> list[Sentence]:
    """Each period of the place's status, then its status on the brief's date (or the last
    one reported)."""
    sentences = [_period(writer, period) for period in periods]
    sentences += [
        writer.sentence(
            f"Reported {_period_span(p)} without changing the status: "
            f"{count_text(len(p.other_claim_ids), 'claim')}.",
            p.other_claim_ids,
        )
        for p in periods
        if p.other_claim_ids
    ]
    if not periods:
        return sentences
    as_of = writer.as_of
    current = periods[-1]
    if as_of is not None:
        covering = [p for p in periods if p.covers(as_of)]
        if not covering:
            return sentences
        current = covering[-1]
        lead = f"On {as_of.isoformat()}, {name} was"
    else:
        lead = f"As last reported ({current.last_reported.isoformat()}), {name} was"
    sentences.append(writer.sentence(f"{lead} {_status(current)}.", current.claim_ids))
    return sentences


def _period(writer: BriefWriter, period: ControlPeriod, *, lead: str | None = None) -> Sentence:
    """ "From 10 June 2014: controlled by ISIS (claims reported, claimed; rule: …)"."""
    hedges = [h.value for h in period.hedges if h is not Hedge.ASSERTED]
    notes = [f"claims {', '.join(hedges)}"] if hedges else []
    notes.append(f"rule: {period.rule}")
    text = f"{_period_span(period)}: {_status(period)} ({'; '.join(notes)})."
    return writer.sentence(f"{lead}: {text}" if lead else text, period.claim_ids)


def _period_span(period: ControlPeriod) -> str:
    start = f"{period.start.day} {period.start:%B} {period.start.year}"
    if period.end is None:
        return f"from {start}"
    return f"from {start} until {period.end.day} {period.end:%B} {period.end.year}"


def _status(period: ControlPeriod) -> str:
    actor = period.actor.name if period.actor else "an unnamed actor"
    if period.status is ControlStatus.CONTROLLED:
        return f"controlled by {actor}"
    if period.status is ControlStatus.CONTESTED:
        return "contested between " + join_names(a.name for a in period.actors)
    if period.status is ControlStatus.PRESENCE:
        return f"a place where {actor} was present, without control"
    if period.status is ControlStatus.BESIEGED:
        held = f", held by {period.held_by.name}" if period.held_by else ""
        return f"besieged by {actor}{held}"
    if period.status is ControlStatus.WITHDRAWN:
        return f"left by {actor}, with no control reported afterwards"
    return "of unknown status"


def _actors(writer: BriefWriter, place_id: str, claims: Sequence[CurrentClaim]) -> list[Sentence]:
    """The actors the claims at the place name, most often named first."""
    named: dict[str, list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        for actor in (claim.subject_id, claim.object_id):
            if actor is not None and actor != place_id and _is_actor(writer, actor):
                named[actor].append(claim)
    ranked = sorted(named.items(), key=lambda item: (-len(item[1]), writer.name(item[0])))
    sentences = []
    for actor, found in ranked[:MAX_ACTORS]:
        verbs = join_names(dict.fromkeys(verb(c.type) for c in found))
        text = f"{writer.name(actor)} is named in {count_text(len(found), 'claim')} here ({verbs})."
        sentences.append(writer.sentence(text, (c.id for c in found)))
    rest = ranked[MAX_ACTORS:]
    if rest:
        names = join_names(writer.name(actor) for actor, _ in rest)
        text = f"Also named here, in fewer claims: {names}."
        sentences.append(writer.sentence(text, (c.id for _, found in rest for c in found)))
    return sentences


def _is_actor(writer: BriefWriter, entity_id: str) -> bool:
    kind = writer.entity(entity_id).kind
    return kind in (EntityKind.PERSON, EntityKind.GROUP, EntityKind.ORGANIZATION)
