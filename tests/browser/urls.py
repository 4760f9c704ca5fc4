"""The site's URLs plus uploaded media, so the live test server shows images."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from lorasite.urls import handler500, urlpatterns as site_urlpatterns  # noqa: F401

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
