"""Statement lines: key, Swedish label and, for subtotals, the lines they add up."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    sum_of: tuple[str, ...] = ()  # a subtotal: the sum of these lines (signed as presented)
    heading: bool = False  # a heading row without amounts
    indent: int = 0

    @property
    def is_sum(self) -> bool:
        return bool(self.sum_of)


def add_sums(values: dict[str, int | None], lines: tuple[Line, ...]) -> dict[str, int | None]:
    """Fill each subtotal from its parts, in line order (a subtotal may use an earlier subtotal)."""
    for line in lines:
        if line.is_sum:
            values[line.key] = sum(values.get(k) or 0 for k in line.sum_of)
    return {ln.key: values.get(ln.key) for ln in lines if not ln.heading}
