"""The demo union (Công đoàn Dầu khí Việt Nam) for development and demos.

`units.py` holds the catalogue of real and plausible unit names, `names.py`
and `people.py` make deterministic synthetic members, `plan.py` lays out the
tree, and `loader.py` is the service that writes it (DEBUG only).
"""
