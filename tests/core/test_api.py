"""The public API: `import storyline` offers what the README says, and its example runs."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from helpers import ROOT

import storyline


def test_all_names_resolve() -> None:
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None, name
    assert callable(storyline.ingest) and callable(storyline.build_brief)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        storyline.nope  # noqa: B018


def test_ingest_is_the_function_even_after_its_wing_is_imported() -> None:
    import storyline.ingest.read  # noqa: F401  (binds the wing module on the package)

    assert callable(storyline.ingest)
    from storyline import ingest

    assert callable(ingest)


def test_import_is_lazy() -> None:
    code = ("import sys, storyline; print(any(m.startswith('storyline.pipeline') or "
            "m == 'numpy' for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_readme_example_runs(monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "the README's Python example is missing"
    monkeypatch.chdir(ROOT)
    exec(compile(code.group(1), "README.md", "exec"), {})  # noqa: S102
    out = capsys.readouterr().out
    assert "# " in out and "## Sources" in out  # the Markdown brief was printed
