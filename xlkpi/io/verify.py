"""Checking a freshly written package before it replaces the user's workbook.

`verify_written` re-reads the zip from disk and checks, inflating each member once:
every member's CRC (a member copied unchanged from the original, which was inflated and
CRC-checked when it was opened, is compared with the original's stored bytes instead),
the expected part names, well-formed XML for the parts that were edited or added and for every
relationship part, no relationship pointing at a missing part, every part covered by a
content type, and the workbook part's content type unchanged (an .xlsm stays
macro-enabled).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable

from xlkpi.io.errors import SaveFailed, WorkbookError
from xlkpi.io.parts import CT_PART, content_types_of, extension, resolve_target
from xlkpi.io.safe_zip import CheckedPackage, WellFormed, parse_xml
from xlkpi.io.zip_writer import stored_span

_CHUNK = 1024 * 1024


def _fail(path: str, en: str, zh: str) -> SaveFailed:  # the new file, never the original
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
    checked: CheckedPackage | None = None,
) -> list[tuple[str, str]]:
    """Raise SaveFailed (naming `original`) when the package at `tmp` is not sound.

    Only problems the write introduces fail it: a problem the original already had (a
    stray part without a content type, a relationship to a missing part) is kept as it
    was and returned, (English, Chinese), so the caller can mention it once.

    Every member is inflated once, in chunks: its CRC is checked at its end, and the
    chunks of an edited XML part go to expat on the way (no part is held in full except
    the small relationship parts and [Content_Types].xml, which are parsed). With
    `checked`, the original package as opened with its deep check (every member inflated
    and its CRC checked then), a member copied unchanged is instead compared with the
    original's: the very bytes stored, with the same CRC, sizes and compression, were
    checked already; inflating them again would only repeat that check.
    """
    edited = set(edited)
    try:
        with open(tmp, "rb") as fh:
            data = fh.read()
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise _fail(original, f"not a readable zip: {exc}", f"无法读取 zip：{exc}") from None
    with zf:
        got = zf.namelist()
        copied = _copied_members(data, zf, checked, edited) if checked is not None else set()
        kept, xml_error = _inflate_members(zf, edited, original, copied)
        if got != names:
            raise _fail(original, "unexpected parts", "部件列表不符")
        if xml_error is not None:
            raise xml_error
        if CT_PART not in kept:
            raise _fail(original, "unexpected parts", "部件列表不符")
        found = package_problems(got, kept, original)
        # the original is read again only when the new file has something to excuse
        kept_as_they_were = _problems_of_original(original) if found else []
        introduced = [p for p in found if p not in kept_as_they_were]
        if introduced:
            raise _fail(original, *introduced[0])
        defaults, overrides = content_types_of(parse_xml(kept[CT_PART], CT_PART, original))
        if overrides.get(workbook_part.lower(), defaults.get("xml")) != workbook_type:
            raise _fail(original, "the workbook's content type changed", "工作簿内容类型被改变")
        return found


def _copied_members(
    data: bytes, zf: zipfile.ZipFile, checked: CheckedPackage, edited: set[str]
) -> set[str]:
    """The members of the new package (`data`, `zf`) stored exactly as in the original
    `checked`: same compressed bytes, CRC, sizes and compression. The parts kept for
    parsing (relationships, content types) are left out: they are read anyway."""
    same: set[str] = set()
    for info in zf.infolist():
        name = info.filename
        if name in edited or name.endswith(".rels") or name == CT_PART:
            continue
        try:
            old = checked.zip.getinfo(name)
        except KeyError:
            continue
        fields = (info.CRC, info.file_size, info.compress_size, info.compress_type)
        if fields != (old.CRC, old.file_size, old.compress_size, old.compress_type):
            continue
        # (both spans are compress_size long, compared equal above)
        new, was = stored_span(data, info), stored_span(checked.data, old)
        if new is None or was is None:
            continue
        # (compared in place: slices of a few MB would cost more than the comparison)
        if data.startswith(memoryview(checked.data)[was[0] : was[1]], new[0]):
            same.add(name)
    return same


def _inflate_members(
    zf: zipfile.ZipFile, edited: set[str], original: str, copied: set[str]
) -> tuple[dict[str, bytes], Exception | None]:
    """Inflate every member but the `copied` ones once (its CRC is checked at its end),
    feeding the edited XML parts to expat on the way: (the .rels parts and
    [Content_Types].xml, the first XML error or None).

    An edited part is checked whole, not only the cells spliced into it: new fragments
    that are well-formed on their own still break the part when a splice lands in the
    wrong place (inside a tag, between a row's cells and its end), which is what this
    check is for. Cheaper checking comes from writing fewer bytes (cellxml)."""
    kept: dict[str, bytes] = {}
    xml_error: Exception | None = None
    for info in zf.infolist():
        name = info.filename
        if name in copied:  # compared with the original's checked bytes instead
            continue
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
    return kept, xml_error


def package_problems(names: list[str], kept: dict[str, bytes], path: str) -> list[tuple[str, str]]:
    """Relationships pointing at missing parts and parts without a content type, as
    (English, Chinese) descriptions. `kept` holds the .rels parts and [Content_Types].xml.

    A target starting with '#' is a place inside the workbook (Excel writes hyperlinks on
    pictures and shapes so, without TargetMode), not a part.
    """
    found: list[tuple[str, str]] = []
    present = {n.lower() for n in names}
    for name, data in kept.items():
        if not name.endswith(".rels"):
            continue
        root = parse_xml(data, name, path)
        folder = posixpath.dirname(posixpath.dirname(name))
        source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")])
        for el in root:
            target = el.get("Target") if isinstance(el.tag, str) else None
            if el.get("TargetMode") == "External" or not target or target.startswith("#"):
                continue
            part = resolve_target(source, target)
            if part.lower() not in present:
                found.append(
                    (f"{name} points at missing part {part}", f"{name} 指向不存在的部件 {part}")
                )
    if CT_PART in kept:
        defaults, overrides = content_types_of(parse_xml(kept[CT_PART], CT_PART, path))
        for name in names:
            if name == CT_PART or name.endswith("/"):
                continue
            if name.lower() not in overrides and extension(name) not in defaults:
                found.append((f"part {name} has no content type", f"部件 {name} 缺少内容类型"))
    return found


def _problems_of_original(path: str) -> list[tuple[str, str]]:
    """`package_problems` of the workbook about to be replaced: kept as they are."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            kept = {n: zf.read(n) for n in names if n.endswith(".rels") or n == CT_PART}
        return package_problems(names, kept, path)
    except (zipfile.BadZipFile, zlib.error, OSError, WorkbookError):
        return []
