"""What an image shows, measured from the image itself: the facts the offline describer puts into
words. Plain Python (Pillow, NumPy, optionally Tesseract); no Django.

- :func:`open_picture` decodes the stored file once: a raster image becomes RGB pixels (transparency
  laid on white, the first frame of an animation), an SVG a parsed tree. A file that is neither
  raises :class:`UnreadableImage` with a message for the admin.
- :func:`analyse` measures orientation, size class, the dominant named colours, whether the image is
  a plain area, a chart or diagram (few flat colours, straight edges), a flat illustration or a
  photograph, and the text it contains: an SVG's own ``<text>``, or words Tesseract reads.
"""

import io
import logging
import re
import shutil
import unicodedata
from dataclasses import dataclass, field

import filetype
import numpy as np
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Pixels are measured on a copy whose longer side is this long (enough for colours and edges), and
# Tesseract reads a copy up to OCR_SIDE.
ANALYSIS_SIDE = 128
OCR_SIDE = 1600
SMALL_PIXELS, LARGE_PIXELS = 300_000, 4_000_000
# A plain area: one colour covers this share. Flat: the eight most common colours (16 levels per
# channel) cover FLAT_SHARE. A chart or diagram: this share of its colour edges runs straight.
SOLID_SHARE, FLAT_SHARE, STRAIGHT_SHARE = 0.97, 0.85, 0.75
# A colour is named when it covers this share of the image; at most three are.
COLOUR_SHARE, MAX_COLOURS = 0.06, 3
OCR_MIN_CONFIDENCE, OCR_MAX_WORDS, OCR_TIMEOUT = 70, 12, 20
COLOURS = ("black", "white", "grey", "red", "orange", "brown", "yellow", "green", "teal", "blue", "purple", "pink")
SVG_NS = "{http://www.w3.org/2000/svg}"
SVG_SHAPES = {"rect", "circle", "ellipse", "path", "polygon", "polyline", "line"}
LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px)?\s*$")
HEX_COLOUR = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{6})$", re.IGNORECASE)
RGB_COLOUR = re.compile(r"^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)", re.IGNORECASE)


class UnreadableImage(ValueError):
    """The stored file cannot be read as an image; the message says why, for the admin."""


@dataclass
class Picture:
    """A decoded image: ``raster`` pixels (RGB, at most OCR_SIDE on the longer side) or an ``svg`` tree."""

    file_name: str
    width: int
    height: int
    raster: Image.Image | None = None
    svg: object | None = None

    @property
    def is_svg(self):
        return self.svg is not None


@dataclass(frozen=True)
class ImageFacts:
    orientation: str  # landscape, portrait or square
    size: str  # small, medium or large ("medium" for SVG, which has no pixel size)
    kind: str  # solid, diagram, illustration or photo
    colours: tuple[str, ...]  # keys of COLOURS, the most dominant first
    text: tuple[str, ...] = field(default=())  # labels or words found in the image, in reading order


def open_picture(data: bytes, file_name: str) -> Picture:
    if file_name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        return open_svg(data, file_name)
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.draft("RGB", (OCR_SIDE, OCR_SIDE))  # JPEG: decode at a reduced scale, much faster
            image.load()
            raster = flatten(image)
    except UnidentifiedImageError as error:
        guessed = filetype.guess(data)
        if guessed is not None and guessed.mime.startswith("image/"):
            raise UnreadableImage(f"“{file_name}” is a damaged {guessed.extension.upper()} file and cannot be read.") from error
        raise UnreadableImage(f"“{file_name}” is not in an image format that can be read here.") from error
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UnreadableImage(f"“{file_name}” is damaged or incomplete and cannot be read: {error}") from error
    raster.thumbnail((OCR_SIDE, OCR_SIDE))
    return Picture(file_name, width, height, raster=raster)


def flatten(image):
    """RGB pixels, with any transparency laid on white (as a page shows it)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def open_svg(data, file_name):
    try:
        root = safe_fromstring(data)
    except (DefusedXmlException, SyntaxError, ValueError) as error:
        raise UnreadableImage(f"“{file_name}” is not a valid SVG file: {error}") from error
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise UnreadableImage(f"“{file_name}” is not an SVG image.")
    width, height = svg_length(root.get("width")), svg_length(root.get("height"))
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if (not width or not height) and len(view_box) == 4:
        try:
            width, height = float(view_box[2]), float(view_box[3])
        except ValueError:
            pass
    return Picture(file_name, round(width or 0), round(height or 0), svg=root)


def svg_length(value):
    match = LENGTH.match(value or "")
    return float(match.group(1)) if match else None


def analyse(picture: Picture, read_text=True) -> ImageFacts:
    orientation = orientation_of(picture.width, picture.height)
    if picture.is_svg:
        texts = svg_texts(picture.svg)
        return ImageFacts(orientation, "medium", "diagram" if texts else "illustration", svg_colours(picture.svg),
                          texts)
    pixels = analysis_pixels(picture.raster)
    kind = kind_of(pixels)
    texts = ocr_words(picture.raster) if read_text and kind != "solid" else ()
    # A chart's or an illustration's colours are those of what is drawn, not of the paper behind it.
    background = background_colour(pixels) if kind in ("diagram", "illustration") else None
    return ImageFacts(orientation, size_of(picture.width, picture.height), kind,
                      dominant_colours(pixels, exclude=background), texts)


def orientation_of(width, height):
    if not width or not height or 0.9 <= width / height <= 1.1:
        return "square"
    return "landscape" if width > height else "portrait"


def size_of(width, height):
    pixels = width * height
    return "small" if pixels < SMALL_PIXELS else "large" if pixels >= LARGE_PIXELS else "medium"


def analysis_pixels(raster):
    """The image at ANALYSIS_SIDE, sampled (not blended) so that flat colours stay exact: an H×W×3 array."""
    scale = ANALYSIS_SIDE / max(raster.size)
    size = (max(1, round(raster.width * scale)), max(1, round(raster.height * scale))) if scale < 1 else raster.size
    return np.asarray(raster.resize(size, Image.Resampling.NEAREST), dtype=np.uint8)


def kind_of(pixels):
    codes = colour_codes(pixels)
    shares = np.sort(np.bincount(codes.ravel(), minlength=4096))[::-1] / codes.size
    if shares[0] >= SOLID_SHARE:
        return "solid"
    if shares[:8].sum() < FLAT_SHARE:
        return "photo"
    # Edges are taken between named colours, so shades of one colour (JPEG noise, anti-aliasing) do not
    # count as edges.
    names = colour_names(pixels.reshape(-1, 3)).reshape(pixels.shape[:2])
    return "diagram" if straight_edge_share(names) >= STRAIGHT_SHARE else "illustration"


def colour_codes(pixels):
    """Each pixel's colour at 16 levels per channel, as one number (so JPEG noise does not split a flat
    colour in two)."""
    levels = pixels.astype(np.int32) >> 4
    return levels[..., 0] * 256 + levels[..., 1] * 16 + levels[..., 2]


def straight_edge_share(codes):
    """The share of colour edges that continue straight: a vertical edge whose neighbour above or
    below is one too, a horizontal edge whose neighbour left or right is. Bars, boxes and axes score
    near 1; curves and diagonals step from row to row and score low."""
    vertical = codes[:, 1:] != codes[:, :-1]
    horizontal = codes[1:, :] != codes[:-1, :]
    edges = vertical.sum() + horizontal.sum()
    if not edges:
        return 1.0
    padded_v = np.pad(vertical, ((1, 1), (0, 0)))
    padded_h = np.pad(horizontal, ((0, 0), (1, 1)))
    straight_v = vertical & (padded_v[:-2] | padded_v[2:])
    straight_h = horizontal & (padded_h[:, :-2] | padded_h[:, 2:])
    return float(straight_v.sum() + straight_h.sum()) / float(edges)


def colour_names(rgb):
    """The COLOURS index of each colour in an N×3 array of 0–255 values, by lightness, saturation and hue."""
    values = rgb.astype(np.float64) / 255.0
    high, low = values.max(axis=1), values.min(axis=1)
    lightness = (high + low) / 2
    delta = high - low
    saturation = np.where(delta == 0, 0.0, delta / np.maximum(1e-9, 1 - np.abs(2 * lightness - 1)))
    red, green, blue = values[:, 0], values[:, 1], values[:, 2]
    safe = np.maximum(delta, 1e-9)
    hue = np.select(
        [high == red, high == green],
        [((green - blue) / safe) % 6, (blue - red) / safe + 2],
        (red - green) / safe + 4,
    ) * 60.0
    index = COLOURS.index
    names = np.select(
        [
            lightness < 0.12,
            lightness > 0.93,
            (saturation < 0.15) & (lightness > 0.85),
            (saturation < 0.15) & (lightness < 0.2),
            saturation < 0.15,
            (hue < 15) | (hue >= 345),
            (hue < 45) & (lightness < 0.4),
            hue < 45,
            (hue < 70) & (lightness < 0.35),
            hue < 70,
            hue < 165,
            hue < 195,
            hue < 255,
            hue < 290,
            lightness < 0.4,
        ],
        [index("black"), index("white"), index("white"), index("black"), index("grey"),
         index("red"), index("brown"), index("orange"), index("brown"), index("yellow"),
         index("green"), index("teal"), index("blue"), index("purple"), index("purple")],
        index("pink"),
    )
    # A light red reads as pink.
    return np.where((names == index("red")) & (lightness > 0.75), index("pink"), names)


def background_colour(pixels):
    """The COLOURS index of the colour around the edge of the image, where one colour holds most of it."""
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    counts = np.bincount(colour_names(border), minlength=len(COLOURS))
    return int(np.argmax(counts)) if counts.max() >= 0.7 * len(border) else None


def dominant_colours(pixels, weights=None, exclude=None):
    """The names of the colours covering COLOUR_SHARE or more, the most dominant first (at most
    MAX_COLOURS). ``exclude`` (a background) is left out when anything else is named."""
    names = colour_names(pixels.reshape(-1, 3))
    counts = np.bincount(names, weights=weights, minlength=len(COLOURS)).astype(np.float64)
    if exclude is not None and counts.sum() > counts[exclude]:
        counts[exclude] = 0
    shares = counts / max(counts.sum(), 1e-9)
    order = [i for i in np.argsort(-shares, kind="stable") if shares[i] >= COLOUR_SHARE][:MAX_COLOURS]
    return tuple(COLOURS[i] for i in order) or (COLOURS[int(np.argmax(shares))],)


def svg_texts(root):
    """The SVG's text elements in document order, each once; lines (``<tspan>``) joined by a space.
    Axis numbers, units and single letters are not labels a reader needs read out."""
    seen, texts = set(), []
    for element in root.iter():
        if element.tag in (f"{SVG_NS}text", "text"):
            text = join_lines(element.itertext())
            if len(text) >= 3 and any(c.isalpha() for c in text) and text not in seen:
                seen.add(text)
                texts.append(text)
    return tuple(texts)


def join_lines(pieces):
    """Lines of one label joined as the label reads: by a space, except where either side is Chinese or
    Japanese (a translator's line break there falls inside a word)."""
    text = ""
    for piece in (" ".join(piece.split()) for piece in pieces):
        if piece:
            wide = text and (unicodedata.east_asian_width(text[-1]) in "WF" or unicodedata.east_asian_width(piece[0]) in "WF")
            text = f"{text}{'' if wide or not text else ' '}{piece}"
    return text


def svg_colours(root):
    """Dominant colours of an SVG from its shapes' fills: a rectangle weighs its area, other shapes a
    fiftieth of the canvas each; a rectangle covering the canvas is the background."""
    width = svg_length(root.get("width")) or 100.0
    height = svg_length(root.get("height")) or 100.0
    colours, weights, background = [], [], None
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag not in SVG_SHAPES:
            continue
        rgb = parse_colour(element.get("fill") or style_fill(element.get("style")))
        if rgb is None:
            continue
        weight = width * height / 50
        if tag == "rect":
            rect_width, rect_height = svg_length(element.get("width")), svg_length(element.get("height"))
            if rect_width and rect_height:
                weight = rect_width * rect_height
            if weight >= 0.9 * width * height and background is None:
                background = int(colour_names(np.array([rgb], dtype=np.uint8))[0])
        colours.append(rgb)
        weights.append(weight)
    if not colours:
        return ("black",)
    return dominant_colours(np.array(colours, dtype=np.uint8), weights=np.array(weights), exclude=background)


def style_fill(style):
    for declaration in (style or "").split(";"):
        name, _sep, value = declaration.partition(":")
        if name.strip() == "fill":
            return value.strip()
    return None


def parse_colour(value):
    value = (value or "").strip()
    if match := HEX_COLOUR.match(value):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(digit * 2 for digit in digits)
        return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
    if match := RGB_COLOUR.match(value):
        return tuple(min(255, int(part)) for part in match.groups())
    return {"white": (255, 255, 255), "black": (0, 0, 0)}.get(value.lower())


def ocr_available():
    if not shutil.which("tesseract"):
        return False
    try:
        import pytesseract  # noqa: F401 — optional: text found by OCR only where Tesseract is installed
    except ImportError:
        return False
    return True


def ocr_words(raster):
    """Words Tesseract reads with confidence, in reading order; none where Tesseract is not installed."""
    if not ocr_available():
        return ()
    import pytesseract

    try:
        data = pytesseract.image_to_data(raster, output_type=pytesseract.Output.DICT, timeout=OCR_TIMEOUT)
    except (RuntimeError, pytesseract.TesseractError, OSError) as error:
        logger.warning("OCR failed, describing the image without its text: %s", error)
        return ()
    words = []
    for word, confidence in zip(data["text"], data["conf"], strict=True):
        word = word.strip()
        if float(confidence) >= OCR_MIN_CONFIDENCE and len(word) >= 2 and any(c.isalnum() for c in word):
            words.append(word)
    return (" ".join(words[:OCR_MAX_WORDS]),) if words else ()
