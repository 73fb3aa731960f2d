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
    # unattributed quote. In arrays, not a pandas groupby (its agg cost 17 ms a partition of
    # 10kGNAD) nor lists of every row's values (which stayed resident in the workers).
    import numpy as np
    import pandas as pd  # (here, not at the top: `audit checks` imports every check module)

    articles, article_ids = pd.factorize(assertions.article_id)
    sent_ids = assertions.sent_id.to_numpy(dtype=np.int64)
    named = assertions.speaker.notna().to_numpy(dtype=bool)
    anonymous = (assertions.speaker_kind == "anonymous").to_numpy(dtype=bool)
    # hearsay is a hedge of its sentence; a frame with nobody behind it that is no hearsay
    # ("were urged to") is not
    hearsay = np.zeros(len(assertions), dtype=bool)
    cued = np.flatnonzero(~named & assertions.cue.notna().to_numpy(dtype=bool))
    hearsay[cued] = [cue in list(hedges) for cue, hedges in zip(
        assertions.cue.iloc[cued].tolist(), assertions.hedges.iloc[cued].tolist(), strict=True)]
    # each sentence's first row, and which of its rows are what
    keys = articles * (int(sent_ids.max()) + 1) + sent_ids
    sentence_keys, first, sentence_of = np.unique(keys, return_index=True, return_inverse=True)
    sentence_of = sentence_of.ravel()

    def any_row(rows: np.ndarray) -> np.ndarray:
        return np.bincount(sentence_of, weights=rows, minlength=len(first)) > 0

    in_quote = assertions.in_quote.astype(bool).to_numpy()[first]
    is_named = any_row(named)
    is_anonymous = any_row(anonymous)
    hedged = any_row(hearsay) & ~is_named & ~in_quote
    unattributed = in_quote & ~is_named
    weak = is_anonymous | hedged | unattributed
    # per article (sentences in order of their keys: an article's first is its first sentence)
    article_of = sentence_keys // (int(sent_ids.max()) + 1)
    counted, opening = np.unique(article_of, return_index=True)

    def per_article(sentences: np.ndarray) -> list[int]:
        return np.bincount(article_of, weights=sentences, minlength=len(article_ids))[
            counted].astype(int).tolist()

    starts = assertions.start.to_numpy()[first[opening]].tolist()
    ends = assertions.end.to_numpy()[first[opening]].tolist()
    for article, count, weak_count, anonymous_count, hedged_count, unattributed_count, \
            start, end in zip(counted.tolist(), per_article(np.ones(len(first))),
                              per_article(weak), per_article(is_anonymous),
                              per_article(hedged), per_article(unattributed), starts, ends,
                              strict=True):
        if count < minimum or weak_count < threshold * count:
            continue
        yield Finding(
            str(article_ids[article]), int(start), int(end),
            f"{weak_count} of {count} assertions ({weak_count / count:.0%}) rest on nobody in "
            f"particular: {anonymous_count} anonymous, {hedged_count} hedged in the "
            f"article's own voice, {unattributed_count} unattributed quote"
            f"{'' if unattributed_count == 1 else 's'} (threshold {threshold:.0%})")
