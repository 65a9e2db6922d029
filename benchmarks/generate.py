"""Generate a realistic event log for the benchmarks: many agencies, two years, every common event type.

Each agency gets about ``events_per_agency`` events over 2023–2024: proactive items (about half), whole
application lifecycles (receipt, some corrections, consultations, extensions, fees, answers; some still
open at the year end), responses and interpretation, decisions, documents, staff, meetings, disputes.
The lines are written in date order, as a store would hold them, straight in the wire form.

Run: ``python benchmarks/generate.py OUT.jsonl [--agencies N] [--events-per-agency M] [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

import orjson

from opengov import events as ev

_DISPOSITIONS = [d.value for d in ev.Disposition if d is not ev.Disposition.WITHDRAWN]
_KINDS = [k.value for k in ev.ApplicantKind]
_CHANNELS = [c.value for c in ev.ApplicationChannel]
_PUBLISH = [c.value for c in ev.Channel]
_START = dt.date(2023, 1, 1)
_DAYS = 730


def _day(rng: random.Random) -> dt.date:
    return _START + dt.timedelta(days=rng.randrange(_DAYS))


def agency_events(agency: str, count: int, rng: random.Random) -> list[tuple[dt.date, dict[str, Any]]]:
    """About ``count`` wire-form events of one agency, each with its date."""
    out: list[tuple[dt.date, dict[str, Any]]] = []
    n = 0

    def add(day: dt.date, tag: str, **fields: Any) -> None:
        nonlocal n
        n += 1
        out.append(
            (
                day,
                {
                    "type": tag,
                    "v": 1,
                    "id": f"{agency}-{n}",
                    "agency": agency,
                    "at": day.isoformat(),
                    **fields,
                },
            )
        )

    add(_START, "agency_registered", name=f"示例机关{agency}")
    for staff in range(rng.randrange(1, 6)):
        add(_START, "staff_assigned", staff_id=f"p{staff}", role=rng.choice(["full_time", "part_time"]))
    add(_START, "office_opened", office_id="o1", kind="dedicated_office")
    applications = 0
    while len(out) < count:
        roll = rng.random()
        day = _day(rng)
        if roll < 0.50:
            channels = rng.sample(_PUBLISH, rng.choice((1, 1, 1, 2)))
            add(
                day,
                "item_published",
                item_id=f"i{len(out)}",
                kind="ordinary",
                channels=channels,
                document_id=None,
            )
        elif roll < 0.56:
            add(day, "interpretation_published", article_id=f"a{len(out)}", title=None, topic_id=None)
        elif roll < 0.58:
            add(
                day,
                "public_concern_responded",
                topic_id=f"t{rng.randrange(30)}",
                channel=rng.choice(["weibo", "wechat", "other"]),
            )
        elif roll < 0.59:
            add(day, "press_conference_held", principal_attended=rng.random() < 0.3, topic_id=None)
        elif roll < 0.61:
            add(
                day,
                "decisions_recorded",
                kind=rng.choice(["licensing", "penalty", "coercive_measure"]),
                count=rng.randrange(1, 40),
            )
        elif roll < 0.62:
            add(day, "document_issued", document_id=f"d{len(out)}", kind="normative_document", title=None)
        elif roll < 0.63:
            add(day, "meeting_held", title=None)
        elif roll < 0.635:
            add(day, "training_held", attendees=rng.randrange(5, 80), title=None)
        elif roll < 0.64:
            case = f"c{len(out)}"
            add(day, "reconsideration_filed", case_id=case, application_id=None)
            if rng.random() < 0.8:
                decided = day + dt.timedelta(days=rng.randrange(20, 90))
                add(
                    decided,
                    "reconsideration_decided",
                    case_id=case,
                    outcome=rng.choice(["upheld", "corrected", "other"]),
                )
        else:
            applications += 1
            app = f"app{applications}"
            add(
                day,
                "application_received",
                application_id=app,
                channel=rng.choice(_CHANNELS),
                applicant=rng.choice(_KINDS),
                applicant_id=None,
                subject=None,
            )
            clock = day
            if rng.random() < 0.1:
                clock += dt.timedelta(days=3)
                add(clock, "correction_requested", application_id=app)
                clock += dt.timedelta(days=rng.randrange(2, 10))
                add(clock, "correction_received", application_id=app)
            if rng.random() < 0.05:
                add(
                    clock + dt.timedelta(days=1),
                    "consultation_started",
                    application_id=app,
                    consultation_id="c",
                    party="third_party",
                )
                clock += dt.timedelta(days=rng.randrange(5, 15))
                add(clock, "consultation_ended", application_id=app, consultation_id="c")
            extended = rng.random() < 0.1
            if extended:
                add(
                    clock + dt.timedelta(days=20),
                    "deadline_extended",
                    application_id=app,
                    working_days=15,
                    reason=None,
                )
            if rng.random() < 0.97:
                taken = rng.randrange(25, 50) if extended else rng.randrange(1, 27)
                add(
                    clock + dt.timedelta(days=taken),
                    "application_concluded",
                    application_id=app,
                    disposition=rng.choice(_DISPOSITIONS),
                    on_the_spot=False,
                )
    return out


def generate(path: Path, *, agencies: int, events_per_agency: int, seed: int) -> int:
    """Write the log to ``path`` in date order; return the number of lines."""
    rng = random.Random(seed)
    dated: list[tuple[dt.date, int, bytes]] = []
    for a in range(agencies):
        for number, (day, event) in enumerate(agency_events(f"ag{a:05d}", events_per_agency, rng)):
            dated.append((day, a * 10_000_000 + number, orjson.dumps(event)))
    dated.sort(key=lambda t: (t[0], t[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for _, _, line in dated:
            handle.write(line + b"\n")
    return len(dated)


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--events-per-agency", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    lines = generate(
        args.out, agencies=args.agencies, events_per_agency=args.events_per_agency, seed=args.seed
    )
    print(f"{lines} events for {args.agencies} agencies written to {args.out}")


if __name__ == "__main__":
    main()
