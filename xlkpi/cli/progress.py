"""A progress display on stderr for work that takes more than a moment.

On a terminal: nothing for the first `delay` seconds, then a single line rewritten in place
(`xlkpi calculate · writing results · 3.4 s`), replaced at the end by one final line. When
stderr is not a terminal (a pipe, a log file, a CI job) nothing is shown while the work
runs, only the final line, and only if the work took longer than `delay`. Progress never
goes to stdout, so `--json` output stays clean.

The callable matches the `progress` argument of `xlkpi.workbook.calculate.calculate`:
`progress(stage)` or `progress(stage, done, total)`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Progress:
    """Show stage names and elapsed time on stderr; use as a context manager.

    Args:
        stream: where to write (stderr).
        title: the command, e.g. "xlkpi calculate".
        stage_label: turns a stage name into the text shown (for translations).
        delay: seconds before anything is shown.
        tty: force terminal behaviour on or off; by default `stream.isatty()`.
        clock: a monotonic clock, replaceable in tests.
    """

    def __init__(
        self,
        stream: TextIO,
        title: str,
        *,
        stage_label: Callable[[str], str] = str,
        done_label: str = "done",
        delay: float = 0.5,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        tick: float = 0.1,
    ) -> None:
        self.stream = stream
        self.title = title
        self.stage_label = stage_label
        self.done_label = done_label
        self.delay = delay
        self.clock = clock
        self.tick = tick
        if tty is None:
            isatty = getattr(stream, "isatty", None)
            tty = bool(isatty and isatty())
        self.tty = tty
        self.stage = ""
        self.done: int | None = None
        self.total: int | None = None
        self.stages: list[tuple[str, float]] = []  # (stage, start time)
        self._start = clock()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._shown = False
        self._width = 0

    # -- the callback -------------------------------------------------------------------

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """Report that the work is at `stage` (done of total, when known)."""
        if stage == "done":  # the end of the work, not a stage of it
            return
        with self._lock:
            if stage != self.stage:
                self.stages.append((stage, self.clock()))
                self.stage = stage
            self.done, self.total = done, total
        self._draw()

    # -- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> Progress:
        self._start = self.clock()
        if self.tty:
            self._thread = threading.Thread(target=self._run, name="xlkpi-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(ok=exc_type is None)

    def close(self, ok: bool = True) -> None:
        """Stop redrawing and leave one final line if the work took longer than `delay`."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        elapsed = self.elapsed()
        with self._lock:
            if self._shown:
                self._clear()
            if ok and elapsed >= self.delay:
                self.stream.write(f"{self.title}: {self.done_label} {self.summary()}\n")
                self.stream.flush()

    def elapsed(self) -> float:
        """Seconds since the work started."""
        return self.clock() - self._start

    def summary(self) -> str:
        """'in 3.4 s (reading 0.5 s, scoring 2.1 s, writing 0.8 s)'."""
        end = self.clock()
        parts = []
        for i, (stage, start) in enumerate(self.stages):
            stop = self.stages[i + 1][1] if i + 1 < len(self.stages) else end
            parts.append(f"{self.stage_label(stage)} {stop - start:.1f} s")
        detail = f" ({', '.join(parts)})" if parts else ""
        return f"{end - self._start:.1f} s{detail}"

    # -- drawing --------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            self._draw()

    def line(self) -> str:
        """The progress line as shown now: spinner, title, stage, count and time."""
        elapsed = self.elapsed()
        spin = SPINNER[int(elapsed / self.tick) % len(SPINNER)]
        text = f"{spin} {self.title}"
        if self.stage:
            text += f" · {self.stage_label(self.stage)}"
        if self.done is not None and self.total:
            text += f" {self.done}/{self.total}"
        return f"{text} · {elapsed:.1f} s"

    def _draw(self) -> None:
        if not self.tty or self._stop.is_set() or self.elapsed() < self.delay:
            return
        with self._lock:
            text = self.line()
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self.stream.flush()
            self._width = len(text)
            self._shown = True

    def _clear(self) -> None:
        self.stream.write("\r" + " " * self._width + "\r")
        self.stream.flush()
        self._shown = False
