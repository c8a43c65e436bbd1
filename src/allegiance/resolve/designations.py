"""Designated parties of sanctions lists, as our own types, and what every list reader shares.

A designation list writes names for lawyers, not for matching: one alias field can hold
several names ("Hay'at Tahrir al-Sham (HTS) (هيئة تحرير الشام (original script);
Hay'et Tahrir al-Sham; …)"), annotations ("(previously listed as)", "(birth name)"),
and individuals are filed "SURNAME, Given". `split_alias` and `natural_order` turn these
into the names a report would use; nothing else is changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from allegiance.model.entity import Alias, Entity, EntityKind, Script, detect_script

ListName = Literal["un", "ofac"]
PartyKind = Literal["person", "group", "organization"]

# Words that make a listed entity a non-armed organisation (a charity, company, bank,
# exchange house, media outlet or government body) rather than an armed group. Checked
# on the primary name only: armed groups list their fronts as aliases (Lashkar-e-Tayyiba
# a.k.a. Falah-i-Insaniat Foundation).
_ORGANIZATION_WORDS = re.compile(
    r"\b(foundation|charit\w*|relief|trust|society|compan\w+|co|corp\w*|ltd|limited|llc"
    r"|inc|bank\w*|trading|exchange|establishment|agency|institute|office|ministry"
    r"|department|enterprises?|industr\w+|shipping|airlines?|fund|association|hawala"
    r"|group of companies|holding|s\.?a\.?r\.?l|sarl|gmbh|committee|university|school"
    r"|media|news|publications?|television|radio|bureau|commission|corporation)\b",
    re.IGNORECASE,
)
_GROUP_WORDS = re.compile(
    r"\b(army|front|brigades?|battalions?|forces?|militias?|movement|jihad\w*|mujahid\w*"
    r"|jama'?at\w*|jamaah|ansar\w*|qa'?ida|qaeda|islamic state|isil|isis|daesh|taliban"
    r"|lashkar|jaish|jaysh|harakat|tehrik|katibat?|liberation|resistance|shabaab|boko"
    r"|haram|network|emirate|fighters|legion|hizb\w*|hizballah|hezbollah|caucasus"
    r"|province|wilayat?|sharia|shari'a)\b",
    re.IGNORECASE,
)
# "Group" names armed groups on terrorism lists ("Abu Sayyaf Group") and firms elsewhere
# ("Mizan Machine Manufacturing Group").
_TERRORISM_GROUP_WORDS = re.compile(r"\b(group|combat|combatant|fighting)\b", re.IGNORECASE)
_ANNOTATIONS = frozenset(
    {"original script", "combat name", "nom de guerre", "sheikh", "shaykh", "mullah", "haji"}
)
_ANNOTATION_AFFIXES = re.compile(
    r"^\s*(original script|transliterations?|translation)\s*:\s*|\s+-\s+sub-unit name\s*$",
    re.IGNORECASE,
)
_BIRTH_NOTE = re.compile(r",?\s+(born|date of birth|dob)\b.*$", re.IGNORECASE | re.DOTALL)
_SEPARATORS = re.compile(r"\s*[;،]\s*")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ALIAS_KINDS = {"f.k.a.": "former", "primary": "name", "original script": "name"}


@dataclass(frozen=True, slots=True)
class AliasName:
    """One name of a listed party: `quality` is the list's own grading ("good", "low",
    "a.k.a.", "f.k.a.", "weak a.k.a.", "original script", "primary")."""

    name: str
    quality: str
    script: Script


@dataclass(frozen=True, slots=True)
class SanctionedParty:
    """One listed person, armed group or organisation, with every name the list gives.

    `name` is the primary name in natural order ("Hasan NASRALLAH", not "NASRALLAH,
    Hasan"); `aliases` excludes it. `linked_to` holds the list's own references to other
    parties: UN reference numbers ("QDe.115") cited in the narrative, or OFAC's
    "Linked To:" names. `nationality` keeps the list's country names as written.
    """

    list_name: ListName
    list_id: str
    kind: PartyKind
    name: str
    aliases: tuple[AliasName, ...] = ()
    nationality: tuple[str, ...] = ()
    linked_to: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    listed_on: str | None = None
    remarks: str | None = None
    addresses: tuple[str, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name and every alias, without repeats."""
        return tuple(dict.fromkeys((self.name, *(alias.name for alias in self.aliases))))

    def to_entity(self, entity_id: str) -> Entity:
        """The entity to store, keeping the list id as an external identifier.

        Each alias remembers where it was seen ("un:QDi.299"); its kind is "former" for
        f.k.a. names and "variant" for the list's other aliases.
        """
        seen_in = f"{self.list_name}:{self.list_id}"
        aliases = tuple(
            Alias(
                alias.name,
                alias.script,
                kind=_ALIAS_KINDS.get(alias.quality, "variant"),
                seen_in=seen_in,
            )
            for alias in self.aliases
        )
        attributes: dict[str, object] = {"programs": list(self.programs)}
        if self.nationality:
            attributes["nationality"] = list(self.nationality)
        return Entity(
            id=entity_id,
            kind=EntityKind(self.kind),
            name=self.name,
            aliases=aliases,
            attributes=attributes,
            external_ids={self.list_name: self.list_id},
        )


@dataclass(frozen=True, slots=True)
class Affiliation:
    """A listed party linked to another: `target_id` is the other party's list id when it
    is on the same list (None when the link names a party the list does not hold).

    An importer states it as a claim: `allegiance.membership` from a person,
    `group.alliance` between groups, attributed to the list.
    """

    source_id: str
    target_id: str | None
    target_name: str


def affiliations(parties: Iterable[SanctionedParty]) -> Iterator[Affiliation]:
    """Every `linked_to` of every party, resolved to the linked party's list id.

    UN links are reference numbers; OFAC links are primary names ("AL-NUSRAH FRONT"),
    matched exactly, ignoring case, against the primary names and aliases on the list.
    """
    parties = list(parties)
    by_id = {party.list_id: party for party in parties}
    by_name: dict[str, str] = {}
    for party in parties:
        for name in party.names:
            by_name.setdefault(name.casefold(), party.list_id)
    for party in parties:
        for link in party.linked_to:
            target = link if link in by_id else by_name.get(link.casefold())
            name = by_id[target].name if target is not None else link
            yield Affiliation(party.list_id, target, name)


def party_kind(name: str, *, armed_by_default: bool, terrorism: bool = False) -> PartyKind:
    """Armed group or organisation, from the words of a listed entity's primary name.

    Organisation words win (an "Establishment for Media Production" is not armed); then
    armed-group words ("army", "front", "brigade", "jihad"…, and "group" on terrorism
    lists); then the list's default: the UN Al-Qaida and Taliban lists and OFAC's FTO
    designations list armed groups, the other regimes list firms and state bodies.
    """
    if _ORGANIZATION_WORDS.search(name):
        return "organization"
    if _GROUP_WORDS.search(name) or armed_by_default:
        return "group"
    if terrorism and _TERRORISM_GROUP_WORDS.search(name):
        return "group"
    return "organization"


def natural_order(name: str) -> str:
    """ "SURNAME, Given" → "Given SURNAME"; any other name unchanged."""
    head, comma, tail = name.partition(",")
    if not comma or "," in tail or not head.strip() or not tail.strip():
        return name.strip()
    if tail.strip().strip(".").casefold() in _SUFFIXES:
        return name.strip()
    return f"{tail.strip()} {head.strip()}"


def split_alias(text: str) -> list[str]:
    """The names inside one alias field: the name outside parentheses, each ";"-separated
    name inside them (recursively), without annotations or birth notes."""
    outside, groups = _parenthesised(text)
    names = [
        piece
        for part in _SEPARATORS.split(_BIRTH_NOTE.sub("", outside))
        if (piece := part.strip(" ,.-"))
    ]
    for group in groups:
        for piece in _SEPARATORS.split(group):
            piece = _ANNOTATION_AFFIXES.sub("", piece).strip()
            if not _is_annotation(piece):
                names.extend(split_alias(piece))
    return list(dict.fromkeys(names))


def split_primary(text: str) -> tuple[str, list[str]]:
    """A primary name without its parentheses, and the acronyms they held ("HAQQANI
    NETWORK (HQN)"); longer parenthesised notes ("(BRANCH LOCATED IN …)") are dropped."""
    outside, groups = _parenthesised(text)
    acronyms = [group.strip() for group in groups if re.fullmatch(r"[\w./&-]{2,12}", group.strip())]
    return (outside.strip(" ,") or text.strip()), acronyms


def alias_names(text: str, quality: str) -> list[AliasName]:
    return [AliasName(name, quality, detect_script(name)) for name in split_alias(text)]


def _parenthesised(text: str) -> tuple[str, list[str]]:
    """Text outside top-level parentheses that open after a space, and their contents.

    A parenthesis glued to a word ("華信船務(香港)有限公司") is part of the name.
    """
    outside: list[str] = []
    groups: list[str] = []
    depth = 0
    current: list[str] = []
    for index, char in enumerate(text):
        opens = char == "(" and (depth > 0 or index == 0 or text[index - 1].isspace())
        if opens:
            depth += 1
            if depth == 1:
                continue
        elif char == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                groups.append("".join(current))
                current = []
                continue
        (current if depth else outside).append(char)
    if depth and current:
        groups.append("".join(current))
    return re.sub(r"\s+", " ", "".join(outside)).strip(), groups


def _is_annotation(piece: str) -> bool:
    """A note about a name rather than a name: all lower case, or with digits."""
    if not piece or piece.casefold() in _ANNOTATIONS or any(char.isdigit() for char in piece):
        return True
    return piece[0].islower() and not any(char.isupper() for char in piece)
