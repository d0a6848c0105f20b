"""The sandbox's state: named tables of JSON documents, each owned by one workspace.

This is the only package that knows how state is kept. The rest of the code sees `Store`,
whose interface is narrow (get / find / count / insert / update / remove, plus
transactions, and `memo` for values derived from a table until it changes).

How it is kept, and why:
- In memory, table by table: documents by id, the ids of each workspace, and indexes
  built the first time a query filters on a field (equality, list membership,
  case-insensitive equality, equality under a key function) and kept up to date by every
  write. A lookup by id or by an indexed value costs the same whatever the number of
  records; a query costs what its results cost. TinyDB's own Table rebuilds the table on
  every write, and its JSON storage rewrites the whole file, so each request used to cost
  time in proportion to everything stored.
- On disk, plain TinyDB: the database file is TinyDB's JSON (`{"table": {"1": {...}}}`,
  which `tinydb.TinyDB(path)` opens), read with TinyDB's JSONStorage at start. Between
  snapshots every committed transaction is appended to a journal (`<db>.journal`), one
  checksummed line each, before the request that made it is answered: a write a client saw
  acknowledged survives `kill -9` (and power loss with `fsync=True`). A background thread
  compacts the journal into a new snapshot once the journal is as long as the snapshot (8 MB
  at least, so rewriting the store costs each write the same share at any size). The
  snapshot is encoded a slice of documents at a time (one encoder call would hold the GIL,
  and stop every request, for the whole store) and written atomically (temporary file,
  fsync, rename); the previous snapshot is kept as `<db>.bak` with the journal since it
  (`<db>.journal.old`, read only when the snapshot is damaged and the backup is loaded).
  Journal operations are full-state (put a whole document, delete an id), so replaying a
  journal over a snapshot that already has its effects is harmless. The journal's format,
  and what happens when a line cannot be written or read back, is `journal.py`'s; a
  commit that cannot be journalled whole is rolled back and raises `StoreWriteError` (a
  500). What loading had to repair (backup used, damaged lines skipped, torn tail dropped,
  damaged files kept aside) is in `Store.recovery`. Loading pauses the cyclic garbage
  collector, which would otherwise walk the growing heap again and again.
- Concurrency: a transaction that writes holds the write lock from its first write (or
  from `begin(write=True)`) to its end, so writers are serialised: no lost update, no
  duplicate id. Readers take no lock and run alongside a writer; they may see the
  writer's changes before it commits (the sandbox does not promise isolation).

The package, one concern a module: `records` (what callers get: `Record`, the conditions
`Contains` and `IEquals`, copying), `indexes` (matching conditions, and the indexes that
answer them), `tables` (one table's documents and indexes), `store` (`Store`: reads and
writes), `transactions` (begin / end, the write lock, rollback) and `persistence` (the
files: loading, the journal, compaction, close).
"""

from sandbox.core.journal import Recovery, StoreWriteError, journal_line
from sandbox.core.snapshot import SNAPSHOT_SLICE, StoreError, snapshot_text
from sandbox.core.storage.persistence import COMPACT_AT_BYTES as COMPACT_AT_BYTES
from sandbox.core.storage.records import WORKSPACE_KEY, Contains, IEquals, Keyed, Record
from sandbox.core.storage.store import MEMO_SIZE as MEMO_SIZE
from sandbox.core.storage.store import MEMORY, Store

__all__ = [
    "MEMORY",
    "SNAPSHOT_SLICE",
    "WORKSPACE_KEY",
    "Contains",
    "IEquals",
    "Keyed",
    "Record",
    "Recovery",
    "Store",
    "StoreError",
    "StoreWriteError",
]

# The names these helpers had here before they moved out, for the code and tests using them.
_journal_line = journal_line
_snapshot_text = snapshot_text
