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
    # unattributed quote (the columns as lists, in one pass: a pandas groupby of them cost
    # 17 ms a partition of 10kGNAD)
    sentences: dict[tuple, list] = {}  # [start, end, in quote, anonymous, named, hearsay]
    for article_id, sent_id, start, end, in_quote, kind, named, cue, hedges in zip(
            assertions.article_id.tolist(), assertions.sent_id.tolist(),
            assertions.start.tolist(), assertions.end.tolist(),
            assertions.in_quote.astype(bool).tolist(), assertions.speaker_kind.tolist(),
            assertions.speaker.notna().tolist(), assertions.cue.tolist(),
            assertions.hedges.tolist(), strict=True):
        # hearsay is a hedge of its sentence; a frame with nobody behind it that is no
        # hearsay ("were urged to") is not
        hearsay = not named and isinstance(cue, str) and cue in list(hedges)
        sentence = sentences.get((article_id, sent_id))
        if sentence is None:
            sentences[article_id, sent_id] = [start, end, in_quote, kind == "anonymous", named,
                                              hearsay]
        else:
            sentence[3] |= kind == "anonymous"
            sentence[4] |= named
            sentence[5] |= hearsay
    # [assertions, weak, anonymous, hedged, unattributed, the first sentence and its span]
    profiles: dict[str, list] = {}
    for (article_id, sent_id), (start, end, in_quote, anonymous, named, hearsay) in \
            sentences.items():
        hedged = hearsay and not named and not in_quote
        unattributed = in_quote and not named
        profile = profiles.setdefault(article_id, [0, 0, 0, 0, 0, sent_id, (start, end)])
        if sent_id < profile[5]:
            profile[5:] = sent_id, (start, end)
        profile[0] += 1
        profile[1] += anonymous or hedged or unattributed
        profile[2] += anonymous
        profile[3] += hedged
        profile[4] += unattributed
    for article_id, (count, weak, anonymous, hedged, unattributed, _, span) in \
            profiles.items():
        if count < minimum or weak < threshold * count:
            continue
        yield Finding(
            str(article_id), int(span[0]), int(span[1]),
            f"{weak} of {count} assertions ({weak / count:.0%}) rest on nobody in "
            f"particular: {anonymous} anonymous, {hedged} hedged in the article's "
            f"own voice, {unattributed} unattributed quote"
            f"{'' if unattributed == 1 else 's'} (threshold {threshold:.0%})")
