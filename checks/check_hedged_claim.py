"""ATR003: a hedged or weasel claim in the article's own voice."""

from audit import Finding, check


@check("ATR003", severity="info", title="Hedged or weasel claim in the article's own voice",
       scope="article")
def check_hedged_claim(assertions, config):
    """Hedged or weasel claim in the article's own voice.

    What it does:
        Finds sentences the article states itself, with no source, that hedge or hide who
        stands behind them: "Es heißt", "soll … gewusst haben", "angeblich", "gilt als",
        "wird oft als … bezeichnet", "It is widely believed", "reportedly", "is said to",
        "may", "könnte". Hedges inside a named speaker's direct quote belong to the speaker
        and are not flagged, nor are attributed sentences ("Peskow sagte, Moskau sei
        vielleicht bereit"). Unnamed groups as sources ("Critics say", "Kritiker
        bemängeln") are reported by ATR001. Options in ``[tool.audit.options.ATR003]``:
        ``vague-quantities = true`` flags vague quantities ("manche", "viele", "some",
        "many") too; ``ignore = ["könnte", "could"]`` leaves out the cues a desk accepts.
    Why it matters:
        A hedge in the article's own voice passes on a claim the writer could not confirm
        and does not say who made it; agentless phrasing ("es heißt", "it is believed")
        is the commonest way rumours enter news copy. Editors should name the source or
        drop the claim.
    Flagged:
        Rücktritt im Ministerium
        Der Minister soll von den Zahlungen gewusst haben.
    Clean:
        Rücktritt im Ministerium
        Der Minister wusste von den Zahlungen, sagte die Staatsanwältin Eva Roth.
    """
    vague = bool(config.get("vague-quantities", False))
    ignore = {str(cue).lower() for cue in config.get("ignore", [])}
    own_voice = assertions.loc[
        (assertions.speaker_kind == "none") & ~assertions.in_quote.astype(bool),
        ["article_id", "start", "end", "hedges", "weasels"]]
    # Plain lists, not itertuples: reading 20,000 rows of Arrow strings one by one is slow.
    for article_id, start, end, hedges, weasels in zip(
            own_voice.article_id.tolist(), own_voice.start.tolist(), own_voice.end.tolist(),
            own_voice.hedges.tolist(), own_voice.weasels.tolist(), strict=True):
        cues = [cue for cue in list(hedges) + (list(weasels) if vague else [])
                if cue.lower() not in ignore]
        if cues:
            listed = ", ".join(f"“{cue}”" for cue in dict.fromkeys(cues))
            yield Finding(str(article_id), start, end, f"claim hedged in the article's own "
                                                       f"voice, with no source: {listed}")
