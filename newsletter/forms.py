from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.models import Topic

from .models import Frequency
from .subscriptions import normalise_email

CONSENT_TEXT = _("Yes, send me the LoRA Delivery newsletter by email. I can unsubscribe at any time with the link in "
                 "every mail, and LoRA Delivery keeps a record of this consent.")


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.order_by("slug"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Choose none to hear about everything."))
    frequency = forms.ChoiceField(label=_("Alerts"), choices=Frequency.choices, initial=Frequency.IMMEDIATE,
                                  widget=forms.RadioSelect)


class SignupForm(PreferencesForm):
    email = forms.CharField(label=_("Email"), max_length=320, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages={
        "required": _("Tick the box to agree to receive the newsletter.")})
    # Left empty by people; bots that fill in every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    page = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    field_order = ["email", "language", "topics", "frequency", "consent", "website", "page"]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
