"""The page renderer's gettext gives what Jinja2's own new-style gettext gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, select_autoescape

from generator.render.pages import PageRenderer, remembered_gettext
from generator.render.views import Freshness
from generator.settings import Settings
from generator.translations import LANGUAGES, translator

TEMPLATE = """\
<p>{{ _("Call to ask") }}|{{ _("100%% of %(what)s", what=what) }}|{{ gettext("Search") }}</p>
<p>{{ _("100%% free") }}|{{ _("<strong>Open</strong> to %(who)s", who=what) }}</p>
{% trans %}<em>Free</em> and confidential{% endtrans %}
{% trans name=name %}Programs near {{ name }}{% endtrans %}
{% trans count=n %}{{ count }} program{% pluralize %}{{ count }} programs{% endtrans %}
"""


def _jinja_own(catalogue: object) -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    return env


@pytest.mark.parametrize("code", [language.code for language in LANGUAGES])
def test_the_same_text_as_jinja2s_own_gettext(code: str) -> None:
    catalogue = translator(code).catalogue
    ours = _jinja_own(catalogue)
    ours.globals["gettext"] = ours.globals["_"] = remembered_gettext(catalogue)
    values = {"what": "<b>care</b> & more", "name": "Round <Rock>", "n": 2}
    expected = _jinja_own(catalogue).from_string(TEMPLATE).render(**values)
    # Variables are escaped, the message's own markup is kept, and "%%" is a percent sign.
    assert "<strong>Open</strong> to &lt;b&gt;care&lt;/b&gt; &amp; more" in expected
    assert "100% free" in expected
    assert ours.from_string(TEMPLATE).render(**values) == expected
    # Asked again, from what it remembered: the same.
    assert ours.from_string(TEMPLATE).render(**values) == expected


def test_the_page_renderer_translates_with_it(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('{{ _("Search") }}/{{ _("Get help now") }}')
    spanish = next(language for language in LANGUAGES if language.code == "es")
    settings = Settings()
    renderer = PageRenderer([tmp_path], Freshness(settings.today, settings.stale_after_days),
                            settings, spanish)
    t = translator("es")
    expected = f'{t.gettext("Search")}/{t.gettext("Get help now")}'
    assert expected != "Search/Get help now"
    assert renderer.template("page.html") == expected
