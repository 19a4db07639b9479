"""The demo union's units: Công đoàn Dầu khí Việt Nam and the unions below it.

The direct unions carry the public names of Petrovietnam's member companies
and institutes (`public=True`); a few of the smaller ones are plausible names
added to reach the real union's size (about 40 direct unions) and are marked
`public=False`. Where a direct union's real subsidiaries are well known they
are listed by name; the remaining grassroots unions are built from the kinds
of workplaces such companies have (workshops, branches, rigs, plants).
Member counts are weights, roughly proportional to each company's workforce.
"""

from dataclasses import dataclass, field

ROOT_CODE = "CDDKVN"
ROOT_NAME = "Công đoàn Dầu khí Việt Nam"
ROOT_SHORT_NAME = "CĐ DKVN"

GRASSROOTS_PREFIX = "Công đoàn cơ sở"
GRASSROOTS_SHORT_PREFIX = "CĐCS"
GROUP_PREFIX = "Tổ công đoàn"


@dataclass(frozen=True)
class DirectUnion:
    code: str
    name: str
    short_name: str
    weight: int  # relative workforce, for spreading members
    grassroots: int  # how many grassroots unions below it
    known: tuple[tuple[str, str], ...] = field(default=())  # (code suffix, workplace)
    public: bool = True
    office: bool = False  # banks, insurers, institutes, schools: no rigs or workshops


DIRECT_UNIONS: tuple[DirectUnion, ...] = (
    DirectUnion(
        "PVGAS", "Công đoàn Tổng công ty Khí Việt Nam", "PV GAS", 45, 22,
        (
            ("KCM", "Công ty Khí Cà Mau"),
            ("KVT", "Công ty Chế biến Khí Vũng Tàu"),
            ("KDN", "Công ty Vận chuyển Khí Đông Nam Bộ"),
            ("KTN", "Công ty Vận chuyển Khí Tây Nam Bộ"),
            ("KSPK", "Công ty Kinh doanh Sản phẩm Khí"),
            ("KDV", "Công ty Dịch vụ Khí"),
            ("BQLDA", "Ban Quản lý Dự án Khí Đông Nam Bộ"),
            ("LPG", "Công ty Cổ phần Kinh doanh LPG Việt Nam"),
            ("GASD", "Công ty Cổ phần Phân phối Khí thấp áp Dầu khí Việt Nam"),
            ("COAT", "Công ty Cổ phần Bọc ống Dầu khí Việt Nam"),
            ("SOUTH", "Công ty Cổ phần Kinh doanh Khí miền Nam"),
            ("NORTH", "Công ty Cổ phần Kinh doanh Khí miền Bắc"),
            ("CNG", "Công ty Cổ phần CNG Việt Nam"),
            ("CQ", "Cơ quan Tổng công ty Khí Việt Nam"),
        ),
    ),
    DirectUnion(
        "BSR", "Công đoàn Công ty TNHH MTV Lọc hóa dầu Bình Sơn", "BSR", 18, 10,
        (
            ("NMLD", "Nhà máy Lọc dầu Dung Quất"),
            ("BF", "Công ty Cổ phần Nhiên liệu Sinh học Dầu khí Miền Trung"),
            ("BDSC", "Công ty Cổ phần Bảo dưỡng và Sửa chữa Công trình Dầu khí"),
            ("VH", "Xưởng Vận hành"),
            ("BD", "Xưởng Bảo dưỡng"),
            ("HN", "Phòng Hóa nghiệm"),
        ),
    ),
    DirectUnion(
        "PVEP", "Công đoàn Tổng công ty Thăm dò Khai thác Dầu khí", "PVEP", 15, 10,
        (
            ("POC", "Công ty Điều hành Thăm dò Khai thác Dầu khí trong nước"),
            ("OVS", "Công ty Thăm dò Khai thác Dầu khí Nước ngoài"),
            ("SONGHONG", "Công ty Điều hành Dầu khí Sông Hồng"),
            ("CQ", "Cơ quan Tổng công ty Thăm dò Khai thác Dầu khí"),
        ),
    ),
    DirectUnion(
        "VSP", "Công đoàn Liên doanh Việt – Nga Vietsovpetro", "Vietsovpetro", 70, 26,
        (
            ("XNKSG", "Xí nghiệp Khoan và Sửa giếng"),
            ("XNKT", "Xí nghiệp Khai thác Dầu khí"),
            ("XNKTK", "Xí nghiệp Khai thác các Công trình Khí"),
            ("XNVT", "Xí nghiệp Vận tải biển và Công tác lặn"),
            ("XNCD", "Xí nghiệp Cơ điện"),
            ("XNXL", "Xí nghiệp Xây lắp, Khảo sát và Sửa chữa các Công trình khai thác Dầu khí"),
            ("XNDVL", "Xí nghiệp Địa vật lý Giếng khoan"),
            ("XNDVC", "Xí nghiệp Dịch vụ Cảng và Cung ứng Vật tư Thiết bị"),
            ("NIPI", "Viện Nghiên cứu Khoa học và Thiết kế Dầu khí biển"),
            ("TTATMT", "Trung tâm An toàn và Bảo vệ Môi trường"),
            ("BMDH", "Bộ máy Điều hành"),
        ),
    ),
    DirectUnion(
        "PVPOWER", "Công đoàn Tổng công ty Điện lực Dầu khí Việt Nam", "PV Power", 30, 14,
        (
            ("CAMAU", "Công ty Điện lực Dầu khí Cà Mau"),
            ("HATINH", "Công ty Điện lực Dầu khí Hà Tĩnh"),
            ("NT1", "Công ty Điện lực Dầu khí Nhơn Trạch"),
            ("NT2", "Công ty Cổ phần Điện lực Dầu khí Nhơn Trạch 2"),
            ("HUANA", "Công ty Cổ phần Thủy điện Hủa Na"),
            ("DAKDRINH", "Công ty Cổ phần Thủy điện Đakđrinh"),
            ("PPS", "Công ty Cổ phần Dịch vụ Kỹ thuật Điện lực Dầu khí Việt Nam"),
            ("CQ", "Cơ quan Tổng công ty Điện lực Dầu khí Việt Nam"),
        ),
    ),
    DirectUnion(
        "PVFCCO", "Công đoàn Tổng công ty Phân bón và Hóa chất Dầu khí", "PVFCCo", 20, 10,
        (
            ("NMDPM", "Nhà máy Đạm Phú Mỹ"),
            ("NORTH", "Công ty Cổ phần Phân bón và Hóa chất Dầu khí Miền Bắc"),
            ("CENTRAL", "Công ty Cổ phần Phân bón và Hóa chất Dầu khí Miền Trung"),
            ("SE", "Công ty Cổ phần Phân bón và Hóa chất Dầu khí Đông Nam Bộ"),
            ("SW", "Công ty Cổ phần Phân bón và Hóa chất Dầu khí Tây Nam Bộ"),
            ("PACK", "Công ty Cổ phần Bao bì Đạm Phú Mỹ"),
            ("CQ", "Cơ quan Tổng công ty Phân bón và Hóa chất Dầu khí"),
        ),
    ),
    DirectUnion(
        "PTSC", "Công đoàn Tổng công ty Cổ phần Dịch vụ Kỹ thuật Dầu khí Việt Nam", "PTSC", 70, 26,
        (
            ("MC", "Công ty TNHH MTV Dịch vụ Cơ khí Hàng hải PTSC"),
            ("MARINE", "Công ty Tàu Dịch vụ Dầu khí"),
            ("POS", "Công ty Cổ phần Dịch vụ Lắp đặt, Vận hành và Bảo dưỡng Công trình Dầu khí biển PTSC"),
            ("PROD", "Công ty Cổ phần Dịch vụ Khai thác Dầu khí PTSC"),
            ("SUPPLY", "Công ty Cảng Dịch vụ Dầu khí"),
            ("DINHVU", "Công ty Cổ phần Cảng Dịch vụ Dầu khí Đình Vũ"),
            ("THANHHOA", "Công ty Cổ phần Cảng Dịch vụ Dầu khí Tổng hợp PTSC Thanh Hóa"),
            ("QN", "Công ty Dịch vụ Dầu khí Quảng Ngãi PTSC"),
            ("HOTEL", "Công ty Cổ phần Khách sạn Dầu khí PTSC"),
            ("GEOS", "Công ty TNHH Khảo sát Địa vật lý PTSC CGGV"),
            ("CQ", "Cơ quan Tổng công ty Cổ phần Dịch vụ Kỹ thuật Dầu khí Việt Nam"),
        ),
    ),
    DirectUnion(
        "PVD", "Công đoàn Tổng công ty Cổ phần Khoan và Dịch vụ Khoan Dầu khí", "PV Drilling", 20, 12,
        (
            ("WS", "Công ty TNHH MTV Dịch vụ Kỹ thuật Giếng khoan PV Drilling"),
            ("OFFSHORE", "Công ty TNHH MTV Khoan Dầu khí Biển PV Drilling"),
            ("TRAINING", "Công ty Cổ phần Đào tạo Kỹ thuật PV Drilling"),
            ("TECH", "Công ty TNHH MTV Thương mại và Dịch vụ Kỹ thuật Khoan Dầu khí"),
            ("XNK", "Xí nghiệp Khoan"),
        ),
    ),
    DirectUnion(
        "PVTRANS", "Công đoàn Tổng công ty Cổ phần Vận tải Dầu khí", "PVTrans", 15, 10,
        (
            ("PDV", "Công ty Cổ phần Vận tải Dầu Phương Đông Việt"),
            ("GAS", "Công ty Cổ phần Vận tải Sản phẩm Khí Quốc tế"),
            ("PACIFIC", "Công ty Cổ phần Vận tải Dầu khí Thái Bình Dương"),
            ("CQ", "Cơ quan Tổng công ty Cổ phần Vận tải Dầu khí"),
        ),
    ),
    DirectUnion(
        "PETROSETCO", "Công đoàn Tổng công ty Cổ phần Dịch vụ Tổng hợp Dầu khí", "Petrosetco",
        25, 12,
        (
            ("PSD", "Công ty Cổ phần Dịch vụ Phân phối Tổng hợp Dầu khí"),
            ("VT", "Công ty Cổ phần Dịch vụ Dầu khí Vũng Tàu"),
            ("SG", "Công ty Cổ phần Dịch vụ Dầu khí Sài Gòn"),
            ("CQ", "Cơ quan Tổng công ty Cổ phần Dịch vụ Tổng hợp Dầu khí"),
        ),
    ),
    DirectUnion(
        "PVOIL", "Công đoàn Tổng công ty Dầu Việt Nam", "PVOil", 50, 30,
        (
            ("SG", "Công ty Cổ phần Xăng dầu Dầu khí Sài Gòn"),
            ("HN", "Công ty Cổ phần Xăng dầu Dầu khí Hà Nội"),
            ("VT", "Công ty Cổ phần Xăng dầu Dầu khí Vũng Tàu"),
            ("MT", "Công ty Cổ phần Xăng dầu Dầu khí Miền Trung"),
            ("CM", "Công ty Cổ phần Xăng dầu Dầu khí Cà Mau"),
            ("TB", "Công ty Cổ phần Xăng dầu Dầu khí Thái Bình"),
            ("ND", "Công ty Cổ phần Xăng dầu Dầu khí Nam Định"),
            ("PY", "Công ty Cổ phần Xăng dầu Dầu khí Phú Yên"),
            ("TN", "Công ty Cổ phần Xăng dầu Dầu khí Tây Ninh"),
            ("LUBE", "Công ty Cổ phần Dầu nhờn PV Oil"),
            ("CQ", "Cơ quan Tổng công ty Dầu Việt Nam"),
        ),
    ),
    DirectUnion(
        "PVCFC", "Công đoàn Công ty Cổ phần Phân bón Dầu khí Cà Mau", "PVCFC", 12, 8,
        (
            ("NMDCM", "Nhà máy Đạm Cà Mau"),
            ("KD", "Ban Kinh doanh"),
            ("HN", "Chi nhánh Hà Nội"),
        ),
    ),
    DirectUnion(
        "VPI", "Công đoàn Viện Dầu khí Việt Nam", "VPI", 7, 8,
        (
            ("EPC", "Trung tâm Nghiên cứu Tìm kiếm Thăm dò và Khai thác Dầu khí"),
            ("PVPRO", "Trung tâm Nghiên cứu và Phát triển Chế biến Dầu khí"),
            ("CPSE", "Trung tâm Nghiên cứu An toàn và Môi trường Dầu khí"),
            ("TCDK", "Tạp chí Dầu khí"),
        ),
        office=True,
    ),
    DirectUnion(
        "PVCOMBANK", "Công đoàn Ngân hàng TMCP Đại chúng Việt Nam", "PVcomBank", 35, 14,
        (
            ("HSC", "Hội sở chính"),
            ("HN", "Chi nhánh Hà Nội"),
            ("HCM", "Chi nhánh Thành phố Hồ Chí Minh"),
            ("VT", "Chi nhánh Vũng Tàu"),
        ),
        office=True,
    ),
    DirectUnion(
        "PVC", "Công đoàn Tổng công ty Cổ phần Xây lắp Dầu khí Việt Nam", "PVC", 25, 14,
        (
            ("PVCMS", "Công ty Cổ phần Xây lắp Dầu khí Miền Nam"),
            ("PVCIC", "Công ty Cổ phần Kết cấu Kim loại và Lắp máy Dầu khí"),
            ("PVCTB", "Công ty Cổ phần Xây lắp Dầu khí Thái Bình"),
        ),
    ),
    DirectUnion(
        "PVI", "Công đoàn Công ty Cổ phần PVI", "PVI", 25, 12,
        (
            ("INS", "Tổng công ty Bảo hiểm PVI"),
            ("RE", "Tổng công ty Cổ phần Tái bảo hiểm PVI"),
            ("AM", "Công ty Cổ phần Quản lý Quỹ PVI"),
        ),
        office=True,
    ),
    DirectUnion(
        "BIENDONG", "Công đoàn Công ty Điều hành Dầu khí Biển Đông", "Biển Đông POC", 5, 4,
        (("HT", "Giàn công nghệ trung tâm Hải Thạch"), ("MT", "Giàn Mộc Tinh")),
    ),
    DirectUnion("PVU", "Công đoàn Trường Đại học Dầu khí Việt Nam", "PVU", 2, 3, office=True),
    DirectUnion("PVCOLLEGE", "Công đoàn Trường Cao đẳng Dầu khí", "PV College", 4, 4, office=True),
    DirectUnion(
        "CQTD", "Công đoàn Cơ quan Tập đoàn Dầu khí Quốc gia Việt Nam", "Cơ quan Tập đoàn", 8, 8,
        office=True,
    ),
    DirectUnion("PVE", "Công đoàn Tổng công ty Tư vấn Thiết kế Dầu khí", "PVE", 5, 5, office=True),
    DirectUnion(
        "DMC", "Công đoàn Tổng công ty Dung dịch Khoan và Hóa phẩm Dầu khí", "DMC", 6, 6,
        (("MB", "Công ty Cổ phần Hóa phẩm Dầu khí DMC – Miền Bắc"),),
    ),
    DirectUnion("PVTEX", "Công đoàn Công ty Cổ phần Hóa dầu và Xơ sợi Dầu khí", "PVTEX", 3, 3),
    DirectUnion(
        "PVCHEM", "Công đoàn Tổng công ty Hóa chất và Dịch vụ Dầu khí", "PVChem", 4, 4
    ),
    DirectUnion(
        "PVTECH", "Công đoàn Tổng công ty Công nghệ Năng lượng Dầu khí Việt Nam", "PV Tech", 4, 4
    ),
    DirectUnion(
        "PVSHIPYARD", "Công đoàn Công ty Cổ phần Chế tạo Giàn khoan Dầu khí", "PV Shipyard", 5, 4
    ),
    DirectUnion(
        "PVMACHINO", "Công đoàn Công ty Cổ phần Máy – Thiết bị Dầu khí", "PV Machino", 2, 3
    ),
    DirectUnion(
        "CLJOC", "Công đoàn Công ty Liên doanh Điều hành Cửu Long", "Cửu Long JOC", 4, 3,
        (("STV", "Giàn Sư Tử Vàng"), ("STD", "Giàn Sư Tử Đen")),
    ),
    DirectUnion(
        "HLJOC", "Công đoàn Công ty Liên doanh Điều hành Hoàng Long", "Hoàng Long JOC", 2, 2
    ),
    DirectUnion("HVJOC", "Công đoàn Công ty Liên doanh Điều hành Hoàn Vũ", "Hoàn Vũ JOC", 2, 2),
    DirectUnion(
        "PQPOC", "Công đoàn Công ty Điều hành Dầu khí Phú Quốc", "Phú Quốc POC", 1, 2
    ),
    DirectUnion(
        "NSRP", "Công đoàn Công ty TNHH Lọc hóa dầu Nghi Sơn", "NSRP", 10, 6, public=False
    ),
    DirectUnion(
        "LPSH", "Công đoàn Ban Quản lý Dự án Điện lực Dầu khí Long Phú – Sông Hậu",
        "BQLDA Long Phú – Sông Hậu", 2, 2, public=False,
    ),
    DirectUnion(
        "TB2", "Công đoàn Ban Quản lý Dự án Điện lực Dầu khí Thái Bình 2", "BQLDA Thái Bình 2",
        2, 2, public=False,
    ),
    DirectUnion(
        "PETROTIMES", "Công đoàn Báo Năng lượng Mới", "Năng lượng Mới", 1, 2, public=False, office=True
    ),
    DirectUnion(
        "PVMR", "Công đoàn Công ty Cổ phần Dịch vụ Bảo dưỡng Sửa chữa Công trình Dầu khí",
        "PVMR", 3, 3, public=False,
    ),
    DirectUnion(
        "PVTOUR", "Công đoàn Công ty Cổ phần Du lịch Dầu khí", "PV Tour", 1, 2, public=False, office=True
    ),
    DirectUnion(
        "PVMED", "Công đoàn Trung tâm Y tế Dầu khí", "Y tế Dầu khí", 2, 2, public=False, office=True
    ),
    DirectUnion(
        "PVSAFETY", "Công đoàn Trung tâm Ứng phó Sự cố Tràn dầu", "Ứng phó Sự cố", 1, 2,
        public=False,
    ),
    DirectUnion(
        "PVINVEST", "Công đoàn Công ty Cổ phần Đầu tư Phát triển Dầu khí", "PV Invest", 2, 2,
        public=False, office=True,
    ),
)  # fmt: skip

# Workplaces a grassroots union is typically built around; used after a direct
# union's well-known subsidiaries run out, in a per-union shuffled order.
BRANCHES: tuple[str, ...] = (
    "Chi nhánh Hà Nội", "Chi nhánh Thành phố Hồ Chí Minh", "Chi nhánh Vũng Tàu",
    "Chi nhánh Đà Nẵng", "Chi nhánh Cần Thơ", "Chi nhánh Hải Phòng", "Chi nhánh Quảng Ngãi",
    "Chi nhánh Thanh Hóa", "Chi nhánh Cà Mau", "Chi nhánh Đồng Nai", "Chi nhánh Bình Dương",
    "Chi nhánh Nghệ An", "Chi nhánh Khánh Hòa",
)  # fmt: skip
INDUSTRIAL_WORKPLACES: tuple[str, ...] = (
    *BRANCHES,
    "Xí nghiệp Sửa chữa Thiết bị", "Xí nghiệp Vận tải", "Xí nghiệp Dịch vụ Kỹ thuật",
    "Xưởng Bảo dưỡng", "Xưởng Cơ khí", "Xưởng Vận hành", "Trung tâm Điều độ",
    "Trung tâm Đào tạo", "Trung tâm Công nghệ Thông tin", "Ban Quản lý Dự án",
    "Khối Văn phòng", "Phòng Thí nghiệm", "Kho cảng", "Đội tàu", "Trạm phân phối",
)  # fmt: skip
OFFICE_WORKPLACES: tuple[str, ...] = (
    *BRANCHES,
    "Trung tâm Đào tạo", "Trung tâm Công nghệ Thông tin", "Trung tâm Dịch vụ Khách hàng",
    "Khối Văn phòng", "Ban Quản lý Dự án", "Phòng Thí nghiệm",
)  # fmt: skip

# Trade-union groups ("tổ công đoàn") below some grassroots unions.
INDUSTRIAL_GROUPS: tuple[str, ...] = (
    "Ca vận hành 1", "Ca vận hành 2", "Ca vận hành 3", "Phòng Kỹ thuật",
    "Phân xưởng Sửa chữa", "Đội xe", "Kho vật tư", "Văn phòng",
)  # fmt: skip
OFFICE_GROUPS: tuple[str, ...] = (
    "Phòng Kinh doanh", "Phòng Tài chính – Kế toán", "Phòng Tổ chức – Nhân sự",
    "Phòng Kỹ thuật", "Phòng Pháp chế", "Văn phòng",
)  # fmt: skip
