"""Adding a report in minutes: `add` registers it with its checksum, `sentences` numbers it, claims
cite sentences by number, and the build checks wording and names and says what was probably meant."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from tests.cli import invoke, one_line_error
from tests.test_many_sources import assemble

REPORT = "Ministers met on Monday. They signed a letter of intent in Kiev.\nAlso read\n"


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_add_registers_a_source_with_its_checksum(report, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    result = invoke(
        "add",
        str(report),
        "--sources",
        str(sources),
        "--publisher",
        "A Paper",
        "--published",
        "2025-12",
        "--published-note",
        "The page gives only the month.",
        "--url",
        "https://example.org/a",
    )
    assert result.exit_code == 0, result.stderr
    (meta_path,) = sources.glob("*.meta.yaml")
    assert meta_path.name.startswith("ministers-met-on-monday")  # the id comes from the first line
    meta = yaml.safe_load(meta_path.read_text())
    assert meta["published"] == "2025-12" and meta["publisher"] == "A Paper"
    assert meta["sha256"] == hashlib.sha256(REPORT.encode()).hexdigest()  # computed here, by hand
    assert (sources / meta["text"]).read_bytes() == REPORT.encode()  # the text unchanged
    # A second add of the same id is refused, and nothing is overwritten.
    again = invoke(
        "add",
        str(report),
        "--sources",
        str(sources),
        "--publisher",
        "B",
        "--published",
        "2025-12-01",
        "--id",
        meta["id"],
    )
    assert "already registered" in one_line_error(again.stderr, again.exit_code)
    assert yaml.safe_load((sources / f"{meta['id']}.meta.yaml").read_text())["publisher"] == "A Paper"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--published", "30 Nov 2025"], "is not a date"),
        (["--published", "2025-13"], "is not a date"),
        (["--published", "2025-12-01", "--copy-of", "nosuch"], "no such source"),
        (["--published", "2025-12-01", "--id", "Not An Id"], "lower-case letters"),
    ],
)
def test_add_refuses_what_it_cannot_register_honestly(report, tmp_path, args, expected):
    sources = tmp_path / "sources"
    sources.mkdir()
    result = invoke("add", str(report), "--sources", str(sources), "--publisher", "P", *args)
    assert expected in one_line_error(result.stderr, result.exit_code)
    assert list(sources.iterdir()) == []


def test_sentences_are_numbered(report, tmp_path):
    result = invoke("sentences", str(report))
    assert result.stdout.splitlines() == [
        "1  Ministers met on Monday.",
        "2  They signed a letter of intent in Kiev.",
        "3  Also read",
    ]


@pytest.fixture
def corpus(tmp_path):
    sources, claims = assemble(tmp_path)
    return tmp_path, sources, claims


def build(corpus) -> object:
    root, sources, claims = corpus
    return invoke("build", "--sources", str(sources), "--claims", str(claims), "--out", str(root / "out"))


def edit(corpus, name: str, old: str, new: str) -> None:
    path = corpus[2] / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_sentence_cited_by_number_is_recorded_as_its_exact_quote(corpus):
    assert build(corpus).exit_code == 0
    root = corpus[0]
    query = (
        "SELECT ?exact ?start ?end WHERE { GRAPH graph:kiev-herald { ?c pact:claimAbout city:kyiv ;"
        " pact:assertsProperty skos:altLabel ; pact:evidence ?e . ?e oa:exact ?exact ; oa:start ?start ; oa:end ?end } }"
    )
    result = invoke("query", "--data", str(root / "out" / "pactgraph.trig"), "--format", "csv", query)
    text = (corpus[1] / "kiev-herald.txt").read_text(encoding="utf-8")
    sentence = "Prime Minister Denis Shmigal and Norway's defence minister Tore O. Sandvik signed a letter of intent on drone co-production in Kiev on Monday."
    start = text.index(sentence)
    assert result.stdout.splitlines()[1] == f"{sentence},{start},{start + len(sentence)}"


def test_a_sentence_number_out_of_range_is_one_line(corpus):
    edit(corpus, "kiev-herald.yaml", "  - id: kyiv-spelling\n    sentence: 2", "  - id: kyiv-spelling\n    sentence: 9")
    line = one_line_error(build(corpus).stderr, 2)
    assert "sentence 9 does not exist: kiev-herald has sentences 1 to 5" in line


def test_stated_wording_must_be_in_the_cited_text(corpus):
    # An ellipsis the text does not have.
    edit(corpus, "kiev-herald.yaml", 'stated: "7 billion crowns"', 'stated: "7 billion ... crowns"')
    line = one_line_error(build(corpus).stderr, 2)
    assert "amount.stated: '7 billion ... crowns' is not in the sentences the claim cites" in line


def test_an_alias_must_be_a_name_the_source_uses(corpus):
    edit(corpus, "kiev-herald.yaml", "aliases: [Denis Shmigal, Shmigal]", "aliases: [Denis Shmigal, Shmihal]")
    assert "aliases: 'Shmihal' is not in the sentences" in one_line_error(build(corpus).stderr, 2)


def test_a_capital_must_be_the_countrys(corpus):
    edit(corpus, "kiev-herald.yaml", "{ref: country/NO, stated: Oslo", "{ref: country/GB, stated: Oslo")
    assert "'Oslo' is not a name of the capital of country/GB (london)" in one_line_error(build(corpus).stderr, 2)


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("      signatory: [person/denys", "      signedBy: [person/denys", "did you mean 'signatory'?"),
        (
            "      agreementKind: agreement-kind/letter",
            "      kind: agreement-kind/letter",
            "did you mean 'agreementKind'?",
        ),
        ('      signedOn: {stated: "on Monday"', '      signingDate: {stated: "on Monday"', "did you mean 'signedOn'?"),
        ("      funder: country/NO", "      funded_by: country/NO", "did you mean 'funder'?"),
        ("      signedAt: city/kyiv", "      signedAt: city/kiyv", "did you mean 'city/kyiv'?"),
        ("    about: city/kyiv", "    about: city/kiev", "did you mean 'city/kyiv'?"),
    ],
)
def test_did_you_mean_proposes_what_fits(corpus, old, new, suggestion):
    edit(corpus, "kiev-herald.yaml", old, new)
    assert suggestion in one_line_error(build(corpus).stderr, 2)


def test_a_weekday_needs_a_source_dated_to_the_day(corpus):
    meta = corpus[1] / "kiev-herald.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: '2025-12-01'", "published: '2025-12'"))
    line = one_line_error(build(corpus).stderr, 2)
    assert "'on Monday' needs the day of publication, and the source is dated only 2025-12" in line


def test_not_specified_and_the_copy_are_recorded(corpus):
    assert build(corpus).exit_code == 0
    trig = str(corpus[0] / "out" / "pactgraph.trig")
    query = "SELECT ?p WHERE { programme:ukraine-norway-drone-coproduction pact:notSpecified ?p }"
    assert invoke("query", "--data", trig, "--format", "csv", query).stdout.split() == [
        "p",
        "https://w3id.org/pactgraph/ontology#productionLocation",
    ]
    query = "ASK { source:regional-post prov:wasDerivedFrom source:nordic-wire ; dcterms:source source:nordic-wire }"
    assert invoke("query", "--data", trig, query).stdout == "yes\n"
