"""Django system checks: a misconfigured alt-text engine is reported when the site or a worker starts
(``manage.py check``), not first discovered as a failed job."""

from django.conf import settings
from django.core import checks

from .alttext.engines import EngineUnavailable
from .alttext.vision import check_folder, parse_translation_spec


@checks.register()
def alt_text_engine_configured(app_configs=None, **kwargs):
    engine = settings.ALT_TEXT_ENGINE
    if engine not in ("offline", "model"):
        return [checks.Error(f"ALT_TEXT_ENGINE is “{engine}”.", hint="Use “offline” or “model”.",
                             id="adapters_app.E001")]
    if engine == "offline":
        return []
    if not settings.ALT_TEXT_MODEL:
        return [checks.Error("ALT_TEXT_ENGINE is “model” but ALT_TEXT_MODEL is empty.",
                             hint="Name a local model folder (saved with save_pretrained) or a hub id.",
                             id="adapters_app.E002")]
    problems = []
    locations = [("ALT_TEXT_MODEL", settings.ALT_TEXT_MODEL)] + [
        ("ALT_TEXT_TRANSLATION_MODEL", location)
        for location in parse_translation_spec(settings.ALT_TEXT_TRANSLATION_MODEL).values()]
    for setting, location in locations:
        try:
            check_folder(location, setting)
        except EngineUnavailable as error:
            problems.append(checks.Warning(str(error), hint="Alt-text jobs will fail until it is fixed.",
                                           id="adapters_app.W001"))
    return problems
