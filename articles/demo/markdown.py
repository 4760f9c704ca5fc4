"""Parse the demo content format (FORMAT.md): front matter plus a Markdown subset, into StreamField
data for ``ArticleStreamBlock``. Plain functions, no Django models: the loader resolves images."""

import html
import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^```\s*([\w+-]*)\s*$")
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*$")
BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
IMAGE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\(image:(?P<key>[\w-]+)(?:\s+"(?P<caption>[^"]*)")?\)\s*$')
EMBED = re.compile(r"^::embed\s+(https?://\S+)(?:\s+(.*))?$")
DEMO = re.compile(r"^::demo\s+([a-z][a-z0-9-]*)(?:\s+(.*))?$")
CONTAINER = re.compile(r"^:::(compare|note|tip|warning)\b\s*(.*)$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
CODE_LANGUAGES = {"python", "bash", "yaml", "json", "hcl", "dockerfile", "toml", "sql", "protobuf", "text"}
LANGUAGE_ALIASES = {"sh": "bash", "shell": "bash", "console": "bash", "yml": "yaml", "terraform": "hcl", "tf": "hcl",
                    "proto": "protobuf", "py": "python", "": "text"}


class FormatError(ValueError):
    """The file does not follow FORMAT.md; the message names the file and line."""


@dataclass
class Document:
    meta: dict
    blocks: list = field(default_factory=list)
    images: list = field(default_factory=list)


def parse(text, name="<text>"):
    meta, body, offset = split_front_matter(text, name)
    blocks = parse_body(body, name, offset)
    images = [block["value"]["image"]["key"] for block in blocks if block["type"] == "image"]
    return Document(meta=meta, blocks=blocks, images=images)


def split_front_matter(text, name):
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise FormatError(f"{name}: missing front matter")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise FormatError(f"{name}: front matter is not closed with ---") from None
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise FormatError(f"{name}:{number}: expected 'key: value'")
        value = value.strip() if key.strip() == "sources" else value.split(" #")[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip()] = value
    return meta, lines[end + 1 :], end + 1


def list_field(meta, key):
    return [item.strip() for item in meta.get(key, "").split(",") if item.strip()]


def sources_field(meta):
    """``url | label, url | label`` → [(url, label)]."""
    sources = []
    for item in re.split(r",\s*(?=https?://)", meta.get("sources", "")):
        url, _sep, label = item.partition("|")
        if url.strip():
            sources.append((url.strip(), label.strip() or url.strip()))
    return sources


def inline(text):
    """Markdown inline syntax to Wagtail rich-text HTML (escaped; links only to http(s))."""
    codes = []

    def keep_code(match):
        codes.append(f"<code>{html.escape(match.group(1), quote=False)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = re.sub(r"`([^`]+)`", keep_code, text)
    text = html.escape(text, quote=False)
    text = re.sub(
        r"\[([^\]]+)\]\((https?://[^)\s]+)\)",
        lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>',
        text,
    )
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)


def rich_text(lines):
    """Paragraphs and lists from consecutive prose lines."""
    out, paragraph, items, kind = [], [], [], None

    def flush_paragraph():
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list():
        nonlocal kind
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{kind}>")
            items.clear()
        kind = None

    for line in lines + [""]:
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet or numbered:
            flush_paragraph()
            new_kind = "ul" if bullet else "ol"
            if kind and kind != new_kind:
                flush_list()
            kind = new_kind
            items.append((bullet or numbered).group(1))
        elif not line.strip():
            flush_paragraph()
            flush_list()
        elif items and line.startswith("  "):
            items[-1] += " " + line.strip()
        else:
            flush_list()
            paragraph.append(line.strip())
    return "".join(out)


def table_rows(lines):
    rows = []
    for line in lines:
        if TABLE_RULE.match(line.strip()):
            continue
        cells = line.strip().strip("|").split("|")
        # Table cells are plain text: inline code and emphasis markers are dropped, not shown.
        rows.append([re.sub(r"\*\*|`", "", cell).strip() for cell in cells])
    return rows


def parse_body(lines, name, offset=0):
    blocks, prose = [], []
    index = 0

    def flush_prose():
        text = rich_text(prose)
        if text:
            blocks.append({"type": "paragraph", "value": text})
        prose.clear()

    while index < len(lines):
        line = lines[index]
        where = f"{name}:{offset + index + 1}"
        fence = FENCE.match(line)
        if fence:
            flush_prose()
            language = fence.group(1).lower()
            language = LANGUAGE_ALIASES.get(language, language)
            end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == "```"), None)
            if end is None:
                raise FormatError(f"{where}: code block is not closed")
            blocks.append({
                "type": "code",
                "value": {"language": language if language in CODE_LANGUAGES else "text",
                          "code": "\n".join(lines[index + 1 : end]), "caption": ""},
            })
            index = end + 1
            continue
        heading = HEADING.match(line)
        if heading:
            flush_prose()
            level = "h2" if len(heading.group(1)) == 2 else "h3"
            blocks.append({"type": "heading", "value": {"text": heading.group(2), "level": level}})
        elif (image := IMAGE.match(line.strip())):
            flush_prose()
            alt = image.group("alt").strip()
            blocks.append({
                "type": "image",
                "value": {
                    "image": {"key": image.group("key"), "decorative": alt.lower() == "decorative",
                              "alt_text": "" if alt.lower() == "decorative" else alt},
                    "caption": image.group("caption") or "",
                },
            })
        elif (embed := EMBED.match(line.strip())):
            flush_prose()
            blocks.append({"type": "embed", "value": {"embed": embed.group(1), "title": embed.group(2) or embed.group(1)}})
        elif (demo := DEMO.match(line.strip())):
            flush_prose()
            blocks.append({"type": "demo_result", "value": {"run": {"kind": demo.group(1)}, "caption": demo.group(2) or ""}})
        elif (container := CONTAINER.match(line.strip())):
            flush_prose()
            end = next((j for j in range(index + 1, len(lines)) if lines[j].strip() == ":::"), None)
            if end is None:
                raise FormatError(f"{where}: ':::{container.group(1)}' is not closed with ':::'")
            inner = lines[index + 1 : end]
            kind, title = container.group(1), container.group(2).strip()
            if kind == "compare":
                rows = table_rows([row for row in inner if row.strip().startswith("|")])
                if len(rows) < 2:
                    raise FormatError(f"{where}: a comparison needs a header row and at least one row")
                columns = rows[0][1:]
                blocks.append({
                    "type": "comparison",
                    "value": {
                        "caption": title,
                        "columns": columns,
                        "rows": [{"label": row[0], "cells": (row[1:] + [""] * len(columns))[: len(columns)]}
                                 for row in rows[1:]],
                    },
                })
            else:
                blocks.append({"type": "callout", "value": {"kind": kind, "title": title, "text": rich_text(inner)}})
            index = end + 1
            continue
        elif line.strip().startswith(">"):
            flush_prose()
            quoted = []
            while index < len(lines) and lines[index].strip().startswith(">"):
                quoted.append(lines[index].strip()[1:].strip())
                index += 1
            attribution = ""
            if quoted and re.match(r"^[—–-]{1,2}\s*", quoted[-1]) and len(quoted) > 1:
                attribution = re.sub(r"^[—–-]{1,2}\s*", "", quoted.pop())
            blocks.append({"type": "quote", "value": {"text": "\n".join(q for q in quoted if q), "attribution": attribution}})
            continue
        elif line.strip().startswith("|") and index + 1 < len(lines) and TABLE_RULE.match(lines[index + 1].strip()):
            flush_prose()
            end = index
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            rows = table_rows(lines[index:end])
            blocks.append({
                "type": "table",
                "value": {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False,
                          "table_caption": "", "cell": [], "mergedCells": []},
            })
            index = end
            continue
        else:
            prose.append(line)
        index += 1
    flush_prose()
    return blocks
