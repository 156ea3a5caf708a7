"""Markdown in incident updates: rendered, and nothing executable gets through."""

import html
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from app.markdown import ALLOWED_TAGS, render_markdown, sanitise_html

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<p onmouseover="alert(1)">hover</p>',
    '<a href="#" onclick="alert(1)">click</a>',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;'
    'alert(1)">x</a>',
    '<a href="java\0script:alert(1)">nul</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">vb</a>',
    "[vb](VBScript:msgbox(1))",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="position:fixed;inset:0">overlay</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="//evil.example/x.css">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "![img](javascript:alert(1))",
    '![tracker](https://evil.example/pixel.png "no remote images")',
    '<a href="https://ok.example" target="_blank" rel="opener">x</a>',
    "<video><source onerror=alert(1)></video>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
]

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
BAD_MARKERS = ("javascript:", "vbscript:", "data:")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(output: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collect()
    parser.feed(output)
    parser.close()
    return parser.tags


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 20


def assert_inert(output: str, *, no_markers: bool = True) -> None:
    """Nothing in ``output`` can run script, load a resource or restyle the page.

    ``no_markers`` also refuses ``="javascript:`` anywhere (a belt in case a
    browser parses otherwise), which generated text may hold harmlessly."""
    for tag, attrs in _tags(output):
        assert tag in ALLOWED_TAGS, output
        for name, value in attrs.items():
            assert not name.startswith("on"), output
            assert name not in {"style", "src", "srcdoc", "action", "target"}, output
            if name == "href":
                scheme = urlsplit(html.unescape(value or "").strip()).scheme
                assert scheme.lower() in SAFE_SCHEMES, output
    lowered = output.lower()
    for tag in ("<script", "<iframe", "<svg", "<img", "<style", "<object", "<base"):
        assert tag not in lowered, output
    for marker in BAD_MARKERS if no_markers else ():
        assert f'="{marker}' not in lowered, output


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_neutralised(payload):
    assert_inert(str(render_markdown(payload)))


# The pieces attacks are made of, for Hypothesis to splice in any order.
# fmt: off
_TAGS = ["script", "img", "svg", "a", "iframe", "style", "p", "math", "base",
         "object", "details", "table", "td", "noscript", "template", "form"]
_ATTRIBUTES = ["href", "src", "onerror", "onload", "style", "srcdoc", "xlink:href",
               "action", "formaction", "title", "background", "ONCLICK", "rel"]
_VALUES = ["javascript:alert(1)", "JaVaScRiPt:x", "jav&#x09;ascript:x",
           "&#106;avascript:x", "data:text/html,<script>x</script>", "vbscript:x",
           " javascript:x", "https://ok.example", "x\" onerror=alert(1) x=\"", "#"]
_MARKUP = ["<", ">", "</", "/>", '"', "'", "=", "&", "&#", ";", "[", "](", ")",
           "![", "<!--", "-->", "`", "\n", "\n\n", " ", "**", "<![CDATA[", "]]>"]
_piece = st.one_of(
    st.sampled_from(_TAGS).map(lambda t: f"<{t}"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.tuples(st.sampled_from(_ATTRIBUTES), st.sampled_from(_VALUES)).map(
        lambda a: f' {a[0]}="{a[1]}"'
    ),
    st.sampled_from(_VALUES),
    st.sampled_from(_MARKUP),
    st.sampled_from(XSS_PAYLOADS),
    st.text(max_size=8),
)
# fmt: on


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_piece, max_size=30))
def test_no_markdown_however_spliced_lets_executable_html_through(pieces):
    assert_inert(str(render_markdown("".join(pieces))), no_markers=False)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_alone_catches_raw_html(payload):
    output = sanitise_html(payload).lower()
    assert "<script" not in output
    assert " on" not in "".join(f" {name}" for _, a in _tags(output) for name in a)


def test_links_get_nofollow_noopener():
    output = str(render_markdown("See [our notes](https://example.com/notes)."))
    ((tag, attrs),) = [t for t in _tags(output) if t[0] == "a"]
    assert attrs["href"] == "https://example.com/notes"
    assert {"nofollow", "noopener"} <= set((attrs["rel"] or "").split())


def test_raw_html_links_get_nofollow_noopener_too():
    output = str(render_markdown('<a href="https://example.com" rel="opener">x</a>'))
    rel = _tags(output)[-1][1]["rel"] or ""
    assert "opener" not in rel.split()
    assert {"nofollow", "noopener"} <= set(rel.split())


def test_mailto_and_tel_links_survive():
    output = str(
        render_markdown("[mail](mailto:ops@example.com) [call](tel:+15551234)")
    )
    hrefs = [a["href"] for t, a in _tags(output) if t == "a"]
    assert hrefs == ["mailto:ops@example.com", "tel:+15551234"]


def test_ordinary_markdown_renders():
    text = (
        "### Update\n\n"
        "We **found** the _cause_ and `fixed` it.\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\ncode block\n```\n"
    )
    output = str(render_markdown(text))
    for fragment in (
        "<h3>Update</h3>",
        "<strong>found</strong>",
        "<em>cause</em>",
        "<code>fixed</code>",
        "<ul>\n<li>one</li>",
        "<ol>\n<li>first</li>",
        "<blockquote>",
        "<table>",
        "<td>1</td>",
        "<pre><code>code block",
    ):
        assert fragment in output


def test_plain_text_is_escaped_not_dropped():
    output = str(render_markdown("5 < 6 & 7 > 3"))
    assert output == "<p>5 &lt; 6 &amp; 7 &gt; 3</p>"


def test_empty_and_none_render_empty_markup():
    assert render_markdown(None) == Markup("")
    assert render_markdown("") == Markup("")
    assert isinstance(render_markdown("x"), Markup)


def test_headings_above_h3_are_not_allowed():
    # The page owns h1/h2; an update cannot break the heading outline.
    output = str(render_markdown("# Big\n\n## Bigger"))
    assert "<h1" not in output
    assert "<h2" not in output
    assert "Big" in output


def test_update_body_is_sanitised_on_the_public_page(
    db, client, make_page, make_incident
):
    page = make_page(slug="xss")
    make_incident(page, body="<img src=x onerror=alert(1)>[x](javascript:alert(2))")
    body = client.get("/xss/").get_data(as_text=True)
    assert "onerror" not in body
    assert "javascript:" not in body
    assert "alert(1)" not in body
