#!/usr/bin/env python3
"""Measure the PDF text layer of nudj's sample documents, engine by engine.

For each sample document this prints, per text-extraction engine, the share of the distinct
Arabic words of its Markdown sources that the engine's text contains as written (the same
letters in the same order, as a whole word), and how many bidi controls (U+200E, U+200F,
U+202A-202E, U+2066-2069) the text carries (for poppler, not counting the U+202A-202C it
writes around right-to-left runs itself). English documents are also checked for their
percentages (`100%`) coming out as plain figures. Arabic documents are also counted for
figures copied out of order (`MISORDERED`): a sign after its digits (`30.0+`), a percent sign
before them (`%30`), punctuation before a number (`،95%`, `.1` for a list's `1.`), and
brackets that come out mirrored (`)…(`, `]…[`).

Engines, each used when installed:
  pdfium   the engine of Chrome's viewer   (pip install pypdfium2)
  poppler  `pdftotext` (poppler-utils)
  mupdf    MuPDF                           (pip install pymupdf)

Usage:
  tools/text_layer.py                      # build the samples with target/debug/nudj, measure
  tools/text_layer.py --nudj PATH          # another nudj binary
  tools/text_layer.py --keep DIR           # keep the PDFs and the extracted texts in DIR
  tools/text_layer.py --missing 20         # list up to 20 words each engine does not find

The word lists come from the sources the documents are made from: the bank sample's narrative
(samples/bank-ar/narrative/*.md) and the Arabic course modules (samples/course/modules/*.ar.md),
without HTML comments and template tags; for the gov-ar sample, which has no narrative, the
words of its assessment model (assessments/gov-cx.yaml) that some engine finds on the pages.
Exit status 0 unless a document cannot be made.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# An Arabic word: Arabic letters (hamza to yeh, the extended letters of U+0671-06D3), tatweel
# and the combining marks (harakat, shadda, superscript alef). Digits and punctuation split.
ARABIC_WORD = re.compile(r"[\u0621-\u063A\u0640-\u065F\u0670-\u06D3]+")
BIDI_CONTROLS = re.compile(r"[\u200E\u200F\u202A-\u202E\u2066-\u2069]")
# Poppler writes its own U+202A-202C embeddings around the right-to-left runs of a line (its
# output format, not the PDF's text); they are not counted for it.
POPPLER_OWN = re.compile(r"[\u202A-\u202C]")
PERCENT = re.compile(r"\d+(?:\.\d+)?%")
# Figures and brackets copied out of the order they are written in (none of these occurs in
# the sources): counted in the text of each Arabic document, engine by engine.
MISORDERED = {
    "sign after digits": re.compile(r"\d[+\u2212\u00b1](?!\d)"),
    "% before digits": re.compile(r"%\d"),
    "punctuation before a number": re.compile(r"(?:^|\s)[\u060c\u061b.,:]\d", re.M),
    "mirrored brackets": re.compile(r"\)[^()\n]*\(|\][^\[\]\n]*\["),
}


@dataclass
class Sample:
    """A document to make and the Markdown files its Arabic words come from."""

    name: str
    args: list[str]
    sources: list[str]
    english: bool = False
    # Only the source words some engine finds count: for documents that print part of their
    # sources (a model file's descriptions are not all on the pages).
    shown_only: bool = False


SAMPLES = [
    Sample(
        "bank-ar report",
        ["report", "samples/bank-ar/engagement.yaml"],
        ["samples/bank-ar/narrative/*.md"],
    ),
    # The slides with speaker notes hold every module's text (the handout and the answer
    # key leave the notes out).
    Sample(
        "course-ar slides",
        ["course", "samples/course/course.yaml", "--slides", "--notes"],
        ["samples/course/modules/*.ar.md"],
    ),
    # No narrative: its Arabic comes from the assessment model (dimensions, practices, levels)
    # and the catalogue; the model's words that some engine finds on the pages are counted.
    Sample(
        "gov-ar report",
        ["report", "samples/gov-ar/engagement.yaml"],
        ["assessments/gov-cx.yaml"],
        shown_only=True,
    ),
    Sample(
        "telecom-en report",
        ["report", "samples/telecom-en/engagement.yaml"],
        [],
        english=True,
    ),
    Sample(
        "course-en slides",
        ["course", "samples/course/course.en.yaml", "--slides", "--notes"],
        [],
        english=True,
    ),
]


def source_words(patterns: list[str]) -> set[str]:
    """Distinct Arabic words of the Markdown files, without comments and template tags."""
    words: set[str] = set()
    for pattern in patterns:
        for path in sorted(glob.glob(str(ROOT / pattern))):
            text = Path(path).read_text(encoding="utf-8")
            text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
            text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
            words.update(ARABIC_WORD.findall(text))
    return words


def text_pdfium(pdf: Path) -> str | None:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    doc = pdfium.PdfDocument(str(pdf))
    pages = []
    for page in doc:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range())
        textpage.close()
        page.close()
    doc.close()
    return "\n".join(pages)


def text_poppler(pdf: Path) -> str | None:
    try:
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.decode("utf-8", "replace")


def text_mupdf(pdf: Path) -> str | None:
    try:
        import pymupdf
    except ImportError:
        return None
    with pymupdf.open(str(pdf)) as doc:
        return "\n".join(page.get_text("text") for page in doc)


ENGINES = {"pdfium": text_pdfium, "poppler": text_poppler, "mupdf": text_mupdf}


def make(nudj: str, sample: Sample, out: Path) -> None:
    cmd = [nudj, *sample.args, "-o", str(out)]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{res.stderr.decode('utf-8', 'replace')}")


def measure(sample: Sample, pdf: Path, keep: Path | None, missing: int) -> None:
    words = source_words(sample.sources)
    texts = {engine: extract(pdf) for engine, extract in ENGINES.items()}
    if sample.shown_only:
        shown = set()
        for text in texts.values():
            shown |= set(ARABIC_WORD.findall(text or ""))
        words &= shown
    for engine, text in texts.items():
        if text is None:
            print(f"  {engine:8} not installed")
            continue
        if keep:
            (keep / f"{sample.name.replace(' ', '-')}.{engine}.txt").write_text(
                text, encoding="utf-8"
            )
        layer = POPPLER_OWN.sub("", text) if engine == "poppler" else text
        marks = len(BIDI_CONTROLS.findall(layer))
        line = f"  {engine:8} bidi controls: {marks:5}"
        if words:
            found = set(ARABIC_WORD.findall(text))
            lost = sorted(words - found)
            share = 100.0 * (len(words) - len(lost)) / len(words)
            line += f"   Arabic words found as written: {len(words) - len(lost):4} of {len(words)} ({share:.1f} %)"
            if missing and lost:
                line += "\n           not found: " + " ".join(lost[:missing])
        if words:
            counts = ", ".join(
                f"{name} {len(pattern.findall(layer))}" for name, pattern in MISORDERED.items()
            )
            line += f"\n           out of order: {counts}"
        if sample.english:
            # A percentage copies as a plain figure when no control touches its digits.
            plain = PERCENT.findall(BIDI_CONTROLS.sub("|", layer))
            dirty = len(re.findall(r"[\u2066-\u2069\u200E\u200F\u202A-\u202E](?=\d)|(?<=%)[\u2066-\u2069\u200E\u200F\u202A-\u202E]", layer))
            line += f"   percentages: {len(plain)}, touching a control: {dirty}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    parser.add_argument("--nudj", default=str(Path(target) / "debug" / "nudj"))
    parser.add_argument("--keep", type=Path, help="keep PDFs and extracted texts here")
    parser.add_argument("--missing", type=int, default=0, help="list up to N missing words")
    parser.add_argument("--only", help="only the samples whose name contains this")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for sample in SAMPLES:
            if args.only and args.only not in sample.name:
                continue
            pdf = (args.keep or Path(tmp)) / f"{sample.name.replace(' ', '-')}.pdf"
            make(args.nudj, sample, pdf)
            print(sample.name)
            measure(sample, pdf, args.keep, args.missing)


if __name__ == "__main__":
    main()
