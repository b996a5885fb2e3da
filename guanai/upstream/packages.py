"""The package file (docs/upstream.md): a ZIP holding `manifest.json`, its Ed25519 signature
`manifest.sig`, and one sealed JSON-lines part per record kind under `parts/`.

Writing streams each part through the sealer into the ZIP, hashing the stored bytes (SM3) as it
goes, then writes the manifest last. Reading checks the whole file before anything is applied:
the ZIP is complete, the manifest is signed by the sender's registered key, the package is addressed
to this node, and every part is present with the digest and length the manifest names.
"""

import datetime
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes

from guanai.upstream import sealing

FORMAT = "guanai-package"
SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHUNK = 1 << 20


class PackageRefused(Exception):
    """The package fails a check; nothing of it was applied. The message is the reason, in both languages."""


def new_package_id() -> str:
    return str(uuid.uuid4())


def wire_time(moment: datetime.datetime | None) -> str | None:
    """Versions and watermarks on the wire: UTC with microseconds, so that strings compare as times."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_wire_time(text: str | None) -> datetime.datetime | None:
    if not text:
        return None
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.UTC)


class _PartStream:
    def __init__(self, handle, sealer: sealing.PartSealer):
        self._handle, self._sealer = handle, sealer
        self._hash = hashes.Hash(hashes.SM3())
        self.size = 0
        self.records = 0
        self._buffer: list[str] = []

    def _emit(self, data: bytes) -> None:
        if data:
            self._hash.update(data)
            self._handle.write(data)
            self.size += len(data)

    def write_line(self, line: str) -> None:
        self._buffer.append(line)
        self.records += 1
        if len(self._buffer) >= 2000:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._emit(self._sealer.update(("\n".join(self._buffer) + "\n").encode()))
            self._buffer = []

    def finish(self) -> tuple[str, str]:
        self.flush()
        tail, tag = self._sealer.finalize()
        self._emit(tail)
        return self._hash.finalize().hex(), tag


@dataclass
class PackageWriter:
    """Writes one package to `path`. Parts are sealed for the receiver's public key."""

    path: Path
    package_id: str
    receiver_seal_public: str
    parts: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self._zip = zipfile.ZipFile(self.path, "w", compression=zipfile.ZIP_STORED, allowZip64=True)
        self.ephemeral, self._shared = sealing.agreement_for_receiver(self.receiver_seal_public)

    def write_part(self, kind: str, lines: Iterable[str]) -> int:
        name = f"parts/{kind}.jsonl.sm4"
        sealer = sealing.PartSealer(self._shared, package_id=self.package_id, part=name)
        with self._zip.open(name, "w", force_zip64=True) as handle:
            stream = _PartStream(handle, sealer)
            for line in lines:
                stream.write_line(line)
            digest, tag = stream.finish()
        self.parts.append({"name": name, "kind": kind, "records": stream.records, "bytes": stream.size,
                           "sm3": digest, "nonce": sealer.nonce.hex(), "tag": tag})
        return stream.records

    def close(self, *, manifest: dict, pair: sealing.KeyPair) -> dict:
        manifest = {**manifest, "format": FORMAT, "schema_version": SCHEMA_VERSION, "id": self.package_id,
                    "counts": {p["kind"]: p["records"] for p in self.parts}, "parts": self.parts,
                    "seal": {"algorithm": sealing.SEAL_ALGORITHM, "ephemeral": self.ephemeral},
                    "signature": {"algorithm": sealing.SIGN_ALGORITHM, "key": pair.fingerprint}}
        body = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
        self._zip.writestr(MANIFEST, body)
        self._zip.writestr(SIGNATURE, sealing.sign(pair, body).hex())
        self._zip.close()
        return manifest


@dataclass
class OpenedPackage:
    path: Path
    manifest: dict
    manifest_bytes: bytes
    signature: bytes | None

    @property
    def sender(self) -> str:
        return str(self.manifest.get("sender", ""))

    def raw_lines(self, part: dict, shared: bytes) -> Iterator[bytes]:
        """The part's records, decrypted (only after `check_parts` passed), one JSON line each, unparsed:
        the report receiver reads only each line's head (receiving.line_parse)."""
        with zipfile.ZipFile(self.path) as archive, archive.open(part["name"]) as handle:
            chunks = iter(lambda: handle.read(CHUNK), b"")
            pending = b""
            for text in sealing.part_open(chunks, shared, package_id=self.manifest["id"], part=part["name"],
                                          nonce=part["nonce"], tag=part["tag"]):
                pending += text
                *whole, pending = pending.split(b"\n")
                yield from (line for line in whole if line)
            if pending.strip():
                yield pending

    def lines(self, part: dict, shared: bytes) -> Iterator[tuple[dict, bytes]]:
        """The part's records, each parsed, with its raw line."""
        for line in self.raw_lines(part, shared):
            yield json.loads(line), line


def package_open(path: Path) -> OpenedPackage:
    """Read the manifest and signature; a file that is not a whole package is refused here."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest_bytes = archive.read(MANIFEST)
            names = set(archive.namelist())
            signature = bytes.fromhex(archive.read(SIGNATURE).decode()) if SIGNATURE in names else None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise PackageRefused(f"文件不完整或不是数据包（可能在传递中被截断） / truncated or not a package: {error}"
                             ) from None
    except KeyError:
        raise PackageRefused("数据包缺少清单 manifest.json / the package has no manifest") from None
    except ValueError:
        raise PackageRefused("签名文件损坏 / the signature file is damaged") from None
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise PackageRefused("清单不是有效的 JSON / the manifest is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRefused("不是关爱系统的数据包 / not a Guanai package")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise PackageRefused(f"数据包格式版本 {manifest.get('schema_version')} 本系统不支持（支持 {SCHEMA_VERSION}） / "
                             "unsupported schema version")
    return OpenedPackage(path=Path(path), manifest=manifest, manifest_bytes=manifest_bytes, signature=signature)


def check_signature(package: OpenedPackage, *, key_lookup: Callable[[str, str], str | None]) -> None:
    """`key_lookup(sender_code, fingerprint)` gives the sender's registered signing key, or None."""
    if package.signature is None:
        raise PackageRefused("数据包没有签名 / the package is unsigned")
    fingerprint = str(package.manifest.get("signature", {}).get("key", ""))
    sign_public = key_lookup(package.sender, fingerprint)
    if sign_public is None:
        raise PackageRefused(f"发送方 {package.sender} 的密钥 {fingerprint} 未在本节点登记或已吊销 / "
                             "the sender's key is not registered here")
    try:
        sealing.verify(sign_public, package.manifest_bytes, package.signature)
    except sealing.SealError as error:
        raise PackageRefused(str(error)) from None


def check_parts(package: OpenedPackage) -> None:
    """Every part the (signed) manifest lists is there, of that length and SM3 digest."""
    try:
        with zipfile.ZipFile(package.path) as archive:
            for part in package.manifest.get("parts", []):
                digest, size = hashes.Hash(hashes.SM3()), 0
                with archive.open(part["name"]) as handle:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                if size != part["bytes"] or digest.finalize().hex() != part["sm3"]:
                    raise PackageRefused(f"{part['name']} 的摘要不符：内容被改动过 / {part['name']} was altered")
    except KeyError as error:
        raise PackageRefused(f"数据包缺少部分 {error} / a part is missing") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise PackageRefused(f"数据包损坏 / the package is damaged: {error}") from None
