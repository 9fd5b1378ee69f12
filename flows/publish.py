"""Atomic publishing of a run's tables to ``curated/``.

A run writes everything into a staging directory beside ``curated/`` and then
exchanges the two directories in one ``renameat2(RENAME_EXCHANGE)`` call, so a
reader sees either the whole previous run or the whole new one, and a run
killed at any point leaves the previous ``curated/`` complete. An exclusive
lock beside ``curated/`` makes concurrent runs publish one after the other.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from flows.faults import checkpoint
from pipeline import schema
from pipeline.changes import Previous

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class PublishError(RuntimeError):
    """``curated/`` cannot be published to (not a directory, lock not obtained)."""


def _siblings(curated: Path, kind: str) -> Path:
    return curated.parent / f".{curated.name}.{kind}"


@contextmanager
def publish_lock(curated: Path, timeout_s: float = 600.0, on_wait=None) -> Iterator[None]:
    """Hold the exclusive publish lock for ``curated``; wait up to ``timeout_s`` for it."""
    curated.parent.mkdir(parents=True, exist_ok=True)
    lock_path = _siblings(curated, "lock")
    with open(lock_path, "a+") as fh:
        deadline = time.monotonic() + timeout_s
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishError(
                        f"another run is publishing to {curated} (lock {lock_path}); "
                        f"gave up after {timeout_s:.0f} s"
                    ) from None
                if not told and on_wait is not None:
                    on_wait(f"another run is publishing to {curated}; waiting for it to finish")
                    told = True
                # flock has no timeout: poll the non-blocking form
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False where the filesystem cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def recover(curated: Path) -> None:
    """Undo what a killed publish left behind: restore a set-aside ``curated``, drop staging."""
    old = _siblings(curated, "previous")
    if not curated.exists() and old.exists():
        os.rename(old, curated)
    for leftover in curated.parent.glob(f".{curated.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def write_staging(
    staging: Path, tables: dict[str, pd.DataFrame], files: dict[str, bytes], manifest: dict
) -> None:
    """Write every output into ``staging``; the manifest last, so its presence means complete."""
    staging.mkdir(parents=True)
    for name, df in tables.items():
        path = staging / f"{name}.parquet"
        pq.write_table(schema.to_arrow(df, name), path)
        checkpoint(f"publish.table.{name}")
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())
    for name, data in files.items():
        _write_file(staging / name, data)
    _write_file(staging / "_manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    _fsync_dir(staging)


def read_published(curated: Path) -> tuple[Previous | None, str | None]:
    """The publish in ``curated`` (its manifest and contradictions), for comparing a run with it;
    or None and why not (nothing published yet, or a file that cannot be read, named)."""
    manifest_path = curated / "_manifest.json"
    if not manifest_path.exists():
        return None, None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        path = curated / "contradictions.parquet"
        contradictions = pd.read_parquet(path) if path.exists() else schema.empty("contradictions")
    except (OSError, ValueError) as exc:  # JSON and Arrow errors are ValueErrors
        return None, f"the previous publish cannot be read ({manifest_path.parent}: {exc}); nothing compared"
    if not isinstance(manifest, dict):
        return None, f"{manifest_path} holds no manifest; nothing compared"
    return Previous(manifest, contradictions), None


def publish(
    curated: Path,
    run_id: str,
    tables: dict[str, pd.DataFrame],
    files: dict[str, bytes],
    manifest: dict,
    on_wait=None,
    compose: Callable[[Previous | None, str | None], tuple[dict[str, bytes], dict]] | None = None,
) -> Path:
    """Publish one run's outputs to ``curated`` atomically; returns ``curated``.

    ``compose(previous, why_not)``, if given, makes the files and the manifest while
    the lock is held, from the publish they replace (:func:`read_published`): what
    changed since then is exactly what this publish changes."""
    curated = curated.absolute()
    if curated.exists() and not curated.is_dir():
        raise PublishError(f"{curated} exists and is not a directory")
    with publish_lock(curated, on_wait=on_wait):
        recover(curated)
        if compose is not None:
            files, manifest = compose(*read_published(curated))
        staging = _siblings(curated, f"staging-{run_id}")
        try:
            write_staging(staging, tables, files, manifest)
        except BaseException:  # a full disk, a failed write: the half-written copy goes now
            shutil.rmtree(staging, ignore_errors=True)
            raise
        checkpoint("publish.before_swap")
        if not curated.exists():
            os.rename(staging, curated)
        elif _exchange(staging, curated):
            checkpoint("publish.after_swap")
            shutil.rmtree(staging)
        else:  # two renames; recover() restores "previous" if killed in between
            old = _siblings(curated, "previous")
            os.rename(curated, old)
            os.rename(staging, curated)
            shutil.rmtree(old)
        _fsync_dir(curated.parent)
    return curated
