"""ATR001: a claim attributed to a source the article does not name."""

from audit import Finding, check


@check("ATR001", severity="warning", title="Claim attributed to an anonymous source",
       scope="article")
def check_anonymous_source(assertions):
    """Claim attributed to an anonymous source.

    What it does:
        Finds claims whose only stated source is unnamed: "mit den Gesprächen vertraute
        Quellen", "so Insider", "aus Regierungskreisen", "Kritiker bemängeln", "Experten
        zufolge", "people familiar with the matter", "a senior official", "critics say",
        "some argue". The finding marks the source phrase, once even when the following
        sentences continue its report (a quote over several sentences, Konjunktiv I).
        Sources quoted inside someone else's direct quote, and credit lines such as
        "Quelle: Agenturen", are not flagged.
    Why it matters:
        A reader cannot check an unnamed source, and fabricated or laundered claims often
        borrow the authority of "insiders", "officials" or "experts". Anonymous sourcing is
        sometimes necessary, so this is a warning to verify the claim elsewhere, not an
        error.
    Flagged:
        Merger talks collapse
        The two carmakers have ended their merger talks.
        The board rejected the final offer, people familiar with the matter said.
    Clean:
        Merger talks collapse
        The two carmakers have ended their merger talks.
        The board rejected the final offer, chief executive Anna Berg said.
    """
    # (the few columns it reports, of the anonymous rows only, as lists: a filter of the
    # whole table copies every column, and lists of every row's strings stay resident)
    anonymous = assertions.loc[(assertions.speaker_kind == "anonymous").to_numpy(dtype=bool),
                               ["article_id", "speaker", "cue", "speaker_start", "speaker_end"]]
    seen: set[tuple] = set()  # one source phrase once
    for article_id, speaker, cue, start, end in zip(
            anonymous.article_id.tolist(), anonymous.speaker.tolist(), anonymous.cue.tolist(),
            anonymous.speaker_start.tolist(), anonymous.speaker_end.tolist(), strict=True):
        if (article_id, start, end) in seen:
            continue
        seen.add((article_id, start, end))
        yield Finding(str(article_id), int(start), int(end),
                      f"claim attributed to an unnamed source: “{speaker}” ({cue})")
