"""Exit statuses and the small error hierarchy the CLI maps onto them."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    """Process exit codes; a public contract (README, "Exit status")."""

    OK = 0
    """The audit ran and nothing met the failure policy."""
    POLICY = 1
    """The audit found what the policy (``--fail-on``) fails on."""
    USAGE = 2
    """The command line was wrong."""
    INPUT = 3
    """An input could not be read: an unreadable or empty file, undecodable text, no network for --resolve."""
    OUTPUT = 4
    """The report or the cache could not be written."""
    INTERRUPTED = 130
    """Stopped by SIGINT (Ctrl-C)."""
    TERMINATED = 143
    """Stopped by SIGTERM."""


class AuditorError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_status = ExitStatus.INPUT


class InputError(AuditorError):
    """An article could not be read or decoded; other articles are still audited."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UsageError(AuditorError):
    """An option's value is wrong: a user's outlets file that cannot be read, say."""

    exit_status = ExitStatus.USAGE


class OutputError(AuditorError):
    """A report could not be written."""

    exit_status = ExitStatus.OUTPUT
