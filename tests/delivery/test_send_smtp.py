"""`xlkpi send` against a real SMTP server on loopback (aiosmtpd, STARTTLS, login)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from books import attachment, cell_values, has, results

from xlkpi.cli.main import main
from xlkpi.delivery.sendlog import read_log
from xlkpi.io.reader import XlsxBook
from xlkpi.workbook.contacts import roster_contacts


def _send(path: Path, *args: str) -> int:
    return main(["send", str(path), *args])


def _sent(path: Path) -> list:
    return [r for r in read_log(XlsxBook(path)).records if r.status == "sent"]


def test_full_send_reaches_each_person_with_their_own_numbers(demo: Path, smtp_server, monkeypatch):
    smtp_server.env(monkeypatch)
    assert _send(demo) == 0  # the first run is a dry run
    assert smtp_server.received == []
    assert _send(demo) == 0
    contacts = roster_contacts(XlsxBook(demo))
    expected = results(demo)
    people = [m for m in smtp_server.received if "xlkpi.person." in m["Message-ID"]]
    assert len(people) == 30
    assert len(smtp_server.received) == 30 + 3 + 1  # three managers, one department head
    for msg in people:
        eid = msg["Message-ID"].split(".")[2]
        r = expected[eid]
        assert msg["To"].addresses[0].addr_spec == contacts[eid].email
        filename, data = attachment(msg)
        assert eid in filename and r.employee.name in filename
        texts, numbers = cell_values(data)
        assert eid in texts and r.employee.name in texts
        assert has(numbers, r.total)
        assert r.bonus is not None and has(numbers, float(r.bonus))
        assert r.grade in texts
    # a manager's pack holds exactly their team
    packs = {
        m["Message-ID"].split(".")[2]: m
        for m in smtp_server.received
        if ".manager." in m["Message-ID"]
    }
    team = {c.id for c in contacts.values() if c.manager == "E1002"}
    texts, _ = cell_values(attachment(packs["E1002"])[1])
    assert team and team <= texts
    assert not ({c.id for c in contacts.values()} - team - {"E1002"}) & texts
    # a third run sends nothing again
    assert _send(demo) == 0
    assert len(smtp_server.received) == 34
    assert len(_sent(demo)) == 34


def test_wrong_password_is_a_clear_error_and_sends_nothing(demo, smtp_server, monkeypatch, capsys):
    smtp_server.env(monkeypatch, password="wrong")
    assert _send(demo, "--dry-run") == 0
    capsys.readouterr()
    assert _send(demo) == 2
    err = capsys.readouterr().err
    assert "拒绝了 hr@example.com 的登录" in err and "未发送任何邮件" in err
    assert smtp_server.received == []
    assert _sent(demo) == []


def test_a_dropped_connection_resumes_without_duplicates(demo, smtp_server, monkeypatch, capsys):
    smtp_server.env(monkeypatch)
    assert _send(demo, "--dry-run") == 0
    smtp_server.drop_at, smtp_server.drops_left = 10, 2  # the drop, and the one retry
    assert _send(demo) == 2
    assert "连接中断" in capsys.readouterr().err
    assert len(smtp_server.received) == 10
    assert len(_sent(demo)) == 10
    assert _send(demo) == 0  # the second run finishes the batch
    ids = Counter(m["Message-ID"] for m in smtp_server.received)
    assert len(ids) == 34 and set(ids.values()) == {1}
    assert len(_sent(demo)) == 34


def test_test_to_sends_everything_to_one_address_only(demo, smtp_server, monkeypatch):
    smtp_server.env(monkeypatch)
    assert _send(demo, "--test-to", "boss@example.com") == 0
    assert len(smtp_server.received) == 34
    assert all(env == ["boss@example.com"] for env in smtp_server.envelopes)
    assert all(str(m["Subject"]).startswith("[测试]") for m in smtp_server.received)
    assert _sent(demo) == []  # a test send is not the real one


def test_a_refused_recipient_fails_alone(demo, smtp_server, monkeypatch, capsys):
    smtp_server.env(monkeypatch)
    assert _send(demo, "--dry-run") == 0
    contacts = roster_contacts(XlsxBook(demo))
    smtp_server.refuse = {contacts["E1007"].email}
    assert _send(demo) == 2
    out = capsys.readouterr().out
    assert "E1007" in out and "550" in out
    assert len(smtp_server.received) == 33
    failed = [r for r in read_log(XlsxBook(demo)).records if r.status == "failed"]
    assert [r.id for r in failed] == ["E1007"]
    smtp_server.refuse = set()
    assert _send(demo) == 0  # only the one that failed goes
    assert len(smtp_server.received) == 34


@pytest.mark.parametrize("security", ["ssl"])
def test_settings_refuse_a_password_in_the_file(tmp_path, security):
    from xlkpi.delivery.smtp import MailError, load_settings

    cfg = tmp_path / "xlkpi-mail.toml"
    cfg.write_text(
        f'[smtp]\nhost = "smtp.example.com"\nfrom = "hr@example.com"\nsecurity = "{security}"\n'
        'password = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(MailError, match="remove the password"):
        load_settings(cfg, environ={})
    cfg.write_text('[smtp]\nhost = "smtp.example.com"\nfrom = "hr@example.com"\n', encoding="utf-8")
    s = load_settings(cfg, environ={})
    assert (s.port, s.security, s.user) == (465, "ssl", "hr@example.com")
    with pytest.raises(MailError, match="must be encrypted"):
        load_settings(cfg, environ={"XLKPI_SMTP_SECURITY": "none"})


def test_changed_results_are_not_resent_silently(demo, smtp_server, monkeypatch, capsys):
    from books import roster_cell

    from xlkpi.io.cells import Block
    from xlkpi.io.xlsx_writer import write_blocks

    smtp_server.env(monkeypatch)
    assert _send(demo, "--dry-run") == 0
    assert _send(demo) == 0
    sheet, r, c = roster_cell(demo, "E1006", "bonus_base")
    write_blocks(demo, [Block(sheet, r, c, [[3100.0]])], backup=False)
    assert main(["calculate", str(demo), "--no-backup"]) == 0
    capsys.readouterr()
    assert _send(demo) == 0
    err = capsys.readouterr().err
    assert "E1006" in err and "--resend" in err  # listed, not sent
    assert len(smtp_server.received) == 34
    assert _send(demo, "--resend") == 0
    assert len(smtp_server.received) == 68
