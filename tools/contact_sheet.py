#!/usr/bin/env python3
"""Contact sheets: every page of a PDF, small, tiled into one PNG to look at a whole report
(or deck) at once for empty panels, headings over nothing, overflow and overlaps.

    python3 tools/contact_sheet.py report.pdf /tmp/sheets/report.png [--dpi 30] [--cols 6]
    python3 tools/contact_sheet.py DIR /tmp/sheets/            # every DIR/**/*.pdf

Pages are rendered with poppler's `pdftoppm -r DPI -png` (30 dpi by default: an A4 page is
about 250 × 350 pixels) into a temporary folder and tiled left to right, top to bottom,
each with its page number under it. Needs poppler-utils and Pillow. Writes only the PNGs
named; never commit them.
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw


def render_pages(pdf: pathlib.Path, dpi: int, tmp: pathlib.Path) -> list[pathlib.Path]:
    """Renders every page of `pdf` to PNG files in `tmp`, in page order."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp / "p")],
        check=True,
    )
    # pdftoppm pads page numbers to the width of the last one: sort by the number.
    pages = sorted(tmp.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    if not pages:
        sys.exit(f"{pdf}: no pages rendered")
    return pages


def tile(pages: list[pathlib.Path], cols: int, title: str) -> Image.Image:
    """Tiles page images into one sheet, `cols` to a row, each numbered under it."""
    images = [Image.open(p).convert("RGB") for p in pages]
    w = max(i.width for i in images)
    h = max(i.height for i in images)
    gap, caption, head = 8, 14, 18
    rows = (len(images) + cols - 1) // cols
    sheet = Image.new(
        "RGB",
        (cols * (w + gap) + gap, head + rows * (h + caption + gap) + gap),
        (128, 128, 128),
    )
    draw = ImageDraw.Draw(sheet)
    draw.text((gap, 3), title, fill=(255, 255, 255))
    for k, img in enumerate(images):
        r, c = divmod(k, cols)
        x = gap + c * (w + gap)
        y = head + gap + r * (h + caption + gap)
        sheet.paste(img, (x, y))
        draw.text((x + w // 2 - 6, y + h + 1), str(k + 1), fill=(255, 255, 255))
    return sheet


def sheet(pdf: pathlib.Path, out: pathlib.Path, dpi: int, cols: int) -> None:
    """Writes the contact sheet of `pdf` to `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = render_pages(pdf, dpi, pathlib.Path(tmp))
        img = tile(pages, cols, f"{pdf} ({len(pages)} pages)")
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out)
    print(f"{out}: {len(pages)} pages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", type=pathlib.Path, help="a PDF, or a folder searched for PDFs")
    ap.add_argument("out", type=pathlib.Path, help="the PNG to write (a folder for a folder)")
    ap.add_argument("--dpi", type=int, default=30)
    ap.add_argument("--cols", type=int, default=6)
    a = ap.parse_args()
    if a.pdf.is_dir():
        for pdf in sorted(a.pdf.rglob("*.pdf")):
            name = "-".join(pdf.relative_to(a.pdf).with_suffix("").parts) + ".png"
            sheet(pdf, a.out / name, a.dpi, a.cols)
    else:
        sheet(a.pdf, a.out, a.dpi, a.cols)


if __name__ == "__main__":
    main()
