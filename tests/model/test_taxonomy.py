import pytest

from allegiance.model import TaxonomyError, load_taxonomy
from allegiance.model.taxonomy import parse_taxonomy

DESIGN_TYPES = {
    "allegiance.pledge", "allegiance.defection", "allegiance.membership", "group.alliance",
    "group.merger", "group.split", "group.rivalry", "group.agreement", "territory.capture",
    "territory.withdrawal", "territory.control", "territory.presence", "territory.siege",
    "territory.designation", "violence.clash", "violence.attack", "violence.execution",
    "violence.killing", "violence.abduction", "statement", "statement.denial",
    "statement.threat", "statement.demand", "statement.condemnation", "account.operator",
    "account.link", "account.activity", "attribute.size", "attribute.nationality",
}  # fmt: skip


def test_taxonomy_has_every_design_type() -> None:
    assert set(load_taxonomy().names()) == DESIGN_TYPES


def test_taxonomy_maps_capture_to_acled() -> None:
    capture = load_taxonomy().get("territory.capture")
    assert capture.acled is not None
    assert capture.acled.event_type == "Battles"
    assert capture.acled.sub_event_type == "Non-state actor overtakes territory"
    government = capture.acled_for(government=True)
    assert government is not None
    assert government.sub_event_type == "Government regains territory"


def test_taxonomy_refines_attack_by_means() -> None:
    attack = load_taxonomy().get("violence.attack")
    mapping = attack.acled_for(means="Air strike")
    assert mapping is not None
    assert mapping.sub_event_type == "Air/drone strike"


def test_taxonomy_unknown_type_is_error() -> None:
    with pytest.raises(TaxonomyError, match="unknown claim type"):
        load_taxonomy().get("territory.teleport")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("types: [1, 2]", "mapping"),
        ("version: 1\ntypes:\n  Bad Name: {description: x, subject: [group]}", "dotted"),
        ("version: 1\ntypes:\n  a.b: {description: x, subject: [planet]}", "invalid"),
        ("version: 1\ntypes:\n  a.b: {description: x, subject: [group], plover: HUG}", "invalid"),
        ("version: 1\ntypes:\n  a.b: {description: x, subject: [group], extra: 1}", "invalid"),
        ("version: [", "YAML"),
    ],
)
def test_taxonomy_validation_rejects_bad_files(text: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(text)
