import socket
import threading

from django.core.management.base import BaseCommand, CommandError


def port_check(host: str, port: int, *, how_to_choose: str) -> None:
    """Fail at once, in words, when another program holds the port (a bind would fail only after the
    demo had loaded for minutes, with a traceback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandError(f"端口 {port} 已被其他程序占用 / port {port} is in use.\n"
                               f"换一个端口 / choose another: {how_to_choose}") from None


class Command(BaseCommand):
    help = "Serve the web app with waitress, with the background job worker in the same process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="run jobs in a separate `guanai worker`")

    def handle(self, *args, host: str, port: int, threads: int, no_worker: bool, **options):
        port_check(host, port, how_to_choose=f"guanai serve --port {port + 1}")
        from waitress import serve

        from guanai.backups.serverlock import server_lock_hold
        from guanai.config.wsgi import application
        from guanai.core.jobs import stale_jobs_fail

        # Kept for the life of the process: `guanai restore` refuses meanwhile. Alone on the machine,
        # it first marks the jobs a killed process left running as failed (core/jobs.py).
        server_lock_hold(when_alone=stale_jobs_fail)
        if not no_worker:
            self._start_worker()
        self.stdout.write(f"关爱 正在运行 / serving on http://{host}:{port}/ (Ctrl+C 停止 / to stop)")
        # config/proxies.py (inside application) decides which X-Forwarded-* headers count.
        serve(application, host=host, port=port, threads=threads, ident="guanai", clear_untrusted_proxy_headers=False)

    def _start_worker(self) -> None:
        from huey.contrib.djhuey import HUEY

        consumer = HUEY.create_consumer(workers=2, worker_type="thread", check_worker_health=False)
        # The consumer installs signal handlers; in a side thread we only need its run loop.
        consumer._set_signal_handlers = lambda: None
        threading.Thread(target=consumer.run, name="huey-consumer", daemon=True).start()
