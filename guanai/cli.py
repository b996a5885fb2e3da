"""The `guanai` console command: a thin front to Django's management commands.

`guanai areas load DIR` runs the `areas` management command; `guanai import people FILE` runs `import`.
`guanai --help` lists the commands that Guanai's own apps define, so a new app's command shows up
without touching this file. Any Django command (migrate, createsuperuser) passes through.
"""

import os
import sys

ALIASES = {"worker": "run_huey"}


def _guanai_commands() -> list[tuple[str, str]]:
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    rows = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("guanai."):
            command = load_command_class(app, name)
            rows.append((name, (command.help or "").strip().splitlines()[0]))
    rows.append(("worker", "Run the background job worker (huey consumer)."))
    return sorted(rows)


def _help() -> str:
    lines = ["usage: guanai COMMAND [ARGS]", "", "关爱 Guanai commands:"]
    lines += [f"  {name:<10} {text}" for name, text in _guanai_commands()]
    lines += ["", "Every Django management command also works, e.g. `guanai migrate`, `guanai createsuperuser`.",
              "`guanai COMMAND --help` shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_help())
        return
    from django.core.management import execute_from_command_line

    if argv[0] == "worker":
        import django

        from guanai.backups.serverlock import server_lock_hold
        from guanai.core.jobs import stale_jobs_fail

        django.setup()
        # A worker writes too: `guanai restore` refuses while it runs. Alone on the machine, it first
        # marks the jobs a killed process left running as failed.
        server_lock_hold(when_alone=stale_jobs_fail)
    argv[0] = ALIASES.get(argv[0], argv[0])
    execute_from_command_line(["guanai", *argv])


if __name__ == "__main__":
    main()
