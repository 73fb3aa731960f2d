"""DQ004: mojibake, UTF-8 text decoded as Windows-1252 or Latin-1 ("AuÃŸenminister")."""

import re

from audit import Finding, check

_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")


def _continuation_bytes() -> str:
    """UTF-8's continuation bytes 0x80-0xBF as Windows-1252 and as Latin-1 read them."""
    read = {chr(b) for b in range(0x80, 0xC0)}  # Latin-1 (and the bytes cp1252 leaves out)
    read |= {bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)}
    return "".join(sorted(read - {""}))


# Where UTF-8 read as Windows-1252 or Latin-1 leaves its trace: a lead byte of a multi-byte
# character (0xC2-0xF4, "Ã", "Ð", "â", "ð") followed by a continuation byte. Only lines
# with one are handed to ftfy, which decides: its judgement costs ~2 s on the 2.7 MB of
# 10kGNAD, this screen a few milliseconds.
_TRACE = re.compile(f"[\u00c2-\u00f4][{re.escape(_continuation_bytes())}]")
# How ftfy names the encodings text was wrongly read in, as a reader knows them.
_ENCODINGS = {"sloppy-windows-1252": "Windows-1252", "windows-1252": "Windows-1252",
              "latin-1": "Latin-1", "sloppy-windows-1251": "Windows-1251",
              "windows-1251": "Windows-1251", "macroman": "Mac Roman", "cp437": "code page 437",
              "sloppy-windows-1250": "Windows-1250", "windows-1250": "Windows-1250"}


def _read_as(explanation) -> str:
    """The encoding the text was wrongly decoded with, from ftfy's repair steps."""
    wrong = next((argument for step, argument in explanation or () if step == "encode"), None)
    return _ENCODINGS.get(wrong, wrong) if wrong else "a single-byte encoding"


@check("DQ004", severity="warning", title="Mojibake (encoding damage)", scope="article")
def check_mojibake(articles):
    """Mojibake (encoding damage).

    What it does:
        Finds text that was stored as UTF-8 and read in a single-byte encoding
        (Windows-1252, Latin-1): "AuÃŸenminister" for "Außenminister", "â€ž" for „,
        "Ð¡ÐµÑ€Ð³ÐµÐ¹" for "Сергей", "ðŸ˜€" for an emoji. ftfy tells damage from letters
        and repairs it. The finding marks the first damaged word of each line and shows it
        repaired. Letters that belong to a language ("São Paulo", "Ångström") are not
        damage.
    Why it matters:
        Garbled words match nothing: names, search terms and duplicates are missed, and
        the damage usually runs through the whole file, pointing at a broken export.
    Flagged:
        Treffen in Genf
        Der AuÃŸenminister sprach Ã¼ber die Lage.
    Clean:
        Treffen in Genf
        Der Außenminister sprach in São Paulo über die Lage.
    """
    for article_id, text in zip(articles.article_id.tolist(), articles.text.tolist(),
                                strict=True):
        if not text or not _TRACE.search(text):
            continue
        from ftfy import fix_encoding_and_explain  # 0.5 s to import: only where needed
        from ftfy.badness import is_bad

        for line in _LINE.finditer(text):
            if not _TRACE.search(line.group()) or not is_bad(line.group()):
                continue
            damaged = [(word, *repair) for word in _WORD.finditer(line.group())
                       if (repair := fix_encoding_and_explain(word.group()))[0] != word.group()]
            if not damaged:
                continue  # odd characters, but no repair ftfy is sure of
            (first, repaired, steps), start = damaged[0], line.start()
            characters = sum(1 for _, fixed, _ in damaged for char in fixed if ord(char) > 127)
            yield Finding(
                str(article_id), start + first.start(), start + first.end(),
                f"“{first.group()}” is garbled (UTF-8 read as {_read_as(steps)}): "
                f"“{repaired}”; {characters} damaged character(s) on this line",
            )
