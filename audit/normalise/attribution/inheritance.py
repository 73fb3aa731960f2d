"""Attributions carried across sentences: a sentence without one of its own continues the
attribution of a quote it lies in, or of the sentence before; hearsay with no source of its
own continues a source named just before it (see :mod:`audit.normalise.assertions`)."""

from __future__ import annotations

from audit.normalise.attribution.scan import Spans
from audit.normalise.attribution.speakers import Attribution
from audit.normalise.sentences import Sentence

#: How many sentences back a frame of saying set off after its report ("…, hieß es")
#: looks for the source it continues.
CONTINUED_SENTENCES = 2
# What sets a frame off after the report it closes: "…, hieß es"; "„…“ hieß es"; "… – hieß es"
_SET_OFF_BY = frozenset(",“”\"»«–—")


def inherit_attributions(found: dict[int, list[Attribution]], sentences: list[Sentence],
                         in_sentence: Spans, quotes: list[tuple[int, int]],
                         subjunctive: dict[int, list[str]]) -> dict[int, Attribution]:
    """The attribution that each unattributed sentence continues (see the module doc): the
    best-ranked speaker of the sentence it continues. A sentence that
    :func:`carry_sources_on` carried on (an empty entry of ``subjunctive``) continues the
    nearest source of the :data:`CONTINUED_SENTENCES` before it."""
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
        if i in found or i in inherited or sentences[i].is_boilerplate:
            continue
        carried = i in subjunctive and not subjunctive[i]
        back = CONTINUED_SENTENCES if carried else 1
        previous = next((source for j in range(i - 1, max(i - back, 0) - 1, -1)
                         if (source := best.get(j) or inherited.get(j)) is not None), None)
        if previous is None:
            continue
        if i in subjunctive or (sentences[i].in_quote and previous.kind == "person"):
            inherited[i] = previous
    return inherited


def carry_sources_on(found: dict[int, list[Attribution]], continuing: dict, text: str,
                     sentences: list[Sentence]) -> None:
    """Hearsay with no source of its own that continues a source named just before: its
    sentence loses its speakerless rows and continues that source (an empty entry in
    ``continuing``; :func:`inherit_attributions` finds the source). That is

    - any hearsay right after a sentence that names or continues a source, in the same
      paragraph ("Laut Polizei wurde ein Mann festgenommen. Er soll …");
    - a frame of saying set off after the report it closes ("…, hieß es", "…, it was said")
      where one of the :data:`CONTINUED_SENTENCES` before names or continues a source, or
      where the sentence right before reports speech in the subjunctive with no frame of its
      own (Konjunktiv I: it continues a report whose source is named earlier, even where
      the table does not know it: "Wie die Organisation mitteilte, … . Er sei … . Die Drohne
      stamme …, hieß es.").

    A frame that opens its report ("Es heißt, …") continues nothing: it opens a claim of
    its own. Sentences are taken in order, so a carried sentence passes its source on (one
    whose source the table does not know passes nothing on).
    """
    speaks: set[int] = set()  # the sentences that name or continue a source
    for i in range(len(sentences)):
        items = found.get(i)
        if items is None:
            # (a sentence in Konjunktiv I or pointing back continues the one before)
            if i - 1 in speaks and i in continuing:
                speaks.add(i)
            continue
        if any(item.speaker is not None for item in items):
            speaks.add(i)
            continue
        continued = _continued_source(i, items, text, sentences, speaks, found, continuing)
        if continued is not None:
            del found[i]
            continuing[i] = []
            if continued:
                speaks.add(i)


def _continued_source(i: int, hearsay: list[Attribution], text: str,
                      sentences: list[Sentence], speaks: set[int], found: dict,
                      continuing: dict) -> bool | None:
    """Whether the hearsay of sentence ``i`` continues a source before it (see
    :func:`carry_sources_on`): ``True`` for a source the table knows, ``False`` for reported
    speech whose source it does not know (which is passed on no further), ``None`` where
    it continues nothing."""
    if i == 0:
        return None
    if i - 1 in speaks and "\n" not in text[sentences[i - 1].end:sentences[i].start]:
        return True
    if not any(_set_off_after_its_report(text, sentences[i], item) for item in hearsay):
        return None
    if any(i - back in speaks for back in range(1, CONTINUED_SENTENCES + 1)):
        return True
    if i - 1 in continuing and i - 1 not in found and continuing[i - 1]:
        return False
    return None


def _set_off_after_its_report(text: str, sentence: Sentence, item: Attribution) -> bool:
    """Whether a frame closes what it reports: it stands after a comma, a quote or a dash
    that follows words of its sentence, and no report opens after it with a comma or a colon
    ("…, hieß es am Montag."; not "Es heißt, …", "…, hieß es, dass …", "– angeblich, weil
    …")."""
    at = item.frame_start
    while at > sentence.start and text[at - 1] in " \t":
        at -= 1
    if at <= sentence.start or text[at - 1] not in _SET_OFF_BY:
        return False
    if not any(character.isalnum() for character in text[sentence.start:at]):
        return False
    return text[item.frame_end:sentence.end].lstrip()[:1] not in (",", ":")
