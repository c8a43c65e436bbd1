"""HTML fragments (feed summaries and contents) reduced to plain text with paragraph breaks."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "ol", "p", "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_INVISIBLE = frozenset({"script", "style", "template", "noscript", "head", "title"})


class _TextCollector(HTMLParser):
    """Collects character data, marking a break wherever a block element starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment: one paragraph per block, separated by a blank line.

    Escaped markup such as `&lt;script&gt;` stays as the literal text it stands for.
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = [" ".join(block.split()) for block in "".join(collector.parts).split("\n")]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
