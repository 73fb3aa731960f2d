"""The parts of the temporal tagger (``audit.normalise.timexes``): its grammar, tense,
calendar arithmetic and readings."""
