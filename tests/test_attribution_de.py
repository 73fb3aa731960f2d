"""German attribution frames (audit/resources/de/attribution.toml): reported speech,
thought and writing introduced by a framing clause, in today's and in older spelling.

Each construction: the speaker, its kind and the cue of the sentence's attribution, and the
near miss that must not be one. Sentences are our own.
"""

from __future__ import annotations

import pytest

from tests.test_assertions import assertions, attributions, speaker
from tests.test_check_atr003 import flagged


@pytest.mark.parametrize("text, expected", [
    # an auxiliary or modal between the subject and the participle or infinitive of saying
    ("Die Kammer hat gestern einstimmig beschlossen, die Vorlage abzulehnen.",
     ("Die Kammer", "person", "beschlossen")),
    ("Wir haben bereits festgestellt, daß die Brücke gesperrt bleibt.",
     ("Wir", "person", "festgestellt")),
    ("Vielleicht muß man zugeben, daß der Plan gescheitert ist.",
     ("man", "person", "zugeben")),
    # a subordinate clause with its verb of saying last
    ("Der Stadtrat lehnte den Antrag ab, weil der Bürgermeister doch meinte, er werde "
     "die Kosten nicht decken.", ("der Bürgermeister", "person", "meinte")),
    ("Der Richter wies die Klage ab, indem er nachwies, daß die Frist verstrichen war.",
     ("er", "person", "nachwies")),
    # a verb of saying that shares its subject with the clause before, then a colon
    ("Der Wirt stand auf und rief: Das lassen wir uns nicht gefallen!",
     ("Der Wirt", "person", "rief")),
])
def test_framing_clauses_with_words_between_subject_and_verb(text, expected):
    assert speaker(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # "dass" without its comma, as older texts write it
    ("Die Ernte war schlecht. Nichtsdestoweniger glauben wir kaum daß die Vorräte reichen.",
     ("wir", "glauben")),
    # a resolve said with a support verb, what is resolved a zu-infinitive, after "Denn"
    ("Der Sturm kam. Denn die Regierung war entschlossen, den Hafen zu schließen.",
     ("die Regierung", "war entschlossen")),
])
def test_framing_clauses_after_an_adverb_or_conjunction(text, expected):
    rows = [row for row in assertions(text, "de") if row["sent_id"] == 1]
    assert [(row["speaker"], row["cue"]) for row in rows] == [expected]


@pytest.mark.parametrize("text, expected", [
    # an outlet named in quotation marks after "nach"
    ("Nach dem „Wochenblatt“ steigt der Preis des Brotes.",
     ("dem „Wochenblatt“", "media", "nach")),
    # the parenthetical "so" with its verb
    ("Der Preis steigt, so schreibt die Zeitung.", ("die Zeitung", "media", "so")),
    # the writer reading an outlet
    ("Der Damm hält, lesen wir in der „Landeszeitung“.",
     ("der „Landeszeitung“", "media", "lesen wir")),
    # a correspondent writing to an outlet
    ("Dem „Boten“ schreibt man aus Linz: Der Markt war gut besucht.",
     ("Dem „Boten“", "media", "schreibt man")),
])
def test_outlets_as_older_papers_name_them(text, expected):
    assert speaker(text, "de") == expected


def test_a_colon_after_the_words_that_announce_a_quote():
    text = "Die Zeitung schließt ihren Bericht mit folgenden Worten: Die Lage bleibt ernst."
    assert ("Die Zeitung", "media", "folgenden Worten") in attributions(text, "de")


@pytest.mark.parametrize("text", [
    # a capitalised verb, a time of day or an adverb opening the clause is not its subject
    "Hätte die Polizei gewusst, dass die Leute kommen, wäre sie da gewesen.",
    # verbs that are no framing verbs, and a subordinate clause without one
    "Der Minister ging nach Berlin und kaufte ein Haus.",
    "Als der Zug ankam, waren alle froh.",
    # a framing verb with its object after it, and nothing reported
    "Laut Kurier schließt das Werk.\nDanach schließt das Werk.",
])
def test_near_misses_have_no_speaker(text):
    rows = assertions(text, "de")
    assert [row for row in rows if row["speaker"] is not None
            and row["cue"] != "laut"] == []


def test_a_time_of_day_is_not_the_speaker_of_a_passive_of_reporting():
    (row,) = assertions("Montagmittag wurde gemeldet, er sei verhaftet worden.", "de")
    assert (row["speaker"], row["cue"]) == (None, "wurde gemeldet")


def test_hearsay_of_a_confession_stays_hearsay():
    # "soll … gestanden haben": the article passes on that he confessed; the man is not
    # the source of the sentence (and ATR003 still sees the hearsay)
    text = "Der Mann soll die Tat gestanden haben, dennoch habe der Richter ihn freigelassen."
    assert [(row["speaker"], row["cue"]) for row in assertions(text, "de")] == [
        (None, "soll … haben")]


@pytest.mark.parametrize("text, expected", [
    # researchers the article has named are not an unnamed source
    ("Inzwischen vermuten die Forscher, dass das Eis schmilzt.",
     ("die Forscher", "person", "vermuten")),
    # … a group nobody names is
    ("Viele Experten fordern, die Regeln zu lockern.", ("Viele", "anonymous", "fordern")),
    ("Laut Experten steigt der Preis.", ("Experten", "anonymous", "laut")),
])
def test_a_definite_group_points_back_an_indefinite_one_is_unnamed(text, expected):
    assert speaker(text, "de") == expected


@pytest.mark.parametrize("text, cue", [
    # a passive of asking or deciding that opens what is asked or decided
    ("Die Anwohner wurden aufgefordert, die Fenster geschlossen zu halten.",
     "wurden aufgefordert"),
    ("Später wurde im Rat beschlossen, daß die Brücke bleibt.", "wurde im Rat beschlossen"),
    # … the auxiliary last
    ("Er verlas den Brief, worin die Gemeinden ersucht wurden, das Geld zu senden.",
     "ersucht wurden"),
    # a noun of saying or thinking before "dass" or a colon
    ("Sie warteten in der Hoffnung, dass der Regen aufhört.", "hoffnung"),
    ("Das Protokoll enthält die Erklärung: Wir treten zurück.", "erklärung"),
    # … a zu-infinitive or a question after it
    ("Sie warteten in der Hoffnung, das Geld doch noch zu bekommen.", "hoffnung"),
    ("Es blieb die Frage, wie das Geld zurückkommt.", "frage"),
    # a verb whose particle closes its clause
    ("Aus dem Protokoll geht hervor, dass die Kasse leer ist.", "geht hervor"),
    ("Der Minister zeigte zuvörderst an, daß die Truppen abziehen.", "zeigte zuvörderst an"),
    # being told of what "dass" opens; asking someone to do what a zu-infinitive says
    ("Man ist hier darüber unterrichtet, daß der Vertrag scheitert.", "darüber unterrichtet"),
    ("Am Abend ersucht der Rat die Wache, die Tore zu schließen.", "ersucht der Rat die Wache"),
    # what a colon announces
    ("Von den Tafeln trägt die eine folgende Inschrift: Hier ruht der Gründer.",
     "folgende Inschrift"),
    # a verb of saying right before "dass", its subject out of reach
    ("Der Gast lobte den Wirt, gestand aber offenherzig, daß ihm der Wein nicht schmeckte.",
     "gestand aber offenherzig"),
])
def test_frames_with_nobody_behind_them_that_are_no_hearsay(text, cue):
    rows = [row for row in assertions(text, "de") if row["cue"] is not None]
    assert [(row["speaker"], row["speaker_kind"], row["cue"], row["hedges"])
            for row in rows] == [(None, "none", cue, [])]


@pytest.mark.parametrize("text", [
    # a passive that reports a finding, not what was said or asked
    "Bei den Kindern waren hohe Werte festgestellt worden, viele Eltern klagen.",
    # being dependent on something is not being told
    "Die Bauern sind darauf angewiesen, dass es regnet.",
    # what depends on something is not said
    "Das hängt davon ab, dass es regnet.",
    # an interview's labels
    "Frage: Wie geht es weiter?",
    # "wie" after a framing verb without its comma is no indirect question
    "Er wusste wie immer nichts.",
])
def test_near_misses_of_frames_with_nobody_behind_them(text):
    assert [row["cue"] for row in assertions(text, "de")] == [None] * len(
        assertions(text, "de"))


def test_hearsay_checks_pass_over_frames_with_nobody_behind_them():
    # ATR003 flags the rumour, not the request nor the hope
    text = ("Sperre\nDie Anwohner wurden aufgefordert, die Fenster zu schließen. Sie warteten in "
            "der Hoffnung, dass der Rauch abzieht. Es heißt, das Werk brenne seit Tagen.")
    assert [found for _, found, _ in flagged({"a": (text, "de")})] == [
        "Es heißt, das Werk brenne seit Tagen."]


def test_a_noun_frame_does_not_hide_hearsay():
    text = "Eine andere Befürchtung soll gewesen sein, dass der Nachfolger scheitert."
    assert [(row["speaker"], row["cue"]) for row in assertions(text, "de")] == [
        (None, "soll … haben")]


def test_a_rumour_going_round_is_hearsay():
    text = "Brand\nSeit Tagen geht das Gerücht, der Kaiser sei krank."
    assert [(found, message) for _, found, message in flagged({"a": (text, "de")})] == [
        ("Seit Tagen geht das Gerücht, der Kaiser sei krank.",
         "hearsay in the article's own voice, with no source: “geht das Gerücht”")]


def test_who_claims_is_the_speaker_of_a_general_claim():
    text = "Wer behauptet, die Wahl sei gefälscht, muss es beweisen."
    assert speaker(text, "de") == ("Wer", "person", "behauptet")


def test_hearsay_is_not_taken_for_attributed_by_a_place_in_the_sentence():
    # "bei der Pforte" names no source; "Bei der Polizei hieß es" does
    text = ("Kabinett\nDem Vernehmen nach bleiben die Minister, bis ein Bote bei der Pforte "
            "ankommt. Bei der Polizei hieß es, der Bote sei unterwegs.")
    assert [found for _, found, _ in flagged({"a": (text, "de")})] == [
        "Dem Vernehmen nach bleiben die Minister, bis ein Bote bei der Pforte ankommt."]


@pytest.mark.parametrize("text, expected", [
    # the auxiliary before the subject, a phrase between it and the participle
    ("Gestern hat der Minister im Rat erklärt, dass die Brücke bleibt.",
     ("der Minister", "person", "erklärt")),
    # the auxiliary after the subject
    ("Die Regierung hatte im vergangenen Jahr erklärt, die Steuer komme nicht.",
     ("Die Regierung", "organisation", "erklärt")),
    # a first verb of the same subject, then "und"; the subject stops before that verb
    ("Der zwölfjährige Junge kommt aus Luhansk und erzählt: Wir spielen Fußball.",
     ("Der zwölfjährige Junge", "person", "erzählt")),
    ("Nintendo geht streng vor und fordert, dass die Clips verschwinden.",
     ("Nintendo", "person", "fordert")),
])
def test_words_between_the_subject_and_its_verb_of_saying(text, expected):
    assert speaker(text, "de") == expected



@pytest.mark.parametrize("text, expected", [
    # a verb whose particle closes the clause, its subject after it, an outlet in quotes
    ("Als Beispiel führt die „Neue Schweiz“ an, dass die Truppen abzogen.",
     ("die „Neue Schweiz“", "media", "führt")),
    # what someone has let others know
    ("Das Ministerium ließ die Abgeordneten wissen, dass die Antwort entfällt.",
     ("Das Ministerium", "organisation", "wissen")),
    # a verb of saying set off after what is said, in the present and the plural
    ("Die Zahl der Fälle steigt, sagen Experten.", ("Experten", "anonymous", "sagen")),
    # … with a time after its subject, two outlets named
    ("Das Lager ist zu, berichteten die Zeitungen Vecer und Dnevnik am Montag.",
     ("die Zeitungen Vecer und Dnevnik", "media", "berichteten")),
    # after an object that points back, the subject follows the verb and a time
    ("Das teilte der Streamingdienst am Montag in seinem Blog mit.",
     ("der Streamingdienst", "person", "teilte")),
    ("Das berichteten am Montag Medien in Skopje.", ("Medien", "media", "berichteten")),
    # "wie" with any subject and a time before the verb
    ("Wie die Organisation am Donnerstag mitteilte, wurde das Lager geschlossen.",
     ("die Organisation", "person", "mitteilte")),
    # an outlet named by its town, the writer's idiom of knowing
    ("Der Handel stockt, wie ein Wiener Blatt zu berichten weiß.",
     ("ein Wiener Blatt", "media", "weiß")),
    # an unnamed group of parliamentary parties
    ("Die Lage sei ernst, hieß es aus mehreren Fraktionen.",
     ("mehreren Fraktionen", "organisation", "hieß es")),
    # what is asked after "davor", the subject after the verb
    ("So warnen die Forscher davor, exotische Fische im Teich zu halten.",
     ("die Forscher", "person", "warnen")),
])
def test_frames_of_news_and_older_papers(text, expected):
    assert [(row["speaker"], row["speaker_kind"], row["cue"])
            for row in assertions(text, "de")] == [expected]


@pytest.mark.parametrize("text, cue", [
    # a zu-infinitive of asking before what is asked
    ("Es gilt nun, darauf zu dringen, dass die Wahl stattfindet.", "dringen"),
    # a resolution taken
    ("Später wurde der Beschluss gefasst, die Brücke zu sperren.", "beschluss gefasst"),
    # leaving a decision to someone
    ("Ferner gab es dem Rat anheim, einen Gesandten zu bestellen.", "gab es dem Rat anheim"),
    # what is said or asked through others, nobody named before
    ("Der Papst zögerte und ließ offiziös aussprechen, daß Rom die Hauptstadt bleibe.",
     "ließ offiziös aussprechen"),
])
def test_more_frames_with_nobody_behind_them(text, cue):
    assert [(row["speaker"], row["cue"]) for row in assertions(text, "de")] == [(None, cue)]


@pytest.mark.parametrize("text", [
    # leading a table is no saying; letting a car stand is no message
    "Seit Jahren führt die Mannschaft die Tabelle an.",
    "Der Bauer ließ das Auto stehen, als es regnete.",
    # a zu-infinitive of doing, not of saying
    "Sie versuchten, das Tor zu schließen, als der Sturm kam.",
    # a verb after "Das" with no particle closing it
    "Das teilte sich die Familie.",
    # "es heißt" meaning "it means", and "gelten als" of a comparison
    "Es heißt zwar das Gleiche, klingt jedoch anders.",
    "Für die Leiharbeiter, für die niedrigere Löhne gelten als im Konzern, gibt es nichts.",
])
def test_near_misses_of_news_frames(text):
    assert [(row["speaker"], row["cue"], row["hedges"]) for row in assertions(text, "de")] == [
        (None, None, [])]


@pytest.mark.parametrize("text, expected", [
    # a noun of saying and its speaker in the genitive, before what it reports
    ("Man las die Warnungen Müllers, daß der Damm bricht.",
     ("Müllers", "person", "warnungen")),
    ("Sie teilten die Warnungen der Regierung, dass der Damm bricht.",
     ("der Regierung", "organisation", "warnungen")),
    ("Sie schwieg auf die Bemerkung eines andern Richters, daß er lüge.",
     ("eines andern Richters", "person", "bemerkung")),
])
def test_the_genitive_speaker_of_a_noun_of_saying(text, expected):
    assert expected in attributions(text, "de")


def test_a_noun_with_a_genitive_that_reports_nothing_has_no_row():
    assert [row["cue"] for row in assertions(
        "Der Bericht der Kommission wurde gestern vorgelegt.", "de")] == [None]


def test_an_issue_of_a_magazine_is_a_document_the_hearsay_points_back_to():
    # "In einer früheren …-Ausgabe hieß es" names where it was said; another word for a
    # broadcast does not, and the hearsay is flagged
    issue = "Magazin\nIn einer früheren Spiegel-Ausgabe hieß es, der Minister sei krank."
    broadcast = "Magazin\nIn einer früheren Spiegel-Sendung hieß es, der Minister sei krank."
    assert flagged({"a": (issue, "de")}) == []
    assert [found for _, found, _ in flagged({"a": (broadcast, "de")})] == [
        "In einer früheren Spiegel-Sendung hieß es, der Minister sei krank."]


@pytest.mark.parametrize("text, expected", [
    ("Das Defizit ist klein, wie man noch in der vorigen Woche versicherte.",
     [("man", "person", "versicherte")]),
    ("Wie das Ministerium vor einer Woche bestätigte, bleibt die Schule zu.",
     [("das Ministerium", "organisation", "bestätigte")]),
    # near miss: a time and an object before a verb that says nothing
    ("Wie man in der Nacht einen Brief schreibt, weiß keiner.", [(None, "none", None)]),
    # knowing about something is no source of a report
    ("Er trägt den Bauch so stolz, wie Abe um seinen Charme Bescheid weiß.",
     [(None, "none", None)]),
])
def test_a_time_between_the_subject_of_wie_and_its_verb(text, expected):
    assert [(row["speaker"], row["speaker_kind"], row["cue"])
            for row in assertions(text, "de")] == expected


@pytest.mark.parametrize("text, expected", [
    # a second verb of saying after "und", its subject that of the first verb: before it,
    # or a pronoun right after it
    ("Der Bürgermeister stoppte den Bau der Brücke und erklärte, die Kosten seien zu hoch.",
     [("Der Bürgermeister", "person", "erklärte")]),
    ("In der vergangenen Woche stoppte er die Ausfuhr von Getreide und behauptete, die "
     "Vorräte seien erschöpft.", [("er", "person", "behauptete")]),
    # … not a noun after the first verb, which may be its object
    ("Die Gruppe dankte Kerry für die Hilfe und bat, die Gewalt zu beenden.",
     [("Die Gruppe", "person", "bat")]),
    # … nor a predicate after "ist"
    ("Die Mitteilung ist falsch und erklärt nicht, was geschah.", [(None, "none", None)]),
])
def test_a_second_verb_of_saying_after_und(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    ("Ministerin Anna Berger und ihr Amtskollege Paul Martin haben die Bedeutung betont, "
     "die Gespräche fortzusetzen.",
     [("Ministerin Anna Berger und ihr Amtskollege Paul Martin", "person", "betont")]),
    ("Die Bürgermeisterin und der Landrat betonten, dass die Straße offen bleibt.",
     [("Die Bürgermeisterin und der Landrat", "person", "betonten")]),
    # near miss: the end of a list before a verb set off after the quote
    ("Sie leben in Graz, Linz und der Steiermark, sagt Anna Berger.",
     [("Anna Berger", "person", "sagt")]),
])
def test_two_speakers_joined_by_und_are_one_subject(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    ("Die Regierung hat außerdem die Forderung der Opposition nach einer Neuwahl im Herbst "
     "zurückgewiesen.", [("Die Regierung", "organisation", "zurückgewiesen")]),
    ("Der Sprecher wies die Vorwürfe gegen den Minister zurück.",
     [("Der Sprecher", "person", "wies")]),
    ("Der Verband hingegen weist die Darstellung zurück.",
     [("Der Verband", "person", "weist")]),
    # near misses: a rejected claim put first, a noun after the verb (its object), the
    # particle of another verb, a match played
    ("Den Vorwurf der Stadt weist der Verband zurück.", [(None, "none", None)]),
    ("Am Montag wies der Lehrer den Weg zum Ausgang und lachte.", [(None, "none", None)]),
    ("Der Lehrer gab die Hefte zurück.", [(None, "none", None)]),
    ("Der Stürmer hatte seit März kein Spiel bestritten.", [(None, "none", None)]),
])
def test_a_rejection_names_who_rejects(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    ("Es gab ein Treffen der Minister, das beide Seiten als „offen“ bezeichneten.",
     [("beide Seiten", "organisation", "bezeichneten")]),
    # near miss: the relative pronoun is the subject, the noun after it the object
    ("Der Trainer, der den Sieg als Glück bezeichnete, ging früh.", [(None, "none", None)]),
])
def test_a_label_given_in_a_relative_clause(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    ("Im Anhang erwähnt der Bericht zudem eine neue Bitte der Stadt, die Straße sofort zu "
     "sperren.", [("der Bericht", "organisation", "erwähnt")]),
    ("Die Mitteilung hebt hervor, dass die Stadt einen neuen Plan vorlegt.",
     [("Die Mitteilung", "organisation", "hebt hervor")]),
    ("Am Freitag berichtete die französische Seite, dass die Gespräche begonnen hätten.",
     [("die französische Seite", "organisation", "berichtete")]),
    # near miss: a document someone mentions is no speaker
    ("Er erwähnte die Erklärung in seiner Rede nicht.", [(None, "none", None)]),
])
def test_a_document_and_a_side_speak_for_an_organisation(text, expected):
    assert attributions(text, "de") == expected


def test_the_subject_of_a_reported_clause_several_words_before_its_participle():
    # a quoted word between does not hand the speaker to a genitive ("während der Sitzung")
    text = ("Die Behörde teilte mit, dass die Ministerin während der Sitzung Müllers "
            "„Angebot“ bekräftigt habe, die Frist zu verlängern.")
    assert attributions(text, "de") == [("Die Behörde", "organisation", "teilte mit"),
                                        ("die Ministerin", "person", "bekräftigt")]


@pytest.mark.parametrize("text, expected", [
    # a plan with a deadline that opens the clause is no hearsay (atr3's request)
    ("Bis 2030 soll sich die Lage am Bahnhof gebessert haben.", None),
    ("Bis Ende 2030 sollen alle Schulen saniert worden sein.", None),
    # near miss: "bis" inside what is reported, after "soll"
    ("Er soll bis 2010 in der Stadt gearbeitet haben.", "soll … haben"),
])
def test_a_deadline_before_soll_is_a_plan_not_hearsay(text, expected):
    assert [row["cue"] for row in assertions(text, "de")] == [expected]


@pytest.mark.parametrize("text, expected", [
    # the perfect in the indicative after what is said, after a comma
    ("Das Werk bleibt offen, hatte die Ministerin gesagt.",
     [("die Ministerin", "person", "gesagt")]),
    # … with words between the subject and the participle, "hatten" and "hat"
    ("Die Steuer komme, hatte der Minister am Montag erklärt.",
     [("der Minister", "person", "erklärt")]),
    ("Die Lage sei ernst, hatten die Ärzte gewarnt.", [("die Ärzte", "person", "gewarnt")]),
    ("Das Werk bleibt offen, hat die Ministerin versichert.",
     [("die Ministerin", "person", "versichert")]),
    # near miss: "hatte" after a comma before a participle that is no saying
    ("Er ging, hatte der Bus doch gewartet.", [(None, "none", None)]),
    # a subordinate clause opening the sentence
    ("Während Anna Berger betont, dass die Lage ruhig sei, warnt die Polizei.",
     [("Anna Berger", "person", "betont"), ("die Polizei", "organisation", "warnt")]),
    ("Obwohl sie versprach, bald zurückzutreten, blieb die Ministerin im Amt.",
     [("sie", "person", "versprach")]),
    # near misses: a role after "Als", a condition after "Wenn", a noun after "Gegen"
    ("Als Kind wurde mir gesagt, dass man nicht lügt.", [(None, "none", "gesagt")]),
    ("Wenn die Partei meint, dass sie gewinnt, irrt sie.", [(None, "none", "meint")]),
    ("Gegen den Titelverteidiger kündigt sich ein schweres Spiel an.", [(None, "none", None)]),
])
def test_where_a_subject_may_start(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # "angeblich" between a noun phrase's article and its inflected adjective or participle:
    # the writer's distance from a word, as the adjective "angebliche" is; no row, no hedge
    ("Die Zeitung geiferte über eine angeblich unfaire Spielweise.", [(None, [])]),
    ("Er hat den angeblich gestohlenen Wagen zurückgegeben.", [(None, [])]),
    ("Im angeblich sicheren Haus brach ein Feuer aus.", [(None, [])]),
    # near misses: "angeblich" of the clause, hearsay in the article's own voice
    ("Er soll angeblich krank sein.", [("angeblich", ["angeblich"])]),
    ("Angeblich hat er keine Ahnung.", [("angeblich", ["angeblich"])]),
    ("Er hat angeblich keine Ahnung.", [("angeblich", ["angeblich"])]),
    ("Die Ware ist angeblich gestohlen.", [("angeblich", ["angeblich"])]),
    ("Die Gegner seien angeblich Schuldige.", [("angeblich", ["angeblich"])]),
])
def test_angeblich_inside_a_noun_phrase_is_no_hearsay(text, expected):
    assert [(row["cue"], row["hedges"]) for row in assertions(text, "de")] == expected


@pytest.mark.parametrize("text, expected", [
    # "hieß es" with its source after a preposition, a document or a body the kinds do not
    # know among them, perhaps after a time (atr3's list of sources behind ATR003's findings)
    ("Die Preise steigen im Herbst, heißt es in der Aussendung.",
     ("der Aussendung", "organisation", "heißt es")),
    ("Man prüfe alle Angebote, heißt es seitens der Gewerkschaft.",
     ("der Gewerkschaft", "organisation", "heißt es")),
    ("Die Lage sei ernst, heißt es bei der Firma Meier.",
     ("der Firma Meier", "organisation", "heißt es")),
    ("Die Lage sei ernst, hieß es am Freitag aus der Botschaft auf Anfrage.",
     ("der Botschaft", "organisation", "hieß es")),
    # … or before it, found from the cue
    ("Aus dem Büro der Ministerin heißt es dazu: Man prüfe das.",
     ("dem Büro der Ministerin", "organisation", "heißt es")),
    ("Von der Stadt hieß es, man prüfe das.", ("der Stadt", "organisation", "hieß es")),
    ("In Parteikreisen hieß es, man prüfe das.", ("Parteikreisen", "anonymous", "hieß es")),
    # "spricht … von", its subject after the verb; a handle after "laut"
    ("In einem Blogeintrag spricht die Abgeordnete Eva Roth von einem Angriff.",
     ("die Abgeordnete Eva Roth", "person", "spricht")),
    ("Laut @EvaRoth wird die Lage ernst.", ("@EvaRoth", "person", "laut")),
    # two speakers after a date and a plural auxiliary (the seed's construction)
    ("Am Montag haben Außenminister Anna Beispiel und ihr Amtskollege Karl Muster in Wien "
     "unterstrichen, dass die Lage ernst sei.",
     ("Außenminister Anna Beispiel und ihr Amtskollege Karl Muster", "person",
      "unterstrichen")),
    # verbs of saying in the present
    ("Der „Globe“ meint, in den Erklärungen liege eine Offenheit.",
     ("Der „Globe“", "media", "meint")),
    ("Experten warnen vor dem Sturm.", ("Experten", "anonymous", "warnen")),
    ("Die Lage bleibt ernst, schreibt Anna Beispiel in ihrem Bericht.",
     ("Anna Beispiel", "person", "schreibt")),
    # an adverb opening the clause is not the subject
    ("Dagegen schreibt der Polizist: Die Lage war ruhig.",
     ("der Polizist", "person", "schreibt")),
])
def test_sources_of_news_frames_the_table_lacked(text, expected):
    assert speaker(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # "heißt es" after a cause: what must be done, no source and no hearsay
    ("Aus diesem Grund heißt es nun warten.", [(None, "none", None)]),
    # "meint" that means, "schreibt" of what one writes about
    ("Im Grunde meint er einen Konflikt.", [(None, "none", None)]),
    ("Anna Beispiel schreibt seit Jahren über die Partei.", [(None, "none", None)]),
    # "spricht" with no "von"; an infinitive after "zu"
    ("Dafür spricht die Tatsache, dass er kam.", [(None, "none", None)]),
    ("Er hatte keine Zeit, davon zu berichten.", [(None, "none", None)]),
    # what "von" opens before the participle is no source of it
    ("Apple ist von dem Problem informiert und betont, dass es sicher sei.",
     [(None, "none", "betont")]),
    ("Er hatte zur Überraschung von Investoren erklärt, dass er bleibe.",
     [("Er", "person", "erklärt")]),
])
def test_near_misses_of_news_frames_the_table_lacked(text, expected):
    assert attributions(text, "de") == expected


def test_an_infinitive_of_saying_does_not_carry_hearsay_on():
    # "zu berichten" is no verb of saying with an unnamed speaker: the hearsay after it is
    # the article's own
    text = ("Reise\nKerry ist damit beschäftigt, den Abgeordneten vom Abkommen zu berichten. "
            "Frühestens im August, heißt es, hat er Zeit für die Reise.")
    assert [found for _, found, _ in flagged({"a": (text, "de")})] == [
        "Frühestens im August, heißt es, hat er Zeit für die Reise."]


@pytest.mark.parametrize("text", [
    # "heißt es" of what must be done passes nothing on (atr3's list): an infinitive closing
    # the clause, a zu-infinitive with no subject, a colon and an infinitive; a saying
    "Spiel\nJetzt heißt es abwarten.",
    "Spiel\nBis dahin heißt es warten, ob die Bank zustimmt.",
    "Spiel\nNun heißt es, die Ärmel hochzukrempeln.",
    "Spiel\nFür die Mannschaft heißt es nun: siegen oder fliegen.",
    "Spiel\nDa hieß es: Ruhe bewahren.",
    "Spiel\nIm Volksmund heißt es, Morgenstund hat Gold im Mund.",
])
def test_heisst_es_of_what_must_be_done_is_no_hearsay(text):
    assert flagged({"a": (text, "de")}) == []


@pytest.mark.parametrize("text", [
    # near misses: what is passed on, in Konjunktiv I, in the indicative after a colon, or
    # after a time
    "Spiel\nEs heißt, die Firma zahle nicht.",
    "Spiel\nDie Preise steigen im Herbst, heißt es.",
    "Spiel\nNun heißt es, die Firma wolle verkaufen.",
    "Spiel\nNun heißt es, er habe versucht zu fliehen.",
    "Spiel\nDie Lage sei ernst, hieß es gestern.",
    "Spiel\nDazu hieß es: Wir werden kämpfen.",
])
def test_heisst_es_that_passes_something_on_stays_hearsay(text):
    assert [found for _, found, _ in flagged({"a": (text, "de")})] == [text.split("\n")[1]]


@pytest.mark.parametrize("text, expected", [
    # a participle of saying opening a passive: a frame with nobody behind it
    ("Erwähnt sei noch die Tatsache, daß die Städte ihn ernannt haben.",
     [(None, "none", "erwähnt sei")]),
    # informing someone of what "daß" opens
    ("Hierauf benachrichtigte er den Rat, daß er früh aufbrechen wolle.",
     [("er", "person", "benachrichtigte")]),
    # near misses: a participle that is no passive of saying, "unterrichtete" with nothing
    # reported
    ("Erwähnt wird das Buch nur einmal.", [(None, "none", None)]),
    ("Sie unterrichtete zwanzig Jahre lang an der Schule.", [(None, "none", None)]),
])
def test_older_frames_of_informing(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # a charge, its particle closing the clause (atr3's request)
    ("Die Staatsanwaltschaft wirft dem Mann Betrug vor.",
     [("Die Staatsanwaltschaft", "organisation", "wirft")]),
    # the verb after what is said, its clause closed by "und" and a second verb
    ("„Wir bleiben“, sagte die Ministerin und ging.", [("die Ministerin", "person", "sagte")]),
    # near miss: "vor" of a place, not the particle closing the clause
    ("Er warf den Ball vor die Tür.", [(None, "none", None)]),
])
def test_a_charge_and_a_verb_of_saying_before_und(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, flagged_sentence", [
    # "soll … haben" that details a charge stated just before is the prosecution's claim
    ("Die Staatsanwaltschaft wirft dem Mann Betrug vor. Er soll 2015 Geld veruntreut haben.",
     None),
    ("Dem Mann wird Betrug vorgeworfen. Er soll 2015 Geld veruntreut haben.", None),
    # a plan with a deadline
    ("Bis Ende des Jahres soll die Brücke fertiggestellt worden sein.", None),
    ("Bis zum Frühjahr soll der Umbau abgeschlossen worden sein.", None),
    # near misses: no charge before it; "bis zuletzt" is no deadline
    ("Der Prozess begann am Montag. Er soll 2015 Geld veruntreut haben.",
     "Er soll 2015 Geld veruntreut haben."),
    ("Bis zuletzt soll er von nichts gewusst haben.",
     "Bis zuletzt soll er von nichts gewusst haben."),
])
def test_hearsay_after_a_charge_and_plans_with_a_deadline(text, flagged_sentence):
    found = [sentence for _, sentence, _ in flagged({"a": ("Prozess\n" + text, "de")})]
    assert found == ([flagged_sentence] if flagged_sentence else [])


@pytest.mark.parametrize("text, expected", [
    # two speakers joined by "und", a plural auxiliary and several words before the
    # participle: longer than the framing frame's reach
    ("Die Außenministerin Anna Beispiel und ihr polnischer Amtskollege Karl Muster haben am "
     "Montag in einem langen Telefonat erneut betont, dass die Gespräche weitergehen.",
     [("Die Außenministerin Anna Beispiel und ihr polnischer Amtskollege Karl Muster",
       "person", "betont")]),
    # … after a dateline, what it reports a zu-infinitive
    ("2025-04 Kanzler Otto Beispiel und sein Amtskollege Jan Muster haben in einem "
     "Telefonat die Bedeutung unterstrichen, weitere Gespräche zu führen.",
     [("Kanzler Otto Beispiel und sein Amtskollege Jan Muster", "person", "unterstrichen")]),
    # near miss: the two are the object of "mit", not the subject
    ("Gespräche mit der Außenministerin Anna Beispiel und ihrem Amtskollegen Karl Muster "
     "haben in der vergangenen Woche gezeigt, dass die Lage ernst ist.",
     [(None, "none", None)]),
])
def test_a_coordinated_subject_before_a_participle_of_saying(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # "laut" takes any noun phrase, as "according to" does
    ("Frauen sind auf der Plattform laut einer Erhebung des Justizministeriums seltener.",
     [("einer Erhebung des Justizministeriums", "organisation", "laut")]),
    ("Laut dem Ratgeber beispiel.de gibt es ein neues Werkzeug.",
     [("dem Ratgeber beispiel.de", "organisation", "laut")]),
    # an outlet named by its web address
    ("Laut dem Portal beispiel.de gibt es ein neues Werkzeug.",
     [("dem Portal beispiel.de", "media", "laut")]),
    ("Laut vorläufigem Endergebnis liegt die Partei vorn.",
     [("vorläufigem Endergebnis", "organisation", "laut")]),
    # a body's own figures in one word after "nach"
    ("Nach Polizeiangaben wurde ein Mann festgenommen.",
     [("Polizeiangaben", "organisation", "nach")]),
    # a claim with its speaker in the genitive after "so"
    ("Das Kartell kaufte sich die Gunst der Beamten, so der Vorwurf der römischen "
     "Staatsanwaltschaft.",
     [("der Vorwurf der römischen Staatsanwaltschaft", "organisation", "so")]),
    # a charge brought, its subject before or after the verb
    ("Die Staatsanwaltschaft erhob Anklage gegen den Bürgermeister.",
     [("Die Staatsanwaltschaft", "organisation", "erhob")]),
    ("Neben dem Gründer erhob die Staatsanwaltschaft auch Anklage gegen seine Kinder.",
     [("die Staatsanwaltschaft", "organisation", "erhob")]),
    # near misses: the adverb "laut"; "eigenen Angaben" points back to a source named before;
    # "gemäß" after its noun; "nach" of a place; "erheben" of rising
    ("Wer zu spät kommt, wird laut aufgerufen.", [(None, "none", None)]),
    ("Laut eigenen Angaben war er nicht dort.", [(None, "none", None)]),
    ("Der Offizier weckte seiner Anweisung gemäß den König.", [(None, "none", None)]),
    ("Er fuhr nach Hause.", [(None, "none", None)]),
    ("Die Preise erhoben sich über das Niveau.", [(None, "none", None)]),
])
def test_sources_after_laut_nach_and_so_and_charges_brought(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # confirming, warning and charging in the perfect, the subject before "haben" …
    ("Der Chef hatte der Armee vorgeworfen, die Bevölkerung als Geisel zu nehmen.",
     [("Der Chef", "person", "vorgeworfen")]),
    ("Die Ministerin hat davor gewarnt, die Lage zu unterschätzen.",
     [("Die Ministerin", "person", "gewarnt")]),
    # … or after it
    ("In Wien hatte der Oberste Gerichtshof im Sommer bestätigt, dass die Sperre hält.",
     [("der Oberste Gerichtshof", "person", "bestätigt")]),
    ("Dem Mann hat die Staatsanwaltschaft vorgeworfen, Geld genommen zu haben.",
     [("die Staatsanwaltschaft", "organisation", "vorgeworfen")]),
    # near misses: a passive, whose dative is the one charged or told
    ("Ihm wird vorgeworfen, Geld genommen zu haben.", [(None, "none", None)]),
    ("Der Angeklagten wird vorgeworfen, Geld genommen zu haben.", [(None, "none", None)]),
    ("Der Frau wurde bestätigt, dass sie im Recht ist.", [(None, "none", None)]),
])
def test_confirming_warning_and_charging_in_the_perfect(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # criticism voiced and a statement made (or declined), the subject before the verb …
    ("Die Partei übt heftige Kritik an dem Gesetz.", [("Die Partei", "person", "übt")]),
    ("Grüne und Neos üben heftige Kritik.", [("Grüne und Neos", "person", "üben")]),
    ("Die Polizei machte zunächst keine Angaben zu den Opfern.",
     [("Die Polizei", "organisation", "machte")]),
    # a charge in the perfect, the charge the object closing the clause
    ("Die Kommission hatte der Gruppe schwere Verbrechen vorgeworfen.",
     [("Die Kommission", "organisation", "vorgeworfen")]),
    # near misses: "üben" and "machen" of anything else
    ("Die Partei übt Druck auf die Regierung aus.", [(None, "none", None)]),
    ("Das macht die Kritik nicht besser.", [(None, "none", None)]),
])
def test_criticism_voiced_statements_made_and_charges_closing_their_clause(text, expected):
    assert attributions(text, "de") == expected


@pytest.mark.parametrize("text, expected", [
    # a verb of saying with its subject after it: a source phrase of the table's kinds …
    ("Am Montag sagte der Minister, die Lage sei ernst.", [("der Minister", "person", "sagte")]),
    # … or, before what it reports, a document that speaks or anyone
    ("Am Montag erklärte der Bericht, die Lage sei ernst.",
     [("der Bericht", "organisation", "erklärte")]),
    ("Am Montag sagte man, dass die Lage ernst sei.", [("man", "person", "sagte")]),
    # the same after a framing verb that is no verb of saying
    ("Am Montag erwiderte der Bericht, die Lage sei ernst.",
     [("der Bericht", "organisation", "erwiderte")]),
    # near misses: "es" and "sich" after the verb open no source
    ("Dabei gab es Kritik an dem Plan.", [(None, "none", None)]),
    ("Später stellte sich heraus, dass der Plan scheiterte.", [(None, "none", None)]),
])
def test_the_subject_after_a_verb_of_saying_or_framing(text, expected):
    assert attributions(text, "de") == expected
