"""Running the CPU-bound half of a bulk import in a second process, so both cores work.

An import reads and checks rows (pure Python: validation, encryption, pinyin, the rules) and writes
them (the database driver and, on SQLite, the database itself). One process does one after the
other; `chunks_in_child` runs the reading half in a forked child that hands finished chunks to the
parent through a pipe, so chunk k+1 is prepared while chunk k is written (docs/performance.md).

The child is forked, so it starts with everything the parent had loaded (the sheet's rows, the
villages, the rule parameters) and never imports or queries anything: every database connection is
blocked in the child, and a query there raises instead of sharing the parent's socket. The child
ends with os._exit, so it never closes what it inherited. A pipe holds about one chunk, which keeps
the child at most a chunk or two ahead and memory flat.

`chunks_in_child` falls back to running the generator in this process where fork is missing, where
only one core is available, or when the caller asks (small imports, tests of the plain path).
"""

import contextlib
import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connections

# Below this many rows a child saves nothing (one chunk has nothing to overlap; fork and pickling cost):
# 5,000 rows 0.6-0.7 s either way, 20,000 rows 2.6-2.9 s in-process vs 2.4-2.7 s forked (docs/performance.md).
MIN_ROWS_FOR_CHILD = 20_000


@contextlib.contextmanager
def loaded_data_frozen():
    """Keep what is loaded now (a sheet: millions of cells) out of the garbage collector's scans
    while a bulk import runs. Python's full collections walk every live container; with a
    100,000-row sheet in memory they were ~20% of the import (docs/performance.md). Objects made
    during the import are collected as usual; the frozen ones return to the collector afterwards.
    Freezing before a fork also spares the child copying pages only to touch their GC headers."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class ChildFailed(RuntimeError):
    """The reading process raised; the message carries its traceback."""


def fork_available() -> bool:
    """Fork exists, a second core is there, and this process may have children (a daemonic
    multiprocessing worker, such as huey's process workers, may not)."""
    return ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
            and not multiprocessing.current_process().daemon)


def chunks_in_child(produce: Callable[[], Iterator[Any]], *, use_child: bool) -> Iterator[Any]:
    """The items of `produce()`, produced in a forked child when `use_child` (and fork is here)."""
    if not (use_child and fork_available()):
        yield from produce()
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(produce, sending), daemon=True,
                            name="guanai-import-reader")
    child.start()
    sending.close()
    try:
        while True:
            try:
                kind, payload = receiving.recv()
            except EOFError:
                raise ChildFailed(f"the reading process ended without finishing (exit code {child.exitcode})"
                                  ) from None
            if kind == "done":
                break
            if kind == "error":
                raise ChildFailed(payload)
            yield payload
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()
        child.join(timeout=5)


def _child_main(produce: Callable[[], Iterator[Any]], sending) -> None:
    for alias in connections:
        connections[alias].execute_wrappers.append(_no_queries)
    try:
        for item in produce():
            sending.send(("item", item))
        sending.send(("done", None))
    except BrokenPipeError:
        pass  # the parent stopped reading (it failed or was cancelled); nothing to tell it
    except BaseException:  # noqa: BLE001 - everything goes back to the parent, which raises it
        sending.send(("error", traceback.format_exc()))
    finally:
        sending.close()


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError("the import's reading process must not query the database (it would share the "
                       "parent's connection); load what it needs before the fork")
