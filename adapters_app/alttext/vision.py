"""The model engine: a vision-to-text model writes the English draft, a seq2seq model translates it.

Both load with ``from_pretrained`` from a local folder (or a hub id where the server can reach one)
and run on the GPU in bf16 when there is one, else on the CPU. transformers 5 has no ``image-to-text``
or ``translation`` pipeline: the model classes are called directly.

- Vision: ``AutoModelForImageTextToText`` (it maps ``vision-encoder-decoder`` as well as BLIP, GIT and
  the like) with its image processor and tokenizer. ``AutoProcessor`` returns a processor holding
  both for most models, but only one of them for a vision-encoder-decoder folder: then each is
  loaded on its own. Images go through ``generate()`` in batches of ``batch_size``.
- Translation (``ALT_TEXT_TRANSLATION_MODEL``): one multilingual model (M2M100, NLLB, mBART-50: the
  target language is forced as the first generated token) or one model per language
  (``de=/models/opus-mt-en-de;fr=…``). English approved by a person is translated rather than the
  model's own caption. Without a translation model the other languages are skipped, with the reason.
- An SVG is not pixels: the offline describer (``fallback``) describes it, from its own text.
"""

import logging
import threading
from pathlib import Path

from django.utils.translation import gettext_noop

from ..lab.common import device_and_dtype
from .engines import Draft, EngineUnavailable, Skipped

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
MAX_NEW_TOKENS = 48
# The target-language token of each multilingual family, by our language code, and the English
# source code the family's tokenizer expects in ``src_lang``.
LANGUAGE_TOKENS = {
    "m2m100": ({"en": "__en__", "de": "__de__", "fr": "__fr__", "es": "__es__", "ja": "__ja__", "zh-hans": "__zh__",
                "ar": "__ar__"}, "en"),
    "nllb": ({"en": "eng_Latn", "de": "deu_Latn", "fr": "fra_Latn", "es": "spa_Latn", "ja": "jpn_Jpan",
              "zh-hans": "zho_Hans", "ar": "arb_Arab"}, "eng_Latn"),
    "mbart50": ({"en": "en_XX", "de": "de_DE", "fr": "fr_XX", "es": "es_XX", "ja": "ja_XX", "zh-hans": "zh_CN",
                 "ar": "ar_AR"}, "en_XX"),
}


def check_folder(location, setting):
    """A location that looks like a path must be a folder holding a model's config."""
    path = Path(location).expanduser()
    looks_like_path = location.startswith((".", "/", "~")) or path.exists()
    if not looks_like_path:
        return location  # a hub id: from_pretrained says whether it can be reached
    if not path.is_dir():
        raise EngineUnavailable(f"{setting} names “{location}”, which is not a folder.")
    if not (path / "config.json").is_file():
        raise EngineUnavailable(f"{setting} names “{location}”, which holds no model (no config.json).")
    return str(path)


class VisionModelEngine:
    name = "model"

    def __init__(self, model, translation_model="", batch_size=8, fallback=None):
        self.location = model
        self.model_name = Path(model).name or model
        self.translator = Translator(translation_model) if translation_model else None
        self.batch_size = max(1, batch_size)
        self.fallback = fallback
        self._lock = threading.Lock()
        self._loaded = None

    def load(self):
        """The model, image processor and tokenizer, loaded once per process."""
        with self._lock:
            if self._loaded is None:
                self._loaded = load_vision_model(self.location)
            return self._loaded

    def caption(self, rasters):
        """English captions for RGB images, ``batch_size`` at a time through ``generate()``."""
        import torch

        if not rasters:
            return []
        model, image_processor, tokenizer = self.load()
        captions = []
        for start in range(0, len(rasters), self.batch_size):
            batch = rasters[start:start + self.batch_size]
            pixel_values = image_processor(images=batch, return_tensors="pt").pixel_values
            pixel_values = pixel_values.to(model.device, dtype=model.dtype)
            with torch.inference_mode():
                output = model.generate(pixel_values=pixel_values, max_new_tokens=MAX_NEW_TOKENS, min_new_tokens=2,
                                        pad_token_id=tokenizer.pad_token_id)
            captions.extend(tokenizer.batch_decode(output, skip_special_tokens=True))
        return [" ".join(caption.split()) for caption in captions]

    def describe(self, images, languages):
        results = [{} for _ in images]
        svg = [i for i, image in enumerate(images) if image.picture.is_svg]
        if svg and self.fallback is not None:
            for i, drafts in zip(svg, self.fallback.describe([images[i] for i in svg], languages), strict=True):
                results[i] = drafts
        raster = [i for i in range(len(images)) if i not in svg]
        # English first: a person's approved English is the source; otherwise the model's caption.
        needs_caption = [i for i in raster if not images[i].approved.get(SOURCE_LANGUAGE)]
        captions = dict(zip(needs_caption, self.caption([images[i].picture.raster for i in needs_caption]),
                            strict=True))
        english = {i: images[i].approved.get(SOURCE_LANGUAGE) or captions[i] for i in raster}
        for i in raster:
            if SOURCE_LANGUAGE in languages:
                results[i][SOURCE_LANGUAGE] = self.draft_or_skip(captions.get(i, english[i]), self.model_name)
        for language in languages:
            if language == SOURCE_LANGUAGE or not raster:
                continue
            if self.translator is None:
                for i in raster:
                    results[i][language] = Skipped(gettext_noop(
                        "No translation model is configured (ALT_TEXT_TRANSLATION_MODEL), so the model engine "
                        "writes English only."))
                continue
            sources = [i for i in raster if english[i]]
            translated = self.translator.translate([english[i] for i in sources], language) if sources else []
            for i, text in zip(sources, translated, strict=True):
                results[i][language] = self.draft_or_skip(text, self.translator.model_name_for(language))
            for i in set(raster) - set(sources):
                results[i][language] = Skipped(gettext_noop("There is no English text to translate from."))
        return results

    def draft_or_skip(self, text, model_name):
        text = " ".join((text or "").split())
        if not text:
            return Skipped(gettext_noop("The model wrote no text for this image."))
        return Draft(text, self.name, model_name)


def load_pretrained(location, setting, what, load):
    """``load(folder, device, dtype)`` on a checked location, on the lab's device; a failure to load becomes
    EngineUnavailable naming ``what`` and the ``setting`` to fix."""
    location = check_folder(location, setting)
    device, dtype = device_and_dtype()
    try:
        loaded = load(location, device, dtype)
    except (OSError, ValueError, KeyError) as error:
        raise EngineUnavailable(f"The {what} in “{location}” ({setting}) cannot be loaded: {error}") from error
    logger.info("Loaded the alt-text %s %s on %s", what, location, device)
    return loaded


def load_vision_model(location):
    from transformers import AutoImageProcessor, AutoModelForImageTextToText, AutoProcessor, AutoTokenizer

    def load(folder, device, dtype):
        model = AutoModelForImageTextToText.from_pretrained(folder, dtype=dtype).to(device).eval()
        processor = AutoProcessor.from_pretrained(folder)
        # A vision-encoder-decoder folder gives back only one of the two: load each on its own.
        image_processor = getattr(processor, "image_processor", None) or AutoImageProcessor.from_pretrained(folder)
        tokenizer = getattr(processor, "tokenizer", None) or AutoTokenizer.from_pretrained(folder)
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        return model, image_processor, tokenizer

    return load_pretrained(location, "ALT_TEXT_MODEL", "vision model", load)


class Translator:
    """English to another language with seq2seq models, loaded once per process and model."""

    def __init__(self, spec):
        self.locations = parse_translation_spec(spec)
        self._lock = threading.Lock()
        self._loaded = {}

    def location_for(self, language):
        return self.locations.get(language) or self.locations.get("*")

    def model_name_for(self, language):
        location = self.location_for(language) or ""
        return Path(location).name or location

    def load(self, location):
        with self._lock:
            if location not in self._loaded:
                self._loaded[location] = load_translation_model(location)
            return self._loaded[location]

    def translate(self, texts, language):
        model, tokenizer = self.load(self.location_for(language) or "")
        return [" ".join(text.split()) for text in tokenizer.batch_decode(self.generate(texts, language),
                                                                          skip_special_tokens=True)]

    def generate(self, texts, language):
        """Token ids of the translations of ``texts`` into ``language`` (one row each)."""
        import torch

        location = self.location_for(language)
        if location is None:
            raise EngineUnavailable(f"ALT_TEXT_TRANSLATION_MODEL names no model for the language “{language}”.")
        model, tokenizer = self.load(location)
        family = language_family(tokenizer)
        kwargs = {}
        if family is not None:
            tokens, source = LANGUAGE_TOKENS[family]
            if hasattr(tokenizer, "src_lang"):
                tokenizer.src_lang = source
            kwargs["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids(tokens[language])
        encoded = tokenizer(list(texts), return_tensors="pt", padding=True, truncation=True, max_length=256)
        encoded = {key: value.to(model.device) for key, value in encoded.items() if key in ("input_ids", "attention_mask")}
        with torch.inference_mode():
            return model.generate(**encoded, max_new_tokens=MAX_NEW_TOKENS * 2, min_new_tokens=2, **kwargs)


def parse_translation_spec(spec):
    """``/models/m2m100`` (one model for every language) or ``de=/models/en-de;fr=/models/en-fr``."""
    spec = (spec or "").strip()
    if "=" not in spec:
        return {"*": spec} if spec else {}
    locations = {}
    for part in spec.replace(",", ";").split(";"):
        language, _sep, location = part.partition("=")
        if language.strip() and location.strip():
            locations[language.strip().lower()] = location.strip()
    return locations


def language_family(tokenizer):
    """Which multilingual family's language tokens the tokenizer knows, if any."""
    vocabulary = tokenizer.get_vocab()
    for family, (tokens, _source) in LANGUAGE_TOKENS.items():
        if all(token in vocabulary for token in tokens.values()):
            return family
    return None


def load_translation_model(location):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    def load(folder, device, dtype):
        return (AutoModelForSeq2SeqLM.from_pretrained(folder, dtype=dtype).to(device).eval(),
                AutoTokenizer.from_pretrained(folder))

    return load_pretrained(location, "ALT_TEXT_TRANSLATION_MODEL", "translation model", load)
