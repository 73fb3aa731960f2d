"""Attributions carried across sentences: a sentence without one of its own continues the
attribution of a quote it lies in, or of the sentence before (see
:mod:`audit.normalise.assertions`)."""

from __future__ import annotations

from audit.normalise.attribution.scan import Spans
from audit.normalise.attribution.speakers import Attribution
from audit.normalise.sentences import Sentence


def inherit_attributions(found: dict[int, list[Attribution]], sentences: list[Sentence],
                         in_sentence: Spans, quotes: list[tuple[int, int]],
                         subjunctive: dict[int, list[str]]) -> dict[int, Attribution]:
    """The attribution that each unattributed sentence continues (see the module doc): the
    best-ranked speaker of the sentence it continues."""
    best = {}
    for i, items in found.items():
        named = [item for item in items if item.speaker is not None]
        if named:
            best[i] = min(named)
    inherited: dict[int, Attribution] = {}
    for start, end in quotes:
        first, last = in_sentence.index(start), in_sentence.index(max(start, end - 1))
        if first is None or last is None or first == last:
            continue
        source = next((best[i] for i in (last, first) if i in best), None)
        if source is not None:
            for i in range(first, last + 1):
                if i not in found:
                    inherited.setdefault(i, source)
    for i in range(1, len(sentences)):
        previous = best.get(i - 1) or inherited.get(i - 1)
        if previous is None or i in found or i in inherited or sentences[i].is_boilerplate:
            continue
        if i in subjunctive or (sentences[i].in_quote and previous.kind == "person"):
            inherited[i] = previous
    return inherited


# A row of the table with its columns in order, as a sentence without an attribution, hedges
def carry_sources_on(found: dict[int, list[Attribution]], continuing: dict, text: str,
                     sentences: list[Sentence]) -> None:
    """Hearsay right after a sentence that names its source, in the same paragraph, carries
    that source on ("Laut Polizei wurde ein Mann festgenommen. Er soll …"): its sentence
    loses its speakerless rows and continues the one before."""
    for i in [i for i, items in found.items() if all(a.speaker is None for a in items)]:
        if any(a.speaker is not None for a in found.get(i - 1, ())) and "\n" not in text[
                sentences[i - 1].end:sentences[i].start]:
            del found[i]
            continuing[i] = []
