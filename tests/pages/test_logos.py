"""Page logos: uploaded in the page form, checked, re-encoded and served by Beacon."""

import io
import re
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import Image, ImageFile, PngImagePlugin

from app.models import AuditEntry, Page, PageDomain, PageLogo
from app.pages import logos
from app.pages.images import MAX_SIZE, InvalidImage, prepare_logo


def image_bytes(fmt="PNG", size=(300, 100), mode="RGBA", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (11, 92, 171, 255)[: len(mode)]).save(buffer, fmt, **save)
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A valid PNG header claiming ``width``×``height`` pixels, with almost no data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    idat = zlib.compress(b"\0" * 16)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def _page_form(page: Page, **overrides):
    return {
        "name": page.name,
        "slug": page.slug,
        "time_zone": page.time_zone,
        "is_public": "y",
        "coverage_tier": page.coverage_tier.value,
        "sla_minutes": str(page.sla_minutes),
    } | overrides


def upload(client, page, data: bytes, filename="logo.png", **fields):
    form = _page_form(page, logo=(io.BytesIO(data), filename), **fields)
    return client.post(
        f"/admin/pages/{page.id}/edit", data=form, content_type="multipart/form-data"
    )


def logo_src(html: str) -> str:
    return re.search(r'<img src="([^"]+)"[^>]*class="brand-logo"', html).group(1)


# The image rules


def test_a_png_logo_keeps_its_transparency():
    logo = prepare_logo(image_bytes("PNG", (300, 100)))
    assert (logo.content_type, logo.width, logo.height) == ("image/png", 300, 100)
    assert Image.open(io.BytesIO(logo.data)).mode == "RGBA"
    assert logo.description == "PNG, 300×100 px"


def test_a_jpeg_stays_a_jpeg():
    logo = prepare_logo(image_bytes("JPEG", (200, 80), mode="RGB"))
    assert logo.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(logo.data)).format == "JPEG"


@pytest.mark.parametrize(
    ("fmt", "mode", "save"),
    [("GIF", "P", {}), ("WEBP", "RGBA", {}), ("PNG", "L", {}), ("PNG", "P", {})],
)
def test_other_formats_and_modes_become_pngs(fmt, mode, save):
    logo = prepare_logo(image_bytes(fmt, (120, 40), mode=mode, **save))
    assert logo.content_type == "image/png"
    assert Image.open(io.BytesIO(logo.data)).size == (120, 40)


def test_an_animated_gif_keeps_its_first_frame():
    frames = [Image.new("RGB", (60, 20), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    logo = prepare_logo(buffer.getvalue())
    first = Image.open(io.BytesIO(logo.data)).convert("RGB")
    assert first.getpixel((5, 5)) == (255, 0, 0)
    assert getattr(Image.open(io.BytesIO(logo.data)), "n_frames", 1) == 1


def test_a_palette_logo_is_shrunk_smoothly_not_pixel_by_pixel():
    image = Image.new("P", (1920, 480))
    image.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    image.paste(1, (0, 0, 1920, 480))
    image.paste(0, (0, 0, 1920, 480 // 2 + 1))  # black above, white below
    buffer = io.BytesIO()
    image.save(buffer, "GIF")
    logo = prepare_logo(buffer.getvalue())
    shrunk = Image.open(io.BytesIO(logo.data)).convert("L")
    edge = {shrunk.getpixel((10, y)) for y in range(115, 125)}
    assert edge - {0, 255}, "a smooth resize blends the colours at the edge"


def test_a_large_logo_is_shrunk_to_fit_keeping_its_shape():
    logo = prepare_logo(image_bytes("PNG", (4000, 500)))
    assert (logo.width, logo.height) == (MAX_SIZE[0], 120)


def test_a_sideways_phone_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    data = image_bytes("JPEG", (200, 100), mode="RGB", exif=exif.tobytes())
    logo = prepare_logo(data)
    assert (logo.width, logo.height) == (100, 200)


def test_metadata_and_trailing_bytes_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 51.5N 0.1W secret-location")
    data = image_bytes("PNG", pnginfo=info) + b"<script>alert(1)</script>"
    logo = prepare_logo(data)
    assert b"secret-location" not in logo.data
    assert b"<script>" not in logo.data
    assert not Image.open(io.BytesIO(logo.data)).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "readable"),
        (b"GIF89a not really", "readable"),
        (image_bytes("PNG")[:60], "readable"),
        (image_bytes("BMP", mode="RGB"), "Upload a PNG, JPEG, GIF, WebP image."),
        (image_bytes("TIFF", mode="RGB"), "Upload a PNG, JPEG, GIF, WebP image."),
        (huge_png(30_000, 30_000), "too many pixels"),
        (huge_png(100_000, 100_000), "too many pixels"),
    ],
)
def test_unusable_uploads_are_refused_with_a_reason(data, message):
    with pytest.raises(InvalidImage, match=re.escape(message)):
        prepare_logo(data)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_images_are_refused_even_after_weasyprint_is_loaded(monkeypatch, fmt):
    # Importing WeasyPrint (PDF reports) makes Pillow load truncated images.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = image_bytes(fmt, (300, 100), mode="RGB")
    with pytest.raises(InvalidImage, match="readable"):
        prepare_logo(data[: len(data) // 2])


# The page form


def test_an_admin_uploads_a_logo_and_the_public_page_shows_it(
    admin_client, client, make_page, db
):
    page = make_page(slug="acme", name="Acme")
    response = upload(admin_client, page, image_bytes("PNG", (300, 100)))
    assert response.status_code == 302
    logo = db.session.get(PageLogo, page.id)
    assert (logo.content_type, logo.width, logo.height) == ("image/png", 300, 100)
    html = client.get("/acme/").get_data(as_text=True)
    assert logo_src(html) == f"/acme/logo/{logo.version}"
    assert 'width="300" height="100"' in html
    detail = admin_client.get(f"/admin/pages/{page.id}").get_data(as_text=True)
    assert "logo (PNG, 300×100 px)" in detail


def test_the_upload_is_audited(admin_client, admin_user, make_page, db):
    page = make_page()
    upload(admin_client, page, image_bytes("PNG", (300, 100)))
    entry = db.session.scalar(
        sa.select(AuditEntry).where(AuditEntry.summary.contains("logo"))
    )
    assert entry.actor_id == admin_user.id
    assert entry.before == {"logo": None}
    assert entry.after == {"logo": "PNG, 300×100 px"}


def test_the_edit_form_posts_files(admin_client, make_page):
    page = make_page()
    html = admin_client.get(f"/admin/pages/{page.id}/edit").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html
    assert "Remove the current logo" not in html  # there is none yet


def test_a_new_upload_replaces_the_logo_and_its_url(admin_client, make_page, db):
    page = make_page()
    upload(admin_client, page, image_bytes("PNG", (300, 100)))
    first = db.session.get(PageLogo, page.id).version
    upload(admin_client, page, image_bytes("JPEG", (200, 50), mode="RGB"))
    db.session.expire_all()
    logos_now = db.session.scalars(sa.select(PageLogo)).all()
    assert len(logos_now) == 1
    assert logos_now[0].version != first
    assert logos_now[0].content_type == "image/jpeg"


def test_saving_the_form_without_a_file_keeps_the_logo(admin_client, make_page, db):
    page = make_page()
    upload(admin_client, page, image_bytes())
    response = admin_client.post(
        f"/admin/pages/{page.id}/edit", data=_page_form(page, name="Renamed")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Page, page.id).name == "Renamed"
    assert db.session.get(PageLogo, page.id) is not None


def test_remove_the_logo(admin_client, client, make_page, db):
    page = make_page(slug="acme")
    upload(admin_client, page, image_bytes())
    form = admin_client.get(f"/admin/pages/{page.id}/edit").get_data(as_text=True)
    assert "Remove the current logo" in form
    admin_client.post(
        f"/admin/pages/{page.id}/edit", data=_page_form(page, remove_logo="y")
    )
    db.session.expire_all()
    assert db.session.get(PageLogo, page.id) is None
    assert "brand-logo" not in client.get("/acme/").get_data(as_text=True)
    removed = sa.select(AuditEntry).where(AuditEntry.summary.contains("removed"))
    assert len(db.session.scalars(removed).all()) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "not a readable PNG, JPEG, GIF, WebP image"),
        (huge_png(40_000, 40_000), "too many pixels"),
    ],
)
def test_a_bad_upload_is_a_form_error_and_saves_nothing(
    admin_client, make_page, db, data, message
):
    page = make_page(name="Before")
    response = upload(admin_client, page, data, name="After")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Page, page.id).name == "Before"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PageLogo)) == 0


def test_an_oversized_upload_is_refused(app, admin_client, make_page, db):
    app.config["LOGO_MAX_BYTES"] = 10_000
    page = make_page()
    # Under Werkzeug's 500 KB test-client threshold: no temporary file to leak.
    big = image_bytes("PNG", (200, 200), mode="RGB", compress_level=0)
    assert len(big) > 10_000
    response = upload(admin_client, page, big)
    assert response.status_code == 200
    assert "larger than 9 KB" in response.get_data(as_text=True)
    assert db.session.get(PageLogo, page.id) is None


def test_staff_cannot_change_the_logo(staff_client, make_page, db):
    page = make_page()
    response = upload(staff_client, page, image_bytes())
    assert response.status_code == 403
    assert db.session.get(PageLogo, page.id) is None


# Serving the logo


@pytest.fixture
def acme_logo(make_page, db):
    page = make_page(slug="acme")
    logo = logos.set_logo(page, prepare_logo(image_bytes()), None)
    db.session.commit()
    return logo


def test_the_logo_is_served_for_good_under_its_version(client, acme_logo):
    response = client.get(f"/acme/logo/{acme_logo.version}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data == acme_logo.data
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get(
        f"/acme/logo/{acme_logo.version}",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304


def test_an_outdated_logo_url_shows_the_current_logo_briefly(client, acme_logo):
    response = client.get("/acme/logo/0123456789abcdef")
    assert response.status_code == 200
    assert response.data == acme_logo.data
    assert response.cache_control.max_age == 300
    assert not response.cache_control.immutable


def test_no_logo_and_hidden_pages_are_not_found(client, make_page, acme_logo, db):
    make_page(slug="plain")
    assert client.get("/plain/logo/0123456789abcdef").status_code == 404
    acme_logo.page.is_public = False
    db.session.commit()
    assert client.get(f"/acme/logo/{acme_logo.version}").status_code == 404


def test_the_logo_satisfies_the_content_security_policy(client, acme_logo):
    response = client.get("/acme/")
    assert "img-src 'self'" in response.headers["Content-Security-Policy"]
    assert logo_src(response.get_data(as_text=True)).startswith("/")


def test_the_logo_is_served_on_the_pages_own_domain(app, client, acme_logo, db):
    app.config["SERVER_NAME"] = None
    db.session.add(PageDomain(page=acme_logo.page, hostname="status.acme.test"))
    db.session.commit()
    html = client.get("/", base_url="http://status.acme.test").get_data(as_text=True)
    src = logo_src(html)
    assert src == f"/logo/{acme_logo.version}"
    response = client.get(src, base_url="http://status.acme.test")
    assert response.status_code == 200
    assert response.data == acme_logo.data


def test_deleting_a_page_deletes_its_logo(acme_logo, db):
    db.session.delete(acme_logo.page)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PageLogo)) == 0


def test_the_demo_apc_page_has_its_logo(client, db):
    from app.demo import seed_demo

    seed_demo()
    db.session.commit()
    src = logo_src(client.get("/apc/").get_data(as_text=True))
    response = client.get(src)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.data)).size == (96, 96)


def test_favicon_ico_is_beacons_mark_or_the_pages_logo(client, make_page, db):
    plain = client.get("/favicon.ico")
    assert plain.status_code == 200
    assert plain.mimetype == "image/x-icon"
    with Image.open(io.BytesIO(plain.data)) as icon:
        assert icon.format == "ICO"
    page = make_page(slug="logo-icon")
    assert client.get("/logo-icon/favicon.ico").data == plain.data  # no logo yet
    logos.set_logo(page, prepare_logo(image_bytes(size=(120, 60))), None)
    db.session.commit()
    own = client.get("/logo-icon/favicon.ico")
    assert own.status_code == 200
    assert own.data != plain.data
    with Image.open(io.BytesIO(own.data)) as icon:
        assert icon.format == "ICO"
        assert icon.size == (32, 32)
    html = client.get("/logo-icon/").get_data(as_text=True)
    assert f'rel="icon" href="/logo-icon/logo/{page.logo.version}"' in html
