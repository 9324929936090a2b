"""Escaping of untrusted article text for Markdown, shared by every Markdown section."""

from __future__ import annotations


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML in untrusted article text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())
