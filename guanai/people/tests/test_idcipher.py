import pytest

from guanai.people import idcipher, idnumbers

NUMBER = idnumbers.with_check_character("61033019580304123")


def test_roundtrip():
    blob = idcipher.encrypt(NUMBER)
    assert NUMBER.encode() not in blob
    assert idcipher.decrypt(blob) == NUMBER
    assert idcipher.decrypt(memoryview(blob)) == NUMBER  # what a BinaryField gives back on PostgreSQL


def test_each_encryption_uses_a_fresh_nonce():
    assert idcipher.encrypt(NUMBER) != idcipher.encrypt(NUMBER)


def test_digest_is_stable_and_keyed(settings):
    first = idcipher.digest(NUMBER)
    assert first == idcipher.digest(NUMBER)
    assert len(first) == 64
    assert first != idcipher.digest(idnumbers.with_check_character("61033019580304125"))
    settings.GUANAI_ID_KEY = "ffeeddccbbaa99887766554433221100"
    assert idcipher.digest(NUMBER) != first


def test_tampered_blob_is_refused():
    blob = bytearray(idcipher.encrypt(NUMBER))
    blob[20] ^= 1
    with pytest.raises(Exception) as excinfo:  # cryptography's InvalidTag
        idcipher.decrypt(bytes(blob))
    assert type(excinfo.value).__name__ == "InvalidTag"


def test_unknown_version_is_refused():
    with pytest.raises(idcipher.IdCipherError):
        idcipher.decrypt(b"\x07" + idcipher.encrypt(NUMBER)[1:])


def test_bad_key_is_refused(settings):
    settings.GUANAI_ID_KEY = "not hex"
    with pytest.raises(idcipher.IdCipherError):
        idcipher.encrypt(NUMBER)
