"""A part's new content held deflated, as its zip member will store it: a big sheet is
never held uncompressed in full."""

from __future__ import annotations

import queue
import threading
import zlib

_FEED = 1024 * 1024  # bytes of a part deflated at a time
#: zlib's fastest level: the sheets xlkpi rewrites are deflated 3× faster than at zipfile's
#: level 6 (a tenth of a whole run's time at 10,000 people) and come out a third bigger.
DEFLATE_LEVEL = 1


class DeflatedPart:
    """A part's new content, held only deflated (raw deflate, as a zip member stores it)."""

    __slots__ = ("chunks", "crc", "size", "compress_size")

    def __init__(self, chunks: list[bytes], crc: int, size: int) -> None:
        self.chunks = chunks
        self.crc = crc
        self.size = size
        self.compress_size = sum(map(len, chunks))

    def inflate(self) -> bytes:
        """The part's bytes."""
        d = zlib.decompressobj(-15)
        return b"".join(d.decompress(c) for c in self.chunks) + d.flush()


class PartDeflater:
    """Takes a part's new bytes piece by piece and keeps them only deflated (with CRC and
    size), so a big sheet is never held uncompressed in full.

    With `original`, output that is still identical to it is only compared, not kept;
    `close()` returns None when the whole output equals `original` (nothing changed).
    Deflated at DEFLATE_LEVEL (raw deflate, as a zip member stores it). A part bigger than
    one feed (1 MB) is deflated in a worker thread (zlib runs without the GIL), beside the
    Python work producing it.
    Call `close()` or, on failure, `abort()`.
    """

    def __init__(self, original: bytes | None = None) -> None:
        self._orig = original
        self._same = original is not None
        self._z = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        self._chunks: list[bytes] = []
        self._crc = 0
        self._buf: list[bytes] = []
        self._buffered = 0
        self._queue: queue.Queue[bytes | memoryview | None] | None = None
        self._worker: threading.Thread | None = None
        self._error: BaseException | None = None
        self.size = 0  # bytes received so far

    def write(self, data: bytes) -> None:
        """The next piece of the part."""
        self._buf.append(data)
        self._buffered += len(data)
        if self._buffered >= _FEED:
            self._flush(background=True)

    def write_all(self, pieces: list[bytes]) -> None:
        """The next pieces of the part, in order (as `write` of each, in one call)."""
        self._buf += pieces
        self._buffered += sum(map(len, pieces))
        if self._buffered >= _FEED:
            self._flush(background=True)

    def _flush(self, background: bool = False) -> None:
        if not self._buf:
            return
        data = self._buf[0] if len(self._buf) == 1 else b"".join(self._buf)
        self._buf = []
        self._buffered = 0
        if self._same:
            assert self._orig is not None
            if self._orig.startswith(data, self.size):
                self.size += len(data)
                return
            self._diverge(background)
        self._feed(data, background)
        self.size += len(data)

    def _diverge(self, background: bool) -> None:
        """The output stops matching the original: deflate the identical prefix."""
        self._same = False
        assert self._orig is not None
        view = memoryview(self._orig)
        for i in range(0, self.size, _FEED):
            self._feed(view[i : min(i + _FEED, self.size)], background)

    def _feed(self, data: bytes | memoryview, background: bool) -> None:
        if self._worker is None and background:
            self._queue = queue.Queue(maxsize=8)
            self._worker = threading.Thread(target=self._work, name="xlkpi-deflate", daemon=True)
            self._worker.start()
        if self._queue is not None:
            self._queue.put(data)
        else:
            self._deflate(data)

    def _deflate(self, data: bytes | memoryview) -> None:
        self._crc = zlib.crc32(data, self._crc)
        out = self._z.compress(data)
        if out:
            self._chunks.append(out)

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            data = self._queue.get()
            if data is None:
                return
            if self._error is None:
                try:
                    self._deflate(data)
                except BaseException as exc:  # handed to close(); keep draining the queue
                    self._error = exc

    def _stop(self) -> None:
        if self._worker is not None:
            assert self._queue is not None
            self._queue.put(None)
            self._worker.join()
            self._worker = None
            self._queue = None

    def abort(self) -> None:
        """Stop the worker and drop everything (the part is not needed after all)."""
        self._stop()
        self._chunks = []
        self._buf = []
        self._orig = None

    def close(self) -> DeflatedPart | None:
        """The part deflated, or None when it came out equal to the original."""
        try:
            self._flush()
            if self._same:
                assert self._orig is not None
                if self.size == len(self._orig):
                    return None
                self._diverge(False)  # a strict prefix of the original
        finally:
            self._stop()
        if self._error is not None:
            raise self._error
        self._chunks.append(self._z.flush())
        self._orig = None
        return DeflatedPart(self._chunks, self._crc, self.size)
