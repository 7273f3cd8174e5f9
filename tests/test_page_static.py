"""The page as a file: self-contained, and no text from the graph in an executable place."""

from __future__ import annotations

import json
import re

# URLs that vis-network's code carries as text: its licence notices, its home page and the SVG
# namespace it passes to createElementNS. None is fetched.
VIS_URL_TEXT = {
    "http://www.w3.org/2000/svg",
    "https://visjs.github.io/vis-network/",
    "https://github.com/visjs",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT",
    "http://almende.com",
}


def split_vendored(html: str) -> tuple[str, str]:
    """(the page without vis-network's inlined script and stylesheet, those two blocks)."""
    ours, vendored, position = [], [], 0
    for match in re.finditer(r"<(script|style)>\n(.*?)</\1>", html, flags=re.S):
        body = match.group(2)
        if body.startswith(("/**\n * vis-network", ".vis-")):
            ours.append(html[position : match.start()])
            vendored.append(body)
            position = match.end()
    ours.append(html[position:])
    return "".join(ours), "\n".join(vendored)


def test_page_references_no_remote_resource(fresh_exports):
    html = (fresh_exports / "pactgraph.html").read_text(encoding="utf-8")
    ours, vendored = split_vendored(html)
    assert len(vendored) > 400_000, "vis-network was not found inlined in the page"
    # Our part: no URL at all, and nothing that loads a resource (no src/href/srcset attribute, no
    # CSS url() or @import, no <link>, <iframe>, <object>, <embed> or <base>).
    assert not re.findall(r"https?://", ours)
    assert not re.search(r"""\b(src|href|srcset|action)\s*=""", ours, flags=re.I)
    assert not re.search(r"url\(|@import|<(link|iframe|object|embed|base)\b", ours, flags=re.I)
    # vis-network: its stylesheet's images are data: URIs, and its URLs are text it never fetches.
    assert not re.search(r"url\(\s*(?![\"']?data:)", vendored)
    assert "sourceMappingURL" not in html
    assert set(re.findall(r"https?://[^\s\"'()<>]+", vendored)) <= VIS_URL_TEXT
    # And the page forbids itself any fetch, whatever its scripts try.
    assert "default-src 'none'" in ours and "connect-src 'none'" in ours


def test_page_data_is_escaped_json(fresh_exports):
    html = (fresh_exports / "pactgraph.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, flags=re.S).group(1)
    assert "<" not in raw and ">" not in raw
    data = json.loads(raw)
    assert {"nodes", "edges", "classes", "statuses", "years", "partners"} <= set(data)
    ukraine = next(n for n in data["nodes"] if n["iri"] == "country:UA")
    assert ukraine["type"] == "Country"
    assert data["statuses"] == sorted({"signed", "negotiating", "pledged", "planned", "announced", "aimed"})
