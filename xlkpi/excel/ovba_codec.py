"""The byte-level encodings of a VBA project ([MS-OVBA]): the compression of the dir
stream and module sources (2.4.1), and the light obfuscation of the PROJECT stream's
protection values (2.4.3). `ovba` builds and reads projects with them.
"""

from __future__ import annotations

import struct


class VbaFormatError(ValueError):
    """The bytes are not a VBA project this module understands."""


# ---------------------------------------------------------------------------------------
# Compression ([MS-OVBA] 2.4.1): 4096-byte chunks of literal bytes and copy tokens
# ---------------------------------------------------------------------------------------

CHUNK = 4096
_MIN_MATCH = 3


def _copy_token_bits(difference: int) -> int:
    """Bits of a copy token used for the offset, given the bytes already decompressed
    in the current chunk ([MS-OVBA] 2.4.1.3.19.1)."""
    return max((difference - 1).bit_length(), 4)


def decompress(data: bytes) -> bytes:
    """Decompress a CompressedContainer.

    Raises:
        VbaFormatError: when the signature byte or a chunk header is wrong.
    """
    if not data or data[0] != 0x01:
        raise VbaFormatError("compressed container does not start with signature 0x01")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise VbaFormatError("truncated chunk header")
        (header,) = struct.unpack_from("<H", data, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0x7 != 0b011:
            raise VbaFormatError(f"bad chunk signature at byte {pos}")
        compressed = bool(header & 0x8000)
        end = min(pos + size, len(data))
        pos += 2
        chunk_start = len(out)
        if not compressed:
            out += data[pos : pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags & (1 << bit):
                    out.append(data[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", data, pos)
                pos += 2
                bits = _copy_token_bits(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                if offset > len(out) - chunk_start:
                    raise VbaFormatError("copy token points before the chunk")
                src = len(out) - offset
                for k in range(length):  # may overlap its own output
                    out.append(out[src + k])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    """Compress one chunk (<= 4096 bytes) to its CompressedChunkData."""
    out = bytearray()
    pos = 0
    n = len(chunk)
    recent: dict[bytes, list[int]] = {}  # 3-byte prefix -> positions, oldest first
    while pos < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            bits = _copy_token_bits(pos) if pos else 4
            max_len = (0xFFFF >> bits) + 3
            best_len, best_off = 0, 0
            if pos and pos + _MIN_MATCH <= n:
                for cand in reversed(recent.get(chunk[pos : pos + _MIN_MATCH], ())):
                    length = _MIN_MATCH
                    limit = min(max_len, n - pos)
                    while length < limit and chunk[cand + length] == chunk[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= _MIN_MATCH:
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_len
            else:
                out.append(chunk[pos])
                step = 1
            for k in range(pos, pos + step):
                if k + _MIN_MATCH <= n:
                    recent.setdefault(chunk[k : k + _MIN_MATCH], []).append(k)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """Compress bytes into a CompressedContainer (deterministic)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) > CHUNK and len(chunk) == CHUNK:
            # Incompressible full chunk: stored raw, header size field 4095 (4098 - 3).
            out += struct.pack("<H", 0x3000 | (CHUNK + 2 - 3))
            out += chunk
            continue
        if len(packed) + 2 > CHUNK + 2:
            raise VbaFormatError("a short final chunk does not compress into 4098 bytes")
        out += struct.pack("<H", 0xB000 | (len(packed) + 2 - 3))
        out += packed
    return bytes(out)


# ---------------------------------------------------------------------------------------
# PROJECT stream obfuscation ([MS-OVBA] 2.4.3): CMG, DPB and GC values
# ---------------------------------------------------------------------------------------


def _project_key(project_id: str) -> int:
    return sum(project_id.encode("ascii")) & 0xFF


def encrypt_project_value(data: bytes, project_id: str, seed: int) -> str:
    """Obfuscate `data` for the PROJECT stream; returns upper-case hex.

    Args:
        data: the plain bytes (4 bytes of protection state, the password, or visibility).
        project_id: the project's ID exactly as written in the stream, e.g. "{...}".
        seed: one byte; fixed by callers that want reproducible output.
    """
    seed &= 0xFF
    key = _project_key(project_id)
    out = bytearray([seed, seed ^ 2, seed ^ key])
    unencrypted_1 = key
    encrypted_1 = seed ^ key
    encrypted_2 = seed ^ 2

    def emit(byte: int) -> None:
        nonlocal unencrypted_1, encrypted_1, encrypted_2
        enc = (byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)) & 0xFF
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte

    for _ in range((seed & 6) // 2):
        emit(0)  # ignored bytes; any value is allowed
    for byte in struct.pack("<I", len(data)) + data:
        emit(byte)
    return out.hex().upper()


def decrypt_project_value(text: str) -> tuple[bytes, int]:
    """Undo `encrypt_project_value`; returns (data, project key).

    Raises:
        VbaFormatError: when the version byte is wrong or the value is truncated.
    """
    raw = bytes.fromhex(text)
    if len(raw) < 3:
        raise VbaFormatError("obfuscated value too short")
    seed = raw[0]
    if raw[1] ^ seed != 2:
        raise VbaFormatError("obfuscated value has the wrong version")
    key = raw[2] ^ seed
    unencrypted_1 = key
    encrypted_1 = raw[2]
    encrypted_2 = raw[1]
    plain = bytearray()
    for enc in raw[3:]:
        byte = (enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)) & 0xFF
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    ignored = (seed & 6) // 2
    body = plain[ignored:]
    if len(body) < 4:
        raise VbaFormatError("obfuscated value truncated")
    (length,) = struct.unpack_from("<I", body)
    data = bytes(body[4 : 4 + length])
    if len(data) != length:
        raise VbaFormatError("obfuscated value truncated")
    return data, key
