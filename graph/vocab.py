"""The vocabulary, named once.

`PACT` lists every term of ontology/pact.ttl (tests/test_vocab.py checks that the two agree), and
`_fail = True` turns a misspelt term in code into an AttributeError instead of a silent new IRI.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

from .prefixes import BASE, PREFIXES

# Everything the other modules take from here, so that they name namespaces in one way.
__all__ = [
    "BASE",
    "DCTERMS",
    "GRAPH",
    "ID",
    "OA",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PACT",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "WD",
    "XSD",
]

ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = SDO


class PACT(DefinedNamespace):
    """Terms of the pactgraph ontology (https://w3id.org/pactgraph/ontology#)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Agency: URIRef
    Agreement: URIRef
    Allocation: URIRef
    City: URIRef
    Claim: URIRef
    DraftClaim: URIRef
    DraftGraph: URIRef
    DraftStatement: URIRef
    CoProduction: URIRef
    Coalition: URIRef
    Company: URIRef
    Contribution: URIRef
    Cooperation: URIRef
    Country: URIRef
    Delivery: URIRef
    DeputyPost: URIRef
    Donation: URIRef
    ExecutivePost: URIRef
    FundingProgramme: URIRef
    GovernmentBody: URIRef
    Grant: URIRef
    HeadOfGovernmentPost: URIRef
    HeadOfStatePost: URIRef
    Invasion: URIRef
    Investment: URIRef
    JointVenture: URIRef
    LicensedProduction: URIRef
    Loan: URIRef
    MediaOrganisation: URIRef
    MinisterialPost: URIRef
    Organisation: URIRef
    Person: URIRef
    Pledge: URIRef
    Post: URIRef
    PostHolding: URIRef
    ProductionProgramme: URIRef
    Programme: URIRef
    Publisher: URIRef
    Purchase: URIRef
    ResearchInstitute: URIRef
    Resolution: URIRef
    ConvertedAmount: URIRef
    SourceDocument: URIRef
    SourceSentence: URIRef
    StateOwnedCompany: URIRef
    StateSecretaryPost: URIRef
    SupportRelation: URIRef
    TrainingProgramme: URIRef
    # datatype
    TemporalValue: URIRef
    # concept schemes
    AgreementKinds: URIRef
    ContributionKinds: URIRef
    ResolutionRules: URIRef
    Statuses: URIRef
    Trends: URIRef
    WeaponTypes: URIRef
    # properties
    agreementKind: URIRef
    amount: URIRef
    announcedBy: URIRef
    announcedOn: URIRef
    approximate: URIRef
    assertsProperty: URIRef
    attestedOn: URIRef
    basedIn: URIRef
    beneficiary: URIRef
    bodyOf: URIRef
    buyer: URIRef
    capital: URIRef
    claimAbout: URIRef
    confidence: URIRef
    draftReason: URIRef
    draftOf: URIRef
    inDraftGraph: URIRef
    contributesTo: URIRef
    contributionKind: URIRef
    contributor: URIRef
    cooperatingParty: URIRef
    evidence: URIRef
    funder: URIRef
    hasResolution: URIRef
    heldFrom: URIRef
    heldUntil: URIRef
    holder: URIRef
    hostile: URIRef
    invaded: URIRef
    invader: URIRef
    iso3166Alpha2: URIRef
    ledBy: URIRef
    licensor: URIRef
    likelyUse: URIRef
    member: URIRef
    notSpecified: URIRef
    ofProperty: URIRef
    participant: URIRef
    partOf: URIRef
    party: URIRef
    per: URIRef
    plannedFor: URIRef
    post: URIRef
    postIn: URIRef
    postOf: URIRef
    productionLocation: URIRef
    productionRate: URIRef
    purpose: URIRef
    quantity: URIRef
    recipient: URIRef
    relativeTo: URIRef
    resolutionRule: URIRef
    resolvedEntity: URIRef
    resolvedFrom: URIRef
    convertedFrom: URIRef
    conversionRule: URIRef
    exchangeRate: URIRef
    rateDate: URIRef
    rateFor: URIRef
    resolvedValue: URIRef
    scheduledStart: URIRef
    seller: URIRef
    sha256: URIRef
    shownInNetwork: URIRef
    signatory: URIRef
    signedAt: URIRef
    signedOn: URIRef
    statedAs: URIRef
    status: URIRef
    supported: URIRef
    supporter: URIRef
    supports: URIRef
    trend: URIRef
    underAgreement: URIRef
    weaponType: URIRef
