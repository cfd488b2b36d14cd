"""Masukan (feedback): a form for the public — topic, message, optional name and contact —
with the privacy note, limits per session and per client address, and a confirmation that
shows what was stored as plain text only. The form and its flow are dashboard/masukan_form.py
(rules in domain/masukan.py and domain/limits.py); the maintainers' list is not on this page
(dashboard/masukan_admin.py, shown on the maintainer's page)."""

from __future__ import annotations

from dashboard import context, masukan_form

masukan_form.show(context.current())
