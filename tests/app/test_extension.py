"""A new task (a later `send` preview or `overview`) is one page module listed in PAGES."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from appsite import Site
from starlette.routing import Route

from xlkpi.app import pages
from xlkpi.app.pages.common import message_page


def test_one_more_page_module_adds_its_route_and_panel(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def overview(request):  # noqa: ANN001, ANN202
        return message_page(request, 200, "overview of every workbook")

    page = types.SimpleNamespace(
        ROUTES=[Route("/overview", overview, methods=["GET"])],
        HOME_PANEL="panels/calculate.html",  # any panel template will do here
    )
    monkeypatch.setattr(pages, "PAGES", (*pages.PAGES, page))
    site = Site(folder)
    assert "overview of every workbook" in site.get("overview").text
    assert pages.home_panels()[-1] == "panels/calculate.html"
    assert site.client.get("/overview").status_code == 403  # guarded like every page
