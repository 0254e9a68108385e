"""Backup and restore: one tar.gz with the database, uploaded photos, stored reports (with
the published PDFs of the ledger) and a manifest of sha256 checksums and the schema revision.

Commands only (``flask backup``); no pages.
"""
