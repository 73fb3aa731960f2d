"""Numbers in claims, normalised (the ``quantities`` table).

Each number an assertion states becomes a row with the ``value`` it denotes and the interval
``low``–``high`` it allows: "rund 70" is 63–77, "mehr als 500" is 500 and more (``high``
missing: open), "20 bis 30" is 20–30, "2,5 Millionen" 2.45–2.55 million (the precision it is
written to). Written numbers ("vierhundert", "zweieinhalb Millionen", "eight years"), scale
words ("2,5 Mio.", "$2.5 million"), units (currencies, %, durations, measures) and the noun a
number counts ("70 Gefangene", "70 prisoners") are read from per-language resources
(``quantities.toml``, and the ``[counted]`` groups of ``events.toml``, whose keys are shared
across languages). Dates, times, years, ordinals, phone numbers and ids are not quantities.

The table is built on first request from the assertions, the timexes (a number inside a date
is not a quantity) and the articles' texts and languages.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pandas as pd

from audit import resources
from audit.tables import frame

#: How far either side of "rund 70" the number may lie.
APPROX_SHARE = 0.10
#: "knapp 70": a little under, by at most this share.
BELOW_SHARE = 0.10
_DATES = {"DATE", "TIME", "SET"}
_LONGEST_DATE = 200
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_STOP = re.compile(r"[.,;:!?()\[\]\"„“”«»]")
_SEPARATOR = re.compile(r"[.,]")
_WRITTEN_SPLIT = re.compile(r"[\s-]+")
_BARE_YEAR = re.compile(r"1[89]\d\d|20\d\d")
#: After a number, and before it: one of a run of digit groups ("0664 123 45 67").
_GROUP_AFTER = re.compile(r"[ /]\d")
_GROUP_BEFORE = re.compile(r"\d[ /]\Z")


@dataclass(frozen=True)
class _Grammar:
    """The compiled number resources of one language."""

    number: re.Pattern[str]
    before: re.Pattern[str]
    approx_kinds: dict[str, str]
    scales: dict[str, float]
    units: dict[str, str]
    prefix_units: dict[str, str]
    thousands: str
    decimal: str
    written: dict
    range_between: re.Pattern[str]
    between: re.Pattern[str]
    between_and: re.Pattern[str]
    not_after: frozenset[str]
    skip: frozenset[str]
    counted: dict[str, str]
    compounds: bool
    #: the screen, searched in the lower-cased text: where a number may open (a run of
    #: digits, or a word that opens like a written number); and a currency sign right
    #: before a position
    openings: re.Pattern[str]
    prefix_before: re.Pattern[str]


def _alternation(words, flags: str = "") -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _openings(words: set[str]) -> re.Pattern[str]:
    r"""Where a number may open (``_Grammar.openings``): a run of digits (group
    ``digits``), or one of ``words`` (lower case) not right after a letter; what
    ``(?P<digits>\d+)|(?<![^\W\d_])(?:words, longest first)`` finds, sooner. The pattern
    opens with the class of the characters a match can begin with, so that the regex engine
    skips to them instead of trying it at every position; each word's rest then follows a
    look-behind at its first letter (on 10kGNAD's claims the quantities took 0.400 CPU-s
    instead of 0.454)."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    spelled = "|".join(rf"(?<={re.escape(first)}){_alternation(rest)}"
                       for first, rest in sorted(rests.items()))
    return re.compile(rf"[\d{''.join(map(re.escape, sorted(rests)))}]"
                      rf"(?:(?<=\d)\d*(?P<digits>)|(?<![^\W\d_].)(?:{spelled or '(?!)'}))")


@cache
def _grammar(language: str) -> _Grammar:
    table = resources.load(language, "quantities") or resources.load("en", "quantities")
    events = resources.load(language, "events")
    written = table.get("written", {})
    vocabulary = [*written.get("ones", {}), *written.get("teens", {}),
                  *written.get("tens", {}), *written.get("whole", {})]
    compounds = bool(events.get("compounds"))
    if compounds:  # German: one word ("vierhundertzwanzig"), told from others when parsed
        spelled = rf"(?i:{_alternation(vocabulary)}[^\W\d_]*)"
    else:  # English: words joined by spaces or hyphens ("two hundred", "twenty-five")
        word = _alternation([*vocabulary, written.get("hundred", ""),
                             written.get("thousand", "")])
        spelled = (rf"(?i:{word}(?:(?:\s+|-)(?:and\s+)?{word})*"
                   rf"(?:\s+{_alternation([written.get('half', 'and a half')])})?)")
    scales = {k: float(v) for k, v in table.get("scales", {}).items()}
    units = dict(table.get("units", {}))
    prefix_units = dict(table.get("prefix_units", {}))
    # One candidate per number: an optional currency sign, digits (any separators, read by
    # the language's convention afterwards) or a written number, a scale word, a unit.
    number = re.compile(
        rf"(?:(?P<pre>{_alternation(prefix_units)})\s?)?"
        rf"(?<![\w.,/+\-:–])(?P<num>\d+(?:[.,]\d+)*(?![\d.,]\d)|(?<![\w-]){spelled}(?![\w-]))"
        rf"(?:\s?(?P<scale>{_alternation(scales)})(?![^\W_]))?"
        rf"(?:\s?(?P<unit>{_alternation(units)})(?![^\W_]))?"
        r"(?![^\W_])"
    )
    approx_kinds = {}
    for group in table.get("approx", []):
        for word in group["words"]:
            approx_kinds.setdefault(" ".join(word.casefold().split()), group["kind"])
    before = re.compile(rf"(?<![^\W\d_])(?P<word>{_alternation(approx_kinds, 'i')})\s+\Z")
    counted = {word.casefold(): key for key, words in events.get("counted", {}).items()
               for word in words}
    return _Grammar(
        number=number, before=before, approx_kinds=approx_kinds, scales=scales,
        units=units, prefix_units=prefix_units, thousands=table.get("thousands", ","),
        decimal=table.get("decimal", "."), written=written,
        range_between=re.compile(rf"\s*{_alternation(table.get('range_words', []))}\s*"),
        between=re.compile(rf"(?i:{re.escape(table.get('between', 'between'))})\s+\Z"),
        between_and=re.compile(rf"\s+{re.escape(table.get('between_and', 'and'))}\s+"),
        not_after=frozenset(table.get("not_after", [])),
        skip=frozenset(w.casefold() for w in table.get("skip_words", [])),
        counted=counted, compounds=compounds,
        openings=_openings({w.casefold() for w in vocabulary}),
        prefix_before=re.compile(rf"{_alternation(prefix_units)}\s?\Z"),
    )


def parse_digits(digits: str, thousands: str, decimal: str) -> tuple[float, int] | None:
    """The value of digits with separators, and how many decimals it is written to, read
    by the language's convention ("2.500.000" and "2,5" in German; "2,500,000" and "2.5" in
    English). A lone separator that cannot be a thousands separator (not followed by three
    digits) is read as the decimal one ("2.5" in a German text). ``None`` for digits no
    convention reads ("1.2.3", a leading zero as in phone numbers and ids)."""
    groups = _SEPARATOR.split(digits)
    separators = _SEPARATOR.findall(digits)
    if len(groups[0]) > 1 and groups[0].startswith("0") and not separators:
        return None
    if not separators:
        return float(digits), 0
    if all(s == thousands for s in separators) and all(len(g) == 3 for g in groups[1:]) \
            and len(groups[0]) <= 3:
        return float("".join(groups)), 0
    *head, last_separator = separators
    if all(s == thousands for s in head) and all(len(g) == 3 for g in groups[1:-1]) \
            and len(groups[0]) <= 3 and (last_separator == decimal or not head):
        whole = "".join(groups[:-1])
        return float(f"{whole}.{groups[-1]}"), len(groups[-1])
    return None


def parse_written(words: str, written: dict, compounds: bool) -> float | None:
    """The value of a written number ("vierhundert", "dreiundzwanzig", "zweieinhalb",
    "two hundred", "twenty-five", "two and a half"); ``None`` when it is none."""
    text = " ".join(words.casefold().split())
    whole = written.get("whole", {})
    if text in whole:
        return float(whole[text])
    half_word = written.get("half", "")
    half = 0.0
    if half_word and text.endswith(half_word) and len(text) > len(half_word):
        text, half = text[: -len(half_word)].strip(), 0.5
    if compounds:
        value = _parse_compound(text, written)
    else:
        value = _parse_words(_WRITTEN_SPLIT.split(text), written)
    if value is None or half and value >= 10:
        return None
    return value + half


def _below_hundred(text: str, written: dict) -> float | None:
    ones, teens, tens = written.get("ones", {}), written.get("teens", {}), written.get("tens", {})
    if not text:
        return 0.0
    for table in (ones, teens, tens):
        if text in table:
            return float(table[text])
    joint = written.get("and", "und")
    for ten, value in tens.items():  # "dreiundzwanzig"
        if text.endswith(joint + ten) and text[: -len(joint + ten)] in ones:
            return float(ones[text[: -len(joint + ten)]] + value)
    return None


def _parse_compound(text: str, written: dict) -> float | None:
    total = 0.0
    for word, scale in ((written.get("thousand"), 1000), (written.get("hundred"), 100)):
        if word and word in text:
            left, _, text = text.partition(word)
            factor = _below_hundred(left, written) if scale == 100 else (
                _parse_compound(left, written) if left else 1.0)
            if factor is None:
                return None
            total += (factor or 1.0) * scale
    rest = _below_hundred(text, written)
    if rest is None:
        return None
    return total + rest if total or rest else None


def _parse_words(words: list[str], written: dict) -> float | None:
    ones, teens, tens = written.get("ones", {}), written.get("teens", {}), written.get("tens", {})
    total = current = 0.0
    seen = False
    for word in words:
        if word == "and" or not word:
            continue
        if word in ones or word in teens or word in tens:
            current += float({**ones, **teens, **tens}[word])
        elif word == written.get("hundred"):
            current = (current or 1.0) * 100
        elif word == written.get("thousand"):
            total += (current or 1.0) * 1000
            current = 0.0
        elif word in written.get("whole", {}):
            current += float(written["whole"][word])
        else:
            return None
        seen = True
    return total + current if seen else None


@dataclass
class _Number:
    start: int
    end: int
    value: float
    decimals: int
    scale: float
    unit: str | None
    written: bool


@lru_cache(maxsize=4)  # the claims of one article are read in a row
def _lowered(text: str) -> str:
    """``text`` in lower case letter for letter, so that its offsets are those of ``text``
    (a letter whose lower case is longer, as "İ", is kept as it is)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(letter.lower() if len(letter.lower()) == 1 else letter
                          for letter in text)
    return lowered


def _candidates(text: str, start: int, end: int, grammar: _Grammar) -> list[int]:
    """Where a number may begin in ``text[start:end]``: at a run of digits (or the currency
    sign before it) and at a word that opens like a written number. The full pattern is
    then tried only there: one scan of the lower-cased text for digits and a few letter
    sequences (searched case-sensitively: twice as fast as case-insensitively or word by
    word), instead of the full pattern at every character."""
    at = []
    for match in grammar.openings.finditer(_lowered(text), start, end):
        first = match.start()
        if match.lastgroup == "digits":
            sign = grammar.prefix_before.search(text, max(start, first - 4), first)
            first = sign.start() if sign else first
        at.append(first)
    at.sort()
    return at


def _numbers(text: str, start: int, end: int, grammar: _Grammar) -> list[_Number]:
    """The numbers in ``text[start:end]`` (one claim), before qualifiers and ranges."""
    found = []
    last_end = start
    for at in _candidates(text, start, end, grammar):
        if at < last_end:
            continue
        match = grammar.number.match(text, at, end)
        if match is None:
            continue
        last_end = match.end()
        number = _number_of_match(text, match, end, grammar)
        if number is not None:
            found.append(number)
    return found


def _number_of_match(text: str, match: re.Match, end: int, grammar: _Grammar) -> _Number | None:
    """The number a match of the number pattern writes (the claim ends at ``end``), or
    ``None`` where it is no quantity: an ordinal, a time, an id or a bare year."""
    parsed = _parse_number(match, grammar)
    if parsed is None:
        return None
    value, decimals, written = parsed
    if _is_not_a_quantity(text, match, end, written, grammar):
        return None
    scale, unit, unit_word = _scale_and_unit(match, grammar)
    scale_word, prefix = match.group("scale"), match.group("pre")
    first = match.start("pre") if prefix else match.start("num")
    last = match.end()
    if not scale_word or scale == 1.0:
        last = match.end("unit") if unit_word else match.end("num")
    # a bare year ("2025", "im Jahr 1989") is a date, not a quantity
    if not written and decimals == 0 and scale == 1.0 and unit is None \
            and _BARE_YEAR.fullmatch(match.group("num")):
        return None
    return _Number(first, last, value, decimals, scale, unit, written)


def _parse_number(match: re.Match, grammar: _Grammar) -> tuple[float, int, bool] | None:
    """The value of the number a match writes, how many decimals it is written to, and
    whether it is written in words; ``None`` when it reads as no number (or, written like
    an article ("ein") without a scale word, as the article)."""
    digits = match.group("num")
    if digits[0].isdigit():
        parsed = parse_digits(digits, grammar.thousands, grammar.decimal)
        return None if parsed is None else (*parsed, False)
    if digits.casefold() in grammar.written.get("article_like", ()) \
            and not match.group("scale"):
        return None  # (before parsing it: an article is most of the words tried)
    value = parse_written(digits, grammar.written, grammar.compounds)
    if value is None:
        return None
    return value, 1 if value % 1 else 0, True


def _is_not_a_quantity(text: str, match: re.Match, end: int, written: bool,
                       grammar: _Grammar) -> bool:
    """Whether the number of a match is no quantity by what follows it: an ordinal, a time
    ("14 Uhr"), or one of a run of digit groups (a phone number or an id)."""
    after = text[match.end("num"):match.end("num") + 12]
    # an ordinal ("am 5. Mai", "der 3. Platz"): digits, a stop and a word, in the claim
    if not written and not match.group("scale") and not match.group("unit") \
            and after.startswith(".") and match.end("num") + 1 < end and after[1:2].isspace() \
            and grammar.compounds:
        return True
    word_after = _WORD.match(after.lstrip())
    if word_after and word_after.group() in grammar.not_after:
        return True  # "14 Uhr"
    # a run of digit groups ("0664 123 45 67"): a phone number or an id
    return not written and bool(
        _GROUP_AFTER.match(after)
        or _GROUP_BEFORE.search(text[max(0, match.start() - 2):match.start()]))


def _scale_and_unit(match: re.Match, grammar: _Grammar) -> tuple[float, str | None, str | None]:
    """The scale of a number ("Millionen": 1e6), its unit, and the word it reads the unit
    from (a short scale word is a unit unless a currency precedes it)."""
    scale_word, unit_word, prefix = match.group("scale"), match.group("unit"), \
        match.group("pre")
    scale = grammar.scales.get(scale_word, 1.0) if scale_word else 1.0
    if scale_word and len(scale_word) <= 2 and not prefix:
        # "$2.5m" is money, "5 m" a length: a short scale only after a currency
        scale, unit_word = 1.0, unit_word or (scale_word if scale_word in grammar.units
                                              else None)
    unit = grammar.prefix_units.get(prefix) if prefix else None
    unit = unit or (grammar.units.get(unit_word) if unit_word else None)
    return scale, unit, unit_word


def _counted(text: str, end: int, limit: int, grammar: _Grammar) -> str | None:
    """The noun a number counts: among the next three words (up to a stop), the first a
    ``[counted]`` group lists, else in German the first capitalised word, in English the
    first that is not a function word."""
    tail = text[end:min(limit, end + 60)]
    stop = _STOP.search(tail)
    if stop:
        tail = tail[: stop.start()]
    words = [w.group() for w in _WORD.finditer(tail)][:3]
    for word in words:
        if word.casefold() in grammar.counted:
            return word
    for word in words:
        if word.casefold() in grammar.skip:
            continue
        if grammar.compounds:
            if word[0].isupper():
                return word
            continue
        return word
    return None


def _noun_key(noun: str | None, grammar: _Grammar) -> str | None:
    if not noun:
        return None
    folded = noun.casefold()
    if folded in grammar.counted:
        return grammar.counted[folded]
    if not grammar.compounds and folded.endswith("s") and len(folded) > 3:
        folded = folded[:-1]
    return folded


def extract_quantities(text: str, language: str, start: int, end: int,
                       dates: list[tuple[int, int]] = ()) -> list[dict]:
    """The quantities in ``text[start:end]`` (one claim), as rows with ``start``, ``end``,
    ``text``, ``value``, ``low``, ``high``, ``approx``, ``unit``, ``noun`` and ``noun_key``.

    ``dates`` are the spans of dates and times in the text: numbers inside them are not
    quantities. A duration ("acht Jahre", "eight years") is one, with its unit.
    """
    grammar = _grammar(language)
    numbers = [n for n in _numbers(text, start, end, grammar)
               if not any(a < n.end and n.start < b for a, b in dates)]
    rows = []
    i = 0
    while i < len(numbers):
        number = numbers[i]
        low_number, high_number = number, number
        first = number.start
        # a range: "20 bis 30", "20 to 30 million", "zwischen 20 und 30"
        if i + 1 < len(numbers):
            other = numbers[i + 1]
            gap = text[number.end:other.start]
            between = grammar.between.search(text, max(0, first - 20), first)
            if (grammar.range_between.fullmatch(gap)
                    or between and grammar.between_and.fullmatch(gap)) \
                    and number.value * (number.scale if number.scale != 1 else other.scale) \
                    < other.value * other.scale:
                high_number = other
                if between:
                    first = between.start()
                i += 1
        i += 1
        scale = high_number.scale
        unit = high_number.unit or low_number.unit
        low_value = low_number.value * (low_number.scale if low_number.scale != 1 else scale)
        high_value = high_number.value * scale
        # the precision a number with a scale word is written to: "2,5 Millionen" ± 50 000
        slack = 0.5 * 10 ** -high_number.decimals * scale if scale != 1 else 0.0
        low, high = low_value - slack, high_value + slack
        value = low_value if high_number is number else (low_value + high_value) / 2
        before = grammar.before.search(text, max(0, first - 30), first)
        approx = None
        if before and high_number is number:
            approx = " ".join(before.group("word").casefold().split())
            kind = grammar.approx_kinds.get(approx)
            first = before.start("word")
            if kind == "approx":
                low, high = value * (1 - APPROX_SHARE) - slack, value * (1 + APPROX_SHARE) + slack
            elif kind == "below":
                low, high = value * (1 - BELOW_SHARE) - slack, value + slack
            elif kind in ("above", "at_least"):
                low, high = value - slack, None
            elif kind in ("at_most", "fewer"):
                low, high = None, value + slack
        last = high_number.end
        noun = None if unit and unit != "%" else _counted(text, last, end, grammar)
        rows.append({"start": first, "end": last, "text": text[first:last], "value": value,
                     "low": low, "high": high, "approx": approx, "unit": unit, "noun": noun,
                     "noun_key": _noun_key(noun, grammar)})
    return rows


def quantities_table(tables) -> pd.DataFrame:
    """The ``quantities`` table of a normalised corpus (``audit.tables.Tables``)."""
    assertions = tables.assertions
    if assertions.empty:
        return frame("quantities", [])
    articles = tables.articles
    texts = dict(zip(articles.article_id.tolist(), articles.text.tolist(), strict=True))
    languages = dict(zip(articles.article_id.tolist(), articles.language.tolist(), strict=True))
    timexes = tables.timexes
    dated = timexes[timexes.type.isin(_DATES)]
    dates: dict[str, list[tuple[int, int]]] = {}
    for article_id, first, last in zip(dated.article_id.tolist(), dated.start.tolist(),
                                       dated.end.tolist(), strict=True):
        dates.setdefault(article_id, []).append((first, last))
    starts = {}
    for article_id, spans in dates.items():
        spans.sort()
        starts[article_id] = [first for first, _ in spans]
    rows = []
    for article_id, assertion_id, sent_id, start, end in zip(
            assertions.article_id.tolist(), assertions.assertion_id.tolist(),
            assertions.sent_id.tolist(), assertions.start.tolist(), assertions.end.tolist(),
            strict=True):
        text = texts.get(article_id)
        if text is None:
            continue
        language = languages.get(article_id)
        language = language if language in resources.LANGUAGES else "de"
        spans = dates.get(article_id, ())
        if spans:  # the dates that begin in the claim or shortly before it
            opening = starts[article_id]
            spans = spans[bisect.bisect_left(opening, start - _LONGEST_DATE):
                          bisect.bisect_left(opening, end)]
        for number, row in enumerate(extract_quantities(text, language, start, end, spans)):
            row.update(article_id=article_id, assertion_id=assertion_id, sent_id=sent_id,
                       quantity_id=f"{assertion_id}/q{number}")
            rows.append(row)
    return frame("quantities", rows)
