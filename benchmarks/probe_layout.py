"""What another store layout would give the replay: figures for a decision, not a goal checked.

``bench_replay.py`` shows the store's page queries and decoding take most of the budget its goal leaves
(a third of ``eventsourcing``'s time). This probe measures, on the same 300k-event store (made by
``bench_replay.py``), how much of that a different layout would take, so that the trade can be judged
before anything is built:

- **as stored**: the store's own page queries (each page of 500 rows' JSON and positions joined inside
  SQLite, as ``SQLiteStore.read_records`` reads it), then each page decoded into wire records
  (``opengov.wire.decode_joined``), timed apart;
- **sealed JSON pages**: the same pages kept one row each (a table of ``(first position, count, JSON)``,
  what a store could write when a range of the log is sealed), read in one query, then decoded the same way;
- **sealed msgpack pages**: each page's wire records encoded as one MessagePack array (``msgspec.msgpack``),
  read the same way and decoded by ``msgspec`` into the same wire records (checked equal when sealed).

Only the pages the fast path takes whole are probed (in the generated log, every page but the few holding
a text it leaves to the codec); the events counted are printed. The sealed tables are written once into a
copy kept beside the store in ``benchmarks/_data`` (git ignores it). Each measurement runs in a fresh
process, interleaved, the median of ``--repeat`` rounds in CPU time.

Run: ``python benchmarks/probe_layout.py [--repeat 5]`` (after ``bench_replay.py`` has made the store).
"""

from __future__ import annotations

import argparse

from _common import DATA, interleaved, load_average, run_script

_SEAL = """
import sqlite3, sys, typing, msgspec
from opengov.store.sqlite import _JOINED_PAGE
from opengov import wire
store, sealed = sys.argv[1], sys.argv[2]
db = sqlite3.connect(store)
last = db.execute("SELECT max(position) FROM events").fetchone()[0]
out = sqlite3.connect(sealed)
for table in ("json_pages", "msgpack_pages"):
    out.execute(f"CREATE TABLE {table} (first INTEGER PRIMARY KEY, count INTEGER NOT NULL, data BLOB)")
out.execute("CREATE TABLE taken (after INTEGER PRIMARY KEY, last INTEGER NOT NULL, count INTEGER NOT NULL)")
encoder = msgspec.msgpack.Encoder()
decoder = msgspec.msgpack.Decoder(list[typing.Union[tuple(wire._types().values())]])
cursor = events = 0
while cursor < last:
    page, joined = db.execute(_JOINED_PAGE, (cursor, last)).fetchone()
    positions = [int(p) for p in joined.split(b",")]
    cursor = positions[-1]
    records = wire.decode_joined(page, len(positions))
    if records is None:  # a page the fast path leaves to the codec: not probed
        continue
    events += len(records)
    packed = encoder.encode(records)
    assert decoder.decode(packed) == records, f"page {positions[0]}: MessagePack reads back otherwise"
    for table, data in (("json_pages", page), ("msgpack_pages", packed)):
        out.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (positions[0], len(records), data))
    out.execute("INSERT INTO taken VALUES (?, ?, ?)", (positions[0] - 1, positions[-1], len(records)))
out.commit()
print(json.dumps({"events": events}))
"""

_AS_STORED = """
import sqlite3, sys, time
from opengov.store.sqlite import _JOINED_PAGE
from opengov import wire
store, sealed = sys.argv[1], sys.argv[2]
taken = sqlite3.connect(sealed).execute("SELECT after, last, count FROM taken ORDER BY after").fetchall()
wire._decoders()  # built once per process, before the clock starts, as for the others
cpu = time.process_time()
db = sqlite3.connect(store)
pages = [db.execute(_JOINED_PAGE, (after, last)).fetchone()[0] for after, last, _ in taken]
read = time.process_time()
events = sum(len(wire.decode_joined(page, count)) for page, (_, _, count) in zip(pages, taken))
print(json.dumps({"read_cpu": read - cpu, "decode_cpu": time.process_time() - read, "events": events}))
"""

_SEALED = """
import sqlite3, sys, time, typing, msgspec
from opengov import wire
sealed, table = sys.argv[1], sys.argv[2]
if table == "json_pages":
    decode = wire.decode_joined
else:
    decoder = msgspec.msgpack.Decoder(list[typing.Union[tuple(wire._types().values())]])
    decode = lambda data, count: decoder.decode(data)
wire._decoders()
cpu = time.process_time()
pages = sqlite3.connect(sealed).execute(f"SELECT data, count FROM {table} ORDER BY first").fetchall()
read = time.process_time()
events = sum(len(decode(data, count)) for data, count in pages)
print(json.dumps({"read_cpu": read - cpu, "decode_cpu": time.process_time() - read, "events": events}))
"""


def main() -> None:
    """Seal the store's pages once, then time each layout's read and decoding, interleaved."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=300)
    parser.add_argument("--events-per-agency", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    stem = f"log-{args.agencies}x{args.events_per_agency}"
    store, sealed = DATA / f"{stem}.opengov.db", DATA / f"{stem}.sealed.db"
    if not store.exists():
        raise SystemExit(f"{store} is missing: run benchmarks/bench_replay.py first, which makes it")
    if not sealed.exists():
        print(f"sealing the pages of {store.name} …", flush=True)
        partial = sealed.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        run_script(_SEAL, str(store), str(partial))
        partial.rename(sealed)
    print(f"probing ({load_average()}) …", flush=True)
    best = interleaved(
        {
            "as stored": (_AS_STORED, str(store), str(sealed)),
            "sealed JSON pages": (_SEALED, str(sealed), "json_pages"),
            "sealed msgpack pages": (_SEALED, str(sealed), "msgpack_pages"),
        },
        args.repeat,
    )
    for label, result in best.items():
        read, decode = result["read_cpu"], result["decode_cpu"]
        print(
            f"{label:<22} read {read:5.3f} s CPU, decoded {decode:5.3f} s: {read + decode:5.3f} s "
            f"for {int(result['events']):,} events"
        )
    print(load_average())


if __name__ == "__main__":
    main()
