"""DQ004: mojibake, UTF-8 text decoded as Windows-1252 or Latin-1 ("AuÃŸenminister")."""

import re
from functools import cache

from audit import Finding, check

# The characters whose UTF-8 bytes, read as Windows-1252, give the mojibake we look for:
# Latin-1 letters and signs, Latin Extended-A (Polish, Czech, Turkish names), typographic
# punctuation and the euro sign.
_REPAIRABLE = (
    [chr(c) for c in range(0xA0, 0x180)]
    + [chr(c) for c in range(0x2010, 0x2027)] + ["\u20ac", "\u2122"]
)
_WORD = re.compile(r"\S+")


def _sloppy_cp1252(data: bytes) -> str:
    """Bytes read as Windows-1252, the five bytes it leaves undefined read as Latin-1."""
    return "".join(bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b))
                   for b in data)


@cache
def _mojibake() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every garbled form, and the character each stands for."""
    garbled = {}
    for char in _REPAIRABLE:
        encoded = char.encode("utf-8")
        garbled[_sloppy_cp1252(encoded)] = char
        garbled[encoded.decode("latin-1")] = char
    alternation = "|".join(map(re.escape, sorted(garbled, key=len, reverse=True)))
    return re.compile(alternation), garbled


def repair(text: str) -> str:
    """``text`` with every garbled form replaced by the character it stands for."""
    pattern, garbled = _mojibake()
    return pattern.sub(lambda m: garbled[m.group()], text)


@check("DQ004", severity="warning", title="Mojibake (encoding damage)", scope="article")
def check_mojibake(articles):
    """Mojibake (encoding damage).

    What it does:
        Finds text that was stored as UTF-8 and read as Windows-1252 or Latin-1:
        "AuÃŸenminister" for "Außenminister", "Ã¼ber" for "über", "â€ž" for „. The
        finding marks the first damaged word of each line and shows it repaired. Letters
        that belong to the language ("São Paulo", "Ångström") are not damage.
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
    pattern, _ = _mojibake()
    for article_id, text in zip(articles.article_id, articles.text, strict=True):
        line_end = -1
        for match in pattern.finditer(text):
            if match.start() < line_end:
                continue  # one finding per line
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.start())
            line_end = len(text) if line_end < 0 else line_end
            start = max(line_start, text.rfind(" ", 0, match.start()) + 1)
            end = _WORD.match(text, start).end()
            damaged = len(pattern.findall(text, line_start, line_end))
            yield Finding(
                str(article_id), start, end,
                f"“{text[start:end]}” is garbled (UTF-8 read as Windows-1252): "
                f"“{repair(text[start:end])}”; {damaged} damaged character(s) on this line",
            )
