"""sheets.pipeline: a generator run in a forked child gives what it gives in-process, and the
child can neither fail silently nor reach the parent's database connection."""

import pytest

from guanai.sheets.pipeline import ChildFailed, chunks_in_child, fork_available

needs_fork = pytest.mark.skipif(not fork_available(), reason="fork and a second core are needed")


def squares(n: int):
    for i in range(n):
        yield {"i": i, "square": i * i, "text": "行" * (i % 7)}


@needs_fork
def test_child_yields_exactly_what_the_generator_yields():
    assert list(chunks_in_child(lambda: squares(2000), use_child=True)) == list(squares(2000))


def test_without_a_child_the_generator_runs_here():
    assert list(chunks_in_child(lambda: squares(3), use_child=False)) == list(squares(3))


@needs_fork
def test_an_error_in_the_child_is_raised_in_the_parent_with_its_traceback():
    def failing():
        yield 1
        raise ValueError("第3行坏了")

    items = chunks_in_child(failing, use_child=True)
    assert next(items) == 1
    with pytest.raises(ChildFailed, match="第3行坏了"):
        next(items)


@needs_fork
@pytest.mark.django_db
def test_the_child_cannot_query_the_database():
    from guanai.areas.models import Area

    def querying():
        yield Area.objects.count()

    with pytest.raises(ChildFailed, match="must not query the database"):
        list(chunks_in_child(querying, use_child=True))
    assert Area.objects.count() >= 0  # the parent's connection is untouched


@needs_fork
def test_the_parent_stopping_early_ends_the_child():
    items = chunks_in_child(lambda: squares(10**9), use_child=True)
    assert next(items)["i"] == 0
    items.close()  # the finally block terminates and joins the child; nothing hangs


def test_a_daemonic_worker_reads_in_its_own_process(monkeypatch):
    """huey's process workers are daemonic and may not have children: no fork there."""
    import os
    import types

    from guanai.sheets import pipeline

    monkeypatch.setattr(pipeline.multiprocessing, "current_process", lambda: types.SimpleNamespace(daemon=True))
    assert not fork_available()
    assert list(chunks_in_child(lambda: iter([os.getpid()]), use_child=True)) == [os.getpid()]
