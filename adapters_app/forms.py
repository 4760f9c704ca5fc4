from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AltTextLanguagesForm(forms.Form):
    """Which languages to draft alt text in: all of them unless narrowed."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple,
        initial=[code for code, _name in settings.LANGUAGES],
        help_text=_("Only languages whose alt text is missing or a machine draft are written; approved text is "
                    "never replaced."),
        error_messages={"required": _("Choose at least one language.")},
    )
