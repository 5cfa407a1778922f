from __future__ import annotations

import pytest

from allegiance.errors import (
    BadRecordError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputNotFoundError,
    InputTooLargeError,
)
from allegiance.read.inputs import (
    Failure,
    Source,
    decode,
    read_document,
    read_jsonl,
    read_path,
    read_stdin,
)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"\[A101\] .*empty.txt: the input is empty"):
        list(read_path(p))


def test_whitespace_only(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("  \n\n\t  \n")
    with pytest.raises(EmptyInputError, match="whitespace only"):
        list(read_path(p))


def test_binary(tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BinaryInputError, match=r"photo.txt: is binary data.*convert"):
        list(read_path(p))


def test_cp1256_arabic_is_detected():
    arabic = "قالت مصادر محلية إن الاشتباكات اندلعت قرب المدينة صباح اليوم بين فصيلين مسلحين."
    assert decode(arabic.encode("cp1256"), name="a.txt") == arabic


def test_latin1_is_detected():
    text = "Le président a déclaré que l'accord était signé à Genève après des négociations."
    assert decode(text.encode("latin-1"), name="f.txt") == text


def test_explicit_wrong_encoding_fails_clearly():
    with pytest.raises(EncodingError, match=r"x.txt: cannot be decoded as ascii.*--encoding"):
        decode("café".encode(), name="x.txt", encoding="ascii")


def test_undecidable_bytes_fail_clearly():
    noise = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D] * 40)
    with pytest.raises((EncodingError, BinaryInputError), match=r"noise\.txt"):
        decode(noise, name="noise.txt")


def test_too_large(tmp_path, monkeypatch):
    p = tmp_path / "dump.txt"
    with p.open("wb") as f:  # a sparse 50 MB file: cheap to make, as large as a real one
        f.seek(50 * 1024 * 1024 - 1)
        f.write(b"a")
    with pytest.raises(InputTooLargeError, match=r"dump.txt: is 52.4 MB, over the 10 MB limit.*Split"):
        list(read_path(p))
    monkeypatch.setenv("ALLEGIANCE_MAX_BYTES", "10")
    with pytest.raises(InputTooLargeError):
        read_document(b"more than ten bytes of text", name="t")


def test_missing_path():
    with pytest.raises(InputNotFoundError, match=r"nope.txt: no such file"):
        list(read_path("nope.txt"))


def test_jsonl_bad_line_is_reported_and_rest_go_on(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text('{"id": "a", "text": "First article text."}\n'
                 "this is not json\n"
                 '{"id": "c", "html": "<p>Third</p>", "published": "2020-01-01"}\n'
                 '{"id": "d"}\n'
                 "[1, 2]\n", encoding="utf-8")
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Source", "Failure", "Source", "Failure", "Failure"]
    bad = items[1]
    assert isinstance(bad, Failure) and isinstance(bad.error, BadRecordError)
    assert "batch.jsonl:2" in str(bad.error) and "not JSON" in str(bad.error)
    assert isinstance(items[3], Failure) and 'neither "text" nor "html"' in str(items[3].error)
    assert isinstance(items[2], Source) and items[2].html == "<p>Third</p>" and items[2].id == "c"


def test_folder_reads_every_article_and_reports_bad_ones(tmp_path):
    (tmp_path / "a.txt").write_text("An article.\n\nWith a body.")
    (tmp_path / "b.html").write_text("<html><body><p>Hello</p></body></html>")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    items = list(read_path(tmp_path))
    assert [getattr(i, "name", "").rsplit("/", 1)[-1] for i in items] == ["a.txt", "b.html", "c.txt"]
    assert isinstance(items[1], Source) and items[1].html is not None
    assert isinstance(items[2], Failure) and isinstance(items[2].error, EmptyInputError)


def test_stdin_text_and_jsonl():
    [one] = list(read_stdin(b"Just a text.\n\nTwo paragraphs."))
    assert isinstance(one, Source) and one.name == "<stdin>"
    many = list(read_stdin(b'{"id": "x", "text": "t1"}\n{"id": "y", "text": "t2"}\n'))
    assert [m.id for m in many if isinstance(m, Source)] == ["x", "y"]


def test_jsonl_lines_are_strict_records():
    items = list(read_jsonl(b'{"id": 5, "text": ["not", "a", "string"]}\n', name="r.jsonl"))
    assert isinstance(items[0], Failure) and 'field "text" must be a string' in str(items[0].error)


def test_a_utf16_mark_before_bytes_that_are_no_utf16_is_a103() -> None:
    from allegiance.errors import EncodingError
    from allegiance.read.inputs import decode

    with pytest.raises(EncodingError, match="A103"):
        decode(b"\xff\xfeabc\xd8\x00\x00", name="odd.txt")


def test_a_jsonl_line_nested_too_deeply_is_a_bad_record_and_the_rest_go_on() -> None:
    from allegiance.read.inputs import Failure, read_stdin

    deep = b'{"id": "a", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"
    good = b'{"id": "b", "text": "Fighting in Aleppo."}\n'
    items = list(read_stdin(deep + good))
    assert isinstance(items[0], Failure) and items[0].error.code == "A106"
    assert not isinstance(items[1], Failure) and items[1].id == "b"
