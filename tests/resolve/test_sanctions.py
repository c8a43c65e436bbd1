"""Readers of the UN consolidated list and the OFAC SDN list, on the real files."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from allegiance.model import EntityKind, InputError, Script
from allegiance.resolve.sanctions import (
    Affiliation,
    SanctionedParty,
    affiliations,
    natural_order,
    party_kind,
    read_ofac_sdn,
    read_ofac_subset,
    read_un_consolidated,
    split_alias,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "sanctions"
UN = DATA / "un-consolidated"
OFAC = DATA / "ofac-sdn"

# Absent data skips these tests, unless ALLEGIANCE_REQUIRE_DATA=1 (CI): then they run and fail.
needs_data = pytest.mark.skipif(
    not DATA.is_dir() and os.environ.get("ALLEGIANCE_REQUIRE_DATA") != "1",
    reason=f"{DATA} is absent",
)


def _by_id(parties: list[SanctionedParty]) -> dict[str, SanctionedParty]:
    return {party.list_id: party for party in parties}


@pytest.fixture(scope="module")
def un_2025() -> dict[str, SanctionedParty]:
    return _by_id(list(read_un_consolidated(UN / "un_consolidated_2025-04-19.xml")))


@pytest.fixture(scope="module")
def ofac_2022() -> dict[str, SanctionedParty]:
    parties = read_ofac_sdn(
        OFAC / "sdn_2022-01.csv",
        alt_path=OFAC / "alt_2022-01.csv",
        add_path=OFAC / "add_2022-01.csv",
    )
    return _by_id(list(parties))


@needs_data
@pytest.mark.parametrize(
    ("snapshot", "persons", "others"),
    [("2018-10-29", 703, 390), ("2020-03-20", 709, 305), ("2025-04-19", 684, 193)],
)
def test_read_un_consolidated_reads_every_listed_party(
    snapshot: str, persons: int, others: int
) -> None:
    kinds = Counter(
        party.kind for party in read_un_consolidated(UN / f"un_consolidated_{snapshot}.xml")
    )
    assert kinds["person"] == persons
    assert kinds["group"] + kinds["organization"] == others


@needs_data
def test_read_un_consolidated_keeps_names_links_and_nationality(
    un_2025: dict[str, SanctionedParty],
) -> None:
    baghdadi = un_2025["QDi.299"]
    assert baghdadi.kind == "person"
    assert baghdadi.name == "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI"
    assert {"Abu Bakr al-Baghdadi", "أبو دعاء", "إبراهيم عواد إبراهيم علي البدري السامرائي"} <= set(
        baghdadi.names
    )
    assert baghdadi.linked_to == ("QDe.115",)
    assert baghdadi.nationality == ("Iraq",)
    assert baghdadi.listed_on == "2011-10-05" and baghdadi.programs == ("Al-Qaida",)


@needs_data
def test_read_un_consolidated_splits_composite_aliases(un_2025: dict[str, SanctionedParty]) -> None:
    nusra = un_2025["QDe.137"]
    assert nusra.kind == "group"
    names = set(nusra.names)
    assert {"Hay’at Tahrir al-Sham", "HTS", "هيئة تحرير الشام", "Jabhat Fath al-Sham"} <= names
    assert not any("original script" in name or "(" in name for name in names)
    arabic = [alias for alias in nusra.aliases if alias.name == "هيئة تحرير الشام"]
    assert arabic[0].script is Script.ARABIC and arabic[0].quality == "a.k.a."


@needs_data
def test_read_un_consolidated_tells_groups_from_organisations(
    un_2025: dict[str, SanctionedParty],
) -> None:
    kinds = {party.name: party.kind for party in un_2025.values()}
    assert kinds["AL-QAIDA IN IRAQ"] == "group"
    assert kinds["AL-SHABAAB"] == "group"
    assert kinds["RABITA TRUST"] == "organization"
    assert kinds["GLOBAL RELIEF FOUNDATION"] == "organization"


@needs_data
def test_read_ofac_sdn_joins_strong_aliases_from_alt(ofac_2022: dict[str, SanctionedParty]) -> None:
    isil = ofac_2022["8759"]
    assert isil.kind == "group" and isil.programs == ("FTO", "SDGT")
    assert {"DAESH", "ISIS", "AL-QAIDA IN IRAQ"} <= set(isil.names)
    assert len(isil.aliases) >= 30
    qualities = {alias.name: alias.quality for alias in isil.aliases}
    assert qualities["DAESH"] == "a.k.a." and qualities["AL HAYAT"] == "weak a.k.a."


@needs_data
def test_read_ofac_sdn_parses_remarks(ofac_2022: dict[str, SanctionedParty]) -> None:
    kabi = ofac_2022["18047"]
    assert kabi.name == "Sa'd bin Sa'd Muhammad Shariyan AL-KA'BI"
    assert kabi.linked_to == ("AL-NUSRAH FRONT",)
    assert kabi.nationality == ("Qatar",)
    assert {"Abu Haza'", "'Umar al-Afghani", "Abu Sa'd"} <= set(kabi.names)
    anizi = ofac_2022["19811"]
    assert anizi.linked_to == ("AL QA'IDA", "AL-NUSRAH FRONT")
    assert "Zubayr AL-KUWAITI" in anizi.names
    assert anizi.addresses == ("Hawali, Hawali Governorate, Kuwait",)


@needs_data
def test_read_ofac_sdn_reports_skipped_vessels_and_aircraft() -> None:
    skipped: list[tuple[str, str]] = []
    parties = list(read_ofac_sdn(OFAC / "sdn_2024-05-03.csv", skipped=skipped))
    assert len(parties) + len(skipped) == 14965
    assert Counter(reason for _, reason in skipped) == {"vessel": 851, "aircraft": 376}


@needs_data
def test_read_ofac_subset_reads_the_isil_aq_table() -> None:
    parties = _by_id(list(read_ofac_subset(OFAC / "sdgt_isil_aq_subset_2024-05-03.tsv")))
    assert len(parties) == 200
    assert parties["8759"].kind == "group" and "DAESH" in parties["8759"].names
    assert parties["18047"].linked_to == ("AL-NUSRAH FRONT",)


@needs_data
def test_sanctioned_party_to_entity_keeps_the_list_id(un_2025: dict[str, SanctionedParty]) -> None:
    entity = un_2025["QDe.115"].to_entity("ent-aqi")
    assert entity.kind is EntityKind.GROUP
    assert entity.external_ids == {"un": "QDe.115"}
    aliases = {alias.name: alias for alias in entity.aliases}
    assert aliases["AQI"].kind == "variant" and aliases["AQI"].seen_in == "un:QDe.115"
    assert aliases["القاعده في العراق"].kind == "name"


@needs_data
def test_affiliations_resolve_links_to_list_ids(
    un_2025: dict[str, SanctionedParty], ofac_2022: dict[str, SanctionedParty]
) -> None:
    un_links = {link for link in affiliations(un_2025.values()) if link.source_id == "QDi.299"}
    assert un_links == {Affiliation("QDi.299", "QDe.115", "AL-QAIDA IN IRAQ")}
    ofac_links = [link for link in affiliations(ofac_2022.values()) if link.source_id == "19811"]
    assert [link.target_id for link in ofac_links] == ["6366", "16937"]


def test_read_un_consolidated_rejects_malformed_xml(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable XML file"):
        list(read_un_consolidated(path))


def test_read_un_consolidated_rejects_another_document(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(InputError, match="not <CONSOLIDATED_LIST>"):
        list(read_un_consolidated(path))


def test_read_un_consolidated_rejects_a_record_without_reference(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>7</DATAID><FIRST_NAME>X</FIRST_NAME>"
        "</ENTITY></ENTITIES></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="ENTITY 7 lacks a reference number"):
        list(read_un_consolidated(path))


def test_read_un_consolidated_refuses_entity_expansion(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><CONSOLIDATED_LIST>&a;'
        "</CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        list(read_un_consolidated(path))


def test_read_ofac_sdn_rejects_a_short_row(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: 4 fields, expected 12"):
        list(read_ofac_sdn(path))


def test_read_ofac_sdn_rejects_a_bad_entity_number(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_text("x," + ",".join(["-0-"] * 11) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="ent_num 'x' is not a number"):
        list(read_ofac_sdn(path))


def test_read_ofac_sdn_rejects_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"1,\x81\x8d," + b",".join([b"-0-"] * 10) + b"\n")
    with pytest.raises(InputError, match="neither UTF-8 nor Windows-1252"):
        list(read_ofac_sdn(path))


def test_read_ofac_sdn_reads_a_hand_made_row(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    remarks = "DOB 1980; nationality Syria; a.k.a. 'ABU OMAR'; Linked To: AL-NUSRAH FRONT."
    path.write_text(
        '1,"AL-SHAMI, Omar","individual","SDGT",' + ",".join(["-0- "] * 7) + f',"{remarks}"\n\x1a',
        encoding="utf-8",
    )
    (party,) = read_ofac_sdn(path)
    assert (party.name, party.kind, party.nationality) == ("Omar AL-SHAMI", "person", ("Syria",))
    assert party.names == ("Omar AL-SHAMI", "ABU OMAR")
    assert party.linked_to == ("AL-NUSRAH FRONT",)


def test_read_ofac_subset_rejects_another_table(tmp_path: Path) -> None:
    path = tmp_path / "subset.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no ent_num column"):
        list(read_ofac_subset(path))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ezatullah Haqqani (previously listed as)", ["Ezatullah Haqqani"]),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        ("Abdul Rehman; Abd Ur-Rehman", ["Abdul Rehman", "Abd Ur-Rehman"]),
        ("EL PARA (COMBAT NAME)", ["EL PARA"]),
        ("Safia Al-Hadad, born 1 Jan. 1953 (passport no.03825239)", ["Safia Al-Hadad"]),
        ("華信船務(香港)有限公司", ["華信船務(香港)有限公司"]),
        ("شيخ الفاتح ، الفاتح", ["شيخ الفاتح", "الفاتح"]),
        (
            "جبهة النصرة (the Victory Front; Jabhat al-Nusrah)",
            ["جبهة النصرة", "the Victory Front", "Jabhat al-Nusrah"],
        ),
    ],
)
def test_split_alias_separates_names_from_notes(text: str, names: list[str]) -> None:
    assert split_alias(text) == names


def test_natural_order_reads_surname_first_names() -> None:
    assert natural_order("NASRALLAH, Hasan") == "Hasan NASRALLAH"
    assert natural_order("Hilarion Santos, III") == "Hilarion Santos, III"
    assert natural_order("AL QA'IDA") == "AL QA'IDA"


def test_party_kind_prefers_organisation_words() -> None:
    assert (
        party_kind("AL-FURQAN ESTABLISHMENT FOR MEDIA PRODUCTION", armed_by_default=True)
        == "organization"
    )
    assert party_kind("ARMY OF ISLAM", armed_by_default=False) == "group"
    assert party_kind("MIZAN MACHINE MANUFACTURING GROUP", armed_by_default=False) == "organization"
    assert party_kind("ABU SAYYAF GROUP", armed_by_default=False, terrorism=True) == "group"
