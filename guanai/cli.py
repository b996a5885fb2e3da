"""The `guanai` console command: a thin front to Django's management commands.

`guanai areas load DIR` runs `manage.py areas load DIR`; `guanai import people FILE` runs
`manage.py import people FILE`. Anything Django knows (migrate, createsuperuser) passes through.
"""

import os
import sys

COMMANDS = {
    "demo": "set up the database, load the demo and serve it / 初始化并运行演示",
    "serve": "serve the web app on 127.0.0.1:8000 / 启动网页服务",
    "areas": "load or show the division tree (areas load DIR, areas show CODE) / 行政区划",
    "setup": "migrate the database and load the packaged areas / 初始化数据库",
    "worker": "run the background job worker / 后台任务进程",
}


def _help() -> str:
    lines = ["usage: guanai COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<10} {text}" for name, text in COMMANDS.items()]
    lines += ["", "Every Django management command also works, e.g. `guanai migrate`.",
              "`guanai COMMAND --help` shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_help())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    from django.core.management import execute_from_command_line

    if argv[0] == "worker":
        argv[0] = "run_huey"
    execute_from_command_line(["guanai", *argv])


if __name__ == "__main__":
    main()
