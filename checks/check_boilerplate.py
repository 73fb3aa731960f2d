"""DQ001: scraping leftovers from the page around the article."""

from audit import Finding, check

_SHOWN = 60


@check("DQ001", severity="info", title="Scraping boilerplate in the text", scope="article")
def check_boilerplate(sentences):
    """Scraping boilerplate in the text.

    What it does:
        Flags lines that are page furniture rather than article text: teaser and widget
        lines a scraper copied along ("Lesen Sie auch", "Gerade lesen andere",
        "Mehr zum Thema", "Read more", "Advertisement"), cookie banners ("Wir verwenden
        Cookies … Alle akzeptieren"), paywall notices ("Dieser Artikel ist nur für
        Abonnenten", "Subscribe to continue reading") and rows of share buttons ("Facebook
        Twitter WhatsApp E-Mail"). One finding per line. The markers are listed in
        audit/resources/<language>/provenance.toml, where sentence splitting marks them.
    Why it matters:
        Boilerplate splits sentences, inflates duplicate detection, and puts words into a
        corpus that no author wrote. The same words inside a sentence are left alone.
    Flagged:
        Hochwasser an der Donau
        Der Pegel stieg über Nacht um einen Meter.
        Lesen Sie auch
        Die Feuerwehr sicherte die Uferwege.
    Clean:
        Hochwasser an der Donau
        Der Pegel stieg über Nacht um einen Meter.
        Lesen Sie auch den Bericht der Feuerwehr, empfahl der Bürgermeister.
    """
    furniture = sentences[sentences.is_boilerplate.astype(bool)]
    # each line's sentences, in plain lists: a pandas group per line cost 2 ms a partition
    # even with no furniture at all
    lines: dict[tuple[str, int], list] = {}
    for article_id, line, start, end, text in zip(
            furniture.article_id.tolist(), furniture.line.tolist(), furniture.start.tolist(),
            furniture.end.tolist(), furniture.text.tolist(), strict=True):
        found = lines.setdefault((article_id, line), [start, end, []])
        found[0], found[1] = min(found[0], start), max(found[1], end)
        found[2].append(text)
    for (article_id, _), (start, end, texts) in lines.items():
        text = " ".join(texts)
        shown = text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"
        yield Finding(str(article_id), int(start), int(end),
                      f"scraping leftover “{shown}” is page furniture, not article text")
