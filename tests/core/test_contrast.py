"""Every colour pair Beacon's stylesheets put text or controls in meets WCAG 2.2
AA, in the light and the dark scheme, and a client's brand colour is made to."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import contrast
from app.pages.public.branding import DARK_BACKGROUNDS, LIGHT_BACKGROUNDS, brand_rules

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def _palette(scheme: str) -> dict[str, str]:
    css = SITE_CSS.read_text()
    light_block = css[css.index(":root {") : css.index("}")]
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", light_block))
    if scheme == "light":
        return light
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    dark_block = css[dark_at : css.index("}\n}", dark_at)]
    return light | dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", dark_block))


# (foreground, background, minimum): text and the colours drawn on the page.
PAIRS = [
    *((fg, bg, contrast.TEXT) for bg in ("bg", "surface")
      for fg in ("text", "muted", "link", "ok", "minor", "major", "critical", "maint")),
    *(("on-status", status, contrast.TEXT)
      for status in ("ok", "minor", "major", "critical", "maint")),
    ("on-brand", "brand", contrast.TEXT),
    *((bar, bg, contrast.NON_TEXT) for bg in ("bg", "surface")
      for bar in ("ok", "minor", "major", "critical", "maint", "nodata")),
    ("focus", "bg", contrast.NON_TEXT),
    ("focus", "surface", contrast.NON_TEXT),
]  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_the_default_palette_meets_aa(scheme, fg, bg, minimum):
    palette = _palette(scheme)
    palette.setdefault("link", palette["brand"])  # light links are the brand's
    assert contrast.ratio(palette[fg], palette[bg]) >= minimum, (scheme, fg, bg)


def test_the_brand_rules_know_the_stylesheets_backgrounds():
    light, dark = _palette("light"), _palette("dark")
    assert set(LIGHT_BACKGROUNDS) == {light["bg"], light["surface"], "#ffffff"}
    assert set(DARK_BACKGROUNDS) == {dark["bg"], dark["surface"]}


_colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(_colours)
def test_any_brand_colour_is_made_readable_in_both_schemes(colour):
    rules = brand_rules(colour)
    brand, link = rules["brand"], rules["link"]
    assert all(contrast.ratio(brand, b) >= contrast.TEXT for b in LIGHT_BACKGROUNDS)
    assert all(contrast.ratio(link, b) >= contrast.TEXT for b in DARK_BACKGROUNDS)


def test_a_readable_brand_colour_is_kept_as_chosen():
    assert brand_rules("#0b5394")["brand"] == "#0b5394"
    pale = brand_rules("#7fb2ff")["brand"]  # too light for text on white
    assert pale != "#7fb2ff"
    assert contrast.ratio(pale, "#ffffff") >= contrast.TEXT
