"""briefing.pptx and briefing.docx: what a policy team hands on, drawn from the same headline answers as the report.

Title and question; the headline answers; one slide (or page section) per chart with its
footer; the reading list of cited ideas (ranked by citing replies, then likes) with links;
method and accuracy. python-pptx and python-docx are imported here only, so the command
line starts fast.
"""

from pathlib import Path

import pandas as pd

from ..analysis import Analysis

READING_LIST_PER_SLIDE = 10
READING_LIST_MAX = 30
WIDE = (13.333, 7.5)  # inches: a 16:9 slide
INK, MUTED = (0x21, 0x21, 0x21), (0x5F, 0x63, 0x68)


def reading_list(analysis: Analysis) -> list[dict]:
    """Cited ideas ranked by citing replies, then likes: label, replies, mentions, likes, link (its first site)."""
    cited = analysis.references.cited
    if cited.empty:
        return []
    sites = {e.key: e.domains[0] for e in analysis.codebook.entities if e.domains}
    ranked = cited.assign(_likes=cited["likes"].fillna(-1)).sort_values(["replies", "_likes", "label"],
                                                                       ascending=[False, False, True])
    return [{"label": row.label, "replies": int(row.replies), "mentions": int(row.mentions),
             "likes": None if pd.isna(row.likes) else int(row.likes),
             "link": f"https://{sites[row.key]}" if row.key in sites else None}
            for row in ranked.head(READING_LIST_MAX).itertuples(index=False)]


def method_lines(analysis: Analysis, context: dict) -> list[str]:
    """What the numbers rest on, and how sure they are ('unmeasured' until replies are reviewed by hand)."""
    settings = analysis.settings
    lines = [f"{context['overview']['rows_read']:,} rows read: " + "; ".join(
                f"{reason} {count:,}" for reason, count in context["accounting"]),
             f"Codebook: {analysis.codebook.source} ({len(analysis.codebook.themes)} themes); replies coded by "
             "matching its terms, a reply matching none is 'Uncategorised'.",
             f"Thresholds: key words with more than {settings.min_mentions} mentions; themes by likes among replies "
             f"with more than {settings.min_likes} likes.",
             "Accuracy of the coding: unmeasured. No sample of replies has been reviewed by hand, so no precision, "
             "recall or interval can be given; read the evidence in "
             f"{context.get('replies_file', 'replies_coded.csv')} before quoting a number.",
             "Likes measure attention, not agreement or representativeness."]
    lines += [note for note in analysis.notes]
    if context.get("pseudonymised"):
        lines.append("Individuals' handles and names are pseudonyms; organisations and the account that asked are named.")
    return lines


def write_briefing(analysis: Analysis, context: dict, charts: list[tuple[Path, str]], folder: Path) -> list[str]:
    """Write briefing.pptx into `folder` and return the names written."""
    from pptx import Presentation
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDE[0]), Inches(WIDE[1])
    blank = deck.slide_layouts[6]

    def text_slide(title: str, paragraphs: list[tuple[str, str | None]], size: int = 18):
        slide = deck.slides.add_slide(blank)
        _text(slide, title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9), 28, bold=True)
        box = slide.shapes.add_textbox(Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.8)).text_frame
        box.word_wrap = True
        for index, (line, link) in enumerate(paragraphs):
            paragraph = box.paragraphs[0] if index == 0 else box.add_paragraph()
            run = paragraph.add_run()
            run.text = line
            run.font.size = Pt(size)
            if link:
                run.hyperlink.address = link
            paragraph.space_after = Pt(8)
        return slide

    title_slide = deck.slides.add_slide(blank)
    _text(title_slide, context["title"], Inches(0.6), Inches(1.2), Inches(12), Inches(1.2), 36, bold=True)
    if context["question"] != context["title"]:
        _text(title_slide, f"The question: {context['question']}", Inches(0.6), Inches(2.6), Inches(12), Inches(2.4), 20)
    _text(title_slide, f"From {', '.join(context['inputs'])}: {context['overview']['replies']:,} replies analysed. "
                       "Made with replyscope.", Inches(0.6), Inches(5.6), Inches(12), Inches(0.8), 14, colour=MUTED)

    text_slide("The answers", [(f"{item.label}: {item.text}", None) for item in context["headlines"]], 20)

    for path, footer in charts:
        slide = deck.slides.add_slide(blank)
        _text(slide, _chart_title(path.name), Inches(0.5), Inches(0.2), Inches(12.3), Inches(0.7), 24, bold=True)
        picture = slide.shapes.add_picture(str(path), Inches(0.5), Inches(1.0), height=Inches(5.6))
        if picture.width > Inches(12.3):  # a wide chart: fit the width instead
            ratio = Inches(12.3) / picture.width
            picture.width, picture.height = Inches(12.3), int(picture.height * ratio)
        picture.left = int((deck.slide_width - picture.width) / 2)
        _text(slide, footer, Inches(0.5), Inches(6.75), Inches(12.3), Inches(0.6), 11, colour=MUTED)

    items = reading_list(analysis)
    for start in range(0, len(items), READING_LIST_PER_SLIDE):
        chunk = items[start:start + READING_LIST_PER_SLIDE]
        lines = [(f"{start + i + 1}. {item['label']}: cited by {item['replies']:,} replies ({item['mentions']:,} mentions"
                  + (f", {item['likes']:,} likes)" if item["likes"] is not None else ")")
                  + (f" {item['link']}" if item["link"] else ""), item["link"]) for i, item in enumerate(chunk)]
        text_slide("Reading list: the ideas cited most" + (" (continued)" if start else ""), lines, 15)

    text_slide("Method and accuracy", [(line, None) for line in method_lines(analysis, context)], 14)
    deck.save(folder / "briefing.pptx")
    write_briefing_document(analysis, context, charts, folder / "briefing.docx")
    return ["briefing.pptx", "briefing.docx"]


def write_briefing_document(analysis: Analysis, context: dict, charts: list[tuple[Path, str]], path: Path) -> None:
    """The same briefing as a Word document, for teams that edit a paper rather than slides."""
    from docx import Document
    from docx.shared import Inches, Pt, RGBColor

    document = Document()
    document.add_heading(context["title"], level=0)
    if context["question"] != context["title"]:
        document.add_paragraph().add_run(f"The question: {context['question']}").italic = True
    document.add_heading("The answers", level=1)
    for item in context["headlines"]:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f"{item.label}: ").bold = True
        paragraph.add_run(item.text)
    document.add_heading("Charts", level=1)
    for chart, footer in charts:
        document.add_heading(_chart_title(chart.name), level=2)
        document.add_picture(str(chart), width=Inches(6.3))
        caption = document.add_paragraph().add_run(footer)
        caption.font.size, caption.font.color.rgb = Pt(8), RGBColor(*MUTED)
    items = reading_list(analysis)
    if items:
        document.add_heading("Reading list: the ideas cited most", level=1)
        for item in items:
            likes = f", {item['likes']:,} likes" if item["likes"] is not None else ""
            document.add_paragraph(f"{item['label']}: cited by {item['replies']:,} replies ({item['mentions']:,} mentions"
                                   f"{likes})" + (f" {item['link']}" if item["link"] else ""), style="List Number 2")
    document.add_heading("Method and accuracy", level=1)
    for line in method_lines(analysis, context):
        document.add_paragraph(line, style="List Bullet")
    document.save(path)


CHART_TITLES = {
    "wordcloud": "Key words", "theme_likes": "Themes by likes: the most-liked replies",
    "theme_likes_all": "Themes by likes: all replies", "theme_replies": "Replies by primary theme",
    "hashtag_timeline": "Hashtags over time", "hashtag_network": "Hashtags used together",
}


def _chart_title(file_name: str) -> str:
    stem = file_name.removesuffix(".png")
    if stem.startswith("hashtag_takeover_"):
        return f"Hashtag takeover: #{stem.removeprefix('hashtag_takeover_')}"
    return CHART_TITLES.get(stem, stem.replace("_", " ").capitalize())


def _text(slide, text: str, left, top, width, height, size: int, bold: bool = False, colour=INK):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = RGBColor(*colour)
    return frame
