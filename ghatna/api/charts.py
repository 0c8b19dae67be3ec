"""Geometry of the timeline chart: stacked bars of events per period, drawn by the template as inline SVG.

Only numbers and labels come out of here; the template escapes every label, and the chart needs no
script or external library (the UI works offline).

Example:
    >>> chart = timeline_chart([("2024-05", "CONSULT", 2), ("2024-07", "SUPPORT", 1)])
    >>> [p["label"] for p in chart["periods"]]
    ['2024-05', '2024-06', '2024-07']
"""

from __future__ import annotations

from typing import Any, Sequence

#: one colour class per PLOVER category family; the stylesheet gives them colours
TYPE_CLASS = {"CONSULT": "c-consult", "SUPPORT": "c-support", "AGREE": "c-agree", "COOPERATE": "c-cooperate",
              "AID": "c-aid", "REQUEST": "c-request", "ACCUSE": "c-accuse", "REJECT": "c-reject",
              "THREATEN": "c-threaten", "PROTEST": "c-protest", "SANCTION": "c-sanction", "MOBILIZE": "c-mobilize",
              "COERCE": "c-coerce", "ASSAULT": "c-assault"}
#: most periods drawn; a longer span is summed by year
MAX_PERIODS = 60


def _months(first: str, last: str) -> list[str]:
    """Return every YYYY-MM from first to last."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def _periods(labels: Sequence[str]) -> list[str]:
    """Return the continuous run of periods from the first label to the last (gaps filled)."""
    first, last = min(labels), max(labels)
    if len(first) == 7 and len(last) == 7:
        return _months(first, last)
    if len(first) == 4 and len(last) == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    return sorted(set(labels))


def timeline_chart(buckets: Sequence[tuple[str, str, int]], *, width: int = 720, height: int = 180) -> dict[str, Any]:
    """Return the bars, axis labels and legend of a stacked bar chart of ``(period, type, count)``."""
    if not buckets:
        return {"width": width, "height": height, "periods": [], "bars": [], "legend": [], "max": 0}
    labels = [p for p, _, _ in buckets]
    periods = _periods(labels)
    if len(periods) > MAX_PERIODS:  # too many months to draw: sum them by year
        merged: dict[tuple[str, str], int] = {}
        for p, t, n in buckets:
            merged[(p[:4], t)] = merged.get((p[:4], t), 0) + n
        buckets = [(p, t, n) for (p, t), n in sorted(merged.items())]
        periods = _periods([p for p, _, _ in buckets])
    totals = {p: 0 for p in periods}
    for p, _, n in buckets:
        totals[p] = totals.get(p, 0) + n
    top = max(totals.values()) or 1
    left, bottom, plot_h = 30, 24, height - 34
    step = (width - left - 10) / max(1, len(periods))
    bar_w = max(2.0, step * 0.7)
    index = {p: i for i, p in enumerate(periods)}
    stacked = {p: 0 for p in periods}
    bars = []
    for p, t, n in sorted(buckets, key=lambda b: (b[0], b[1])):
        h = plot_h * n / top
        y = height - bottom - stacked[p] * plot_h / top - h
        stacked[p] += n
        bars.append({"x": round(left + index[p] * step, 1), "y": round(y, 1), "w": round(bar_w, 1),
                     "h": round(h, 1), "cls": TYPE_CLASS.get(t, "c-other"), "title": f"{p}: {n} × {t}",
                     "period": p, "type": t, "count": n})
    every = max(1, len(periods) // 8)  # at most about eight axis labels
    axis = [{"x": round(left + i * step + bar_w / 2, 1), "label": p} for i, p in enumerate(periods) if i % every == 0]
    types = sorted({t for _, t, _ in buckets})
    return {"width": width, "height": height, "periods": [{"label": p, "total": totals[p]} for p in periods],
            "bars": bars, "axis": axis, "axis_y": height - 6, "base_y": height - bottom, "left": left,
            "legend": [{"type": t, "cls": TYPE_CLASS.get(t, "c-other")} for t in types], "max": top}
