"""WCAG 2.2 contrast: how two colours compare, and a colour made readable.

The ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the two relative
luminances. AA asks 4.5:1 of text, 3:1 of large text and of the parts of a
control. A colour a client picks for their page is moved towards black or
white, as little as it takes, until it meets the ratio against every
background it is shown on.
"""

import functools
import re

TEXT = 4.5  # normal text, WCAG 2.2 AA (1.4.3)
NON_TEXT = 3.0  # large text and the parts of controls (1.4.3, 1.4.11)
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

Rgb = tuple[int, int, int]


def parse(colour: str) -> Rgb:
    """``#rrggbb`` as its three channels; ValueError for anything else."""
    if not _HEX.fullmatch(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_of(rgb: Rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


@functools.lru_cache(maxsize=1024)
def luminance(colour: str) -> float:
    """WCAG's relative luminance of ``colour``, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in parse(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, backgrounds: tuple[str, ...], minimum: float = TEXT) -> str:
    """``colour``, or the nearest mix of it with black or white that has at
    least ``minimum`` contrast with each of ``backgrounds``.

    Towards black on light backgrounds, towards white on dark ones (light and
    dark are never mixed in one call). Falls back to black or white itself,
    which always reaches 4.5:1 against a background light or dark enough.
    """
    if all(ratio(colour, b) >= minimum for b in backgrounds):
        return colour
    dark_backgrounds = max(luminance(b) for b in backgrounds) < 0.18
    target = (255, 255, 255) if dark_backgrounds else (0, 0, 0)
    start = parse(colour)
    for step in range(1, 101):
        mixed = hex_of(_mix(start, target, step / 100))
        if all(ratio(mixed, b) >= minimum for b in backgrounds):
            return mixed
    return hex_of(target)


def _mix(start: Rgb, target: Rgb, share: float) -> Rgb:
    return tuple(round(s + (t - s) * share) for s, t in zip(start, target, strict=True))  # type: ignore[return-value]
