"""Writes of the campaigns app, by subdomain: campaigns, calendar, directives
(sending, adopting, link-back, proofs) and reminders (reminders, lateness,
escalation)."""
