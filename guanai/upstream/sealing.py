"""The cryptography of packages (ADR 0008): Ed25519 signatures, parts sealed for the receiver with
SM4-GCM under a key agreed by X25519 and derived with HKDF-SM3, SM3 digests of every part.

An installation's key pair lives in one file outside the repository (settings.GUANAI_NODE_KEY_FILE,
mode 0600); only the public halves are registered at the other installations.
"""

import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from guanai.core.digests import sm3_hex

SEAL_ALGORITHM = "X25519+HKDF-SM3+SM4-GCM"
SIGN_ALGORITHM = "Ed25519"
NONCE_BYTES = 12


class SealError(ValueError):
    """A signature, a seal or a key that does not check out; the message says which."""


@dataclass(frozen=True)
class KeyPair:
    sign: Ed25519PrivateKey
    seal: X25519PrivateKey

    @property
    def sign_public(self) -> str:
        return self.sign.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @property
    def seal_public(self) -> str:
        return self.seal.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.sign_public, self.seal_public)


def fingerprint_of(sign_public: str, seal_public: str) -> str:
    return sm3_hex(f"{sign_public}:{seal_public}".encode())[:32]


def keypair_generate() -> KeyPair:
    return KeyPair(sign=Ed25519PrivateKey.generate(), seal=X25519PrivateKey.generate())


def _raw(key) -> str:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()).hex()


def keypair_save(pair: KeyPair, path: Path, *, node_code: str) -> None:
    """Write the private keys readable by the owner only; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"node": node_code, "sign": _raw(pair.sign), "seal": _raw(pair.seal)}, handle)


def keypair_load(path: Path) -> KeyPair:
    try:
        data = json.loads(Path(path).read_text())
        return KeyPair(sign=Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["sign"])),
                       seal=X25519PrivateKey.from_private_bytes(bytes.fromhex(data["seal"])))
    except FileNotFoundError:
        raise SealError(f"本节点密钥文件不存在：{path}（先运行 guanai exchange keys --generate） / "
                        f"no key file at {path}; run guanai exchange keys --generate") from None
    except (ValueError, KeyError) as error:
        raise SealError(f"密钥文件无法读取 / unreadable key file {path}: {error}") from None


def sign(pair: KeyPair, message: bytes) -> bytes:
    return pair.sign.sign(message)


def verify(sign_public: str, message: bytes, signature: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public)).verify(signature, message)
    except (InvalidSignature, ValueError):
        raise SealError("签名不符：数据包被改动过或不是该节点签发的 / the signature does not verify") from None


def _part_key(shared: bytes, *, package_id: str, part: str) -> bytes:
    return HKDF(hashes.SM3(), 16, salt=package_id.encode(), info=part.encode()).derive(shared)


def agreement_for_receiver(seal_public: str) -> tuple[str, bytes]:
    """A fresh ephemeral key for one package: (its public half for the manifest, the shared secret)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(seal_public)))
    return ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex(), shared


def agreement_as_receiver(pair: KeyPair, ephemeral_public: str) -> bytes:
    try:
        return pair.seal.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(ephemeral_public)))
    except ValueError:
        raise SealError("加密参数无效 / invalid sealing parameters") from None


class PartSealer:
    """Compress (zlib, level 1: the parts are repetitive JSON) and encrypt one part as it is written."""

    def __init__(self, shared: bytes, *, package_id: str, part: str):
        self.nonce = os.urandom(NONCE_BYTES)
        self._encryptor = Cipher(algorithms.SM4(_part_key(shared, package_id=package_id, part=part)),
                                 modes.GCM(self.nonce)).encryptor()
        self._zip = zlib.compressobj(1)

    def update(self, data: bytes) -> bytes:
        return self._encryptor.update(self._zip.compress(data))

    def finalize(self) -> tuple[bytes, str]:
        """The last bytes and the GCM tag (hex, for the manifest)."""
        tail = self._encryptor.update(self._zip.flush()) + self._encryptor.finalize()
        return tail, self._encryptor.tag.hex()


def part_open(chunks: Iterable[bytes], shared: bytes, *, package_id: str, part: str, nonce: str, tag: str
              ) -> Iterator[bytes]:
    """Decrypt and decompress a part; the tag is checked at the end (a digest in the signed manifest
    was checked before, so a failure here means a wrong key, not a changed file)."""
    decryptor = Cipher(algorithms.SM4(_part_key(shared, package_id=package_id, part=part)),
                       modes.GCM(bytes.fromhex(nonce), bytes.fromhex(tag))).decryptor()
    inflate = zlib.decompressobj()
    for chunk in chunks:
        yield inflate.decompress(decryptor.update(chunk))
    try:
        yield inflate.decompress(decryptor.finalize()) + inflate.flush()
    except InvalidTag:
        raise SealError(f"{part}：无法解密（不是发给本节点的密钥） / cannot decrypt {part}") from None
