"""Writes of the engagement app: `quizzes` and `surveys`."""
