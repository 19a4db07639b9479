"""Writes of the honours app (docs/subsystems/honours.md). Every service
takes a keyword-only `actor=` and writes an audit entry in its transaction:

- `rounds`: create, submit, approve (opens nominations), close, publish
  (the honour board on the organiser's site), cancel;
- `nominations`: a unit nominates a member with evidence; the approval chain
  up the tree; the honour and its certificate.
"""
