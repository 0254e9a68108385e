"""The shared photo pipeline (survey_app.uploads): checks, cleaning, storage, serving."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from survey_app.extensions import db
from survey_app.uploads import (
    Photo,
    UploadError,
    photo_path,
    photos_for,
    save_image,
    send_photo,
    thumbnail_bytes,
)


def jpeg_bytes(size=(64, 48), color=(200, 30, 30), exif=None, **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", exif=exif or b"", **save)
    return out.getvalue()


def png_bytes(size=(40, 30), mode="RGB", color=(0, 128, 0)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name, content_type="image/jpeg")


def save(community, data, name="photo.jpg"):
    return save_image(upload(data, name), community_id=community.id,
                      owner_type="inspection_item", owner_id=7)


def gps_exif(orientation=6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)}
    exif[0x8825] = gps
    return exif.tobytes()


def test_good_jpeg_is_rotated_stripped_and_stored_outside_static(app, community):
    data = jpeg_bytes(size=(80, 40), exif=gps_exif())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input has GPS
    photo = save(community, data)
    db.session.commit()
    path = photo_path(photo)
    assert path.exists() and "static" not in path.parts
    assert path.parent.name == str(community.id)
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (40, 80)  # orientation 6 applied: portrait now
        assert not stored.getexif()  # no EXIF at all, so no GPS
        assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert (photo.width, photo.height, photo.content_type) == (40, 80, "image/jpeg")
    assert photo.bytes == path.stat().st_size and len(photo.sha256) == 64


def test_large_image_is_resized_and_capped(app, community):
    app.config["IMAGE_MAX_SIDE"] = 500
    try:
        photo = save(community, jpeg_bytes(size=(3000, 1500)))
    finally:
        app.config["IMAGE_MAX_SIDE"] = 1600
    assert (photo.width, photo.height) == (500, 250)


def test_transparent_png_stays_png_opaque_png_becomes_jpeg(app, community):
    clear = save(community, png_bytes(mode="RGBA", color=(0, 0, 0, 0)), "a.png")
    solid = save(community, png_bytes(), "b.png")
    assert clear.content_type == "image/png" and clear.stored_name.endswith(".png")
    assert solid.content_type == "image/jpeg"


@pytest.mark.parametrize("data,name,message", [
    (b"", "empty.jpg", "empty"),
    (b"just some text, not a picture", "notes.jpg", "not a readable image"),
    (b"%PDF-1.4 fake", "doc.pdf", "Only JPEG"),
    (png_bytes(), "photo.jpg", "ends in .jpg"),
    (jpeg_bytes(), "photo.png", "ends in .png"),
    (jpeg_bytes()[:200], "cut.jpg", "not a readable image"),
])
def test_bad_files_are_refused(app, community, data, name, message):
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    try:
        with app.test_request_context(), pytest.raises(UploadError, match=message):
            save(community, data, name)
    finally:
        app.config["BABEL_DEFAULT_LOCALE"] = "zh_CN"
    assert db.session.query(Photo).count() == 0


def test_oversized_file_is_refused(app, community):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        with pytest.raises(UploadError):
            save(community, jpeg_bytes(size=(300, 300), quality=100))
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 12 * 1024 * 1024


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.js", "alert(1)")
    return out.getvalue()


@pytest.mark.parametrize("data,name", [
    (jpeg_bytes() + _zip(), "photo.jpg"),  # JPEG + ZIP (a "GIFAR"-style polyglot)
    (png_bytes() + b"<html><script>alert(1)</script></html>", "photo.png"),
    (jpeg_bytes(comment=b"<script>alert(document.cookie)</script>"), "photo.jpg"),
    (png_bytes() + b"\x00\x01trailing payload", "photo.png"),
])
def test_polyglots_are_refused(app, community, data, name):
    assert Image.open(io.BytesIO(data)).format in {"JPEG", "PNG"}  # Pillow alone would accept
    with pytest.raises(UploadError):
        save(community, data, name)


def test_decompression_bomb_is_refused(app, community):
    app.config["IMAGE_MAX_PIXELS"] = 10_000
    try:
        with pytest.raises(UploadError):
            save(community, png_bytes(size=(200, 200)), "big.png")
    finally:
        app.config.pop("IMAGE_MAX_PIXELS")


def test_gif_first_frame_and_webp(app, community):
    frames = [Image.new("P", (20, 20), i) for i in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    assert save(community, out.getvalue(), "anim.gif").content_type == "image/jpeg"
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(out, "WEBP")
    assert save(community, out.getvalue(), "x.webp").width == 30


def test_photos_for_thumbnail_and_send(app, community):
    first = save(community, jpeg_bytes(size=(800, 600)))
    second = save(community, jpeg_bytes())
    other = save_image(upload(jpeg_bytes()), community_id=community.id,
                       owner_type="rectification", owner_id=7)
    grouped = photos_for("inspection_item", [7, 8])
    assert [p.id for p in grouped[7]] == [first.id, second.id] and grouped[8] == []
    assert other not in grouped[7]
    thumb = Image.open(io.BytesIO(thumbnail_bytes(first, side=100)))
    assert max(thumb.size) == 100
    with app.test_request_context():
        response = send_photo(first)
        try:
            assert response.mimetype == "image/jpeg"
            assert "private" in response.headers["Cache-Control"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        finally:
            response.close()
        small = send_photo(first, thumb=True)
        assert "private" in small.headers["Cache-Control"]
        small.close()


def test_files_follow_the_transaction(app, community):
    """A photo saved by a request that then rolls back leaves no file; a deletion only
    removes the file once it is committed."""
    from survey_app.uploads import _thumb_dir, delete_photo

    lost = save(community, jpeg_bytes())
    lost_path = photo_path(lost)
    assert lost_path.exists()
    db.session.rollback()
    assert not lost_path.exists()

    kept = save(community, png_bytes(), name="a.png")
    with db.session.begin_nested():  # a savepoint ending does not decide for the request
        pass
    db.session.commit()
    kept_path = photo_path(kept)
    assert kept_path.exists()
    thumbnail_bytes(kept)
    thumbs = list(_thumb_dir(kept).glob(kept.stored_name.split(".")[0] + "_*"))
    assert thumbs
    delete_photo(kept)
    assert kept_path.exists()
    db.session.rollback()  # the deletion did not happen: row and file stay
    assert kept_path.exists() and db.session.get(Photo, kept.id) is not None
    delete_photo(db.session.get(Photo, kept.id))
    db.session.commit()
    assert not kept_path.exists() and not any(t.exists() for t in thumbs)
