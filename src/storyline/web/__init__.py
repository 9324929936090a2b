"""The web app of `storyline serve` (extra 'web'): the form, the JSON API, kept briefs."""

from .app import create_app, wants_json
from .inputs import Problem, clean_name, split_pasted
from .kept import BriefStore

__all__ = ["BriefStore", "Problem", "clean_name", "create_app", "split_pasted", "wants_json"]
