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


def _gcm_reference(nonce: bytes, plaintext: bytes) -> bytes:
    """cryptography's own SM4-GCM, built per nonce (what encrypt() did before it was made cheaper)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, modes
    from django.conf import settings

    algorithm, _ = idcipher._primed(settings.GUANAI_ID_KEY)
    encryptor = Cipher(algorithm, modes.GCM(nonce)).encryptor()
    return encryptor.update(plaintext) + encryptor.finalize() + encryptor.tag


@pytest.mark.parametrize("length", [0, 1, 15, 16, 17, 18, 31, 32, 33, 70])
def test_the_stored_form_is_sm4_gcm_byte_for_byte(settings, length):
    """encrypt() builds no cipher object per number (idcipher._Sealer): what it stores must be exactly
    what SM4-GCM gives for the same key and nonce, for ID numbers (15 and 18 characters) and any length."""
    import os

    for key in ("00112233445566778899aabbccddeeff", "ffeeddccbbaa99887766554433221100"):
        settings.GUANAI_ID_KEY = key
        for _ in range(20):
            nonce, plaintext = os.urandom(idcipher.NONCE_BYTES), os.urandom(length)
            assert idcipher._sealer(key).seal(nonce, plaintext) == _gcm_reference(nonce, plaintext)


def test_a_stored_value_is_laid_out_as_before_and_opens_with_cryptographys_gcm():
    blob = idcipher.encrypt(NUMBER)
    assert len(blob) == 1 + idcipher.KEY_ID_BYTES + idcipher.NONCE_BYTES + len(NUMBER) + idcipher.TAG_BYTES
    nonce = blob[1 + idcipher.KEY_ID_BYTES:1 + idcipher.KEY_ID_BYTES + idcipher.NONCE_BYTES]
    assert blob[1 + idcipher.KEY_ID_BYTES + idcipher.NONCE_BYTES:] == _gcm_reference(nonce, NUMBER.encode())
    assert idcipher.decrypt(blob) == NUMBER


def test_threads_encrypting_at_once_each_store_what_they_were_given():
    """The counter-mode context is stateful: each thread has its own."""
    import threading

    numbers = [idnumbers.with_check_character(f"6103301958030{i:04d}") for i in range(8)]
    stored: dict[str, list[bytes]] = {}

    def work(number: str) -> None:
        stored[number] = [idcipher.encrypt(number) for _ in range(300)]

    threads = [threading.Thread(target=work, args=(number,)) for number in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(idcipher.decrypt(blob) == number for number, blobs in stored.items() for blob in blobs)
