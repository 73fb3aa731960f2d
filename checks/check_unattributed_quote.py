"""ATR004: a direct quote with no speaker."""

from audit import Finding, check


@check("ATR004", severity="warning", title="Direct quote with no speaker", scope="article")
def check_unattributed_quote(assertions):
    """Direct quote with no speaker.

    What it does:
        Finds sentences that are direct quotes („…“, "…", »…«) with nobody named as
        their speaker: not in the quote's own sentences, and no person speaking in the
        sentence right before it (the usual way a quote continues someone's words; the
        assertions table then gives the quote that person). A quote
        over several sentences is reported once. Quotation marks around a word or a
        phrase inside a sentence ("bezeichnete das Gespräch als „konstruktiv“") are not
        direct quotes and are not flagged.
    Why it matters:
        A quote without a speaker cannot be checked, put in context or corrected; it is a
        common sign of text assembled from several sources or of invented quotations.
    Flagged:
        Hafen wird ausgebaut
        Der Stadtrat hat den Ausbau des Hafens beschlossen.
        „Das ist ein guter Tag für die Stadt.“
    Clean:
        Hafen wird ausgebaut
        Der Stadtrat hat den Ausbau des Hafens beschlossen.
        „Das ist ein guter Tag für die Stadt“, sagte Bürgermeisterin Eva Roth.
    """
    # a sentence, not a row: a quoted sentence is unattributed when none of its rows (one
    # per attribution) has a speaker (the quoted rows' columns as lists: a filter and a sort
    # of the whole table copy every column)
    named = assertions.speaker.notna()
    spoken = set(zip(assertions.article_id[named].tolist(), assertions.sent_id[named].tolist(),
                     strict=True))
    quoted_rows = assertions.loc[assertions.in_quote.astype(bool).to_numpy(),
                                 ["article_id", "sent_id", "start", "end"]]
    quoted: dict[tuple, tuple[int, int]] = {}  # each unattributed quoted sentence's span
    for article_id, sent_id, start, end in zip(
            quoted_rows.article_id.tolist(), quoted_rows.sent_id.tolist(),
            quoted_rows.start.tolist(), quoted_rows.end.tolist(), strict=True):
        if (article_id, sent_id) not in spoken:
            quoted.setdefault((article_id, sent_id), (start, end))
    run: list[tuple] = []  # consecutive unattributed quoted sentences
    for key in sorted(quoted):
        if run and (run[-1][0] != key[0] or run[-1][1] != key[1] - 1):
            yield _finding(run[0], run[-1], quoted)
            run = []
        run.append(key)
    if run:
        yield _finding(run[0], run[-1], quoted)


def _finding(first: tuple, last: tuple, spans: dict[tuple, tuple[int, int]]) -> Finding:
    return Finding(first[0], int(spans[first][0]), int(spans[last][1]),
                   "direct quote with no speaker named in it or just before it")
