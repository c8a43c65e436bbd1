"""Matching keys, Arabic name parts and nisbas."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from allegiance.model import Hedge, Quote
from allegiance.resolve.arabic import normalise_arabic, transliterate
from allegiance.resolve.names import (
    ArabicName,
    latin_key,
    name_tokens,
    nationality_from_nisba,
    nationality_hint,
    nationality_hints,
    nisba_origin,
    parse_arabic_name,
    without_titles,
)
from allegiance.resolve.nisbas import _table

SPELLINGS = [
    (
        "Abu Muhammad al-Adnani",
        "Abu Mohamed al-Adnani",
        "ABOU MOHAMED AL ADNANI",
        "أبو محمد العدناني",
    ),
    ("Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ez Zor", "دير الزور"),
    ("Abu Bakr al-Baghdadi", "Abou Bakr el-Baghdadi", "Abubakr al Baghdadi", "أبو بكر البغدادي"),
    ("Al-Qaeda", "AL QA'IDA", "al-Qāʿida", "Al Qaida"),
    ("Abdul Rahman", "Abd al-Rahman", "Abdurrahman", "Abdel Rahman", "Abd-al-Rahman"),
    ("al-Tawhid wal-Jihad", "al-Tawhid wa al-Jihad", "Al Tawheed wal Jihad", "التوحيد والجهاد"),
    ("Hussein", "Husayn", "Husein"),
    ("Ahrar al-Sham", "Ahrar ash-Sham", "Ahrar as-Sham", "أحرار الشام"),
    ("Jaysh al-Islam", "Jaish al-Islam", "Jeish al Islam", "جيش الإسلام"),
    ("Hay'at Tahrir al-Sham", "Hay’at Tahrir al-Sham", "Hayat Tahrir al Sham", "هيئة تحرير الشام"),
    ("Jabhat al-Nusra", "Jabhat an-Nusrah", "Jebhat al-Nusra", "جبهة النصرة"),
    ("Al-Bukamal", "Albu Kamal", "البوكمال"),
]
CROSS_SCRIPT = [
    ("أبو محمد العدناني", "Abu Muhammad al-Adnani"),
    ("أبو محمد الجولاني", "Abu Muhammad al-Jawlani"),
    ("أبو عمر الشيشاني", "Abu Omar al-Shishani"),
    ("أبو بكر البغدادي", "Abu Bakr al-Baghdadi"),
    ("الدولة الإسلامية", "al-Dawla al-Islamiyya"),
    ("دير الزور", "Deir ez-Zor"),
    ("تنظيم القاعدة", "Tanzim al-Qaeda"),
]


@pytest.mark.parametrize("spellings", SPELLINGS, ids=lambda spellings: spellings[0])
def test_latin_key_equal_for_spelling_variants(spellings: tuple[str, ...]) -> None:
    assert len({latin_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(("arabic", "latin"), CROSS_SCRIPT)
def test_latin_key_near_equal_across_scripts(arabic: str, latin: str) -> None:
    assert fuzz.ratio(latin_key(arabic), latin_key(latin)) >= 95


def test_latin_key_keeps_distinct_names_apart() -> None:
    assert latin_key("Hasan") != latin_key("Husayn")
    assert latin_key("Abu Kamal") != latin_key("Albu Kamal")
    assert latin_key("Abu Omar al-Shishani") != latin_key("Abu Omar al-Tunisi")


def test_latin_key_normalises_arabic_script_forms() -> None:
    forms = ["إبراهيم", "ابراهيم", "إِبْرَاهِيم", "إبـــراهيم", "أبراهيم"]
    assert {latin_key(form) for form in forms} == {latin_key("Ibrahim")}


def test_normalise_arabic_unifies_letters_and_drops_marks() -> None:
    assert normalise_arabic("إِسْلامـيّة") == "اسلاميه"
    assert normalise_arabic("مصطفى") == "مصطفي"


def test_transliterate_reads_unknown_words_letter_by_letter() -> None:
    assert transliterate("الكبيسي") == "al-kbisi"
    assert transliterate("Abu جهاد") == "Abu jihad"


def test_name_tokens_attach_articles_to_the_next_word() -> None:
    assert name_tokens("Deir ez-Zor") == ["dir", "alzur"]
    assert name_tokens("Abu Bakr al Baghdadi") == ["abu", "bakr", "albaghdadi"]
    assert name_tokens("Hassan ibn Ali") == ["hasan", "bin", "ali"]


@given(st.text())
def test_latin_key_never_raises_and_is_ascii(text: str) -> None:
    key = latin_key(text)
    assert key == key.strip() and key.isascii()


@given(st.text())
def test_latin_key_is_idempotent(text: str) -> None:
    key = latin_key(text)
    assert latin_key(key) == key


@given(
    st.sampled_from(CROSS_SCRIPT),
    st.lists(st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"])),
    st.integers(min_value=0),
)
def test_latin_key_script_insensitive_on_known_pairs(
    pair: tuple[str, str], marks: list[str], seed: int
) -> None:
    arabic, latin = pair
    position = seed % (len(arabic) + 1)
    decorated = arabic[:position] + "".join(marks) + arabic[position:]
    if decorated[position - 1 : position] == " ":
        decorated = arabic  # a tatweel or mark alone between words is a word of its own
    assert latin_key(decorated) == latin_key(arabic)
    assert fuzz.ratio(latin_key(decorated), latin_key(latin)) >= 95


PARSES = {
    "Abu Muhammad al-Adnani": ArabicName(kunya="Abu Muhammad", nisbas=("al-Adnani",)),
    "Abu Bakr al-Baghdadi": ArabicName(kunya="Abu Bakr", nisbas=("al-Baghdadi",)),
    "Ibrahim Awwad Ibrahim al-Badri": ArabicName(
        ism="Ibrahim", nasab=("Awwad", "Ibrahim"), nisbas=("al-Badri",)
    ),
    "Umm Sayyaf": ArabicName(kunya="Umm Sayyaf"),
    "Abu Omar al-Shishani": ArabicName(kunya="Abu Omar", nisbas=("al-Shishani",)),
    "Taha Subhi Falaha": ArabicName(ism="Taha", nasab=("Subhi", "Falaha")),
    "Hassan bin Ali al-Tunisi": ArabicName(ism="Hassan", nasab=("Ali",), nisbas=("al-Tunisi",)),
    "أبو محمد العدناني": ArabicName(kunya="أبو محمد", nisbas=("العدناني",)),
    "Abu Ahmad al-Iraqi al-Masri": ArabicName(kunya="Abu Ahmad", nisbas=("al-Iraqi", "al-Masri")),
    "Abu Hamza al-Muhajir": ArabicName(kunya="Abu Hamza", laqab="al-Muhajir"),
    "AL-SHAMI, Husayn": ArabicName(ism="Husayn", nisbas=("AL-SHAMI",)),
    "Dr. Ibrahim al-Badri": ArabicName(ism="Ibrahim", nisbas=("al-Badri",), titles=("Dr.",)),
    "Abu Abd al Rahman al-Iraqi": ArabicName(kunya="Abu Abd al Rahman", nisbas=("al-Iraqi",)),
    "Turki al-Binali": ArabicName(ism="Turki", nisbas=("al-Binali",)),
}


@pytest.mark.parametrize(("text", "expected"), list(PARSES.items()), ids=list(PARSES))
def test_parse_arabic_name_examples(text: str, expected: ArabicName) -> None:
    assert parse_arabic_name(text) == expected


def test_parse_arabic_name_empty_text_has_no_parts() -> None:
    assert parse_arabic_name("  ").is_empty


@pytest.mark.parametrize(
    ("nisba", "country"),
    [
        ("al-Masri", "EG"),
        ("Misri", "EG"),
        ("المصري", "EG"),
        ("al-Kuwaiti", "KW"),
        ("al-Shishani", "RU"),
        ("الشيشاني", "RU"),
        ("al-Tunisi", "TN"),
        ("al-Tounsi", "TN"),
        ("al-Libi", "LY"),
        ("al-Suri", "SY"),
        ("al-Iraqi", "IQ"),
        ("al-Urduni", "JO"),
        ("الأردني", "JO"),
        ("al-Amriki", "US"),
        ("al-Amreeki", "US"),
        ("al-Britani", "GB"),
        ("al-Almani", "DE"),
        ("al-Turkistani", "CN"),
        ("al-Australi", "AU"),
        ("al-Kurdi", None),
        ("al-Shami", None),
        ("al-Khurasani", None),
        ("al-Qurashi", None),
        ("al-Baghdadi", None),
        ("al-Adnani", None),
    ],
)
def test_nationality_from_nisba(nisba: str, country: str | None) -> None:
    assert nationality_from_nisba(nisba) == country


def test_nisba_origin_keeps_kind_and_people() -> None:
    chechen = nisba_origin("al-Shishani")
    baghdadi = nisba_origin("al-Baghdadi")
    assert chechen is not None and (chechen.kind, chechen.people) == ("people", "Chechen")
    assert baghdadi is not None and (baghdadi.kind, baghdadi.country) == ("city", "IQ")
    assert nisba_origin("al-Qurashi") is not None
    assert nisba_origin("al-Zzzzi") is None


def test_nisba_table_names_forty_countries_or_peoples() -> None:
    origins = {origin.nisba for origin in _table().values() if origin.kind in ("country", "people")}
    assert len(origins) >= 40


def test_nationality_hint_to_claim_is_uncertain_and_noted() -> None:
    hint = nationality_hint("al-Tunisi")
    assert hint is not None
    claim = hint.to_claim(
        "ent-1", document_id="doc-1", extractor="allegiance.names.v1", quote=Quote("x", 0, 1)
    )
    assert claim.type == "attribute.nationality"
    assert claim.object is not None and claim.object.literal == "TN"
    assert claim.hedge is Hedge.UNCERTAIN
    assert claim.notes is not None and "inferred from the nisba" in claim.notes


def test_nationality_hints_from_a_parsed_name() -> None:
    hints = nationality_hints(parse_arabic_name("Abu Ahmad al-Iraqi al-Masri al-Qurashi"))
    assert [hint.country for hint in hints] == ["IQ", "EG"]


def test_without_titles_drops_honorifics_and_ranks() -> None:
    assert without_titles("Mullah Mohammed Omar") == "Mohammed Omar"
    assert without_titles("Dr. Sheikh Ayman") == "Ayman"
    assert without_titles("Sheikh") == "Sheikh"
