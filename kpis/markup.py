"""Text a user, a file or an address supplied, made safe to show in Markdown or HTML: as text."""

from __future__ import annotations

import html
import re

# Any ASCII punctuation may be backslash-escaped in CommonMark, and then is only itself: no
# link, image, emphasis, code, heading, list, table, raw HTML, maths or Streamlit directive.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n?|\n)\s*")
_LINE_BREAK = re.compile(r"\r\n?|\n")
# U+2060 WORD JOINER: invisible, read by no screen reader, and neither a letter, a space nor
# punctuation. GFM's bare links ("https://…", "www.…", "a@b.org") and Streamlit's emoji and
# icon shortcodes (":smile:") are found in the text after escapes are undone, so escaping
# cannot stop them: a joiner where one would begin does (only there, so that "Teams: …" is
# still found by a search of the page).
WORD_JOINER = "\u2060"
_JOIN = re.compile(r"(?<=\\:)(?=\\/|[A-Za-z])|(?=\\@)|(?<=www)(?=\\\.)", re.IGNORECASE)


def markdown_text(text: str) -> str:
    """`text` as Markdown that shows exactly that text, on one line (a blank line would end
    the paragraph or list item it is quoted in). For st.error, st.caption, st.write and the
    other elements that read their text as Markdown."""
    escaped = _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))
    return _JOIN.sub(WORD_JOINER, escaped)


def html_text(text: str) -> str:
    """`text` escaped for HTML, in an element or a quoted attribute, with its line breaks as
    character references. Inside Markdown (st.markdown with unsafe_allow_html) an HTML block
    ends at the first blank line and what follows is read as Markdown, so HTML built from
    text must hold no line break of its own; the browser still shows each one."""
    return _LINE_BREAK.sub("&#10;", html.escape(text))
