"""Where the app may listen: beyond loopback only with an admin login, or it refuses to start."""
from __future__ import annotations

import ipaddress
import socket
from typing import Any

from vectorstore.settings import Settings


class ConfigError(Exception):
    """The app cannot start with these settings; the message says what to set."""


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost` stay on this machine; everything else (0.0.0.0 included) does not."""
    host = (host or "").strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(info[4][0]).is_loopback
                       for info in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


def admin_credentials(settings: Settings) -> tuple[str, str] | None:
    if settings.server.admin_user and settings.server.admin_password:
        return settings.server.admin_user, settings.server.admin_password
    return None


def launch_options(settings: Settings) -> dict[str, Any]:
    """Where to listen; refuses an open host without admin credentials (the library would be open)."""
    if not is_loopback(settings.server.host) and admin_credentials(settings) is None:
        raise ConfigError(
            f"Refusing to listen on {settings.server.host}: beyond this machine, uploads and removals need an "
            "admin login, and none is configured. Set GONGZHI_ADMIN_USER and GONGZHI_ADMIN_PASSWORD, "
            "or keep the default GONGZHI_HOST=127.0.0.1.")
    return {"server_name": settings.server.host, "server_port": settings.server.port}
