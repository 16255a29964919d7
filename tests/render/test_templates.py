"""The Jinja environment's shortcuts print what Jinja itself prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from site_builder.render.templates import compile_templates, make_environment

PRINTED = "{{ text }}|{{ safe }}|{{ html }}|{{ number }}|{{ nothing }}|{{ text ~ safe }}|{{ text | upper }}"


@dataclass
class _Html:
    def __html__(self) -> str:
        return "<b>as its own HTML</b>"


def test_printed_values_are_escaped_as_jinja_escapes_them(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PRINTED, encoding="utf-8")
    values = {"text": "<a href=\"x\">Tom & Jerry's</a>", "safe": Markup("<i>kept</i>"), "html": _Html(),
              "number": 3.5, "nothing": None}
    ours = make_environment([tmp_path]).get_template("page.html").render(**values)
    jinjas = jinja2.Environment(autoescape=True).from_string(PRINTED).render(**values)
    assert ours == jinjas
    assert "&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|<i>kept</i>|<b>as its own HTML</b>" in ours


@dataclass
class _Story:
    title: str
    drawn: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        self.drawn.append(self.title)  # each time the macro's body reads it
        return self.title


MACROS = '{% macro teaser(item, root) %}<a href="{{ root }}x">{{ item.headline }}</a>{% endmacro %}'
PAGE = ('{% import "_macros.html" as m %}{% for item in items %}{{ m.teaser(item, root) }}'
        '{{ m.teaser(item, root) }}{% endfor %}')


def test_a_teaser_is_drawn_once_for_the_same_story_at_the_same_depth(tmp_path: Path) -> None:
    (tmp_path / "_macros.html").write_text(MACROS, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    env = make_environment([tmp_path])
    compile_templates(env)
    story, other = _Story("Rates <up>"), _Story("Rates <up>")
    page = env.get_template("page.html")
    first = page.render(items=[story, other], root="../")
    again = page.render(items=[story], root="../")
    deeper = page.render(items=[story], root=Markup("../../"))
    assert first == '<a href="../x">Rates &lt;up&gt;</a>' * 4
    assert again == '<a href="../x">Rates &lt;up&gt;</a>' * 2
    assert deeper == '<a href="../../x">Rates &lt;up&gt;</a>' * 2
    assert story.drawn == ["Rates <up>", "Rates <up>"]  # once at "../", once at "../../"
    assert other.drawn == ["Rates <up>"]  # an equal story is another story: drawn for itself


def test_a_template_that_does_not_compile_fails_where_it_is_rendered(tmp_path: Path) -> None:
    (tmp_path / "_macros.html").write_text("{% macro teaser(item) %}", encoding="utf-8")
    env = make_environment([tmp_path])
    compile_templates(env)  # leaves it to the page that uses it, whose error names the page
    try:
        env.get_template("_macros.html")
    except jinja2.TemplateSyntaxError as exc:
        assert exc.lineno == 1
    else:
        raise AssertionError("a template that does not compile was loaded")
