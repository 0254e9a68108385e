"""Tamper evidence: the hash-chained ledger of acts of record, the PDFs kept as published,
and the public page where anyone checks a PDF against them."""

from flask import Blueprint

bp = Blueprint("ledger", __name__, template_folder="templates")

from . import pages, routes, routes_audit  # noqa: E402,F401
