"""Where the names go on the quadrant scatter: next to their points, never on each other.

Layout only (pixels in the plot area), no statistics. Labels are placed greedily in rank
order, then each moves in turn to its best place given the others; the price of a place
counts crossed leader lines, covered points and the distance from its point.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass
class Box:
    """A label's rectangle in plot pixels (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, pad: float = 2.0) -> bool:
        return not (
            self.right + pad <= other.left
            or other.right + pad <= self.left
            or self.bottom + pad <= other.top
            or other.bottom + pad <= self.top
        )

    def holds(self, x: float, y: float, radius: float = 0.0) -> bool:
        return (
            self.left - radius <= x <= self.right + radius
            and self.top - radius <= y <= self.bottom + radius
        )


def text_width(text: str, size: float) -> float:
    """Approximate drawn width: CJK characters are one em, others a little over half."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return size * (wide + 0.6 * (len(text) - wide))


def leader(x: float, y: float, box: Box) -> tuple[float, float, float, float]:
    """The line from a point to the nearest edge of its label."""
    return x, y, min(max(x, box.left), box.right), min(max(y, box.top), box.bottom)


def _crosses(line: tuple[float, float, float, float], box: Box) -> bool:
    """Whether a leader line passes through a box (sampled: leaders are short)."""
    x0, y0, x1, y1 = line
    return any(box.holds(x0 + (x1 - x0) * t / 12, y0 + (y1 - y0) * t / 12) for t in range(1, 12))


def _intersect(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two leader lines cross (proper intersection of two segments)."""

    def side(x0: float, y0: float, x1: float, y1: float, x: float, y: float) -> float:
        return (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)

    d1, d2 = side(*a, b[0], b[1]), side(*a, b[2], b[3])
    d3, d4 = side(*b, a[0], a[1]), side(*b, a[2], a[3])
    return d1 * d2 < 0 and d3 * d4 < 0


# Sides and diagonals first, then the directions in between.
_DIRECTIONS = [(1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1),
               (1, -0.5), (1, 0.5), (-1, -0.5), (-1, 0.5), (0.5, -1), (0.5, 1), (-0.5, -1),
               (-0.5, 1)]  # fmt: skip
_GAPS = (5, 12, 22, 34, 48, 64, 84, 108)


@dataclass
class _Spot:
    cost: float
    box: Box
    ring: int  # how far from its point (index into _GAPS), for the price
    turn: int  # which direction (index into _DIRECTIONS)


def _price(
    index: int, spot: _Spot, points: list, others: list, taken: dict[int, Box], size: tuple
) -> float | None:
    """What a label at `spot` costs given the other labels; None where it may not go."""
    width, height, _ = size
    x, y, _ = points[index]
    box = spot.box
    if box.left < 0 or box.right > width or box.top < 0 or box.bottom > height:
        return None
    boxes = [b for i, b in taken.items() if i != index]
    if any(box.overlaps(b) for b in boxes):
        return None
    # Another labelled point right next to a label would read as its owner.
    rivals = [(px, py) for i, (px, py, _) in enumerate(points) if i != index]
    if box.holds(x, y) or any(box.holds(px, py, 13) for px, py in rivals):
        return None
    line = leader(x, y, box)
    crossings = sum(_crosses(line, b) for b in boxes)
    lines = [leader(points[i][0], points[i][1], b) for i, b in taken.items() if i != index]
    crossings += sum(_crosses(other, box) + _intersect(line, other) for other in lines)
    crossings += sum(_crosses(line, Box(px - 9, py - 9, px + 9, py + 9)) for px, py in rivals)
    covered = sum(1 for ox, oy in others if box.holds(ox, oy, 2))
    return crossings * 8 + covered * 3 + spot.ring * 2 + spot.turn * 0.1


def _best_spot(index: int, points: list, others: list, taken: dict[int, Box], size: tuple) -> _Spot:
    x, y, text = points[index]
    w, h = text_width(text, size[2]), size[2] * 1.25
    best: _Spot | None = None
    for ring, gap in enumerate(_GAPS):
        for turn, (dx, dy) in enumerate(_DIRECTIONS):
            cx = x + dx * (gap + w / 2) if dx else x
            cy = y + dy * (gap + h / 2) if dy else y
            spot = _Spot(0.0, Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), ring, turn)
            cost = _price(index, spot, points, others, taken, size)
            if cost is not None and (best is None or cost < best.cost):
                spot.cost = cost
                best = spot
    if best is None:  # nowhere free: right of the point, as a last resort
        best = _Spot(1e9, Box(x + 5, y - h / 2, x + 5 + w, y + h / 2), len(_GAPS), 0)
    return best


def place_labels(
    points: list[tuple[float, float, str]],
    others: list[tuple[float, float]],
    width: float,
    height: float,
    size: float,
) -> list[tuple[float, float, Box]]:
    """Label centres (pixels) for `points` (x, y, text): placed in order, then improved.

    A label never overlaps another label, nor comes near another labelled point, and stays
    inside the plot; among such places it covers as few other points and crosses as few
    leader lines as it can, as close to its point as it can. After the first placement each
    label moves, in turn, to its best place given all the others, for a few rounds.
    """
    dims = (width, height, size)
    spots: dict[int, _Spot] = {}
    for index in range(len(points)):
        spots[index] = _best_spot(index, points, others, {i: s.box for i, s in spots.items()}, dims)
    for _ in range(4):
        moved = False
        for index in range(len(points)):
            taken = {i: s.box for i, s in spots.items()}
            stay = _price(index, spots[index], points, others, taken, dims)
            best = _best_spot(index, points, others, taken, dims)
            if stay is None or best.cost < stay - 1e-9:
                spots[index], moved = best, True
        if not moved:
            break
    return [
        ((s.box.left + s.box.right) / 2, (s.box.top + s.box.bottom) / 2, s.box)
        for s in (spots[i] for i in range(len(points)))
    ]
