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
    # per attribution) has a speaker
    table = assertions.sort_values(["article_id", "sent_id"])
    spoken = set(zip(table.article_id[table.speaker.notna()].tolist(),
                     table.sent_id[table.speaker.notna()].tolist(), strict=True))
    unattributed = table[table.in_quote.astype(bool)].drop_duplicates(["article_id", "sent_id"])
    unattributed = unattributed[[key not in spoken for key in zip(
        unattributed.article_id.tolist(), unattributed.sent_id.tolist(), strict=True)]]
    run: list = []  # consecutive unattributed quoted sentences
    for row in unattributed.itertuples(index=False):
        if run and (run[-1].article_id != row.article_id or run[-1].sent_id != row.sent_id - 1):
            yield _finding(run[0], run[-1])
            run = []
        run.append(row)
    if run:
        yield _finding(run[0], run[-1])


def _finding(first, last) -> Finding:
    return Finding(first.article_id, int(first.start), int(last.end),
                   "direct quote with no speaker named in it or just before it")
