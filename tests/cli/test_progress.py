"""The progress display: quiet for quick work, one rewritten line on a terminal, a final
line only when the work took a while."""

from __future__ import annotations

import io

from xlkpi.cli.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(tty: bool, clock: Clock) -> tuple[Progress, io.StringIO]:
    out = io.StringIO()
    p = Progress(out, "xlkpi calculate", delay=0.5, tty=tty, clock=clock, tick=10)
    return p, out


def shown(tty: bool, *steps: tuple[tuple[str | int, ...], float]) -> str:
    """What the display writes for work that calls it with each step's arguments, then
    takes that step's seconds."""
    clock = Clock()
    p, out = make(tty, clock)
    with p:
        for args, seconds in steps:
            p(*args)
            clock.now += seconds
    return out.getvalue()


def test_quick_work_shows_nothing() -> None:
    assert shown(True, (("reading",), 0.2), (("writing",), 0.1)) == ""


def test_terminal_line_is_rewritten_then_replaced_by_a_final_line() -> None:
    text = shown(True, (("reading",), 0.6), (("assessing", 3, 10), 1.0), (("writing",), 0.4))
    assert "\r" in text and "assessing 3/10" in text and "\n" not in text.rstrip("\n")
    final = text.rsplit("\r", 1)[-1]
    assert final == "xlkpi calculate: done 2.0 s (reading 0.6 s, assessing 1.0 s, writing 0.4 s)\n"


def test_not_a_terminal_gives_only_the_final_line() -> None:
    assert shown(False, (("reading",), 3)) == "xlkpi calculate: done 3.0 s (reading 3.0 s)\n"


def test_no_final_line_when_the_work_failed() -> None:
    clock = Clock()
    p, out = make(False, clock)
    try:
        with p:
            clock.now += 3
            raise ValueError("boom")
    except ValueError:
        pass
    assert out.getvalue() == ""


def test_stream_without_isatty_counts_as_not_a_terminal() -> None:
    class Sink:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, s: str) -> None:
            self.parts.append(s)

        def flush(self) -> None:
            pass

    p = Progress(Sink(), "x")  # type: ignore[arg-type]
    assert p.tty is False
