"""Attribution: who a claim is attributed to, and how cautiously it is stated.

One module a job: :mod:`.patterns` (resource entries as regular-expression source),
:mod:`.grammar` (a language's frames, source phrases and word lists, compiled once),
:mod:`.scan` (one screen pass over an article), :mod:`.speakers` (frames matched: source,
kind, cue), :mod:`.hedges` (hedges and conditionals), :mod:`.content` (what an attribution
reports), :mod:`.inheritance` (attributions carried across sentences). The rows of the
``assertions`` table are built from them in :mod:`audit.normalise.assertions`.
"""
