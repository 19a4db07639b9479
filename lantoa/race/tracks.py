"""Reading an activity file: GPX (gpxpy), FIT (fitdecode) or TCX (the XML of
Garmin's Training Center) into one `Track` (docs/subsystems/race.md).

The format is told by the content, not the file name. Every refusal is a
`TrackError` whose message a member can act on, in Vietnamese; XML is
checked by defusedxml first (no DTD, no entities) before any parser sees it.
"""

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import defusedxml.ElementTree as SafeET
import fitdecode
import gpxpy
import gpxpy.gpx
from defusedxml import DefusedXmlException

from lantoa.race.choices import ActivitySource, Sport

MAX_POINTS = 200_000
"""More points than a 24-hour activity recorded every half second: refused."""
EARTH_RADIUS_M = 6_371_008.8
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SEMICIRCLE_DEG = 180 / 2**31
TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"

# Sport names as devices and apps write them → ours.
SPORT_NAMES = {
    "running": Sport.RUN,
    "run": Sport.RUN,
    "trail_running": Sport.RUN,
    "walking": Sport.WALK,
    "walk": Sport.WALK,
    "hiking": Sport.HIKE,
    "hike": Sport.HIKE,
    "cycling": Sport.CYCLE,
    "biking": Sport.CYCLE,
    "ride": Sport.CYCLE,
    "swimming": Sport.SWIM,
    "swim": Sport.SWIM,
}
INDOOR_SUB_SPORTS = {"treadmill", "indoor_running", "indoor_walking", "virtual_activity"}


class TrackError(ValueError):
    """The file cannot be read as an activity; `message` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Point:
    t: datetime
    lat: float | None = None
    lon: float | None = None
    # Cumulative distance the device measured (treadmill, indoor), metres.
    dist: float | None = None

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Track:
    source: str
    points: list[Point]
    sport: str | None = None  # one of Sport, when the file says
    sport_name: str = ""  # what the file said, for messages
    indoor: bool = False
    device_distance_m: float | None = None
    findings: list[str] = field(default_factory=list)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def sniff(data: bytes) -> str | None:
    """ "gpx", "fit", "tcx" from the file's first bytes, or None."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return ActivitySource.FIT
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") or head.startswith(b"<?xml"):
        if b"<gpx" in head:
            return ActivitySource.GPX
        if b"<trainingcenterdatabase" in head:
            return ActivitySource.TCX
    return None


def track_read(data: bytes) -> Track:
    """The activity in `data`, with at least two timed points; `TrackError` otherwise."""
    kind = sniff(data)
    if kind is None:
        raise TrackError(
            "Tệp không phải GPX, FIT hay TCX. Hãy xuất hoạt động từ ứng dụng chạy bộ "
            "(Strava, Garmin Connect, …) dưới dạng GPX, FIT hoặc TCX rồi nộp lại."
        )
    readers: dict[str, Callable[[bytes], Track]] = {
        ActivitySource.GPX: _read_gpx,
        ActivitySource.FIT: _read_fit,
        ActivitySource.TCX: _read_tcx,
    }
    track = readers[kind](data)
    track.points = _ordered(track.points)
    if len(track.points) < 2:
        raise TrackError(
            f"Tệp {kind.upper()} không có đủ điểm ghi kèm thời gian: không tính được quãng đường."
        )
    if len(track.points) > MAX_POINTS:
        raise TrackError(f"Tệp có quá nhiều điểm ghi (trên {MAX_POINTS:,}).".replace(",", "."))
    if not any(p.has_position for p in track.points):
        if all(p.dist is None for p in track.points):
            raise TrackError("Tệp không có vị trí GPS cũng không có quãng đường: không tính được.")
        track.indoor = True
    return track


def _ordered(points: Sequence[Point]) -> list[Point]:
    """Points by time; a repeated timestamp keeps its first point."""
    seen: set[datetime] = set()
    result = []
    for point in sorted(points, key=lambda p: p.t):
        if point.t not in seen:
            seen.add(point.t)
            result.append(point)
    return result


def _sport(name: str | None) -> tuple[str | None, str]:
    raw = (name or "").strip()
    return SPORT_NAMES.get(raw.lower().replace(" ", "_")), raw


def _xml_root(data: bytes, kind: str) -> object:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise TrackError(f"Tệp {kind} chứa khai báo XML không được phép (DTD, thực thể).") from exc
    except SafeET.ParseError as exc:
        raise TrackError(f"Tệp {kind} bị hỏng: nội dung XML không đọc được ({exc}).") from exc


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _read_gpx(data: bytes) -> Track:
    _xml_root(data, "GPX")
    try:
        gpx = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        raise TrackError(f"Tệp GPX bị hỏng: {exc}") from exc
    points = []
    for track in gpx.tracks:
        for segment in track.segments:
            for p in segment.points:
                if p.time is not None:
                    points.append(Point(_aware(p.time), p.latitude, p.longitude))
    if not points:
        raise TrackError(
            "Tệp GPX không có thời gian ở các điểm ghi (có thể là lộ trình vẽ tay): "
            "hãy xuất hoạt động đã ghi từ ứng dụng."
        )
    sport, raw = _sport(gpx.tracks[0].type if gpx.tracks else None)
    return Track(ActivitySource.GPX, points, sport=sport, sport_name=raw)


def _text(element: object, path: str) -> str | None:
    found = element.find(path)  # type: ignore[attr-defined]
    return found.text.strip() if found is not None and found.text else None


def _read_tcx(data: bytes) -> Track:
    root = _xml_root(data, "TCX")
    activity = root.find(f"{TCX_NS}Activities/{TCX_NS}Activity")  # type: ignore[attr-defined]
    if activity is None:
        raise TrackError("Tệp TCX không có hoạt động nào.")
    points = []
    for tp in activity.iter(f"{TCX_NS}Trackpoint"):
        when = _text(tp, f"{TCX_NS}Time")
        if when is None:
            continue
        try:
            t = _aware(datetime.fromisoformat(when.replace("Z", "+00:00")))
            lat = _text(tp, f"{TCX_NS}Position/{TCX_NS}LatitudeDegrees")
            lon = _text(tp, f"{TCX_NS}Position/{TCX_NS}LongitudeDegrees")
            dist = _text(tp, f"{TCX_NS}DistanceMeters")
            points.append(
                Point(
                    t,
                    float(lat) if lat is not None else None,
                    float(lon) if lon is not None else None,
                    float(dist) if dist is not None else None,
                )
            )
        except ValueError as exc:
            raise TrackError(f"Tệp TCX bị hỏng: giá trị không hợp lệ ({exc}).") from exc
    sport, raw = _sport(activity.get("Sport"))
    total = sum(
        float(lap_distance)
        for lap in activity.iter(f"{TCX_NS}Lap")
        if (lap_distance := _text(lap, f"{TCX_NS}DistanceMeters")) is not None
    )
    return Track(
        ActivitySource.TCX, points, sport=sport, sport_name=raw, device_distance_m=total or None
    )


def _fit_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, int):
        return FIT_EPOCH + timedelta(seconds=value)
    return None


def _read_fit(data: bytes) -> Track:
    points = []
    sport_value: object = None
    sub_sport: object = None
    total: float | None = None
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "record":
                    t = _fit_time(frame.get_value("timestamp", fallback=None))
                    if t is None:
                        continue
                    lat = frame.get_value("position_lat", fallback=None)
                    lon = frame.get_value("position_long", fallback=None)
                    dist = frame.get_value("distance", fallback=None)
                    has_pos = isinstance(lat, int) and isinstance(lon, int)
                    points.append(
                        Point(
                            t,
                            lat * SEMICIRCLE_DEG if has_pos else None,  # type: ignore[operator]
                            lon * SEMICIRCLE_DEG if has_pos else None,  # type: ignore[operator]
                            float(dist) if isinstance(dist, int | float) else None,
                        )
                    )
                elif frame.name == "session":
                    sport_value = frame.get_value("sport", fallback=None)
                    sub_sport = frame.get_value("sub_sport", fallback=None)
                    value = frame.get_value("total_distance", fallback=None)
                    total = float(value) if isinstance(value, int | float) else None
    except fitdecode.FitCRCError as exc:
        raise TrackError(
            "Tệp FIT bị hỏng (sai mã kiểm tra CRC): hãy tải lại tệp gốc từ thiết bị."
        ) from exc
    except (fitdecode.FitError, EOFError, ValueError, KeyError) as exc:
        raise TrackError(f"Tệp FIT bị hỏng hoặc bị cắt cụt: {exc}") from exc
    sport, raw = _sport(str(sport_value) if sport_value is not None else None)
    track = Track(ActivitySource.FIT, points, sport=sport, sport_name=raw, device_distance_m=total)
    track.indoor = str(sub_sport or "") in INDOOR_SUB_SPORTS
    return track
