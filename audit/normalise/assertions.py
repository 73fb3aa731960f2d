"""Attribution and hedging: the rows of the ``assertions`` table.

Who a claim is attributed to ("laut CNN", "so Offizielle", "people familiar with the matter
said") and how cautiously the article's own voice states it ("angeblich", "reportedly").
The words and frames live in ``resources/<lang>/attribution.toml`` and are compiled and
matched by the modules of :mod:`audit.normalise.attribution`; this module builds the rows.
Matches are assigned to sentences by offset.

An assertion is an attribution: a sentence gives one row per attribution in it (several
speakers, a nested "X said Y told him", a "who said" clause, a cue after what it reports),
each with the span of what it reports (``content_start``/``content_end``), and one row when
it has none. Hearsay with nobody behind it ("es heißt", "soll … haben", "reportedly") is a
row with a cue and no speaker, unless the sentence names or points back to a source. A
sentence without an attribution of its own inherits one in four cases: it lies inside a
direct quote that spans sentences and is attributed beside its first or last sentence; it
is a direct quote right after a sentence in which a person speaks (the quote continues
them); (German) it reports speech in the subjunctive (Konjunktiv I: "sei", "habe") or
points back to a source ("den Angaben zufolge") right after an attributed sentence; or its
only attribution is hearsay right after a sentence in its paragraph that names or continues
a source. A frame of saying set off after the report it closes ("…, hieß es", "…, it was
said") continues a source named or continued one or two sentences before, and after a
sentence in Konjunktiv I it continues that report with no speaker (its source is named
earlier, unknown to the table); set off after a statement in the first person ("Wir sind
zuversichtlich, hieß es") it closes a quoted statement and gives no hearsay row. In an
interview written as a transcript, an interviewee's turn is theirs: each of its sentences
without a source of its own is attributed to the turn's label (cue ":"). An inherited
speaker keeps the offsets of the phrase it came from.
"""

from __future__ import annotations

import re

from audit import resources
from audit.normalise.attribution.content import content_span
from audit.normalise.attribution.grammar import NUMBER, compiled_grammar
from audit.normalise.attribution.hedges import (
    in_sentences,
    lower_first,
    opens_with_condition,
    own_hedges,
)
from audit.normalise.attribution.inheritance import carry_sources_on, inherit_attributions
from audit.normalise.attribution.scan import Scan, Spans
from audit.normalise.attribution.speakers import Attribution, find_attributions
from audit.normalise.sentences import Sentence
from audit.tables import empty_row

# A row of the table with every column of its schema, as a sentence without an attribution,
# hedges or negation has them (the lists are new in each row; the builder fills the ids,
# dates and events).
_ROW = empty_row("assertions", speaker_kind="none", in_quote=False, polarity="positive",
                 date_basis="none")


def extract_assertions(text: str, language: str, sentences: list[Sentence],
                       quotes: list[tuple[int, int]]) -> list[dict]:
    """One row per attribution, and one for each sentence that is not boilerplate and has
    none: its speaker, cue, content span, hedges and polarity.

    ``speaker``/``cue`` (with their offsets into ``text``) come from the attribution frames
    of the language's resource; a sentence with two attributions ("Smith said Jones told
    him") gives two rows, each with the span of what it reports (``content_start``,
    ``content_end``). An agentless frame ("es heißt", "it was reported") is a row with a
    cue and no speaker. Sources and hedges inside a direct quote belong to the quoted
    speaker and are left out (negation is not: a quoted denial is still one). A hedge that
    is an attribution's own cue with a source ("aus dem Ministerium hieß es") is not a
    hedge of its sentence. ``timex_ids``, ``entity_ids`` and the event dates are left empty
    for the table builder to fill.
    """
    grammar = compiled_grammar(language if language in resources.LANGUAGES else "de")
    in_sentence = Spans([(s.start, s.end) for s in sentences])
    in_quote = Spans(quotes)
    scan = Scan(grammar, text)
    hedges = in_sentences(grammar.hedges, scan, in_sentence, in_quote)
    pointing_back: dict[int, list[re.Match[str]]] = {}  # filled where there is hearsay
    found = find_attributions(grammar, scan, in_sentence, in_quote, hedges, pointing_back)
    vague = in_sentences(grammar.vague, scan, in_sentence, in_quote)
    # a sentence in Konjunktiv I, or one that points back, continues the attribution before
    continuing = {**in_sentences(grammar.subjunctive, scan, in_sentence, in_quote),
                  **pointing_back}
    carry_sources_on(found, continuing, text, sentences, language=language)
    inherited = inherit_attributions(found, sentences, in_sentence, quotes, continuing)
    negative = {in_sentence.index(match.start()) for match in scan.finditer(grammar.negation)}
    figures: dict[int, list[str]] = {}
    for match in scan.finditer(NUMBER):
        figures.setdefault(in_sentence.index(match.start()), []).append(match.group())

    # (the lists of each sentence built once, from the few sentences that have any)
    sentence_hedges = {i: own_hedges(grammar, matches, found.get(i, ()),
                                     opens_with_condition(grammar, text, sentences[i].start))
                       for i, matches in hedges.items()}
    weasels = {i: [lower_first(match.group()) for match in matches]
               for i, matches in vague.items()}
    rows = []
    for i, sentence in enumerate(sentences):
        if sentence.is_boilerplate:
            continue
        start, end = sentence.start, sentence.end
        # (a copy of the template, filled in, is built in half the time of a new dict)
        row = _ROW.copy()
        row["sent_id"], row["start"], row["end"] = sentence.sent_id, start, end
        row["text"] = text[start:end]
        row["in_quote"] = sentence.in_quote
        row["hedges"] = sentence_hedges.get(i) or []
        row["weasels"] = weasels.get(i) or []
        if i in negative:
            row["polarity"] = "negative"
        row["timex_ids"], row["entity_ids"] = [], []
        row["numbers"] = figures.get(i) or []
        attributions = found.get(i)
        if attributions is None:
            if i in inherited:
                _fill(row, inherited[i], (start, end))
            rows.append(row)
            continue
        # (hearsay markers with no source that report one content are one attribution:
        # "Er soll angeblich …" is one row, however many such words the clause holds)
        hearsay_contents: set[tuple] = set()
        first = True
        for attribution in attributions:
            content = content_span(text, start, end, attribution, attributions, language)
            if attribution.speaker is None:
                if content in hearsay_contents:
                    continue
                hearsay_contents.add(content)
            each = row if first else {**row, "hedges": list(row["hedges"]),
                                      "weasels": list(row["weasels"]),
                                      "timex_ids": [], "entity_ids": [],
                                      "numbers": list(row["numbers"])}
            first = False
            _fill(each, attribution, content)
            rows.append(each)
    return rows


def _fill(row: dict, attribution: Attribution, content: tuple) -> None:
    row["speaker"], row["speaker_kind"] = attribution.speaker, attribution.kind
    row["speaker_start"], row["speaker_end"] = attribution.speaker_start, attribution.speaker_end
    row["cue"], row["cue_start"], row["cue_end"] = (lower_first(attribution.cue),
                                                    attribution.cue_start,
                                                    attribution.cue_end)
    row["content_start"], row["content_end"] = content
