"""Writes of the race app (docs/subsystems/race.md). Every service takes a
keyword-only `actor=` and writes an audit entry in its transaction:

- `races`: create, edit, submit, approve (publishes the public page), return, cancel;
- `registrations`: a member registers, gets a bib number;
- `activities`: uploads and manual entries (processed after commit by a task),
  the review queue and appeals;
- `results`: what counts (daily cap) and the per-unit roll-up;
- `certificates`: the e-certificate and its PDF.
"""
