"""Checking a freshly written package before it replaces the user's workbook.

`verify_written` re-opens the zip from disk and checks, inflating each member once:
every member's CRC, the expected
part names, well-formed XML for the parts that were edited or added and for every
relationship part, no relationship pointing at a missing part, every part covered by a
content type, and the workbook part's content type unchanged (an .xlsm stays
macro-enabled).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterable

from xlkpi.io.errors import SaveFailed, WorkbookError
from xlkpi.io.package import CT_PART, content_types_of, extension, resolve_target
from xlkpi.io.safe_zip import WellFormed, parse_xml

_CHUNK = 1024 * 1024


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
    """Raise SaveFailed (naming `original`) when the package at `tmp` is not sound.

    Every member is inflated once, in chunks: its CRC is checked at its end, and the
    chunks of an edited XML part go to expat on the way (no part is held in full except
    the small relationship parts and [Content_Types].xml, which are parsed).
    """
    edited = set(edited)
    try:
        zf = zipfile.ZipFile(tmp)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(original, f"not a readable zip: {exc}", f"无法读取 zip：{exc}") from None
    with zf:
        got = zf.namelist()
        kept: dict[str, bytes] = {}
        xml_error: Exception | None = None
        for info in zf.infolist():
            name = info.filename
            keep = name.endswith(".rels") or name == CT_PART
            check = (
                WellFormed(name, original)
                if name in edited and name.lower().endswith(".xml") and xml_error is None
                else None
            )
            parts: list[bytes] = []
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):  # the CRC is checked at the end
                        if keep:
                            parts.append(chunk)
                        if check is not None:
                            try:
                                check.feed(chunk)
                            except WorkbookError as exc:
                                xml_error, check = exc, None
                if check is not None:
                    check.close()
            except WorkbookError as exc:
                xml_error = exc
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
                raise _fail(original, f"part {name} is damaged", f"部件 {name} 已损坏") from None
            if keep:
                kept[name] = b"".join(parts)
        if got != names:
            raise _fail(original, "unexpected parts", "部件列表不符")
        if xml_error is not None:
            raise xml_error
        present = {n.lower() for n in got}
        roots = {
            name: parse_xml(data, name, original)
            for name, data in kept.items()
            if name.endswith(".rels")
        }
        # relationships resolve
        for name, root in roots.items():
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
        if CT_PART not in kept:
            raise _fail(original, "unexpected parts", "部件列表不符")
        defaults, overrides = content_types_of(parse_xml(kept[CT_PART], CT_PART, original))
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
