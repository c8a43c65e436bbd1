"""Claim extraction with the real model: one short sentence per rule, and the demo floor."""

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from allegiance.model import Hedge, load_taxonomy
from allegiance.nlp import GazetteerTerm, build_pipeline
from allegiance.nlp.claims import ClaimDraft, SpanRef, extract_claims
from allegiance.nlp.gazetteer import terms_from_actors
from allegiance.nlp.triggers import load_lexicon
from allegiance.resolve.actors import load_actors
from allegiance.settings import Settings

PLACES = [GazetteerTerm(name, "PLACE", f"place:{name}") for name in
          ("Tal Abyad", "Rutba", "Mayadin", "Mosul", "Tikrit")]  # fmt: skip
Extract = Callable[..., list[ClaimDraft]]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(Settings(), terms=[*PLACES, *terms_from_actors(load_actors())])


@pytest.fixture(scope="module")
def extract(nlp: Language) -> Extract:
    def run(text: str, **kwargs: object) -> list[ClaimDraft]:
        return extract_claims(nlp(text), **kwargs)  # type: ignore[arg-type]

    return run


def of_type(claims: list[ClaimDraft], kind: str) -> list[ClaimDraft]:
    return [claim for claim in claims if claim.type == kind]


def test_load_lexicon_names_only_taxonomy_types() -> None:
    assert {entry.type for entry in load_lexicon().triggers} <= set(load_taxonomy().types)


def test_extract_claims_clash_pairs_each_coordinated_actor(extract: Extract) -> None:
    text = (
        "On Tuesday, the Observatory said Kurdish fighters and allied tribesmen clashed "
        "with Islamic State militants on the outskirts of Tal Abyad."
    )
    clashes = of_type(extract(text), "violence.clash")
    assert {c.subject.text for c in clashes if c.subject} == {
        "Kurdish fighters",
        "allied tribesmen",
    }
    assert all(c.object is not None and c.object.text == "Islamic State" for c in clashes)
    assert all(
        c.place is not None and c.place.text == "the outskirts of Tal Abyad" for c in clashes
    )
    assert all(c.hedge == "reported" for c in clashes)
    assert all(c.attributed_to and c.attributed_to.text == "the Observatory" for c in clashes)


def test_extract_claims_passive_capture_takes_the_agent_as_subject(extract: Extract) -> None:
    [claim] = of_type(extract("Rutba was seized by ISIS fighters."), "territory.capture")
    assert claim.subject is not None and claim.subject.text == "ISIS"
    assert claim.place is not None and claim.place.text == "Rutba"
    assert claim.hedge == "asserted"


def test_extract_claims_unverified_merger_is_uncertain(extract: Extract) -> None:
    text = "His assertion that the two factions had merged could not be independently verified."
    [claim] = of_type(extract(text), "group.merger")
    assert claim.hedge == "uncertain"


def test_extract_claims_emir_size_and_pledge(extract: Extract) -> None:
    text = (
        "The emir, who is said to lead about 200 men, announced his bay'ah to the caliph "
        "in an audio message."
    )
    claims = extract(text)
    [size] = of_type(claims, "attribute.size")
    assert size.quantity == (200.0, "men") and size.hedge == "uncertain"
    [pledge] = of_type(claims, "allegiance.pledge")
    assert pledge.subject is not None and pledge.subject.text == "The emir"


def test_extract_claims_negated_event_is_never_asserted(extract: Extract) -> None:
    [claim] = of_type(extract("ISIS did not capture Rutba."), "territory.capture")
    assert claim.hedge == Hedge.NEGATED


def test_extract_claims_denial_gives_denied_event_and_denial_statement(extract: Extract) -> None:
    claims = extract("Nusra denied that ISIS fighters had entered Mayadin.")
    [event] = of_type(claims, "territory.capture")
    assert event.hedge == "denied"
    [denial] = of_type(claims, "statement.denial")
    assert denial.subject is not None and denial.subject.text == "Nusra"
    assert denial.object is not None and denial.object.text == "ISIS"


def test_extract_claims_forecast_is_expected(extract: Extract) -> None:
    [claim] = of_type(extract("ISIS is expected to seize Rutba."), "territory.capture")
    assert claim.hedge == "expected"


def test_extract_claims_quoted_speech_is_attributed_to_its_speaker(extract: Extract) -> None:
    text = '"We took Rutba yesterday," Abu Bakr al-Baghdadi said.'
    [claim] = of_type(extract(text), "territory.capture")
    assert claim.attributed_to is not None and claim.attributed_to.text == "Abu Bakr al-Baghdadi"
    assert claim.subject is not None and claim.subject.text == "Abu Bakr al-Baghdadi"
    assert claim.antecedents["subject"].text == "We"
    assert claim.date is not None and claim.date.text == "yesterday"


def test_extract_claims_nested_attribution_names_the_teller(extract: Extract) -> None:
    text = "The Observatory told Reuters that ISIS fighters had captured Mayadin."
    [claim] = of_type(extract(text), "territory.capture")
    assert claim.attributed_to is not None and claim.attributed_to.text == "The Observatory"
    assert claim.hedge == "reported"


def test_extract_claims_according_to_is_reported(extract: Extract) -> None:
    [claim] = of_type(extract("According to the Observatory, ISIS seized Rutba."),
                      "territory.capture")  # fmt: skip
    assert claim.hedge == "reported"
    assert claim.attributed_to is not None and claim.attributed_to.text == "the Observatory"


def test_extract_claims_first_person_in_a_post_takes_the_author(extract: Extract) -> None:
    author = SpanRef(0, 0, "@AbuKhuzayma_Urd2", "HANDLE")
    claims = extract("We took Tikrit today.", author=author)
    [claim] = of_type(claims, "territory.capture")
    assert claim.subject == author


def test_extract_claims_execution_counts_the_victims(extract: Extract) -> None:
    [claim] = of_type(extract("ISIS executed 30 prisoners in Mayadin."), "violence.execution")
    assert claim.quantity == (30.0, "executed")
    assert claim.object_literal == "30 prisoners"


def test_extract_claims_said_with_claimed_content_is_no_statement(extract: Extract) -> None:
    claims = extract("Abu Bakr al-Baghdadi said ISIS had seized Rutba.")
    assert of_type(claims, "territory.capture") and not of_type(claims, "statement")
    [statement] = of_type(extract("Abu Bakr al-Baghdadi said the border remained secure."),
                          "statement")  # fmt: skip
    assert statement.subject is not None and statement.subject.text == "Abu Bakr al-Baghdadi"


def test_extract_claims_statement_needs_a_named_speaker(extract: Extract) -> None:
    assert not of_type(extract("Families said the border remained secure."), "statement")


def test_extract_claims_pledge_leader_speaks_for_his_men(extract: Extract) -> None:
    [pledge] = of_type(extract("Abu Bakr al-Baghdadi and his men swore allegiance to ISIS."),
                       "allegiance.pledge")  # fmt: skip
    assert pledge.subject is not None and pledge.subject.text == "Abu Bakr al-Baghdadi"
    assert pledge.object is not None and pledge.object.text == "ISIS"


def test_extract_claims_allegiance_without_recipient_is_no_pledge(extract: Extract) -> None:
    assert not of_type(extract("Their allegiance was never in doubt."), "allegiance.pledge")


def test_extract_claims_required_place_comes_from_the_report(extract: Extract) -> None:
    claims = extract("ISIS seized Rutba on Sunday. Iraqi troops withdrew.")
    [withdrawal] = of_type(claims, "territory.withdrawal")
    assert withdrawal.place is not None and withdrawal.place.text == "Rutba"
    assert withdrawal.confidence < of_type(claims, "territory.capture")[0].confidence


def test_extract_claims_one_claim_per_coordinated_place(extract: Extract) -> None:
    claims = of_type(extract("ISIS took Rutba and Mayadin."), "territory.capture")
    assert {c.place.text for c in claims if c.place} == {"Rutba", "Mayadin"}


def test_extract_claims_in_the_hands_of_is_control(extract: Extract) -> None:
    [claim] = of_type(extract("Mosul is in the hands of ISIS."), "territory.control")
    assert claim.subject is not None and claim.subject.text == "ISIS"
    assert claim.place is not None and claim.place.text == "Mosul"


def test_extract_claims_unattributed_kill_count(extract: Extract) -> None:
    [claim] = of_type(extract("About 30 soldiers had been killed in Tikrit."), "violence.killing")
    assert claim.subject is None and claim.quantity == (30.0, "killed")


def test_extract_claims_account_activity_is_the_accounts(extract: Extract) -> None:
    text = "The account of Abu Bakr al-Baghdadi, @AbuKhuzayma_Urd, appears to have been suspended."
    claims = extract(text)
    [activity] = of_type(claims, "account.activity")
    assert activity.subject is not None and activity.subject.text == "@AbuKhuzayma_Urd"
    assert activity.hedge == "uncertain"
    [operator] = of_type(claims, "account.operator")
    assert operator.subject is not None and operator.subject.text == "Abu Bakr al-Baghdadi"


def test_extract_claims_men_who_defect_leave_their_group(extract: Extract) -> None:
    [claim] = of_type(extract("The Nusra Front's men in Mayadin defected on Monday."),
                      "allegiance.defection")  # fmt: skip
    assert claim.object is not None and claim.object.text == "Nusra Front"
    assert claim.subject is not None and "men" in claim.subject.text


def test_extract_claims_condemned_act_refers_to_its_actor(extract: Extract) -> None:
    claims = extract("ISIS seized Rutba. Abu Bakr al-Baghdadi condemned the move.")
    [claim] = of_type(claims, "statement.condemnation")
    assert claim.object is not None and claim.object.text == "ISIS"
    assert claim.antecedents["object"].text == "move"


def test_extract_claims_date_of_the_reporting_clause(extract: Extract) -> None:
    [claim] = of_type(extract("ISIS said on Friday that it had seized Rutba."),
                      "territory.capture")  # fmt: skip
    assert claim.date is not None and claim.date.text == "Friday"
    [forecast] = of_type(extract("On Friday officials said ISIS is expected to seize Rutba."),
                         "territory.capture")  # fmt: skip
    assert forecast.hedge == "expected" and forecast.date is None


def test_extract_claims_operator_of_each_named_account(extract: Extract) -> None:
    text = (
        "Abu Bakr al-Baghdadi appears to run the accounts @AbuKhuzayma_Urd and @AbuKhuzayma_Urd2."
    )
    claims = of_type(extract(text), "account.operator")
    assert {c.object.text for c in claims if c.object} == {"@AbuKhuzayma_Urd", "@AbuKhuzayma_Urd2"}
    assert all(c.hedge == "uncertain" for c in claims)


def test_extract_claims_new_account_links_to_the_old_one(extract: Extract) -> None:
    author = SpanRef(0, 0, "@AbuKhuzayma_Urd2", "HANDLE")
    [link] = of_type(extract("This is my new account after the old one was suspended.",
                             author=author), "account.link")  # fmt: skip
    assert link.subject == author and link.object_literal == "the old one"


def test_extract_claims_entering_part_of_a_town_is_presence(extract: Extract) -> None:
    claims = extract("ISIS fighters entered parts of Tikrit overnight.")
    assert of_type(claims, "territory.presence") and not of_type(claims, "territory.capture")
    assert of_type(extract("ISIS fighters entered Tikrit overnight."), "territory.capture")


def test_extract_claims_siege_noun_takes_the_clause_actor(extract: Extract) -> None:
    [siege] = of_type(extract("ISIS took Tikrit after a long siege."), "territory.siege")
    assert siege.subject is not None and siege.subject.text == "ISIS"
    assert siege.place is not None and siege.place.text == "Tikrit"


def test_extract_claims_falling_into_hands_is_capture(extract: Extract) -> None:
    [claim] = of_type(extract("Rutba fell into the hands of ISIS."), "territory.capture")
    assert claim.subject is not None and claim.subject.text == "ISIS"
    assert claim.place is not None and claim.place.text == "Rutba"


def test_extract_claims_group_including_a_named_one_is_that_group(extract: Extract) -> None:
    [claim] = of_type(extract("Rebel groups including the Nusra Front seized Rutba."),
                      "territory.capture")  # fmt: skip
    assert claim.subject is not None and claim.subject.text == "Nusra Front"


def test_extract_claims_pronoun_reported_by_a_group_is_that_group(extract: Extract) -> None:
    [claim] = of_type(extract("The army claims it entered Tikrit yesterday."),
                      "territory.capture")  # fmt: skip
    assert claim.subject is not None and claim.subject.text == "The army"
    assert claim.antecedents["subject"].text == "it"


def test_extract_claims_force_put_at_a_number_is_a_size(extract: Extract) -> None:
    text = "Abu Bakr al-Baghdadi spoke. The Observatory puts his force at about 300 fighters."
    [size] = of_type(extract(text), "attribute.size")
    assert size.subject is not None and size.subject.text == "Abu Bakr al-Baghdadi"
    assert size.quantity == (300.0, "fighters") and size.hedge == "reported"
    assert size.attributed_to is not None and size.attributed_to.text == "The Observatory"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_extract_claims_never_raises_and_quotes_are_exact(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for claim in extract_claims(doc):
        assert doc.text[claim.quote.start : claim.quote.end] == claim.quote.text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(["ISIS", "seized", "Rutba", "he", "said", "not", "the town",
                                 "and", "Nusra", "clashed", "with", '"', ",", "."]),
                max_size=14))  # fmt: skip
def test_extract_claims_on_word_salad_keeps_exact_quotes(nlp: Language, words: list[str]) -> None:
    doc = nlp(" ".join(words))
    for claim in extract_claims(doc):
        assert doc.text[claim.quote.start : claim.quote.end] == claim.quote.text
        assert claim.type in load_taxonomy().types


def test_extract_claims_event_takes_its_paragraphs_last_date(extract: Extract) -> None:
    text = (
        "ISIS seized Mosul on Monday. Police withdrew from Tikrit.\n\nSoldiers withdrew from Rutba."
    )
    withdrawals = of_type(extract(text), "territory.withdrawal")
    dates = {c.place.text: c.date.text if c.date else None for c in withdrawals if c.place}
    assert dates == {"Tikrit": "Monday", "Rutba": None}


def test_extract_claims_generic_soldiers_are_the_force_named_before(extract: Extract) -> None:
    text = "Iraqi forces defended Mosul for a day. Soldiers withdrew from Tikrit."
    (withdrawal,) = of_type(extract(text), "territory.withdrawal")
    assert withdrawal.subject is not None and withdrawal.subject.text == "Iraqi forces"
    assert withdrawal.antecedents["subject"].text == "Soldiers"


def test_extract_claims_statement_is_placed_by_its_speakers_phrase(extract: Extract) -> None:
    text = (
        "ISIS seized Rutba. Fahd Sahib, a tribal leader in Mayadin, denied that ISIS had entered."
    )
    (denial,) = of_type(extract(text), "statement.denial")
    assert denial.place is not None and denial.place.text == "Mayadin"


def test_extract_claims_pledge_place_is_no_word_of_the_groups_name(extract: Extract) -> None:
    text = "Abu Khuzayma gave his bay'ah to the Islamic State of Iraq and Sham."
    for pledge in of_type(extract(text), "allegiance.pledge"):
        assert pledge.place is None or pledge.place.text != "Sham"


def test_extract_claims_hostage_taking_is_an_abduction(extract: Extract) -> None:
    text = "ISIS fighters stormed the consulate and took 49 Turkish citizens hostage."
    assert of_type(extract(text), "violence.abduction")


def test_extract_claims_lists_each_town_of_a_plural_place_noun(extract: Extract) -> None:
    text = "ISIS seized the northern cities of Mosul and Tikrit on Saturday."
    places = {c.place.text for c in of_type(extract(text), "territory.capture") if c.place}
    assert places == {"Mosul", "Tikrit"}


def test_extract_claims_takes_a_misattached_proper_noun_as_the_object(extract: Extract) -> None:
    captures = of_type(extract("ISIS holds Mosul."), "territory.control")
    assert [c.place.text for c in captures if c.place] == ["Mosul"]


def test_demo_facts_score_holds_its_floor() -> None:
    from benchmarks.demo_facts import build_demo_pipeline, read_reports, score

    reports = read_reports(build_demo_pipeline())
    strict, lenient = score(reports, strict=True), score(reports, strict=False)
    assert lenient.recall() >= 0.49 and lenient.precision() >= 0.69
    assert strict.recall() >= 0.32 and strict.precision() >= 0.46
