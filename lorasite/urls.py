from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from adapters_app import views as lab_views
from articles import views as article_views
from governance import views as governance_views
from governance.gate import non_monetizable

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("sitemap.xml", article_views.sitemap, name="sitemap"),
    path("robots.txt", article_views.robots_txt, name="robots_txt"),
    path("ads.txt", governance_views.ads_txt, name="ads_txt"),
    # The admin (its login and previews included) never carries ads.
    path("django-admin/", include((decorate_urlpatterns(admin.site.get_urls(), non_monetizable), "admin"))),
    path("admin/", include(decorate_urlpatterns(wagtailadmin_urls.urlpatterns, non_monetizable))),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.ANYMAIL["WEBHOOK_SECRET"]:
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages are served under /<lang>/; Wagtail's catch-all must come last.
urlpatterns += i18n_patterns(
    path("lab/runs/<int:pk>/", lab_views.run_page, name="demo_run"),
    path("lab/runs/<int:pk>/progress/", lab_views.run_progress, name="demo_run_progress"),
    path("newsletter/", include("newsletter.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "lorasite.views.page_not_found"
handler500 = "lorasite.views.server_error"
