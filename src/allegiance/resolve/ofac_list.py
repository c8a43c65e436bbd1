"""Readers of the US Treasury OFAC Specially Designated Nationals list (legacy CSV).

`sdn.csv` has no header; its twelve columns are ent_num, SDN_Name, SDN_Type, Program,
Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks, and "-0-"
means empty. Strong aliases are in `alt.csv` (ent_num, alt_num, alt_type, alt_name,
alt_remarks); weak ones ("a.k.a. 'X'") and the affiliations ("Linked To: X.") are
inside Remarks. `add.csv` holds addresses. The files end with a DOS end-of-file byte.

Vessels and aircraft are not persons, groups or organisations: they are skipped, and
reported to the caller through `skipped` when given.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from allegiance.model.entity import detect_script
from allegiance.model.errors import InputError
from allegiance.resolve.designations import (
    AliasName,
    PartyKind,
    SanctionedParty,
    natural_order,
    party_kind,
    split_primary,
)

EMPTY = "-0-"
_SDN_COLUMNS = 12
_ALT_QUALITY = {"aka": "a.k.a.", "fka": "f.k.a.", "nka": "n.k.a."}
_REMARK_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s*'(.*)'$", re.DOTALL)
_NATIONALITY = re.compile(r"^(?:alt\. )?(?:nationality|citizen)\s+(.+)$", re.IGNORECASE)
_LINKED = re.compile(r"^Linked To:\s*(.+)$")
_TERRORISM_PROGRAMS = frozenset({"SDGT", "FTO", "SDT"})


def read_ofac_sdn(
    sdn_path: Path,
    *,
    alt_path: Path | None = None,
    add_path: Path | None = None,
    skipped: list[tuple[str, str]] | None = None,
) -> Iterator[SanctionedParty]:
    """Every listed person and entity; vessels and aircraft go to `skipped` (id, reason).

    Raises InputError when a file cannot be decoded or a row has the wrong shape.
    """
    alternates = _by_entity(_rows(alt_path, columns=5)) if alt_path else {}
    addresses = _by_entity(_rows(add_path, columns=6)) if add_path else {}
    for row in _rows(sdn_path, columns=_SDN_COLUMNS):
        ent_num, name, sdn_type, program = row[0], row[1], row[2], row[3]
        if sdn_type in ("vessel", "aircraft"):
            if skipped is not None:
                skipped.append((ent_num, sdn_type))
            continue
        remarks = row[11] or None
        yield _party(
            ent_num,
            name or "",
            sdn_type=sdn_type,
            programs=_programs(program),
            remarks=remarks,
            alternates=alternates.get(ent_num, []),
            addresses=[
                ", ".join(part for part in add[2:5] if part) for add in addresses.get(ent_num, [])
            ],
        )


def read_ofac_subset(path: Path) -> Iterator[SanctionedParty]:
    """The ISIL/Al-Qaida subset table (TSV with a header) derived from the 2024 SDN list.

    Aliases come from `alt_names_2022` ("aka:NAME | fka:NAME") and from `remarks` (read
    like the SDN Remarks; that column stops at 600 characters, so a late weak alias can
    be missing). The `akas` column is not used: it breaks names at apostrophes.
    """
    rows = _table(path)
    for number, row in enumerate(rows, start=2):
        if not row.get("ent_num") or not row.get("sdn_name"):
            raise InputError(str(path), f"line {number}: ent_num or sdn_name is empty")
        alternates = [
            ["", "", kind.strip(), name.strip(), ""]
            for item in (row.get("alt_names_2022") or "").split(" | ")
            if ":" in item
            for kind, name in [item.split(":", 1)]
        ]
        yield _party(
            row["ent_num"],
            row["sdn_name"],
            sdn_type="individual" if row.get("sdn_type") == "individual" else None,
            programs=_programs(row.get("programs") or ""),
            remarks=(row.get("remarks") or "").strip() or None,
            alternates=alternates,
            addresses=[],
        )


def _party(
    ent_num: str,
    name: str,
    *,
    sdn_type: str | None,
    programs: tuple[str, ...],
    remarks: str | None,
    alternates: list[list[str]],
    addresses: list[str],
) -> SanctionedParty:
    person = sdn_type == "individual"
    acronyms: list[str] = []
    if person:
        kind: PartyKind = "person"
        name = natural_order(name)
    else:
        terrorism = bool(_TERRORISM_PROGRAMS.intersection(programs))
        kind = party_kind(name, armed_by_default="FTO" in programs, terrorism=terrorism)
        name, acronyms = split_primary(name)
    notes = _remarks(remarks or "")
    names = [(alt[3], _ALT_QUALITY.get(alt[2], alt[2] or "a.k.a.")) for alt in alternates]
    names += [(text, f"weak {quality}") for quality, text in notes.aliases]
    names += [(acronym, "primary") for acronym in acronyms]
    return SanctionedParty(
        list_name="ofac",
        list_id=ent_num,
        kind=kind,
        name=name,
        aliases=_aliases(names, primary=name, person=person),
        nationality=tuple(notes.nationality),
        linked_to=tuple(notes.linked_to),
        programs=programs,
        remarks=remarks,
        addresses=tuple(address for address in addresses if address),
    )


def _aliases(names: list[tuple[str, str]], *, primary: str, person: bool) -> tuple[AliasName, ...]:
    """Aliases in natural order, each name once (the first quality wins), not the primary."""
    unique: dict[str, AliasName] = {}
    for text, quality in names:
        name = natural_order(text) if person else text.strip()
        if name and name != primary:
            unique.setdefault(name, AliasName(name, quality, detect_script(name)))
    return tuple(unique.values())


class _Remarks:
    def __init__(self) -> None:
        self.aliases: list[tuple[str, str]] = []
        self.nationality: list[str] = []
        self.linked_to: list[str] = []


def _remarks(remarks: str) -> _Remarks:
    """Weak aliases, nationalities and "Linked To:" names from a Remarks field."""
    found = _Remarks()
    segments = [segment.strip() for segment in remarks.split("; ")]
    for index, segment in enumerate(segments):
        if index == len(segments) - 1:
            segment = segment.removesuffix(".")
        if match := _REMARK_ALIAS.match(segment):
            found.aliases.append((f"{match.group(1)}.k.a.", match.group(2).strip()))
        elif match := _NATIONALITY.match(segment):
            found.nationality.append(match.group(1).strip())
        elif match := _LINKED.match(segment):
            found.linked_to.append(match.group(1).strip())
    return found


def _programs(text: str) -> tuple[str, ...]:
    return tuple(part.strip(" []") for part in re.split(r"\]\s*\[", text) if part.strip(" []"))


def _by_entity(rows: Iterable[list[str]]) -> dict[str, list[list[str]]]:
    grouped: defaultdict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row)
    return dict(grouped)


def _rows(path: Path, *, columns: int) -> Iterator[list[str]]:
    """The rows of a headerless OFAC CSV with "-0-" as "", checked for shape."""
    reader = csv.reader(io.StringIO(_decode(path).rstrip("\x1a\r\n"), newline=""))
    for row in reader:
        if not row:
            continue
        line = reader.line_num
        if len(row) != columns:
            raise InputError(str(path), f"line {line}: {len(row)} fields, expected {columns}")
        if not row[0].strip().isdigit():
            raise InputError(str(path), f"line {line}: ent_num {row[0]!r} is not a number")
        yield ["" if value.strip() == EMPTY else value.strip() for value in row]


def _table(path: Path) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(_decode(path), newline=""), delimiter="\t")
    rows = list(reader)
    if reader.fieldnames is None or "ent_num" not in reader.fieldnames:
        raise InputError(str(path), "not the ISIL/AQ subset table: no ent_num column")
    return rows


def _decode(path: Path) -> str:
    """UTF-8 (current files), else Windows-1252 (the encoding of OFAC's older files)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"neither UTF-8 nor Windows-1252 text: {exc}") from exc
