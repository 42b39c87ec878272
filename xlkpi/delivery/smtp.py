"""The mail server: settings from a config file and the environment, and the connection.

Settings (TOML, `[smtp]` table), each overridable by an environment variable:

    host       XLKPI_SMTP_HOST       e.g. smtp.exmail.qq.com
    port       XLKPI_SMTP_PORT       465 for SSL, 587 for STARTTLS (the defaults)
    security   XLKPI_SMTP_SECURITY   ssl | starttls | none (none: this computer only)
    user       XLKPI_SMTP_USER       the login (default: the From address)
    from       XLKPI_SMTP_FROM       the sender's address
    from_name  XLKPI_SMTP_FROM_NAME  the sender's name, e.g. 人力资源部
    cafile     XLKPI_SMTP_CAFILE     a CA certificate to trust (a company's own CA)
    throttle   XLKPI_SMTP_THROTTLE   seconds between messages (default 1)

The password is never in the file or the workbook: XLKPI_SMTP_PASSWORD, else a prompt.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import smtplib
import ssl
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

CONFIG_NAME = "xlkpi-mail.toml"
SECURITY = ("ssl", "starttls", "none")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class MailError(Exception):
    """A mail problem the user can fix, in both languages."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en, self.zh = en, zh

    def message(self, lang: str) -> str:
        """The message in `lang`."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server and whom mail comes from; `source` names the file read."""

    host: str
    port: int
    security: str
    user: str
    sender: str
    sender_name: str = ""
    cafile: str | None = None
    throttle: float = 1.0
    timeout: float = 30.0
    source: str = ""  # the config file read, if any


def config_candidates(workbook: Path | None, environ: Mapping[str, str]) -> list[Path]:
    """Where settings are looked for, first found wins."""
    out = []
    if environ.get("XLKPI_MAIL_CONFIG"):
        out.append(Path(environ["XLKPI_MAIL_CONFIG"]))
    if workbook is not None:
        out.append(workbook.resolve().parent / CONFIG_NAME)
    out.append(Path.home() / ".config" / "xlkpi" / "mail.toml")
    return out


def load_settings(
    config: Path | None = None,
    *,
    workbook: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> SmtpSettings:
    """The mail server settings.

    Args:
        config: a settings file given on the command line (must exist).
        workbook: the workbook sent from (its folder may hold xlkpi-mail.toml).
        environ: the environment (default os.environ).
    Raises:
        MailError: a missing or unreadable file, no host or sender, a bad value, or a
            password written in the file.
    """
    env = os.environ if environ is None else environ
    data: dict[str, object] = {}
    source = ""
    paths = [config] if config is not None else config_candidates(workbook, env)
    for path in paths:
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise MailError(
                    f"{path}: cannot read the mail settings ({exc})",
                    f"{path}：无法读取邮件设置（{exc}）",
                ) from None
            data = dict(table.get("smtp", table))
            source = str(path)
            break
        if config is not None:
            raise MailError(f"{path}: file not found", f"{path}：找不到文件")
    if "password" in data:
        raise MailError(
            f"{source}: remove the password from the file; set XLKPI_SMTP_PASSWORD or type "
            "it when asked",
            f"{source}：请从文件中删除密码；改用环境变量 XLKPI_SMTP_PASSWORD 或在提示时输入",
        )
    for key in ("host", "port", "security", "user", "from", "from_name", "cafile", "throttle"):
        value = env.get(f"XLKPI_SMTP_{key.upper()}")
        if value:
            data[key] = value
    host = str(data.get("host") or "").strip()
    sender = str(data.get("from") or data.get("user") or "").strip()
    if not host or not sender:
        where = source or ", ".join(str(p) for p in paths)
        raise MailError(
            f"No mail server is set up: give host and from in {where} (see docs/send.md) or "
            "set XLKPI_SMTP_HOST and XLKPI_SMTP_FROM",
            f"尚未设置邮件服务器：请在 {where} 中填写 host 和 from（见 docs/send.md），"
            "或设置环境变量 XLKPI_SMTP_HOST 和 XLKPI_SMTP_FROM",
        )
    security = str(data.get("security") or "ssl").strip().lower()
    if security not in SECURITY:
        raise MailError(
            f"security '{security}' must be ssl, starttls or none",
            f"security“{security}”须为 ssl、starttls 或 none",
        )
    if security == "none" and host not in LOCAL_HOSTS:
        raise MailError(
            f"Mail to {host} must be encrypted: use security = ssl or starttls",
            f"发往 {host} 的邮件必须加密：请设置 security = ssl 或 starttls",
        )
    try:
        port = int(data.get("port") or (465 if security == "ssl" else 587))  # type: ignore[call-overload]
        throttle = float(data.get("throttle", 1.0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise MailError(
            "port must be a whole number and throttle a number of seconds",
            "port 须为整数，throttle 须为秒数",
        ) from None
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        user=str(data.get("user") or sender),
        sender=sender,
        sender_name=str(data.get("from_name") or ""),
        cafile=str(data["cafile"]) if data.get("cafile") else None,
        throttle=max(0.0, throttle),
        source=source,
    )


def get_password(settings: SmtpSettings, environ: Mapping[str, str] | None = None) -> str:
    """The login password: XLKPI_SMTP_PASSWORD, else typed at a prompt (not echoed)."""
    env = os.environ if environ is None else environ
    if env.get("XLKPI_SMTP_PASSWORD"):
        return env["XLKPI_SMTP_PASSWORD"]
    if not sys.stdin.isatty():
        raise MailError(
            "Set XLKPI_SMTP_PASSWORD to the mail password (there is no terminal to ask on)",
            "请设置环境变量 XLKPI_SMTP_PASSWORD 为邮箱密码（当前无法在终端中输入）",
        )
    return getpass.getpass(f"{settings.user}@{settings.host} password: ")


class Connection:
    """A logged-in SMTP session (`with Connection(settings, password) as conn:`)."""

    def __init__(self, settings: SmtpSettings, password: str):
        self.settings = settings
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.cafile)

    def open(self) -> None:
        """Connect and log in.

        Raises:
            MailError: the server cannot be reached, TLS fails, or the login is refused.
        """
        s = self.settings
        where = f"{s.host}:{s.port}"
        try:
            if s.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=self._context())
            self._smtp = smtp
            if self._password:
                smtp.login(s.user, self._password)
        except smtplib.SMTPAuthenticationError:
            self.close()
            raise MailError(
                f"{where} refused the login of {s.user}: check the user and the password "
                "(some services need an app password / 授权码). Nothing was sent",
                f"{where} 拒绝了 {s.user} 的登录：请检查用户名和密码（部分邮箱须使用授权码）。"
                "未发送任何邮件",
            ) from None
        except UnicodeEncodeError:
            self.close()
            raise MailError(
                "The mail login and password must be plain ASCII characters (smtplib sends "
                "them so); use the service's app password. Nothing was sent",
                "邮箱用户名和密码只能使用英文字母、数字和符号；请使用邮箱的授权码。未发送任何邮件",
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise MailError(
                f"Cannot connect to the mail server {where} ({exc}). Nothing was sent",
                f"无法连接邮件服务器 {where}（{exc}）。未发送任何邮件",
            ) from None

    def send(self, msg: EmailMessage) -> None:
        """Send one message. Raises smtplib/OS errors for the caller to record."""
        if self._smtp is None:
            self.open()
        assert self._smtp is not None
        self._smtp.send_message(msg)

    def close(self) -> None:
        """Say goodbye to the server, if connected; a server already gone is fine."""
        if self._smtp is not None:
            # a server already gone cannot be closed politely; nothing is lost
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def connect(settings: SmtpSettings, password: str) -> Connection:
    """A Connection to the server, logged in (for `batch.run`'s `connect`).

    Raises:
        MailError: as `Connection.open`.
    """
    conn = Connection(settings, password)
    conn.open()
    return conn
