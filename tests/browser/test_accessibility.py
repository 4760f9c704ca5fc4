"""axe-core on the main page kinds in English, Japanese and Arabic: no violations of WCAG 2.0/2.1/2.2
A and AA, or of axe's best practices."""

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RULE_SETS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        RULE_SETS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("code", ["en", "ja", "ar"])
def test_pages_have_no_accessibility_violations(page, live_server, demo_site, axe_source, code):
    article = demo_site.homes[code].featured_article
    listing = demo_site.indexes[("articles", code)]
    urls = {
        "home": f"/{code}/",
        "article": article.url,
        "listing": listing.url,
        "search": f"/{code}/search/?q=LoRA",
        "404": f"/{code}/no-such-page/",
        "newsletter": f"/{code}/newsletter/",
        "newsletter sent": f"/{code}/newsletter/check-your-inbox/",
    }
    found = {}
    for name, url in urls.items():
        page.goto(live_server.url + url)
        problems = violations(page, axe_source)
        if problems:
            found[name] = problems
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
