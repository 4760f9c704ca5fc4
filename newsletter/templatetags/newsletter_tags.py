from django import template
from django.utils.translation import get_language

from ..forms import SignupForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup(context, form_id="newsletter-footer"):
    """The sign-up form for cached pages: no token in it (its script fetches one when it is used)."""
    return {"form": SignupForm(initial={"language": get_language()}, prefix="newsletter"), "with_token": False,
            "form_id": form_id, "request": context.get("request")}
