from pathlib import Path

import pytest
from spacy.language import Language

from allegiance.model import ConfigurationError, NotFoundError
from allegiance.nlp import build_pipeline
from allegiance.nlp.gazetteer import split_key, terms_from_actors
from allegiance.resolve.actors import ActorGazetteerError, load_actors
from allegiance.settings import Settings

VALID = """\
version: 1
actors:
  - key: islamic-state
    kind: group
    name: Islamic State
    aliases:
      - {name: ISIS, lang: en, script: Latn, type: acronym}
      - {name: داعش, lang: ar, script: Arab, type: derogatory}
    countries: [IQ, SY]
    active: {start: "2014-06-29", end: null}
    lineage:
      - {relation: renamed_from, actor: isi, date: "2013-04"}
  - key: isi
    kind: group
    name: Islamic State of Iraq
    active: {start: "2006"}
  - key: al-adnani
    kind: person
    name: Abu Muhammad al-Adnani
    nationality: SY
    affiliations:
      - {group: islamic-state, role: spokesman, start: "2014-06-29", end: "2016-08-30"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_actors_reads_shipped_file() -> None:
    gazetteer = load_actors()
    assert len(gazetteer.actors) > 50
    islamic_state = gazetteer.get("islamic-state")
    assert islamic_state.kind == "group"
    assert "ISIS" in islamic_state.names


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The real model with the shipped actor gazetteer in its ruler."""
    return build_pipeline(Settings(), terms=terms_from_actors(load_actors()))


@pytest.mark.parametrize(
    "text",
    [
        "I and the brothers with me give our bay'ah to the Dawla, he wrote.",
        "Mosul is in the hands of the Dawla.",
    ],
)
def test_shipped_gazetteer_finds_the_dawla_as_isis(nlp: Language, text: str) -> None:
    """Militants call ISIS "the Dawla" (the State); a report's date picks the lineage stage."""
    keys = {key for ent in nlp(text).ents for key in split_key(ent.ent_id_)}
    assert {"actor:islamic-state-of-iraq-and-al-sham", "actor:islamic-state"} <= keys


@pytest.mark.parametrize(
    "text",
    [
        "Sayf al-Dawla al-Hamdani ruled Aleppo.",
        "A commander named Sayf al-Dawla was killed in Raqqa.",
        "Sheikh Nasir al-Dawla spoke to the tribe.",
    ],
)
def test_shipped_gazetteer_keeps_persons_named_al_dawla_apart(nlp: Language, text: str) -> None:
    """A person whose name holds "al-Dawla" is never given an actor key of the group."""
    assert not [ent.text for ent in nlp(text).ents if "awla" in ent.text and ent.ent_id_]


def test_load_actors_keeps_fields_and_date_precision(tmp_path: Path) -> None:
    gazetteer = load_actors(write(tmp_path, VALID))
    islamic_state = gazetteer.get("islamic-state")
    assert islamic_state.names == ("Islamic State", "ISIS", "داعش")
    assert islamic_state.lineage[0].date is not None
    assert islamic_state.lineage[0].date.precision == "month"
    assert islamic_state.countries == ("IQ", "SY")
    adnani = gazetteer.get("al-adnani")
    assert adnani.affiliations[0].group == "islamic-state"
    assert adnani.references() == ("islamic-state",)


def test_load_actors_tells_ongoing_from_unknown_end(tmp_path: Path) -> None:
    gazetteer = load_actors(write(tmp_path, VALID))
    ongoing = gazetteer.get("islamic-state").active
    unknown = gazetteer.get("isi").active
    assert ongoing is not None and ongoing.is_ongoing
    assert unknown is not None and not unknown.is_ongoing and unknown.end is None


def test_load_actors_models_are_frozen(tmp_path: Path) -> None:
    actor = load_actors(write(tmp_path, VALID)).get("isi")
    with pytest.raises(ValueError, match="frozen"):
        actor.name = "changed"  # type: ignore[misc]


def test_actor_gazetteer_get_unknown_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no actor 'nobody'"):
        load_actors(write(tmp_path, VALID)).get("nobody")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("kind: group\n    name: Islamic State\n", "kind: army\n    name: Islamic State\n"),
            "actor 'islamic-state'.kind",
        ),
        (("script: Arab", "script: Cyrl"), "script"),
        (("script: Arab", "script: Latn"), "written in Arab"),
        (('start: "2006"', "start: 2006"), "quoted string"),
        (('start: "2006"', 'start: "2006-13"'), "month"),
        (("actor: isi,", "actor: nobody,"), "unknown actor 'nobody'"),
        (("key: isi\n", "key: islamic-state\n"), "used twice"),
        (("countries: [IQ, SY]", "countries: [Iraq]"), "countries"),
        (
            ("nationality: SY", "nationality: SY\n    lineage: [{relation: part_of, actor: isi}]"),
            "person has affiliations",
        ),
        (("group: islamic-state,", "group: al-adnani,"), "cannot refer to 'al-adnani'"),
        (('end: "2016-08-30"', 'end: "2016-08-30", rank: 3'), "Extra inputs"),
        (("relation: renamed_from", "relation: married_to"), "relation"),
        (
            ('active: {start: "2014-06-29", end: null}', 'active: {start: "2014", end: "2013"}'),
            "ends",
        ),
        (("version: 1", "version: 2"), "version"),
    ],
)
def test_load_actors_rejects_invalid_file(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ActorGazetteerError, match=message) as raised:
        load_actors(path)
    assert isinstance(raised.value, ConfigurationError)
    assert raised.value.origin == str(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [("actors: [", "not valid YAML"), ("- 1\n- 2\n", "mapping"), ("version: 1\n", "actors")],
)
def test_load_actors_rejects_malformed_document(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ActorGazetteerError, match=message):
        load_actors(write(tmp_path, text))


def test_load_actors_missing_file_is_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ActorGazetteerError, match="cannot be read"):
        load_actors(tmp_path / "absent.yaml")
