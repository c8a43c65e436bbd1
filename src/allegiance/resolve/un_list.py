"""Reader of the UN Security Council Consolidated Sanctions List (XML).

Schema: https://www.un.org/sc/resources/sc-sanctions.xsd. Each INDIVIDUAL or ENTITY
becomes a SanctionedParty. Its names are the FIRST…FOURTH_NAME (the primary name),
NAME_ORIGINAL_SCRIPT and every INDIVIDUAL_ALIAS/ENTITY_ALIAS (split where one alias field
holds several names). The list has no "Linked To" field: links are the reference
numbers the COMMENTS1 narrative cites ("Leader of … listed as Al-Qaida in Iraq
(QDe.115)"), kept in order of first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml

from allegiance.model.entity import detect_script
from allegiance.model.errors import InputError
from allegiance.resolve.designations import (
    AliasName,
    SanctionedParty,
    alias_names,
    party_kind,
    split_primary,
)

# Sanctions regimes that list armed groups (ISIL/Al-Qaida, Taliban); the others list
# firms and state bodies, whose entities are organisations unless their name says "army".
ARMED_LISTS = frozenset({"Al-Qaida", "Taliban"})
_REFERENCE = re.compile(r"\b[A-Z]{2}[ie]\.\d{3}\b")
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def read_un_consolidated(path: Path) -> Iterator[SanctionedParty]:
    """Every listed individual (a person) and entity (a group or organisation).

    Raises InputError when the file is not well-formed XML, is not a consolidated list,
    or a record lacks its reference number or name.
    """
    root = _root(path)
    for section, record_tag in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
        for record in root.iterfind(f"{section}/{record_tag}"):
            yield _party(path, record, individual=record_tag == "INDIVIDUAL")


def _root(path: Path) -> Element:
    try:
        root: Element = parse_xml(path).getroot()
    except (ParseError, DefusedXmlException) as exc:
        raise InputError(str(path), f"not a readable XML file: {exc}") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise InputError(str(path), f"root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    return root


def _party(path: Path, record: Element, *, individual: bool) -> SanctionedParty:
    reference = _text(record, "REFERENCE_NUMBER")
    name, acronyms = split_primary(
        " ".join(part for tag in _NAME_PARTS if (part := _text(record, tag)))
    )
    if not reference or not name:
        dataid = _text(record, "DATAID") or "?"
        raise InputError(str(path), f"{record.tag} {dataid} lacks a reference number or name")
    list_type = _text(record, "UN_LIST_TYPE")
    comments = _text(record, "COMMENTS1")
    remarks = re.sub(r"\s+", " ", comments).strip() if comments else None
    return SanctionedParty(
        list_name="un",
        list_id=reference,
        kind="person"
        if individual
        else party_kind(name, armed_by_default=list_type in ARMED_LISTS, terrorism=True),
        name=name,
        aliases=_aliases(record, name, acronyms),
        nationality=tuple(_values(record, "NATIONALITY")),
        linked_to=_references(remarks or "", own=reference),
        programs=(list_type,) if list_type else (),
        listed_on=_text(record, "LISTED_ON"),
        remarks=remarks,
        addresses=tuple(_addresses(record)),
    )


def _aliases(record: Element, primary: str, acronyms: list[str]) -> tuple[AliasName, ...]:
    found = [AliasName(acronym, "primary", detect_script(acronym)) for acronym in acronyms]
    original = _text(record, "NAME_ORIGINAL_SCRIPT")
    if original:
        found.extend(alias_names(original, "original script"))
    for alias in record:
        if alias.tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
            text = _text(alias, "ALIAS_NAME")
            quality = (_text(alias, "QUALITY") or "unknown").casefold()
            if text:
                found.extend(alias_names(text, quality))
    unique: dict[str, AliasName] = {}
    for found_alias in found:
        if found_alias.name != primary:
            unique.setdefault(found_alias.name, found_alias)
    return tuple(unique.values())


def _references(remarks: str, *, own: str) -> tuple[str, ...]:
    cited = (reference for reference in _REFERENCE.findall(remarks) if reference != own)
    return tuple(dict.fromkeys(cited))


def _addresses(record: Element) -> Iterator[str]:
    for address in record:
        if address.tag in ("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
            parts = [(child.text or "").strip() for child in address if child.tag != "NOTE"]
            if text := ", ".join(part for part in parts if part):
                yield text


def _values(record: Element, tag: str) -> Iterator[str]:
    for value in record.iterfind(f"{tag}/VALUE"):
        if value.text and value.text.strip():
            yield value.text.strip()


def _text(element: Element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None
