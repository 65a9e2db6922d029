"""A separate process writing to a SQLite store, driven by tests/test_store_sqlite.py.

Usage: ``python _store_worker.py MODE PATH [ARGS]``, one of

- ``write TARGET SCHEMA NAME BATCHES``: TARGET is a SQLite path or a PostgreSQL URL (SCHEMA its schema, or
  ``-``). Append BATCHES batches of 1-20 events: odd batches to the agency NAME without a version check,
  even batches to the agency ``shared`` with ``expected_version`` from a fresh ``version()``, retrying on a
  conflict. Every batch is appended twice, the second time as a retry that must store nothing. Print
  ``done EVENTS CONFLICTS`` at the end, or ``error <message>``.

- ``race PATH AGENCY NAME``: print ``ready``; then for each line ``EXPECTED COUNT`` read from stdin, append
  COUNT events of AGENCY (ids ``NAME-<line>-<i>``) with that expected version and print ``ok``,
  ``conflict`` or ``error <message>``.
- ``loop PATH PREFIX SIZE``: append batches of SIZE events (ids ``PREFIX-<batch>-<i>``) forever, printing
  each batch number once it is committed. The test kills it at a random moment.
- ``hang PATH PREFIX SIZE``: append one batch of SIZE events but, with every row written, print
  ``inside`` and sleep before COMMIT. The test kills it there.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
import time

from opengov.errors import ConcurrencyConflictError, OpengovError
from opengov.events import MeetingHeld
from opengov.store import EventStore, PostgresStore, SQLiteStore


def batch(agency: str, prefix: str, size: int) -> list[MeetingHeld]:
    return [MeetingHeld(id=f"{prefix}-{i}", agency=agency, at=dt.date(2024, 3, 1)) for i in range(size)]


def race(path: str, agency: str, name: str) -> None:
    with SQLiteStore(path) as store:
        print("ready", flush=True)
        for number, line in enumerate(sys.stdin):
            expected, count = (int(part) for part in line.split())
            try:
                store.append(batch(agency, f"{name}-{number}", count), expected_version=expected)
            except ConcurrencyConflictError:
                print("conflict", flush=True)
            except OpengovError as exc:
                print(f"error {exc}", flush=True)
            else:
                print("ok", flush=True)


def loop(path: str, prefix: str, size: int) -> None:
    with SQLiteStore(path) as store:
        number = 0
        while True:
            store.append(batch("a1", f"{prefix}-{number}", size))
            print(number, flush=True)
            number += 1


class _HangingStore(SQLiteStore):
    def _commit(self, db: sqlite3.Connection) -> None:
        print("inside", flush=True)
        time.sleep(60)
        super()._commit(db)


def hang(path: str, prefix: str, size: int) -> None:
    with _HangingStore(path) as store:
        store.append(batch("a1", prefix, size))


def _open(target: str, schema: str) -> EventStore:
    if target.startswith("postgresql://"):
        return PostgresStore(target, schema=schema, pool_size=1)
    return SQLiteStore(target)


def write(target: str, schema: str, name: str, batches: int) -> None:
    chance = random.Random(name)
    events = conflicts = 0
    with _open(target, schema) as store:
        for number in range(batches):
            size = chance.randint(1, 20)
            if number % 2:
                agency = name
                items = batch(agency, f"{name}-{number}", size)
                stored = store.append(items).count
            else:
                agency = "shared"
                items = batch(agency, f"{name}-{number}", size)
                while True:
                    try:
                        stored = store.append(items, expected_version=store.version(agency)).count
                        break
                    except ConcurrencyConflictError:
                        conflicts += 1
            retried = store.append(items).count
            if (stored, retried) != (size, 0):
                print(f"error batch {number}: stored {stored} then {retried} of {size}", flush=True)
                return
            events += size
    print(f"done {events} {conflicts}", flush=True)


if __name__ == "__main__":
    mode, path, *args = sys.argv[1:]
    if mode == "write":
        write(path, args[0], args[1], int(args[2]))
    elif mode == "race":
        race(path, args[0], args[1])
    elif mode == "loop":
        loop(path, args[0], int(args[1]))
    elif mode == "hang":
        hang(path, args[0], int(args[1]))
    else:
        sys.exit(f"unknown mode {mode!r}")
