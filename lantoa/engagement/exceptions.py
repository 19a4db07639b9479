"""Refusals of the engagement app, each with a stable code and a Vietnamese message."""

from lantoa.core.exceptions import InvalidInput, LantoaError


class StateInvalid(LantoaError):
    code = "engagement_state_invalid"
    default_message = "Không ở trạng thái cho phép thao tác này."


class NotOpen(LantoaError):
    code = "engagement_not_open"
    default_message = "Chưa mở hoặc đã kết thúc."


class NotEligible(LantoaError):
    code = "engagement_not_eligible"
    default_message = "Đơn vị của bạn không thuộc đối tượng tham gia."


class NoAttemptsLeft(LantoaError):
    code = "quiz_no_attempts_left"
    default_message = "Bạn đã dùng hết số lượt thi được phép."


class AttemptClosed(LantoaError):
    code = "quiz_attempt_closed"
    default_message = "Lượt thi này đã kết thúc."


class AlreadyResponded(LantoaError):
    code = "survey_already_responded"
    default_message = "Bạn đã trả lời khảo sát này."


class AnswerInvalid(InvalidInput):
    code = "engagement_answer_invalid"
    default_message = "Câu trả lời không hợp lệ."
