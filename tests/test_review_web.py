"""The review page (pactgraph review SOURCE --web): driven in headless chromium with the network
blocked, it writes the claims the terminal review writes; and the server it runs on answers only its
own page."""

from __future__ import annotations

import http.client
import json
import threading
from contextlib import contextmanager

import pytest
import yaml
from pactgraph.draft import events_of
from pactgraph.review_web import ReviewState, serve_review
from pactgraph.sources import load_sources
from pactgraph.yamlfile import load_yaml_mapping, parse_yaml

from tests import test_drafts_flow
from tests.cli import command, folder_options, invoke, one_line_error
from tests.test_drafts_flow import SOURCE, add_page

corpus = test_drafts_flow.corpus  # the example's workspace, the commands run in it (a fixture)

# What the reviewer does below, and so what the claims file must hold, written by hand: the minister's
# post accepted as drafted; the agreement accepted with its second party re-pointed from the
# organisation a careless draft coined to Norway, which the graph has ("Ukraine and Norway signed an
# agreement"); the production rejected.
EXPECTED = """
source: kyiv-chronicle-drones
claims:
  - id: denys-shmyhal-ua-defence-minister
    sentence: Ukraine and Norway signed an agreement on Monday to produce drones together, Ukrainian Defense Minister Denys Shmyhal said.
    about: holding/denys-shmyhal-ua-defence-minister
    facts:
      holder: person/denys-shmyhal
      post: post/ua-defence-minister
      attestedOn: {stated: Defense Minister, rule: as-of-publication-date}
  - id: ukraine-norway-agreement-kyiv-chronicle-drones
    sentence: Ukraine and Norway signed an agreement on Monday to produce drones together, Ukrainian Defense Minister Denys Shmyhal said.
    about: agreement/ukraine-norway-agreement--kyiv-chronicle-drones
    type: Agreement
    label: Ukraine–Norway agreement
    facts:
      party: [country/UA, country/NO]
      status: status/signed
      agreementKind: agreement-kind/agreement
      signedOn: {stated: on Monday, rule: weekday-before-publication-date}
"""


@pytest.fixture
def workspace(corpus):
    """The example's workspace with the Kyiv Chronicle's page added and drafted."""
    assert add_page(corpus).exit_code == 0
    pytest.importorskip("spacy")
    assert invoke("draft", SOURCE, *folder_options(corpus)).exit_code == 0
    return corpus


def prepared(workspace) -> None:
    """The drafts as a careless draft would have them: the minister's post as drafted; the agreement
    as one draft of all its facts, its second party a coined organisation, no amount and only its
    first sentence (this report's amount is its pledge's, in another sentence); and a production the
    report does not state (drafting sets such drafts aside; a reviewer rejects it)."""
    path = workspace / "drafts" / f"{SOURCE}.yaml"
    drafts = load_yaml_mapping(path)
    (holding,) = [c for c in drafts["claims"] if c["about"].startswith("holding/")]
    (agreement,) = [c for c in events_of(drafts["claims"]) if c["about"].startswith("agreement/")]
    agreement["facts"]["party"] = ["country/UA", "organisation/norwegian-government"]
    agreement["facts"].pop("amount", None)
    if isinstance(agreement["sentence"], list):
        # the signing's sentence alone (not the headline, "Ukraine and Norway sign drone deal")
        agreement["sentence"] = next(s for s in agreement["sentence"] if "signed" in s)
    text = load_sources(workspace / "sources")[SOURCE].text
    said = next(line for line in text.replace(". ", ".\n").splitlines() if "production base" in line)
    production = {
        "id": f"norway-production-{SOURCE}",
        "sentence": said.strip(),
        "about": f"programme/norway-production--{SOURCE}",
        "type": "ProductionProgramme",
        "label": "Norway production",
        "facts": {"status": "status/planned", "participant": "country/NO"},
        "confidence": 0.27,
        "reason": "status 'planned' from 'will provide'",
    }
    drafts["claims"] = [holding, agreement, production]
    path.write_text(yaml.safe_dump(drafts, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def server(workspace):
    sources = load_sources(workspace / "sources")
    state = ReviewState(sources[SOURCE], sources, workspace / "claims", workspace / "drafts")
    started: dict = {}
    ready = threading.Event()

    def on_ready(url, running):
        started.update(url=url, server=running)
        ready.set()

    thread = threading.Thread(target=serve_review, args=(state, 0, False, on_ready), daemon=True)
    thread.start()
    assert ready.wait(10)
    yield started["url"].rstrip("/")
    started["server"].shutdown()


@contextmanager
def review_page(server: str, workspace):
    """The review page in headless chromium, the network blocked; it must ask for nothing else and
    raise no error. The drafts are prepared() first."""
    from bench.browser import chromium_path, offline_page

    if not chromium_path():
        pytest.skip("chromium is not installed")
    prepared(workspace)
    with offline_page(allow=server) as (page, log):
        page.goto(server + "/")
        page.wait_for_selector(".draft")
        yield page
    assert log.requests == [] and log.errors == [], (log.requests, log.errors)


def test_the_page_accepts_repoints_and_rejects_with_the_keyboard_in_chromium(workspace, server):
    from playwright.sync_api import expect

    with review_page(server, workspace) as page:
        assert page.locator(".draft").count() == 3
        assert page.locator("#report p.current mark").count() >= 1  # the draft's words, marked in its sentence
        # Beside the agreement: the seed's agreement of the same kind with a party in common.
        assert (
            "agreement/ukraine-norway-drone-coproduction"
            in page.locator(".draft").nth(1).locator(".graph").inner_text()
        )
        page.keyboard.press("a")  # the minister's post, as drafted
        expect(page.locator(".draft")).to_have_count(2)  # (the page's policy allows no eval: no wait_for_function)
        party = page.locator('.draft.current input[data-key="party"][data-index="1"]')
        party.fill("Norw")  # searched among the graph's entities by near name
        page.wait_for_selector('#entities option[value="country/NO"]', state="attached")
        party.fill("country/NO")
        party.press("Enter")  # accepted as edited
        expect(page.locator(".draft")).to_have_count(1)
        page.locator("body").click()
        page.keyboard.press("r")  # the production
        page.wait_for_selector("text=Nothing left to review.")
        assert "rejected" in page.locator("#status").inner_text()
    assert load_yaml_mapping(workspace / "claims" / f"{SOURCE}.yaml") == parse_yaml(EXPECTED)
    assert not (workspace / "drafts" / f"{SOURCE}.yaml").exists()
    # What the page accepted the build takes.
    assert invoke("build", *folder_options(workspace)[:4]).exit_code == 0


def request(url: str, method: str, path: str, headers: dict, body: bytes | None = None) -> tuple[int, dict]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


def test_the_server_answers_only_its_own_page(workspace, server):
    port = server.rsplit(":", 1)[1]
    own = {"Host": f"127.0.0.1:{port}"}
    # A page on another name made to point here (DNS rebinding) is refused.
    assert request(server, "GET", "/api/state", {"Host": f"attacker.example:{port}"})[0] == 421
    # Without the page's token, nothing is read or changed (another site's page cannot send it).
    status, answer = request(server, "POST", "/api/reject", {**own, "Content-Type": "application/json"}, b'{"id": "x"}')
    assert status == 403 and "token" in answer["error"]
    assert request(server, "GET", "/api/state", own)[0] == 403
    # The page carries its token; with it, a bad change is one line and changes nothing.
    text = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    text.request("GET", "/", headers=own)
    page = text.getresponse()
    assert "frame-ancestors 'none'" in page.getheader("Content-Security-Policy")
    token = page.read().decode().split('name="review-token" content="', 1)[1].split('"', 1)[0]
    before = (workspace / "drafts" / f"{SOURCE}.yaml").read_bytes()
    headers = {**own, "X-Review-Token": token, "Content-Type": "application/json"}
    status, answer = request(server, "POST", "/api/accept", headers, b'{"id": "no-such-draft"}')
    assert status == 400 and "is not a draft of" in answer["error"]
    assert request(server, "POST", "/api/accept", headers, b"not json")[0] == 400
    assert request(server, "POST", "/api/accept", {**headers, "Content-Length": "999999999"}, b"{}")[0] in (400, 413)
    assert (workspace / "drafts" / f"{SOURCE}.yaml").read_bytes() == before


def test_web_with_other_review_options_is_one_line(workspace):
    result = command("review", SOURCE, "--web", "--accept", "x", *folder_options(workspace))
    assert "--web reviews in the browser" in one_line_error(result.stderr, result.returncode)


def test_a_party_the_draft_missed_is_added_and_a_wrong_one_cleared_in_chromium(workspace, server):
    from playwright.sync_api import expect

    with review_page(server, workspace) as page:
        page.locator(".draft").nth(1).click()  # the agreement
        card = page.locator(".draft.current")
        card.locator('input[data-key="party"][data-index="1"]').fill("")  # the coined organisation: cleared
        added = card.locator('input[data-key="party"][data-index="2"]')  # "party (add)"
        added.fill("country/NO")
        added.press("Enter")
        expect(page.locator(".draft")).to_have_count(2)
    (claim,) = load_yaml_mapping(workspace / "claims" / f"{SOURCE}.yaml")["claims"]
    assert claim["facts"]["party"] == ["country/UA", "country/NO"]


def test_a_role_the_draft_lacks_is_added_by_its_name_in_chromium(workspace, server):
    from playwright.sync_api import expect

    with review_page(server, workspace) as page:
        page.locator(".draft").nth(1).click()  # the agreement, which names no signatory
        card = page.locator(".draft.current")
        card.locator('input[data-key="party"][data-index="1"]').fill("country/NO")
        card.locator('input[data-new="key"]').fill("signatory")
        value = card.locator('input[data-new="value"]')
        value.fill("person/denys-shmyhal")
        value.press("Enter")
        expect(page.locator(".draft")).to_have_count(2)
    (claim,) = load_yaml_mapping(workspace / "claims" / f"{SOURCE}.yaml")["claims"]
    assert claim["facts"]["signatory"] == "person/denys-shmyhal"
