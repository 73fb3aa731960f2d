"""ATR003: hearsay in the article's own voice, flagged at the sentence."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from checks.check_hedged_claim import check_hedged_claim
from tests.test_check_anonymous_source import assertions


def flagged(articles: dict[str, tuple[str, str]], config: dict | None = None
            ) -> list[tuple[str, str, str]]:
    return [(f.article_id, articles[f.article_id][0][f.start:f.end], f.message)
            for f in check_hedged_claim(assertions(articles), config or {})]


def test_hedges_and_agentless_reports_in_the_articles_own_voice_are_flagged():
    articles = {
        "de": ("Rücktritt\nDer Minister soll von den Zahlungen gewusst haben. Es heißt, er "
               "trete zurück.", "de"),
        "en": ("Resignation\nIt is widely believed that the minister knew. He reportedly "
               "resigned.", "en"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Der Minister soll von den Zahlungen gewusst haben."),
        ("de", "Es heißt, er trete zurück."),
        ("en", "It is widely believed that the minister knew."),
        ("en", "He reportedly resigned."),
    ]


def test_the_message_lists_the_cues():
    (finding,) = check_hedged_claim(assertions({"x": ("Der Täter ist angeblich geflohen, es "
                                                      "heißt, er sei in Polen.", "de")}), {})
    assert finding.message == ("hearsay in the article's own voice, with no source: "
                               "“angeblich”, “es heißt”")


def test_speculation_conditionals_and_legal_terms_are_not_hearsay():
    articles = {
        "de1": ("Wetter\nDer Sturm könnte am Abend die Küste erreichen.", "de"),
        "de2": ("Rat\nSollte der Rat einberufen werden, könnte dieses entscheiden.", "de"),
        "de3": ("Prozess\nDer Anwalt des mutmaßlichen Täters schwieg.", "de"),
        "de4": ("Wahl\nDie Partei dürfte vermutlich verlieren.", "de"),
        "en1": ("Weather\nThe storm could reach the coast tonight.", "en"),
        "en2": ("Vote\nThe bill may well pass next week.", "en"),
    }
    assert flagged(articles) == []


def test_a_frame_with_nobody_behind_it_that_is_no_hearsay_is_not_flagged():
    articles = {"en": ("Storm\nResidents were urged to stay indoors. It is said to be the "
                       "worst storm in years.", "en")}
    assert [text for _, text, _ in flagged(articles)] == [
        "It is said to be the worst storm in years."]


def test_hearsay_pointing_back_to_a_named_source_is_not_flagged():
    articles = {"de": ("Polizei\nDie Polizei teilte mit, zwei Männer seien festgenommen "
                       "worden. Die Täter sollen den Angaben zufolge geflohen sein.", "de")}
    assert flagged(articles) == []


def test_angeblich_inside_a_noun_phrase_is_the_writers_distance_from_a_word():
    articles = {
        "de": ("Verein\nDie Zeitung geiferte über eine angeblich unfaire Spielweise. Er hat "
               "den angeblich gestohlenen Wagen zurückgegeben.", "de"),
        # near misses: "angeblich" of the clause, before a determiner or an adverb
        "de2": ("Verein\nEr hat angeblich keine Ahnung. Der Trainer ist angeblich krank. "
                "Letzterer ließ ihn angeblich ungern gehen.", "de"),
    }
    found = flagged(articles)
    assert [(a, text) for a, text, _ in found] == [
        ("de2", "Er hat angeblich keine Ahnung."),
        ("de2", "Der Trainer ist angeblich krank."),
        ("de2", "Letzterer ließ ihn angeblich ungern gehen.")]
    assert {message for _, _, message in found} == {
        "hearsay in the article's own voice, with no source: “angeblich”"}


def test_cues_a_desk_accepts_can_be_ignored():
    articles = {"de": ("Wahl\nEr gilt als Favorit. Der Fährverkehr soll eingestellt worden "
                       "sein.", "de"),
                "en": ("Vote\nHe is said to be the favourite.", "en")}
    found = flagged(articles, {"ignore": ["gilt als", "is said to"]})
    assert [(a, text) for a, text, _ in found] == [
        ("de", "Der Fährverkehr soll eingestellt worden sein.")]


def test_vague_quantities_only_when_asked_for():
    articles = {"de": ("Bau\nViele Anwohner lehnen den Bau ab.", "de"),
                "en": ("Plan\nMany residents oppose the plan, the mayor said.", "en")}
    assert flagged(articles) == []
    # (the English sentence names its source)
    assert [(a, text) for a, text, _ in flagged(articles, {"vague-quantities": True})] == [
        ("de", "Viele Anwohner lehnen den Bau ab.")]


def test_a_frame_after_its_report_continues_the_source_named_just_before():
    articles = {
        "de": ("Gipfel\nDie Regierung teilte am Montag mit, die Gespräche gingen weiter. Ein "
               "Termin steht noch nicht fest. Man sei aber zuversichtlich, hieß es.", "de"),
        "en": ("Summit\nThe minister said on Monday that the talks would go on. No date has "
               "been set. An agreement is close, it was said.", "en"),
    }
    assert flagged(articles) == []


def test_hearsay_that_opens_a_claim_after_an_attributed_sentence_is_still_flagged():
    # the same sources two sentences before, but "Es heißt, …" / "It is said …" open a
    # claim of their own, and a frame after its report with no source before it is hearsay
    articles = {
        "de": ("Gipfel\nDie Regierung teilte am Montag mit, die Gespräche gingen weiter. Ein "
               "Termin steht noch nicht fest. Es heißt, der Minister trete zurück.", "de"),
        "en": ("Summit\nThe minister said on Monday that the talks would go on. No date has "
               "been set. It is said that he will resign.", "en"),
        "de2": ("Gipfel\nEin Termin steht noch nicht fest. Man sei aber zuversichtlich, hieß "
                "es.", "de"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Es heißt, der Minister trete zurück."),
        ("de2", "Man sei aber zuversichtlich, hieß es."),
        ("en", "It is said that he will resign."),
    ]


def test_a_frame_continues_a_source_only_two_sentences_back():
    text = ("Gipfel\nDie Regierung teilte am Montag mit, die Gespräche gingen weiter. Ein "
            "Termin steht noch nicht fest. Der Ort ist offen. Man sei zuversichtlich, hieß es.")
    assert [text for _, text, _ in flagged({"de": (text, "de")})] == [
        "Man sei zuversichtlich, hieß es."]


# -- the continuation is the assertions table's (audit/normalise/attribution/inheritance.py)

def rows(text: str, language: str) -> list[tuple]:
    """(speaker, cue, speaker_start, the sentence) of each row of one article (None where
    the table has no value)."""
    table = assertions({"x": (text, language)})
    columns = table[["speaker", "cue", "speaker_start", "text"]].astype(object)
    return [tuple(None if pd.isna(value) else value for value in row)
            for row in columns.itertuples(index=False)]


def test_a_frame_after_its_report_takes_the_source_two_sentences_back_in_the_table():
    text = ("Gipfel\nDie Regierung teilte am Montag mit, die Gespräche gingen weiter. Ein "
            "Termin steht noch nicht fest. Man sei aber zuversichtlich, hieß es am Abend.")
    assert rows(text, "de")[1:] == [
        ("Die Regierung", "teilte", 7, "Die Regierung teilte am Montag mit, die Gespräche "
                                       "gingen weiter."),
        (None, None, None, "Ein Termin steht noch nicht fest."),
        # the frame keeps its cue and takes the source it continues (its phrase's offsets)
        ("Die Regierung", "hieß es", 7, "Man sei aber zuversichtlich, hieß es am Abend."),
    ]


def test_an_inherited_source_is_carried_on_to_the_hearsay_after_it():
    # the second sentence continues the police in Konjunktiv I; the third continues it in turn
    text = ("Festnahme\nDie Polizei teilte mit, ein Mann sei festgenommen worden. Er habe "
            "sich gewehrt. Er soll zuvor einen Laden überfallen haben.")
    assert [(speaker, cue) for speaker, cue, _, _ in rows(text, "de")[1:]] == [
        ("Die Polizei", "teilte mit")] * 3
    assert flagged({"de": (text, "de")}) == []
    # near miss: a new paragraph opens a claim of its own
    text = text.replace(" Er soll", "\nEr soll")
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Er soll zuvor einen Laden überfallen haben."]


def test_a_frame_after_reported_speech_continues_it_even_with_its_source_unknown():
    # "nannte … Einzelheiten" names the group without a frame of saying: the table has no
    # speaker, but the Konjunktiv I after it is reported speech, and "hieß es" closes it
    text = ("Drohne\nIn ihrer Botschaft an die Mitglieder nannte die Gruppe weitere "
            "Einzelheiten. Der Kommandeur sei erst am Vortag eingetroffen. Die Drohne stamme "
            "von der Koalition, hieß es. Die Stadt gilt als Hochburg der Gruppe.")
    assert [(speaker, cue) for speaker, cue, _, _ in rows(text, "de")[1:]] == [
        (None, None), (None, None), (None, None), (None, "gilt als")]
    # a source the table does not know is passed on no further: the reputation is flagged
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Die Stadt gilt als Hochburg der Gruppe."]
    # near miss: after a sentence in the indicative the frame is hearsay of its own
    text = text.replace("sei erst am Vortag eingetroffen", "traf am Vortag ein")
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Die Drohne stamme von der Koalition, hieß es.",
        "Die Stadt gilt als Hochburg der Gruppe."]


def test_hearsay_inside_its_sentence_is_no_frame_closing_a_report():
    # "– angeblich, weil …" stands after a dash but opens what follows: not carried two back
    text = ("Gipfel\nDie Regierung teilte am Montag mit, die Gespräche gingen weiter. Ein "
            "Termin steht noch nicht fest. Man sei zuversichtlich – angeblich, weil die "
            "Geldgeber einlenken.")
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Man sei zuversichtlich – angeblich, weil die Geldgeber einlenken."]
    # English: a third sentence between the source and the frame is too far
    text = ("Summit\nThe minister said on Monday that the talks would go on. He was hopeful. "
            "No date has been set. An agreement is close, it was said.")
    assert [found for _, found, _ in flagged({"en": (text, "en")})] == [
        "An agreement is close, it was said."]


def test_a_frame_with_nobody_behind_it_that_is_no_hearsay_is_carried_only_from_a_name():
    # what people were urged to do continues a source named right before it, not one that
    # sentence continued in turn: there the row keeps its own cue
    text = ("Brand\nDie Polizei teilte mit, ein Mann sei festgenommen worden. Die Anwohner "
            "wurden aufgefordert, die Fenster zu schließen.")
    assert rows(text, "de")[2][:2] == ("Die Polizei", "teilte mit")
    text = text.replace(" Die Anwohner", " Er habe sich gewehrt. Die Anwohner")
    assert rows(text, "de")[2:] == [
        ("Die Polizei", "teilte mit", 6, "Er habe sich gewehrt."),
        (None, "wurden aufgefordert", None,
         "Die Anwohner wurden aufgefordert, die Fenster zu schließen.")]


def test_hearsay_after_a_verb_of_saying_whose_subject_the_table_does_not_know():
    # "berichteten" reports, though no speaker is found for "Medien in Skopje" or "zwei
    # Lokalblätter": the frame closing its report and the hearsay right after continue it
    articles = {
        "frame": ("Grenze\nIn Mazedonien wird ein Zaun nicht mehr ausgeschlossen. Das "
                  "berichteten am Montag Medien in Skopje. Konkrete Pläne gebe es noch nicht, "
                  "hieß es.", "de"),
        "hearsay": ("Haft\nEin Verurteilter ist weiter auf freiem Fuß, berichteten zwei "
                    "Lokalblätter am Montag. Er soll einen Anschlag geplant haben.", "de"),
    }
    assert flagged(articles) == []
    # near misses: no verb of saying before; hearsay in a new paragraph
    articles = {
        "frame": (articles["frame"][0].replace("berichteten", "zeigten"), "de"),
        "hearsay": (articles["hearsay"][0].replace(" Er soll", "\nEr soll"), "de"),
    }
    assert [(article, found) for article, found, _ in flagged(articles)] == [
        ("frame", "Konkrete Pläne gebe es noch nicht, hieß es."),
        ("hearsay", "Er soll einen Anschlag geplant haben.")]


def test_a_frame_closing_its_report_passes_its_source_on_only_to_reported_speech():
    text = ("Angriff\nWie die Gruppe mitteilte, wurde ein Kommandeur getötet. Die Drohne "
            "stamme von der Koalition, hieß es. Die Stadt gilt als Hochburg der Gruppe.")
    assert [(speaker, cue) for speaker, cue, _, _ in rows(text, "de")[1:]] == [
        ("die Gruppe", "mitteilte"), ("die Gruppe", "hieß es"), (None, "gilt als")]
    # after "…, hieß es" the article speaks in its own voice: the reputation is flagged
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Die Stadt gilt als Hochburg der Gruppe."]
    # near miss: Konjunktiv I after it still continues the source
    text = text.replace("Die Stadt gilt als Hochburg der Gruppe.", "Die Stadt sei umstellt.")
    assert rows(text, "de")[3][:2] == ("die Gruppe", "hieß es")


def test_a_verb_of_saying_in_a_frame_that_is_no_hearsay_continues_nothing(monkeypatch):
    # English verbs of saying ("urged") also stand in passive frames with nobody behind
    # them: "were urged to" reports nobody, so the hearsay after it is the article's own
    import audit.normalise.assertions
    from audit.normalise.attribution import inheritance

    monkeypatch.setattr(audit.normalise.assertions, "carry_sources_on",
                        partial(inheritance.carry_sources_on, language="en"))
    articles = {"en": ("Storm\nResidents were urged to stay indoors. It is said to be the "
                       "worst storm in years.", "en")}
    assert [found for _, found, _ in flagged(articles)] == [
        "It is said to be the worst storm in years."]


def test_an_interviewees_answer_is_theirs_to_the_next_turn():
    articles = {
        "de": ("Interview\nIm Interview spricht die Forscherin Eva Roth über die Nacht. "
               "STANDARD: Wie viele Polizisten waren dort? Roth: Das weiß ich nicht. Die "
               "Beamten sollen am Bahnhof gestanden haben. STANDARD: Es heißt, es gab Warnungen? "
               "Roth: Davon weiß ich nichts.", "de"),
        "en": ("Interview\nQ: What happened that night? Smith: I was not there. He "
               "reportedly left early. Q: It is said that he called you? Smith: No.", "en"),
    }
    # the hearsay in an answer is the interviewee's; the interviewer's question is the
    # article's own voice
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "STANDARD: Es heißt, es gab Warnungen?"),
        ("en", "Q: It is said that he called you?")]
    table = rows(articles["de"][0], "de")
    assert table[4] == ("Roth", ":", 114, "Die Beamten sollen am Bahnhof gestanden haben.")
    assert table[3] == ("Roth", ":", 114, "Roth: Das weiß ich nicht.")
    assert rows(articles["en"][0], "en")[3] == ("Smith", ":", 39, "He reportedly left early.")


def test_an_answer_labelled_with_one_letter_is_nobodys():
    # "A:" names nobody: the answers have no speaker, but they are still the
    # interviewee's words, not the article's own voice
    text = ("Interview\nQ: What happened that night? A: I was not there. He reportedly left "
            "early. Q: It is said that he called you? A: No.")
    assert [found for _, found, _ in flagged({"en": (text, "en")})] == [
        "Q: It is said that he called you?"]
    assert rows(text, "en")[2:4] == [(None, ":", None, "A: I was not there."),
                                     (None, ":", None, "He reportedly left early.")]
    # near miss: a named label in the same interview still attributes its answers
    named = text.replace("A: No.", "Smith: No.").replace("A: I was", "Smith: I was")
    assert [speaker for speaker, _, _, _ in rows(named, "en")] == [
        None, None, "Smith", "Smith", None, "Smith"]


def test_labelled_lines_that_ask_nothing_are_no_interview():
    # near miss: labels alternate, but the first label's lines hold no question
    text = ("Spiel\nTore: Müller (12.), Kane (80.). Karten: Gelb für Kimmich. Tore: Musiala "
            "(3.). Karten: keine. Der Trainer soll getobt haben.")
    assert [found for _, found, _ in flagged({"de": (text, "de")})] == [
        "Der Trainer soll getobt haben."]
    assert {speaker for speaker, _, _, _ in rows(text, "de")} == {None}


def test_a_frame_closing_words_in_the_first_person_quotes_a_speaker():
    # the quotation marks lost, "Wir …, hieß es" still quotes one speaker's words
    articles = {
        "de": ("Flüchtlinge\nDas Ministerium zeigt sich wenig beeindruckt. Wir sind "
               "zuversichtlich, hieß es am Freitag.", "de"),
        "en": ("Talks\nThe ministry seemed unimpressed. We are confident, it was said.", "en"),
    }
    assert flagged(articles) == []
    assert rows(articles["de"][0], "de")[2] == (
        None, None, None, "Wir sind zuversichtlich, hieß es am Freitag.")
    # near miss: the same report in the third person is hearsay
    articles = {
        "de": (articles["de"][0].replace("Wir sind", "Man sei"), "de"),
        "en": (articles["en"][0].replace("We are", "They are"), "en"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Man sei zuversichtlich, hieß es am Freitag."),
        ("en", "They are confident, it was said.")]


def test_hearsay_after_a_document_or_party_named_as_source_continues_it():
    # the document ("heißt es in der Aussendung") and the party ("seitens der Gewerkschaft")
    # are sources: the closing frame and the "soll" right after them continue them
    articles = {
        "de1": ("Umbau\nDie Firma stellt die Produktion um. Die Preise steigen im Herbst, heißt "
                "es in der Aussendung. Man sei aber zuversichtlich, hieß es.", "de"),
        "de2": ("Tarif\nMan prüfe alle Angebote, heißt es seitens der Gewerkschaft. Der Vorstand "
                "soll bereits verhandelt haben.", "de"),
        "en": ("Prices\nPrices will rise in the autumn, the company's statement said. The board "
               "is said to have agreed.", "en"),
    }
    assert flagged(articles) == []
    assert rows(articles["de1"][0], "de")[3] == (
        "der Aussendung", "hieß es", 84, "Man sei aber zuversichtlich, hieß es.")
    # near misses: with no source before them they are the article's own hearsay
    articles = {
        "de1": (articles["de1"][0].replace(", heißt es in der Aussendung", ""), "de"),
        "de2": (articles["de2"][0].replace(", heißt es seitens der Gewerkschaft", ""), "de"),
        "en": (articles["en"][0].replace(", the company's statement said", ""), "en"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de1", "Man sei aber zuversichtlich, hieß es."),
        ("de2", "Der Vorstand soll bereits verhandelt haben."),
        ("en", "The board is said to have agreed.")]


def test_heissen_of_what_must_be_done_is_no_hearsay():
    # "heißt es" meaning "it is time to" passes nothing on (the German resource decides it)
    articles = {
        "de": ("Tabelle\nJetzt heißt es abwarten. Nun heißt es, die Ärmel hochzukrempeln.",
               "de"),
        "en": ("Table\nNow it is time to wait. Now it is up to the board.", "en"),
    }
    assert flagged(articles) == []
    # near misses: "heißt es" passing a claim on, and its English counterpart, are hearsay
    articles = {
        "de": ("Tabelle\nNun heißt es, die Firma wolle verkaufen. Jetzt heißt es abwarten.",
               "de"),
        "en": ("Table\nIt is said that the firm wants to sell. Now it is time to wait.", "en"),
    }
    assert [(a, text) for a, text, _ in flagged(articles)] == [
        ("de", "Nun heißt es, die Firma wolle verkaufen."),
        ("en", "It is said that the firm wants to sell.")]


@pytest.mark.parametrize("text, flagged_sentence", [
    # hearsay right after a sentence whose source follows "laut", "nach …angaben" or a charge
    ("Laut einer Studie der Universität ist der Fluss verschmutzt. Ein Werk soll Gift "
     "eingeleitet haben.", None),
    ("Nach Polizeiangaben wurde ein Mann festgenommen. Er soll die Tat gestanden haben.", None),
    ("Die Staatsanwaltschaft erhob Anklage gegen seine Kinder. Sie sollen ihm geholfen haben.",
     None),
    # … or that points back to one named before: a possessive, the document ("Darin")
    ("Ein Zeuge wurde befragt. Nach seinen Angaben soll der Fahrer geflohen sein.", None),
    ("Die Partei verschickte einen Brief. Darin heißt es, die Lage sei ernst.", None),
    # "Es heißt" giving a name, not passing anything on
    ("Es heißt natürlich Sankt Martin, nicht Sankt Marten.", None),
    # near misses: no source before; "Es heißt" with what it reports after a comma
    ("Der Fluss ist verschmutzt. Ein Werk soll Gift eingeleitet haben.",
     "Ein Werk soll Gift eingeleitet haben."),
    ("Es heißt aber auch, dass er bleibe.", "Es heißt aber auch, dass er bleibe."),
])
def test_hearsay_after_sources_of_laut_nach_and_charges_and_es_heisst_naming(
        text, flagged_sentence):
    found = [sentence for _, sentence, _ in flagged({"a": ("Umwelt\n" + text, "de")})]
    assert found == ([flagged_sentence] if flagged_sentence else [])


@pytest.mark.parametrize("text, flagged_sentence", [
    # a frame closing its report after a body that would say nothing more continues it
    ("Die Polizei machte keine Angaben zu den Opfern. Die Lage sei unklar, hieß es.", None),
    # near miss: no source before it
    ("Die Straße war gesperrt. Die Lage sei unklar, hieß es.",
     "Die Lage sei unklar, hieß es."),
])
def test_a_closing_frame_after_a_statement_made_continues_it(text, flagged_sentence):
    found = [sentence for _, sentence, _ in flagged({"a": ("Unfall\n" + text, "de")})]
    assert found == ([flagged_sentence] if flagged_sentence else [])
