import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web app with waitress, with the background job worker in the same process."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="run jobs in a separate `guanai worker`")

    def handle(self, *args, host: str, port: int, threads: int, no_worker: bool, **options):
        from waitress import serve

        from guanai.backups.serverlock import server_lock_hold
        from guanai.config.wsgi import application

        server_lock_hold()  # kept for the life of the process: `guanai restore` refuses meanwhile
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
