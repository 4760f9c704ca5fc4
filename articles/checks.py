"""Content rules that articles adds to the governance check registry."""

from django.utils.translation import gettext_lazy as _

from governance import content
from governance.checks import WARNING, Reason, Remediation, rule
from governance.roles import TRANSLATORS


@rule(
    "figure-text-translated",
    _("Figure text translated"),
    Remediation.TRANSLATION_UPDATE,
    TRANSLATORS,
    severity=WARNING,
)
def figure_text_translated(page):
    """A figure whose language lacks some of its strings shows them in English: worth a warning, not a block."""
    for image in content.images_used(page):
        strings = image.untranslated_text
        if strings:
            shown = "; ".join(f"“{text}”" for text in strings[:3]) + (" …" if len(strings) > 3 else "")
            yield Reason.ngettext(
                "The figure “%(image)s” shows %(count)d string in English: %(strings)s. Translate it in the "
                "language's catalogue and reload the demo figures.",
                "The figure “%(image)s” shows %(count)d strings in English: %(strings)s. Translate them in the "
                "language's catalogue and reload the demo figures.",
                "count", image=image.title, count=len(strings), strings=shown.replace("\n", " "),
            )
