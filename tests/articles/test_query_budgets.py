"""Queries per page stay flat as the site grows from 5 to 200 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePage

from .conftest import make_editorial

pytestmark = pytest.mark.django_db


def add_articles(site_tree, image, topic, author, count):
    index = site_tree.index("articles")
    pages = []
    for number in range(count):
        pages.append(make_editorial(index, f"Adapter article {number}", topics=[topic], authors=[author],
                                    image=image, days_ago=number % 90))
    return pages


def query_count(client, url):
    client.get(url)  # warm renditions and caches, as a running site would be
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def urls(site_tree, article):
    return {
        "home": "/en/",
        "article": article.url,
        "listing": site_tree.index("articles").url,
        "topic": "/en/topics/quantization/",
        "search": "/en/search/?q=adapter",
    }


BUDGETS = {"home": 40, "article": 40, "listing": 40, "topic": 35, "search": 45}


@pytest.mark.slow
def test_query_counts_are_flat_from_5_to_200_articles(client, site_tree, hero_image, topic, author, django_assert_max_num_queries):
    pages = add_articles(site_tree, hero_image, topic, author, 5)
    small = {name: query_count(client, url) for name, url in urls(site_tree, pages[0]).items()}
    pages += add_articles(site_tree, hero_image, topic, author, 195)
    assert ArticlePage.objects.live().count() == 200
    large = {name: query_count(client, url) for name, url in urls(site_tree, pages[0]).items()}
    for name, url in urls(site_tree, pages[0]).items():
        assert large[name] == small[name], f"{name}: {small[name]} queries with 5 articles, {large[name]} with 200"
        with django_assert_max_num_queries(BUDGETS[name]):
            client.get(url)
