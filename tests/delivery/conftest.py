"""Fixtures for `xlkpi send`: the calculated demo workbook (zh and en), and a real SMTP
server (aiosmtpd) on loopback with STARTTLS, a certificate made here, and a login."""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import socket
import ssl
import sys
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

_HERE = Path(__file__).resolve().parent
for _folder in (_HERE, _HERE.parent):  # books.py; helpers/libreoffice.py
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from xlkpi.authoring.builder import build_workbook  # noqa: E402
from xlkpi.cli.main import main  # noqa: E402

USER, PASSWORD = "hr@example.com", "s3cret-App-Code"


@pytest.fixture(scope="session")
def calculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo workbook in both languages, built and calculated once."""
    root = tmp_path_factory.mktemp("demo")
    out = {}
    for lang in ("zh", "en"):
        path = root / f"demo-{lang}.xlsx"
        build_workbook("after-sales-department", lang, path, sample_data=True)
        assert main(["calculate", str(path), "--no-backup"]) == 0
        out[lang] = path
    return out


@pytest.fixture
def demo(calculated: dict[str, Path], tmp_path: Path) -> Path:
    """A fresh copy of the calculated Chinese demo workbook."""
    path = tmp_path / "demo.xlsx"
    shutil.copy(calculated["zh"], path)
    return path


@pytest.fixture
def demo_en(calculated: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "demo-en.xlsx"
    shutil.copy(calculated["en"], path)
    return path


# --- the SMTP server --------------------------------------------------------------------


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "xlkpi test mail server")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Server:
    """What the test server received, and switches to misbehave."""

    port: int
    cafile: Path
    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[list[str]] = field(default_factory=list)
    drop_at: int | None = None  # drop the connection when this many messages arrived...
    drops_left: int = 0  # ...this many times
    refuse: set[str] = field(default_factory=set)  # recipients refused with 550

    def env(self, monkeypatch: pytest.MonkeyPatch, *, password: str = PASSWORD) -> None:
        """Point `xlkpi send` at this server (STARTTLS, login) through the environment."""
        for k, v in {
            "XLKPI_SMTP_HOST": "127.0.0.1",
            "XLKPI_SMTP_PORT": str(self.port),
            "XLKPI_SMTP_SECURITY": "starttls",
            "XLKPI_SMTP_USER": USER,
            "XLKPI_SMTP_FROM": USER,
            "XLKPI_SMTP_FROM_NAME": "人力资源部",
            "XLKPI_SMTP_CAFILE": str(self.cafile),
            "XLKPI_SMTP_THROTTLE": "0",
            "XLKPI_SMTP_PASSWORD": password,
        }.items():
            monkeypatch.setenv(k, v)
        monkeypatch.setenv("XLKPI_MAIL_CONFIG", str(self.cafile.parent / "none.toml"))


class _Handler:
    def __init__(self, server: Server):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201
        if address in self.server.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        s = self.server
        if s.drop_at is not None and len(s.received) >= s.drop_at and s.drops_left > 0:
            s.drops_left -= 1
            server.transport.close()  # the connection is lost before the reply
            return "421 closing"
        s.received.append(message_from_bytes(envelope.content, policy=policy.default))
        s.envelopes.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def _authenticate(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
    from aiosmtpd.smtp import AuthResult

    ok = auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@pytest.fixture
def smtp_server(tmp_path: Path):  # noqa: ANN201
    """A real SMTP server on 127.0.0.1 requiring STARTTLS and a login."""
    pytest.importorskip("aiosmtpd", reason="aiosmtpd runs the test mail server")
    from aiosmtpd.controller import Controller

    cert, key = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Server(port, cert)
    controller = Controller(
        _Handler(server),
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
