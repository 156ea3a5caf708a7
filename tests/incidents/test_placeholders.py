"""Filling communication templates: known names only, hostile input never raises."""

import pytest

from app.incidents.placeholders import (
    PLACEHOLDERS,
    render_placeholders,
    unknown_placeholders,
)

VALUES = {
    "page": "APC",
    "title": "approcess.com is down",
    "components": "approcess.com",
    "severity": "P2 – Moderate (Prompt Response)",
    "status": "Investigating",
    "started_at": "Mar 11, 2024 1:12 AM EDT",
    "detected_at": "Mar 11, 2024 1:12 AM EDT",
    "next_update_at": "Mar 11, 2024 10:00 AM EDT",
}


def test_every_known_placeholder_is_filled():
    body = " | ".join("{" + name + "}" for name in PLACEHOLDERS)
    rendered = render_placeholders(body, VALUES)
    assert rendered.complete
    assert rendered.unknown == ()
    assert rendered.text == " | ".join(VALUES[name] for name in PLACEHOLDERS)


def test_unknown_names_stay_visible_and_are_reported_once():
    rendered = render_placeholders("{titel} on {page}; again {titel}", VALUES)
    assert rendered.text == "{titel} on APC; again {titel}"
    assert rendered.unknown == ("{titel}",)
    assert not rendered.complete


def test_doubled_braces_are_literal():
    assert render_placeholders("{{title}} is {title}", VALUES).text == (
        "{title} is approcess.com is down"
    )


def test_values_are_not_expanded_again():
    rendered = render_placeholders("{title}", {"title": "{page} {{x}}", "page": "P"})
    assert rendered.text == "{page} {{x}}"


HOSTILE = [
    "{page.__class__}",
    "{title.__class__.__mro__}",
    "{page.__init__.__globals__}",
    "{title[0]}",
    "{x[}",
    "{0}",
    "{}",
    "{title!r}",
    "{title!s}",
    "{title!}",
    "{title!rr}",
    "{title:>1000000000}",
    "{:}",
    "{ title }",
    "{__import__}",
    "{TITLE}",
]


@pytest.mark.parametrize("token", HOSTILE)
def test_hostile_placeholders_are_left_as_written(token):
    rendered = render_placeholders("before " + token + " after {title}", VALUES)
    assert rendered.text == "before " + token + " after approcess.com is down"
    assert rendered.unknown == (token,)


@pytest.mark.parametrize(
    "body", ["{", "}", "{{{", "}}}", "a { b", "a } b", "{title", "title}", "{{}"]
)
def test_stray_braces_never_raise(body):
    rendered = render_placeholders(body, VALUES)
    assert "{" in rendered.text or "}" in rendered.text


def test_a_nested_spec_fills_nothing_but_the_inner_name():
    rendered = render_placeholders("{title:{page}}", VALUES)
    assert rendered.text == "{title:APC}"


def test_unknown_placeholders_checks_a_template_body():
    assert unknown_placeholders("Hi {page}, {title} {oops} {x.y}") == (
        "{oops}",
        "{x.y}",
    )
    assert unknown_placeholders("All good: {components} {next_update_at}") == ()


def test_a_long_body_renders_in_one_pass():
    body = "{title} " * 5000
    rendered = render_placeholders(body, VALUES)
    assert rendered.text.count("approcess.com is down") == 5000
