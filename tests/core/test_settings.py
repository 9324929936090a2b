from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import SettingsError
from storyline.settings import Settings


def test_toml_loads_and_validates(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text("[storyline]\nwords = 80\nsupport_threshold = 0.7\n")
    settings = Settings.from_toml(path)
    assert settings.words == 80 and settings.support_threshold == 0.7


@pytest.mark.parametrize(
    "text, message",
    [("wordz = 3", "unknown setting"), ("words = 'many'", "must be int"),
     ("words = 0", "at least 1"), ("support_threshold = 2.0", "between 0 and 1"),
     ("words = [", "cannot read")],
)
def test_bad_settings_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message):
        Settings.from_toml(path)


def test_with_ignores_none() -> None:
    assert Settings().with_(words=None, method="lead").method == "lead"
    assert Settings().with_(words=None).words == 120
