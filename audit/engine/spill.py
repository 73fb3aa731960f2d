"""Normalised tables kept on disk while a large corpus is audited (PRODUCT.md §10).

The wide tables a corpus is normalised into (``sentences``, ``timexes``, ``assertions``:
their texts, lists and dates are most of the memory an audit takes) grow with the corpus.
Above :data:`audit.config.SPILL_ABOVE` characters of text (``[tool.audit] spill-above``) each worker
writes its partition's rows of them to a spill folder as soon as it has built them and run
the article-scope checks on them; the process that gathers the partitions then holds only
the ``articles`` and ``entities`` tables and the findings. A corpus-scope check that asks
for a spilled table reads it back for the time it runs (:meth:`SpilledTables.release`
afterwards): the documented cost of a check that takes whole tables. A check that declares
the columns it reads (``@reads``, audit.tables) and the reports read back only those
columns, a partition at a time (:func:`columns_of`).

The files are pickles of the partitions' columns, one after the other, then where each
begins (:func:`write_columns`), not Parquet: they are private to one run and read back into
exactly the frames that were written (lists, dates and the Arrow text columns as they were),
which Parquet would turn into arrays and timestamps; and a reader that wants some columns
unpickles only those (:func:`read_columns`), not the lists of every claim around them. The
folder is a temporary one (under ``TMPDIR``), removed when the tables are no longer used or
the process ends.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import pickle
import shutil
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from pathlib import Path

import pandas as pd

from audit import collector
from audit.findings import ReportedFinding
from audit.tables import COLUMNS, LAZY, Tables, concat, frame

#: The tables written to disk; ``articles`` and ``entities`` stay (entity keys are read over
#: the whole corpus once all partitions are in).
SPILLED = ("sentences", "timexes", "assertions")
#: The lazy tables each worker writes its partition's part of, when it makes them
#: (``link``): a quantity is read from its own article's claims only, so the partitions'
#: parts in order are the corpus's table, and the gathering process never holds it
#: (at 10kGNAD x16, 19 MB gathered and then put together in it).
PARTITIONED = ("quantities",)
#: Partitions of a spilled table kept after :meth:`SpilledTables.rows_of` read them.
_RECENT = 8


def spill_folder() -> Path:
    """A new temporary folder for one run's spilled tables."""
    return Path(tempfile.mkdtemp(prefix="audit-spill-"))


def spill_partition(folder: Path, number: int, tables: dict[str, pd.DataFrame]) -> None:
    """Write partition ``number``'s rows of the :data:`SPILLED` tables into ``folder`` and
    take them out of ``tables``."""
    for name in SPILLED:
        write_columns(folder / f"{name}-{number:06d}.pickle", tables.pop(name))


def write_columns(path: Path, table: pd.DataFrame) -> None:
    """Write ``table`` to ``path`` as :func:`read_columns` reads it: each column pickled on
    its own, then where each begins (a dict), then where that dict begins (8 bytes)."""
    starts: dict[str, int] = {}
    with path.open("wb") as out:
        for column in table.columns:
            starts[column] = out.tell()
            pickle.dump(table[column], out, protocol=pickle.HIGHEST_PROTOCOL)
        index = out.tell()
        pickle.dump(starts, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(index.to_bytes(8, "little"))


def read_columns(path: Path, wanted: Sequence[str] | None = None) -> pd.DataFrame:
    """The table :func:`write_columns` wrote to ``path``, only its columns ``wanted`` (in
    that order; all by default): the others are never unpickled."""
    with path.open("rb") as handle:
        handle.seek(-8, os.SEEK_END)
        handle.seek(int.from_bytes(handle.read(8), "little"))
        starts = pickle.load(handle)
        columns = {}
        for column in starts if wanted is None else wanted:
            handle.seek(starts[column])
            columns[column] = pickle.load(handle)
    return pd.DataFrame(columns, copy=False)


#: The memory maps of the texts moved to disk (:func:`mapped_texts`) still in use.
_MAPPED: weakref.WeakSet = weakref.WeakSet()
#: The Arrow text columns of ``articles`` that :func:`mapped_texts` moves to disk.
_TEXT_COLUMNS = ("text", "title")


def mapped_texts(articles: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """``articles`` with its texts and titles (Arrow columns) read from a file in
    ``folder``, memory-mapped, instead of held in this process: a page of the file is
    resident only from when a text on it is read until :func:`give_back_texts`, so the
    texts are not part of this process's memory for the rest of the run, nor of the
    worker processes forked from it. The arrays shared by both columns (titles that are
    their texts' first lines, the whole text) are written once. The values are the same."""
    import mmap

    import pyarrow as pa

    columns = [column for column in _TEXT_COLUMNS
               if column in articles and str(articles[column].dtype) == "str"]
    if not columns or not hasattr(mmap, "MADV_DONTNEED"):
        return articles
    chunked = {column: articles[column].array.__arrow_array__() for column in columns}
    if len({array.type for array in chunked.values()}) > 1:
        return articles
    # an array is written once: a chunk on the buffers of one written (the titles that
    # are slices of the texts' arrays) is a slice of it (its batch, offset, length)
    written: dict[tuple, tuple[int, int, int]] = {}
    placed: dict[str, list[tuple[int, int, int]]] = {column: [] for column in columns}
    path = folder / "texts.arrow"
    value_type = chunked[columns[0]].type
    with pa.OSFile(str(path), "wb") as sink, \
            pa.ipc.new_file(sink, pa.schema([("values", value_type)])) as writer:
        for column in columns:
            for chunk in chunked[column].chunks:
                buffers = tuple(buffer.address if buffer is not None else 0
                                for buffer in chunk.buffers())
                known = written.get(buffers)
                if known is None or not known[1] <= chunk.offset <= \
                        chunk.offset + len(chunk) <= known[1] + known[2]:
                    known = written[buffers] = (len(written), chunk.offset, len(chunk))
                    writer.write_batch(pa.record_batch([chunk], names=["values"]))
                placed[column].append((known[0], chunk.offset - known[1], len(chunk)))
    with path.open("rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    reader = pa.ipc.open_file(pa.py_buffer(mapping))
    batches = [reader.get_batch(number).column(0) for number in range(reader.num_record_batches)]
    mapped = articles.copy(deep=False)
    for column in columns:
        mapped[column] = pd.array(pa.chunked_array(
            [batches[number].slice(offset, length) for number, offset, length in placed[column]],
            type=value_type), dtype="str")
    _MAPPED.add(mapping)
    give_back_texts()
    return mapped


#: Texts read from the mapped file between two calls of :func:`give_back_texts` by those
#: who read them one at a time (the reports, the findings' excerpts, the checks). A read
#: maps more of the file than its text (at 10kGNAD x16 about 0.5 MB, the page cache's
#: large folios): read in corpus order, neighbours share those pages; read here and there
#: (the findings of a corpus-scope check, the timeline's dated claims), 256 reads mapped
#: the whole file (+40 MB resolving CON005's 304 findings). 16 reads map at most 8 MB; a
#: call costs 3 µs and the pages read again, and nothing where no texts are mapped.
GIVE_BACK_EVERY = 16


def give_back_texts() -> None:
    """Let go of the pages of the mapped texts (:func:`mapped_texts`) read so far: they
    are read from the file again when next asked for."""
    import mmap

    for mapping in list(_MAPPED):
        mapping.madvise(mmap.MADV_DONTNEED)


class _Spill:
    """One run's spill folder and what has been read back from it, shared by the views of
    its tables; the folder is removed when the last of them is gone. ``partition_of``: the
    partition each audited article's rows are in (by article id)."""

    def __init__(self, folder: Path, partitions: int, partition_of: dict[str, int] | None = None):
        self.folder = folder
        self.partitions = partitions
        self.partition_of = partition_of or {}
        self.loaded: dict[str, pd.DataFrame] = {}
        #: the event of each claim that has one (assertion id to event id): building
        #: ``events`` fills ``assertions.event_id``, set again on every read
        self.event_of: dict[str, str] | None = None
        self._recent: OrderedDict[tuple[str, int], pd.DataFrame] = OrderedDict()
        weakref.finalize(self, shutil.rmtree, folder, True)

    def files(self, name: str) -> list[Path]:
        return [self.folder / f"{name}-{n:06d}.pickle" for n in range(self.partitions)]

    def part(self, name: str, number: int, wanted: Sequence[str]) -> pd.DataFrame:
        """Partition ``number``'s rows of table ``name``, the columns ``wanted``; the last
        few read are kept, so that key groups of neighbouring articles do not read one file
        again and again."""
        key = (name, number, tuple(wanted))
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        part = read_columns(self.folder / f"{name}-{number:06d}.pickle", wanted)
        self._recent[key] = part
        while len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return part

    def parts(self, name: str, wanted: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """Each partition's rows of table ``name`` (only the columns ``wanted``), read as
        they are asked for: a reader that keeps some rows of each holds one partition whole
        at a time, not all of them (at 10kGNAD x16, CON004's claims about an event were
        29,488 rows of 8 MB read out of 66 MB of whole columns)."""
        for path in self.files(name):
            yield read_columns(path, wanted)

    def with_event_ids(self, name: str, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` (rows of ``name``) with ``event_id`` set from :attr:`event_of` where it
        is ``assertions`` with that column and events were built."""
        if name == "assertions" and self.event_of is not None and "event_id" in table:
            table["event_id"] = pd.array(
                [self.event_of.get(a) for a in table.assertion_id.tolist()], dtype="str")
        return table


class _Linked(MutableMapping):
    """The lazy tables of a spilled corpus once built (``quantities``, ``events``: linked
    over the corpus, :func:`audit.normalise.build.link_parts`, or built when first asked
    for): written to the spill folder, read back when a check asks for one and kept until
    :meth:`release`, as the wide tables are (at 10kGNAD x16 they were 31 MB held to the end
    of the run). A table each worker wrote a partition of (:attr:`partitioned`:
    ``quantities``, which needs nothing from other partitions) is read back from those
    files, whole or (:meth:`SpilledTables.columns`) some columns a partition at a time."""

    def __init__(self, folder: Path, spill: _Spill | None = None):
        self._folder = folder
        self._spill = spill
        self._names: list[str] = []
        self._held: dict[str, pd.DataFrame] = {}
        #: the tables written by partition (``{name}-{number}.pickle``, as the wide ones)
        self.partitioned: list[str] = []

    def add_partitioned(self, name: str) -> None:
        """Table ``name`` is in the spill folder, a file per partition (the workers wrote
        them)."""
        if name not in self._names:
            self._names.append(name)
        self.partitioned.append(name)

    def _path(self, name: str) -> Path:
        return self._folder / f"linked-{name}.pickle"

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._held:
            if name not in self._names:
                raise KeyError(name)
            self._held[name] = concat(name, list(self._spill.parts(name))) \
                if name in self.partitioned else read_columns(self._path(name))
        return self._held[name]

    def __setitem__(self, name: str, table: pd.DataFrame) -> None:
        write_columns(self._path(name), table)
        if name not in self._names:
            self._names.append(name)
        if name in self.partitioned:  # (the one file is read from now on)
            self.partitioned.remove(name)
        self._held[name] = table

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._held.pop(name, None)
        if name in self.partitioned:
            self.partitioned.remove(name)
        self._path(name).unlink(missing_ok=True)

    def held(self, name: str) -> bool:
        """Whether table ``name`` is in memory (read back and not released since)."""
        return name in self._held

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def release(self) -> None:
        """Forget the tables read back (they are read again when next asked for)."""
        self._held.clear()


class SpilledTables(Tables):
    """:class:`audit.tables.Tables` whose :data:`SPILLED` tables are read from a spill
    folder when first asked for and kept until :meth:`release`. ``assertions.event_id``,
    which building ``events`` fills, is kept apart and set again on each read."""

    def __init__(self, articles: pd.DataFrame, entities: pd.DataFrame | None, spill: _Spill,
                 _built: dict | None = None):
        # (``entities`` None: on disk, :meth:`keep_entities_on_disk`)
        self.__dict__.update(articles=articles, _entities=entities, _spill=spill,
                             _built={} if _built is None else _built)

    @property
    def entities(self) -> pd.DataFrame:
        """The ``entities`` table: held, or read back from the spill folder when first
        asked for and kept until :meth:`release` (:meth:`keep_entities_on_disk`)."""
        if self._entities is not None:
            return self._entities
        loaded = self._spill.loaded
        if "entities" not in loaded:
            loaded["entities"] = read_columns(self._entities_path)
        return loaded["entities"]

    @entities.setter
    def entities(self, table: pd.DataFrame) -> None:
        self.__dict__["_entities"] = table

    @property
    def _entities_path(self) -> Path:
        return self._spill.folder / "entities.pickle"

    def keep_entities_on_disk(self) -> None:
        """Write ``entities`` (its keys filled: the corpus is all in) to the spill folder
        and let it go: it is read back, whole or some columns, only for the checks that
        ask for it, and not held through the others and the reports (at 10kGNAD x16,
        27 MB)."""
        if self._entities is not None:
            write_columns(self._entities_path, self._entities)
            self.__dict__["_entities"] = None

    @classmethod
    def read_from(cls, folder: Path, partitions: int, articles: pd.DataFrame,
                  entities: pd.DataFrame, partition_of: dict[str, int] | None = None,
                  partitioned: Iterable[str] = ()) -> SpilledTables:
        """The tables of a corpus whose ``partitions`` partitions were spilled into
        ``folder`` (:func:`spill_partition`), with its ``articles`` and ``entities``;
        ``partition_of`` gives the partition of each audited article (by id);
        ``partitioned``: the lazy tables the workers wrote a part of with each partition
        (:data:`PARTITIONED`)."""
        spill = _Spill(folder, partitions, partition_of)
        linked = _Linked(folder, spill)
        for name in partitioned:
            linked.add_partitioned(name)
        return cls(articles, entities, spill, linked)

    def _by_partition(self, name: str) -> bool:
        """Whether table ``name`` is read from the spill folder a partition at a time (a
        wide table, or a lazy one written by partition) rather than taken whole."""
        if name in SPILLED:
            return name not in self._spill.loaded
        built = self._built
        return isinstance(built, _Linked) and name in built.partitioned \
            and not built.held(name)

    def with_articles(self, articles: pd.DataFrame) -> SpilledTables:
        """The same tables with another ``articles`` table (the audited rows)."""
        return SpilledTables(articles, self._entities, self._spill, self._built)

    def _read(self, name: str) -> pd.DataFrame:
        spill = self._spill
        if name not in spill.loaded:
            spill.loaded[name] = spill.with_event_ids(name, concat(name, spill.parts(name)))
        return spill.loaded[name]

    def columns(self, name: str, wanted: Sequence[str], rows_with: str | None = None
                ) -> pd.DataFrame:
        """Only the columns ``wanted`` of table ``name`` (only the rows where the column
        ``rows_with`` is set), read a partition at a time (the table is never whole in
        memory, unless a check holds it already)."""
        spill = self._spill
        if name == "entities" and self._entities is None and name not in spill.loaded:
            table = read_columns(self._entities_path,
                                 list(dict.fromkeys([*wanted, rows_with])) if rows_with
                                 else list(wanted))
            return _narrowed(table, wanted, rows_with)
        if not self._by_partition(name):
            return _narrowed(self[name], wanted, rows_with)
        # (the events of the claims are set by their ids)
        by_id = name == "assertions" and "event_id" in wanted and "assertion_id" not in wanted
        read = [*wanted, "assertion_id"] if by_id else list(wanted)
        parts = []
        for part in spill.parts(name, read):
            part = spill.with_event_ids(name, part)
            if rows_with is not None:
                part = part[part[rows_with].notna().to_numpy(dtype=bool)]
            parts.append(part.drop(columns="assertion_id") if by_id else part)
        parts = [part for part in parts if len(part)] or [frame(name, [])[list(wanted)]]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else \
            parts[0].reset_index(drop=True)

    def rows_of(self, name: str, article_ids: Iterable[str],
                wanted: Sequence[str] | None = None) -> pd.DataFrame:
        """The rows of table ``name`` of the articles ``article_ids`` (only the columns
        ``wanted``, all by default), in corpus order, read from only the partitions that
        hold those articles: what a key group of a few articles needs, without the
        whole table in memory (a table already read back is filtered instead)."""
        ids = set(article_ids)
        columns = COLUMNS[name] if wanted is None else list(wanted)
        spill = self._spill
        if not self._by_partition(name):
            table = self[name]
            return table.loc[table.article_id.isin(ids).to_numpy(dtype=bool), columns] \
                .reset_index(drop=True)
        numbers = sorted({spill.partition_of[a] for a in ids if a in spill.partition_of})
        parts = []
        for number in numbers:
            part = spill.part(name, number, list(dict.fromkeys(["article_id", *columns]))) \
                if isinstance(spill, _Spill) else spill.part(name, number)
            parts.append(part.loc[part.article_id.isin(ids).to_numpy(dtype=bool), columns])
        parts = [part for part in parts if len(part)]
        if not parts:
            return frame(name, [])[columns]
        table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else \
            parts[0].reset_index(drop=True)
        return spill.with_event_ids(name, table)

    def release(self) -> None:
        """Forget the tables read back (they are read again when next asked for), and give
        the memory freed back to the system (a check's narrow columns of them too)."""
        self._spill.loaded.clear()
        if isinstance(self._built, _Linked):
            self._built.release()
        give_back_texts()
        collector.give_back()

    def _lazy(self, name: str) -> pd.DataFrame:
        """A lazy table, built from only the columns its module says it reads (``READS``:
        {table: [columns]}) where it says so, the spilled ones read a partition at a time;
        from the whole tables otherwise."""
        if name in self._built:
            return self._built[name]
        module_name, function = LAZY[name]
        module = importlib.import_module(module_name)
        reads = getattr(module, "READS", None)
        if reads is None:
            source: Tables = self
        else:
            source = Tables(**{table: self.columns(table, reads[table]) if table in reads
                               and table in SPILLED else frame(table, []) if table in SPILLED
                               else getattr(self, table)
                               for table in ("articles", "sentences", "timexes", "entities",
                                             "assertions")})
        built = self._built[name] = getattr(module, function)(source)
        if name == "events":  # building it filled assertions.event_id
            claims = source.assertions
            self._spill.event_of = {
                assertion_id: event_id for assertion_id, event_id in zip(
                    claims.assertion_id.tolist(), claims.event_id.tolist(), strict=True)
                if isinstance(event_id, str)}
            if "assertions" in self._spill.loaded:  # (a check holds it: its copy too)
                self._spill.with_event_ids("assertions", self._spill.loaded["assertions"])
        return built

    @property
    def sentences(self) -> pd.DataFrame:
        return self._read("sentences")

    @property
    def timexes(self) -> pd.DataFrame:
        return self._read("timexes")

    @property
    def assertions(self) -> pd.DataFrame:
        return self._read("assertions")


def columns_of(tables: Tables, name: str, wanted: Sequence[str],
               rows_with: str | None = None) -> pd.DataFrame:
    """The columns ``wanted`` of table ``name`` (only the rows where the column
    ``rows_with`` is set, numbered from 0), read back a partition at a time where the
    tables are spilled."""
    if isinstance(tables, SpilledTables):
        return tables.columns(name, wanted, rows_with)
    return _narrowed(tables[name], wanted, rows_with)


def _narrowed(table: pd.DataFrame, wanted: Sequence[str], rows_with: str | None
              ) -> pd.DataFrame:
    narrow = table[list(wanted)]
    if rows_with is None:
        return narrow
    return narrow[table[rows_with].notna().to_numpy(dtype=bool)].reset_index(drop=True)


#: Findings pickled together in a :class:`FindingsFile`, and read back together.
FINDINGS_BLOCK = 512
#: Blocks of a :class:`FindingsFile` kept once read.
_BLOCKS_KEPT = 4
_FINDING_FIELDS = tuple(field.name for field in dataclasses.fields(ReportedFinding))


class FindingsFile(Sequence):
    """Findings kept in a file instead of in memory, in their order: pickled in blocks of
    :data:`FINDINGS_BLOCK`, read back a block at a time (the last few read are kept, so
    that looking at neighbouring findings does not read a block again). At 10kGNAD x16 the
    36,704 findings held in memory were 33 MB. The file is open for as long as this is
    used (it is read through the handle, so it may be removed from its folder)."""

    def __init__(self, handle, starts: list[int], count: int):
        self._handle = handle
        self._starts = starts
        self._count = count
        self._blocks: OrderedDict[int, list] = OrderedDict()
        weakref.finalize(self, handle.close)

    @classmethod
    def write(cls, path: Path, findings: Iterable[ReportedFinding]) -> FindingsFile:
        """Write ``findings`` (any iterable, consumed once) to ``path``; the file's view.
        Each finding is written as the tuple of its fields (pickled and read back about
        four times as fast as the object)."""
        starts: list[int] = []
        count = 0
        handle = path.open("w+b")
        block: list[tuple] = []

        def flush() -> None:
            starts.append(handle.tell())
            pickle.dump(block, handle, protocol=pickle.HIGHEST_PROTOCOL)

        for finding in findings:
            block.append(tuple(getattr(finding, name) for name in _FINDING_FIELDS))
            if len(block) == FINDINGS_BLOCK:
                flush()
                count += len(block)
                block = []
        if block:
            flush()
            count += len(block)
        handle.flush()
        return cls(handle, starts, count)

    def _block(self, number: int) -> list[ReportedFinding]:
        if number in self._blocks:
            self._blocks.move_to_end(number)
            return self._blocks[number]
        self._handle.seek(self._starts[number])
        block = self._blocks[number] = [ReportedFinding(*fields)
                                        for fields in pickle.load(self._handle)]
        while len(self._blocks) > _BLOCKS_KEPT:
            self._blocks.popitem(last=False)
        return block

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("finding index out of range")
        return self._block(index // FINDINGS_BLOCK)[index % FINDINGS_BLOCK]

    def __iter__(self) -> Iterator:
        for number in range(len(self._starts)):
            yield from self._block(number)

    def __repr__(self) -> str:
        return f"FindingsFile({self._count} findings)"
