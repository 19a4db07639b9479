"""Writes of the events app (docs/subsystems/event-programmes.md). Every service takes
a keyword-only `actor=` and writes an audit entry in its transaction:

- `programmes`: programmes and the sessions units report with their photos;
- `gatherings`: events: create, edit, submit, approve (publishes the public
  page), return, cancel;
- `attendance`: registrations with a check-in code, check-in at the door;
- `questions`: members' questions and their moderation;
- `reports`: the recording and summary, published once the unit approved;
- `pages`: the event's page on the organising unit's site.
"""
