"""The one small interface every alt-text engine has, and the choice of engine from settings.

An engine takes decoded images (:class:`SourceImage`) and languages and returns, per image, a
:class:`Draft` or a :class:`Skipped` (with the reason) for each language. Engines are plain Python
(torch, transformers, Pillow); the alt-text jobs (``adapters_app/alttext/drafts.py``) read images from
storage, call an engine and write what it returns.

- ``offline`` (the default, :class:`~adapters_app.alttext.describer.OfflineDescriber`): describes the
  image from what it measures, in every language, from sentence templates in the catalogues.
- ``model`` (:class:`~adapters_app.alttext.vision.VisionModelEngine`): a vision-to-text model loaded
  with ``from_pretrained`` writes English, and a seq2seq translation model the other languages.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .facts import Picture


@dataclass(frozen=True)
class SourceImage:
    picture: Picture
    title: str = ""
    tags: tuple[str, ...] = ()
    #: Alt text a person wrote or approved, by language: a translation starts from the English one.
    approved: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    text: str
    engine: str
    model_name: str = ""


@dataclass(frozen=True)
class Skipped:
    """No draft for a language. ``message`` is an untranslated catalogue message (gettext_noop) with
    ``%(name)s`` parameters, shown in the reader's admin language."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)


class EngineUnavailable(Exception):
    """The configured engine cannot work (a missing or wrong model folder); the message says what to fix."""


class AltTextEngine(Protocol):
    name: str
    model_name: str

    def describe(self, images: Sequence[SourceImage], languages: Sequence[str]) -> list[dict[str, Draft | Skipped]]:
        """A draft or the reason for none, per language, for each image in order."""


@dataclass(frozen=True)
class EngineConfig:
    engine: str = "offline"
    model: str = ""
    translation_model: str = ""
    batch_size: int = 8
    read_text: bool = True


def build_engine(config: EngineConfig) -> AltTextEngine:
    from .describer import OfflineDescriber

    describer = OfflineDescriber(read_text=config.read_text)
    if config.engine == "offline":
        return describer
    if config.engine == "model":
        from .vision import VisionModelEngine

        if not config.model:
            raise EngineUnavailable("ALT_TEXT_ENGINE is “model” but ALT_TEXT_MODEL names no model folder.")
        return VisionModelEngine(config.model, translation_model=config.translation_model,
                                 batch_size=config.batch_size, fallback=describer)
    raise EngineUnavailable(f"ALT_TEXT_ENGINE is “{config.engine}”: use “offline” or “model”.")
