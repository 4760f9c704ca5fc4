"""Translators start translations of originals they may not edit.

Wagtail's "Translate page" (``wagtail.contrib.simple_translation``) asks for edit rights on the
original; translators rightly have none on the English tree, so nobody but a superuser could start
a translation. This view, registered at the same address, also lets a user translate into the
languages where they may add the page (their own locale's tree), and only into those. What it
creates is a draft that goes through the publication workflow like any other page.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.ui.components import Component
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.models import Locale, Page


def locales_user_may_translate_into(page, user):
    """Locales without a translation of ``page`` whose copy of its parent ``user`` may add pages to."""
    parent = page.get_parent()
    translated = page.get_translations(inclusive=True).values_list("locale_id", flat=True)
    allowed = []
    for locale in Locale.objects.exclude(pk__in=translated):
        parent_translation = parent.get_translation_or_none(locale)
        if parent_translation is not None and parent_translation.permissions_for_user(user).can_add_subpage():
            allowed.append(locale.pk)
    return allowed


class TranslatePageView(SubmitPageTranslationView):
    def get_object(self):
        page = get_object_or_404(Page, id=self.kwargs["page_id"]).specific
        if page.is_root():
            raise Http404
        self.may_edit_original = page.permissions_for_user(self.request.user).can_edit()
        self.own_locales = [] if self.may_edit_original else locales_user_may_translate_into(page, self.request.user)
        if not (self.may_edit_original or self.own_locales):
            raise PermissionDenied
        return page

    def get_form(self):
        form = super().get_form()
        if not self.may_edit_original:
            form.fields["locales"].queryset = form.fields["locales"].queryset.filter(pk__in=self.own_locales)
        return form


def originals_to_translate(user, limit=10):
    """[(locale, [original pages])]: for each language ``user`` may add pages in (a translator's own),
    the live originals in the default language with no translation there yet, newest first."""
    default = Locale.get_default()
    work = []
    for locale in Locale.objects.exclude(pk=default.pk).order_by("language_code"):
        home = Page.objects.filter(depth=2, locale=locale).first()
        if home is None or not home.permissions_for_user(user).can_add_subpage():
            continue
        translated = Page.objects.filter(locale=locale).values("translation_key")
        originals = (
            Page.objects.live().filter(locale=default, depth__gt=3).exclude(translation_key__in=translated)
            .order_by("-first_published_at")[:limit]
        )
        work.append((locale, list(originals)))
    return work


class OriginalsToTranslatePanel(Component):
    """Dashboard panel: what is waiting to be translated into the user's languages."""

    name = "originals_to_translate"
    template_name = "governance/originals_to_translate.html"
    order = 205

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        user = request.user
        context["work"] = (
            originals_to_translate(user)
            if not user.is_superuser and user.has_perm("simple_translation.submit_translation") else []
        )
        return context


def add_translation_panel(request, panels):
    """The dashboard's "Waiting for translation" panel (construct_homepage_panels hook)."""
    panels.append(OriginalsToTranslatePanel())
