"""An item published again as another kind: counted once, as its first kind, and reported (both paths)."""

from __future__ import annotations

import datetime as dt
import io

from opengov import events as ev
from opengov.codec import encode_line
from opengov.fold import Period, PeriodFold, fold_facts
from opengov.wire import iter_records

Y2024 = Period.year(2024)


def _published(event_id: str, day: dt.date, kind: ev.ItemKind, channel: ev.Channel) -> ev.ItemPublished:
    return ev.ItemPublished(id=event_id, agency="a", at=day, item_id="i", kind=kind, channels=[channel])


LOG = [
    _published("p1", dt.date(2024, 3, 1), ev.ItemKind.NORMATIVE_DOCUMENT, ev.Channel.WEBSITE),
    _published("p2", dt.date(2024, 3, 2), ev.ItemKind.NORMATIVE_DOCUMENT, ev.Channel.WEIBO),
    _published("p3", dt.date(2024, 3, 5), ev.ItemKind.GOVERNMENT_RULE, ev.Channel.WECHAT),
    _published("p4", dt.date(2023, 12, 1), ev.ItemKind.ORDINARY, ev.Channel.GAZETTE),  # before the period
]


def test_an_item_published_again_as_another_kind_counts_as_its_first_and_is_reported() -> None:
    """One item, on three channels in 2024, first published as a normative document: it counts once, as
    a normative document; the publication as a government rule is the one anomaly (p2 repeats the kind, p4
    is outside the period)."""
    facts = fold_facts(LOG, Y2024)["a"]
    assert 1 == facts.items
    assert {ev.ItemKind.NORMATIVE_DOCUMENT: 1} == facts.items_by_kind
    assert {ev.Channel.WEBSITE: 1, ev.Channel.WEIBO: 1, ev.Channel.WECHAT: 1} == facts.items_by_channel
    assert [
        (
            "p3",
            "item 'i' published again as 'government_rule'; it counts once, as 'normative_document', "
            "the kind it was first published as in the period",
        )
    ] == [(anomaly.event_id, anomaly.message) for anomaly in facts.anomalies]


def test_the_fast_path_reports_it_as_the_codec_path_does() -> None:
    """The same log read as wire records (kinds as plain strings) gives the same facts and anomaly."""
    lines = "\n".join(encode_line(event) for event in LOG).encode()
    fold = PeriodFold(Y2024)
    (fast,) = fold.facts(fold.fold(iter_records(io.BytesIO(lines)))).values()
    assert fold_facts(LOG, Y2024)["a"] == fast
    assert ["p3"] == [anomaly.event_id for anomaly in fast.anomalies]
