"""ATR004: a direct quote with no speaker."""

from audit import Finding, check


@check("ATR004", severity="warning", title="Direct quote with no speaker")
def check_unattributed_quote(assertions):
    """Direct quote with no speaker.

    What it does:
        Finds sentences that are direct quotes („…“, "…", »…«) with nobody named as
        their speaker: not in the quote's own sentences, and no person speaking in the
        sentence right before it (the usual way a quote continues someone's words). A quote
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
    table = assertions.sort_values(["article_id", "sent_id"])
    run: list = []  # the unattributed quoted sentences in a row
    excused = False  # the run continues the speaker of the sentence before it
    previous = None
    for row in table.itertuples(index=False):
        adjacent = (previous is not None and previous.article_id == row.article_id
                    and previous.sent_id == row.sent_id - 1)
        if bool(row.in_quote) and row.speaker_kind == "none":
            if not run or not adjacent:
                if run and not excused:
                    yield _finding(run[0], run[-1])
                run = [row]
                excused = adjacent and previous.speaker_kind == "person"
            else:
                run.append(row)
        elif run:
            if not excused:
                yield _finding(run[0], run[-1])
            run = []
        previous = row
    if run and not excused:
        yield _finding(run[0], run[-1])


def _finding(first, last) -> Finding:
    return Finding(first.article_id, int(first.start), int(last.end),
                   "direct quote with no speaker named in it or just before it")
