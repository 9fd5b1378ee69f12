"""Whose Prefect a run uses: the user's configured server and settings win over the project's.

Each case runs :func:`flows.settings.configure` in a fresh interpreter with its own
``HOME`` (so ``~/.prefect/profiles.toml`` is the case's), as a user's shell would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = """
import json, os, sys
from pathlib import Path
from flows import settings
try:
    target = settings.configure(Path(sys.argv[1]))
except settings.SettingsError as exc:
    print(json.dumps({"error": str(exc)})); raise SystemExit
from prefect.settings import get_current_settings
current = get_current_settings()
print(json.dumps({
    "api_url": target.api_url, "describe": target.describe(), "embedded": target.embedded,
    "home": str(current.home), "logging_level": current.logging.level,
    "analytics": current.server.analytics_enabled, "persist": current.results.persist_by_default,
    "env_home": os.environ.get("PREFECT_HOME"), "env_api_url": os.environ.get("PREFECT_API_URL"),
    "console": os.environ.get("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"),
}))
"""


def configure_as_user(home: Path, profile: str | None = None, **env: str) -> dict:
    """``configure`` in a shell whose ``~/.prefect/profiles.toml`` holds ``profile``."""
    home.mkdir(parents=True, exist_ok=True)
    if profile is not None:
        (home / ".prefect").mkdir(parents=True, exist_ok=True)
        (home / ".prefect" / "profiles.toml").write_text(profile, encoding="utf-8")
    shell = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(ROOT), **env}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(home / "project" / ".recon")],
        cwd=home,
        env=shell,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_server_set_with_prefect_config_set_is_used_and_named(tmp_path: Path) -> None:
    profile = 'active = "local"\n[profiles.local]\nPREFECT_API_URL = "http://127.0.0.1:4999/api"\n'
    got = configure_as_user(tmp_path, profile)
    assert got["api_url"] == "http://127.0.0.1:4999/api" and not got["embedded"]
    assert got["describe"] == (
        f"http://127.0.0.1:4999/api (profile 'local' in {tmp_path / '.prefect' / 'profiles.toml'})"
    )
    assert got["env_home"] is None and got["home"] == str(tmp_path / ".prefect")  # their home, untouched
    assert got["env_api_url"] == "http://127.0.0.1:4999/api"  # for the processes the run starts


def test_prefect_api_url_in_the_environment_is_used_and_named(tmp_path: Path) -> None:
    got = configure_as_user(tmp_path, PREFECT_API_URL="http://127.0.0.1:4998/api")
    assert got["describe"] == "http://127.0.0.1:4998/api (PREFECT_API_URL in the environment)"


def test_without_a_server_the_embedded_one_keeps_its_state_local_and_the_profile_still_applies(
    tmp_path: Path,
) -> None:
    profile = 'active = "mine"\n[profiles.mine]\nPREFECT_LOGGING_LEVEL = "DEBUG"\n'
    got = configure_as_user(tmp_path, profile)
    assert got["embedded"] and got["api_url"] is None
    state = tmp_path / "project" / ".recon" / "prefect"
    assert got["home"] == got["env_home"] == str(state)
    shown = Path("project") / ".recon" / "prefect"  # under the working directory: as the user gave it
    assert got["describe"] == f"Prefect's embedded server (no server configured; its database in {shown})"
    assert got["logging_level"] == "DEBUG"  # their profile was read, though the home moved


def test_the_projects_defaults_apply_only_where_the_user_set_nothing(tmp_path: Path) -> None:
    profile = 'active = "mine"\n[profiles.mine]\nPREFECT_SERVER_ANALYTICS_ENABLED = "true"\n'
    got = configure_as_user(tmp_path, profile)
    assert got["analytics"] is True  # theirs
    assert got["persist"] is False and got["console"] == "WARNING"  # ours, where they said nothing
    assert got["logging_level"] == "INFO"  # Prefect's loggers keep INFO for the UI; the console is quiet
    assert configure_as_user(tmp_path / "b")["analytics"] is False


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        ("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "INFO", "console", "INFO"),
        ("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "true", "persist", True),
    ],
)
def test_the_users_environment_wins(tmp_path: Path, variable: str, value: str, field: str, expected) -> None:
    assert configure_as_user(tmp_path, **{variable: value})[field] == expected


def test_unreadable_settings_are_an_error_naming_the_setting(tmp_path: Path) -> None:
    profile = 'active = "mine"\n[profiles.mine]\nPREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS = "soon"\n'
    got = configure_as_user(tmp_path, profile)
    assert "Prefect's settings cannot be read" in got["error"]
    assert "startup_timeout_seconds" in got["error"]
