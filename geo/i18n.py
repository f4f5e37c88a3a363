"""Every user-visible string, one language at a time, from one catalogue (geo/messages.yaml).

Domain code returns a `Msg` (message id + parameters), never a sentence; screens, the
command line and exports render it in the language the user chose. A parameter may be
a plain value, a `Name` (a place or unit name in both languages), a `Msg`, or a tuple of
these (joined with the language's list separator), and is rendered in the same language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

__all__ = [
    "LANGS",
    "Listing",
    "Msg",
    "Name",
    "Quoted",
    "catalogue",
    "escape_markdown",
    "render",
    "render_markdown",
    "service_name",
    "t",
    "t_markdown",
]

LANGS = ("zh", "en")
CATALOGUE = Path(__file__).with_name("messages.yaml")
_LIST_SEPARATOR = {"zh": "、", "en": ", "}


@dataclass(frozen=True)
class Name:
    """A name shown in the user's language: 深圳 / Shenzhen."""

    zh: str
    en: str

    def render(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Msg:
    """A message id and its parameters, rendered late so the reader's language decides."""

    id: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return t(self.id, lang, **self.params)

    def markdown(self, lang: str) -> str:
        """For a screen (Streamlit reads Markdown): the catalogue's own text as written, every parameter as plain text."""
        return t_markdown(self.id, lang, **self.params)

    def __add__(self, other: Msg) -> Msg:
        """Two messages shown one after the other (a note appended to an answer)."""
        return Msg("join_sentences", {"first": self, "second": other})


@dataclass(frozen=True)
class Quoted:
    """The user's own words quoted back to them, in the quotes of the reader's language."""

    text: str

    def render(self, lang: str) -> str:
        return f"“{self.text}”" if lang == "en" else f"「{self.text}」"


@dataclass(frozen=True)
class Listing:
    """Items whose own text holds commas (place labels), joined by a stronger separator."""

    items: tuple
    separator: str = "; "

    def render(self, lang: str) -> str:
        return self.separator.join(render(item, lang) for item in self.items)


def render(value: object, lang: str) -> str:
    """A parameter or message as text in `lang`."""
    if hasattr(value, "render"):
        return value.render(lang)
    if isinstance(value, tuple | list):
        return _LIST_SEPARATOR.get(lang, ", ").join(render(v, lang) for v in value)
    return str(value)


_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")  # read anywhere in a line
_LINE_SIGNS = re.compile(r"(?m)^([ \t]*)([-+=])")  # read at a line's start: lists, setext headings
_ORDERED = re.compile(r"(?m)^([ \t]*\d+)\.")  # "1." starting a line: an ordered list


def escape_markdown(text: str) -> str:
    """Text shown as itself by Streamlit's Markdown: every sign it reads (links, images, emphasis, :colour[...],
    :emoji:, $maths$, headings, tables, lists) backslash-escaped, as CommonMark allows for any ASCII
    punctuation; '-', '+', '=' and '1.' only where they start a line (so 2022-09-18 reads as written)."""
    text = _MARKDOWN_SIGNS.sub(r"\\\1", text)
    text = _LINE_SIGNS.sub(r"\1\\\2", text)
    return _ORDERED.sub(r"\1\\.", text)


def render_markdown(value: object, lang: str) -> str:
    """`render` for a screen: messages keep their catalogue text, everything supplied (names, user words,
    file text) is escaped."""
    if isinstance(value, Msg):
        return value.markdown(lang)
    if isinstance(value, Quoted):
        return Quoted(escape_markdown(value.text)).render(lang)
    if isinstance(value, Listing):
        return value.separator.join(render_markdown(item, lang) for item in value.items)
    if isinstance(value, tuple | list):
        return _LIST_SEPARATOR.get(lang, ", ").join(render_markdown(v, lang) for v in value)
    return escape_markdown(render(value, lang))


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """The catalogue as {id: {lang: template}}; loaded once per process."""
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


def t(key: str, lang: str = "zh", /, **params: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled by rendered parameters."""
    template = catalogue()[key]["en" if lang == "en" else "zh"]
    return template.format(**{k: render(v, lang) for k, v in params.items()}) if params else template


def t_markdown(key: str, lang: str = "zh", /, **params: object) -> str:
    """`t` for a screen: the template's own Markdown kept, the parameters escaped (see render_markdown)."""
    template = catalogue()[key]["en" if lang == "en" else "zh"]
    return template.format(**{k: render_markdown(v, lang) for k, v in params.items()}) if params else template


def service_name(service: str, lang: str) -> str:
    """The full service name: 'IDC 互联网数据中心' / 'IDC data centres'."""
    return t(f"service.{service}", lang)
