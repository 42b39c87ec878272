"""`xlkpi send` without a server: dry runs, refusals, bad addresses, templates."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from books import attachment, cell_values, roster_cell, set_mail, set_roster

from xlkpi.cli.main import main
from xlkpi.delivery.deadline import appeal_deadline
from xlkpi.delivery.sendlog import read_log
from xlkpi.io.cells import Block, a1
from xlkpi.io.reader import XlsxBook, read_grids
from xlkpi.io.xlsx_writer import write_blocks
from xlkpi.workbook import layout


@pytest.fixture(autouse=True)
def _no_server(monkeypatch, tmp_path):
    for var in ("XLKPI_SMTP_HOST", "XLKPI_SMTP_PASSWORD", "XLKPI_SMTP_FROM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XLKPI_MAIL_CONFIG", str(tmp_path / "none.toml"))


def test_dry_run_writes_the_outbox_and_only_the_send_log(demo: Path, capsys):
    before = read_grids(demo)
    assert main(["send", str(demo), "--dry-run"]) == 0
    out = capsys.readouterr().out
    outbox = demo.parent / "demo-outbox"
    emls = sorted(outbox.glob("*.eml"))
    people = [p for p in emls if p.name.startswith("scorecard-")]
    assert len(people) == 30
    assert {p.name for p in emls} - {p.name for p in people} == {
        "team-pack-E1001.eml", "team-pack-E1002.eml", "team-pack-E1003.eml",
        "department-pack-E1001.eml",
    }  # fmt: skip
    assert "junjie.luo@example.com" in out  # every recipient, address and file is listed
    msg = message_from_bytes((outbox / "scorecard-E1006.eml").read_bytes(), policy=policy.default)
    filename, data = attachment(msg)
    assert "E1006" in filename and "E1006" in cell_values(data)[0]
    after = read_grids(demo)
    log_sheet = layout.sheet_name("send_log", "zh")
    assert set(after) - set(before) == {log_sheet}
    assert all(after[name] == grid for name, grid in before.items())
    records = read_log(XlsxBook(demo)).records
    assert len(records) == 34 and {r.status for r in records} == {"dry_run"}


def test_the_first_run_is_a_dry_run(demo: Path, capsys):
    assert main(["send", str(demo)]) == 0
    assert "首次运行为试运行" in capsys.readouterr().out
    assert len(list((demo.parent / "demo-outbox").glob("*.eml"))) == 34
    # the second run would send: without a mail server it says how to set one up
    assert main(["send", str(demo)]) == 2
    assert "尚未设置邮件服务器" in capsys.readouterr().err


def test_refuses_results_that_are_not_current(demo: Path, capsys):
    sheet, r, c = roster_cell(demo, "E1006", "bonus_base")
    write_blocks(demo, [Block(sheet, r, c, [[9999.0]])], backup=False)
    assert main(["send", str(demo), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "计算结果不是最新" in err and "!" in err  # names the cells that differ
    assert not (demo.parent / "demo-outbox").exists()


def test_refuses_a_workbook_with_errors(demo: Path, capsys):
    sheet, r, c = roster_cell(demo, "E1006", "position")
    write_blocks(demo, [Block(sheet, r, c, [["没有这个岗位"]])], backup=False)
    assert main(["send", str(demo), "--dry-run"]) == 2
    assert "不能发送" in capsys.readouterr().err


def test_bad_addresses_are_on_the_issues_sheet_and_not_sent(demo: Path, capsys):
    set_roster(demo, {("E1006", "email"): "lin juan@example", ("E1007", "email"): None})
    sheet, r, c = roster_cell(demo, "E1006", "email")
    assert main(["calculate", str(demo), "--no-backup"]) == 0
    issues = read_grids(demo)[layout.sheet_name("issues", "zh")]
    cells = {row[2] for row in issues if row and len(row) > 2}
    _, r7, _ = roster_cell(demo, "E1007", "email")
    assert {f"{sheet}!{a1(r, c)}", f"{sheet}!{a1(r7, c)}"} <= cells
    capsys.readouterr()
    assert main(["send", str(demo), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert f"{sheet}!{a1(r, c)}" in err and "E1007" in err
    outbox = demo.parent / "demo-outbox"
    assert not (outbox / "scorecard-E1006.eml").exists()
    assert len(list(outbox.glob("scorecard-*.eml"))) == 28
    skipped = [x.id for x in read_log(XlsxBook(demo)).records if x.status == "skipped"]
    assert sorted(skipped) == ["E1006", "E1007"]


def test_an_unknown_placeholder_names_its_cell(demo: Path, capsys):
    cell = set_mail(demo, "person_subject", "{period}结果 {奖金}")
    assert main(["send", str(demo), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert cell in err and "{奖金}" in err


def test_templates_fill_in_both_languages(demo_en: Path, capsys):
    set_mail(demo_en, "person_subject", "Results {period} for {姓名}, grade {grade}")
    assert main(["send", str(demo_en), "--dry-run"]) == 0
    outbox = demo_en.parent / "demo-en-outbox"
    msg = message_from_bytes((outbox / "scorecard-E1006.eml").read_bytes(), policy=policy.default)
    assert str(msg["Subject"]).startswith("Results 2026-03 for Lin Juan, grade ")
    assert "Dear Lin Juan" in msg.get_body().get_content()


@pytest.mark.parametrize(
    ("published", "days", "deadline"),
    [
        # Qingming 2026 is Sat 4 April to Mon 6 April: Tue 7 and Wed 8 are the two days
        (dt.date(2026, 4, 3), 2, dt.date(2026, 4, 8)),
        (dt.date(2026, 4, 1), 2, dt.date(2026, 4, 3)),  # Wednesday -> Friday
        (dt.date(2026, 4, 4), 1, dt.date(2026, 4, 7)),  # Saturday -> Tuesday (holiday Monday)
        (dt.date(2026, 3, 13), 2, dt.date(2026, 3, 17)),  # an ordinary Friday -> Tuesday
        # National Day: 1-7 October off, Sat 10 October a make-up working day
        (dt.date(2026, 9, 30), 2, dt.date(2026, 10, 9)),
        (dt.date(2026, 10, 8), 2, dt.date(2026, 10, 10)),  # Thu -> Fri, make-up Saturday
        (dt.date(2026, 4, 1), 0, dt.date(2026, 4, 1)),
    ],
)
def test_appeal_deadline_counts_working_days(published, days, deadline):
    assert appeal_deadline(published, days) == deadline


def test_every_rank_scope_has_words_on_the_scorecard():
    from xlkpi.delivery.texts import SCOPE_WORDS
    from xlkpi.workbook.layout import CHOICES

    assert set(SCOPE_WORDS) == set(CHOICES["scope"])
