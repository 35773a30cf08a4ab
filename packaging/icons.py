"""Make the app icons from ``resources/icons/skiptrace.svg`` at build time.

Qt renders the SVG at each size; Pillow (already installed with fpdf2) packs them into a
Windows ``.ico`` and a macOS ``.icns``. Nothing generated is committed.

    .venv/bin/python packaging/icons.py OUT_DIR
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "skiptrace.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def render_pngs(svg: Path) -> dict[int, bytes]:
    """The SVG drawn at every size in ``SIZES``, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(["icons"])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    out: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG")
        out[size] = bytes(buf.data().data())
    return out


def make_icons(out_dir: Path) -> dict[str, Path]:
    """Write ``skiptrace.png`` (256 px), ``.ico`` and ``.icns`` into ``out_dir``."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(SVG)
    png = out_dir / "skiptrace.png"
    png.write_bytes(pngs[256])
    big = Image.open(io.BytesIO(pngs[1024]))
    ico = out_dir / "skiptrace.ico"
    big.save(ico, format="ICO", sizes=[(s, s) for s in SIZES if s <= 256])
    icns = out_dir / "skiptrace.icns"
    big.save(icns, format="ICNS")
    return {"png": png, "ico": ico, "icns": icns}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for kind, path in make_icons(Path(sys.argv[1])).items():
        print(f"{kind}: {path}")
