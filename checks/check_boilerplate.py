"""DQ001: scraping leftovers from the page around the article."""

from audit import Finding, check


@check("DQ001", severity="info", title="Scraping boilerplate in the text")
def check_boilerplate(sentences):
    """Scraping boilerplate in the text.

    What it does:
        Flags lines that are page furniture rather than article text: teaser and widget
        lines a scraper copied along ("Lesen Sie auch", "Gerade lesen andere",
        "Mehr zum Thema", "Read more", "Advertisement").
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
    for row in sentences[sentences.is_boilerplate.astype(bool)].itertuples(index=False):
        yield Finding.at(row, f"scraping leftover “{row.text}” is page furniture, "
                              "not article text")
