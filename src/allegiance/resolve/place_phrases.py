"""Place phrases: "near Mayadin", "eastern Deir ez-Zor", "X province", "ريف حلب الشرقي".

`parse_place_phrase` peels the words around a place name off, one layer at a time, and
records what they say: a relation to the place ("near", "north of", "eastern"), how
precisely the phrase locates something (ACLED-style precision 1/2/3) and which kind of
unit it names (a province, a district; a settlement; a facility). The name left over is
always a substring of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIONS = r"north|south|east|west|north-?east|north-?west|south-?east|south-?west"
_ADJECTIVES = rf"(?:{_DIRECTIONS.replace('|', 'ern|')}ern|central)"
_ARABIC_POINTS = {"شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west"}
_ARABIC_ADJECTIVES = {
    "الشمالي": "northern",
    "الجنوبي": "southern",
    "الشرقي": "eastern",
    "الغربي": "western",
}


@dataclass(frozen=True, slots=True)
class PlacePhrase:
    """What a place mention says beyond the name.

    `precision` is 1 (the place itself), 2 (near it or part of it) or 3 (a district,
    province or region); `relation` is the normalised relation word; `admin_level_hint` is
    "province", "district", "subdistrict" or "region" when the phrase names an area;
    `feature_hint` is "settlement" ("the town of X") or "facility" ("X air base").
    """

    name: str
    precision: int = 1
    relation: str | None = None
    admin_level_hint: str | None = None
    feature_hint: str | None = None


@dataclass(frozen=True, slots=True)
class _Layer:
    """Words around a name: `pattern` has a group `rest` (the inside) and maybe `rel`.

    A `head` layer ("control of", "the Iraqi side of") is kept on when what it leaves names
    no place ("the crossing"), or every report's "Iraqi side of the crossing" would become
    one place called "crossing".
    """

    pattern: re.Pattern[str]
    precision: int
    relation: str | None = None
    hint: str | None = None
    feature: str | None = None
    head: bool = False


def _layer(
    regex: str,
    precision: int,
    *,
    relation: str | None = None,
    hint: str | None = None,
    feature: str | None = None,
    head: bool = False,
) -> _Layer:
    return _Layer(re.compile(regex, re.IGNORECASE), precision, relation, hint, feature, head)


def _before(words: str) -> str:
    return rf"^(?:{words})\s+(?P<rest>.+)$"


def _after(words: str) -> str:
    return rf"^(?P<rest>.+?)(?:['’]s)?[\s,]+(?:{words})$"


_NEAR = (
    r"near|nearby|close\s+to|around|outside|next\s+to|in\s+the\s+vicinity\s+of"
    r"|the\s+vicinity\s+of|vicinity\s+of|the\s+area\s+of|the\s+environs\s+of"
)
_DISTANCE = r"(?:[\d.,]+\s*(?:km|kilometers|kilometres|miles|mi)\s+)?(?:to\s+the\s+)?"
_SETTLEMENT = "settlement"
# Heads that claim extraction leaves on an argument ("took control of the Baiji refinery")
# or that name the place's middle: the place itself, so precision 1.
_HEAD_OF_PLACE = (
    r"(?:the\s+)?(?:(?:full|effective|total|complete|partial)\s+)?control\s+(?:of|over)"
    r"|(?:the\s+)?(?:(?:city|town)\s+)?(?:centre|center|heart)\s+of"
)
# Heads that name a part of the place: "the Iraqi side of the crossing", "both sides of",
# "parts of", "most of". Direction phrases ("south of X": not in X) are a layer of their own.
_PART_OF_PLACE = (
    r"(?:(?:the|its|their|both|either|each|one)\s+)?(?:[^\s,]+\s+)?sides?\s+of"
    r"|(?:(?:some|large|other)\s+)?parts?\s+of|(?:most|much)\s+of"
)

# Tried in order; the outermost layer of a phrase is peeled first, then the next.
_LAYERS: tuple[_Layer, ...] = (
    _layer(_before(r"in|at|on|into|from|inside|across|throughout|of|the"), 1),
    # heads before the place come off before anything inside them is read
    _layer(_before(_HEAD_OF_PLACE), 1, head=True),
    _layer(_before(_PART_OF_PLACE), 2, relation="part of", head=True),
    # a crossing named with the country across it: "the al-Qaim crossing with Syria"
    _layer(r"^(?P<rest>.+?\b(?:crossing|border\s+gate))\s+(?:with|into|to)\s+\S.*$", 1),
    # unit words first: "Rural Damascus governorate" is the unit "Rural Damascus"
    _layer(_before(r"(?:the\s+)?(?:province|governorate|wilayah?)\s+of"), 3, hint="province"),
    _layer(_after(r"province|governorate|wilayah?|muhafazah?|mühafəzəsi"), 3, hint="province"),
    _layer(
        _before(r"(?:the\s+)?(?:district|qada|qadaa)\s+of|qa[dḑḍ][aā]['’ʼ`]?"), 3, hint="district"
    ),
    _layer(_after(r"district|qada|qadaa|mantiqa"), 3, hint="district"),
    _layer(_after(r"sub-?district|nahiya|nahiyah"), 3, hint="subdistrict"),
    _layer(_after(r"region"), 3, hint="region"),
    _layer(
        rf"^(?P<rel>{_ADJECTIVES})\s+countryside\s+of\s+(?P<rest>.+)$",
        3,
        relation="{} countryside",
        hint="region",
    ),
    _layer(
        rf"^(?P<rest>.+?)(?:['’]s)?\s+(?P<rel>{_ADJECTIVES})\s+countryside$",
        3,
        relation="{} countryside",
        hint="region",
    ),
    _layer(rf"^(?P<rel>{_ADJECTIVES})\s+(?P<rest>.+)$", 3, relation="{}", hint="region"),
    _layer(rf"^{_DISTANCE}(?P<rel>{_DIRECTIONS})\s+of\s+(?P<rest>.+)$", 2, relation="{} of"),
    _layer(_before(_NEAR), 2, relation="near"),
    _layer(
        _before(r"(?:the\s+)?(?:outskirts|suburbs|edges?|periphery)\s+of"), 2, relation="outskirts"
    ),
    _layer(_before(r"(?:the\s+)?countryside\s+of|rural"), 2, relation="countryside"),
    _layer(_after(r"countryside|rural\s+areas?"), 2, relation="countryside"),
    _layer(_after(r"outskirts|suburbs"), 2, relation="outskirts"),
    _layer(_after(r"area|environs|vicinity"), 2, relation="near"),
    _layer(_before(r"(?:the\s+)?(?:city|town|village|hamlet)\s+of|markaz"), 1, feature=_SETTLEMENT),
    _layer(_after(r"city|town|village"), 1, feature=_SETTLEMENT),
    # an owner of one or two words: "Syria's Deir al-Zour", "Iraq's Anbar"
    _layer(r"^[^\s'’]+(?:\s+[^\s'’]+)?['’]s\s+(?P<rest>.+)$", 1),
    _layer(_before(r"بالقرب\s+من|قرب|محيط|حول"), 2, relation="near"),
    _layer(_before(r"أطراف|اطراف|ضواحي|مشارف"), 2, relation="outskirts"),
    _layer(_before(r"محافظة|ولاية|پارێزگای"), 3, hint="province"),
    _layer(_before(r"منطقة|قضاء|قەزای"), 3, hint="district"),
    _layer(_before(r"ناحية|ناحیەی"), 3, hint="subdistrict"),
    _layer(_before(r"مدينة|بلدة|قرية|مركز|في"), 1, feature=_SETTLEMENT),
)
_ARABIC_COUNTRYSIDE = re.compile(r"^ريف\s+(?P<rest>.+?)(?:\s+(?P<rel>ال\w+ي))?$")
_ARABIC_POINT = re.compile(r"^(?:في\s+)?(?P<rel>شمال|جنوب|شرق|غرب)(?:ي)?\s+(?P<rest>.+)$")
_FACILITY_WORDS = (
    r"(?:(?:military|main|border|international|central)\s+)?"
    r"(?:air\s*base|airbase|airport|air\s*field|base|barracks|camp|dam|barrage|oil\s*field"
    r"|gas\s*field|field|refinery|crossing|border\s+gate|prison|jail|garrison|academy"
    r"|school|plant)"
)
_FACILITY = re.compile(rf"^(?P<rest>.+?)[\s,]+{_FACILITY_WORDS}$", re.IGNORECASE)
# "the border crossing": what a head layer must not leave (see _Layer)
_UNNAMED_FACILITY = re.compile(rf"^(?:the\s+)?{_FACILITY_WORDS}$", re.IGNORECASE)
_ARABIC_FACILITY = re.compile(
    r"^(?:مطار|قاعدة|حقل|معبر|سد|سدة|سجن|معسكر|مصفاة|معمل)\s+(?P<rest>.+?)"
    r"(?:\s+(?:العسكري|الجوية|النفطي|الدولي|المركزي))?$"
)
_CAMP = re.compile(r"^(?:camp|fob|forward\s+operating\s+base)\s+(?P<rest>.+)$", re.IGNORECASE)
_FUNCTION_WORDS = frozenset({"the", "of", "a", "an", "and", "to"})
_TRIM = " \t\n\r\"'“”‘’«»()[]{},.;:!?"


def parse_place_phrase(text: str) -> PlacePhrase:
    """The name, relation, precision and hints of a place mention such as "near Mayadin"."""
    return place_phrase_steps(text)[-1]


def place_phrase_steps(text: str) -> list[PlacePhrase]:
    """The phrase after each layer peeled: the whole mention first, the bare name last.

    A resolver tries them in turn, so that a name which only looks like a phrase
    ("Rural Damascus", "Eastern Ghouta") is found before its words are taken off.
    """
    name = text.strip(_TRIM) or text
    steps = [PlacePhrase(name, feature_hint=_facility_hint(name))]
    for _ in range(8):  # layers nest only a few deep: "near the outskirts of the town of X"
        peeled = _peel(steps[-1].name)
        if peeled is None:
            break
        name, layer, relation = peeled
        last = steps[-1]
        steps.append(
            PlacePhrase(
                name,
                precision=max(last.precision, layer.precision),
                relation=last.relation or relation,
                admin_level_hint=last.admin_level_hint or layer.hint,
                feature_hint=_facility_hint(name) or last.feature_hint or layer.feature,
            )
        )
    return steps


def _facility_hint(name: str) -> str | None:
    return "facility" if strip_facility(name) is not None else None


def strip_facility(name: str) -> str | None:
    """The place a facility phrase is named after ("Mayadin air base" → "Mayadin"), or None."""
    match = _FACILITY.match(name) or _ARABIC_FACILITY.match(name)
    if match is None:
        return None
    rest = match.group("rest").strip(_TRIM)
    return rest if rest and rest.casefold() not in _FUNCTION_WORDS else None


def facility_core(name: str) -> str | None:
    """A facility's name without its generic words ("Camp Speicher" → "Speicher"), or None."""
    camp = _CAMP.match(name)
    return camp.group("rest").strip(_TRIM) if camp else strip_facility(name)


def _peel(name: str) -> tuple[str, _Layer, str | None] | None:
    """The name inside one layer of surrounding words, the layer and its relation word."""
    arabic = _peel_arabic(name)
    if arabic is not None:
        return arabic
    for layer in _LAYERS:
        match = layer.pattern.match(name)
        if match:
            rest = match.group("rest").strip(_TRIM)
            if _is_name(rest, after_head=layer.head):
                return rest, layer, _relation(layer, match.groupdict().get("rel"))
    return None


def _is_name(rest: str, *, after_head: bool) -> bool:
    """Whether what a layer leaves can name a place: not blank (a no-break space is not
    trimmed) nor a bare "the"; after a head, not a bare facility word ("the crossing")."""
    if not rest.strip() or rest.casefold() in _FUNCTION_WORDS:
        return False
    return not (after_head and _UNNAMED_FACILITY.match(rest))


def _peel_arabic(name: str) -> tuple[str, _Layer, str | None] | None:
    countryside = _ARABIC_COUNTRYSIDE.match(name)
    if countryside:
        adjective = _ARABIC_ADJECTIVES.get(countryside.group("rel") or "")
        rest = countryside.group("rest") if adjective else name.removeprefix("ريف").strip()
        if adjective:
            return rest, _Layer(countryside.re, 3, None, "region"), f"{adjective} countryside"
        return rest, _Layer(countryside.re, 2), "countryside"
    point = _ARABIC_POINT.match(name)
    if point and point.group("rest").strip():
        relation = f"{_ARABIC_POINTS[point.group('rel')]} of"
        return point.group("rest").strip(), _Layer(point.re, 2), relation
    return None


def _relation(layer: _Layer, word: str | None) -> str | None:
    """The layer's relation, with its direction word filled in: "{} of" → "northeast of"."""
    if layer.relation is None or word is None:
        return layer.relation
    return layer.relation.format(word.casefold().replace("-", ""))
