"""Excel's "Encrypt with password" for the files we send (ECMA-376 agile encryption).

Uses msoffcrypto-tool (`pip install 'xlkpi[mail]'`). Excel, WPS and LibreOffice open the
result after asking for the password. The password is only ever passed in here: it is
not logged, printed or written anywhere.
"""

from __future__ import annotations

import io


class EncryptionUnavailable(RuntimeError):
    """msoffcrypto-tool is not installed."""


def encrypt_workbook(data: bytes, password: str) -> bytes:
    """The workbook `data` (.xlsx bytes) encrypted with `password`.

    Raises:
        EncryptionUnavailable: msoffcrypto-tool is missing.
        ValueError: an empty password.
    """
    if not password:
        raise ValueError("an empty password cannot encrypt a file")
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError as exc:
        raise EncryptionUnavailable(
            "encrypting attachments needs msoffcrypto-tool: pip install 'xlkpi[mail]'"
        ) from exc
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt_workbook(data: bytes, password: str) -> bytes:
    """The plain workbook inside an encrypted one (for checks and tests).

    Raises:
        msoffcrypto's InvalidKeyError: a wrong password.
    """
    import msoffcrypto

    f = msoffcrypto.OfficeFile(io.BytesIO(data))
    f.load_key(password=password)
    out = io.BytesIO()
    f.decrypt(out)
    return out.getvalue()
