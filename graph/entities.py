"""The graph's entities, for people writing claims: what already exists, under which reference
(`kind/slug`), with which names, and the nearest ones to a name as a report spells it.

"Shmigal" finds Denys Shmyhal (a near spelling, or an alias a source recorded), "Kiev" finds Kyiv
by its alias and Ukraine through its capital. Names are compared with rapidfuzz (weighted ratio,
which copes with transliterations, abbreviations and names given in part).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .prefixes import BASE

ENTITIES_QUERY = """
SELECT DISTINCT ?entity ?kind ?label ?alias ?capitalOf WHERE {
  ?class pact:shownInNetwork true ; rdfs:label ?kind .
  ?entity a ?class ; rdfs:label ?label .
  FILTER NOT EXISTS { ?entity a ?narrower . ?narrower rdfs:subClassOf+ ?class ; pact:shownInNetwork true }
  OPTIONAL { ?entity skos:altLabel ?alias }
}
"""
# Cities are not drawn in the network, but are found (a capital stands for its country).
CITIES_QUERY = """
SELECT DISTINCT ?entity ?label ?alias ?country WHERE {
  ?entity a pact:City ; rdfs:label ?label .
  OPTIONAL { ?entity skos:altLabel ?alias }
  OPTIONAL { ?country pact:capital ?entity }
}
"""
MATCH_CUTOFF = 70  # rapidfuzz WRatio, 0-100


@dataclass
class Entity:
    ref: str  # kind/slug, as claims write it
    kind: str
    label: str
    aliases: list[str] = field(default_factory=list)
    capital: str | None = None  # for a country: the ref of its capital
    capital_of: str | None = None  # for a capital: the ref of its country

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]


def reference(iri: str) -> str:
    prefix = BASE + "id/"
    return iri[len(prefix) :] if iri.startswith(prefix) else iri


def read_entities(backend) -> list[Entity]:
    """Every entity of the graph (the classes the network shows, and cities), sorted by kind and label."""
    found: dict[str, Entity] = {}
    for row in backend.query(ENTITIES_QUERY, True):
        ref = reference(row["entity"].value)
        entity = found.setdefault(ref, Entity(ref, row["kind"].value, row["label"].value))
        if row["alias"] is not None and row["alias"].value not in entity.aliases:
            entity.aliases.append(row["alias"].value)
    for row in backend.query(CITIES_QUERY, True):
        ref = reference(row["entity"].value)
        entity = found.setdefault(ref, Entity(ref, "City", row["label"].value))
        if row["alias"] is not None and row["alias"].value not in entity.aliases:
            entity.aliases.append(row["alias"].value)
        if row["country"] is not None:
            entity.capital_of = reference(row["country"].value)
            if entity.capital_of in found:
                found[entity.capital_of].capital = ref
    for entity in found.values():
        entity.aliases.sort()
    return sorted(found.values(), key=lambda e: (e.kind, e.label.casefold(), e.ref))


# Letters that transliterations of the same name swap (Shmyhal, Shmigal; Kyiv, Kiev; Zelensky,
# Zelenskyy): folded alike before names are compared.
_FOLD = str.maketrans({"y": "i", "h": "g", "j": "i", "w": "v"})


def _fold(name: str) -> str:
    return name.casefold().translate(_FOLD).replace("ii", "i")


def nearness(text: str, name: str) -> float:
    """How near `text` is to `name`, 0-100: the whole name, or one of its words (a surname alone),
    as written or with transliteration variants folded."""
    from rapidfuzz import fuzz

    best = 0.0
    for a, b in ((text.casefold(), name.casefold()), (_fold(text), _fold(name))):
        best = max(best, fuzz.WRatio(a, b), *(fuzz.ratio(a, word) for word in b.split()))
    return best


def find(entities: list[Entity], text: str) -> list[tuple[Entity, float, str]]:
    """Entities whose label or an alias is near `text`, best first: (entity, score, why). A capital
    found brings its country, "through its capital"."""
    by_ref = {e.ref: e for e in entities}
    scored: dict[str, tuple[float, str]] = {}
    for entity in entities:
        for name in entity.names:
            # A name given exactly (a label, or an alias a source recorded) ranks above near ones.
            score = 101.0 if text.casefold() == name.casefold() else nearness(text, name)
            if score >= MATCH_CUTOFF and score > scored.get(entity.ref, (0, ""))[0]:
                scored[entity.ref] = (score, "name" if name == entity.label else f"alias {name!r}")
        if entity.ref in scored and entity.capital_of in by_ref:
            country_score = scored[entity.ref][0] - 0.5  # just after the city itself
            if country_score > scored.get(entity.capital_of, (0, ""))[0]:
                scored[entity.capital_of] = (country_score, f"its capital {entity.label}")
    ranked = sorted(scored.items(), key=lambda item: (-item[1][0], by_ref[item[0]].label))
    return [(by_ref[ref], score, why) for ref, (score, why) in ranked]
