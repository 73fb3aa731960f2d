"""Attributions carried across sentences: a sentence without one of its own continues the
attribution of a quote it lies in, or of a sentence just before; hearsay with no source of
its own continues a source named just before it; what an interviewee answers is theirs to
the next turn of the interview (see :mod:`audit.normalise.assertions`)."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from functools import cache
from typing import NamedTuple

from audit import resources
from audit.normalise.attribution.patterns import Compiler
from audit.normalise.attribution.scan import Spans
from audit.normalise.attribution.speakers import Attribution
from audit.normalise.sentences import Sentence

#: How many sentences back a frame set off after its report ("…, hieß es") looks for the
#: source it continues, across sentences that have no attribution.
CONTINUED_SENTENCES = 2
# What sets a frame off after the report it closes: "…, hieß es"; "„…“ hieß es"; "… – hieß es"
_SET_OFF_BY = frozenset(",“”\"»«–—")
# Who speaks a turn of an interview written as a transcript: one to three capitalised words
# and a colon opening the sentence ("STANDARD: …", "Behr: …", "Frage: …", "BLITZER: …").
_TURN_LABEL = re.compile(r"(\w[\w.'’-]*(?: \w[\w.'’-]*){0,2}):[^\S\n]")
# How far into a sentence the colon of a label may stand (three long words)
_LABEL_WIDTH = 80
_COLON = re.compile(r":[^\S\n]")
# The pronouns of the first person: a report in them ("Wir sind zuversichtlich, hieß es")
# quotes the words of one speaker, though its quotation marks may be lost.
_FIRST_PERSON = {
    "de": re.compile(r"(?<![\w-])(?:[Ii]ch|[Mm]ich|[Mm]ir|[Ww]ir|[Uu]ns|(?:[Mm]ein|[Uu]nser)"
                     r"(?:e[nmrs]?)?)(?![\w-])"),
    "en": re.compile(r"(?<![\w'’-])(?:I|[Mm]e|[Ww]e|[Uu]s|[Mm]y|[Oo]ur)(?![\w'’-])"),
}
#: The least share of the interviewer's turns (the first label's) that ask a question for
#: labelled turns to be an interview, not a list of labelled lines ("Tore: …", "Fazit: …").
QUESTIONS_ASKED = 1 / 3


def inherit_attributions(found: dict[int, list[Attribution]], sentences: list[Sentence],
                         in_sentence: Spans, quotes: list[tuple[int, int]],
                         subjunctive: dict[int, list[str]]) -> dict[int, Attribution]:
    """The attribution that each unattributed sentence continues (see the module doc): the
    best-ranked speaker of the sentence it continues."""
    best = _best_named(found)
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


def carry_sources_on(found: dict[int, list[Attribution]], continuing: dict, text: str,
                     sentences: list[Sentence], language: str = "de") -> None:
    """Hearsay with no source of its own that continues a source named just before (a
    sentence that names one, or continues one in Konjunktiv I or by pointing back):

    - a frame of saying set off after the report it closes ("…, hieß es", "…, it was said")
      takes the source the report continues, from the :data:`CONTINUED_SENTENCES` before it,
      and keeps its cue ("Die Regierung teilte mit, … . … Man sei zuversichtlich, hieß
      es.");
    - any other hearsay right after a sentence that names or continues a source, in the same
      paragraph ("Laut Polizei wurde ein Mann festgenommen. Er soll …"), loses its rows and
      continues that sentence's source (an empty entry in ``continuing``), unless that
      sentence's frame closed the report ("…, hieß es. Raqqa gilt als …": the article's own
      voice again; Konjunktiv I after it still continues the source); so does a frame
      with nobody behind it that is no hearsay ("… wurden aufgefordert, …"), but only right
      after a sentence that names its source;
    - hearsay that continues a source the table does not know loses its rows and passes no
      source on: a frame set off after its report right after reported speech in Konjunktiv
      I ("Wie die Organisation am Donnerstag mitteilte, … . Er sei … . Die Drohne stamme
      …, hieß es."), or one or two sentences after a verb of saying with no speaker
      ([words] saying_verb and speech_verb of ``language``: "Das berichteten am Montag
      Medien in Skopje. Konkrete Pläne gebe es nicht, hieß es."); any other hearsay right
      after such a verb, in the same paragraph; a frame set off after a report in the first
      person ("Wir sind zuversichtlich, hieß es": one speaker's words, quoted, their
      quotation marks perhaps lost).

    A frame that opens its report ("Es heißt, …") continues nothing: it opens a claim of its
    own. Sentences are taken in order, so a carried source is passed on. First, in an
    interview written as a transcript ("STANDARD: … ? Behr: …"), every sentence of an
    interviewee's turn that names no source of its own is attributed to its speaker (its
    hearsay rows go; a label of one letter, "A: …", names nobody: no speaker), and a
    sentence opening a turn or answering continues no source before it.
    """
    turns = _interview_turns(text, sentences)
    for i, answer in turns.answers.items():
        # (an answer is its interviewee's words: its hearsay is theirs, its sources stay)
        named_here = [item for item in found.get(i, ()) if item.speaker is not None]
        found[i] = named_here or [answer]
    named = _best_named(found)
    sources = dict(named)  # the source each sentence names or continues
    saying = _verbs_of_saying(language)
    closed: set[int] = set()  # the sentences whose frame closes the report it continues

    def says(j: int) -> bool:
        """Whether sentence ``j`` reports with a verb of saying and has no speaker (not one
        in a frame with nobody behind it that is no hearsay: "Residents were urged to")."""
        if j < 0 or j in named or sentences[j].in_quote:
            return False
        framed = [(item.frame_start, item.frame_end) for item in found.get(j, ())
                  if not item.nested]
        return any(not any(start <= verb.start() < end for start, end in framed)
                   for verb in saying.finditer(text, sentences[j].start, sentences[j].end))

    for i in range(1, len(sentences)):
        if i in turns.openers or i in turns.answers:
            continue  # (a turn of an interview continues nobody's words before it)
        items = found.get(i)
        if items is None:
            # (a sentence in Konjunktiv I or pointing back continues the one before)
            if i in continuing and i - 1 in sources:
                sources[i] = sources[i - 1]
            continue
        if i in sources:
            continue
        set_off = [item for item in items if _set_off_after_its_report(text, sentences[i], item)]
        if set_off:
            source = _source_before(i, sources, found)
            if source is not None:
                # (the continued speaker, with the offsets of its phrase, and the frame's cue)
                found[i] = [item._replace(rank=source.rank, speaker=source.speaker,
                                          kind=source.kind, speaker_start=source.speaker_start,
                                          speaker_end=source.speaker_end) for item in set_off]
                sources[i] = found[i][0]
                closed.add(i)
            elif ((i - 1 in continuing and i - 1 not in found and continuing[i - 1])
                  or says(i - 1) or (says(i - 2) and i - 1 not in found)
                  or _in_the_first_person(text, sentences[i].start, set_off[0].frame_start,
                                          language)):
                del found[i]
            continue
        # (a frame that is no hearsay is one that may not be nested; after a source carried
        # on it often opens the writer's own thought: "Er sagte, … . Das gelte … . …, läßt
        # es sich nicht sagen, …")
        hearsay = any(item.nested for item in items)
        if not _same_paragraph(text, sentences[i - 1], sentences[i]):
            continue
        if (i - 1 in sources and i - 1 not in closed) if hearsay else i - 1 in named:
            del found[i]
            continuing[i] = []
            sources[i] = sources[i - 1]
        elif hearsay and says(i - 1):
            del found[i]


class Turns(NamedTuple):
    """An interview written as a transcript: the sentences that open a turn, and each
    sentence of an interviewee's turn with the attribution to its speaker."""

    openers: frozenset[int]
    answers: dict[int, Attribution]


def _interview_turns(text: str, sentences: list[Sentence]) -> Turns:
    """The turns of an interview written as a transcript ("STANDARD: Was … ? Behr: Das …"):
    a turn runs from a sentence opening with its speaker's label and a colon to the next
    such sentence of a label used for two turns or more. The first label is the
    interviewer's; the article is an interview when its turns alternate with the others'
    and at least :data:`QUESTIONS_ASKED` of them hold a question. Every sentence of another
    label's turn is that speaker's ("Behr", the label as written; a label is known by its
    last word: "Peter Kaiser: …", then "Kaiser: …"); a label of one letter ("Q: … A: …")
    names nobody: its sentences are reported by nobody named (cue ":", no speaker). The
    interviewer's words are the article's own."""
    # (four labels and a question at the least: most articles are passed over at once)
    if text.count(":") < 4 or "?" not in text:
        return Turns(frozenset(), {})
    labels = []
    starts = [sentence.start for sentence in sentences]
    tried = set()
    # (the pattern is tried only at the sentences with a colon within their first words)
    for colon in _COLON.finditer(text):
        i = bisect.bisect_right(starts, colon.start()) - 1
        sentence = sentences[i] if i >= 0 else None
        if (sentence is None or i in tried or colon.start() >= sentence.end
                or colon.start() - sentence.start > _LABEL_WIDTH):
            continue
        tried.add(i)
        label = _TURN_LABEL.match(text, sentence.start, sentence.end)
        if label is not None and label.group(1)[:1].isupper():
            labels.append((i, label, label.group(1).rsplit(" ", 1)[-1].casefold()))
    counted = Counter(key for _, _, key in labels)
    labels = [each for each in labels if counted[each[2]] > 1]
    if len({key for _, _, key in labels}) < 2:
        return Turns(frozenset(), {})
    interviewer = labels[0][2]
    ends = [i for i, _, _ in labels[1:]] + [len(sentences)]
    asked = [any("?" in text[sentence.start:sentence.end] for sentence in sentences[i:end])
             for (i, _, key), end in zip(labels, ends, strict=True) if key == interviewer]
    keys = [key for _, _, key in labels]
    if (len(asked) < 2 or sum(asked) < QUESTIONS_ASKED * len(asked)
            or any(a == b == interviewer for a, b in itertools.pairwise(keys))):
        return Turns(frozenset(), {})
    answers = {}
    for (i, label, key), end in zip(labels, ends, strict=True):
        if key == interviewer:
            continue
        colon = label.end(1)
        # (a label of one letter, "A: …", names nobody: the turn is reported, by nobody named)
        named = len(label.group(1)) > 1
        answer = Attribution(rank=(0, 0, 0, 0), speaker=label.group(1) if named else None,
                             kind="person" if named else "none",
                             speaker_start=label.start(1) if named else None,
                             speaker_end=colon if named else None, cue=":",
                             cue_start=colon, cue_end=colon + 1, frame_start=label.start(),
                             frame_end=label.end(), nested=False)
        answers[i] = answer
        for j in range(i + 1, end):
            # (the frame at the sentence's start: all of it is what the speaker says)
            at = sentences[j].start
            answers[j] = answer._replace(frame_start=at, frame_end=at)
    return Turns(frozenset(i for i, _, _ in labels), answers)


@cache
def _verbs_of_saying(language: str) -> re.Pattern[str]:
    """The verbs of saying of a language's attribution resource ([words] speech_verb, and
    saying_verb where it has one), as whole words."""
    language = language if language in resources.LANGUAGES else "de"
    table = resources.load(language, "attribution")
    compiler = Compiler(table, f"resources/{language}/attribution.toml")
    lists = "|".join(compiler.expand(f"{{{name}}}") for name in ("saying_verb", "speech_verb")
                     if name in table.get("words", {}))
    return re.compile(rf"(?<![\w-])(?:{lists})(?![\w-])")


def _best_named(found: dict[int, list[Attribution]]) -> dict[int, Attribution]:
    """The best-ranked attribution with a speaker of each sentence that has one."""
    best = {}
    for i, items in found.items():
        named = [item for item in items if item.speaker is not None]
        if named:
            best[i] = min(named)
    return best


def _source_before(i: int, sources: dict[int, Attribution], found: dict
                   ) -> Attribution | None:
    """The source that a frame closing its report in sentence ``i`` continues: that of the
    sentence before, or, where that one has no attribution at all, of the one before it (up
    to :data:`CONTINUED_SENTENCES` back)."""
    for j in range(i - 1, max(i - CONTINUED_SENTENCES, 0) - 1, -1):
        if j in sources:
            return sources[j]
        if j in found:
            return None
    return None


def _in_the_first_person(text: str, start: int, end: int, language: str) -> bool:
    """Whether ``text[start:end]`` speaks in the first person ("Wir sind zuversichtlich",
    "I was not there"): the words of one speaker, quoted."""
    first_person = _FIRST_PERSON.get(language, _FIRST_PERSON["de"])
    return first_person.search(text, start, end) is not None


def _same_paragraph(text: str, first: Sentence, second: Sentence) -> bool:
    """Whether no line break stands between two sentences."""
    return "\n" not in text[first.end:second.start]


def _set_off_after_its_report(text: str, sentence: Sentence, item: Attribution) -> bool:
    """Whether a frame with nobody behind it closes what it reports: it stands after a
    comma, a quote or a dash that follows words of its sentence, and no report opens after
    it with a comma or a colon ("…, hieß es am Montag."; not "Es heißt, …", "…, hieß es,
    dass …", "– angeblich, weil …")."""
    if item.speaker is not None or not item.nested:
        return False
    at = item.frame_start
    while at > sentence.start and text[at - 1] in " \t":
        at -= 1
    if at <= sentence.start or text[at - 1] not in _SET_OFF_BY:
        return False
    if not any(character.isalnum() for character in text[sentence.start:at]):
        return False
    return text[item.frame_end:sentence.end].lstrip()[:1] not in (",", ":")
