"""ID numbers at rest: SM4-GCM encryption and a keyed SM3-HMAC digest for exact lookup.

The key comes from settings.GUANAI_ID_KEY (hex, 16 bytes, from the environment). Two subkeys are
derived from it so that the digest key never encrypts and vice versa. A stored value is
version 2 (1 byte) + key id (4) + nonce (12) + ciphertext + tag (16); version 1, written before key
rotation existed, has no key id. See docs/adr/0002-id-number-encryption.md.

Key rotation (people/idkeys.py, docs/operations.md): the new key becomes GUANAI_ID_KEY and the old
ones go to GUANAI_ID_KEY_OLD. Values are always written under the new key; values under an old one
stay readable, and `digests()` gives a number's digest under every key held, for lookups while rows
still carry old digests. When `guanai idkey rotate` has finished, the old keys are dropped.
"""

import os
import threading
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

VERSION_1 = b"\x01"
VERSION = b"\x02"
KEY_ID_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16


class IdCipherError(RuntimeError):
    pass


def _sm3_hmac(key: bytes, message: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(message)
    return mac.finalize()


@lru_cache(maxsize=4)
def _primed(master_hex: str) -> tuple[algorithms.SM4, hmac.HMAC]:
    """The cipher with its key and an HMAC with its key set up once; copies of the HMAC digest
    each number (an import does this 100,000 times: docs/performance.md)."""
    enc_key, mac_key = _keys(master_hex)
    return algorithms.SM4(enc_key), hmac.HMAC(mac_key, hashes.SM3())


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[bytes, bytes]:
    try:
        master = bytes.fromhex(master_hex)
    except ValueError:
        raise IdCipherError("GUANAI_ID_KEY must be hex") from None
    if len(master) < 16:
        raise IdCipherError("GUANAI_ID_KEY must hold at least 16 bytes (32 hex characters)")
    return _sm3_hmac(master, b"guanai id encryption")[:16], _sm3_hmac(master, b"guanai id digest")


@lru_cache(maxsize=8)
def key_id(master_hex: str) -> bytes:
    """A short public name of a key, stored with each value so that decryption picks the right key."""
    return _sm3_hmac(_keys(master_hex)[1], b"guanai key id")[:KEY_ID_BYTES]


def keyring() -> list[str]:
    """The keys this server holds: the current one first, then the old ones still being rotated away."""
    return [settings.GUANAI_ID_KEY, *getattr(settings, "GUANAI_ID_KEY_OLD", [])]


def encrypt(number: str) -> bytes:
    master = settings.GUANAI_ID_KEY
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + key_id(master) + nonce + _sealer(master).seal(nonce, number.encode("ascii"))


# --- SM4-GCM without a cipher object per number ----------------------------------------------------------
# cryptography offers SM4-GCM only as a Cipher built per nonce, and building it (the key schedule, the
# GCM context) was ~60% of encrypting a number, which an import does 100,000 times (docs/performance.md,
# import cost). GCM (NIST SP 800-38D) with a 96-bit nonce N is: J0 = N || 0^31 || 1; the ciphertext is
# the plaintext XOR SM4 in counter mode from J0 + 1; the tag is SM4(J0) XOR GHASH_H(C), H = SM4(0^128).
# Here one SM4 counter-mode context per key and thread gives SM4(J0) and the keystream in one call
# (reset to the number's J0), and GHASH is computed from tables of multiples of H's powers, looked up by
# the ciphertext's bytes: public data, so which entries are read says nothing of the key. The output is
# GCM's, byte for byte (tested against cryptography's GCM), and decrypt() still opens it with
# cryptography's GCM, which checks the tag.

_GCM_R = 0xE1 << 120  # GCM's reduction polynomial, in its reflected bit order (SP 800-38D, 6.3)


def _gf_times_x(value: int) -> int:
    return (value >> 1) ^ _GCM_R if value & 1 else value >> 1


def _gf_multiply(x: int, y: int) -> int:
    """x·y in GCM's GF(2^128) (SP 800-38D, algorithm 1); used to build tables, once per key."""
    product = 0
    for bit in range(127, -1, -1):
        if x >> bit & 1:
            product ^= y
        y = _gf_times_x(y)
    return product


def _byte_tables(factor: int) -> list[list[int]]:
    """For each of a block's 16 byte positions, the 256 products (byte at that position)·factor."""
    basis = []  # factor·x^k: the product with the block whose bit k (from the left) alone is set
    for _ in range(128):
        basis.append(factor)
        factor = _gf_times_x(factor)
    tables = []
    for position in range(16):
        table = [0] * 256
        for byte in range(1, 256):
            low = byte & -byte
            table[byte] = table[byte ^ low] ^ basis[8 * position + 7 - (low.bit_length() - 1)]
        tables.append(table)
    return tables


class _GhashKey:
    """GHASH under one H for ciphertexts of any length (no additional data): for a ciphertext of n
    blocks and its length block, GHASH = sum of block_i·H^(n+2-i), i = 1..n+1. Per length, each byte's
    table (its block's power, its position) and the length block's term are worked out once."""

    def __init__(self, h: int):
        self.h = h
        self.powers = [0, h]  # H^k at k
        self.tables: dict[int, list[list[int]]] = {}
        self.layouts: dict[int, tuple[list[list[int]], int]] = {}
        self.lock = threading.Lock()  # layouts are built once, whichever thread asks first

    def layout(self, length: int) -> tuple[list[list[int]], int]:
        found = self.layouts.get(length)
        if found is None:
            with self.lock:
                blocks = -(-length // 16)
                per_byte = [self._table(blocks + 1 - at // 16)[at % 16] for at in range(length)]
                found = self.layouts[length] = (per_byte, _gf_multiply(length * 8, self.h))
        return found

    def _table(self, power: int) -> list[list[int]]:
        while len(self.powers) <= power:
            self.powers.append(_gf_multiply(self.powers[-1], self.h))
        if power not in self.tables:
            self.tables[power] = _byte_tables(self.powers[power])
        return self.tables[power]


@lru_cache(maxsize=4)
def _ghash_key(master_hex: str) -> _GhashKey:
    algorithm, _ = _primed(master_hex)
    h = Cipher(algorithm, modes.CTR(bytes(16))).encryptor().update(bytes(16))  # SM4(0^128): counter block 0
    return _GhashKey(int.from_bytes(h, "big"))


class _Sealer:
    """SM4-GCM encryption under one key, for one thread (the counter-mode context is stateful)."""

    _FIRST_COUNTER = (1).to_bytes(4, "big")
    _TAG_BLOCK = bytes(16)  # enciphered with J0 it gives SM4(J0), the tag's mask

    def __init__(self, master_hex: str):
        algorithm, _ = _primed(master_hex)
        self.counter = Cipher(algorithm, modes.CTR(bytes(16))).encryptor()
        self.ghash = _ghash_key(master_hex)

    def seal(self, nonce: bytes, plaintext: bytes) -> bytes:
        """Ciphertext and the 16-byte tag, as cryptography's SM4-GCM gives them for this nonce."""
        self.counter.reset_nonce(nonce + self._FIRST_COUNTER)
        stream = self.counter.update(self._TAG_BLOCK + plaintext)  # SM4(J0), then the ciphertext
        body = stream[16:]
        per_byte, tag = self.ghash.layout(len(body))
        for table, byte in zip(per_byte, body, strict=True):
            tag ^= table[byte]
        return body + (int.from_bytes(stream[:16], "big") ^ tag).to_bytes(16, "big")


_sealers = threading.local()


def _sealer(master_hex: str) -> _Sealer:
    own = getattr(_sealers, "by_key", None)
    if own is None:
        own = _sealers.by_key = {}
    sealer = own.get(master_hex)
    if sealer is None:
        sealer = own[master_hex] = _Sealer(master_hex)
    return sealer


def decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    if blob[:1] == VERSION:
        wanted = blob[1:1 + KEY_ID_BYTES]
        master = next((m for m in keyring() if key_id(m) == wanted), None)
        if master is None:
            raise IdCipherError("encrypted under a key this server does not hold (GUANAI_ID_KEY_OLD?)")
        return _open(master, blob[1 + KEY_ID_BYTES:])
    if blob[:1] != VERSION_1:
        raise IdCipherError("unknown ID cipher version")
    for master in keyring():  # version 1 names no key: the tag tells the right one
        try:
            return _open(master, blob[1:])
        except InvalidTag:
            continue
    raise IdCipherError("encrypted under a key this server does not hold (GUANAI_ID_KEY_OLD?)")


def _open(master_hex: str, sealed: bytes) -> str:
    enc_key, _ = _keys(master_hex)
    nonce, body, tag = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    return (decryptor.update(body) + decryptor.finalize()).decode("ascii")


def is_current(blob: bytes | None) -> bool:
    """Whether a stored value is already under the current key (nothing to rotate)."""
    return blob is None or bytes(blob[:1 + KEY_ID_BYTES]) == VERSION + key_id(settings.GUANAI_ID_KEY)


def digest(number: str) -> str:
    """Keyed SM3 digest (hex) of a cleaned, valid number under the current key: equal numbers give
    equal digests."""
    return digest_with(settings.GUANAI_ID_KEY, number)


def digests(number: str) -> list[str]:
    """The number's digest under every key held (current first): what a lookup matches while a key
    rotation has not yet re-keyed every row."""
    return [digest_with(master, number) for master in keyring()]


def digest_with(master_hex: str, number: str) -> str:
    _, primed = _primed(master_hex)
    mac = primed.copy()
    mac.update(number.encode("ascii"))
    return mac.finalize().hex()
