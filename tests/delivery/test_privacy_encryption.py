"""Nobody sees anybody else's numbers: every part of every file is searched for every
other person's ID, name and distinctive figures; encrypted files open with their
password only (msoffcrypto-tool and LibreOffice)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from books import all_text, attachment, cell_values, has, results, set_mail, set_roster

from helpers.libreoffice import REQUIRE_ENV, require_soffice
from xlkpi.cli.main import main
from xlkpi.delivery import batch
from xlkpi.delivery.cards import Card, load
from xlkpi.delivery.encrypt import decrypt_workbook
from xlkpi.io.reader import XlsxBook

LO_OPEN = Path(__file__).resolve().parent.parent / "helpers" / "lo_open.py"


def _tokens(card: Card) -> set[str]:
    """What would identify this person in somebody else's file."""
    out = {card.id, card.name}
    for money in (card.bonus, card.pay):
        if money is not None:
            out |= {str(float(money)), f"{money:,.2f}"}
    if card.total is not None and round(card.total, 1) != card.total:
        out.add(repr(card.total))  # two decimals: distinctive enough not to occur by chance
    return out


def _leaks(text: str, own: list[Card], everyone: dict[str, Card]) -> list[str]:
    """Other people's IDs, names and figures found in `text` (the own cards' values, and
    the names of their reviewers and approvers, who are shown by name, are allowed)."""
    allowed = set().union(*(_tokens(c) for c in own))
    allowed |= {n for c in own for n in (c.reviewer, c.approver) if n}
    own_repr = repr(own)
    hits = []
    for eid, card in everyone.items():
        if any(c.id == eid for c in own):
            continue
        for token in _tokens(card) - allowed:
            if token in text and token not in own_repr:
                hits.append(f"{eid}:{token}")
    return hits


def _owners(item: batch.Item, delivery) -> list[Card]:  # noqa: ANN001
    from xlkpi.delivery.packs import team_of

    if item.kind == "person":
        return [delivery.cards[item.id]]
    if item.kind == "manager":
        return [delivery.cards[e] for e in team_of(item.id, delivery.contacts)]
    return list(delivery.cards.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_file_holds_anybody_elses_data(calculated, lang):
    delivery = load(XlsxBook(calculated[lang]))
    items = batch.plan(delivery)
    assert len([i for i in items if i.kind == "person"]) == 30
    for item in items:
        with zipfile.ZipFile(io.BytesIO(item.data)) as zf:  # every part, shared strings too
            assert not [n for n in zf.namelist() if "vba" in n.lower() or "calcChain" in n]
        own = _owners(item, delivery)
        assert _leaks(all_text(item.data), own, delivery.cards) == [], item.filename
        if item.kind != "department":
            assert len(own) < len(delivery.cards)


def _encrypted_demo(demo: Path) -> dict[str, str]:
    ids = list(results(demo))
    passwords = {eid: f"pw-{eid}-{i * 7919 % 1000:03d}" for i, eid in enumerate(ids)}
    set_roster(demo, {(eid, "password"): pw for eid, pw in passwords.items()})
    set_mail(demo, "encrypt", "是")
    return passwords


def test_encrypted_attachments_open_with_their_password_only(demo: Path, monkeypatch, tmp_path):
    monkeypatch.setenv("XLKPI_MAIL_CONFIG", str(tmp_path / "none.toml"))
    passwords = _encrypted_demo(demo)
    assert main(["send", str(demo), "--dry-run"]) == 0
    delivery = load(XlsxBook(demo))
    expected = results(demo)
    outbox = demo.parent / "demo-outbox"
    emls = sorted(outbox.glob("*.eml"))
    assert len(emls) == 34
    for path in emls:
        raw = path.read_bytes()
        msg = message_from_bytes(raw, policy=policy.default)
        kind, eid = msg["Message-ID"].split(".")[1:3]
        name, data = attachment(msg)
        assert not zipfile.is_zipfile(io.BytesIO(data))  # an encrypted OLE file, not a zip
        assert passwords[eid].encode() not in raw  # never in the same e-mail
        with pytest.raises(Exception):  # noqa: B017 - msoffcrypto's own error types
            decrypt_workbook(data, passwords[eid] + "x")
        plain = decrypt_workbook(data, passwords[eid])
        own = _owners(batch.Item(kind, eid, "", "", "", b"", "", "", ""), delivery)
        assert _leaks(all_text(plain), own, delivery.cards) == [], name
        if kind == "person":
            texts, numbers = cell_values(plain)
            assert eid in texts and has(numbers, expected[eid].total)
    log_text = all_text(demo.read_bytes())
    assert not [pw for pw in passwords.values() if log_text.count(pw) > 1]  # only the roster


@pytest.mark.libreoffice
def test_libreoffice_opens_an_encrypted_scorecard_with_the_password_only(demo: Path, tmp_path):
    require_soffice()
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail("python3-uno is required to open encrypted files in LibreOffice")
        pytest.skip("python3-uno (LibreOffice's Python bridge) is not installed")
    delivery = load(XlsxBook(demo))
    item = next(i for i in batch.plan(delivery) if i.id == "E1006" and i.kind == "person")
    item.password = "开门-Sesame-6"
    path = tmp_path / "locked.xlsx"
    path.write_bytes(item.attachment(True))

    def lo(*args: str) -> str:
        proc = subprocess.run(
            [python, str(LO_OPEN), str(path), *args], capture_output=True, text=True, timeout=240
        )
        return proc.stdout.strip()

    assert lo("开门-Sesame-6").startswith("OPENED E1006")
    assert lo() == "REFUSED"
    assert lo("wrong") == "REFUSED"


@pytest.mark.parametrize("template", ["repair-technicians", "automotive-after-sales"])
def test_pay_breakdowns_hold_nobody_elses_data(template, tmp_path):
    """Piece-rate teams and formula pay: the breakdown shows team figures and the person's
    own inputs, never a teammate's ID, name or amount."""
    from xlkpi.authoring.builder import build_workbook

    path = tmp_path / f"{template}.xlsx"
    build_workbook(template, "zh", path, sample_data=True)
    assert main(["calculate", str(path), "--no-backup"]) == 0
    delivery = load(XlsxBook(path))
    assert delivery.ready and any(c.pay is not None for c in delivery.cards.values())
    for item in batch.plan(delivery):
        own = _owners(item, delivery)
        assert _leaks(all_text(item.data), own, delivery.cards) == [], item.filename
