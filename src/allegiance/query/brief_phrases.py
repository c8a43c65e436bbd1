"""The words briefs are written in: dates at their precision, hedges, claim types as verbs.

Every phrase here is a plain template over stored values, so a sentence says no more than
the claims behind it: a month-dated claim reads "June 2014", never a day; a reported
claim reads "reportedly"; a denied one says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from allegiance.model import FuzzyDate, Hedge, Script

HEDGE_WORDS: Mapping[Hedge, str | None] = {
    Hedge.ASSERTED: None,
    Hedge.REPORTED: "reportedly",
    Hedge.CLAIMED: "claimed",
    Hedge.ALLEGED: "allegedly",
    Hedge.UNCERTAIN: "uncertain",
    Hedge.EXPECTED: "expected, not yet reported as done",
    Hedge.DENIED: "denied",
    Hedge.NEGATED: "said not to have happened",
}
"""How each hedge is shown beside a fact; an asserted fact needs no word."""

SCRIPT_NAMES: Mapping[Script, str] = {
    Script.LATIN: "Latin",
    Script.ARABIC: "Arabic",
    Script.OTHER: "other",
}

VERBS: Mapping[str, str] = {
    "allegiance.pledge": "pledged allegiance to",
    "allegiance.defection": "defected from",
    "allegiance.membership": "belonged to",
    "group.alliance": "allied with",
    "group.merger": "merged into",
    "group.split": "split from",
    "group.rivalry": "was a rival of",
    "group.agreement": "reached an agreement with",
    "territory.capture": "captured",
    "territory.withdrawal": "withdrew from",
    "territory.control": "controlled",
    "territory.presence": "was present in",
    "territory.siege": "besieged",
    "territory.designation": "declared a restricted zone in",
    "violence.clash": "clashed with",
    "violence.attack": "attacked",
    "violence.execution": "executed",
    "violence.killing": "killed",
    "violence.abduction": "abducted",
    "statement": "made a statement about",
    "statement.denial": "denied",
    "statement.threat": "threatened",
    "statement.demand": "made a demand of",
    "statement.condemnation": "condemned",
    "account.operator": "runs the account",
    "account.link": "shares an operator with",
    "account.activity": "showed account activity",
    "attribute.size": "commands",
    "attribute.nationality": "has the nationality",
}
"""Claim types as the verb of a sentence whose subject is the claim's subject."""

EVENT_NAMES: Mapping[str, str] = {
    "territory.capture": "capture",
    "territory.withdrawal": "withdrawal",
    "territory.siege": "siege",
    "territory.designation": "declaration of a restricted zone",
    "violence.clash": "armed clash",
    "violence.attack": "attack",
    "violence.killing": "killing",
    "violence.execution": "execution",
    "violence.abduction": "abduction",
    "allegiance.pledge": "pledge of allegiance",
    "allegiance.defection": "defection",
    "group.merger": "merger",
    "group.split": "split",
    "group.alliance": "alliance",
    "group.agreement": "agreement",
}
"""An event's type as a noun ("the capture of Mosul")."""


def date_text(when: FuzzyDate) -> str:
    """A date at the precision it was given: "25 June 2014", "June 2014", "2014"."""
    if when.precision == "year":
        return str(when.start.year)
    if when.precision == "month":
        return f"{when.start:%B} {when.start.year}"
    if when.precision == "week":
        return f"the week of {day_text(when)}"
    return day_text(when)


def day_text(when: FuzzyDate) -> str:
    return f"{when.start.day} {when.start:%B} {when.start.year}"


def period_text(start: FuzzyDate | None, end: FuzzyDate | None) -> str:
    """ "from 25 June 2014 until 29 June 2014", "until 25 June 2014, start unknown",
    "at an unknown date"."""
    if start is not None and end is not None:
        return f"from {date_text(start)} until {date_text(end)}"
    if start is not None:
        return f"from {date_text(start)}"
    if end is not None:
        return f"until {date_text(end)}, start unknown"
    return "at an unknown date"


def hedge_note(hedge: Hedge | None, *, according_to: Iterable[str] = ()) -> str:
    """The parenthesis that keeps a fact's hedge and attribution visible, or ""."""
    parts = [word] if hedge is not None and (word := HEDGE_WORDS[hedge]) else []
    names = list(dict.fromkeys(according_to))
    if names:
        parts.append("according to " + join_names(names))
    return f" ({'; '.join(parts)})" if parts else ""


def join_names(names: Iterable[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def verb(claim_type: str) -> str:
    """The verb of a claim type (or of its nearest parent type), else the type itself."""
    name = claim_type
    while name and name not in VERBS:
        name = name.rpartition(".")[0]
    return VERBS.get(name, claim_type.replace(".", " "))


def event_name(event_type: str) -> str:
    return EVENT_NAMES.get(event_type, event_type.replace(".", " "))


def count_text(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def quantity_text(value: float, unit: str) -> str:
    number = int(value) if value.is_integer() else value
    return f"about {number} {unit}"
