"""Writes of the incidents app, by subdomain: intake, snapshots, facts,
triage, playbooks, escalation, responses, reports."""
