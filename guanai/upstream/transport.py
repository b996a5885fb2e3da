"""Carrying a package over HTTPS between installations that can reach each other: POST the file
to the receiver's inbox, which answers with the signed ack (200) or the refusal (422). Network
faults and 5xx answers are retried with growing pauses; every attempt is logged on the package."""

import ssl
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guanai.upstream import events
from guanai.upstream.models import OutgoingPackage, OutgoingStatus

INBOX_PATH = "/upstream/inbox/"
TIMEOUT_SECONDS = 120


class PushError(Exception):
    pass


def _context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=settings.GUANAI_PUSH_CA_FILE or None)


def _post(url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST",  # noqa: S310 - scheme checked by the caller
                                     headers={"Content-Type": "application/zip"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS,  # noqa: S310
                                    context=_context() if url.startswith("https:") else None) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _log(package: OutgoingPackage, **attempt) -> None:
    package.attempts = [*package.attempts, {"at": timezone.now().isoformat(), **attempt}]


def package_push(*, actor, package: OutgoingPackage, path: Path, sleep=time.sleep) -> bytes:
    """Send a written package to its receiver's URL; returns the ack file's bytes. Raises PushError
    after the last attempt or at once on a refusal (a refusal is not cured by sending again)."""
    package.receiver.refresh_from_db(fields=["url"])  # the address may have changed since packing
    url = package.receiver.url.rstrip("/")
    if not url or not (url.startswith("https://") or (settings.GUANAI_PUSH_ALLOW_HTTP and url.startswith("http://"))):
        raise PushError(f"{package.receiver} 没有可用的 HTTPS 地址，请用文件传递 / no HTTPS address: carry the file")
    body = Path(path).read_bytes()
    for attempt in range(1, settings.GUANAI_PUSH_ATTEMPTS + 1):
        try:
            status, answer = _post(url + INBOX_PATH, body)
        except (urllib.error.URLError, OSError) as error:
            status, answer = 0, str(error).encode()
        _log(package, attempt=attempt, status=status)
        if status == 200:
            _finish(actor, package, OutgoingStatus.SENT)
            return answer
        if status == 422:
            _finish(actor, package, OutgoingStatus.FAILED)
            raise PushError(f"对方拒收 / refused: {answer.decode(errors='replace')[:500]}")
        if attempt < settings.GUANAI_PUSH_ATTEMPTS:
            sleep(settings.GUANAI_PUSH_BACKOFF_SECONDS * 2 ** (attempt - 1))
    _finish(actor, package, OutgoingStatus.FAILED)
    raise PushError(f"发送 {settings.GUANAI_PUSH_ATTEMPTS} 次均未成功 / not delivered after "
                    f"{settings.GUANAI_PUSH_ATTEMPTS} attempts (last: {status})")


@transaction.atomic
def _finish(actor, package: OutgoingPackage, status: str) -> None:
    package.status = status if package.status != OutgoingStatus.ACKED else package.status
    package.save(update_fields=["attempts", "status", "updated_at"])
    events.package_sent_event(actor=actor, package=package, ok=status == OutgoingStatus.SENT)
