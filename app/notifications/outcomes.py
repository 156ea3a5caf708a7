"""What happened to one delivery attempt: sent, retry later, or failed for good."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    sent: bool
    final: bool
    reason: str | None = None


SENT = Outcome(sent=True, final=True)


def retry(reason: str) -> Outcome:
    """A temporary failure: try again after a backoff (until the last try)."""
    return Outcome(sent=False, final=False, reason=reason[:2000])


def fail(reason: str) -> Outcome:
    """A permanent failure: never try again."""
    return Outcome(sent=False, final=True, reason=reason[:2000])
