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
    anonymous = assertions[assertions.speaker_kind == "anonymous"]
    anonymous = anonymous.drop_duplicates(["article_id", "speaker_start", "speaker_end"])
    for row in anonymous.itertuples(index=False):
        yield Finding.at(
            row, f"claim attributed to an unnamed source: “{row.speaker}” ({row.cue})",
            start="speaker_start", end="speaker_end",
        )
