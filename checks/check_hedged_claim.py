"""ATR003: hearsay in the article's own voice, with nobody named behind it."""

from audit import Finding, check


@check("ATR003", severity="info", title="Hearsay in the article's own voice", scope="article")
def check_hedged_claim(assertions, config):
    """Hearsay in the article's own voice.

    What it does:
        Finds sentences that pass on what is said or believed without saying who says it:
        "soll … gewusst haben", "es heißt", "gilt als", "wird behauptet", "Berichten
        zufolge", "reportedly", "allegedly", "is said to", "it is believed". These are the
        attributions with no speaker in the assertions table whose cue is a hedge of their
        sentence. Not flagged: speculation and conditionals ("könnte", "Sollte …, könnte
        …", "may", "could"), legal usage ("mutmaßlich"), hearsay inside a direct quote,
        sentences that name a source ("sollen laut Polizei …") or point back to one named
        before ("sollen den Angaben zufolge …"), hearsay that the assertions table carries
        on from a source named just before (hearsay right after a sentence that names or
        continues a source, in its paragraph; a frame of saying that closes its report,
        "Die Regierung teilte mit, … . … Die Gespräche seien gescheitert, hieß es.", one or
        two sentences after a source or right after reported speech in Konjunktiv I; the
        same after a verb of saying whose subject the table cannot name), a frame closing a
        report in the first person ("Wir sind zuversichtlich, hieß es": one speaker's
        words, quoted), hearsay in an interviewee's answer in an interview written as a
        transcript ("Behr: … soll … haben", up to the interviewer's next question), and
        frames with nobody behind them that are no hearsay ("Residents were urged to stay
        indoors", "Die Anwohner wurden aufgefordert, …"), and "angeblich" inside a noun
        phrase ("über eine angeblich unfaire Spielweise": the writer's distance from a
        word, as the adjective "angebliche" is). Options in
        ``[tool.audit.options.ATR003]``: ``ignore = ["gilt als"]`` leaves out the cues a
        desk accepts; ``vague-quantities = true`` also flags vague quantities in the
        article's own voice ("manche", "viele", "some", "many").
    Why it matters:
        Hearsay in the article's own voice passes on a claim the writer could not confirm
        and does not say who made it; agentless phrasing ("es heißt", "it is believed") is
        the commonest way rumours enter news copy. Editors should name the source or drop
        the claim.
    Flagged:
        Rücktritt im Ministerium
        Der Minister soll von den Zahlungen gewusst haben.
    Clean:
        Rücktritt im Ministerium
        Der Minister wusste von den Zahlungen, sagte die Staatsanwältin Eva Roth.
    """
    ignore = {str(cue).lower() for cue in config.get("ignore", [])}
    vague = bool(config.get("vague-quantities", False))
    in_quote = assertions.in_quote.astype(bool)
    # the sentences that name a source (or continue one): their hearsay is attributed
    sourced = set(zip(assertions.article_id[assertions.speaker.notna()].tolist(),
                      assertions.sent_id[assertions.speaker.notna()].tolist(), strict=True))
    hearsay = assertions.loc[assertions.speaker.isna() & assertions.cue.notna() & ~in_quote,
                             ["article_id", "sent_id", "start", "end", "cue", "hedges"]]
    cues: dict[tuple, list[str]] = {}
    spans: dict[tuple, tuple[int, int]] = {}
    # Plain lists, not itertuples: reading 20,000 rows of Arrow strings one by one is slow.
    for article_id, sent_id, start, end, cue, hedges in zip(
            hearsay.article_id.tolist(), hearsay.sent_id.tolist(), hearsay.start.tolist(),
            hearsay.end.tolist(), hearsay.cue.tolist(), hearsay.hedges.tolist(), strict=True):
        if (article_id, sent_id) in sourced or cue.lower() in ignore:
            continue
        # hearsay is a hedge of its sentence; a frame with nobody behind it that is no
        # hearsay ("were urged to") is not
        if cue not in hedges:
            continue
        cues.setdefault((article_id, sent_id), []).append(cue)
        spans[article_id, sent_id] = (start, end)
    if vague:
        _add_vague_quantities(assertions, sourced | set(cues), ignore, cues, spans)
    for key, found in sorted(cues.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        listed = ", ".join(f"“{cue}”" for cue in dict.fromkeys(found))
        yield Finding(str(key[0]), *spans[key],
                      f"hearsay in the article's own voice, with no source: {listed}")


def _add_vague_quantities(assertions, done: set, ignore: set[str], cues: dict,
                          spans: dict) -> None:
    """The vague quantities of the sentences in the article's own voice that name no
    source (``done``: those with a source, or already flagged, get none)."""
    own_voice = assertions.loc[~assertions.in_quote.astype(bool),
                               ["article_id", "sent_id", "start", "end", "weasels"]]
    for article_id, sent_id, start, end, weasels in zip(
            own_voice.article_id.tolist(), own_voice.sent_id.tolist(),
            own_voice.start.tolist(), own_voice.end.tolist(), own_voice.weasels.tolist(),
            strict=True):
        found = [cue for cue in weasels if cue.lower() not in ignore]
        if found and (article_id, sent_id) not in done:
            cues[article_id, sent_id] = list(dict.fromkeys(found))
            spans[article_id, sent_id] = (start, end)
