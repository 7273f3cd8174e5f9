"""Stage 3: the one place that mints IRIs and triples.

Sources and claims come in; a `Built` dataset goes out, with one named graph per source (its facts,
its claims, their evidence and the document's metadata), the ontology in a graph of its own, and
PROV-O descriptions of the source graphs in the default graph. Property names, their ranges and the
known concepts are read from ontology/pact.ttl, so the claims format grows with the ontology.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from . import paths
from .claims import Claim, is_ref, load_claims
from .errors import InputError, excerpt
from .resolve import COMPUTED_RULES, ResolutionError, resolve
from .sources import Source, load_sources, slugify
from .vocab import DCTERMS, GRAPH, ID, OA, ONTOLOGY_IRI, OWL, PACT, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

Quad = tuple[URIRef, URIRef, Node, URIRef]

DATE_PATTERNS = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)
DURATION_PATTERN = re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")
CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")
MONEY_KEYS = {"value", "currency", "approximate", "stated"}
# No defence sum in any currency comes near this (10^18 Iranian rials is about $24 billion): a
# larger figure is a typing error, such as 1e400.
MAX_AMOUNT = Decimal(10) ** 18
QUANTITY_KEYS = {"value", "unit", "per", "approximate", "stated"}
RESOLVED_KEYS = {"value", "ref", "stated", "rule", "from"}
BORROWED = "value-from-another-source"  # the rule of a value taken from another source (`from:`)


def temporal_literal(text: str) -> Literal:
    """A date as precise as it is written: YYYY-MM-DD, YYYY-MM or YYYY."""
    for pattern, datatype in DATE_PATTERNS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    raise ValueError(text)


def decimal_lexical(value: object) -> str:
    """Canonical xsd:decimal lexical form of a YAML number (6.7e9 -> 6700000000.0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(value)
    text = format(number.normalize(), "f")
    # Always with a fraction: Turtle writes an xsd:decimal as the bare token 6700000000.0, which
    # any parser reads back with that lexical form, so "6700000000" would not survive a round trip.
    return text if "." in text else text + ".0"


@dataclass(frozen=True)
class PropertyInfo:
    iri: URIRef
    is_object: bool
    range: URIRef | None
    domain: URIRef | None = None
    label: str = ""


@dataclass
class Ontology:
    """What the build needs to know of ontology/pact.ttl."""

    graph: Graph
    classes: dict[str, URIRef]
    properties: dict[str, PropertyInfo]
    concepts: set[URIRef]

    @classmethod
    def read(cls, path: Path) -> Ontology:
        graph = read_ontology_graph(path)
        local = len(str(PACT._NS))
        in_ns = [s for s in set(graph.subjects()) if str(s).startswith(str(PACT._NS))]
        classes = {str(s)[local:]: s for s in in_ns if (s, RDF.type, OWL.Class) in graph}
        properties = {}
        for s in in_ns:
            for kind, is_object in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
                if (s, RDF.type, kind) in graph:
                    properties[str(s)[local:]] = PropertyInfo(
                        s,
                        is_object,
                        graph.value(s, RDFS.range),
                        graph.value(s, RDFS.domain),
                        str(graph.value(s, RDFS.label) or ""),
                    )
        concepts = set(graph.subjects(RDF.type, SKOS.Concept))
        return cls(graph, classes, properties, concepts)

    def superclasses(self, cls: URIRef) -> set[URIRef]:
        """`cls` and every class it is a subclass of."""
        return set(self.graph.transitive_objects(cls, RDFS.subClassOf))


@dataclass
class Built:
    """The built dataset and where each of its minted nodes came from."""

    dataset: Dataset
    sources: dict[str, Source]
    claims: list[Claim]
    origin: dict[URIRef, Claim] = field(default_factory=dict)


def entity_iri(ref: str) -> URIRef:
    return ID[ref]


def source_iri(source: Source) -> URIRef:
    return ID[f"source/{source.id}"]


def claim_iri(claim: Claim) -> URIRef:
    return ID[f"claim/{claim.source.id}/{claim.id}"]


def source_graph_iri(source_id: str) -> URIRef:
    return GRAPH[source_id]


def draft_graph_iri(source_id: str) -> URIRef:
    """The named graph of a source's unreviewed drafts (built only with --include-drafts)."""
    return GRAPH[f"draft/{source_id}"]


def is_draft_graph(iri) -> bool:
    return str(iri).startswith(str(GRAPH["draft/"]))


class _Minter:
    """Turns claims into quads; one instance per build."""

    def __init__(self, ontology: Ontology, claims: list[Claim]):
        self.ontology = ontology
        self.quads: list[Quad] = []
        self.origin: dict[URIRef, Claim] = {}
        self.drafted: set[str] = set()  # sources with drafts in the build
        # Each stated amount (its node, what it is of, its graph, its claim), converted after every
        # claim is minted, when the date of what it is of is known.
        self.amounts: list[tuple[URIRef, URIRef, URIRef, Claim]] = []
        self.source_ids = {c.source.id for c in claims}  # (a value's from: names one of them)
        # Declared entities: every claim's `about` that gives a type, and the ontology's concepts.
        self.known = {entity_iri(c.about) for c in claims if c.type} | ontology.concepts
        # The classes each entity is declared with, for "did you mean" on properties.
        self.declared: dict[URIRef, set[URIRef]] = {}
        for c in claims:
            if c.type in ontology.classes:
                self.declared.setdefault(entity_iri(c.about), set()).add(ontology.classes[c.type])
        # The label of each entity and language: the first a reviewed source gives, sources in order
        # of publication (then id), drafts after them. Another source's other spelling is that
        # source's name for the thing (skos:altLabel in its graph), not an error.
        self.first_label: dict[tuple[URIRef, str], str] = {}
        order = sorted(
            (c for c in claims if c.label is not None),
            key=lambda c: (c.draft, c.source.published.text, c.source.id),
        )
        for c in order:
            self.first_label.setdefault((entity_iri(c.about), c.source.language), c.label)
        # One name per entity within one source's graph: (entity, language, graph) -> (label, claim).
        self.labels: dict[tuple[URIRef, str, URIRef], tuple[str, Claim]] = {}
        # The names of each country's capital, to check a capital standing for its government.
        names: dict[str, set[str]] = {}
        for c in claims:
            names.setdefault(c.about, set()).update(n.casefold() for n in (c.label, *c.aliases) if n)
        self.capital_names = {
            c.about: names.get(c.facts["capital"], set()) for c in claims if isinstance(c.facts.get("capital"), str)
        }

    # -- helpers ------------------------------------------------------------------------------

    def add(self, s: URIRef, p: URIRef, o: Node, g: URIRef) -> None:
        self.quads.append((s, p, o, g))

    def ref(self, claim: Claim, value: object, key: str) -> URIRef:
        if not is_ref(value):
            raise InputError(f"{claim.where}: {key}: {excerpt(value)} is not an entity reference such as country/UA")
        iri = entity_iri(value)  # type: ignore[arg-type]
        if iri not in self.known:
            raise InputError(f"{claim.where}: {key}: unknown entity {excerpt(value)} ({self.nearest_entity(value)})")
        return iri

    def nearest_entity(self, ref: str) -> str:
        """'did you mean ...?' with the closest known entity, or how to declare one."""
        from rapidfuzz import fuzz, process

        known = sorted(str(iri)[len(str(ID)) :] for iri in self.known)
        kind = ref.split("/", 1)[0]
        same_kind = [k for k in known if k.startswith(kind + "/")]
        best = process.extractOne(ref, same_kind or known, scorer=fuzz.ratio, score_cutoff=60)
        declare = "or declare it in a claim with 'about:' and a 'type'"
        return f"did you mean {best[0]!r}? {declare}" if best else f"fix the spelling, {declare}"

    def property(self, claim: Claim, key: str, value: object = None) -> PropertyInfo:
        info = self.ontology.properties.get(key)
        if info is None:
            near = self.nearest_property(claim, key, value)
            hint = f"did you mean {near!r}?" if near else "see the properties in ontology/pact.ttl"
            raise InputError(f"{claim.where}: unknown property {excerpt(key)} ({hint})")
        return info

    def nearest_property(self, claim: Claim, key: str, value: object) -> str | None:
        """The property most like `key` among those that fit: a domain the claim's subject has, and
        a range the value can be (an entity, an amount, a quantity, a date, text). By name or label."""
        from rapidfuzz import fuzz

        classes = set().union(*(self.ontology.superclasses(c) for c in self.declared.get(entity_iri(claim.about), ())))
        sample = (value[0] if value else None) if isinstance(value, list) else value

        def fits(info: PropertyInfo) -> bool:
            if classes and info.domain is not None and info.domain not in classes:
                return False
            if sample is None:
                return True
            if is_ref(sample):
                if not info.is_object or info.range in (SCHEMA.MonetaryAmount, SCHEMA.QuantitativeValue):
                    return False
                target = entity_iri(sample)
                if target in self.ontology.concepts:
                    return info.range in (None, SKOS.Concept)
                kinds = set().union(*(self.ontology.superclasses(c) for c in self.declared.get(target, ())))
                return info.range is None or not kinds or info.range in kinds
            if isinstance(sample, dict) and "currency" in sample:
                return info.range == SCHEMA.MonetaryAmount
            if isinstance(sample, dict) and "unit" in sample:
                return info.range == SCHEMA.QuantitativeValue
            if isinstance(sample, dict):  # a derived value: an entity with ref:, else a literal
                return info.is_object == ("ref" in sample)
            return not info.is_object

        candidates = {name: info for name, info in self.ontology.properties.items() if fits(info)} or dict(
            self.ontology.properties
        )

        def words(name: str) -> str:
            return re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ").lower()

        def score(name: str) -> float:
            wanted, label = words(key), words(candidates[name].label or name)
            same_start = (
                len(os.path.commonprefix([wanted, label])) >= 3 or len(os.path.commonprefix([wanted, words(name)])) >= 3
            )
            shared_word = bool(set(wanted.split()) & set(label.split()) - {"of", "by", "in", "on", "at", "to"})
            closeness = max(fuzz.ratio(wanted, words(name)), fuzz.ratio(wanted, label))
            return closeness + (15 if same_start else 0) + (30 if shared_word else 0)

        best = max(candidates, key=lambda name: (score(name), name))
        return best if score(best) >= 60 else None

    # -- literals -----------------------------------------------------------------------------

    def literal(self, claim: Claim, key: str, value: object, datatype: URIRef | None) -> Literal:
        def bad(expected: str) -> InputError:
            return InputError(f"{claim.where}: {key}: {excerpt(value)} is not {expected}")

        if datatype == PACT.TemporalValue or datatype in (XSD.date, XSD.gYear, XSD.gYearMonth):
            text = str(value)
            for pattern, dtype in DATE_PATTERNS:
                if pattern.match(text) and (datatype in (PACT.TemporalValue, dtype)):
                    if dtype == XSD.date:
                        try:
                            dt.date.fromisoformat(text)
                        except ValueError:
                            raise bad("a real calendar date (write YYYY-MM-DD, YYYY-MM or YYYY)") from None
                    return Literal(text, datatype=dtype)
            raise bad("a well-formed date (write YYYY-MM-DD, YYYY-MM or YYYY)")
        if datatype == XSD.boolean:
            if not isinstance(value, bool):
                raise bad("true or false")
            return Literal("true" if value else "false", datatype=XSD.boolean)
        if datatype == XSD.decimal:
            try:
                return Literal(decimal_lexical(value), datatype=XSD.decimal)
            except (ValueError, InvalidOperation):
                raise bad("a number") from None
        if datatype == XSD.duration:
            if not (isinstance(value, str) and DURATION_PATTERN.match(value)):
                raise bad("an ISO 8601 duration such as P1M (a month) or P1Y")
            return Literal(value, datatype=XSD.duration)
        if datatype in (XSD.string, None):
            if not isinstance(value, str):
                raise bad("text")
            return Literal(value)
        raise InputError(f"{claim.where}: {key}: the ontology gives it range {datatype}, which claims cannot state")

    # -- value nodes --------------------------------------------------------------------------

    def _value_node_fields(self, claim: Claim, key: str, value: object, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            raise InputError(f"{claim.where}: {key}: expected a mapping with {', '.join(sorted(allowed))}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise InputError(
                f"{claim.where}: {key}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
            )
        return value

    def check_stated(self, claim: Claim, key: str, stated: object) -> None:
        """The stated wording must be the source's own: it must stand in the text the claim cites
        (from its first sentence to its last), exactly."""
        if not isinstance(stated, str):
            return  # the literal's own check says what is wrong
        start = min(e.start for e in claim.evidence)
        end = max(e.end for e in claim.evidence)
        if stated not in claim.source.text[start:end]:
            raise InputError(
                f"{claim.where}: {key}: {excerpt(stated, 80)} is not in the sentences the claim cites "
                "(quote the source's own words, exactly)"
            )

    def _approximate_and_stated(self, claim, key, node, fields, g) -> None:
        if "stated" in fields:
            self.check_stated(claim, f"{key}.stated", fields["stated"])
        if "approximate" in fields:
            self.add(
                node, PACT.approximate, self.literal(claim, f"{key}.approximate", fields["approximate"], XSD.boolean), g
            )
        if "stated" in fields:
            self.add(node, PACT.statedAs, self.literal(claim, f"{key}.stated", fields["stated"], XSD.string), g)

    def money(self, claim: Claim, key: str, subject: URIRef, value: object, g: URIRef) -> URIRef:
        fields = self._value_node_fields(claim, key, value, MONEY_KEYS)
        currency = fields.get("currency")
        if currency is None:
            raise InputError(
                f"{claim.where}: {key}: amount without currency (add currency: and an ISO 4217 code such as NOK or USD)"
            )
        if not (isinstance(currency, str) and CURRENCY_PATTERN.match(currency)):
            raise InputError(
                f"{claim.where}: {key}: currency {excerpt(currency)} is not an ISO 4217 code such as NOK or USD"
            )
        if "value" not in fields:
            raise InputError(f"{claim.where}: {key}: amount without value (add value: with the figure as a number)")
        amount = self.amount(claim, f"{key}.value", fields["value"])
        node = URIRef(f"{subject}/{key}/{currency.lower()}-{str(amount).removesuffix('.0')}")
        self.add(node, RDF.type, SCHEMA.MonetaryAmount, g)
        self.add(node, SCHEMA.value, amount, g)
        self.add(node, SCHEMA.currency, Literal(currency), g)
        self._approximate_and_stated(claim, key, node, fields, g)
        self.origin[node] = claim
        self.amounts.append((node, subject, g, claim))
        return node

    def amount(self, claim: Claim, key: str, value: object) -> Literal:
        """A sum of money or a count: a finite number, not negative, and not absurdly large."""
        number = self.literal(claim, key, value, XSD.decimal)
        if Decimal(str(number)) < 0:
            raise InputError(
                f"{claim.where}: {key}: {excerpt(value)} is negative (amounts and quantities are at least 0)"
            )
        if Decimal(str(number)) > MAX_AMOUNT:
            raise InputError(
                f"{claim.where}: {key}: {excerpt(value)} is over 10^18, which no amount or quantity reaches (check the figure)"
            )
        return number

    def quantity(self, claim: Claim, key: str, subject: URIRef, value: object, g: URIRef) -> URIRef:
        fields = self._value_node_fields(claim, key, value, QUANTITY_KEYS)
        if "unit" not in fields:
            raise InputError(f"{claim.where}: {key}: quantity without unit (add unit: such as 'interceptor drones')")
        if "value" not in fields and "stated" not in fields:
            raise InputError(
                f"{claim.where}: {key}: give value: for a number, or only stated: for a vague quantity such as 'thousands'"
            )
        amount = self.amount(claim, f"{key}.value", fields["value"]) if "value" in fields else None
        words = [str(amount).removesuffix(".0") if amount is not None else fields["stated"], fields["unit"]]
        if "per" in fields:
            words += ["per", fields["per"]]
        node = URIRef(f"{subject}/{key}/{slugify(' '.join(map(str, words)))}")
        self.add(node, RDF.type, SCHEMA.QuantitativeValue, g)
        if amount is not None:
            self.add(node, SCHEMA.value, amount, g)
        self.add(node, SCHEMA.unitText, self.literal(claim, f"{key}.unit", fields["unit"], XSD.string), g)
        if "per" in fields:
            self.add(node, PACT.per, self.literal(claim, f"{key}.per", fields["per"], XSD.duration), g)
        self._approximate_and_stated(claim, key, node, fields, g)
        self.origin[node] = claim
        return node

    # -- resolutions --------------------------------------------------------------------------

    def resolved(self, claim: Claim, key: str, info: PropertyInfo, value: dict, resolution: URIRef, g: URIRef) -> Node:
        """The object of a value given with its wording and rule; records the resolution."""
        unknown = sorted(set(value) - RESOLVED_KEYS)
        if unknown:
            raise InputError(
                f"{claim.where}: {key}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(RESOLVED_KEYS))})"
            )
        stated, rule = value.get("stated"), value.get("rule")
        if not isinstance(stated, str) or not isinstance(rule, str):
            raise InputError(f"{claim.where}: {key}: a derived value needs stated: (the text's words) and rule:")
        self.check_stated(claim, f"{key}.stated", stated)
        rule_iri = self.ref(claim, f"resolution-rule/{rule}", f"{key}.rule")
        taken_from = value.get("from")
        if (rule == BORROWED) != (taken_from is not None):
            raise InputError(
                f"{claim.where}: {key}: a value taken from another source needs rule: {BORROWED} and from: "
                "(the id of the source it was taken from), each with the other"
            )
        if taken_from is not None and (taken_from not in self.source_ids or taken_from == claim.source.id):
            raise InputError(
                f"{claim.where}: {key}: from: {excerpt(taken_from)} is not another source of the graph "
                f"(give the id of the source the value was taken from)"
            )
        given = value.get("ref" if info.is_object else "value")
        published = claim.source.published
        try:
            computed = None if info.is_object else resolve(rule, stated, published)
        except ResolutionError as error:
            raise InputError(f"{claim.where}: {key}: rule {rule}: {error}") from None
        if computed is not None and given is not None and str(given) != computed:
            raise InputError(
                f"{claim.where}: {key}: {excerpt(stated)} resolves to {computed} by rule {rule} "
                f"from the publication date {published}, not {given} (fix the value or leave it out)"
            )
        if given is None and computed is None:
            raise InputError(
                f"{claim.where}: {key}: rule {rule} is a curator's judgement: give the {'ref' if info.is_object else 'value'}"
            )
        obj: Node = (
            self.ref(claim, given, key)
            if info.is_object
            else self.literal(claim, key, given if given is not None else computed, info.range)
        )
        capital = self.capital_names.get(given) if rule == "capital-for-government" else None
        if capital and stated.casefold() not in capital:
            raise InputError(
                f"{claim.where}: {key}: {excerpt(stated, 60)} is not a name of the capital of {given} "
                f"({', '.join(sorted(capital))}); check the ref, or add the name to the capital's aliases"
            )
        self.add(resolution, RDF.type, PACT.Resolution, g)
        self.add(claim_iri(claim), PACT.hasResolution, resolution, g)
        self.add(resolution, PACT.ofProperty, info.iri, g)
        self.add(resolution, PACT.statedAs, Literal(stated), g)
        self.add(resolution, PACT.resolutionRule, rule_iri, g)
        self.add(resolution, PACT.resolvedEntity if info.is_object else PACT.resolvedValue, obj, g)
        if taken_from is not None:
            self.add(resolution, PACT.resolvedFrom, ID[f"source/{taken_from}"], g)
        if rule in COMPUTED_RULES:
            self.add(resolution, PACT.relativeTo, temporal_literal(str(published)), g)
        self.origin[resolution] = claim
        return obj

    # -- claims -------------------------------------------------------------------------------

    def object(
        self, claim: Claim, key: str, info: PropertyInfo, value: object, subject: URIRef, resolution: URIRef, g: URIRef
    ) -> Node:
        """The RDF object for one value of a fact, minting a value or resolution node if needed."""
        if info.range == SCHEMA.MonetaryAmount:
            return self.money(claim, key, subject, value, g)
        if info.range == SCHEMA.QuantitativeValue:
            return self.quantity(claim, key, subject, value, g)
        if isinstance(value, dict):
            return self.resolved(claim, key, info, value, resolution, g)
        return self.ref(claim, value, key) if info.is_object else self.literal(claim, key, value, info.range)

    def claim(self, claim: Claim) -> None:
        source = claim.source
        g = draft_graph_iri(source.id) if claim.draft else source_graph_iri(source.id)
        document = source_iri(source)
        subject = entity_iri(claim.about)
        node = claim_iri(claim) if not claim.draft else ID[f"draft/{source.id}/{claim.id}"]
        self.origin.setdefault(subject, claim)
        self.origin[node] = claim
        self.add(node, RDF.type, PACT.Claim, g)
        if claim.draft:
            self.add(node, RDF.type, PACT.DraftClaim, g)
            self.add(node, PACT.confidence, Literal(decimal_lexical(claim.confidence), datatype=XSD.decimal), g)
            self.add(node, PACT.draftReason, Literal(claim.reason), g)
            if source.id not in self.drafted:
                self.drafted.add(source.id)
                default = DATASET_DEFAULT_GRAPH_ID
                self.add(g, RDF.type, PACT.DraftGraph, default)
                self.add(g, RDFS.label, Literal(f"Unreviewed drafts proposed from {source.id}: not facts"), default)
                self.add(g, PACT.draftOf, document, default)
        self.add(node, RDFS.label, Literal(f"{source.id}: {claim.id}"), g)
        self.add(node, PACT.claimAbout, subject, g)
        self.add(node, PROV.wasDerivedFrom, document, g)
        for evidence in claim.evidence:
            sentence = ID[f"source/{source.id}/chars/{evidence.start}-{evidence.end}"]
            self.add(node, PACT.evidence, sentence, g)
            self.add(sentence, RDF.type, PACT.SourceSentence, g)
            self.add(sentence, OA.exact, Literal(evidence.quote), g)
            self.add(sentence, OA.start, Literal(evidence.start), g)
            self.add(sentence, OA.end, Literal(evidence.end), g)
            self.add(sentence, DCTERMS.isPartOf, document, g)
        if claim.type is not None:
            cls = self.ontology.classes.get(claim.type)
            if cls is None:
                from rapidfuzz import fuzz, process

                near = process.extractOne(claim.type, list(self.ontology.classes), scorer=fuzz.WRatio, score_cutoff=60)
                hint = f"did you mean {near[0]!r}?" if near else "see the classes in ontology/pact.ttl"
                raise InputError(f"{claim.where}: unknown type {excerpt(claim.type)} ({hint})")
            self.add(subject, RDF.type, cls, g)
            self.add(node, PACT.assertsProperty, RDF.type, g)
        elif subject not in self.known:
            raise InputError(
                f"{claim.where}: about: unknown entity {excerpt(claim.about)} ({self.nearest_entity(claim.about)})"
            )
        if claim.label is not None:
            named = self.labels.setdefault((subject, source.language, g), (claim.label, claim))
            if named[0] != claim.label:
                raise InputError(
                    f"{claim.where}: label {excerpt(claim.label, 80)}: {claim.about} is already named "
                    f"{named[0]!r} in this source ({named[1].where}); one name per thing in a source: "
                    "give this spelling under aliases:"
                )
            name = Literal(claim.label, lang=source.language)
            if claim.label == self.first_label[(subject, source.language)]:
                self.add(subject, RDFS.label, name, g)
                self.add(node, PACT.assertsProperty, RDFS.label, g)
            else:  # this source's own spelling of a thing another source named first
                self.add(subject, SKOS.altLabel, name, g)
                self.add(node, PACT.assertsProperty, SKOS.altLabel, g)
        for alias in claim.aliases:
            self.check_stated(claim, "aliases", alias)  # a name the source really uses
            self.add(subject, SKOS.altLabel, Literal(alias, lang=source.language), g)
            self.add(node, PACT.assertsProperty, SKOS.altLabel, g)
        for key in claim.not_specified:
            info = self.property(claim, key)
            self.add(subject, PACT.notSpecified, info.iri, g)
            self.add(node, PACT.assertsProperty, PACT.notSpecified, g)
        for curie in claim.same_as:
            prefix, local = curie.split(":", 1)
            self.add(subject, OWL.sameAs, URIRef(PREFIXES[prefix] + local), g)
            self.add(node, PACT.assertsProperty, OWL.sameAs, g)
        for key, raw in claim.facts.items():
            info = self.property(claim, key, raw)
            self.add(node, PACT.assertsProperty, info.iri, g)
            values = raw if isinstance(raw, list) else [raw]
            if not values:
                raise InputError(f"{claim.where}: {key}: empty list (give at least one value or drop the key)")
            for index, value in enumerate(values, 1):
                resolution = URIRef(f"{node}/resolution/{key if len(values) == 1 else f'{key}-{index}'}")
                self.add(subject, info.iri, self.object(claim, key, info, value, subject, resolution, g), g)

    def conversions(self) -> None:
        """Every stated amount in euros and US dollars at the ECB's reference rate of the day of what
        it is of (signed, else announced, as its graph gives it), else of the report's publication:
        derived values (pact:ConvertedAmount) with their rule, rate and the rate's date."""
        if not self.amounts:
            return
        from .exchange import RULE, conversions

        days: dict[tuple[URIRef, URIRef], dt.date] = {}
        stated: dict[tuple[URIRef, URIRef], dict[URIRef, Node]] = {}
        for s, p, o, g in self.quads:
            if p in (SCHEMA.value, SCHEMA.currency):
                stated.setdefault((s, g), {})[p] = o
            elif p in (PACT.signedOn, PACT.announcedOn) and isinstance(o, Literal) and o.datatype == XSD.date:
                if p == PACT.signedOn or (s, g) not in days:
                    days[(s, g)] = o.toPython()
        rule = ID[f"resolution-rule/{RULE}"]
        for node, subject, g, claim in self.amounts:
            asked = days.get((subject, g), claim.source.published.day)
            if asked is None:  # a report dated only by month or year, of an undated commitment
                continue
            value, currency = stated[(node, g)][SCHEMA.value], stated[(node, g)][SCHEMA.currency]
            for conversion in conversions(Decimal(str(value)), str(currency), asked):
                converted = URIRef(f"{node}/in-{conversion.currency.lower()}-{asked.isoformat()}")
                self.add(converted, RDF.type, PACT.ConvertedAmount, g)
                self.add(converted, RDF.type, SCHEMA.MonetaryAmount, g)
                self.add(converted, PACT.convertedFrom, node, g)
                self.add(
                    converted, SCHEMA.value, Literal(decimal_lexical(str(conversion.value)), datatype=XSD.decimal), g
                )
                self.add(converted, SCHEMA.currency, Literal(conversion.currency), g)
                self.add(
                    converted,
                    PACT.exchangeRate,
                    Literal(decimal_lexical(str(conversion.rate)), datatype=XSD.decimal),
                    g,
                )
                self.add(converted, PACT.rateDate, Literal(conversion.rate_date.isoformat(), datatype=XSD.date), g)
                self.add(converted, PACT.rateFor, Literal(asked.isoformat(), datatype=XSD.date), g)
                self.add(converted, PACT.conversionRule, rule, g)
                self.origin[converted] = claim

    def source(self, source: Source) -> None:
        g = source_graph_iri(source.id)
        document = source_iri(source)
        publisher = ID[f"publisher/{slugify(source.publisher)}"]
        self.add(document, RDF.type, PACT.SourceDocument, g)
        self.add(document, DCTERMS.title, Literal(source.title, lang=source.language), g)
        self.add(document, DCTERMS.publisher, publisher, g)
        self.add(document, DCTERMS.issued, temporal_literal(str(source.published)), g)
        if source.published_note:
            self.add(document, SKOS.editorialNote, Literal(" ".join(source.published_note.split())), g)
        if source.copy_of:  # a republished copy: the same report, not a second source
            original = ID[f"source/{source.copy_of}"]
            self.add(document, PROV.wasDerivedFrom, original, g)
            self.add(document, DCTERMS.source, original, g)
        self.add(document, DCTERMS.language, Literal(source.language), g)
        self.add(document, PACT.sha256, Literal(source.sha256), g)
        self.add(document, RDFS.label, Literal(source.title, lang=source.language), g)
        if source.note:
            self.add(document, SKOS.note, Literal(" ".join(source.note.split())), g)
        if source.url:
            self.add(document, SCHEMA.url, URIRef(source.url), g)
        self.add(publisher, RDF.type, PACT.Publisher, g)
        self.add(publisher, RDFS.label, Literal(source.publisher), g)
        # PROV-O description of the source's named graph, kept in the default graph.
        default = DATASET_DEFAULT_GRAPH_ID
        self.add(g, RDF.type, PROV.Entity, default)
        self.add(g, RDFS.label, Literal(f"Facts curated from {source.id}"), default)
        self.add(g, PROV.wasDerivedFrom, document, default)
        self.add(g, DCTERMS.source, document, default)


def assemble(ontology: Ontology, sources: dict[str, Source], claims: list[Claim]) -> Built:
    """Mint the dataset. Quads are added in sorted order so that every serialiser sees the same
    insertion order on every run, whatever the hash seed."""
    minter = _Minter(ontology, claims)
    for source in sources.values():
        minter.source(source)
    for claim in claims:
        minter.claim(claim)
    minter.conversions()
    for s, p, o in ontology.graph:
        minter.add(s, p, o, ONTOLOGY_IRI)
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    for s, p, o, g in sorted(set(minter.quads), key=lambda q: (q[3], q[0], q[1], q[2])):
        target = dataset.graph(g)  # DATASET_DEFAULT_GRAPH_ID names the default graph
        target.add((s, p, o))
    return Built(dataset=dataset, sources=sources, claims=claims, origin=minter.origin)


def build(
    sources_dir: Path = paths.SOURCES,
    claims_dir: Path = paths.CLAIMS,
    ontology_path: Path = paths.ONTOLOGY,
    drafts_dir: Path | None = None,
) -> Built:
    """Read sources and claims, check every citation, and mint the dataset (not yet validated).
    With `drafts_dir`, the drafts there go into each source's graph of drafts, marked unreviewed."""
    from .claims import load_drafts

    sources = load_sources(sources_dir)
    claims = load_claims(claims_dir, sources)
    if drafts_dir is not None:
        claims += load_drafts(drafts_dir, sources)
    return assemble(Ontology.read(ontology_path), sources, claims)


def problems(sources_dir: Path, claims_dir: Path, ontology_path: Path = paths.ONTOLOGY) -> tuple[list[str], list[str]]:
    """Every error in a workspace's claims, in one run: (the errors a build stops at, each a line;
    the shape violations of what remains, each a line). A claim with an error is left out and the
    rest checked on, so one mistake does not hide the next."""
    from .claims import load_claims_file
    from .validate import conformance_violations

    errors: list[str] = []
    try:
        sources = load_sources(sources_dir)
    except InputError as error:
        return [str(error)], []
    claims: list[Claim] = []
    for path in sorted(claims_dir.glob("*.yaml")):
        try:
            claims += load_claims_file(path, sources, errors=errors)
        except InputError as error:
            errors.append(str(error))
    ontology = Ontology.read(ontology_path)
    while True:
        try:
            built = assemble(ontology, sources, claims)
            break
        except InputError as error:
            errors.append(str(error))
            # The claim the error names is left out, and the rest minted again.
            named = [c for c in claims if str(error).startswith(c.where)]
            if not named:
                return errors, []
            claims = [c for c in claims if c is not named[0]]
    violations = conformance_violations(merged_graph(built.dataset), built.origin, source_graphs(built.dataset))
    return errors, [str(v) for v in violations]


def validated(sources: dict[str, Source], claims: list[Claim], ontology_path: Path = paths.ONTOLOGY) -> Built:
    """The dataset of `claims`, checked against the shapes (ValidationError, one line a violation):
    what `pactgraph build` writes, and what a review checks before it accepts a claim."""
    from .validate import require_conformance

    built = assemble(Ontology.read(ontology_path), sources, claims)
    require_conformance(
        merged_graph(built.dataset), "the graph", origin=built.origin, sources=source_graphs(built.dataset)
    )
    return built


def graph_of(dataset: Dataset, triples) -> Graph:
    """A graph of `triples`, added in sorted order, bound to the dataset's prefixes."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, replace=True)
    for triple in sorted(triples):
        graph.add(triple)
    return graph


def merged_graph(dataset: Dataset, drafts: str = "described") -> Graph:
    """All quads of the dataset as one graph (ontology included), with the dataset's prefixes.

    A graph of unreviewed drafts has no name to travel under in one graph: its statements are
    `described` (each a pact:DraftStatement with rdf:subject, rdf:predicate, rdf:object, never
    asserted, so that no reader of Turtle takes a draft for a fact), or `asserted` for drawing the
    network, whose nodes then carry their number of unreviewed claims."""
    import hashlib

    triples = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph_id = getattr(g, "identifier", g)
        if not is_draft_graph(graph_id) or drafts == "asserted":
            triples.add((s, p, o))
            continue
        if (s, RDF.type, PACT.DraftClaim) in dataset.graph(graph_id) or (
            s,
            RDF.type,
            PACT.SourceSentence,
        ) in dataset.graph(graph_id):
            triples.add((s, p, o))  # the draft claim itself and its sentence: what is proposed, and where
            continue
        digest = hashlib.sha256(f"{graph_id} {s.n3()} {p.n3()} {o.n3()}".encode()).hexdigest()[:20]
        statement = ID[f"draft-statement/{digest}"]
        triples.update(
            {
                (statement, RDF.type, PACT.DraftStatement),
                (statement, RDF.subject, s),
                (statement, RDF.predicate, p),
                (statement, RDF.object, o),
                (statement, PACT.inDraftGraph, graph_id),
            }
        )
    return graph_of(dataset, triples)


def read_with_ontology(path: Path, quads: list | None = None) -> Graph:
    """Any RDF file (read by Oxigraph's parsers, see graph.store) as one graph, with the ontology
    added, so that class names and subclass targets are known. `quads`: the file's, if already read."""
    from .store import read_quads

    return graph_with_ontology(read_quads(path) if quads is None else quads)


def graph_with_ontology(quads) -> Graph:
    """Quads (of any graphs) as one rdflib graph, with the ontology added."""
    from .store import to_rdflib_graph

    return to_rdflib_graph(quads) + read_ontology_graph()


def source_graphs(dataset: Dataset) -> list[Graph]:
    """Each source's named graph of a built dataset, as a graph of its own."""
    return [
        graph_of(dataset, context) for context in dataset.graphs() if str(context.identifier).startswith(str(GRAPH))
    ]


def named_graphs_of(quads: list) -> list[Graph] | None:
    """The named graphs among an RDF file's quads (but the ontology's), one graph each; None for a
    file without named graphs."""
    import pyoxigraph as ox

    from .store import to_rdflib_graph

    named: dict[str, list] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != str(ONTOLOGY_IRI):
            named.setdefault(quad.graph_name.value, []).append(quad)
    return [to_rdflib_graph(group) for _, group in sorted(named.items())] or None


def read_ontology_graph(path: Path = paths.ONTOLOGY) -> Graph:
    """ontology/pact.ttl as a graph, or InputError naming the file."""
    try:
        return Graph().parse(path, format="turtle")
    except Exception as error:  # rdflib raises several unrelated types for bad Turtle
        raise InputError(f"{path}: cannot parse the ontology ({error})") from None
