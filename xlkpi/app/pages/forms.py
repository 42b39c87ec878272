"""Reading a posted form (python-multipart through Starlette) with limits."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

#: The most fields (besides files) a form may have.
MAX_FIELDS = 200


class FormUnreadable(Exception):
    """The body is not a form the page can read (damaged, or over the file/field limits)."""


async def read_form(request: Request, *, max_files: int = 0) -> FormData:
    """The posted form.

    Raises:
        FormUnreadable: a malformed multipart body, or more files or fields than allowed.
        guard.TooLarge passes through: the guard answers it.
    """
    try:
        return await request.form(max_files=max_files, max_fields=MAX_FIELDS)
    except HTTPException as exc:  # Starlette reports multipart errors as 400
        raise FormUnreadable(str(exc.detail)) from None
    except MultiPartException as exc:
        raise FormUnreadable(exc.message) from None
    except (ValueError, KeyError) as exc:
        raise FormUnreadable(str(exc)) from None
