"""A source's sentences, numbered, so that a claim can cite "sentence 4" instead of copying it.

The text is split by pySBD (rule-based sentence boundary detection, which knows "U.K." and
"Tore O. Sandvik." are not ends of sentences, and downloads nothing). Numbers count from 1 in the
order of the text; a line of its own without a full stop (a headline, "Also read") is a sentence
too. The build turns a number into the exact quote and its offsets, so what the graph records is the
same as for a copied quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int
    text: str


@cache
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@cache
def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text`, numbered from 1, each without its surrounding white space."""
    found = []
    for span in _segmenter().segment(text):
        for piece_start, piece in _lines(span.start, span.sent):
            stripped = piece.strip()
            if stripped:
                start = piece_start + piece.index(stripped)
                found.append(Sentence(len(found) + 1, start, start + len(stripped), stripped))
    return tuple(found)


def _lines(start: int, chunk: str):
    """pySBD keeps a headline and the sentence after it together when no full stop divides them:
    a line break always ends a sentence here."""
    offset = 0
    for line in chunk.splitlines(keepends=True):
        yield start + offset, line
        offset += len(line)
