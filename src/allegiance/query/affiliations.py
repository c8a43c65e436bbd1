"""Affiliations over time: who was with which group, from when until when, on what evidence.

Pledge, membership and defection claims become intervals per person (or group) and line
of groups, walked in date order: a pledge opens an interval, a membership claim opens or
supports one, a defection ends one, and a pledge to another group ends every interval
with a group that is not kin to it (same line, part of or allied with it). A group that
is renamed keeps its members: an interval runs on through the line's later names.
Denied and negated claims never make intervals (they are kept as contested evidence),
expected ones never either; undated claims are kept, with an unknown start.
Rules and precedence: docs/affiliations.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import IntEnum, StrEnum

from allegiance.model import FuzzyDate, Hedge
from allegiance.query.claims import ClaimReader, CurrentClaim
from allegiance.query.relations import (
    NO_INTERVAL,
    Evidence,
    Holding,
    Lineages,
    Stage,
    firmest,
    holds_on,
    lineages_for,
)

PLEDGE, MEMBERSHIP, DEFECTION = (
    "allegiance.pledge",
    "allegiance.membership",
    "allegiance.defection",
)
ALLEGIANCE_TYPES = (PLEDGE, MEMBERSHIP, DEFECTION)
# Asked for as one family: the store builds one condition per type name asked for, and
# building them costs more than running the indexed query.
_FAMILY = ("allegiance",)
CHANGE_TYPES = (PLEDGE, DEFECTION)
OPERATOR = "account.operator"


class AffiliationKind(StrEnum):
    MEMBERSHIP = "membership"  # a membership claim supports it
    ALLEGIANCE = "allegiance"  # only pledges (and defections) do


@dataclass(frozen=True, slots=True)
class Affiliation:
    """An entity's tie to a group from `start` to `end`, and the claims behind it.

    `start` is None when no dated claim opens the tie; `end` is the date of the first
    claim that ended it (`end_evidence`), None while open or when it ended on an unknown
    date. `line` lists the group's lineage stages, treated as one group; `carried_from`
    names the earlier stage the tie was carried over from by a renaming, `renamed_to`
    the stage it carries on to. `hedge` is the firmest hedge of the supporting claims.
    """

    entity_id: str
    group_id: str
    kind: AffiliationKind
    start: FuzzyDate | None
    end: FuzzyDate | None
    role: str | None
    hedge: Hedge
    evidence: tuple[Evidence, ...]
    end_evidence: tuple[Evidence, ...] = ()
    contested: tuple[Evidence, ...] = ()
    line: tuple[str, ...] = ()
    carried_from: str | None = None
    renamed_to: str | None = None

    @property
    def is_hedged(self) -> bool:
        """No supporting claim is asserted: every one is reported, claimed, alleged…"""
        return self.hedge is not Hedge.ASSERTED

    @property
    def end_hedge(self) -> Hedge | None:
        return firmest(self.end_evidence)

    def holds_on(self, day: date) -> Holding:
        return holds_on(self.start, self.end, ended=bool(self.end_evidence), day=day)


@dataclass(frozen=True, slots=True)
class AffiliationTimeline:
    """An entity's affiliations, and the claims that made none: denied and expected ones."""

    entity_id: str
    affiliations: tuple[Affiliation, ...]
    contested: tuple[Evidence, ...]
    expected: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class AffiliationChange:
    """A pledge or defection as an event: who left which groups for which, when, per whom.

    `place_ids` are the places its evidence claims name (canonical, in evidence order):
    where the act was made or reported made. Empty when no claim names one; never guessed
    from the person's or the group's whereabouts.
    """

    entity_id: str
    type: str
    date: FuzzyDate | None
    joined: str | None
    left: tuple[str, ...]
    hedge: Hedge
    evidence: tuple[Evidence, ...]
    contested: tuple[Evidence, ...] = ()
    place_ids: tuple[str, ...] = ()


def affiliations(
    reader: ClaimReader, entity_id: str, *, lineages: Lineages | None = None
) -> list[Affiliation]:
    """Every affiliation of a person or group, dated ones first by start."""
    return list(timeline(reader, entity_id, lineages=lineages).affiliations)


def affiliations_as_of(
    reader: ClaimReader, entity_id: str, as_of: date, *, lineages: Lineages | None = None
) -> list[Affiliation]:
    """The affiliations that hold, or may hold, on `as_of` (see `Affiliation.holds_on`)."""
    found = affiliations(reader, entity_id, lineages=lineages)
    return [a for a in found if a.holds_on(as_of) in (Holding.YES, Holding.MAYBE)]


def members(
    reader: ClaimReader, group_id: str, *, lineages: Lineages | None = None
) -> list[Affiliation]:
    """Every affiliation with `group_id` or any stage of its line, of whoever had one.

    The members' claims are read in one query and walked as `timeline` walks them, but
    only the ties with this line become affiliations: a member's other groups matter only
    through the pledges and defections that may end a tie with this one.
    """
    lineages = lineages or lineages_for(reader)
    line = _line_ids(lineages, reader.canonical(group_id))
    naming = reader.claims(types=_FAMILY, entity_ids=sorted(line))
    subjects = sorted({c.subject_id for c in naming if c.object_id in line} - set(line))
    found = _timelines(reader, subjects, lineages, line=line, naming=naming).values()
    return sorted((a for each in found for a in each.affiliations), key=_order)


def members_as_of(
    reader: ClaimReader, group_id: str, as_of: date, *, lineages: Lineages | None = None
) -> list[Affiliation]:
    """Who was (or may have been) with `group_id`, or any stage of its line, on `as_of`."""
    found = members(reader, group_id, lineages=lineages)
    return [a for a in found if a.holds_on(as_of) in (Holding.YES, Holding.MAYBE)]


def timeline(
    reader: ClaimReader, entity_id: str, *, lineages: Lineages | None = None
) -> AffiliationTimeline:
    """The affiliations of one entity, with its contested and expected claims."""
    canonical = reader.canonical(entity_id)
    return timelines(reader, [canonical], lineages=lineages)[canonical]


def timelines(
    reader: ClaimReader, entity_ids: Collection[str], *, lineages: Lineages | None = None
) -> dict[str, AffiliationTimeline]:
    """The timelines of several entities from two queries: their claims, their accounts'."""
    return _timelines(reader, entity_ids, lineages or lineages_for(reader))


def _timelines(
    reader: ClaimReader,
    entity_ids: Collection[str],
    lineages: Lineages,
    *,
    line: tuple[str, ...] | None = None,
    naming: Sequence[CurrentClaim] = (),
) -> dict[str, AffiliationTimeline]:
    """`timelines`; with a `line`, only the affiliations with it, and `naming` must hold
    every allegiance claim that names the line."""
    wanted = {reader.canonical(entity_id) for entity_id in entity_ids}
    if not wanted:
        return {}
    if line is None:
        claims = reader.claims(types=(*_FAMILY, OPERATOR), entity_ids=sorted(wanted))
    else:
        claims = _bearing_on_line(reader, wanted, naming)
    operators = _operators(claims, wanted)
    if operators:
        claims += reader.claims(types=_FAMILY, entity_ids=sorted(operators))
    by_subject: dict[str, dict[str, tuple[CurrentClaim, str | None]]] = defaultdict(dict)
    for claim in claims:
        owner = operators.get(claim.subject_id, claim.subject_id)
        if owner in wanted and claim.type in ALLEGIANCE_TYPES:
            via = claim.subject_id if owner != claim.subject_id else None
            by_subject[owner][claim.id] = (claim, via)
    joined = _defected_to(reader, claims)
    return {
        entity: _timeline(entity, list(by_subject[entity].values()), lineages, joined, line)
        for entity in sorted(wanted)
    }


def _bearing_on_line(
    reader: ClaimReader, wanted: set[str], naming: Sequence[CurrentClaim]
) -> list[CurrentClaim]:
    """The claims of `wanted` that bear on their ties with one line, `naming` being the
    allegiance claims that name it.

    A membership of another group neither opens nor ends a tie with the line, so only
    pledges and defections (which may end one) and account operators are read; the
    memberships come from `naming`. Merged in the store's order (by date, undated last,
    then id) so that evidence is listed as `timeline` lists it.
    """
    read = reader.claims(types=(*CHANGE_TYPES, OPERATOR), entity_ids=sorted(wanted))
    kept = [c for c in naming if c.type == MEMBERSHIP and c.subject_id in wanted]
    return sorted([*read, *kept], key=_stored_order)


def _stored_order(claim: CurrentClaim) -> tuple[bool, date, str]:
    return claim.date is None, claim.date.start if claim.date else date.min, claim.id


def _operators(claims: Iterable[CurrentClaim], wanted: set[str]) -> dict[str, str]:
    """Account → person, for the accounts the wanted persons run (by firm enough claims)."""
    return {
        claim.object_id: claim.subject_id
        for claim in claims
        if claim.type == OPERATOR
        and claim.subject_id in wanted
        and claim.object_id is not None
        and claim.hedge not in NO_INTERVAL
        and claim.hedge is not Hedge.EXPECTED
    }


# Ties: what each claim says about the entity and one group ---------------------------


class Step(IntEnum):
    """What a claim does to a tie; the value orders claims of the same day."""

    ATTEST = 0  # a membership: the tie held on that date
    LEAVE = 1  # a defection, or a pledge to a group that is not kin
    JOIN = 2  # a pledge, or the group a defection went `to`


@dataclass(frozen=True, slots=True)
class Tie:
    group_id: str
    step: Step
    evidence: Evidence
    explicit: bool = True  # False for a leave implied by a pledge to another group

    @property
    def day(self) -> date | None:
        return self.evidence.date.start if self.evidence.date else None


def _timeline(
    entity_id: str,
    claims: list[tuple[CurrentClaim, str | None]],
    lineages: Lineages,
    joined: Mapping[str, str],
    only: tuple[str, ...] | None,
) -> AffiliationTimeline:
    """The entity's timeline; only its affiliations with the line `only` when given."""
    ties: list[Tie] = []
    contested, expected = [], []
    for claim, via in claims:
        if claim.object_id is None or claim.object_id == claim.subject_id:
            continue
        evidence = Evidence.of(claim, via=via)
        if claim.hedge in NO_INTERVAL:
            contested.append(evidence)
        elif claim.hedge is Hedge.EXPECTED:
            expected.append(evidence)
        else:
            ties.extend(_ties(claim, evidence, joined.get(claim.id)))
    lines: dict[tuple[str, ...], list[Tie]] = defaultdict(list)
    for tie in ties:
        lines[_line_ids(lineages, tie.group_id)].append(tie)
    joins = [tie for tie in ties if tie.step is Step.JOIN and tie.day is not None]
    found = [
        affiliation
        for line, own in lines.items()
        if only is None or line == only
        for affiliation in _line_affiliations(entity_id, line, own, joins, contested, lineages)
    ]
    return AffiliationTimeline(
        entity_id, tuple(sorted(found, key=_order)), tuple(contested), tuple(expected)
    )


def _ties(claim: CurrentClaim, evidence: Evidence, joined: str | None) -> list[Tie]:
    """The ties a claim makes; `joined` is the group a defection went `to`, if known."""
    assert claim.object_id is not None
    if claim.type == PLEDGE:
        return [Tie(claim.object_id, Step.JOIN, evidence)]
    if claim.type == MEMBERSHIP:
        return [Tie(claim.object_id, Step.ATTEST, evidence)]
    ties = [Tie(claim.object_id, Step.LEAVE, evidence)]
    if joined is not None and joined != claim.object_id:
        ties.append(Tie(joined, Step.JOIN, evidence))
    return ties


def _defected_to(reader: ClaimReader, claims: Iterable[CurrentClaim]) -> dict[str, str]:
    """Defection claim id → the group its `to` names, each name looked up once."""
    written = {c.id: c.claim.qualifiers.get("to") for c in claims if c.type == DEFECTION}
    groups = {name: _joined(reader, name) for name in set(written.values())}
    return {
        claim_id: group for claim_id, name in written.items() if (group := groups[name]) is not None
    }


def _joined(reader: ClaimReader, written: str | None) -> str | None:
    """The group a defection's `to` names: an entity id, or a name only one group has."""
    if not written:
        return None
    if written.startswith("ent-"):
        return reader.canonical(written)
    groups = {reader.canonical(e.id) for e in reader.kb.find_entities(written) if e.kind == "group"}
    return groups.pop() if len(groups) == 1 else None


def _line_ids(lineages: Lineages, group_id: str) -> tuple[str, ...]:
    return tuple(stage.group_id for stage in lineages.line(group_id))


# Intervals: walking one line's ties in date order ------------------------------------


@dataclass(slots=True)
class _Draft:
    start: FuzzyDate | None
    support: list[Evidence] = field(default_factory=list)
    ended: list[Evidence] = field(default_factory=list)
    end: FuzzyDate | None = None


def _line_affiliations(
    entity_id: str,
    line: tuple[str, ...],
    own: list[Tie],
    joins: list[Tie],
    contested: list[Evidence],
    lineages: Lineages,
) -> list[Affiliation]:
    """The affiliations with one line: its own ties, ended also by the dated `joins` of
    groups that are not kin to it."""
    elsewhere = [
        Tie(tie.group_id, Step.LEAVE, tie.evidence, explicit=False)
        for tie in joins
        if tie.group_id not in line and not lineages.are_kin(line[0], tie.group_id, on=tie.day)
    ]
    undated = [tie for tie in own if tie.day is None]
    drafts = _walk([tie for tie in own if tie.day is not None] + elsewhere, bool(undated))
    _place_undated(drafts, undated)
    against = tuple(e for e in contested if e.object_id in line)
    return [
        segment
        for draft in drafts
        for segment in _segments(entity_id, line, draft, own, against, lineages)
    ]


def _walk(dated: list[Tie], has_undated: bool) -> list[_Draft]:
    """Open, extend and close intervals, day by day (memberships, leaves, then pledges)."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for tie in sorted(dated, key=lambda t: (t.day, t.step)):
        if tie.step is not Step.LEAVE:
            if current is None:
                current = _Draft(tie.evidence.date)
                drafts.append(current)
            current.support.append(tie.evidence)
        elif current is not None:
            current.ended.append(tie.evidence)
            current.end, current = tie.evidence.date, None
        elif drafts:
            if tie.explicit or _same_day(drafts[-1].end, tie.evidence.date):
                drafts[-1].ended.append(tie.evidence)  # the same end, reported again
        elif tie.explicit or has_undated:
            drafts.append(_Draft(None, ended=[tie.evidence], end=tie.evidence.date))
    return drafts


def _same_day(first: FuzzyDate | None, second: FuzzyDate | None) -> bool:
    return first is not None and second is not None and first.start == second.start


def _place_undated(drafts: list[_Draft], undated: list[Tie]) -> None:
    """Attach undated claims where they can only belong, else keep them as their own tie."""
    if not undated:
        return
    support = [t.evidence for t in undated if t.step is not Step.LEAVE]
    leaves = [t.evidence for t in undated if t.step is Step.LEAVE]
    unknown_start = [d for d in drafts if d.start is None]
    target = drafts[0] if len(drafts) == 1 else (unknown_start[0] if unknown_start else None)
    if target is not None:
        target.support.extend(support)
        if target.start is None and not target.ended:
            target.ended.extend(leaves)
            return
        if not leaves:
            return
        support = []
    drafts.insert(0, _Draft(None, support=support, ended=leaves))


def _segments(
    entity_id: str,
    line: tuple[str, ...],
    draft: _Draft,
    own: list[Tie],
    contested: tuple[Evidence, ...],
    lineages: Lineages,
) -> list[Affiliation]:
    """One affiliation per stage of the line the interval runs through (renamings)."""
    evidence = [*draft.support, *draft.ended]
    named = next((tie.group_id for tie in own if tie.evidence in evidence), line[0])
    stages = lineages.line(named)
    first = _stage_at(stages, draft.start, named)
    later = [
        stage
        for stage in stages[stages.index(first) + 1 :]
        if draft.start is not None or draft.end is not None
        if stage.since is not None and (draft.end is None or stage.since.start < draft.end.start)
    ]
    base = _affiliation(entity_id, first.group_id, draft, contested, line)
    if not later:
        return [base]
    bounds = [first, *later]
    segments = []
    for index, stage in enumerate(bounds):
        following = bounds[index + 1] if index + 1 < len(bounds) else None
        segments.append(
            replace(
                base,
                group_id=stage.group_id,
                start=draft.start if index == 0 else stage.since,
                end=following.since if following else draft.end,
                end_evidence=() if following else base.end_evidence,
                carried_from=bounds[index - 1].group_id if index else None,
                renamed_to=following.group_id if following else None,
            )
        )
    return segments


def _stage_at(stages: tuple[Stage, ...], start: FuzzyDate | None, named: str) -> Stage:
    """The stage in force at `start`; the stage the claims name when the start is unknown."""
    if start is None:
        return next(stage for stage in stages if stage.group_id == named)
    begun = [s for s in stages if s.since is None or s.since.start <= start.start]
    return begun[-1] if begun else stages[0]


def _affiliation(
    entity_id: str,
    group_id: str,
    draft: _Draft,
    contested: tuple[Evidence, ...],
    line: tuple[str, ...],
) -> Affiliation:
    roles = dict.fromkeys(e.role for e in draft.support if e.role)
    membership = any(e.type == MEMBERSHIP for e in draft.support)
    hedge = firmest(draft.support) or firmest(draft.ended)
    assert hedge is not None
    return Affiliation(
        entity_id=entity_id,
        group_id=group_id,
        kind=AffiliationKind.MEMBERSHIP if membership else AffiliationKind.ALLEGIANCE,
        start=draft.start,
        end=draft.end,
        role=", ".join(roles) or None,
        hedge=hedge,
        evidence=tuple(draft.support),
        end_evidence=tuple(draft.ended),
        contested=contested,
        line=line if len(line) > 1 else (),
    )


def _order(affiliation: Affiliation) -> tuple[bool, date, bool, str]:
    """Dated first, by start (an unknown start sorts by its end, before what starts that
    day: it began earlier), then by group."""
    when = affiliation.start or affiliation.end
    started = affiliation.start is not None
    return when is None, when.start if when else date.min, started, affiliation.group_id


# Changes: pledges and defections as events --------------------------------------------


def affiliation_changes(
    reader: ClaimReader, entity_ids: Collection[str] | None, since: date | None
) -> list[AffiliationChange]:
    """Pledges and defections (of these entities, or of all) dated on or after `since`.

    Claims of one act (same subject, type, group and date) make one change, and undated
    claims join the one dated act their reports came after (`_fold_undated`); `left` names
    the groups whose affiliations the act ended, `place_ids` the places its claims name
    (a place is not part of what makes an act one). Expected acts are not changes. A denial
    is kept as contested evidence of the acts it denies; one that denies no act in view
    is a change of its own, with hedge `denied`.
    """
    wanted = None if entity_ids is None else sorted({reader.canonical(e) for e in entity_ids})
    claims = reader.claims(types=CHANGE_TYPES, entity_ids=wanted, since=since)
    claims = [
        c
        for c in claims
        if c.object_id not in (None, c.subject_id)
        and c.hedge is not Hedge.EXPECTED
        and (wanted is None or c.subject_id in wanted)
    ]
    acts: dict[tuple[str, str, str | None, str | None], list[CurrentClaim]] = defaultdict(list)
    denials: dict[tuple[str, str, str | None], list[CurrentClaim]] = defaultdict(list)
    for claim in claims:
        if claim.hedge in NO_INTERVAL:
            denials[(claim.subject_id, claim.type, claim.object_id)].append(claim)
        else:
            when = claim.date.to_text() if claim.date else None
            acts[(claim.subject_id, claim.type, claim.object_id, when)].append(claim)
    _fold_undated(reader, acts)
    found = timelines(reader, {subject for subject, *_ in acts})
    changes = [
        _change(reader, found[key[0]], group, denials.get(key[:3], []))
        for key, group in acts.items()
    ]
    denied = {key[:3] for key in acts}
    changes += [
        _change(reader, None, [], group) for key, group in denials.items() if key not in denied
    ]
    return sorted(changes, key=_change_order)


def _fold_undated(
    reader: ClaimReader, acts: dict[tuple[str, str, str | None, str | None], list[CurrentClaim]]
) -> None:
    """Undated claims of an act join the one dated act of the same subject, type and group
    that their reports came after: a report of 30 June saying "he pledged to ISIS" without a
    day most likely recalls the pledge of 25 June, not a second one. With no such act, or
    several, the undated claims stay an act of their own."""
    undated = [key for key in acts if key[3] is None]
    documents = {c.document_id for key in undated for c in acts[key]}
    published = reader.kb.publication_days(documents) if documents else {}
    for key in undated:
        dated = [
            other
            for other in acts
            if other[:3] == key[:3]
            and other[3] is not None
            and all(_reported_after(c, acts[other], published) for c in acts[key])
        ]
        if len(dated) == 1:
            acts[dated[0]] += acts.pop(key)


def _reported_after(
    claim: CurrentClaim, act: list[CurrentClaim], published: Mapping[str, date | None]
) -> bool:
    day = published.get(claim.document_id)
    start = min(c.date.start for c in act if c.date is not None)
    return day is not None and day >= start


def _change(
    reader: ClaimReader,
    timeline: AffiliationTimeline | None,
    claims: list[CurrentClaim],
    denials: list[CurrentClaim],
) -> AffiliationChange:
    first = (claims or denials)[0]
    support = tuple(Evidence.of(c) for c in claims)
    ids = {e.claim_id for e in support}
    ended = timeline.affiliations if timeline else ()
    left = dict.fromkeys(a.group_id for a in ended if ids & {e.claim_id for e in a.end_evidence})
    pledge = first.type == PLEDGE
    if not pledge and first.object_id is not None:
        left = {first.object_id: None} | left
    hedge = firmest(support) or first.hedge
    places = dict.fromkeys(c.place_id for c in (claims or denials) if c.place_id is not None)
    return AffiliationChange(
        entity_id=first.subject_id,
        type=first.type,
        date=first.date,
        joined=first.object_id if pledge else _joined(reader, first.claim.qualifiers.get("to")),
        left=tuple(left),
        hedge=hedge,
        evidence=support or tuple(Evidence.of(c) for c in denials),
        contested=tuple(Evidence.of(c) for c in denials) if claims else (),
        place_ids=tuple(places),
    )


def _change_order(change: AffiliationChange) -> tuple[bool, date, str]:
    return change.date is None, change.date.start if change.date else date.min, change.entity_id
