"""Sanctions lists as sources of actor aliases: pure parsers, no database.

The UN Security Council Consolidated List (XML) and the US OFAC SDN list (legacy CSV)
name thousands of persons, armed groups and their fronts with every alias the listing
states know, in Latin and Arabic script. An importer turns each `SanctionedParty` into
an entity (`SanctionedParty.to_entity`, the list id kept as an external identifier) and
each `affiliations` record into an affiliation claim.
"""

from allegiance.resolve.designations import (
    Affiliation,
    AliasName,
    ListName,
    PartyKind,
    SanctionedParty,
    affiliations,
    natural_order,
    party_kind,
    split_alias,
)
from allegiance.resolve.ofac_list import read_ofac_sdn, read_ofac_subset
from allegiance.resolve.un_list import read_un_consolidated

__all__ = [
    "Affiliation",
    "AliasName",
    "ListName",
    "PartyKind",
    "SanctionedParty",
    "affiliations",
    "natural_order",
    "party_kind",
    "read_ofac_sdn",
    "read_ofac_subset",
    "read_un_consolidated",
    "split_alias",
]
