"""The one base class for errors a person sees.

Every failure the app reports derives from `HFTrayError`; its `str()` is written for the user
(what went wrong) and `fix` says what to do about it. Messages never contain a token.
"""

from __future__ import annotations


class HFTrayError(Exception):
    """An error whose message can be shown to a user as it is."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return self.message

    def one_line(self) -> str:
        """The message and the fix on one line, for stderr and notifications."""
        return f"{self.message} — {self.fix}" if self.fix else self.message
