"""Refusals of the photo contest, each with a stable code and a Vietnamese message."""

from lantoa.core.exceptions import InvalidInput, LantoaError, PermissionDenied


class ContestStateInvalid(InvalidInput):
    code = "contest_state_invalid"
    default_message = "Cuộc thi không ở trạng thái cho phép thao tác này."


class ContestNotOpen(InvalidInput):
    code = "contest_not_open"
    default_message = "Cuộc thi chưa mở nhận ảnh hoặc đã hết hạn gửi ảnh."


class NotEligible(PermissionDenied):
    code = "contest_not_eligible"
    default_message = "Đơn vị của bạn không thuộc đối tượng tham gia cuộc thi này."


class EntryLimitReached(InvalidInput):
    code = "contest_entry_limit"
    default_message = "Bạn đã gửi đủ số ảnh tối đa của cuộc thi."


class ImageInvalid(InvalidInput):
    code = "contest_image_invalid"
    default_message = "Tệp không phải ảnh JPEG, PNG hoặc WebP đọc được."


class EntryStateInvalid(InvalidInput):
    code = "contest_entry_state_invalid"
    default_message = "Ảnh dự thi không ở trạng thái cho phép thao tác này."


class NotJuror(PermissionDenied):
    code = "contest_not_juror"
    default_message = "Bạn không thuộc ban giám khảo của cuộc thi này."


class JurorOwnUnit(PermissionDenied):
    code = "contest_juror_own_unit"
    default_message = "Giám khảo không chấm ảnh của đơn vị mình."


class RoundNotOpen(InvalidInput):
    code = "contest_round_not_open"
    default_message = "Vòng chấm này chưa mở hoặc đã kết thúc."


class ScoreInvalid(InvalidInput):
    code = "contest_score_invalid"
    default_message = "Điểm không hợp lệ."


class VotingClosed(InvalidInput):
    code = "contest_voting_closed"
    default_message = "Cuộc thi không trong thời gian bình chọn."


class AlreadyVoted(InvalidInput):
    code = "contest_already_voted"
    default_message = "Bạn đã bình chọn cho ảnh này."


class OwnEntryVote(InvalidInput):
    code = "contest_own_entry_vote"
    default_message = "Bạn không bình chọn cho ảnh của chính mình."


class VoteRateLimited(LantoaError):
    code = "contest_vote_rate_limited"
    default_message = "Bạn bình chọn quá nhanh, vui lòng thử lại sau ít phút."


class ResultsNotReady(InvalidInput):
    code = "contest_results_not_ready"
    default_message = "Chưa tính được kết quả: còn vòng chấm chưa kết thúc."


class VotesPending(LantoaError):
    code = "contest_votes_pending"
    default_message = "Phiếu bình chọn đang được ghi vào hệ thống, vui lòng thử lại sau ít phút."
