"""ATR005: an article that rests on nobody in particular."""

from audit import Finding, check


@check("ATR005", severity="warning", title="Article rests largely on unnamed or hedged claims",
       scope="article")
def check_sourcing_profile(assertions, config):
    """Article rests largely on unnamed or hedged claims.

    What it does:
        Counts, per article, the assertions that rest on nobody in particular: those
        attributed to an anonymous source (ATR001), hearsay in the article's own
        voice (ATR003) and direct quotes with no speaker (ATR004). When their share of
        the article's assertions reaches ``threshold`` (default 0.4) in an article of at
        least ``min-assertions`` assertions (default 5), the article is flagged at its
        title, with the counts in the message. Options go in
        ``[tool.audit.options.ATR005]``.
    Why it matters:
        One anonymous source is journalism; an article where every other claim is
        "Insider zufolge", "soll … haben" or an unattributed quote is a pattern of
        rumour, propaganda or machine-assembled copy, and should be read as such.
    Flagged:
        Machtkampf in der Partei
        Der Vorsitzende soll den Rücktritt angeboten haben.
        Insider zufolge ist sein Nachfolger bereits bestimmt.
        Angeblich liegen die Papiere schon bereit.
        Die Partei tagt am Montag.
    Clean:
        Machtkampf in der Partei
        Der Vorsitzende steht vor dem Rücktritt, sagte Sprecherin Eva Roth.
        Sein Nachfolger ist bestimmt, teilte die Partei mit.
        Die Papiere liegen bereit.
        Die Partei tagt am Montag.
    """
    threshold = float(config.get("threshold", 0.4))
    minimum = int(config.get("min-assertions", 5))
    if assertions.empty:
        return
    # counted by sentence: a sentence's rows (one per attribution) are one assertion, weak
    # when it rests on an anonymous source, is hearsay in the article's own voice or an
    # unattributed quote
    import pandas as pd  # (here, not at the top: `audit checks` imports every check module)

    rows = pd.DataFrame({
        "article_id": assertions.article_id, "sent_id": assertions.sent_id,
        "start": assertions.start, "end": assertions.end,
        "in_quote": assertions.in_quote.astype(bool),
        "anonymous": assertions.speaker_kind == "anonymous",
        "named": assertions.speaker.notna(),
        # hearsay is a hedge of its sentence; a frame with nobody behind it that is no
        # hearsay ("were urged to") is not
        "hearsay": assertions.speaker.isna() & pd.Series(
            [isinstance(cue, str) and cue in list(hedges) for cue, hedges in zip(
                assertions.cue.tolist(), assertions.hedges.tolist(), strict=True)],
            index=assertions.index, dtype=bool),
    })
    table = rows.groupby(["article_id", "sent_id"], sort=True).agg(
        start=("start", "first"), end=("end", "first"), in_quote=("in_quote", "first"),
        anonymous=("anonymous", "any"), named=("named", "any"), hearsay=("hearsay", "any"),
    ).reset_index()
    table["hedged"] = table.hearsay & ~table.named & ~table.in_quote
    table["unattributed"] = table.in_quote & ~table.named
    table["weak"] = table.anonymous | table.hedged | table.unattributed
    profile = table.groupby("article_id", sort=True).agg(
        assertions=("weak", "size"), weak=("weak", "sum"), anonymous=("anonymous", "sum"),
        hedged=("hedged", "sum"), unattributed=("unattributed", "sum"),
        start=("start", "first"), end=("end", "first"))
    flagged = profile[(profile.assertions >= minimum)
                      & (profile.weak >= threshold * profile.assertions)]
    for article_id, row in flagged.iterrows():
        share = row.weak / row.assertions
        yield Finding(
            str(article_id), int(row.start), int(row.end),
            f"{row.weak} of {row.assertions} assertions ({share:.0%}) rest on nobody in "
            f"particular: {row.anonymous} anonymous, {row.hedged} hedged in the article's "
            f"own voice, {row.unattributed} unattributed quote"
            f"{'' if row.unattributed == 1 else 's'} (threshold {threshold:.0%})")
