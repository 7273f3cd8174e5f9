"""Drafting claims from a source's raw text, for a person to review.

The machine reads first, in stages, each a module of this package:

1. `lexicon`: what the rules read: the word lists of graph/lexicon/ (offices, status verbs, kinds of
   event, money words), country data (countryinfo), currency names (babel), and spaCy's small English
   pipeline (en_core_web_sm 3.8.0), which tags names, numbers and dates and parses each sentence.
2. `mentions`: countries and capitals, offices, money, quantities and rates, dates (dateparser,
   number-parser), each as precise as the text gives it.
3. `events`, `people`, `clauses`, `roles`, `parties`, `agreements`, `coreference`: which words make
   an event (a signing, a sale, a pledge, talks) and its status; who acts (people with their offices,
   organisations); which words of the sentence are the event's own (not a clause of its own, the
   background, a relative clause about another thing); each event read in stages, from its words to
   its kind, class and status (`roles`); who takes part and in which role (`parties`); what an
   agreement signed sets up, an order or a venture under it (`agreements`); and which event a later
   sentence tells more of ("the deal", "the document", a headline's deed).
4. `linking`: the workspace's entities and events (from its reviewed claims), to link a name to an
   entity, and an event to one of the graph's only on evidence.
5. `writing`: every proposal as a draft claim citing its sentence, with a confidence and the rule
   that proposed it, written to the workspace's drafts/, never among the reviewed claims (see
   graph/review.py).

What a sentence says is kept as it says it: "negotiating" is not "signed", "did not sign" is no
signing, "thousands" is not a number, a stated conversion is a second amount, and a date keeps only
the precision the text gives (a relative one names the rule that resolves it).
"""

from .lexicon import BATCH, is_parsed, lexicon, pipeline
from .linking import PARTY_KEYS, Known
from .mentions import money_in
from .writing import draft_claims, draft_sources, drafts_yaml, events_of

__all__ = [
    "BATCH",
    "PARTY_KEYS",
    "Known",
    "draft_claims",
    "draft_sources",
    "drafts_yaml",
    "events_of",
    "is_parsed",
    "lexicon",
    "money_in",
    "pipeline",
]
