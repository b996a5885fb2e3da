"""A backup is a directory: the database copy, the media files and manifest.json.

manifest.json holds the engine, the time, the rows per table (taken from the copy itself) and a
SHA-256 digest of every file, so a restore can tell a damaged or incomplete backup before it touches
anything, and can prove afterwards that the database holds exactly what the backup held.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.audit.services import event_record
from guanai.backups.engines import BackupError, engine_for_connection
from guanai.backups.serverlock import no_server_running

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT = 1


@dataclass(frozen=True)
class RestoreResult:
    directory: Path
    tables: int
    rows: int
    media_files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_digests(directory: Path) -> dict[str, str]:
    return {path.relative_to(directory).as_posix(): _sha256(path)
            for path in sorted(directory.rglob("*")) if path.is_file() and path.name != MANIFEST}


def backup_create(*, output_dir: Path | None = None) -> Path:
    """Copy the database and the media files into a new directory under output_dir; return it."""
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = output_dir / f"guanai-{stamp}"
    partial = output_dir / f".partial-guanai-{stamp}"
    partial.mkdir(parents=True)
    try:
        engine = engine_for_connection()
        counts = engine.dump(partial / engine.file_name)
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            shutil.copytree(media_root, partial / MEDIA)
        manifest = {
            "format": FORMAT, "engine": engine.file_name, "created_at": timezone.now().isoformat(),
            "tables": counts, "files": _file_digests(partial),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        # Renamed only once whole: a directory without the prefix is a finished backup.
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    with transaction.atomic():
        event_record(actor=None, verb="backup_created", object_type="backup", object_id=final.name,
                     data={"rows": sum(counts.values()), "directory": str(final)})
    return final


def _manifest_read(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("读不出备份清单 %(path)s：%(error)s") % {
            "path": directory / MANIFEST, "error": error}) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("备份格式 %(format)s 不受支持") % {"format": manifest.get("format")})
    return manifest


def backup_verify(*, directory: Path) -> dict:
    """The manifest of a backup whose files are all present and unchanged; BackupError otherwise."""
    manifest = _manifest_read(directory)
    found = _file_digests(directory)
    expected = manifest["files"]
    for name, digest in expected.items():
        if name not in found:
            raise BackupError(_("备份缺少文件 %(name)s") % {"name": name})
        if found[name] != digest:
            raise BackupError(_("备份文件 %(name)s 已损坏或被改动（摘要不符）") % {"name": name})
    extra = sorted(set(found) - set(expected))
    if extra:
        raise BackupError(_("备份中有清单外的文件：%(names)s") % {"names": ", ".join(extra[:5])})
    return manifest


def _media_restore(directory: Path) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    incoming = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    source = directory / MEDIA
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir(parents=True)
    # Files uploaded after the backup go too: the restored database does not know them.
    shutil.rmtree(media_root, ignore_errors=True)
    incoming.rename(media_root)
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def _counts_compare(expected: dict[str, int], found: dict[str, int]) -> None:
    wrong = [f"{table}: {count} ≠ {found.get(table)}" for table, count in expected.items() if found.get(table) != count]
    if wrong:
        raise BackupError(_("恢复后的行数与备份清单不符：%(tables)s") % {"tables": "; ".join(wrong[:10])})


def backup_restore(*, directory: Path) -> RestoreResult:
    """Put the database and media files back as they were at the backup, then check them."""
    directory = Path(directory)
    manifest = backup_verify(directory=directory)
    engine = engine_for_connection()
    if manifest["engine"] != engine.file_name:
        raise BackupError(_("这是 %(theirs)s 的备份，当前数据库需要 %(ours)s") % {
            "theirs": manifest["engine"], "ours": engine.file_name})
    with no_server_running() as free:
        if not free:
            raise BackupError(_("服务正在运行（%(lock)s 被占用）：请先停止 guanai serve 和 guanai worker") % {
                "lock": settings.SERVER_LOCK_FILE})
        sessions = engine.other_sessions()
        if sessions:
            raise BackupError(_("还有 %(count)s 个其他连接在使用数据库：请先停止所有服务") % {"count": sessions})
        found = engine.restore(directory / engine.file_name)
        _counts_compare(manifest["tables"], found)
        media_files = _media_restore(directory)
    expected_media = sum(1 for name in manifest["files"] if name.startswith(MEDIA + "/"))
    if media_files != expected_media:
        raise BackupError(_("恢复后的文件数 %(found)s 与备份的 %(expected)s 不符") % {
            "found": media_files, "expected": expected_media})
    with transaction.atomic():
        event_record(actor=None, verb="backup_restored", object_type="backup", object_id=directory.name,
                     data={"rows": sum(found.values()), "media_files": media_files})
    return RestoreResult(directory=directory, tables=len(found), rows=sum(manifest["tables"].values()),
                         media_files=media_files)


def backups_prune(*, directory: Path | None = None, keep_days: int | None = None) -> list[Path]:
    """Delete finished backups older than keep_days; the newest one is always kept."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
    cutoff = timezone.now() - timedelta(days=keep_days)
    backups = sorted(path for path in directory.glob("guanai-*") if (path / MANIFEST).is_file())
    removed = []
    for path in backups[:-1]:
        created = datetime.fromisoformat(_manifest_read(path)["created_at"])
        if created < cutoff:
            shutil.rmtree(path)
            removed.append(path)
    if removed:
        with transaction.atomic():
            event_record(actor=None, verb="backups_pruned", object_type="backup",
                         data={"removed": [path.name for path in removed], "keep_days": keep_days})
    return removed
