"""The supervisor's charts, drawn by matplotlib (``pip install 'opengov[charts]'``).

Three charts, each from numbers that :func:`~opengov.render.supervision.supervision_csv` also writes out:

- 办理结果 (dispositions) per agency: 予以公开, 部分公开 and the rest of 办结, stacked;
- 答复用时分布 (answer-time distribution): answers per band of working days, all agencies together;
- 逾期答复 (late answers) per agency.

With many agencies the per-agency charts show the :data:`TOP` agencies with the most applications
concluded (dispositions) or the most late answers, and say so in their title. Drawing uses the Agg backend
(no display needed) and a CJK face where one is installed.
"""

from __future__ import annotations

__all__ = ["TOP", "charts_png", "charts_svg"]

import io
from typing import Any

from opengov.render._common import clean, require
from opengov.supervise import AgencyIndicators, SupervisorView

TOP = 30
"""At most this many agencies in a per-agency chart."""

_FACES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
    "WenQuanYi Zen Hei",
    "sans-serif",
]


LABEL = 24
"""At most this many characters of an agency's name label its bar; a longer name is cut with ``…``."""


def _label(name: str) -> str:
    """An agency's name as a bar's label: on one line, printable, at most :data:`LABEL` characters.

    >>> _label("示范市\t自然资源局"), _label("局" * 30) == "局" * 23 + "…"
    ('示范市 自然资源局', True)
    """
    text = " ".join(clean(name).split())
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"


def _bars(axes: Any, rows: list[AgencyIndicators]) -> list[int]:
    """Label one bar per agency, top to bottom in ``rows``' order, by position (two agencies of one name
    keep a bar each); return the positions."""
    positions = list(range(len(rows)))[::-1]
    axes.set_yticks(positions, [_label(r.name) for r in rows])
    return positions


def _count(row: AgencyIndicators, key: str) -> int:
    value = row.counts.get(key)
    return 0 if value is None else value


_SETTINGS = {
    "font.sans-serif": _FACES,
    "font.family": "sans-serif",
    "axes.unicode_minus": False,
    "svg.fonttype": "none",
}


def _figures(view: SupervisorView) -> dict[str, Any]:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figures: dict[str, Any] = {}
    if True:
        busiest = sorted(view.agencies, key=lambda r: (-_count(r, "concluded"), r.agency))[:TOP]
        figure = Figure(figsize=(10, 0.3 * len(busiest) + 1.5))
        axes = figure.subplots()
        positions = _bars(axes, busiest)
        disclosed = [_count(r, "disclosed") for r in busiest]
        partial = [_count(r, "partially_disclosed") for r in busiest]
        rest = [_count(r, "concluded") - d - p for r, d, p in zip(busiest, disclosed, partial, strict=True)]
        axes.barh(positions, disclosed, label="予以公开", color="#3b6ea5")
        axes.barh(positions, partial, left=disclosed, label="部分公开", color="#8fb3d9")
        axes.barh(
            positions,
            rest,
            left=[d + p for d, p in zip(disclosed, partial, strict=True)],
            label="其他办理结果",
            color="#cccccc",
        )
        axes.set_xlabel("件")
        axes.legend(loc="lower right")
        more = f"（办结最多的{TOP}个机关）" if len(view.agencies) > TOP else ""
        figures[f"各机关办理结果{more}"] = figure
        figure.tight_layout()

        histogram = view.region.timeliness.histogram
        figure = Figure(figsize=(8, 3.5))
        axes = figure.subplots()
        axes.bar([band.label for band, _ in histogram], [count for _, count in histogram], color="#3b6ea5")
        axes.set_xlabel("答复所用工作日")
        axes.set_ylabel("件")
        figures["答复用时分布（全部机关）"] = figure
        figure.tight_layout()

        latest = [
            r
            for r in sorted(view.agencies, key=lambda r: (-_count(r, "late"), r.agency))
            if _count(r, "late")
        ][:TOP]
        figure = Figure(figsize=(10, 0.3 * max(len(latest), 1) + 1.5))
        axes = figure.subplots()
        axes.barh(_bars(axes, latest), [_count(r, "late") for r in latest], color="#b5473a")
        axes.set_xlabel("件")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no ticks at 0.2 of an answer
        more = f"（最多的{TOP}个机关）" if len(latest) == TOP else ""
        figures[f"逾期答复{more}"] = figure
        figure.tight_layout()
    return figures


def _save(view: SupervisorView, form: str) -> dict[str, bytes]:
    matplotlib = require("matplotlib", "charts", "charts")
    out = {}
    with matplotlib.rc_context(_SETTINGS):  # the faces are looked up when drawing, so draw inside
        for name, figure in _figures(view).items():
            buffer = io.BytesIO()
            figure.savefig(buffer, format=form, dpi=150)
            out[name] = buffer.getvalue()
    return out


def charts_svg(view: SupervisorView) -> dict[str, str]:
    """The charts as SVG text (for HTML), by title.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    return {name: data.decode("utf-8").split("?>", 1)[-1] for name, data in _save(view, "svg").items()}


def charts_png(view: SupervisorView) -> dict[str, bytes]:
    """The charts as PNG images (for Word), by title.

    Raises:
        MissingExtraError: matplotlib is not installed.
    """
    return _save(view, "png")
