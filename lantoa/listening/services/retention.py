"""Retention of members' opinions (docs/deploy.md "Retention").

Past the retention period an opinion's words go, its figures stay: the text,
its earlier versions, the flagged spans, the link to the source, the author's
pseudonym and the officers' note are cleared, while unit, source, date,
sentiment, toxicity, topics and triage state remain, so every count and trend
in the dashboards adds up as before. Officers' label corrections keep their own
copy of the text as training data (no author, no link). Called by the
operations retention job (`lantoa.ops.retention`), which audits it.
"""

from datetime import datetime

from django.db import transaction

from lantoa.listening.models import Opinion

REDACTED = "[Đã xoá nội dung theo thời hạn lưu trữ]"


@transaction.atomic
def opinions_redact_before(*, cutoff: datetime) -> int:
    """Clear the personal content of opinions received before `cutoff`;
    idempotent (already-cleared ones are left alone). Returns how many."""
    stale = Opinion.objects.filter(received_at__lt=cutoff).exclude(text=REDACTED)
    # One left unanalysed would wait for the classifier forever.
    stale.filter(analysed_at__isnull=True, analysis_error="").update(
        analysis_error="redacted before analysis"
    )
    return stale.update(
        text=REDACTED,
        folded_text="",
        text_history=[],
        spans=[],
        source_url="",
        author_ref="",
        note="",
    )
