import io
import json
from collections.abc import Callable
from pathlib import Path, PurePath

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from allegiance.ingest import FORMATS, detect_format, iter_input_files, read_file, read_url
from allegiance.model import FetchError, InputError
from allegiance.settings import Settings

from .conftest import LocalServer, Route

Write = Callable[[str, str | bytes], Path]
ALLOW_PRIVATE = Settings(fetch_allow_private=True, fetch_timeout=5)
RSS = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>'
    b"<item><guid>g1</guid><title>Clashes reported near the town of Mayadin</title></item>"
    b"</channel></rss>"
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"hello", "text"), ("a.md", b"# t", "text"), ("a.markdown", b"", "text"),
        ("a.HTML", b"", "html"), ("a.htm", b"", "html"), ("a.csv", b"", "csv"),
        ("a.tsv", b"", "csv"), ("a.rss", b"", "rss"), ("a.JPG", b"", "image"),
        ("a.json", b'{"data": [{"id": "1"', "x-json"),
        ("a.json", b'[{"id": "1", "text": "x"}]', "x-json"),
        ("a.json", b'{\n "name": "Ch",\n "type": "public_channel",\n "messages": [', "telegram"),
        ("a.json", b'{"about": "x", "chats": {"list": []}}', "telegram"),
        ("a.xml", b'<?xml version="1.0"?>\n<rss version="2.0">', "rss"),
        ("a.xml", b'<?xml version="1.0"?><!-- c --><feed xmlns="urn:x">', "rss"),
        ("a.xml", b"<rdf:RDF>", "rss"),
        ("noext", b"\x89PNG\r\n\x1a\n....", "image"),
        ("noext", b"RIFF\x00\x00\x00\x00WEBPVP8", "image"),
        ("noext", b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        ("page.php", b"<html><body>", "html"),
    ],
)  # fmt: skip
def test_detect_format_by_extension_then_content(name: str, head: bytes, expected: str) -> None:
    assert detect_format(PurePath(name), head) == expected


@pytest.mark.parametrize(
    ("name", "head"),
    [("a.bin", b"\x00\x01"), ("a.json", b'{"foo": 1}'), ("a.xml", b"<catalog/>"), ("x", b"hi")],
)
def test_detect_format_unknown_is_input_error(name: str, head: bytes) -> None:
    with pytest.raises(InputError, match=r"unrecognised .*use --format"):
        detect_format(Path(name), head)


def test_read_file_detects_language_when_format_gives_none(
    write: Write, settings: Settings
) -> None:
    path = write("r.txt", "Government troops pulled out of the town after heavy fighting.")
    (document,) = read_file(path, settings=settings).documents
    assert document.language == "en"


def test_read_file_explicit_format_overrides_extension(write: Write, settings: Settings) -> None:
    path = write("feed.data", RSS)
    result = read_file(path, format="rss", settings=settings)
    assert [document.origin for document in result.documents] == [f"{path}#g1"]


def test_read_file_unknown_format_is_input_error(write: Write, settings: Settings) -> None:
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        read_file(write("a.txt", "x"), format="pdf", settings=settings)


def test_read_file_bad_inputs_are_one_line_errors_naming_the_file(
    write: Write, settings: Settings
) -> None:
    bad = {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\xff" * 64,
        "truncated.json": b'{"data": [{"id": "1", "text": "cut off',
        "bomb.rss": b'<!DOCTYPE r [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>',
        "huge.txt": b"word " * 400_000,
        "posts.csv": b"when,what\n2014-06-01,hello\n",
        "broken.png": b"\x89PNG\r\n\x1a\nbroken",
        "unknown.bin": b"\x01\x02",
    }
    for name, content in bad.items():
        path = write(name, content)
        with pytest.raises(InputError) as caught:
            read_file(path, settings=settings)
        assert caught.value.origin == str(path), name
        assert caught.value.reason and "\n" not in str(caught.value), name


def test_read_file_records_invalid_utf8(write: Write, settings: Settings) -> None:
    path = write("latin1.txt", "Café owners in Deir ez-Zor said".encode("latin-1"))
    (document,) = read_file(path, settings=settings).documents
    assert document.decode_errors == 1


def test_iter_input_files_sorted_recursive_without_hidden_or_captions(
    write: Write, tmp_path: Path
) -> None:
    for name in (
        "b.txt",
        "a/z.md",
        "a/y.txt",
        ".hidden.txt",
        ".git/config.txt",
        "p.png.txt",
        "p.md",
        "q.md",
    ):
        write(name, "x")
    write("p.png", _png())
    found = [path.relative_to(tmp_path).as_posix() for path in iter_input_files([tmp_path])]
    assert found == ["a/y.txt", "a/z.md", "b.txt", "p.png", "q.md"]


def test_iter_input_files_keeps_explicit_files_once(write: Write) -> None:
    a = write("a.txt", "x")
    assert list(iter_input_files([a, a.parent, a])) == [a]


def test_iter_input_files_missing_path_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_input_files([tmp_path / "absent"]))


def test_read_url_reads_feed_from_local_server(local_server: LocalServer) -> None:
    local_server.routes["/feed"] = Route(RSS, headers={"Content-Type": "application/rss+xml"})
    result = read_url(local_server.url("/feed"), settings=ALLOW_PRIVATE)
    (document,) = result.documents
    assert document.origin == local_server.url("/feed") + "#g1"
    assert document.language == "en"


def test_read_url_reads_html_page_with_its_url(local_server: LocalServer) -> None:
    page = (
        "<html><head><title>Rawa</title></head><body><article><p>Government troops pulled out "
        "of the town of Rawa on Saturday after heavy fighting with militants, residents told a "
        "local radio station.</p></article></body></html>"
    )
    local_server.routes["/news/rawa"] = Route(page.encode(), headers={"Content-Type": "text/html"})
    (document,) = read_url(local_server.url("/news/rawa"), settings=ALLOW_PRIVATE).documents
    assert document.url == local_server.url("/news/rawa")
    assert "pulled out of the town of Rawa" in document.text


def test_read_url_sniffs_json_served_as_octet_stream() -> None:
    body = json.dumps({"data": [{"id": "5", "text": "Posted from the front line today"}]})

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=body.encode(), headers={"Content-Type": "application/octet-stream"}
        )

    client = httpx.Client(transport=httpx.MockTransport(handler))
    result = read_url("https://api.example/tweets", settings=ALLOW_PRIVATE, client=client)
    assert [document.external_id for document in result.documents] == ["5"]


def test_read_url_refuses_loopback_by_default(local_server: LocalServer) -> None:
    with pytest.raises(FetchError, match="non-public address"):
        read_url(local_server.url("/feed"), settings=Settings())


def test_formats_lists_every_reader() -> None:
    assert FORMATS == ("auto", "text", "html", "rss", "x-json", "telegram", "csv", "image")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    suffix=st.sampled_from([".txt", ".md", ".html", ".rss", ".xml", ".json", ".csv", ".png", ""]),
    data=st.binary(min_size=1, max_size=800),
)
def test_read_file_arbitrary_bytes_give_result_or_input_error(
    tmp_path: Path, settings: Settings, suffix: str, data: bytes
) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        result = read_file(path, settings=settings)
    except InputError as exc:
        assert exc.origin.startswith(str(path))
    else:
        assert result.origin == str(path)
