"""An Atom 1.0 feed of alerts, for feed readers: one entry per alert, with a stable id.

The feed is built as an element tree and serialised by ElementTree, which escapes every
text; characters XML cannot carry at all (most control characters) are dropped first, so
no alert, however strange its names, can break the feed or put markup into it. Entries
are plain text: the headline, then one line per claim behind the alert.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime

from allegiance.query.alerts import AlertView

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:allegiance:alerts"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_atom(
    alerts: Sequence[AlertView], *, updated: datetime, title: str = "allegiance alerts"
) -> bytes:
    """The feed as UTF-8 bytes; `updated` is used when there is no alert to date it by."""
    feed = ET.Element("feed", {"xmlns": ATOM})
    _text(feed, "id", FEED_ID)
    _text(feed, "title", title)
    newest = max((alert.recorded_at for alert in alerts), default=updated)
    _text(feed, "updated", newest.isoformat())
    author = ET.SubElement(feed, "author")
    _text(author, "name", "allegiance")
    ET.SubElement(feed, "generator").text = "allegiance"
    for alert in alerts:
        feed.append(_entry(alert))
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document


def entry_id(alert_id: str) -> str:
    """The entry's Atom id: the alert's content-hash id, so it never changes."""
    return f"urn:allegiance:alert:{alert_id}"


def _entry(alert: AlertView) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "id", entry_id(alert.id))
    _text(entry, "title", alert.headline)
    _text(entry, "updated", alert.recorded_at.isoformat())
    category = ET.SubElement(entry, "category")
    category.set("term", _clean(alert.kind))
    summary = ET.SubElement(entry, "summary")
    summary.set("type", "text")
    summary.text = _clean(_describe(alert))
    return entry


def _describe(alert: AlertView) -> str:
    lines = [alert.headline, f"Watch rule {alert.rule_id} on {alert.target.name}."]
    if alert.date:
        lines.append(
            f"Date: {alert.date['start']} to {alert.date['end']} ({alert.date['precision']})."
        )
    for item in alert.evidence:
        grade = item.grade or "ungraded"
        lines.append(
            f"{item.role}: claim {item.claim_id} in document {item.document_id} "
            f"({item.hedge}, {grade})"
        )
    return "\n".join(lines)


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, name)
    element.text = _clean(value)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
