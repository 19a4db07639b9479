"""Member import from CSV/XLSX and its admin screens.

Modules: `columns` (which header is which field), `readers` (streaming rows out
of CSV/XLSX), `validation` (one row → clean fields or Vietnamese row errors),
`processing` (`member_import_file`: the import itself), `services` (request
side: store an upload, confirm), `tasks` + `jobs` (worker side), and
`admin_views` (Wagtail admin pages).
"""

from lantoa.org.importing.processing import ImportResult, member_import_file

__all__ = ["ImportResult", "member_import_file"]
