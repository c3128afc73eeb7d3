"""Write the tray and app icons: one geometry, every state and colour variant.

Run after changing a shape: `python scripts/make_icons.py`. Writes SVGs into resources/icons/ and,
with Qt's own renderer, the app icon as PNG (256 px) and ICO. The SVGs are committed; this script is
the single place their geometry lives.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"

# A round face (Hugging Face's emoji, reduced to what stays readable at 16 px): eyes and smile
# are holes, so the glyph works on any taskbar colour.
FACE = (
    "M6,32 A26,26 0 1 1 58,32 A26,26 0 1 1 6,32 Z "
    "M18.5,25 A4.5,4.5 0 1 1 27.5,25 A4.5,4.5 0 1 1 18.5,25 Z "
    "M36.5,25 A4.5,4.5 0 1 1 45.5,25 A4.5,4.5 0 1 1 36.5,25 Z "
    "M17,35 Q32,52 47,35 Q32,43 17,35 Z"
)
GLYPH = {"light": "#f4f4f4", "dark": "#1f1f1f"}  # light glyph for dark taskbars, and back
BADGE_CENTER = (49, 49)
BADGE_R = 13
GAP_R = 17
BADGES = {
    # working: a partly drawn ring, the usual sign for "in progress"
    "working": (
        "#2f81f7",
        '<path d="M49,41 A8,8 0 1 1 41,49" fill="none" stroke="#ffffff" stroke-width="4"'
        ' stroke-linecap="round"/>',
    ),
    # attention: an exclamation mark
    "attention": (
        "#e5534b",
        '<rect x="46.75" y="39.5" width="4.5" height="12" rx="2.25" fill="#ffffff"/>'
        '<circle cx="49" cy="56" r="2.6" fill="#ffffff"/>',
    ),
}


def tray_svg(state: str, variant: str) -> str:
    colour = GLYPH[variant]
    if state == "ready":
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
            f'<path d="{FACE}" fill="{colour}" fill-rule="evenodd"/></svg>\n'
        )
    badge_colour, mark = BADGES[state]
    cx, cy = BADGE_CENTER
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        '<defs><mask id="gap" maskUnits="userSpaceOnUse" x="0" y="0" width="64" height="64">'
        '<rect width="64" height="64" fill="#ffffff"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{GAP_R}" fill="#000000"/></mask></defs>'
        f'<path d="{FACE}" fill="{colour}" fill-rule="evenodd" mask="url(#gap)"/>'
        f'<circle cx="{cx}" cy="{cy}" r="{BADGE_R}" fill="{badge_colour}"/>{mark}</svg>\n'
    )


def app_svg() -> str:
    """The app icon: the face in Hugging Face yellow on a dark rounded square."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 64 64">'
        '<rect x="2" y="2" width="60" height="60" rx="14" fill="#1f2430"/>'
        f'<path d="{FACE}" fill="#ffd21e" fill-rule="evenodd" '
        'transform="translate(32 32) scale(0.82) translate(-32 -32)"/></svg>\n'
    )


def _render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def render_raster(svg: Path) -> None:
    """PNG 256 px and an ICO of PNG frames (16–256 px), rendered by Qt: no other tool needed."""
    renderer = QSvgRenderer(str(svg))
    svg.with_suffix(".png").write_bytes(_render_png(renderer, 256))
    frames = [(size, _render_png(renderer, size)) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(frames))
    offset = len(header) + 16 * len(frames)
    directory = b""
    for size, png in frames:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    svg.with_suffix(".ico").write_bytes(header + directory + b"".join(png for _, png in frames))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    for state in ("ready", "working", "attention"):
        for variant in GLYPH:
            (ICONS / f"tray-{state}-{variant}.svg").write_text(tray_svg(state, variant))
    app_icon = ICONS / "hftray.svg"
    app_icon.write_text(app_svg())
    render_raster(app_icon)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
