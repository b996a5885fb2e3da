"""The start of `guanai serve` / `guanai worker` fails the jobs a killed process left running only when
no other server or worker holds the lock (one that does may be running those jobs)."""

from guanai.backups.serverlock import no_server_running, server_lock_hold, server_lock_release


def test_the_first_process_to_start_recovers_and_the_next_does_not(settings, tmp_path):
    settings.SERVER_LOCK_FILE = tmp_path / "server.lock"
    calls = []
    first = server_lock_hold(when_alone=lambda: calls.append("first"))
    second = server_lock_hold(when_alone=lambda: calls.append("second"))
    assert calls == ["first"]
    with no_server_running() as free:
        assert not free  # both hold it shared, as running servers do
    server_lock_release(first)
    server_lock_release(second)
    third = server_lock_hold(when_alone=lambda: calls.append("third"))
    assert calls == ["first", "third"]
    server_lock_release(third)
