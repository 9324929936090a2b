"""The exception hierarchy: everything storyline raises on purpose is a `StorylineError`."""

from __future__ import annotations


class StorylineError(Exception):
    """Base of storyline's own errors; the CLI turns these into a clean message and exit code."""

    exit_code = 2


class InputError(StorylineError):
    """An input cannot be read or holds nothing usable."""



class SettingsError(StorylineError):
    """A setting is missing, of the wrong type, or out of range."""



class MissingExtraError(StorylineError):
    """An optional dependency is needed; the message names the extra to install."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this feature needs the optional '{module}' package: "
            f"pip install 'storyline[{extra}]'"
        )
        self.extra = extra


def require(module: str, extra: str) -> object:
    """Import an optional module lazily, or raise `MissingExtraError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(extra, module) from exc
