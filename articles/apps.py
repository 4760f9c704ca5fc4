from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import checks  # noqa: F401  (registers the articles' rules in the check registry)
        from . import purging  # noqa: F401  (connects the page cache's purge receivers)
