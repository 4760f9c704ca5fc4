"""A reader signs up from the footer of a page, confirms from the link in the mail, and unsubscribes
from the link in the next one; without scripts the footer form leads to the newsletter page."""

import pytest
from playwright.sync_api import expect

from articles.demo.loader import DemoLoader
from newsletter.models import OutboundEmail, Subscriber

from .conftest import new_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site(transactional_db, settings, live_server):
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.PUBLIC_BASE_URL = live_server.url
    DemoLoader(log=lambda message: None).build_structure()


def mail_to(address):
    return OutboundEmail.objects.filter(to=[address]).order_by("pk")


def link(mail, kind):
    return next(word for word in mail.body.split() if f"/newsletter/{kind}/" in word)


def test_sign_up_from_the_footer_confirm_from_the_mail_and_unsubscribe(browser, live_server, site):
    page = new_page(browser)
    page.goto(f"{live_server.url}/de/")
    footer = page.locator(".site-footer form")
    footer.get_by_label("E-Mail", exact=True).fill("Leserin@Example.com")
    footer.get_by_label("Ja, schicken Sie mir").check()
    footer.get_by_role("button", name="Abonnieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sehen Sie in Ihr Postfach")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language, subscriber.state) == ("leserin@example.com", "de", "pending")
    assert subscriber.consents.get().page == "/de/"

    page.goto(link(mail_to("leserin@example.com").get(), "confirm"))
    page.get_by_role("button", name="Abonnement bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihr Abonnement")
    screenshot(page, "newsletter-confirmed")

    welcome = mail_to("leserin@example.com").last()
    page.goto(link(welcome, "unsubscribe"))
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sie sind abgemeldet")
    assert Subscriber.objects.get().state == "unsubscribed"


def test_without_scripts_the_footer_form_leads_to_the_newsletter_page(browser, live_server, site):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/en/")
    footer = page.locator(".site-footer form")
    footer.get_by_label("Email", exact=True).fill("noscript@example.com")
    footer.get_by_label("Yes, send me").check()
    footer.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter")
    assert not Subscriber.objects.exists(), "the footer's GET only fills in the newsletter page's form"
    form = page.locator("main form")
    expect(form.get_by_label("Email", exact=True)).to_have_value("noscript@example.com")
    expect(form.get_by_label("Yes, send me")).to_be_checked()
    form.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    assert Subscriber.objects.get().email == "noscript@example.com"
