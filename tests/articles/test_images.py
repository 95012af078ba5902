"""Pictures are checked with Pillow, stored without location data, and
resized into renditions; every refusal is a clear form error, never a 500."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from articles import images
from articles.models import Image, Rendition
from tests.factories import image_bytes, make_user


def picture_bytes(width, height, fmt="PNG", mode="RGB", **save):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), (30, 120, 200) if mode == "RGB" else None).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(data, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width, height):
    """A PNG whose header claims ``width``×``height`` pixels, with a few bytes
    of pixel data: what a decompression bomb looks like before it explodes."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def jpeg_with_gps_and_orientation():
    """A 40×20 JPEG whose EXIF says "rotate 90°" and carries a GPS position."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (41.0, 18.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (69.0, 14.0, 5.0),
    }
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 50, 50)).save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


class TestValidation:
    def test_a_tiny_png_is_accepted(self):
        assert images.validate_image(upload(picture_bytes(3, 2))) == "png"

    @pytest.mark.parametrize(
        ("fmt", "expected"), [("JPEG", "jpeg"), ("PNG", "png"), ("GIF", "gif"), ("WEBP", "webp")]
    )
    def test_the_four_web_formats_are_accepted(self, fmt, expected):
        assert images.validate_image(upload(picture_bytes(20, 10, fmt), name=f"x.{expected}")) == expected

    def test_a_text_file_named_jpg_is_refused(self):
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(b"just some words, not a picture\n" * 20, "notes.jpg", "image/jpeg"))
        assert caught.value.code == "invalid_image"
        assert "not a picture" in caught.value.messages[0]

    def test_a_truncated_jpeg_is_refused(self):
        data = picture_bytes(400, 300, "JPEG")
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(data[: len(data) // 2], "cut.jpg"))
        assert caught.value.code == "invalid_image"

    def test_a_decompression_bomb_is_refused_from_its_header(self):
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(png_header_only(100_000, 100_000), "bomb.png"))
        assert caught.value.code == "too_many_pixels"
        assert "megapixels" in caught.value.messages[0]

    def test_a_picture_over_the_pixel_cap_is_refused_before_decoding(self, settings):
        settings.BLUEDOMES_IMAGE_MAX_PIXELS = 1_000_000
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(png_header_only(2000, 1000), "wide.png"))
        assert caught.value.messages == ["This picture is 2000×1000 pixels; the limit is 1 megapixels."]

    def test_a_file_over_the_byte_cap_is_refused(self, settings):
        settings.BLUEDOMES_IMAGE_MAX_BYTES = 1000
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(picture_bytes(200, 200, "PNG") + b"\0" * 2000))
        assert caught.value.code == "too_large"

    def test_other_formats_are_refused_by_name(self):
        with pytest.raises(ValidationError) as caught:
            images.validate_image(upload(picture_bytes(20, 10, "BMP"), "old.bmp", "image/bmp"))
        assert caught.value.code == "format"
        assert "BMP" in caught.value.messages[0]


@pytest.mark.django_db
class TestStoring:
    def test_location_metadata_is_stripped_and_orientation_applied(self):
        image = images.create_image(upload(jpeg_with_gps_and_orientation(), "holiday.jpg", "image/jpeg"))
        with PILImage.open(image.file.path) as stored:
            exif = stored.getexif()
            assert ExifTags.IFD.GPSInfo not in exif
            assert len(exif) == 0
            # The 40×20 picture said "rotate 90°": it now stands upright.
            assert stored.size == (20, 40)
        assert (image.width, image.height) == (20, 40)
        assert b"TestCam" not in open(image.file.path, "rb").read()

    def test_stored_name_follows_the_real_format(self):
        image = images.create_image(upload(picture_bytes(30, 30, "PNG"), "Looks Like A.jpg", "image/jpeg"))
        assert image.file.name.endswith("/looks-like-a.png")

    def test_renditions_are_made_in_the_original_format_and_webp(self):
        image = images.create_image(upload(picture_bytes(2000, 1000, "JPEG"), "wide.jpg", "image/jpeg"))
        made = sorted((r.width, r.height, r.format) for r in image.renditions.all())
        assert made == [
            (480, 240, "jpeg"), (480, 240, "webp"),
            (960, 480, "jpeg"), (960, 480, "webp"),
            (1600, 800, "jpeg"), (1600, 800, "webp"),
        ]
        for rendition in image.renditions.all():
            with PILImage.open(rendition.file.path) as stored:
                assert stored.size == (rendition.width, rendition.height)
                assert stored.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]

    def test_renditions_never_enlarge_a_small_picture(self):
        image = images.create_image(upload(picture_bytes(600, 400, "PNG")))
        assert sorted((r.width, r.format) for r in image.renditions.all()) == [
            (480, "png"), (480, "webp"), (600, "png"), (600, "webp"),
        ]

    def test_a_tiny_png_still_gets_a_webp_rendition(self):
        image = images.create_image(upload(picture_bytes(3, 2, "PNG")))
        assert sorted((r.width, r.height, r.format) for r in image.renditions.all()) == [
            (3, 2, "png"), (3, 2, "webp"),
        ]

    def test_transparency_survives_in_webp(self):
        buffer = io.BytesIO()
        PILImage.new("RGBA", (600, 300), (255, 0, 0, 0)).save(buffer, "PNG")
        image = images.create_image(upload(buffer.getvalue()))
        webp = image.renditions.get(format="webp", width=480)
        with PILImage.open(webp.file.path) as stored:
            assert stored.mode == "RGBA"
            assert stored.getpixel((10, 10))[3] == 0

    def test_an_animated_gif_keeps_its_frames_and_gets_no_renditions(self):
        frames = [PILImage.new("RGB", (500, 100), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
        buffer = io.BytesIO()
        frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
        with PILImage.open(io.BytesIO(buffer.getvalue())) as original:
            assert original.n_frames == 3
        image = images.create_image(upload(buffer.getvalue(), "moving.gif", "image/gif"))
        with PILImage.open(image.file.path) as stored:
            assert stored.n_frames == 3
        assert image.renditions.count() == 0

    def test_making_renditions_again_replaces_the_old_ones(self):
        image = images.create_image(upload(picture_bytes(1000, 500, "JPEG"), "a.jpg"))
        old_ids = set(image.renditions.values_list("pk", flat=True))
        assert len(old_ids) == 6  # 480, 960 and 1000 wide, in JPEG and WebP
        images.make_renditions(image)
        new_ids = set(Rendition.objects.filter(image=image).values_list("pk", flat=True))
        assert len(new_ids) == 6
        assert new_ids.isdisjoint(old_ids)

    def test_a_refused_upload_stores_nothing(self):
        with pytest.raises(ValidationError):
            images.create_image(upload(png_header_only(100_000, 100_000), "bomb.png"))
        assert Image.objects.count() == 0


@pytest.fixture
def staff_writer(db):
    from django.contrib.auth.models import Group

    return make_user(username="writer", is_staff=True, groups=[Group.objects.get(name="Authors")])


@pytest.mark.django_db
class TestImageAdminOverHttp:
    def test_a_bomb_uploaded_in_the_image_admin_is_a_form_error(self, client, staff_writer):
        client.force_login(staff_writer)
        response = client.post(
            reverse("admin:articles_image_add"),
            {"upload": upload(png_header_only(100_000, 100_000), "bomb.png"), "alt_text": "boom"},
        )
        assert response.status_code == 200
        assert "This picture has too many pixels; the limit is 40 megapixels." in response.content.decode()
        assert Image.objects.count() == 0

    def test_an_upload_in_the_image_admin_is_cleaned_and_resized(self, client, staff_writer):
        client.force_login(staff_writer)
        response = client.post(
            reverse("admin:articles_image_add"),
            {"upload": upload(jpeg_with_gps_and_orientation(), "trip.jpg", "image/jpeg"), "alt_text": "A trip"},
        )
        assert response.status_code == 302
        image = Image.objects.get()
        assert image.uploaded_by == staff_writer
        assert image.alt_text == "A trip"
        assert (image.width, image.height) == (20, 40)
        assert sorted(r.format for r in image.renditions.all()) == ["jpeg", "webp"]

    def test_the_image_list_shows_thumbnails(self, client, staff_writer):
        images.create_image(upload(picture_bytes(900, 600, "JPEG"), "x.jpg"), alt_text="Market day")
        client.force_login(staff_writer)
        response = client.get(reverse("admin:articles_image_changelist"))
        assert response.status_code == 200
        assert "-480w.webp" in response.content.decode()
        assert "Market day" in response.content.decode()


@pytest.mark.django_db
class TestEditorUpload:
    url = "/admin/articles/article/images/upload/"

    def test_the_url_names_are_stable(self):
        assert reverse("admin:articles_article_image_upload") == self.url
        assert reverse("admin:articles_article_image_picker") == "/admin/articles/article/images/picker/"

    def test_an_author_uploads_and_gets_json_back(self, client, staff_writer):
        client.force_login(staff_writer)
        response = client.post(
            self.url, {"file": upload(picture_bytes(1200, 800, "JPEG"), "p.jpg"), "alt_text": "A", "caption": "C"}
        )
        assert response.status_code == 201
        data = response.json()
        image = Image.objects.get(pk=data["id"])
        assert image.uploaded_by == staff_writer
        assert (data["alt_text"], data["alternative_text"], data["caption"]) == ("A", "A", "C")
        # The body gets the largest same-format rendition, not a 6000 px original.
        assert data["url"].endswith("-1200w.jpg")
        assert {(r["width"], r["format"]) for r in data["renditions"]} == {
            (480, "jpeg"), (480, "webp"), (960, "jpeg"), (960, "webp"), (1200, "jpeg"), (1200, "webp"),
        }

    def test_a_bad_upload_answers_400_with_the_reason(self, client, staff_writer):
        client.force_login(staff_writer)
        response = client.post(self.url, {"file": upload(png_header_only(100_000, 100_000), "bomb.png")})
        assert response.status_code == 400
        assert "megapixels" in response.json()["errors"]["file"][0]
        assert Image.objects.count() == 0

    def test_anonymous_visitors_are_sent_to_the_login(self, client):
        response = client.post(self.url, {"file": upload(picture_bytes(10, 10))})
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert Image.objects.count() == 0

    def test_staff_without_the_image_permission_are_refused(self, client, db):
        client.force_login(make_user(username="bystander", is_staff=True))
        response = client.post(self.url, {"file": upload(picture_bytes(10, 10))})
        assert response.status_code == 403
        assert Image.objects.count() == 0

    def test_a_post_without_csrf_token_is_refused(self, staff_writer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff_writer)
        response = client.post(self.url, {"file": upload(picture_bytes(10, 10))})
        assert response.status_code == 403
        assert Image.objects.count() == 0

    def test_get_is_not_allowed(self, client, staff_writer):
        client.force_login(staff_writer)
        assert client.get(self.url).status_code == 405

    def test_the_picker_lists_pictures_and_echoes_only_a_numeric_callback(self, client, staff_writer):
        images.create_image(upload(picture_bytes(700, 500, "JPEG"), "x.jpg"), alt_text="Blue gate")
        client.force_login(staff_writer)
        page = client.get(reverse("admin:articles_article_image_picker"), {"CKEditorFuncNum": "-3"})
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-callback="-3"' in html
        assert "Blue gate" in html
        assert 'id="picker-upload-form"' in html
        hostile = client.get(reverse("admin:articles_article_image_picker"), {"CKEditorFuncNum": '1"><script>'})
        assert 'data-callback=""' in hostile.content.decode()

    def test_the_picker_searches_alt_text_and_captions(self, client, staff_writer):
        images.create_image(upload(picture_bytes(50, 50), "a.png"), alt_text="Apricot stall")
        images.create_image(upload(picture_bytes(50, 50), "b.png"), alt_text="Snowy pass")
        client.force_login(staff_writer)
        page = client.get(reverse("admin:articles_article_image_picker"), {"q": "apricot"})
        assert "Apricot stall" in page.content.decode()
        assert "Snowy pass" not in page.content.decode()


def test_a_cyrillic_file_name_is_transliterated_not_replaced(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Көк күмбез.jpg", image_bytes(), content_type="image/jpeg")
    image = Image()
    images.save_upload(image, upload)
    assert os.path.basename(image.file.name).startswith("kok-kumbez")
