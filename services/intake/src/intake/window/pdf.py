"""The acceptance form (受理单) as a PDF: the lines domain/acceptance.py decides, laid out on
an A4 page with reportlab in a Chinese TrueType font from Debian (fonts-wqy-microhei by
default, `ACCEPTANCE_FORM_FONT`), and the visit-rating link as a QR code.

The font is loaded once at start-up (`load_font`): intake refuses to start without it, since
a form in a font that lacks the characters would print empty boxes."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from intake.domain.acceptance import AcceptanceForm

FONT_NAME = "AcceptanceFormCJK"
QR_SIZE = 38 * mm
#: characters every form prints: a font without them is not a Chinese font
PROBE = "受理单编号查询码"


class FontMissing(RuntimeError):
    """The configured font cannot be read as a TrueType font."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            f"intake refuses to start: the acceptance form's font ACCEPTANCE_FORM_FONT={path} "
            f"cannot be used ({why}). Install Debian's fonts-wqy-microhei "
            "(deploy/local/apt.sh fonts-wqy-microhei; the image has it) or point "
            "ACCEPTANCE_FORM_FONT at a Chinese TrueType font (.ttf/.ttc; not CFF .otf)"
        )


def load_font(path: str) -> None:
    """Register the font under FONT_NAME; a collection (.ttc) gives its first face."""
    if not Path(path).is_file():
        raise FontMissing(path, "no such file")
    try:
        font = TTFont(FONT_NAME, path, subfontIndex=0)
    except (TTFError, OSError) as bad:
        raise FontMissing(path, str(bad)) from bad
    missing = [c for c in PROBE if ord(c) not in font.face.charToGlyph]
    if missing:
        raise FontMissing(path, f"it has no glyph for {''.join(missing)}: not a Chinese font")
    pdfmetrics.registerFont(font)


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT_NAME, fontSize=10.5, leading=15, wordWrap="CJK")
    label = ParagraphStyle("label", parent=body, textColor=colors.HexColor("#333333"))
    title = ParagraphStyle("title", parent=body, fontSize=17, leading=24, alignment=1)
    return body, label, title


def _qr(link: str) -> Drawing:
    widget = QrCodeWidget(link, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    return drawing


def render(form: AcceptanceForm) -> bytes:
    """The form as PDF bytes (the font must have been loaded)."""
    body, label, title = _styles()
    rows = [
        [Paragraph(escape(name), label), Paragraph(escape(value), body)]
        for name, value in form.lines
    ]
    table = Table(rows, colWidths=[28 * mm, 142 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    rating = Table(
        [
            [
                Paragraph(
                    "请您对本次窗口服务评价（扫描二维码或打开链接）：<br/>"
                    + escape(form.rating_link),
                    body,
                ),
                _qr(form.rating_link),
            ]
        ],
        colWidths=[130 * mm, 40 * mm],
    )
    rating.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=form.title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(
        [
            Paragraph(escape(form.title), title),
            Spacer(1, 6 * mm),
            table,
            Spacer(1, 5 * mm),
            Paragraph(escape(form.tracking_note), body),
            Spacer(1, 5 * mm),
            rating,
        ]
    )
    return out.getvalue()
