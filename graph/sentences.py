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


# pySBD's time grows with the square of the text it is given (its abbreviation replacer rewrites the
# whole text for each abbreviation it meets): a 77 KB report took 2.9 s, a 770 KB one 4.5 minutes,
# and a window of 16,000 characters 14 ms a KB against 5.5 for one of 4,000. A text up to WHOLE
# characters (some 2,500 words) is read whole, as it always was, so that the sentence numbers claims
# cite stay as they were; a longer one is given to it a window of WINDOW characters at a time.
WHOLE = 16_000
WINDOW = 4_000


@cache
def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of `text`, numbered from 1, each without its surrounding white space."""
    found = []
    for span_start, span in _spans(text):
        for piece_start, piece in _lines(span_start, span):
            stripped = piece.strip()
            if stripped:
                start = piece_start + piece.index(stripped)
                found.append(Sentence(len(found) + 1, start, start + len(stripped), stripped))
    return tuple(found)


def _spans(text: str):
    """(offset, text) of each sentence pySBD finds, in the whole text or WINDOW characters at a time. pySBD
    decides where a sentence ends by what follows it, which a window cuts short at its end; so of
    each window only the sentences that end before its last quarter are kept, and the next window
    starts where the first sentence not kept starts. A run of text that pySBD does not end within a
    whole window is cut at the window's last space, so that the time stays linear."""
    if len(text) <= WHOLE:
        yield from ((span.start, span.sent) for span in _segmenter().segment(text))
        return
    offset = 0
    while offset < len(text):
        spans = _segmenter().segment(text[offset : offset + WINDOW])
        if offset + WINDOW >= len(text):
            yield from ((offset + span.start, span.sent) for span in spans)
            return
        kept = [span for span in spans if span.end <= WINDOW - WINDOW // 4] or spans[:1]
        if len(kept) < len(spans):
            yield from ((offset + span.start, span.sent) for span in kept)
            offset += spans[len(kept)].start
        else:
            space = text.rfind(" ", offset + 1, offset + WINDOW)
            end = space + 1 if space > offset else offset + WINDOW
            yield offset, text[offset:end]
            offset = end


def _lines(start: int, chunk: str):
    """pySBD keeps a headline and the sentence after it together when no full stop divides them:
    a line break always ends a sentence here."""
    offset = 0
    for line in chunk.splitlines(keepends=True):
        yield start + offset, line
        offset += len(line)
