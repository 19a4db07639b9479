"""Refusals of the honours app, each with a stable code and a Vietnamese message."""

from lantoa.core.exceptions import InvalidInput


class RoundStateInvalid(InvalidInput):
    code = "honours_round_state_invalid"
    default_message = "Đợt tôn vinh không ở trạng thái cho phép thao tác này."


class NominationsClosed(InvalidInput):
    code = "honours_nominations_closed"
    default_message = "Đợt tôn vinh đã hết hạn nhận đề cử."


class NominationStateInvalid(InvalidInput):
    code = "honours_nomination_state_invalid"
    default_message = "Đề cử không ở trạng thái cho phép thao tác này."


class OutsideRound(InvalidInput):
    code = "honours_outside_round"
    default_message = "Đơn vị hoặc đoàn viên không thuộc phạm vi của đợt tôn vinh."


class AlreadyNominated(InvalidInput):
    code = "honours_already_nominated"
    default_message = "Đoàn viên này đã được đề cử trong đợt."


class QuotaReached(InvalidInput):
    code = "honours_quota_reached"
    default_message = "Đơn vị đã gửi đủ số đề cử của đợt."


class EvidenceMissing(InvalidInput):
    code = "honours_evidence_missing"
    default_message = "Hãy đính kèm ít nhất một minh chứng trước khi gửi đề cử."


class EvidenceInvalid(InvalidInput):
    code = "honours_evidence_invalid"
    default_message = "Minh chứng phải là tệp PDF, JPEG hoặc PNG, tối đa 10 MB."
