"""Checking a freshly written package before it replaces the user's workbook.

`verify_written` re-opens the zip from disk and checks: every member's CRC, the expected
part names, well-formed XML for the parts that were edited or added and for every
relationship part, no relationship pointing at a missing part, every part covered by a
content type, and the workbook part's content type unchanged (an .xlsm stays
macro-enabled).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable

from xlkpi.io.errors import SaveFailed
from xlkpi.io.package import CT_PART, extension, resolve_target
from xlkpi.io.safe_zip import check_well_formed, parse_xml


def _fail(path: str, en: str, zh: str) -> SaveFailed:
    return SaveFailed(
        f"the new workbook failed its check ({en}); the original is unchanged",
        f"新工作簿未通过检查（{zh}）；原文件未改动",
        path=path,
    )


def verify_written(
    tmp: str,
    *,
    original: str,
    names: list[str],
    edited: Iterable[str],
    workbook_part: str,
    workbook_type: str,
) -> None:
    """Raise SaveFailed (naming `original`) when the package at `tmp` is not sound."""
    try:
        zf = zipfile.ZipFile(tmp)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(original, f"not a readable zip: {exc}", f"无法读取 zip：{exc}") from None
    with zf:
        bad = zf.testzip()
        if bad is not None:
            raise _fail(original, f"part {bad} is damaged", f"部件 {bad} 已损坏")
        got = zf.namelist()
        if got != names:
            raise _fail(original, "unexpected parts", "部件列表不符")
        present = {n.lower() for n in got}
        roots = {}
        for name in got:
            if name.endswith(".rels"):
                roots[name] = parse_xml(zf.read(name), name, original)
            elif name in edited and name.lower().endswith(".xml"):
                check_well_formed(zf.read(name), name, original)
        # relationships resolve
        for name, root in roots.items():
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")])
            for el in root:
                if el.get("TargetMode") == "External" or el.get("Target") is None:
                    continue
                target = resolve_target(source, el.get("Target", ""))
                if target.lower() not in present:
                    raise _fail(
                        original,
                        f"{name} points at missing part {target}",
                        f"{name} 指向不存在的部件 {target}",
                    )
        # content types
        ct = parse_xml(zf.read(CT_PART), CT_PART, original)
        defaults = {
            el.get("Extension", "").lower(): el.get("ContentType")
            for el in ct
            if isinstance(el.tag, str) and el.tag.endswith("Default")
        }
        overrides = {
            el.get("PartName", "").lstrip("/").lower(): el.get("ContentType")
            for el in ct
            if isinstance(el.tag, str) and el.tag.endswith("Override")
        }
        for name in got:
            if name == CT_PART or name.endswith("/"):
                continue
            ext = extension(name)
            if name.lower() not in overrides and ext not in defaults:
                raise _fail(
                    original, f"part {name} has no content type", f"部件 {name} 缺少内容类型"
                )
        if overrides.get(workbook_part.lower(), defaults.get("xml")) != workbook_type:
            raise _fail(original, "the workbook's content type changed", "工作簿内容类型被改变")
