"""Open a workbook in LibreOffice headless through UNO, with or without a password.

Run with the Python that has LibreOffice's `uno` module (Debian: python3-uno):

    /usr/bin/python3 lo_open.py BOOK.xlsx [PASSWORD]

Prints "OPENED <text of the first sheet's cells B4 and B5>" or "REFUSED". `soffice
--convert-to` cannot take a password, so this is how a test shows that LibreOffice opens
an encrypted file with its password and not without.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    path = os.path.abspath(sys.argv[1])
    password = sys.argv[2] if len(sys.argv) > 2 else None
    exe = os.environ.get("SOFFICE", "soffice")
    with tempfile.TemporaryDirectory(prefix="xlkpi-uno-") as profile:
        pipe = f"xlkpi_uno_{os.getpid()}"
        proc = subprocess.Popen(
            [
                exe,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--nodefault",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local
            )
            remote = None
            for _ in range(240):
                try:
                    remote = resolver.resolve(
                        f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
                    )
                    break
                except Exception:
                    time.sleep(0.5)
            if remote is None:
                print("NO-OFFICE")
                return 2
            desktop = remote.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", remote
            )
            args = [prop("Hidden", True), prop("ReadOnly", True)]
            if password is not None:
                args.append(prop("Password", password))
            try:
                doc = desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(path), "_blank", 0, tuple(args)
                )
            except Exception:
                doc = None
            if doc is None or not hasattr(doc, "Sheets"):
                print("REFUSED")
            else:
                sheet = doc.Sheets.getByIndex(0)
                cells = [sheet.getCellByPosition(1, r).getString() for r in (3, 4)]
                print("OPENED " + " ".join(cells))
                doc.close(True)
            # the bridge goes down with the office: an error here is expected
            with contextlib.suppress(Exception):
                desktop.terminate()
        finally:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
