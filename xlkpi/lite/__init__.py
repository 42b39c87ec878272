"""The files HR pastes into xlwings Lite: `main.py` (the Calculate script and the KPI_*
worksheet functions) and `requirements.txt`.

They ship inside the package so that every install carries the Lite script matching its
version. `main.py` is not imported by xlkpi itself: it needs xlwings Lite's `xlwings`.
"""

from importlib import resources


def lite_file(name: str) -> str:
    """The text of one of the shipped Lite files ("main.py" or "requirements.txt")."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
