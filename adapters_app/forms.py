import json

from django import forms
from django.conf import settings
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .lab.common import InvalidParameters
from .lab.demos import DEMOS, validate
from .models import DemoKind, DemoRun


class AltTextLanguagesForm(forms.Form):
    """Which languages to draft alt text in: all of them unless narrowed."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple,
        initial=[code for code, _name in settings.LANGUAGES],
        help_text=_("Only languages whose alt text is missing or a machine draft are written; approved text is "
                    "never replaced."),
        error_messages={"required": _("Choose at least one language.")},
    )


class DemoRunForm(WagtailAdminModelForm):
    """Launch a demo: which one, a title, and its parameters as JSON (blank: the defaults shown)."""

    parameters_json = forms.CharField(
        label=_("Parameters (JSON)"), required=False, widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Leave blank for the demo's defaults, or give only the parameters to change."))

    class Meta:
        model = DemoRun
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = format_html_join(
            "", "<span class=\"w-block\"><strong>{}</strong>: <code>{}</code></span>",
            ((label, json.dumps(DEMOS[kind].defaults)) for kind, label in DemoKind.choices))

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("parameters_json") or "").strip()
        try:
            raw = json.loads(text) if text else {}
        except json.JSONDecodeError as error:
            self.add_error("parameters_json", _("This is not valid JSON: %(error)s") % {"error": error})
            return cleaned
        if cleaned.get("kind"):
            try:
                cleaned["parameters"] = validate(cleaned["kind"], raw)
            except InvalidParameters as error:
                self.add_error("parameters_json", str(error))
        return cleaned


class DemoRunTitleForm(WagtailAdminModelForm):
    """A run's parameters are what it ran with: afterwards only its title changes (the rest is shown)."""

    parameters_json = forms.CharField(label=_("Parameters (JSON)"), required=False, disabled=True,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = DemoRun
        fields = ["kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].disabled = True
        self.fields["parameters_json"].initial = json.dumps(self.instance.parameters)
