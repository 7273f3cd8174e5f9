"""From a saved page to reviewed claims: add page.html, draft, review, build --include-drafts.

Drafts are never facts by accident: the default build leaves them out; with --include-drafts they
sit in a graph of their own, marked unreviewed in every export, in the queries and on the page;
accepting one is an edit of graph/claims that git diff shows.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import yaml
from pactgraph import paths
from pactgraph.cli import main
from pactgraph.draft import events_of
from pactgraph.vocab import PACT, RDF
from pactgraph.yamlfile import load_yaml_mapping
from rdflib import Dataset, Graph, URIRef

from tests.cli import Runner, command, folder_options, invoke, one_line_error

pytest.importorskip("spacy")
pytest.importorskip("trafilatura")

PAGE = Path(__file__).parent / "data" / "test_drafts_flow" / "kyiv-chronicle.html"
SOURCE = "kyiv-chronicle-drones"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A workspace with the example's sources and claims, the commands run in it (exports go there)."""
    from pactgraph.workspace import SETTINGS, SETTINGS_TEXT

    for name in ("sources", "claims"):
        shutil.copytree(paths.PACKAGE / name, tmp_path / name)
    (tmp_path / SETTINGS).write_text(SETTINGS_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def options(corpus: Path) -> list[str]:
    return folder_options(corpus)


def add_page(corpus: Path):
    return invoke("add", str(PAGE), "--id", SOURCE, "--sources", str(corpus / "sources"))


def test_a_saved_page_gives_its_article_and_metadata_without_furniture(corpus):
    result = add_page(corpus)
    assert result.exit_code == 0, result.output
    meta = load_yaml_mapping(corpus / "sources" / f"{SOURCE}.meta.yaml")
    # The page's own metadata (read by hand from the page's <meta> and <link> elements).
    assert meta["title"] == "Ukraine and Norway sign drone deal"
    assert meta["published"] == "2025-12-01"
    assert meta["publisher"] == "The Kyiv Chronicle"
    assert meta["url"] == "https://kyiv-chronicle.example/news/ukraine-norway-drones"
    text = (corpus / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    assert "Ukrainian Defense Minister Denys Shmyhal said" in text
    for furniture in ("Also read", "Others are reading now", "By Olena", "Subscribe", "Home", "Denmark donates F-16s"):
        assert furniture not in text
    import hashlib

    assert meta["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()  # the text, not the page


def test_given_options_win_over_the_page(corpus):
    result = invoke(
        "add",
        str(PAGE),
        "--id",
        SOURCE,
        "--publisher",
        "Kyiv Chronicle Ltd",
        "--published",
        "2025-12",
        "--sources",
        str(corpus / "sources"),
    )
    assert result.exit_code == 0, result.output
    meta = load_yaml_mapping(corpus / "sources" / f"{SOURCE}.meta.yaml")
    assert (meta["publisher"], meta["published"]) == ("Kyiv Chronicle Ltd", "2025-12")


def test_a_page_without_an_article_is_one_line(corpus, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = command("add", str(empty), "--sources", str(corpus / "sources"))
    assert "no article text found" in one_line_error(result.stderr, result.returncode)
    assert not list((corpus / "sources").glob("empty*"))


def drafted(corpus: Path) -> list[dict]:
    assert add_page(corpus).exit_code == 0
    result = invoke("draft", SOURCE, *options(corpus))
    assert result.exit_code == 0, result.output
    return load_yaml_mapping(corpus / "drafts" / f"{SOURCE}.yaml")["claims"]


def test_draft_writes_drafts_apart_from_the_claims(corpus):
    claims = drafted(corpus)
    assert not (corpus / "claims" / f"{SOURCE}.yaml").exists()
    agreement = next(c for c in events_of(claims) if c["about"].startswith("agreement/"))
    # The page: "signed an agreement on Monday", a signing dated by the weekday before publication
    # (2025-12-01 is a Monday: the same day). The seed's agreement has the same kind and parties, but
    # was signed on 30 November: not linked to it without evidence; the draft says why, for the
    # reviewer to link it if it is the same.
    assert agreement["about"] == f"agreement/ukraine-norway-agreement--{SOURCE}" and agreement["label"]
    assert agreement["facts"]["status"] == "status/signed"
    assert agreement["facts"]["signedOn"] == {"stated": "on Monday", "rule": "weekday-before-publication-date"}
    assert (
        "agreement/ukraine-norway-drone-coproduction differs (signedOn 2025-12-01 against 2025-11-30)"
        in agreement["reason"]
    )
    assert all(0 < c["confidence"] <= 1 and c["reason"] for c in claims)


def test_drafting_again_would_lose_a_review_in_progress(corpus):
    drafted(corpus)
    result = command("draft", SOURCE, *options(corpus))
    assert "not yet reviewed" in one_line_error(result.stderr, result.returncode)
    assert invoke("draft", SOURCE, "--force", *options(corpus)).exit_code == 0


def test_two_jobs_draft_what_one_does(corpus):
    drafted(corpus)
    one = (corpus / "drafts" / f"{SOURCE}.yaml").read_text()
    assert invoke("draft", SOURCE, "ukraine-norway-drones", "--force", "--jobs", "2", *options(corpus)).exit_code == 0
    assert (corpus / "drafts" / f"{SOURCE}.yaml").read_text() == one


def test_review_accepts_into_the_claims_and_drops_from_the_drafts(corpus):
    claims = drafted(corpus)
    first, second = claims[0]["id"], claims[1]["id"]
    answers = "y\nn\nq\n"
    result = Runner().invoke(main, ["review", SOURCE, *options(corpus)], input=answers)
    assert result.exit_code == 0, result.output
    assert f"accepted {first}" in result.output and f"rejected {second}" in result.output
    reviewed = load_yaml_mapping(corpus / "claims" / f"{SOURCE}.yaml")["claims"]
    assert [c["id"] for c in reviewed] == [first]
    assert "confidence" not in reviewed[0] and "reason" not in reviewed[0]
    path = corpus / "drafts" / f"{SOURCE}.yaml"
    left = [c["id"] for c in load_yaml_mapping(path)["claims"]] if path.exists() else []  # gone when none is left
    # The second declares an event: the drafts of its facts go with it.
    with_it = (
        [c for c in claims if c["about"] == claims[1]["about"] and not c.get("type")] if claims[1].get("type") else []
    )
    assert f"rejected {second}" + (f", and with it the {len(with_it)} drafts" if with_it else "") in result.output
    assert first not in left and second not in left and len(left) == len(claims) - 2 - len(with_it)
    # The accepted claim is a claim like any: the build takes it.
    assert invoke("build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims")).exit_code == 0


def test_review_shows_each_draft_beside_its_sentence(corpus):
    claims = drafted(corpus)
    result = invoke("review", SOURCE, "--list", *options(corpus))
    assert result.exit_code == 0
    for claim in claims:
        assert f"{claim['id']}  confidence {claim['confidence']:.2f}" in result.output
    assert "sentence: Ukraine and Norway signed an agreement on Monday" in result.output


def test_review_flags_and_unknown_ids(corpus):
    claims = drafted(corpus)
    result = invoke("review", SOURCE, "--reject", claims[0]["id"], *options(corpus))
    assert result.output.strip() == f"rejected {claims[0]['id']}"
    failed = command("review", SOURCE, "--accept", "no-such-claim", *options(corpus))
    assert "is not a draft of" in one_line_error(failed.stderr, failed.returncode)


def test_an_events_facts_are_drafts_of_their_own_accepted_after_it(corpus):
    claims = drafted(corpus)
    event = f"agreement/ukraine-norway-agreement--{SOURCE}"
    (core,) = [c for c in claims if c["about"] == event and c.get("type")]
    facts = [c for c in claims if c["about"] == event and not c.get("type")]
    # "Ukraine and Norway signed an agreement on Monday": the day, a draft of its own.
    keys = [key for c in facts for key in c["facts"]]
    assert keys.count("signedOn") == 1 and all(len(c["facts"]) == 1 for c in facts)
    dated = next(c for c in facts if "signedOn" in c["facts"])
    refused = command("review", SOURCE, "--accept", dated["id"], *options(corpus))
    assert f"which draft {core['id']} declares: accept that one first" in one_line_error(
        refused.stderr, refused.returncode
    )
    # The event's own draft carries what the shapes require of it (an agreement's two parties): it
    # is accepted alone, and then each fact after it.
    assert set(core["facts"]) >= {"status", "party"} and len(core["facts"]["party"]) == 2
    assert "party" not in keys
    accepted = invoke("review", SOURCE, "--accept", core["id"], "--accept", facts[0]["id"], *options(corpus))
    assert accepted.exit_code == 0, accepted.output
    reviewed = load_yaml_mapping(corpus / "claims" / f"{SOURCE}.yaml")["claims"]
    assert [c["id"] for c in reviewed] == [core["id"], facts[0]["id"]]


def test_rejecting_an_event_rejects_the_drafts_of_its_facts(corpus):
    claims = drafted(corpus)
    event = f"agreement/ukraine-norway-agreement--{SOURCE}"
    (core,) = [c for c in claims if c["about"] == event and c.get("type")]
    facts = [c for c in claims if c["about"] == event and not c.get("type")]
    assert facts
    result = invoke("review", SOURCE, "--reject", core["id"], *options(corpus))
    assert result.exit_code == 0 and result.output.startswith(
        f"rejected {core['id']}, and with it the {len(facts)} drafts"
    )
    left = load_yaml_mapping(corpus / "drafts" / f"{SOURCE}.yaml")["claims"]
    assert [c for c in left if c["about"] == event] == []
    assert len(left) == len(claims) - 1 - len(facts)


def test_an_edit_is_read_by_the_rules_of_the_claims_files():
    from pactgraph.errors import InputError
    from pactgraph.review import Draft, parse_edit

    draft = Draft({"id": "norway-pledge"})
    assert parse_edit("id: norway-pledge\nlabel: Norway's pledge\n", draft) == {
        "id": "norway-pledge",
        "label": "Norway's pledge",
    }
    with pytest.raises(InputError, match=r"^norway-pledge: the edit is not YAML \(an alias \(\*n\) repeats a value"):
        parse_edit("id: norway-pledge\nlabel: &n Norway\naliases: [*n]\n", draft)
    with pytest.raises(InputError, match=r"^norway-pledge: the edit is not YAML \(nested too deeply"):
        parse_edit("label: " + "[" * 5000 + "]" * 5000, draft)


def test_the_default_build_leaves_drafts_out(corpus):
    drafted(corpus)
    assert invoke("build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims")).exit_code == 0
    trig = (corpus / "exports" / "pactgraph.trig").read_text()
    assert "graph/draft/" not in trig and "/id/draft/" not in trig


@pytest.fixture
def with_drafts(corpus):
    drafted(corpus)
    result = invoke("build", "--include-drafts", *options(corpus))
    assert result.exit_code == 0, result.output
    return corpus / "exports" / "drafts"


def test_drafts_have_a_graph_of_their_own_marked_unreviewed(with_drafts):
    dataset = Dataset()
    dataset.parse(with_drafts / "pactgraph.trig", format="trig")
    draft_graph = URIRef(f"https://w3id.org/pactgraph/graph/draft/{SOURCE}")
    assert (draft_graph, RDF.type, PACT.DraftGraph) in dataset
    claims = set(dataset.graph(draft_graph).subjects(RDF.type, PACT.DraftClaim))
    assert claims and all(dataset.graph(draft_graph).value(c, PACT.confidence) is not None for c in claims)
    # The source has no reviewed claims yet: its own graph describes the document and holds no claim.
    reviewed = dataset.graph(URIRef(f"https://w3id.org/pactgraph/graph/{SOURCE}"))
    assert len(reviewed) and not any(reviewed.subjects(RDF.type, PACT.Claim))


def test_turtle_describes_drafts_and_never_asserts_them(with_drafts):
    graph = Graph().parse(with_drafts / "pactgraph.ttl", format="turtle")
    agreement = URIRef("https://w3id.org/pactgraph/id/agreement/ukraine-norway-drone-coproduction")
    drafted = URIRef(f"https://w3id.org/pactgraph/id/agreement/ukraine-norway-agreement--{SOURCE}")
    statements = list(graph.subjects(RDF.type, PACT.DraftStatement))
    assert statements
    signed_on = [s for s in statements if graph.value(s, RDF.predicate) == PACT.signedOn]
    assert [(graph.value(s, RDF.subject), str(graph.value(s, RDF.object))) for s in signed_on] == [
        (drafted, "2025-12-01")
    ]
    assert [str(v) for v in graph.objects(agreement, PACT.signedOn)] == ["2025-11-30"]  # the reviewed one only
    assert not list(graph.objects(drafted, PACT.signedOn))  # described, never asserted


def test_queries_mark_rows_only_drafts_give(with_drafts):
    """On data with a graph per source, a row no reviewed source gives is a draft's: 0 sources,
    and the drafts behind it counted; rows of reviewed sources stay as they were."""
    for name in ("programmes-by-status", "signed-agreements", "fact-evidence"):
        result = invoke("query", name, "--data", str(with_drafts / "pactgraph.trig"), "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(result.output)))
        unreviewed = [row for row in rows if row["sources"] == "0"]
        assert all(int(row["drafts"]) >= 1 for row in unreviewed), name
        assert any(int(row["sources"]) >= 1 and row["drafts"] == "0" for row in rows), name
        # The draft dates a signing whose signatories only the seed gives, and its production
        # programme ("planned", a kind of draft right less than 30% of the time) is set aside.
        if name == "fact-evidence":
            assert unreviewed, name


def test_the_page_marks_unreviewed_nodes(with_drafts):
    import json
    import re

    html = (with_drafts / "pactgraph.html").read_text()
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html, flags=re.S).group(1))
    marked = {n["label"] for n in data["nodes"] if n.get("unreviewed")}
    assert "Ukraine–Norway agreement" in marked
    facts = [f["source"] for n in data["nodes"] for f in n.get("facts", [])]
    assert any(s.startswith("UNREVIEWED DRAFT (confidence") for s in facts)
    graphml = (with_drafts / "pactgraph.graphml").read_text()
    assert "unreviewedClaims" in graphml


def test_reading_a_page_and_drafting_fetch_nothing(corpus, tmp_path):
    """A saved page links images, styles, scripts and its canonical address; none is fetched, and
    drafting downloads no model or data (the listener on loopback counts every connection)."""
    from tests.serving import ConnectionRecorder

    listener = ConnectionRecorder()
    try:
        base = f"http://127.0.0.1:{listener.port}"
        page = (
            PAGE.read_text()
            .replace(
                "</head>",
                f'<link rel="stylesheet" href="{base}/style.css"><script src="{base}/app.js"></script>'
                f'<link rel="alternate" type="application/rss+xml" href="{base}/feed"></head>',
            )
            .replace("<article>", f'<article><img src="{base}/photo.jpg" alt="drones">')
        )
        saved = tmp_path / "linked.html"
        saved.write_text(page)
        added = command("add", str(saved), "--id", "linked", "--sources", str(corpus / "sources"))
        assert added.returncode == 0, added.stderr
        drafted = command("draft", "linked", *options(corpus))
        assert drafted.returncode == 0, drafted.stderr
        assert listener.connections() == 0
    finally:
        listener.close()


def test_the_page_in_chromium_marks_drafts_on_the_node_and_in_its_details(with_drafts):
    pytest.importorskip("playwright")
    from bench.browser import chromium_path, offline_page
    from tests.test_page import open_page

    if not chromium_path():
        pytest.skip("chromium is not installed")
    with offline_page() as (page, log):
        open_page(page, with_drafts / "pactgraph.html")
        label = "Ukraine–Norway agreement"
        index = page.evaluate(f"window.pactgraph.data.nodes.findIndex((n) => n.label === {label!r})")
        assert page.evaluate(f"window.pactgraph.nodes.get({index}).label").startswith("\u270e")
        page.fill("#search", "Ukraine–Norway agreement")
        page.press("#search", "Enter")
        details = page.inner_text("#details")
        assert "Unreviewed drafts" in details and "UNREVIEWED DRAFT (confidence" in details
        assert log.requests == [] and log.errors == []


def test_link_points_a_draft_at_an_entity_of_the_graph_without_an_editor(corpus):
    drafted(corpus)
    agreement = f"ukraine-norway-agreement-{SOURCE}"
    result = invoke(
        "review", SOURCE, "--link", f"{agreement}=agreement/ukraine-norway-drone-coproduction", *options(corpus)
    )
    assert result.exit_code == 0, result.output
    assert f"linked {agreement} to agreement/ukraine-norway-drone-coproduction" in result.output
    drafts = {c["id"]: c for c in load_yaml_mapping(corpus / "drafts" / f"{SOURCE}.yaml")["claims"]}
    linked = drafts[agreement]
    # About the seed's agreement now; the graph has its type and label, the facts are this report's.
    assert linked["about"] == "agreement/ukraine-norway-drone-coproduction"
    assert "type" not in linked and "label" not in linked
    (dated,) = [c for c in drafts.values() if "signedOn" in c["facts"]]  # a fact of the event, a draft of its own
    assert dated["about"] == "agreement/ukraine-norway-drone-coproduction"
    assert dated["facts"]["signedOn"] == {"stated": "on Monday", "rule": "weekday-before-publication-date"}
    assert not any(f"agreement/ukraine-norway-agreement--{SOURCE}" in str(c) for c in drafts.values())
    # Wrong uses: one line each, nothing changed.
    before = (corpus / "drafts" / f"{SOURCE}.yaml").read_bytes()
    for pair, says in [
        (f"{agreement}=agreement/no-such-thing", "is not an entity of the graph"),
        (f"{agreement}=person/denys-shmyhal", "another kind of entity"),
        ("nonsense", "give DRAFT=ENTITY"),
        ("no-such-draft=agreement/ukraine-norway-drone-coproduction", "is no longer a draft"),
    ]:
        result = command("review", SOURCE, "--link", pair, *options(corpus))
        assert says in one_line_error(result.stderr, result.returncode), pair
    assert (corpus / "drafts" / f"{SOURCE}.yaml").read_bytes() == before
    # Accepted as linked: a claim of this report about the seed's agreement, which the build takes.
    assert invoke("review", SOURCE, "--accept", agreement, *options(corpus)).exit_code == 0
    (claim,) = load_yaml_mapping(corpus / "claims" / f"{SOURCE}.yaml")["claims"]
    assert claim["about"] == "agreement/ukraine-norway-drone-coproduction" and "type" not in claim
    assert invoke("build", "--sources", str(corpus / "sources"), "--claims", str(corpus / "claims")).exit_code == 0


def test_a_new_person_linked_to_one_the_graph_has_is_dropped_and_its_holding_follows(corpus):
    drafted(corpus)
    path = corpus / "drafts" / f"{SOURCE}.yaml"
    drafts = load_yaml_mapping(path)
    holding = next(c for c in drafts["claims"] if c["about"].startswith("holding/"))
    # As a draft that did not recognise the seed's minister would have it: a person of its own.
    holding["facts"]["holder"] = "person/denys-shmyhal-2"
    drafts["claims"].insert(
        0,
        {
            "id": "denys-shmyhal-2",
            "sentence": holding["sentence"],
            "about": "person/denys-shmyhal-2",
            "type": "Person",
            "label": "Denys Shmyhal",
            "confidence": 0.9,
            "reason": "person: a PERSON name (spaCy)",
        },
    )
    path.write_text(yaml.safe_dump(drafts, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = invoke("review", SOURCE, "--link", "denys-shmyhal-2=person/denys-shmyhal", *options(corpus))
    assert result.exit_code == 0, result.output
    assert "dropped it: it said nothing more of it; 1 other drafts re-pointed" in result.output
    left = load_yaml_mapping(path)["claims"]
    assert "denys-shmyhal-2" not in [c["id"] for c in left]
    assert next(c for c in left if c["id"] == holding["id"])["facts"]["holder"] == "person/denys-shmyhal"
