"""The shipped files are what the code builds, byte for byte, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from parts import parts

from helpers.templates import REPO, macro_available
from xlkpi.authoring import TEMPLATES, MacroUnavailable, build_workbook
from xlkpi.authoring.builder import DEMO_NAME, template_file
from xlkpi.catalog import POSITIONS
from xlkpi.workbook.layout import LANGS

COMMITTED = sorted(
    [*(REPO / "templates").glob("*.xls[xm]"), *(REPO / "workbooks").glob("*.xls[xm]")]
)


def _expected_files(macro: bool) -> set[str]:
    variants = (False, True) if macro else (False,)
    names = {
        f"templates/{template_file(n, lang, macro=m)}"
        for n in TEMPLATES
        for lang in LANGS
        for m in variants
    }
    names |= {f"workbooks/{DEMO_NAME}.{'xlsm' if m else 'xlsx'}" for m in variants}
    return names


def test_every_seed_position_has_a_template_and_the_department_combines_several():
    singles = {spec.positions[0] for spec in TEMPLATES.values() if len(spec.positions) == 1}
    # the seed-weights manager exists to test the 110% check, not to be shipped
    assert singles == set(POSITIONS) - {"cs_manager_seed"}
    department = TEMPLATES["after-sales-department"]
    assert len(department.positions) >= 4
    for spec in TEMPLATES.values():
        assert spec.title("zh") and spec.title("en") and spec.title("zh") != spec.title("en")
        assert spec.description("zh") and spec.description("en")


def test_the_committed_files_are_exactly_the_built_set():
    committed = {str(p.relative_to(REPO)) for p in COMMITTED}
    assert committed == _expected_files(macro=True), (
        "templates/ or workbooks/ is out of date: run `make templates`"
    )


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_rebuilding_gives_the_committed_file(path: Path, built: Path):
    if path.suffix == ".xlsm" and not macro_available():
        pytest.skip("the VBA project cannot be built here (xlwings missing)")
    rebuilt = built / path.relative_to(REPO)
    old, new = parts(path), parts(rebuilt)
    assert sorted(old) == sorted(new), "parts added or removed: run `make templates`"
    changed = [name for name in old if old[name] != new[name]]
    assert not changed, (
        f"{path.name}: parts differ from a fresh build: {changed}; run `make templates`"
    )
    assert path.read_bytes() == rebuilt.read_bytes()  # fixed dates: the zip itself is stable


def test_two_builds_are_byte_identical(tmp_path: Path):
    a = build_workbook("call-centre-agent", "en", tmp_path / "a.xlsx", sample_data=True)
    b = build_workbook("call-centre-agent", "en", tmp_path / "b.xlsx", sample_data=True)
    assert a.read_bytes() == b.read_bytes()


def test_fixed_document_properties():
    core = parts(REPO / "templates" / "cs-manager-zh.xlsx")["docProps/core.xml"].decode()
    assert (
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>' in core
    )
    assert "客户服务部经理绩效考核表" in core


def test_unknown_template_or_language_is_refused(tmp_path: Path):
    with pytest.raises(KeyError):
        build_workbook("no-such-template", "zh", tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="language"):
        build_workbook("cs-manager", "fr", tmp_path / "x.xlsx")


def test_macro_variant_needs_the_vba_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import xlkpi.excel.vba as vba

    def broken() -> bytes:
        raise vba.VbaBuildError("xlwings is not installed")

    monkeypatch.setattr(vba, "vba_project_bytes", broken)
    with pytest.raises(MacroUnavailable, match="xlwings is not installed"):
        build_workbook("cs-manager", "zh", tmp_path / "x.xlsm", macro=True)
    assert not (tmp_path / "x.xlsm").exists()


@pytest.mark.skipif(not macro_available(), reason="the VBA project cannot be built here")
@pytest.mark.parametrize("lang", LANGS)
def test_xlsm_is_macro_enabled_with_calculate_buttons(lang: str):
    from xlkpi.excel.vba import MACRO_NAME, vba_project_bytes

    p = parts(REPO / "templates" / f"after-sales-department-{lang}.xlsm")
    assert "macroEnabled" in p["[Content_Types].xml"].decode()
    assert p["xl/vbaProject.bin"] == vba_project_bytes()
    buttons = [
        n
        for n, data in p.items()
        if n.startswith("xl/drawings/vmlDrawing") and f"[0]!{MACRO_NAME}".encode() in data
    ]
    # guide, settings, five data sheets, form
    assert len(buttons) == 8
    demo = parts(REPO / "workbooks" / f"{DEMO_NAME}.xlsm")
    assert demo["xl/vbaProject.bin"] == vba_project_bytes()
