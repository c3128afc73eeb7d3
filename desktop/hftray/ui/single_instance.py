"""One running tray per user: a second launch asks the first to show its Settings window.

The first instance listens on a local socket whose name is derived from the user and their
config folder (so each user, and each isolated test home, gets its own); a later instance
connects, sends one line such as `show-settings`, and exits. A socket left behind by a crashed
instance accepts no connection: it is removed and taken over.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

SHOW_SETTINGS = "show-settings"
CONNECT_TIMEOUT_MS = 500
MESSAGE_LIMIT = 1024
_UNCONNECTED = QLocalSocket.LocalSocketState.UnconnectedState


def server_name(config_dir: str) -> str:
    """A short name per user and config folder; it leaks neither (it is a hash)."""
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    digest = hashlib.sha256(f"{user}\0{config_dir}".encode()).hexdigest()[:16]
    return f"coderclaw-hf-tray-{digest}"


class SingleInstance(QObject):
    """Owns the listening socket of the running instance, or talks to it from a second one."""

    messageReceived = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def acquire(self) -> bool:
        """True when this process is now the running instance."""
        if self._ping():
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Nobody answered, so whatever holds the name is a stale socket file.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                if self._ping():  # another instance won a start-up race
                    return False
                logger.warning("single-instance socket unavailable: %s", server.errorString())
                return True  # better two trays than none
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def send(self, message: str) -> bool:
        """Deliver one line to the running instance; False when it cannot be reached."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(message.encode() + b"\n")
        delivered = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return delivered

    def release(self) -> None:
        """Stop listening (the name is free again); call before the app exits."""
        for client in self._clients:
            client.readyRead.disconnect(self._read_clients)
            client.disconnected.disconnect(self._drop_disconnected)
            client.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _ping(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            socket.abort()
            return True
        return False

    def _accept(self) -> None:
        assert self._server is not None
        while (client := self._server.nextPendingConnection()) is not None:
            self._clients.append(client)
            client.readyRead.connect(self._read_clients)
            client.disconnected.connect(self._drop_disconnected)
        self._read_clients()

    def _read_clients(self) -> None:
        for client in self._clients:
            while client.canReadLine():
                raw = bytes(client.readLine(MESSAGE_LIMIT).data())
                line = raw.decode(errors="replace").strip()
                if line:
                    self.messageReceived.emit(line)

    def _drop_disconnected(self) -> None:
        self._read_clients()
        for client in [c for c in self._clients if c.state() == _UNCONNECTED]:
            self._clients.remove(client)
            client.deleteLater()
