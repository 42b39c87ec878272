"""A small writer for Compound File Binary files ([MS-CFB], version 3), the container of
`vbaProject.bin`.

Only what a VBA project needs: storages and streams in a tree, 512-byte sectors, a mini
stream for streams under 4096 bytes, and no DIFAT sectors (files up to ~7 MB). The output is
deterministic: timestamps and class ids are zero and entries are laid out in a fixed order,
so the same input always gives the same bytes.

Reading is left to `olefile`, which the tests use to check what this module writes.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
HEADER_DIFAT = 109  # FAT sector numbers kept in the header

FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF

_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


class CompoundFileError(ValueError):
    """The streams cannot be laid out (bad name, too large for this writer)."""


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    # filled in during layout
    sid: int = 0
    start: int = ENDOFCHAIN
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK


def _sort_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then case-insensitive (upper-cased) order."""
    return (len(name.encode("utf-16-le")), name.upper())


def _check_name(name: str) -> None:
    if not name or len(name) > 31 or any(c in name for c in "/\\:!"):
        raise CompoundFileError(f"invalid compound file entry name: {name!r}")


def _build_tree(streams: Mapping[str, bytes]) -> _Entry:
    root = _Entry("Root Entry", _ROOT)
    for path, data in streams.items():
        parts = path.split("/")
        for part in parts:
            _check_name(part)
        node = root
        for part in parts[:-1]:
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Entry(part, _STORAGE)
            elif child.kind != _STORAGE:
                raise CompoundFileError(f"{part!r} is both a stream and a storage")
            node = child
        if parts[-1] in node.children:
            raise CompoundFileError(f"duplicate entry {path!r}")
        node.children[parts[-1]] = _Entry(parts[-1], _STREAM, bytes(data))
    return root


def _link_siblings(entries: list[_Entry], depth: int, max_depth: int) -> int:
    """Make a balanced binary search tree of `entries` (already sorted); returns the root sid.

    Nodes on the deepest level are red, all others black: in a tree built by halving, every
    empty child slot is on the deepest level or just below it, so this colouring keeps every
    path to a leaf at the same black count and no red node has a red child.
    """
    if not entries:
        return NOSTREAM
    mid = len(entries) // 2
    node = entries[mid]
    node.color = _RED if depth == max_depth and depth > 0 else _BLACK
    node.left = _link_siblings(entries[:mid], depth + 1, max_depth)
    node.right = _link_siblings(entries[mid + 1 :], depth + 1, max_depth)
    return node.sid


def _tree_depth(n: int) -> int:
    """Depth of the deepest node of a halving-built tree of n nodes (root at depth 0)."""
    depth = -1
    while n > 0:
        depth += 1
        n //= 2
    return depth


def _pad(data: bytes, size: int) -> bytes:
    rest = len(data) % size
    return data if rest == 0 else data + b"\x00" * (size - rest)


def write_compound_file(streams: Mapping[str, bytes]) -> bytes:
    """Lay out streams as a compound file.

    Args:
        streams: stream path -> content; paths use "/" between storages, e.g. "VBA/dir".
            Storages are created as needed. Insertion order does not matter.
    Returns:
        The bytes of a version-3 compound file.
    Raises:
        CompoundFileError: for a bad entry name or more data than 109 FAT sectors cover.
    """
    root = _build_tree(streams)

    # Directory order: breadth-first from the root, children in CFB order. Deterministic.
    order: list[_Entry] = [root]
    i = 0
    while i < len(order):
        node = order[i]
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        for kid in kids:
            kid.sid = len(order)
            order.append(kid)
        i += 1
    for node in order:
        kids = sorted(node.children.values(), key=lambda e: _sort_key(e.name))
        node.child = _link_siblings(kids, 0, _tree_depth(len(kids)))

    # Small streams go to the mini stream, large ones get regular sectors.
    mini_fat: list[int] = []
    mini_stream = bytearray()
    large: list[_Entry] = []
    for node in order:
        if node.kind != _STREAM:
            continue
        if not node.data:
            node.start = ENDOFCHAIN
        elif len(node.data) < MINI_CUTOFF:
            first = len(mini_fat)
            count = -(-len(node.data) // MINI_SECTOR)
            mini_fat.extend(range(first + 1, first + count))
            mini_fat.append(ENDOFCHAIN)
            node.start = first
            mini_stream += _pad(node.data, MINI_SECTOR)
        else:
            large.append(node)

    fat: list[int] = []
    body = bytearray()

    def allocate(data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        first = len(fat)
        count = -(-len(data) // SECTOR)
        fat.extend(range(first + 1, first + count))
        fat.append(ENDOFCHAIN)
        body.extend(_pad(data, SECTOR))
        return first

    root.start = allocate(bytes(mini_stream))
    for node in large:
        node.start = allocate(node.data)

    dir_bytes = b"".join(_dir_entry(node, len(mini_stream)) for node in order)
    while len(dir_bytes) % SECTOR:
        dir_bytes += _empty_dir_entry()
    first_dir = allocate(dir_bytes)

    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat)
    if mini_fat:
        padded = _pad(mini_fat_bytes, SECTOR)
        mini_fat_bytes = padded[: len(mini_fat_bytes)] + b"\xff" * (
            len(padded) - len(mini_fat_bytes)
        )
    first_mini_fat = allocate(mini_fat_bytes) if mini_fat else ENDOFCHAIN
    mini_fat_sectors = -(-len(mini_fat_bytes) // SECTOR)

    # The FAT describes itself too: grow it until it covers every sector including its own.
    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    if fat_sectors > HEADER_DIFAT:
        raise CompoundFileError("compound file too large for a header-only DIFAT")
    first_fat = len(fat)
    fat.extend([FATSECT] * fat_sectors)
    fat.extend([FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat)))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)

    difat = list(range(first_fat, first_fat + fat_sectors))
    difat += [FREESECT] * (HEADER_DIFAT - len(difat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        _SIGNATURE,
        b"\x00" * 16,
        0x003E,  # minor version
        0x0003,  # major version 3: 512-byte sectors
        0xFFFE,  # little-endian
        9,  # sector shift: 2**9 = 512
        6,  # mini sector shift: 2**6 = 64
        b"\x00" * 6,
        0,  # directory sectors: always 0 in version 3
        fat_sectors,
        first_dir,
        0,  # transaction signature
        MINI_CUTOFF,
        first_mini_fat,
        mini_fat_sectors,
        ENDOFCHAIN,  # first DIFAT sector: none
        0,  # DIFAT sectors
    ) + struct.pack(f"<{HEADER_DIFAT}I", *difat)
    assert len(header) == SECTOR
    return header + bytes(body) + fat_bytes


def _dir_entry(node: _Entry, mini_stream_size: int) -> bytes:
    name = node.name.encode("utf-16-le") + b"\x00\x00"
    if node.kind == _ROOT:
        size = mini_stream_size
    elif node.kind == _STREAM:
        size = len(node.data)
    else:
        size = 0
    start = node.start if node.kind != _STORAGE else 0
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        node.kind,
        node.color,
        node.left,
        node.right,
        node.child,
        b"\x00" * 16,  # CLSID
        0,  # state bits
        0,  # creation time
        0,  # modified time
        start,
        size,
    )


def _empty_dir_entry() -> bytes:
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        b"",
        0,
        0,
        0,
        NOSTREAM,
        NOSTREAM,
        NOSTREAM,
        b"\x00" * 16,
        0,
        0,
        0,
        0,
        0,
    )
