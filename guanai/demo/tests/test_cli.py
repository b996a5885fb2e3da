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
