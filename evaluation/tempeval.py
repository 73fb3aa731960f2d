"""TempEval-3 scoring of temporal expressions, and readers for the annotated corpora.

Scoring (UzZaman et al. 2013, as used by TempEval-3 and the HeidelTime papers):

- strict extent: a system timex matches a gold one with the identical character span;
- relaxed extent: any overlap, each timex matched at most once (one-to-one);
- value F1 = relaxed F1 × value accuracy over the relaxed matches (the same for type).

Readers turn an annotated file into plain text (tags removed, entities decoded), the
document creation time, and the gold timexes with offsets into that text:
TimeML ``.tml`` (TIMEX3 with ``type`` and ``value``, DCT in ``<DCT>``) and inline TIMEX2
(``val``; the creation time in ``<DATETIME>``), as in WikiWars.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'([A-Za-z_:]+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    """A temporal expression at ``start``–``end`` of a document's text."""

    start: int
    end: int
    text: str
    type: str | None
    value: str | None


@dataclass
class Document:
    """A plain text with its creation time and gold timexes."""

    name: str
    text: str
    creation_time: str | None
    gold: list[Timex]


def _strip(marked: str, timex_tag: str) -> tuple[str, list[Timex]]:
    """Plain text of marked-up ``marked``, and the ``timex_tag`` elements with offsets."""
    parts: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    timexes: list[Timex] = []
    position = 0
    for match in _TAG.finditer(marked):
        chunk = html.unescape(marked[position:match.start()])
        parts.append(chunk)
        length += len(chunk)
        position = match.end()
        closing, name, attributes = match.groups()
        if name.upper() != timex_tag:
            continue
        if not closing:
            open_timexes.append((length, dict(_ATTRIBUTE.findall(attributes))))
        elif open_timexes:
            start, attrs = open_timexes.pop()
            timexes.append((start, length, attrs))  # type: ignore[arg-type]
    parts.append(html.unescape(marked[position:]))
    text = "".join(parts)
    gold = [Timex(start, end, text[start:end], attrs.get("type"),
                  attrs.get("value", attrs.get("val")))
            for start, end, attrs in timexes]  # type: ignore[misc]
    return text, sorted(gold, key=lambda t: t.start)


def _between(source: str, tag: str) -> str:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", source, re.DOTALL)
    return match.group(1) if match else ""


def read_timeml(path: Path) -> Document:
    """A TimeML file: the text of ``<TEXT>``, the DCT value, the TIMEX3 elements."""
    source = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT>.*?value="([^"]+)"', source, re.DOTALL)
    text, gold = _strip(_between(source, "TEXT"), "TIMEX3")
    return Document(path.stem, text, dct.group(1) if dct else None, gold)


def read_timex2(path: Path) -> Document:
    """An inline TIMEX2 file: the text of ``<TEXT>``, the ``<DATETIME>`` value, TIMEX2s."""
    source = path.read_text(encoding="utf-8")
    dct = re.search(r'<DATETIME>.*?val="([^"]+)"', source, re.DOTALL)
    text, gold = _strip(_between(source, "TEXT"), "TIMEX2")
    return Document(path.name.split(".")[0], text, dct.group(1)[:10] if dct else None, gold)


@dataclass
class Score:
    """Counts over a set of documents, and the F1 figures TempEval-3 reports."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_correct: int = 0
    type_correct: int = 0
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @staticmethod
    def _f1(matched: int, gold: int, system: int) -> float:
        if not matched:
            return 0.0
        precision, recall = matched / system, matched / gold
        return 2 * precision * recall / (precision + recall)

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict, self.gold, self.system)

    @property
    def relaxed_f1(self) -> float:
        return self._f1(self.relaxed, self.gold, self.system)

    @property
    def value_f1(self) -> float:
        return self.relaxed_f1 * (self.value_correct / self.relaxed if self.relaxed else 0)

    @property
    def type_f1(self) -> float:
        return self.relaxed_f1 * (self.type_correct / self.relaxed if self.relaxed else 0)

    def note(self, kind: str, example: str, keep: int = 8) -> None:
        self.errors[kind] += 1
        examples = self.examples.setdefault(kind, [])
        if len(examples) < keep:
            examples.append(example)

    def line(self) -> str:
        return (f"strict F1 {100 * self.strict_f1:5.1f}  relaxed F1 {100 * self.relaxed_f1:5.1f}"
                f"  value F1 {100 * self.value_f1:5.1f}  type F1 {100 * self.type_f1:5.1f}"
                f"  (gold {self.gold}, system {self.system})")


def _overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def score(gold: list[Timex], system: list[Timex], into: Score, name: str = "") -> Score:
    """Add one document's comparison to ``into`` (and note its errors by class)."""
    into.gold += len(gold)
    into.system += len(system)
    used: set[int] = set()
    for g in gold:
        match = next((i for i, s in enumerate(system)
                      if i not in used and (s.start, s.end) == (g.start, g.end)), None)
        if match is None:
            match = next((i for i, s in enumerate(system)
                          if i not in used and _overlaps(s, g)), None)
        if match is None:
            into.note("missed", f"{name}: {g.text!r} {g.value}")
            continue
        used.add(match)
        s = system[match]
        into.relaxed += 1
        if (s.start, s.end) == (g.start, g.end):
            into.strict += 1
        else:
            into.note("extent", f"{name}: gold {g.text!r} system {s.text!r}")
        if (s.value or "") == (g.value or ""):
            into.value_correct += 1
        else:
            into.note(f"value:{_shape(g.value)}",
                      f"{name}: {g.text!r} gold {g.value} system {s.value}")
        if g.type is None or s.type == g.type:
            into.type_correct += 1
        else:
            into.note("type", f"{name}: {g.text!r} gold {g.type} system {s.type}")
    for i, s in enumerate(system):
        if i not in used:
            into.note("spurious", f"{name}: {s.text!r} {s.value}")
    return into


def _shape(value: str | None) -> str:
    """A coarse class of a gold value: its digits and letters folded ("9999-99-99")."""
    if not value:
        return "none"
    return re.sub(r"[A-Z]+", "A", re.sub(r"\d", "9", value))[:12]


def total(scores: Iterable[Score]) -> Score:
    """The sum of several scores."""
    result = Score()
    for part in scores:
        for name in ("gold", "system", "strict", "relaxed", "value_correct", "type_correct"):
            setattr(result, name, getattr(result, name) + getattr(part, name))
        result.errors.update(part.errors)
        for kind, examples in part.examples.items():
            result.examples.setdefault(kind, []).extend(examples)
    return result


#: The shared temporal evaluation sets, read from ../shared (never copied).
TEMPORAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "temporal"


def sets() -> dict[str, tuple[str, bool, list[Document]]]:
    """Each evaluation part: its language, whether it is narrative, its documents. TimeBank
    and WikiWarsDE 01–07 are the development parts; AQUAINT and WikiWarsDE 08–11 are held
    out."""
    tbaq, wikiwars = TEMPORAL / "tbaq", TEMPORAL / "wikiwarsde-dev" / "keyinline"
    german = [read_timex2(p) for p in sorted(wikiwars.glob("*.xml"))]

    def english(part: str) -> list[Document]:
        return [read_timeml(p) for p in sorted((tbaq / part).glob("*.tml"))]

    return {
        "TimeBank": ("en", False, english("TimeBank")),
        "AQUAINT": ("en", False, english("AQUAINT")),
        "WikiWarsDE 01–07": ("de", True, german[:7]),
        "WikiWarsDE 08–11": ("de", True, german[7:]),
    }


def evaluate(tagger: Callable[[Document, str, bool], list[Timex]],
             only: str | None = None) -> dict[str, Score]:
    """The scores of ``tagger(document, language, narrative)`` on every part of :func:`sets`
    (or those whose name contains ``only``), with WikiWarsDE 01–11 when both halves ran."""
    scores: dict[str, Score] = {}
    for name, (language, narrative, documents) in sets().items():
        if only and only not in name:
            continue
        part = Score()
        for document in documents:
            score(document.gold, tagger(document, language, narrative), part, document.name)
        scores[name] = part
    if "WikiWarsDE 01–07" in scores and "WikiWarsDE 08–11" in scores:
        scores["WikiWarsDE 01–11"] = total([scores["WikiWarsDE 01–07"],
                                            scores["WikiWarsDE 08–11"]])
    return scores
