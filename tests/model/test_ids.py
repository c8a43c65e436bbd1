from hypothesis import given
from hypothesis import strategies as st

from allegiance.model import Document, Source
from allegiance.model.entity import Script, detect_script
from allegiance.model.ids import content_id, mint_id, normalise_text


def test_document_id_ignores_whitespace_differences() -> None:
    one = Document(text="Fighters  seized\r\nRutba.", origin="a.txt", format="text")
    two = Document(text="Fighters seized\nRutba.  ", origin="b.txt", format="text")
    assert one.id == two.id


def test_document_id_depends_on_source() -> None:
    text = "Fighters seized Rutba."
    one = Document(text=text, origin="a", format="text", source=Source("Outlet A"))
    two = Document(text=text, origin="a", format="text", source=Source("Outlet B"))
    assert one.id != two.id


def test_mint_id_is_fresh() -> None:
    assert mint_id("ent") != mint_id("ent")


def test_detect_script_of_arabic_and_latin() -> None:
    assert detect_script("البوكمال") is Script.ARABIC
    assert detect_script("Al-Bukamal") is Script.LATIN
    assert detect_script("123") is Script.OTHER


@given(st.text())
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.lists(st.text(), max_size=4))
def test_content_id_is_stable(parts: list[str]) -> None:
    assert content_id("doc", *parts) == content_id("doc", *parts)
