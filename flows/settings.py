"""Whose Prefect a run talks to, and the environment it needs, set before Prefect's engine loads.

A user who has configured a Prefect server gets that server: ``PREFECT_API_URL``
in the environment, or in their active profile (``prefect config set
PREFECT_API_URL=…``, ``prefect cloud login``), ``prefect.toml``, ``pyproject.toml``
or ``.env``, as Prefect itself reads them. Their runs then appear in their UI,
and the run summary says which server it was. Only when nothing names a server
does ``recon run`` start Prefect's embedded one, with its database and storage
local to the project (``<state>/prefect``); the user's profiles and logging
configuration are still read from where Prefect would read them.

The project's own defaults (no usage data sent, by the server or the client, a
generous startup time for the embedded server, no result persistence, Prefect's
console quiet below WARNING unless ``--verbose``) apply only where the user's
configuration says nothing::

    >>> target = configure(Path(".recon"))
    >>> target.describe()
    "Prefect's embedded server (no server configured; its database in .recon/prefect)"
    >>> target = configure(Path(".recon"))    # with `prefect config set PREFECT_API_URL=…`
    >>> target.describe()
    "http://127.0.0.1:4200/api (profile 'local' in /home/me/.prefect/profiles.toml)"

Reading the user's settings imports Prefect's settings module (and with it
Prefect's settings context); the context is refreshed once the environment is
set, before the engine (``from prefect import flow``) configures logging.
"""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

#: the project's defaults: environment variable -> (Prefect setting, value); each applies
#: only when the user's configuration does not set that setting
DEFAULTS: dict[str, tuple[str, str]] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": ("server.analytics_enabled", "false"),
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": ("server.ephemeral.startup_timeout_seconds", "180"),
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": ("results.persist_by_default", "false"),
}
#: Prefect's console handler (an override of its logging.yml, not a setting): quiet
#: unless --verbose; Prefect's loggers stay at their level, so the UI gets INFO
CONSOLE_LEVEL = "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"
#: not Prefect settings: Dask's log level, and the client's usage data (Prefect's SDK
#: sends it unless DO_NOT_TRACK is set, and prints a notice on a terminal); a user's
#: own value of either stays
OTHER_DEFAULTS = {"DASK_LOGGING__DISTRIBUTED": "warning", "DO_NOT_TRACK": "1"}


#: the embedded server's URL, once :func:`share_api_url` put it in the environment: a later
#: run in this process reuses that server, and it is still no server of the user's
_SHARED: list[str] = []


class SettingsError(ValueError):
    """The user's Prefect configuration cannot be read; the message names where it lives."""


@dataclass(frozen=True)
class PrefectTarget:
    """The Prefect API a run reports to."""

    api_url: str | None  # None: the embedded server this process starts
    source: str  # where the URL was configured, or why the embedded server is used
    home: Path  # Prefect's home for this run

    @property
    def embedded(self) -> bool:
        return self.api_url is None

    def describe(self) -> str:
        if self.api_url is None:
            return f"Prefect's embedded server ({self.source}; its database in {_shown(self.home)})"
        return f"{self.api_url} ({self.source})"


def _shown(path: Path) -> Path:
    """A path under the working directory as relative, as the user gave it; others as they are."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _user_settings():
    """Prefect's settings as the user's configuration makes them (nothing of ours set yet)."""
    try:
        from prefect.settings.models.root import Settings

        return Settings()
    except Exception as exc:  # pydantic's ValidationError, a malformed TOML file
        where = os.environ.get("PREFECT_PROFILES_PATH") or "~/.prefect/profiles.toml"
        raise SettingsError(f"Prefect's settings cannot be read (profiles: {where}): {exc}") from exc


def _is_set(settings, dotted: str) -> bool:
    """Did any of the user's sources (environment, .env, TOML files, profile) set it?"""
    *parents, name = dotted.split(".")
    node = settings
    for part in parents:  # nested settings are set field by field, not as wholes
        node = getattr(node, part)
    return name in node.model_fields_set


def _url_source(settings) -> str:
    """Where the configured API URL comes from, as a user would look for it."""
    if os.environ.get("PREFECT_API_URL"):
        return "PREFECT_API_URL in the environment"
    path = Path(settings.profiles_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        data = {}
    active = os.environ.get("PREFECT_PROFILE") or data.get("active")
    profile = (data.get("profiles") or {}).get(active) or {}
    if profile.get("PREFECT_API_URL"):
        return f"profile {active!r} in {path}"
    return "Prefect's settings (prefect.toml, pyproject.toml or .env)"


def configure(state_dir: Path, verbose: bool = False) -> PrefectTarget:
    """Set the Prefect environment for a run whose local state lives in ``state_dir``;
    returns the server the run will report to."""
    state_dir.mkdir(parents=True, exist_ok=True)
    for variable, value in OTHER_DEFAULTS.items():  # before Prefect is imported: it reads them then
        os.environ.setdefault(variable, value)
    user = _user_settings()
    url = user.api.url if _is_set(user, "api.url") and user.api.url else None
    if url and os.environ.get("PREFECT_API_URL") in _SHARED:
        url = None  # this process's own embedded server, from an earlier run
    if url:
        # the user's own server: their home, profiles and logging stay as they are;
        # the URL is mirrored to the environment for the processes this run starts
        target = PrefectTarget(url, _url_source(user), Path(user.home))
        os.environ["PREFECT_API_URL"] = url
    else:
        home = Path(user.home) if _is_set(user, "home") else (state_dir / "prefect").absolute()
        if not _is_set(user, "home"):
            # the embedded server's database and storage go to the project's state; the
            # user's profiles and logging configuration are still read from their home
            os.environ.setdefault("PREFECT_PROFILES_PATH", str(user.profiles_path))
            os.environ.setdefault("PREFECT_LOGGING_CONFIG_PATH", str(user.logging.config_path))
            os.environ["PREFECT_HOME"] = str(home)
        target = PrefectTarget(None, "no server configured", home)
    for variable, (setting, value) in DEFAULTS.items():
        if variable not in os.environ and not _is_set(user, setting):
            os.environ[variable] = value
    if verbose:
        os.environ[CONSOLE_LEVEL] = "0"  # everything Prefect's loggers let through
    else:
        os.environ.setdefault(CONSOLE_LEVEL, "WARNING")
    if "prefect.context" in sys.modules:
        from prefect.context import refresh_global_settings_context

        refresh_global_settings_context()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return target


def share_api_url() -> None:
    """Put the API URL this process talks to in the environment, for the processes it starts.

    Without ``PREFECT_API_URL``, Prefect starts an embedded server per process:
    each process-pool worker would start its own (seconds each, and memory).
    Called inside the flow, where the client exists, before any task is submitted.
    """
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        os.environ["PREFECT_API_URL"] = str(client.api_url).rstrip("/")
    _SHARED.append(os.environ["PREFECT_API_URL"])
