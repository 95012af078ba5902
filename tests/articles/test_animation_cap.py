"""An animation costs every one of its frames: the pixel cap counts them all,
so a small GIF of many huge frames is refused quickly with a clear error."""

import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from tests.factories import make_user


def animated_gif(frames, width, height):
    pictures = [
        PILImage.new("P", (width, height), color=index % 2) for index in range(frames)
    ]
    for picture in pictures:
        picture.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=40, loop=0)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def heavy_gif():
    return animated_gif(64, 2000, 2000)


def test_a_gif_of_64_frames_of_2000_pixels_is_refused_quickly(heavy_gif):
    assert len(heavy_gif) < 400_000
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        images.validate_image(SimpleUploadedFile("spin.gif", heavy_gif, content_type="image/gif"))
    assert time.monotonic() - started < 2
    assert refused.value.code == "too_many_frames"


def test_a_small_animation_within_the_cap_is_accepted():
    data = animated_gif(12, 200, 150)
    assert images.validate_image(SimpleUploadedFile("wave.gif", data, content_type="image/gif")) == "gif"


def test_the_cap_counts_frames_against_the_configured_limit(settings):
    settings.BLUEDOMES_IMAGE_MAX_PIXELS = 100_000
    # Each frame alone (30 000 pixels) is within the cap; four of them are not.
    data = animated_gif(4, 200, 150)
    with pytest.raises(ValidationError) as refused:
        images.validate_image(SimpleUploadedFile("wave.gif", data, content_type="image/gif"))
    assert refused.value.code == "too_many_frames"


@pytest.mark.django_db
def test_the_image_admin_shows_the_frame_cap_as_a_form_error(client, heavy_gif):
    writer = make_user(username="writer", is_staff=True, groups=[Group.objects.get(name="Authors")])
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_image_add"),
        {"upload": SimpleUploadedFile("spin.gif", heavy_gif, content_type="image/gif"), "alt_text": "spin"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This animation has 64 frames of 2000×2000 pixels" in page
    assert "40 megapixels" in page
    assert Image.objects.count() == 0
