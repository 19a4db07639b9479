"""The one reader of the process environment (STYLE.md §9).

Every variable read here is listed, with a safe development value, in
`.env.example`; a test keeps the two in step.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(str(BASE_DIR / ".env"))
