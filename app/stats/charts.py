"""Charts drawn on the server as SVG: the geometry here, the markup in templates/stats/_charts.html. Each
chart carries a title and a description, and the page puts its data in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, ROW, LABEL = 320, 28, 0


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: float
    length: float


@dataclass(frozen=True)
class BarChart:
    height: float
    bars: list[Bar]
    maximum: float


def bar_chart(rows: list[tuple[str, float | None]], maximum: float | None = None) -> BarChart:
    """Horizontal bars, one row each (label above its bar), for values from 0 to `maximum`."""
    shown = [(label, value) for label, value in rows if value is not None]
    top = maximum or max((value for _label, value in shown), default=0) or 1
    bars = [Bar(label, value, index * ROW * 1.6 + ROW * 0.6, WIDTH * value / top)
            for index, (label, value) in enumerate(shown)]
    return BarChart(len(shown) * ROW * 1.6 + 4, bars, top)


@dataclass(frozen=True)
class Point:
    label: str
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    points: list[Point]
    path: str
    maximum: int


def line_chart(rows: list[tuple[str, int]], width: float = 320, height: float = 160) -> LineChart:
    """A trend line through the values, left to right, with room for the labels below."""
    top = max((value for _label, value in rows), default=0) or 1
    step = width / max(len(rows) - 1, 1)
    points = [Point(label, value, round(index * step, 1), round(height - height * value / top, 1))
              for index, (label, value) in enumerate(rows)]
    path = " ".join(f"{'M' if index == 0 else 'L'}{point.x},{point.y}" for index, point in enumerate(points))
    return LineChart(width, height, points, path, top)
