import subprocess
import sys

from guanai.cli import main


def test_help_lists_guanai_commands(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for name in ("demo", "serve", "areas", "setup", "worker"):
        assert f"  {name} " in out


def test_console_script_is_installed():
    result = subprocess.run([sys.executable, "-m", "guanai.cli", "--help"], capture_output=True, text=True,
                            check=True)
    assert "areas" in result.stdout


def test_demo_on_a_busy_port_stops_before_loading_and_says_how_to_choose_another(monkeypatch):
    import socket

    import pytest
    from django.core.management import CommandError, call_command

    loaded = []
    monkeypatch.setattr("guanai.demo.management.commands.demo.call_command", lambda *a, **k: loaded.append(a))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(CommandError, match=f"make demo PORT={port + 1}"):
            call_command("demo", port=port)
    assert loaded == []  # nothing was loaded first


def test_the_demo_prints_roles_in_chinese(monkeypatch, capsys):
    from django.core.management import call_command

    from guanai.demo.staff import DEMO_LOGINS

    monkeypatch.setattr("guanai.demo.management.commands.demo.call_command", lambda *a, **k: None)
    monkeypatch.setattr("guanai.demo.management.commands.demo.demo_staff_ensure", lambda: DEMO_LOGINS)
    monkeypatch.setattr("guanai.demo.management.commands.demo.Command._load_domain_demo", lambda self, **k: None)
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "县民政局工作人员" in out and "county_officer" not in out
