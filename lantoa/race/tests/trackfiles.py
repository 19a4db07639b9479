"""Activity files made by the tests: GPX, TCX and FIT (a small FIT encoder:
file header, definition and data messages, CRC-16 as the FIT SDK defines it)."""

import math
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

VUNG_TAU = (10.3460, 107.0843)


@dataclass(frozen=True)
class P:
    t: datetime
    lat: float | None
    lon: float | None
    dist: float | None = None


def run(
    *,
    start: datetime,
    km: float,
    pace_s: float,
    every_s: float = 5.0,
    origin: tuple[float, float] = VUNG_TAU,
    bearing_deg: float = 90.0,
) -> list[P]:
    """A straight run at a constant pace, one point every `every_s` seconds."""
    speed = 1000.0 / pace_s
    total_s = km * pace_s
    lat0, lon0 = origin
    points = []
    n = math.ceil(total_s / every_s)
    for i in range(n + 1):
        s = min(i * every_s, total_s)
        m = s * speed
        dlat = m * math.cos(math.radians(bearing_deg)) / 111_195.0
        dlon = m * math.sin(math.radians(bearing_deg)) / (111_195.0 * math.cos(math.radians(lat0)))
        points.append(P(start + timedelta(seconds=s), lat0 + dlat, lon0 + dlon, m))
    return points


def teleport(points: list[P], *, at: int, km: float) -> list[P]:
    """The same points, moved `km` north from index `at` on (one jump)."""
    shift = km * 1000 / 111_195.0
    return [
        p if i < at else P(p.t, (p.lat or 0) + shift, p.lon, p.dist) for i, p in enumerate(points)
    ]


def indoor(points: list[P]) -> list[P]:
    return [P(p.t, None, None, p.dist) for p in points]


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(points: list[P], *, sport: str = "running", name: str = "Chạy sáng") -> bytes:
    body = "".join(
        f'<trkpt lat="{p.lat:.7f}" lon="{p.lon:.7f}"><ele>5.0</ele><time>{_iso(p.t)}</time></trkpt>'
        for p in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="lantoa-tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{name}</name><type>{sport}</type><trkseg>{body}</trkseg></trk></gpx>"
    ).encode()


def tcx(points: list[P], *, sport: str = "Running") -> bytes:
    def trackpoint(p: P) -> str:
        position = (
            f"<Position><LatitudeDegrees>{p.lat:.7f}</LatitudeDegrees>"
            f"<LongitudeDegrees>{p.lon:.7f}</LongitudeDegrees></Position>"
            if p.lat is not None
            else ""
        )
        return (
            f"<Trackpoint><Time>{_iso(p.t)}</Time>{position}"
            f"<DistanceMeters>{p.dist or 0:.1f}</DistanceMeters></Trackpoint>"
        )

    total = points[-1].dist or 0
    seconds = (points[-1].t - points[0].t).total_seconds()
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(points[0].t)}</Id>'
        f'<Lap StartTime="{_iso(points[0].t)}"><TotalTimeSeconds>{seconds:.0f}</TotalTimeSeconds>'
        f"<DistanceMeters>{total:.1f}</DistanceMeters><Track>"
        + "".join(trackpoint(p) for p in points)
        + "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    ).encode()


# ---- FIT --------------------------------------------------------------------

_CRC_TABLE = (
    0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
    0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
)  # fmt: skip
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SPORTS = {"running": 1, "cycling": 2, "walking": 11, "hiking": 17}
SUB_SPORTS = {"generic": 0, "treadmill": 1}


def fit_crc(data: bytes, crc: int = 0) -> int:
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def _fit_ts(t: datetime) -> int:
    return int((t - FIT_EPOCH).total_seconds())


def _definition(local: int, global_num: int, fields: list[tuple[int, int, int]]) -> bytes:
    out = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
    for num, size, base in fields:
        out += struct.pack("<BBB", num, size, base)
    return out


def fit(points: list[P], *, sport: str = "running", sub_sport: str = "generic") -> bytes:
    records = b""
    # file_id: type (activity = 4), manufacturer (development = 255), time_created
    records += _definition(0, 0, [(0, 1, 0x00), (1, 2, 0x84), (4, 4, 0x86)])
    records += struct.pack("<BBHI", 0, 4, 255, _fit_ts(points[0].t))
    # record: timestamp, position_lat, position_long, distance (cm)
    with_position = points[0].lat is not None
    if with_position:
        records += _definition(1, 20, [(253, 4, 0x86), (0, 4, 0x85), (1, 4, 0x85), (5, 4, 0x86)])
    else:
        records += _definition(1, 20, [(253, 4, 0x86), (5, 4, 0x86)])
    for p in points:
        dist = round((p.dist or 0) * 100)
        if with_position:
            lat = round((p.lat or 0.0) * 2**31 / 180)
            lon = round((p.lon or 0.0) * 2**31 / 180)
            records += struct.pack("<BIiiI", 1, _fit_ts(p.t), lat, lon, dist)
        else:
            records += struct.pack("<BII", 1, _fit_ts(p.t), dist)
    # session: timestamp, start_time, total_distance, sport, sub_sport
    records += _definition(
        2, 18, [(253, 4, 0x86), (2, 4, 0x86), (9, 4, 0x86), (5, 1, 0x00), (6, 1, 0x00)]
    )
    records += struct.pack(
        "<BIIIBB",
        2,
        _fit_ts(points[-1].t),
        _fit_ts(points[0].t),
        round((points[-1].dist or 0) * 100),
        SPORTS[sport],
        SUB_SPORTS[sub_sport],
    )
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(records), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    body = header + records
    return body + struct.pack("<H", fit_crc(body))
