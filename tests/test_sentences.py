"""Numbering a source's sentences: the same sentences however long the text, read in time that grows
with its length (pySBD alone grows with its square: a 770 KB report took minutes)."""

from __future__ import annotations

import pytest
from pactgraph import sentences as numbering

# Written by hand; the abbreviations are where a sentence splitter goes wrong.
WRITTEN = [
    "Ukraine and Norway signed an agreement on drone co-production on 30 November 2025.",
    "Defence Minister Tore O. Sandvik said the first drones would be built in Norway.",
    "The U.K.-led maritime coalition received around 6.7 billion Norwegian crowns.",
    "Kyiv asked for thousands of interceptor drones.",
    "Talks on a second contract are continuing.",
]


@pytest.fixture
def segmenter_inputs(monkeypatch):
    """The texts pySBD is given, in order."""
    inputs = []
    segmenter = numbering._segmenter()

    class Recording:
        def segment(self, text):
            inputs.append(text)
            return segmenter.segment(text)

    monkeypatch.setattr(numbering, "_segmenter", Recording)
    numbering.sentences.cache_clear()
    yield inputs
    numbering.sentences.cache_clear()


def test_a_long_text_is_read_a_window_at_a_time_with_the_same_sentences(monkeypatch, segmenter_inputs):
    monkeypatch.setattr(numbering, "WINDOW", 200)
    monkeypatch.setattr(numbering, "WHOLE", 200)
    reporters = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima".split()
    written = [f"{sentence[:-1]}, says {name}." for name in reporters for sentence in WRITTEN]
    text = " ".join(written)  # 60 sentences, some 5,000 characters
    found = numbering.sentences(text)
    assert [s.text for s in found] == written
    assert [s.number for s in found] == list(range(1, 61))
    assert all(text[s.start : s.end] == s.text for s in found)
    assert len(segmenter_inputs) > 25 and max(map(len, segmenter_inputs)) <= 200


def test_a_long_text_is_read_in_windows_of_4000_characters(segmenter_inputs):
    # Before: windows of 16,000 characters, where pySBD's time grows with the square of the window
    # (100,000 sentences took 198 s to number, 36 ms a KB).
    text = " ".join(f"{sentence[:-1]} ({number})." for number in range(400) for sentence in WRITTEN)
    assert len(text) > 30_000
    found = numbering.sentences(text)
    assert len(found) == 2000 and all(text[s.start : s.end] == s.text for s in found)
    assert len(segmenter_inputs) >= len(text) // 4000 and max(map(len, segmenter_inputs)) <= 4000


def test_a_text_up_to_a_window_long_is_read_whole_as_it_always_was(segmenter_inputs):
    # The sentence numbers that claims cite must not change: news reports are read in one piece.
    text = "Drones for Ukraine\n" + "\n\n".join(WRITTEN) + "\n"
    assert [s.text for s in numbering.sentences(text)] == ["Drones for Ukraine", *WRITTEN]
    assert segmenter_inputs == [text]


def test_text_that_never_ends_a_sentence_is_cut_at_spaces(monkeypatch, segmenter_inputs):
    monkeypatch.setattr(numbering, "WINDOW", 100)
    monkeypatch.setattr(numbering, "WHOLE", 100)
    text = "Norway pledged drones" + " and shells" * 100  # 1,121 characters without a full stop
    found = numbering.sentences(text)
    assert all(len(s.text) <= 100 and text[s.start : s.end] == s.text for s in found)
    assert " ".join(s.text for s in found) == text
    assert max(map(len, segmenter_inputs)) <= 100
    no_space = "x" * 250
    assert [(s.start, s.end) for s in numbering.sentences(no_space)] == [(0, 100), (100, 200), (200, 250)]
