from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import seo
from .models import Author, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 210


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role", "slug"]
    search_fields = ["name"]
    add_to_admin_menu = True
    menu_order = 220


register_snippet(TopicViewSet)
register_snippet(AuthorViewSet)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_meta_description_length(request, page):
    """Search engines show about 155 characters of a meta description: say so, but let it be."""
    message = seo.description_length_warning(page.specific)
    if message:
        messages.warning(request, message)
