"""Feeds read with feedparser: RSS 2.0, Atom, and an aggregator that carries other outlets'
items. Each item is credited to its own outlet, with its link, guid (as `ref`), author, date."""

from __future__ import annotations

from storyline.ingest import read_feed
from storyline.model import Article

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Caldera Daily</title><link>https://calderadaily.example/</link>
<item><title>Harbour fire under control</title>
<link>https://calderadaily.example/fire</link><guid>cd-2025-0311-fire</guid>
<dc:creator>Rosalind Achterberg</dc:creator><pubDate>Tue, 11 Mar 2025 18:30:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Fire crews brought the Warehouse 7 blaze under control.</p>
<p>Fourteen people were hurt.</p>]]></content:encoded></item>
<item><title>Only a title</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian Wire</title>
<entry><title>Inquiry ordered</title><id>urn:meridian:4471</id>
<link href="https://www.meridianwire.example/inquiry"/>
<author><name>Tomas Lindqvist</name></author><updated>2025-03-13T07:05:00Z</updated>
<content type="html">&lt;p&gt;The council voted for an independent inquiry.&lt;/p&gt;</content>
</entry></feed>"""

AGGREGATOR = """<?xml version="1.0"?><rss version="2.0"><channel><title>NewsPulse</title>
<item><title>Quay reopens</title><link>https://coastradio.example/quay</link>
<source url="https://coastradio.example/rss">Coast Radio</source>
<description>The North Quay reopened to traffic on Friday.</description></item>
<item><title>Relief fund opens</title><link>https://www.saltmarshherald.example/fund</link>
<description>The relief fund opened for applications on Monday.</description></item>
</channel></rss>"""


def articles(text: str) -> list[Article]:
    """The articles a feed gives (skipped records left out)."""
    return [a for a in read_feed(text, "feed.xml") if isinstance(a, Article)]


def test_rss_item_fields() -> None:
    items = list(read_feed(RSS, "feed.xml"))
    first = items[0]
    assert isinstance(first, Article) and not isinstance(items[1], Article)
    assert first.text.startswith("Fire crews brought the Warehouse 7 blaze under control.")
    assert "Fourteen people were hurt." in first.text  # the full body, not the teaser
    assert first.url == "https://calderadaily.example/fire"
    assert first.ref == "cd-2025-0311-fire" and first.byline == "Rosalind Achterberg"
    assert (first.published, first.published_time) == ("2025-03-11", "18:30")
    assert first.source == "calderadaily.example"  # the item's own host


def test_atom_entry_fields() -> None:
    [entry] = articles(ATOM)
    assert entry.text == "The council voted for an independent inquiry."
    assert entry.ref == "urn:meridian:4471" and entry.byline == "Tomas Lindqvist"
    assert entry.published == "2025-03-13" and entry.source == "meridianwire.example"


def test_aggregator_items_are_credited_to_their_own_outlets() -> None:
    first, second = articles(AGGREGATOR)
    assert first.source == "Coast Radio"  # the <source> element names the outlet
    assert second.source == "saltmarshherald.example"  # else the link's host, not NewsPulse


def test_broken_feed_is_skipped_with_a_reason() -> None:
    [record] = list(read_feed("<rss><channel><item>", "bad.xml"))
    assert not isinstance(record, Article)
    assert "feed" in record.reason


def test_a_character_reference_to_no_character_is_replaced_not_fatal() -> None:
    from storyline.ingest.feeds import read_feed

    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Wire</title>'
            "<item><title>Quay &#xd800;shut</title><description>The quay at Port Caldera "
            "stayed shut on Tuesday&#55296; after the fire.</description></item>"
            "</channel></rss>")
    items = list(read_feed(feed, "wire.xml"))
    assert len(items) == 1 and isinstance(items[0], Article)
    assert "\ufffd" in (items[0].title or "") and "\ufffd" in items[0].text
