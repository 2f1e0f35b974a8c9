"""Partners the demo lacks, for the validity tests: feeds as varied as real partners send.

The demo partners are well-behaved. The W3C Feed Validation Service found what they never
show: a partner that answers with an empty feed, items without an excerpt, a date or an
author, long text, odd characters and a language tag with script and region. `varied_web`
writes such feeds into a folder for `PartnerWeb` to serve, and returns the sources to add to
a config (the placeholder host is replaced by the server's address, as in the fixtures).
"""

from __future__ import annotations

from pathlib import Path

# A partner whose feed works but holds no item: its published feed has no story to date it.
QUIET_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Quiet partner</title><link>http://partner.test/quiet/</link>
<description>Nothing posted yet</description></channel></rss>
"""

LONG_TEXT = "Human rights defenders in Central Asia report on detentions and trials. " * 300

VARIED_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Varied partner</title>
<link>http://partner.test/varied/</link><description>Items as partners really send them</description>
<item><title>A title and a link, nothing else</title><link>http://partner.test/varied/bare</link></item>
<item><title>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; "quoted" — 🌍 עברית ‏العربية</title>
<link>http://partner.test/varied/odd?a=1&amp;b=2</link>
<description><![CDATA[<p>Markup &amp; an <img src=x onerror=alert(1)> ]]]]><![CDATA[> end</p>]]></description>
<pubDate>Mon, 05 Feb 2024 10:00:00 +0600</pubDate><dc:creator>Айгүл Токтосунова</dc:creator></item>
<item><title>Қазақша жаңалықтар</title><link>http://partner.test/varied/kk</link>
<description>Азаматтық қоғам туралы мәтін.</description><dc:language>kk-Cyrl-KZ</dc:language>
<pubDate>Tue, 06 Feb 2024 10:00:00 GMT</pubDate></item>
<item><title>A long report</title><link>http://partner.test/varied/long</link>
<description>{LONG_TEXT}</description><pubDate>Wed, 07 Feb 2024 10:00:00 GMT</pubDate></item>
</channel></rss>
"""

SOURCES = """
  - id: quiet
    name: Quiet partner (an empty feed)
    url: http://partner.test/quiet/feed.xml
    type: feed
    languages: [ru]
  - id: varied
    name: Varied & "odd" partner
    url: http://partner.test/varied/feed.xml
    type: feed
    languages: [en, kk]
"""


def varied_web(root: Path) -> str:
    """Write the varied partners' feeds under `root`; return their config entries (YAML list
    items to append under `sources:`), with http://partner.test for the server to replace."""
    for name, body in (("quiet", QUIET_FEED), ("varied", VARIED_FEED)):
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "feed.xml").write_text(body, encoding="utf-8")
    return SOURCES


def source_ids() -> set[str]:
    return {line.split(":", 1)[1].strip() for line in SOURCES.splitlines() if line.strip().startswith("- id:")}
