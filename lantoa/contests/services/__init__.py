"""Writes of the photo contest (docs/subsystems/contests.md). Every service
takes a keyword-only `actor=` and writes an audit entry in its transaction:

- `contests`: create, edit, submit, approve, return, cancel;
- `entries`: a member sends a photo (consent, credit; metadata stripped),
  withdraws it; officers approve or reject it (moderation);
- `jury`: jurors, rounds, scores (never an entry of the juror's own unit);
- `votes`: members' public votes, rate limits and burst detection;
- `results`: jury and public weights mixed; the gallery on the unit's site.
"""
