"""A small scatter chart of a model's live providers: output price across, throughput up.

It exists so the cheap and the fast choice can be seen at a glance: the cheapest and the
fastest provider are drawn larger, in the highlight colour, and labelled as such. Providers
without a known price or throughput are left off the chart and named in `note()`, because a
missing price must not be drawn as free. Colours come from the palette (light and dark).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hftray.core.catalog import Offer
from hftray.ui.catalog_table import format_price, format_throughput

_MARGIN_LEFT = 44.0
_MARGIN_BOTTOM = 30.0
_MARGIN = 10.0
_DOT = 4.0


@dataclass(frozen=True)
class ChartPoint:
    provider: str
    price: float
    throughput: float


class ProviderChart(QWidget):
    """Providers of one model as points (x = output $/M, y = tokens per second)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[ChartPoint] = []
        self.omitted: list[str] = []
        self.cheapest: ChartPoint | None = None
        self.fastest: ChartPoint | None = None
        self.setAccessibleName(self.tr("Providers by output price and speed"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(220, 150)

    def sizeHint(self) -> QSize:
        return QSize(320, 190)

    def set_offers(self, offers: Sequence[Offer]) -> None:
        """Plot the live offers; the rest of the chart state follows from them."""
        self.points, self.omitted = [], []
        for offer in offers:
            if not offer.live:
                continue
            if offer.output_price is None or offer.throughput is None:
                self.omitted.append(offer.provider)
            else:
                self.points.append(ChartPoint(offer.provider, offer.output_price, offer.throughput))
        self.cheapest = min(self.points, key=lambda p: (p.price, -p.throughput), default=None)
        self.fastest = max(self.points, key=lambda p: (p.throughput, -p.price), default=None)
        self.setAccessibleDescription(self.summary())
        self.update()

    def summary(self) -> str:
        """The chart in words, for screen readers and the tooltip."""
        if not self.points:
            return self.tr("No provider has both a known output price and a known speed.")
        assert self.cheapest is not None and self.fastest is not None
        return self.tr("Cheapest: {cheap} at {cheap_price}, {cheap_speed}. "
                       "Fastest: {fast} at {fast_price}, {fast_speed}.").format(
            cheap=self.cheapest.provider,
            cheap_price=format_price(self.cheapest.price),
            cheap_speed=format_throughput(self.cheapest.throughput),
            fast=self.fastest.provider,
            fast_price=format_price(self.fastest.price),
            fast_speed=format_throughput(self.fastest.throughput),
        )  # fmt: skip

    def note(self) -> str:
        """Which live providers are not on the chart, and why; empty when all are."""
        if not self.omitted:
            return ""
        return self.tr("Not on the chart (price or speed unknown): {providers}").format(
            providers=", ".join(self.omitted)
        )

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = palette.color(QPalette.ColorRole.Mid)
        plot = QRectF(
            _MARGIN_LEFT,
            _MARGIN,
            max(1.0, self.width() - _MARGIN_LEFT - _MARGIN),
            max(1.0, self.height() - _MARGIN - _MARGIN_BOTTOM),
        )
        painter.setPen(QPen(faint, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(text)
        metrics = painter.fontMetrics()
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + 2, plot.width(), _MARGIN_BOTTOM - 2),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            self.tr("output $/M"),
        )
        painter.save()
        painter.translate(metrics.height() - 2, plot.bottom())
        painter.rotate(-90)
        painter.drawText(QPointF(0, 0), self.tr("tok/s"))
        painter.restore()
        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("No data to compare"))  # fmt: skip
            return
        max_price = max(p.price for p in self.points) or 1.0
        max_speed = max(p.throughput for p in self.points) or 1.0
        self._draw_scale(painter, plot, max_price, max_speed)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        for point in self.points:
            x = plot.left() + plot.width() * 0.9 * point.price / max_price + plot.width() * 0.05
            y = plot.bottom() - plot.height() * 0.9 * point.throughput / max_speed
            marked = point is self.cheapest or point is self.fastest
            radius = _DOT * (1.6 if marked else 1.0)
            painter.setPen(QPen(text, 1))
            painter.setBrush(highlight if marked else text)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            label = point.provider
            if point is self.cheapest and point is self.fastest:
                label = self.tr("{provider} (cheapest, fastest)").format(provider=point.provider)
            elif point is self.cheapest:
                label = self.tr("{provider} (cheapest)").format(provider=point.provider)
            elif point is self.fastest:
                label = self.tr("{provider} (fastest)").format(provider=point.provider)
            width = metrics.horizontalAdvance(label)
            left = (
                x + radius + 3 if x + radius + 3 + width < self.width() else x - radius - 3 - width
            )
            painter.drawText(QPointF(left, y + metrics.ascent() / 2 - 1), label)

    def _draw_scale(
        self, painter: QPainter, plot: QRectF, max_price: float, max_speed: float
    ) -> None:
        """Ticks at the largest price and speed, so distances can be read as figures."""
        metrics = painter.fontMetrics()
        top = plot.bottom() - plot.height() * 0.9
        painter.drawText(
            QRectF(0, top - metrics.height() / 2, _MARGIN_LEFT - 4, metrics.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{max_speed:.0f}",
        )
        right = plot.left() + plot.width() * 0.95
        price = format_price(max_price)
        width = metrics.horizontalAdvance(price)
        painter.drawText(QPointF(right - width / 2, plot.bottom() + metrics.ascent() + 2), price)
