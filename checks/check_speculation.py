"""ATR006: speculation in the article's own voice (off by default)."""

from functools import cache

from audit import Finding, check, resources

#: The guesses left out unless ``ignore`` is set: judged on 10kGNAD's design half (even
#: rows), "könnte … haben" was a guess of the article's own in only 2 of 6 sentences.
DEFAULT_IGNORED = ("könnte … haben",)


@cache
def _speculative() -> frozenset[str]:
    """The hedges that guess at what is or was the case, as the assertions table reports
    them ([hedges] speculative of each language's attribution resource), in lower case."""
    return frozenset(word.lower() for language in resources.LANGUAGES
                     for word in resources.load(language, "attribution").get(
                         "hedges", {}).get("speculative", []))


@check("ATR006", severity="info", title="Speculation in the article's own voice",
       scope="article", enabled=False)
def check_speculation(assertions, config):
    """Speculation in the article's own voice.

    What it does:
        Finds sentences in which the article itself guesses at what is or was the case,
        with nobody named behind the guess: "vermutlich", "wahrscheinlich",
        "möglicherweise", "dürfte", "probably", "possibly", "may have". Not flagged: hearsay
        ("soll … haben", "reportedly": that is ATR003), modals of what may happen
        ("könnte", "could", "might"), modals after a condition ("Sollte …, dürfte …"),
        guesses inside a direct quote or an interviewee's answer ("Behr: … Vermutlich
        …"), sentences that name a source ("Der Brand wurde laut Polizei vermutlich
        durch …") and a guess right after a sentence that carries a report on outside
        quotes ("Laut dem Kurier … . Demnach wolle die Stiftung … . Auch Roth dürfte …
        haben": still the newspaper's). Off by default: enable it with ``enable = ["ATR006"]`` in
        ``[tool.audit]`` or ``--select ATR006``. Option in ``[tool.audit.options.ATR006]``:
        ``ignore`` leaves out the guesses a desk accepts (by default ``["könnte … haben"]``:
        judged on 10kGNAD it was the article's own guess in only 2 of 6 sentences, more
        often a suggestion, an idiom or a prediction of a speaker named before: "Die Tasten
        könnten etwas niedriger platziert sein"; ``ignore = []`` flags it again).
    Why it matters:
        A guess in the article's own voice reads as the newsroom's finding. Where it is
        the reporter's inference, the reader should be told whose it is or what it rests
        on; where it is someone else's, that source should be named.
    Flagged:
        Brand in der Lagerhalle
        Das Feuer wurde vermutlich durch einen Kurzschluss ausgelöst.
    Clean:
        Brand in der Lagerhalle
        Das Feuer wurde laut Feuerwehr durch einen Kurzschluss ausgelöst.
    """
    ignore = {str(cue).lower() for cue in config.get("ignore", DEFAULT_IGNORED)}
    speculative = _speculative() - ignore
    in_quote = assertions.in_quote.astype(bool)
    # the sentences that name a source (or continue one), and the answers of an interview
    # whose label names nobody ("A: …", cue ":" with no speaker): their guess is someone's
    reported = assertions.speaker.notna() | (assertions.cue == ":").fillna(False).astype(bool)
    sourced = set(zip(assertions.article_id[reported].tolist(),
                      assertions.sent_id[reported].tolist(), strict=True))
    # the sentences outside quotes that carry on a report from a sentence before (the cue of
    # their source stands earlier: reported speech in Konjunktiv I, "Demnach …"; not an
    # interview's turn): a guess right after one still relays that report (after a quote
    # closes, the writer speaks again)
    relaying = (assertions.speaker.notna() & ~in_quote
                & assertions.cue.ne(":").fillna(False).astype(bool)
                & assertions.cue_start.lt(assertions.start).fillna(False).astype(bool))
    sourced |= set(zip(assertions.article_id[relaying].tolist(),
                       (assertions.sent_id[relaying] + 1).tolist(), strict=True))
    own_voice = assertions.loc[~in_quote, ["article_id", "sent_id", "start", "end", "hedges"]]
    cues: dict[tuple, list[str]] = {}
    spans: dict[tuple, tuple[int, int]] = {}
    for article_id, sent_id, start, end, hedges in zip(
            own_voice.article_id.tolist(), own_voice.sent_id.tolist(),
            own_voice.start.tolist(), own_voice.end.tolist(), own_voice.hedges.tolist(),
            strict=True):
        found = [hedge for hedge in hedges if hedge.lower() in speculative]
        if found and (article_id, sent_id) not in sourced:
            cues.setdefault((article_id, sent_id), []).extend(found)
            spans[article_id, sent_id] = (start, end)
    for key, found in sorted(cues.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        listed = ", ".join(f"“{cue}”" for cue in dict.fromkeys(found))
        yield Finding(str(key[0]), *spans[key],
                      f"speculation in the article's own voice, with no source: {listed}")
