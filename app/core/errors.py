"""Errors the console forms show to staff next to the field that caused them."""


class ValidationError(ValueError):
    """Bad input refused by a service; ``field`` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
