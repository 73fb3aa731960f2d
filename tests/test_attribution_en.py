"""English hedges and attribution: the constructions of audit/resources/en/attribution.toml,
each with the near miss that must not fire (the sentences are ours)."""

from __future__ import annotations

import pytest

from audit.normalise.assertions import extract_assertions
from audit.normalise.sentences import quote_spans, split_sentences


def only_row(text: str) -> dict:
    """The one row of a one-sentence English text."""
    quotes = quote_spans(text)
    (row,) = extract_assertions(text, "en", split_sentences(text, "en", quotes), quotes)
    return row


# -- hedges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, hedges", [
    # a judgement with nobody behind it
    ("The bridge may be considered the oldest in the county.", ["be considered"]),
    ("The mill would generally be considered a ruin.", ["be considered"]),
    ("He trained under Ruiz, considered the finest tailor of his day.", ["considered"]),
    ("The pier, then considered the longest in Europe, burned in 1921.", ["considered"]),
    ("Such boats are often not considered safe.", ["considered"]),
    # evidence as the subject of "suggest": an inference
    ("Research suggests the drug slows the disease.", ["research suggests"]),
    ("The data suggest a total of about two million.", ["data suggest"]),
    ("The moult comes late, which suggests the birds are young.", ["which suggests"]),
    # suspicion with nobody behind it, and a dispute said so
    ("It is suspected that the fire was set.", ["it is suspected"]),
    ("The drugs are suspected to have caused harm.", ["are suspected to"]),
    ("The border is hotly disputed.", ["hotly disputed"]),
    # the perfect of a modal: a guess at what was so
    ("The fire may have been set on purpose.", ["may have"]),
    ("He may have already left the city.", ["may have"]),
    ("She may have still been ill.", ["may have"]),
    ("The mayor must have known about the deal.", ["must have"]),
    # likelihood of a fact
    ("The portrait is most likely a copy.", ["likely"]),
    # how things look to the writer
    ("The stocks appear to have fallen.", ["appear to"]),
    # a modal of possibility with no condition before it
    ("The party might split over the vote.", ["might"]),
    # an impersonal judgement of not knowing
    ("It is unclear whether the mayor will run again.", ["it is unclear whether"]),
    ("It remains unknown if the bridge was closed.", ["it remains unknown if"]),
])
def test_hedges(text, hedges):
    row = only_row(text)
    assert row["hedges"] == hedges


@pytest.mark.parametrize("text", [
    "The board considered the plan in May.",                # a verb of deliberating
    "The committee considered changing the name.",          # … with its object
    "The plan was considered by Sen. Cruz.",                # with its judge
    "The mayor suggests a new route.",                      # a proposal with a source
    "The disputed ballots were counted again.",             # a word, not a dispute said so
    "The dish may have a filling of coconut.",              # "have" of having
    "Patients may also have signs of shock.",               # … after an adverb
    "The rules are unclear.",                               # no "it … whether": nothing not known
    "Every driver must have a licence.",                    # what must be so
    "Smokers are more likely to fall ill.",                 # a tendency compared
    "Rain is less likely in July.",
    "The ghost appeared to Andrew in a dream.",             # a vision, not a hedge
    "An angel appeared to her at the well.",
    "If the vote fails, the party might split.",            # what a condition would bring
    "Should the talks collapse, prices might rise.",
])
def test_not_hedges(text):
    assert only_row(text)["hedges"] == []


# -- vague quantities ------------------------------------------------------------------------

@pytest.mark.parametrize("text, weasels", [
    ("Many historians doubt the story.", ["many"]),
    # "as" giving a reason, then a vague group
    ("The port grew, as many sailors settled there.", ["many"]),
    # a comparison counts: "as many … as"
    ("The team scored as many goals as it conceded.", []),
    ("The fund raised as many as 300 pledges.", []),
    ("Players may enter as many times as they wish.", []),
    ("Nobody knows how many ships sank.", []),
    ("The shop sells books, maps and many more.", []),
])
def test_vague_quantities(text, weasels):
    assert only_row(text)["weasels"] == weasels


# -- sources ---------------------------------------------------------------------------------

def spans(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """(speaker, cue, content) of each row, as written in ``text``."""
    quotes = quote_spans(text)
    rows = extract_assertions(text, "en", split_sentences(text, "en", quotes), quotes)

    def written(row, start, end):
        return text[row[start]:row[end]] if row[start] is not None else None
    return [(written(row, "speaker_start", "speaker_end"), written(row, "cue_start", "cue_end"),
             written(row, "content_start", "content_end")) for row in rows]


def test_no_source_right_after_that():
    # a subject after "that" is what a complement clause reports, or a relative clause's
    assert [row[:2] for row in spans("Cardin said that Republicans rejected his attempts.")] == [
        ("Cardin", "said")]
    assert spans("It is clear that they supported a path to legal status.")[0][:2] == (
        None, None)
    assert spans("It was a mission that he planned with care.")[0][:2] == (None, None)
    # the near miss: the same clause without "that"
    assert spans("It is clear they supported a path to legal status.")[0][:2] == (
        "they", "supported")


@pytest.mark.parametrize("text, expected", [
    # a description that opens the sentence, then the name it describes: the name speaks
    ("Another delegate on the Ames slate, Tom Berwick, said he was undecided.",
     ("Tom Berwick", "said", "he was undecided")),
    ("One of the authors of the 2013 report, Lea Fisch, said the plan had failed.",
     ("Lea Fisch", "said", "the plan had failed")),
    ("Councilman Ruiz’s chief of staff, Ann Dorsey, told reporters the vote was close.",
     ("Ann Dorsey", "told", "reporters the vote was close")),
    # … and after what is reported, set off by a comma
    ("The mayor will run again, his top aide, Sam Ortega, told the Gazette.",
     ("Sam Ortega", "told", "The mayor will run again")),
])
def test_a_description_then_the_name_it_describes_names_the_source(text, expected):
    assert spans(text) == [expected]


def test_no_source_in_a_phrase_set_off_before_a_name():
    # the near miss: an opening phrase that describes nobody ("In the morning") is no
    # description of the name after it, and a name alone between commas is no source
    assert spans("In the morning, Tom Berwick, said nothing.")[0][:2] == (None, None)



def test_a_pronoun_after_the_verb_opens_what_is_said():
    # "said they, …": the pronoun is the subject of what the senators said, not its source
    assert spans("Other senators said they, too, had no dealings with him.")[0][:2] == (
        "Other senators", "said")
    # the near miss: a name after the verb, set off by a comma, is the source
    assert spans("The plan is dead, said Rubio, on Monday.")[0][:2] == ("Rubio", "said")


def test_an_aside_may_end_with_what_its_last_noun_is():
    text = "Sen. Ann Ruiz, facing a challenge in Iowa, a swing state, said she would win."
    assert spans(text)[0][:2] == ("Sen. Ann Ruiz", "said")
    # the near miss: a clause with "the" after an aside is no second aside
    text = "As the race moves to Ohio, a state she won, the race will be tight, said Dan Lee."
    assert spans(text)[0][:2] == ("Dan Lee", "said")


def test_a_dash_ends_the_verb_phrase_before_a_colon():
    # "Pollsters agree - Ann Lee: “…”": the quote is Lee's, not the pollsters'
    text = "Pollsters agree - Ann Lee: “The count was close.”"
    assert [row[:2] for row in spans(text)] == [("Pollsters", "agree"), ("Ann Lee", ":")]
    # the near miss: with no dash, the subject of the clause speaks the quote
    assert spans("Ann Lee took aim at the pollsters: “The count was close.”")[0][:2] == (
        "Ann Lee", ":")


# -- content spans ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # the speaker's next verb of saying opens a clause of its own: what it reports ends there
    ("Ruiz said the count was over, adding that he would appeal.",
     [("Ruiz", "adding", "he would appeal"), ("Ruiz", "said", "the count was over")]),
    ("Ruiz praised the clerks and said the count was fair.",
     [("Ruiz", "praised", "the clerks"), ("Ruiz", "said", "the count was fair")]),
    # … and so does another speaker's
    ("Most members said the plan was fair, but 40 percent said it was too late.",
     [("Most members", "said", "the plan was fair"), ("40 percent", "said", "it was too late")]),
])
def test_content_ends_where_another_attribution_opens_a_clause(text, expected):
    assert spans(text) == expected


def test_content_holds_an_attribution_that_opens_it():
    # the near miss: a frame that opens the content, or stands in it with no comma or
    # conjunction before it, is what is reported
    assert spans("Ruiz said Lee told him the count was over.") == [
        ("Ruiz", "said", "Lee told him the count was over"),
        ("Lee", "told", "him the count was over")]
    assert spans("Ruiz said the clerk Ann Lee told him the count was over.")[0] == (
        "Ruiz", "said", "the clerk Ann Lee told him the count was over")


# -- more frames: an inverted verb after a comma, a label in quotes, "As X noted" ------------

@pytest.mark.parametrize("text, expected", [
    # after the comma that ends what is reported, whoever follows the verb is its speaker,
    # up to the punctuation or the "who" that ends the phrase; what follows the phrase's
    # comma describes the speaker and is not what was said
    ("The mill is closing, said the union's local president, Ann Ruiz.",
     [("the union's local president", "said", "The mill is closing")]),
    ("The market will survive, say a handful of growers who sell there.",
     [("a handful of growers", "say", "The market will survive")]),
])
def test_a_speaker_after_the_verb_that_follows_a_comma(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    # the near miss: a time, a manner, a place or a clause after "…, said" names nobody
    "The mill is closing, said in a statement.",
    "The mill, said to be the oldest, is closing.",
    "The mill is closing, said Monday that it was.",
])
def test_no_speaker_after_the_verb_where_a_circumstance_follows(text):
    assert spans(text) == [(None, None, None)]


@pytest.mark.parametrize("text, expected", [
    # a label in quotes, given by a source set apart from the verb: by an aside (between
    # commas or dashes), as a second verb of the sentence's subject
    ("Ann Ruiz, a former mayor of Ames, called the plan “a disaster.”",
     [("Ann Ruiz", "called", "the plan “a disaster")]),
    ("Ann Ruiz — a former mayor — called the plan “a disaster.”",
     [("Ann Ruiz", "called", "the plan “a disaster")]),
    ("Ruiz took the stage and called the plan “a disaster.”",
     [("Ruiz", "called", "the plan “a disaster")]),
    # … and in a relative clause
    ("The plan was opposed by Ruiz, who called it “a disaster.”",
     [("Ruiz", "opposed", "who called it “a disaster"), ("Ruiz", "called", "it “a disaster")]),
])
def test_a_label_in_quotes_given_by_a_source_set_apart(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    # the near miss: a call with no label in quotes is a telephone call
    "Ann Ruiz, a former mayor of Ames, called the clerk on Monday.",
    "Ruiz took the stage and called the clerk.",
])
def test_a_call_without_a_label_is_no_attribution(text):
    assert spans(text) == [(None, None, None)]


def test_as_opens_the_clause_of_a_source():
    assert spans("As the paper noted, the vote was close.") == [
        ("the paper", "noted", "the vote was close")]
    # the near miss: the subject of a clause that "As" opens with no verb of saying is no
    # source; the main clause's is
    assert spans("As the vote neared, the paper noted the risk.") == [
        ("the paper", "noted", "the risk")]


@pytest.mark.parametrize("text, content", [
    # when, where, how and to whom it was said stand between the verb and what it reports,
    # where "that", a colon or a quotation mark opens what is reported
    ("Ruiz said on Monday that the count was over.", "the count was over"),
    ("Ruiz told NBC News this week: “The count is over.”", "The count is over"),
    ("Ruiz told NBC News this week that the count was over.", "the count was over"),
    ("Ruiz said in a statement: “The count is over.”", "The count is over"),
    ("Ruiz told reporters, “The count is over.”", "The count is over"),
    # the near misses: an infinitive, what a label is given to, "at least", and a phrase
    # with nothing that opens the content after it are what is reported
    ("Ruiz pledged to oppose the plan “today and forever.”",
     "to oppose the plan “today and forever"),
    ("Ruiz called him “a liar.”", "him “a liar"),
    ("Ruiz reported at least 20 votes at a school that closed.",
     "at least 20 votes at a school that closed"),
    ("Ruiz said in the past the count was fair.", "in the past the count was fair"),
])
def test_content_after_the_circumstances_of_saying(text, content):
    (row,) = spans(text)
    assert row[2] == content


def test_allegedly_of_a_charge_is_no_hearsay():
    # legal usage: the charge a passive participle with its agent names
    row = only_row("Police counted 100 thefts allegedly committed by a gang.")
    assert (row["cue"], row["hedges"]) == (None, [])


@pytest.mark.parametrize("text", [
    # the near misses: the article's own voice passing on a claim
    "The manager allegedly assaulted a reporter.",
    "The thefts were allegedly committed at night.",
])
def test_allegedly_in_the_articles_own_voice_is_hearsay(text):
    row = only_row(text)
    assert (row["speaker"], row["cue"], row["hedges"]) == (None, "allegedly", ["allegedly"])


@pytest.mark.parametrize("text, expected", [
    # emphasis, a denial or a refusal, and a saying that goes on between source and verb
    ("Ortiz did say the count was over.", ("Ortiz", "say", "the count was over")),
    ("Ruiz has not endorsed the plan.", ("Ruiz", "endorsed", "the plan")),
    ("Ann hasn’t said when she will vote.", ("Ann", "said", "when she will vote")),
    ("Lee has since stressed that the count was fair.",
     ("Lee", "stressed", "the count was fair")),
    ("Ruiz continues to insist that the count was fair.",
     ("Ruiz", "insist", "the count was fair")),
])
def test_denials_and_emphasis_between_source_and_verb(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize("text", [
    # the near miss: a modal of what could be said reports no saying
    "Voters could say no to the plan.",
    "The clerks might agree to a recount.",
])
def test_a_modal_before_the_verb_reports_no_saying(text):
    assert spans(text) == [(None, None, None)]


def test_an_opening_phrase_of_up_to_80_characters_before_the_subject():
    text = ("Even with the latest setback in the long race for the nomination, some party "
            "leaders said the count was fair.")
    assert spans(text) == [("some party leaders", "said", "the count was fair")]
    # the near miss: a longer opening (a clause of its own, most often) is not passed over
    text = ("Even with the latest setback in the long race for the nomination and the recount "
            "in Ohio that followed it, some party leaders said the count was fair.")
    assert spans(text) == [(None, None, None)]


@pytest.mark.parametrize("text, expected", [
    # writings that speak for whoever wrote them, and more verbs after a subject the kinds do
    # not know
    ("A 2011 email shows the office sent ten staff members.",
     ("A 2011 email", "shows", "the office sent ten staff members")),
    ("The petition accuses the board of hiding the count.",
     ("The petition", "accuses", "the board of hiding the count")),
    ("The letter cited a summit in April.", ("The letter", "cited", "a summit in April")),
])
def test_writings_and_their_verbs(text, expected):
    assert spans(text) == [expected]


def test_no_writing_in_a_word_that_ends_like_one():
    # the near miss: "pad" or "adverts" hold no writing, and "the ad" with a verb that is no
    # saying reports nothing
    assert spans("The launch pad shows signs of wear.") == [(None, None, None)]
    assert spans("The ad ran on Monday.") == [(None, None, None)]


@pytest.mark.parametrize("text, expected", [
    # more participles of what a named source does with words, after what it did
    ("Ruiz campaigned hard in Ohio, hoping to win the state.",
     ("Ruiz", "hoping", "to win the state")),
    ("Ruiz opened the meeting by talking about the budget.",
     ("Ruiz", "talking about", "the budget")),
])
def test_participles_of_a_named_source(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize("text", [
    # the near miss: a capitalised preposition or number that opens the sentence is no name
    "Despite spending four days in Ohio, touting the plan did not help.",
    "Nine months of talks, slamming the plan, changed little.",
])
def test_no_name_in_a_capitalised_opening_word(text):
    assert spans(text) == [(None, None, None)]
