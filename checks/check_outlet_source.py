"""ATR002: a claim that rests only on another outlet's report."""

from audit import Finding, check


@check("ATR002", severity="info", title="Claim resting only on another outlet", scope="article")
def check_outlet_source(assertions):
    """Claim resting only on another outlet.

    What it does:
        Finds claims whose only stated source is another news outlet or unnamed media:
        "Laut CNN könnte …", "wie die Zeitung berichtete", "Medienberichten zufolge",
        "according to Reuters", "media reports said". When the same sentence names the
        person or office the outlet quotes ("Laut CNN sagte Außenminister Rubio"), that
        person is the source and nothing is flagged. The finding marks the outlet.
    Why it matters:
        Secondary sourcing passes a claim on without checking it; when the outlet's report
        is wrong, corrected or itself rests on anonymous sources, every copy inherits the
        problem. Verification desks trace such claims back to the original report.
    Flagged:
        Gipfel in Riad
        Laut CNN könnte der Gipfel im März stattfinden.
    Clean:
        Gipfel in Riad
        Laut CNN sagte Außenminister Marco Rubio, der Gipfel finde im März statt.
    """
    # a sentence that also names someone else (the person the outlet quotes) rests on them
    named = assertions.speaker_kind.isin(["person", "organisation", "anonymous"])
    quoting = set(zip(assertions.article_id[named].tolist(),
                      assertions.sent_id[named].tolist(), strict=True))
    # (the few columns it reports, of the media rows only: a filter of the whole table
    # copies every column)
    media = assertions.loc[(assertions.speaker_kind == "media").to_numpy(dtype=bool),
                           ["article_id", "sent_id", "speaker", "cue", "speaker_start",
                            "speaker_end"]]
    seen: set[tuple] = set()  # one outlet phrase once
    for article_id, sent_id, speaker, cue, start, end in zip(
            media.article_id.tolist(), media.sent_id.tolist(), media.speaker.tolist(),
            media.cue.tolist(), media.speaker_start.tolist(), media.speaker_end.tolist(),
            strict=True):
        if (article_id, sent_id) in quoting or (article_id, start, end) in seen:
            continue
        seen.add((article_id, start, end))
        yield Finding(str(article_id), int(start), int(end),
                      f"claim rests on another outlet's report: “{speaker}” ({cue})")
