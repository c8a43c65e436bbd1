"""Each account-link feature: its value, its explanation, and when it is not measured."""

from datetime import date

import pytest

from allegiance.query.account_features import (
    AccountProfile,
    Activity,
    Operator,
    Post,
    ProfileText,
    SelfReference,
    StyleModel,
    bio_similarity,
    display_name_similarity,
    handle_similarity,
    neighbour_overlap,
    operator_agreement,
    self_reference,
    succession,
)


def account(handle: str, **fields: object) -> AccountProfile:
    return AccountProfile(account_id=f"ent-{handle.casefold()}", handle=handle, **fields)  # type: ignore[arg-type]


def active(*days: str, kind: str = "post") -> tuple[Activity, ...]:
    return tuple(Activity(date.fromisoformat(d), kind, f"doc-{d}", f"clm-{d}") for d in days)


@pytest.mark.parametrize(
    ("old", "new", "value", "said"),
    [
        ("AbuKhuzayma_Urd", "AbuKhuzayma_Urd2", 0.95, "a trailing '2'"),
        ("KhalidMaghrebi", "_KhalidMaghrebi", 0.95, "a leading '_'"),
        ("KhalidMaghrebi", "KhalidMaghrebinew", 0.85, "a trailing 'new'"),
        ("abu_bakr77", "abubakr_88", 0.8, "same letters"),
    ],
)
def test_handle_similarity_names_the_difference(
    old: str, new: str, value: float, said: str
) -> None:
    feature = handle_similarity(account(old), account(new))
    assert feature.value >= value
    assert said in feature.explanation
    assert feature.evidence == (f"ent-{old.casefold()}", f"ent-{new.casefold()}")


def test_handle_similarity_rewards_a_shared_digit_run() -> None:
    plain = handle_similarity(account("lion_of_sham"), account("eagle_of_iraq"))
    shared = handle_similarity(account("lion_of_sham1435"), account("eagle_of_iraq1435"))
    assert shared.value > plain.value
    assert "digit run '1435'" in shared.explanation


def test_handle_similarity_is_low_for_unrelated_handles() -> None:
    assert handle_similarity(account("nfarrell_news"), account("Baqiya_Relay")).value < 0.3


def test_display_names_and_bios_are_compared_only_when_both_have_them() -> None:
    old = account("a", display_names=(ProfileText("Abu Khuzayma al-Urduni", "doc-1"),))
    new = account("b", display_names=(ProfileText("Abu Khuzayma al-Urduni 2", "doc-2"),))
    feature = display_name_similarity(old, new)
    assert feature is not None and feature.value > 0.9
    assert feature.evidence == ("doc-1", "doc-2")
    assert bio_similarity(old, new) is None
    assert display_name_similarity(old, account("c")) is None


def test_succession_counts_the_days_between_silence_and_start() -> None:
    old = account("old", activity=active("2014-06-11", "2014-06-14"))
    new = account("new", activity=active("2014-06-17", "2014-06-25"))
    feature = succession(old, new)
    assert feature is not None and feature.value == pytest.approx(0.9)
    assert "last sign of activity 2014-06-14" in feature.explanation
    assert "3 days" in feature.explanation
    assert feature.evidence == ("clm-2014-06-14", "clm-2014-06-17")


def test_succession_is_zero_for_overlap_or_a_long_gap_and_none_without_dates() -> None:
    old = account("old", activity=active("2014-06-11", "2014-06-20"))
    overlapping = account("new", activity=active("2014-06-17"))
    late = account("late", activity=active("2014-09-30"))
    assert succession(old, overlapping).value == 0.0  # type: ignore[union-attr]
    assert "both active at once" in succession(old, overlapping).explanation  # type: ignore[union-attr]
    assert succession(old, late).value == 0.0  # type: ignore[union-attr]
    assert succession(old, account("silent")) is None


def test_succession_reads_a_reported_suspension_as_an_end() -> None:
    old = account("old", activity=active("2014-06-15", kind="suspended"))
    new = account("new", activity=active("2014-06-16", kind="created"))
    feature = succession(old, new)
    assert feature is not None and feature.value > 0.9
    assert "(suspended)" in feature.explanation and "(created)" in feature.explanation


def test_self_reference_naming_the_other_account_is_full_evidence() -> None:
    ref = SelfReference("my old account @old_one was suspended", "doc-9", 0, 36, "old_one")
    new = account("new_one", self_references=(ref,), posts=(Post("doc-9", "x", None),))
    feature = self_reference(account("old_one"), new)
    assert feature is not None and feature.value == 1.0
    assert feature.evidence == ("doc-9",)


def test_self_reference_generic_weaker_and_absent_zero_or_unmeasured() -> None:
    ref = SelfReference("This is my new account.", "doc-9", 0, 23, claim_id="clm-9")
    post = (Post("doc-9", "This is my new account.", None),)
    generic = self_reference(account("a"), account("b", self_references=(ref,), posts=post))
    assert generic is not None and generic.value == 0.7 and generic.evidence == ("clm-9",)
    absent = self_reference(account("a"), account("b", posts=post))
    assert absent is not None and absent.value == 0.0
    assert self_reference(account("a"), account("b")) is None


def test_neighbour_overlap_is_jaccard_without_the_pair_itself() -> None:
    old = account("old", neighbours={"hub": "doc-1", "new": "doc-2", "x": None})
    new = account("new", neighbours={"hub": "doc-3", "old": "doc-4", "y": None})
    feature = neighbour_overlap(old, new)
    assert feature is not None and feature.value == pytest.approx(1 / 3, abs=1e-3)
    assert "@hub" in feature.explanation
    assert feature.evidence == ("doc-1", "doc-3")
    assert neighbour_overlap(old, account("lonely")) is None


def test_operator_agreement_same_different_and_unknown() -> None:
    urduni = Operator("ent-p", "Abu Khuzayma al-Urduni", "clm-1")
    other = Operator("ent-q", "Abu Anas", "clm-2")
    same = operator_agreement(account("a", operators=(urduni,)), account("b", operators=(urduni,)))
    assert same is not None and same.value == 1.0 and "al-Urduni" in same.explanation
    differ = operator_agreement(account("a", operators=(urduni,)), account("b", operators=(other,)))
    assert differ is not None and differ.value == 0.0
    assert operator_agreement(account("a", operators=(urduni,)), account("b")) is None


def test_style_prefers_the_same_writer_and_ignores_reposts() -> None:
    def posts(*texts: str, repost: bool = False) -> tuple[Post, ...]:
        return tuple(Post(f"doc-{i}-{t[:5]}", t, None, repost) for i, t in enumerate(texts))

    old = account("old", posts=posts("From Bukamal: our brothers hold the gate and the river."))
    new = account("new", posts=posts("From Bukamal: our brothers hold the gate, by God."))
    far = account("far", posts=posts("Journalist here; reporting live on markets today."))
    relay = account("relay", posts=posts("From Bukamal: our brothers hold the gate.", repost=True))
    style = StyleModel([old, new, far, relay])
    near, distant = style.compare(old, new), style.compare(old, far)
    assert near is not None and distant is not None
    assert near.value > distant.value
    assert style.compare(old, relay) is None
