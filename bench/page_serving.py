"""Page-serving benchmark: how fast the demo site renders its main page kinds, in-process and uncached;
with --http, also served by gunicorn through the page cache (bench/http_load.py).

Builds the demo site in a temporary folder (SQLite, embedded broker), then requests each page kind
many times through Django's handler and prints requests per second, median and p95 latency, and
queries per request; last, the same article with its approved ad placement served with ads on and
off, for the cost of the ad gate and the slots. Run:  .venv/bin/python bench/page_serving.py [--requests 200]
"""

import argparse
import os
import statistics
import time

from sandbox import temporary_site


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--http", action="store_true",
                        help="also serve the site with gunicorn (production settings) and load it with wrk")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (--http)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported (--http)")
    args = parser.parse_args()

    settings = temporary_site()
    settings.PAGE_CACHE_ENABLED = False  # in-process figures are of rendering; --http measures the cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))
    print(f"demo content built in {time.perf_counter() - started:.1f} s ({os.environ['LORASITE_VAR_DIR']})")

    from articles.models import ArticleIndexPage, ArticlePage
    from governance.models import AdPlacement

    article = ArticlePage.objects.live().filter(locale__language_code="en").first()
    japanese = ArticlePage.objects.live().filter(locale__language_code="ja").first()
    listing = ArticleIndexPage.objects.live().filter(locale__language_code="en").first()
    pages = {
        "home (en)": "/en/",
        "article (en)": article.url,
        "article (ja)": japanese.url,
        "listing (en)": listing.url,
        "topic (en)": "/en/topics/serving/",
        "search (en)": "/en/search/?q=adapter",
        "search (ja)": "/ja/search/?q=アダプター",
        "sitemap": "/sitemap.xml",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{'page':<18} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    results = {}

    def measure(name, url):
        assert client.get(url).status_code == 200, url  # warm: renditions, caches
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
            client.get(url)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        results[name] = median
        print(f"{name:<18} {1000 / statistics.mean(timings):>8.1f} {median:>10.2f} {p95:>8.2f} {len(queries):>8}")

    for name, url in pages.items():
        measure(name, url)
    placed = AdPlacement.objects.filter(live=True).select_related("page").first().page
    measure("article, ads on", placed.url)
    assert 'class="ad-slot' in client.get(placed.url).content.decode()
    settings.ADSENSE_CLIENT_ID = ""  # the gate refuses before any lookup
    measure("article, ads off", placed.url)
    print(f"\narticle (ja) / article (en) median: {results['article (ja)'] / results['article (en)']:.2f}x")
    print(f"search (ja, substring) / search (en, full-text) median: {results['search (ja)'] / results['search (en)']:.2f}x")
    print(f"article with ads / same article, ads off median: "
          f"{results['article, ads on'] / results['article, ads off']:.2f}x")
    if args.http:
        from http_load import serve_and_load

        serve_and_load({"article": article.url, "home": pages["home (en)"], "listing": listing.url,
                        "search": pages["search (en)"]}, duration=args.duration, rounds=args.rounds)


if __name__ == "__main__":
    main()
