"""Fixtures for the IO tests: rich workbooks built once per session, copied per test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _p in (_HERE, _HERE.parents[1]):  # io_books / io_pkgcheck, and tests.helpers
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from io_books import build_book  # noqa: E402

from tests.helpers.libreoffice import convert, soffice_path  # noqa: E402


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture workbooks as built (never modified): xlsx and xlsm."""
    d = tmp_path_factory.mktemp("pristine")
    return {
        "xlsx": build_book(d / "book.xlsx"),
        "xlsm": build_book(d / "book.xlsm", macro=True),
    }


@pytest.fixture(scope="session")
def pristine_lo(pristine: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The xlsx fixture re-saved by LibreOffice (`soffice --convert-to xlsx`)."""
    d = tmp_path_factory.mktemp("lo-resaved")
    src = d / "src" / "book_lo.xlsx"
    src.parent.mkdir()
    shutil.copyfile(pristine["xlsx"], src)
    (out,) = convert(src, "xlsx", d / "out")
    return out


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    return dst


@pytest.fixture
def book_xlsx(pristine: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(pristine["xlsx"], tmp_path)


@pytest.fixture
def book_xlsm(pristine: dict[str, Path], tmp_path: Path) -> Path:
    return _copy(pristine["xlsm"], tmp_path)


@pytest.fixture(
    params=[
        "xlsx",
        "xlsm",
        pytest.param("lo", marks=pytest.mark.libreoffice),
    ]
)
def any_book(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    """(kind, a fresh copy) for the xlsx, the xlsm and the LibreOffice-resaved fixture."""
    if request.param == "lo":
        return "lo", _copy(request.getfixturevalue("pristine_lo"), tmp_path)
    return request.param, _copy(request.getfixturevalue("pristine")[request.param], tmp_path)


def has_soffice() -> bool:
    return soffice_path() is not None
