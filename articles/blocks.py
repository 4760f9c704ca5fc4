"""StreamField blocks. ``ArticleStreamBlock`` is the one body block every content page uses, so a
later feature (a demo-results chart, say) is added here once."""

import functools
import re

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import figure_references
from .text import text_length

CODE_LANGUAGES = [
    ("python", "Python"),
    ("bash", "Bash"),
    ("yaml", "YAML"),
    ("json", "JSON"),
    ("hcl", "HCL (Terraform)"),
    ("dockerfile", "Dockerfile"),
    ("toml", "TOML"),
    ("sql", "SQL"),
    ("protobuf", "Protocol Buffers"),
    ("text", _("Plain text")),
]

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "code", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2")

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=CODE_LANGUAGES, default="python")
    code = blocks.TextBlock()
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "code"
        template = "components/blocks/code.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["highlighted"] = highlight_code(value["code"], value["language"])
        return context


@functools.lru_cache(maxsize=2048)
def highlight_code(code, language):
    """HTML for ``code`` with Pygments token classes (styled by static/css/code.css). Highlighted once per
    text and language in each process, not on every view of the page."""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(code, lexer, HtmlFormatter(nowrap=True))


class FigureBlock(blocks.StructBlock):
    """An image in the body. The image's own translated alt text is used unless this use overrides
    it or marks the image decorative (Wagtail's ImageBlock carries both per use)."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, help_text=_("Leave empty to use the image's own caption."))

    class Meta:
        icon = "image"
        template = "components/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))], default="note"
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        template = "components/blocks/callout.html"


class ComparisonRowBlock(blocks.StructBlock):
    label = blocks.CharBlock()
    cells = blocks.ListBlock(blocks.CharBlock(required=False))


class ComparisonTableBlock(blocks.StructBlock):
    """Options side by side: column headers across, one labelled row per property."""

    caption = blocks.CharBlock(required=False)
    columns = blocks.ListBlock(blocks.CharBlock(), min_num=2)
    rows = blocks.ListBlock(ComparisonRowBlock(), min_num=1)

    class Meta:
        icon = "table"
        template = "components/blocks/comparison.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"


class EmbedFigureBlock(blocks.StructBlock):
    """An embedded video or post; shown as a link when the provider cannot be reached."""

    embed = EmbedBlock()
    title = blocks.CharBlock(help_text=_("Describes the embedded media; also the link text when it cannot load."))

    class Meta:
        icon = "media"
        template = "components/blocks/embed.html"


class DemoResultBlock(blocks.StructBlock):
    """Measured results of an adapter-lab run: its chart, data table and one-line summary, linked to the
    run's page; live progress until it finishes. The run is named by model label, so articles import
    nothing from the lab; the lab's template draws it."""

    run = SnippetChooserBlock("adapters_app.DemoRun", help_text=_("A demo run from the adapter lab."))
    caption = blocks.CharBlock(required=False, help_text=_("Shown under the chart; the run's title when blank."))

    class Meta:
        icon = "cogs"
        template = "adapters_app/blocks/demo_result.html"


class ProseBlock(blocks.RichTextBlock):
    """Rich text that may quote measured figures: ``{{run 12 accuracy.mean rank=16}}`` renders the value
    the run recorded, linked to it (``figure_references``); a reference that cannot work is refused."""

    def clean(self, value):
        value = super().clean(value)
        problems = figure_references.problems(value.source)
        if problems:
            raise ValidationError(" ".join(problems))
        return value

    def render_basic(self, value, context=None):
        return mark_safe(figure_references.expand(value.__html__()))


class ArticleStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ProseBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow",
        help_text=_("To quote a figure a demo run measured, write {{run ID FIGURE}}, for example "
                    "{{run 12 accuracy.mean rank=16}}; the page shows the recorded value, linked to the run."))
    code = CodeBlock()
    image = FigureBlock()
    table = TableBlock(
        template="components/blocks/table.html",
        table_options={"contextMenu": ["row_above", "row_below", "col_left", "col_right", "remove_row", "remove_col"]},
    )
    comparison = ComparisonTableBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    embed = EmbedFigureBlock()
    demo_result = DemoResultBlock()


def stream_text(stream):
    """The readable text of a body: what search indexes, reading time and length checks count."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(figure_references.without_references(value.source))
        elif block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "code":
            parts.append(value["code"])
        elif block.block_type == "callout":
            parts.extend([value["title"], value["text"].source])
        elif block.block_type == "quote":
            parts.extend([value["text"], value["attribution"]])
        elif block.block_type == "image":
            parts.append(value["caption"])
        elif block.block_type == "table":
            parts.extend(cell or "" for row in value.get("data") or [] for cell in row)
        elif block.block_type == "comparison":
            parts.extend([value["caption"], *value["columns"]])
            for row in value["rows"]:
                parts.extend([row["label"], *row["cells"]])
        elif block.block_type == "embed":
            parts.append(value["title"])
        elif block.block_type == "demo_result":
            parts.append(value["caption"])
    return "\n".join(part for part in parts if part)


HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def stream_links(stream):
    """Every link a body points to, as written: links in paragraphs and callouts, and embedded media."""
    links = []
    for block in stream:
        if block.block_type == "paragraph":
            links.extend(HREF.findall(block.value.source))
        elif block.block_type == "callout":
            links.extend(HREF.findall(block.value["text"].source))
        elif block.block_type == "embed" and block.value["embed"]:
            links.append(block.value["embed"].url)
    return links


def stream_images(stream):
    """The images a body shows, each as the block's image value (with this use's alt text and decorative flag)."""
    return [block.value["image"] for block in stream if block.block_type == "image" and block.value["image"]]


def stream_prose_length(stream):
    """Length of the prose (code excluded) in word units, CJK counted by characters."""
    prose = [block for block in stream if block.block_type != "code"]
    return text_length(stream_text(prose))
