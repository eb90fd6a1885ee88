"""The acceptance form's PDF as intake prints it, with Debian's font from the disk: the font
is loaded or refused with its path named, and the page's text reads back (pypdf)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import reportlab
from pypdf import PdfReader

from intake.config import Settings
from intake.domain.acceptance import FormFacts, PromisedLimit, acceptance_form
from intake.window import pdf

SETTINGS = Settings(database_url="postgresql://x@y/z", kafka_bootstrap_servers="k:9092")
#: a TrueType font without Chinese glyphs, shipped with reportlab itself
LATIN_ONLY = str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")


def facts() -> FormFacts:
    return FormFacts(
        district="岳麓区",
        case_id="20260309000007",
        tracking_code="K7M2Q9XA",
        registered_at=datetime(2026, 3, 9, 1, 30, tzinfo=UTC),
        submitter_name="张小三",
        submitter_phone="13800138000",
        kind="投诉",
        category="停水",
        title="小区停水三天",
        description="幸福小区三号楼停水已经三天。" * 200,  # cut, so the page holds it
        attachments=2,
        limit=PromisedLimit("complaint", None, 5, "working_days"),
        window="岳麓区“办不成事”反映窗口",
        received_by="王芳",
        leader_on_duty="刘局长",
        public_base_url="https://civic.example.cn",
    )


def test_the_form_prints_in_debians_font_and_its_text_reads_back() -> None:
    pdf.load_font(SETTINGS.acceptance_form_font)
    content = pdf.render(acceptance_form(facts()))
    reader = PdfReader(io.BytesIO(content))
    text = "".join(reader.pages[0].extract_text().split())
    assert content.startswith(b"%PDF-") and len(reader.pages) == 1
    assert "受理单" in text and "20260309000007" in text and "K7M2Q9XA" in text
    assert "5个工作日内办结" in text and "张**" in text and "13800138000" not in text
    assert "https://civic.example.cn/portal/visit/20260309000007?code=K7M2Q9XA" in text


@pytest.mark.parametrize(
    ("path", "why"),
    [("/nonexistent/font.ttc", "no such file"), (LATIN_ONLY, "not a Chinese font")],
)
def test_a_font_that_cannot_print_the_form_is_refused_naming_it(path: str, why: str) -> None:
    with pytest.raises(pdf.FontMissing) as refused:
        pdf.load_font(path)
    assert path in str(refused.value) and why in str(refused.value)
    assert "fonts-wqy-microhei" in str(refused.value)
