"""Images drawn for the alt-text tests, stored as real Wagtail images, and tiny saved models."""

import io

import numpy as np
import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from adapters_app.alttext.tiny_models import save_tiny_captioner, save_tiny_translator
from articles.demo.figures import render
from articles.models import LoraImage

BAR_COLOURS = [(0, 114, 178), (230, 159, 0), (0, 158, 115)]


def encode(image, image_format="PNG"):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def solid_red():
    return Image.new("RGB", (400, 300), (220, 20, 30))


def bar_chart(caption=None):
    """Bars in three flat colours on white, with axes; ``caption`` written across the top."""
    image = Image.new("RGB", (800, 500), "white")
    draw = ImageDraw.Draw(image)
    for i, (height, colour) in enumerate(zip((300, 200, 380), BAR_COLOURS, strict=True)):
        draw.rectangle([100 + i * 220, 450 - height, 100 + i * 220 + 150, 450], fill=colour)
    draw.line([60, 450, 780, 450], fill="black", width=3)
    draw.line([60, 40, 60, 450], fill="black", width=3)
    if caption:
        draw.text((160, 0), caption, fill="black", font=ImageFont.load_default(size=44))
    return image


def noisy_gradient(seed=0):
    """A photo-like image: a smooth colour gradient with sensor-like noise."""
    x = np.linspace(0, 1, 640)[None, :, None]
    y = np.linspace(0, 1, 480)[:, None, None]
    channels = np.broadcast_arrays(x * 200 + 30, y * 150 + 50, (1 - x) * 180 + 40 + 0 * y)
    noise = np.random.default_rng(seed).normal(0, 18, (480, 640, 3))
    return Image.fromarray(np.clip(np.concatenate(channels, axis=2) + noise, 0, 255).astype(np.uint8))


def store_image(data, name, title="Test image", **fields):
    image = LoraImage(title=title, file=ContentFile(data, name=name), licence="own-work", **fields)
    image.save()
    return image


@pytest.fixture
def stored(db):
    """Store drawn images: ``stored(bar_chart(), "chart.png", title=…)``, or bytes for any file."""

    def make(picture, name="image.png", **fields):
        data = picture if isinstance(picture, bytes) else encode(picture, "JPEG" if name.endswith(".jpg") else "PNG")
        return store_image(data, name, **fields)

    return make


@pytest.fixture
def figure_svg():
    return render("lora-architecture", "en").svg.encode()


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """A tiny random captioner and translator saved with save_pretrained, as real ones are."""
    root = tmp_path_factory.mktemp("alt-text-models")
    return {"captioner": save_tiny_captioner(root / "captioner"), "translator": save_tiny_translator(root / "translator")}


def overwrite_stored_file(image, data):
    """Replace the bytes of an image's stored file (Wagtail refuses to store an unreadable one): what a
    damaged disk or a half-copied media folder leaves behind."""
    with image.file.storage.open(image.file.name, "wb") as stored_file:
        stored_file.write(data)
    return image


@pytest.fixture
def login(client, django_user_model):
    """Sign in as a new member of a role group: ``login(EDITORS)`` or ``login(EDITORS, "erin")``."""
    from django.contrib.auth.models import Group

    from adapters_app.roles import grant_lab_permissions
    from governance.roles import ensure_roles

    ensure_roles()
    grant_lab_permissions()

    def as_member(group, username="eddie"):
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
        user.groups.set([Group.objects.get(name=group)])
        client.force_login(user)
        return user

    return as_member
