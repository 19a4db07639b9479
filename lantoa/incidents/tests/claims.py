"""Facts and paraphrased claims for the matcher's acceptance test and bench.

Thirty facts of the kind a union keeps (congress dates, figures, decisions;
synthetic, for tests) and 124 claims written for the tests the way rumours
are typed on Facebook and Zalo: paraphrased, never copied from the fact, a
little over half without diacritics, some with teencode. Each claim names
the fact that answers it.
"""

FACTS: dict[str, tuple[str, str]] = {
    # key: (statement, keywords: how people talk about it)
    "dai_hoi_date": (
        "Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII, nhiệm kỳ 2023–2028, họp từ ngày "
        "18 đến 20/7/2023 tại Hà Nội đúng kế hoạch.",
        "đại hội hoãn, lùi đại hội, ngày đại hội, đại hội công đoàn ngành",
    ),
    "dai_hoi_delegates": (
        "Đại hội có 300 đại biểu chính thức, tất cả được bầu từ đại hội các công đoàn "
        "trực thuộc; không có đại biểu chỉ định.",
        "đại biểu, chỉ định đại biểu, số đại biểu, bầu đại biểu",
    ),
    "chairman_election": (
        "Chủ tịch Công đoàn Dầu khí Việt Nam do Ban Chấp hành bầu bằng phiếu kín tại phiên "
        "họp thứ nhất sau Đại hội.",
        "bầu chủ tịch, chủ tịch công đoàn, phiếu kín, sắp đặt chủ tịch, cơ cấu sẵn",
    ),
    "union_fee": (
        "Đoàn phí công đoàn là 1% tiền lương đóng bảo hiểm xã hội, tối đa 10% mức lương cơ "
        "sở; năm 2025 không tăng đoàn phí.",
        "đoàn phí, tăng đoàn phí, thu phí công đoàn, 1% lương",
    ),
    "union_funding": (
        "Kinh phí công đoàn do doanh nghiệp đóng bằng 2% quỹ tiền lương, không trừ vào lương "
        "người lao động.",
        "kinh phí công đoàn, 2% quỹ lương, trừ lương, doanh nghiệp đóng",
    ),
    "tet_bonus": (
        "Thưởng Tết do doanh nghiệp quyết định theo quy chế thưởng; công đoàn không giữ lại "
        "hay cắt khoản thưởng nào của người lao động.",
        "thưởng tết, cắt thưởng, công đoàn giữ tiền thưởng, ăn chặn thưởng",
    ),
    "tet_gifts": (
        "Chương trình Tết Sum vầy 2025 trao 1.200 suất quà, mỗi suất 1.000.000 đồng, cho đoàn "
        "viên có hoàn cảnh khó khăn.",
        "quà tết, tết sum vầy, suất quà, chia quà, quà công đoàn",
    ),
    "layoffs_bsr": (
        "BSR không có kế hoạch cắt giảm lao động năm 2025; Nhà máy Lọc dầu Dung Quất vận hành "
        "ổn định.",
        "cắt giảm lao động, sa thải, mất việc, BSR, Dung Quất, cho nghỉ việc",
    ),
    "refinery_fire": (
        "Ngày 12/3/2025 không có vụ cháy nổ nào tại Nhà máy Lọc dầu Dung Quất; cột khói là do "
        "đốt đuốc an toàn theo quy trình.",
        "cháy nổ nhà máy, nổ lọc dầu, khói đen, đuốc đốt, cháy Dung Quất",
    ),
    "overtime_pay": (
        "Làm thêm giờ ngày thường được trả ít nhất 150% tiền lương, ngày nghỉ hằng tuần 200%, "
        "ngày lễ, Tết 300% theo Bộ luật Lao động 2019.",
        "làm thêm giờ, tăng ca, tiền tăng ca, lương làm thêm, OT",
    ),
    "retirement_age": (
        "Tuổi nghỉ hưu năm 2025 là 61 tuổi 3 tháng với nam và 56 tuổi 8 tháng với nữ trong "
        "điều kiện lao động bình thường.",
        "tuổi nghỉ hưu, về hưu, tuổi hưu, nghỉ hưu sớm",
    ),
    "bhxh_lump_sum": (
        "Luật Bảo hiểm xã hội 2024 không cấm rút bảo hiểm xã hội một lần; người tham gia "
        "trước 1/7/2025 vẫn được rút nếu đủ điều kiện.",
        "rút bảo hiểm một lần, BHXH một lần, cấm rút bảo hiểm, rút sổ",
    ),
    "leader_impersonation": (
        "Chủ tịch Công đoàn Dầu khí Việt Nam không dùng Zalo, Facebook cá nhân để vay tiền hay "
        "nhờ chuyển khoản; các tài khoản làm việc đó là giả mạo.",
        "mạo danh chủ tịch, vay tiền, chuyển khoản, tài khoản giả, nhờ chuyển tiền",
    ),
    "official_pages": (
        "Kênh chính thức của Công đoàn Dầu khí Việt Nam là trang congdoandaukhi.vn, Fanpage và "
        "Zalo OA có dấu xác thực; các trang khác mang tên công đoàn là giả mạo.",
        "trang giả mạo, fanpage chính thức, trang chính thức, page giả",
    ),
    "merger": (
        "Không có chủ trương sáp nhập Công đoàn Dầu khí Việt Nam vào công đoàn khác trong "
        "nhiệm kỳ 2023–2028.",
        "sáp nhập, giải thể công đoàn ngành, nhập công đoàn, xóa công đoàn ngành",
    ),
    "race_fee": (
        "Giải chạy trực tuyến «Công nhân Dầu khí khỏe» miễn phí đăng ký, không thu tiền và "
        "không yêu cầu chuyển khoản.",
        "giải chạy, phí đăng ký, thu tiền giải chạy, chạy bộ online",
    ),
    "scholarship": (
        "Học bổng «Vì con em đoàn viên» 2025 trao 500 suất, mỗi suất 2.000.000 đồng; hồ sơ nộp "
        "qua công đoàn cơ sở, không qua người môi giới.",
        "học bổng, con đoàn viên, nộp tiền hồ sơ, môi giới học bổng",
    ),
    "housing": (
        "Dự án nhà ở xã hội cho công nhân dầu khí tại Vũng Tàu chưa mở bán; không ai được thu "
        "tiền đặt cọc.",
        "nhà ở xã hội, đặt cọc, mua nhà, suất nhà, chung cư công nhân",
    ),
    "safety_month": (
        "Tháng hành động về an toàn, vệ sinh lao động năm 2025 diễn ra từ 1/5 đến 31/5.",
        "tháng an toàn, an toàn vệ sinh lao động, tháng hành động, hủy tháng an toàn",
    ),
    "minimum_wage": (
        "Lương tối thiểu vùng I từ 1/7/2024 là 4.960.000 đồng/tháng; không có quyết định giảm "
        "lương tối thiểu.",
        "lương tối thiểu, giảm lương, lương vùng, lương cơ bản",
    ),
    "salary_paid": (
        "PV GAS đã trả đủ lương tháng 5/2025 cho người lao động đúng hạn ngày 5/6/2025.",
        "chậm lương, nợ lương, không trả lương, PV GAS, treo lương",
    ),
    "no_strike": (
        "Không có cuộc đình công, ngừng việc tập thể nào tại các đơn vị dầu khí trong năm 2025.",
        "đình công, ngừng việc, biểu tình, lãn công",
    ),
    "fake_document": (
        "Văn bản «kế hoạch cắt giảm 30% nhân sự» lan truyền trên mạng là giả: không có số hiệu, "
        "chữ ký hay con dấu nào như vậy.",
        "văn bản mật, tài liệu nội bộ, 30% nhân sự, văn bản giả, công văn rò rỉ",
    ),
    "health_check": (
        "Đoàn viên được khám sức khỏe định kỳ mỗi năm một lần do doanh nghiệp chi trả; công "
        "đoàn không thu thêm tiền khám.",
        "khám sức khỏe, thu tiền khám, khám định kỳ",
    ),
    "member_count": (
        "Công đoàn Dầu khí Việt Nam có khoảng 60.000 đoàn viên tại 40 công đoàn trực thuộc; số "
        "đoàn viên tăng so với nhiệm kỳ trước.",
        "số đoàn viên, bỏ công đoàn, đoàn viên rời, ra khỏi công đoàn",
    ),
    "paper_ballot": (
        "Bầu cử tại Đại hội bằng phiếu giấy, kiểm phiếu công khai trước đại biểu; không dùng "
        "phần mềm bỏ phiếu trực tuyến.",
        "bỏ phiếu điện tử, gian lận bầu cử, kiểm phiếu, phần mềm bầu",
    ),
    "shift_meal": (
        "Tiền ăn giữa ca tại các đơn vị dầu khí tối thiểu 50.000 đồng/suất từ 1/1/2025, không "
        "cắt giảm.",
        "bữa ăn ca, tiền ăn ca, cắt bữa ăn, suất ăn, cơm ca",
    ),
    "tet_holiday": (
        "Người lao động được nghỉ Tết Âm lịch 2025 năm ngày, từ 28/1 đến 1/2/2025, hưởng "
        "nguyên lương.",
        "nghỉ tết, lịch nghỉ tết, nghỉ không lương, ngày nghỉ tết",
    ),
    "grassroots_active": (
        "Công đoàn cơ sở Khí Vũng Tàu vẫn hoạt động bình thường; không có quyết định giải thể.",
        "giải thể công đoàn cơ sở, Khí Vũng Tàu, ngừng hoạt động",
    ),
    "workers_month": (
        "Tháng Công nhân năm 2025 diễn ra trong tháng 5 với chủ đề «Công nhân Dầu khí – Đoàn "
        "kết, sáng tạo, phát triển».",
        "tháng công nhân, chủ đề tháng công nhân, tháng năm",
    ),
}

CLAIMS: list[tuple[str, str]] = [
    # (fact key, claim as people write it)
    ("dai_hoi_date", "Nghe nói đại hội công đoàn dầu khí bị hoãn sang năm sau rồi"),
    ("dai_hoi_date", "dai hoi cong doan nganh lui lich vo thoi han vi thieu tien"),
    ("dai_hoi_date", "Đại hội lần thứ 7 không tổ chức ở Hà Nội nữa, dời vô Vũng Tàu tháng 9"),
    ("dai_hoi_date", "co tin dai hoi nhiem ky 2023 2028 bi huy, ai xac nhan giup"),
    ("dai_hoi_delegates", "Đại biểu đi đại hội toàn người được chỉ định sẵn, không ai bầu"),
    ("dai_hoi_delegates", "dai bieu dai hoi la do cap tren chon, anh em ko duoc bau"),
    ("dai_hoi_delegates", "Chỉ có 100 đại biểu thôi, còn lại là khách mời ngồi cho đông"),
    ("dai_hoi_delegates", "so dai bieu chinh thuc bi cat mot nua so voi thong bao"),
    (
        "chairman_election",
        "Chủ tịch công đoàn ngành đã được sắp đặt từ trước, bầu chỉ là hình thức",
    ),
    ("chairman_election", "chu tich cd duoc cap tren bo nhiem chu bau bo gi"),
    ("chairman_election", "Nghe đâu bầu chủ tịch giơ tay công khai, ai không giơ là bị ghi tên"),
    ("chairman_election", "ban chap hanh khong duoc bau chu tich, co san nguoi roi"),
    ("union_fee", "Từ tháng sau đoàn phí tăng lên 2% lương nha mọi người"),
    ("union_fee", "doan phi nam nay tang gap doi, tru thang vao luong"),
    ("union_fee", "Công đoàn thu phí 5% lương, vô lý quá"),
    ("union_fee", "dong phi cong doan 1 trieu moi thang ai chiu noi"),
    ("union_funding", "Cái khoản kinh phí công đoàn 2% là trừ vào lương của công nhân đó"),
    ("union_funding", "kinh phi cong doan la tien cua nguoi lao dong bi tru hang thang"),
    ("union_funding", "Doanh nghiệp không đóng gì, toàn lấy từ lương anh em ra nộp công đoàn"),
    ("union_funding", "2 phan tram quy luong nop cd la cat tu luong minh"),
    ("tet_bonus", "Công đoàn giữ lại thưởng Tết của công nhân để chi tiêu riêng"),
    ("tet_bonus", "thuong tet nam nay bi cong doan an chan mot nua"),
    ("tet_bonus", "Năm nay không có thưởng Tết vì công đoàn cắt hết"),
    ("tet_bonus", "cd cat thuong tet cua anh em de lam qua cho lanh dao"),
    ("tet_gifts", "Quà Tết Sum vầy chỉ phát cho người quen của ban chấp hành"),
    ("tet_gifts", "qua tet cong doan nam nay chi co 100 ngan moi suat"),
    ("tet_gifts", "Chương trình tặng quà Tết bị hủy, tiền đi đâu hết rồi?"),
    ("tet_gifts", "suat qua tet sum vay bi cat con co 200 suat"),
    ("layoffs_bsr", "BSR sắp sa thải hàng loạt công nhân nhà máy Dung Quất"),
    ("layoffs_bsr", "loc dau dung quat chuan bi cho nghi viec mot nua lao dong"),
    ("layoffs_bsr", "Nghe nói năm nay Bình Sơn cắt giảm người, ai còn hợp đồng ngắn là mất việc"),
    ("layoffs_bsr", "bsr cat giam lao dong 2025, anh em chuan bi tinh duong khac"),
    ("refinery_fire", "Nhà máy lọc dầu Dung Quất vừa nổ lớn, khói đen bốc cao"),
    ("refinery_fire", "chay no o nha may loc dau hom 12/3, co nguoi chet ma giau"),
    ("refinery_fire", "Clip cột khói đen ở Dung Quất, chắc chắn là cháy rồi"),
    ("refinery_fire", "no nha may dung quat sang nay, cong nhan chay toan loan"),
    ("overtime_pay", "Tăng ca ngày lễ chỉ được trả bằng lương ngày thường thôi"),
    ("overtime_pay", "lam them gio cong ty tra co 100% luong, luat moi vay"),
    ("overtime_pay", "OT cuối tuần giờ không được nhân đôi nữa"),
    ("overtime_pay", "tien tang ca ngay chu nhat bi giam con 120%"),
    ("retirement_age", "Từ năm nay nữ phải làm tới 65 tuổi mới được nghỉ hưu"),
    ("retirement_age", "tuoi nghi huu cua nam tang len 65 tu 2025"),
    ("retirement_age", "Nghe nói không ai được về hưu trước 62 tuổi nữa"),
    ("retirement_age", "ve huu nam 2025 nu 60 tuoi nam 62 tuoi dung ko"),
    ("bhxh_lump_sum", "Luật mới cấm rút bảo hiểm xã hội một lần, mất trắng tiền đóng"),
    ("bhxh_lump_sum", "tu 1/7 ko duoc rut bhxh 1 lan nua, lo rut gap di"),
    ("bhxh_lump_sum", "Ai nghỉ việc giờ không lấy lại được tiền bảo hiểm đã đóng"),
    ("bhxh_lump_sum", "rut so bao hiem mot lan bi cam hoan toan theo luat moi"),
    ("leader_impersonation", "Chủ tịch công đoàn nhắn Zalo nhờ chuyển gấp 20 triệu"),
    ("leader_impersonation", "chu tich cd ngang inbox muon tien, co phai that ko"),
    ("leader_impersonation", "Có tài khoản Facebook tên chủ tịch công đoàn đang vay tiền anh em"),
    ("leader_impersonation", "nick zalo cua chu tich nho chuyen khoan dong quy, nen chuyen ko"),
    ("official_pages", "Fanpage Công đoàn Dầu khí 24h có phải trang chính thức không?"),
    ("official_pages", "trang cong doan dau khi viet nam moi lap dang thu tien dang ky"),
    ("official_pages", "Page mới mang tên công đoàn ngành dầu khí đăng thông báo tuyển dụng"),
    ("official_pages", "zalo oa cong doan dau khi gia mao xin thong tin ca nhan"),
    ("merger", "Công đoàn Dầu khí sắp bị sáp nhập vào công đoàn Công Thương"),
    ("merger", "cong doan nganh dau khi giai the nam sau, nhap vao tong lien doan"),
    ("merger", "Nghe đâu công đoàn ngành bị xóa sổ trong đợt tinh gọn bộ máy"),
    ("merger", "sap nhap cong doan dau khi voi cong doan dien luc"),
    ("race_fee", "Giải chạy online của công đoàn bắt đóng 200 nghìn phí đăng ký"),
    ("race_fee", "chay bo cong nhan dau khi khoe phai chuyen khoan moi duoc tham gia"),
    ("race_fee", "Đăng ký giải chạy công đoàn mất phí, link chuyển tiền đây"),
    ("race_fee", "giai chay truc tuyen thu tien ao, ai dong chua"),
    ("scholarship", "Muốn có học bổng cho con phải nộp 500 nghìn làm hồ sơ"),
    ("scholarship", "hoc bong vi con em doan vien phai qua moi gioi moi co"),
    ("scholarship", "Học bổng con đoàn viên năm nay chỉ còn 50 suất"),
    ("scholarship", "co nguoi nhan lo hoc bong cong doan, dong tien la chac an"),
    ("housing", "Nhà ở xã hội cho công nhân dầu khí ở Vũng Tàu đang nhận cọc 50 triệu"),
    ("housing", "chung cu cong nhan vung tau mo ban roi, dat coc nhanh keo het suat"),
    ("housing", "Có người bán suất nhà ở xã hội dầu khí, chênh 200 triệu"),
    ("housing", "du an nha o xa hoi dau khi thu tien giu cho"),
    ("safety_month", "Năm nay hủy tháng hành động an toàn vệ sinh lao động"),
    ("safety_month", "thang an toan lao dong doi sang thang 8"),
    ("safety_month", "Tháng an toàn lao động 2025 không tổ chức vì cắt kinh phí"),
    ("safety_month", "khong con thang hanh dong ve an toan ve sinh lao dong nua"),
    ("minimum_wage", "Lương tối thiểu vùng sắp giảm xuống còn 4 triệu"),
    ("minimum_wage", "luong toi thieu vung 1 bi cat tu thang 7"),
    ("minimum_wage", "Nhà nước giảm lương cơ bản vùng I, công nhân thiệt"),
    ("minimum_wage", "luong vung giam roi, cong ty tinh lai luong"),
    ("salary_paid", "PV GAS nợ lương công nhân 3 tháng nay"),
    ("salary_paid", "pvgas cham tra luong thang 5, anh em chua nhan dong nao"),
    ("salary_paid", "Khí Việt Nam treo lương công nhân vì làm ăn thua lỗ"),
    ("salary_paid", "luong thang 5 o pv gas khong tra, cong doan im lang"),
    ("no_strike", "Công nhân dầu khí đình công đòi tăng lương"),
    ("no_strike", "co cuoc ngung viec tap the o vung tau hom qua"),
    ("no_strike", "Anh em đang lãn công phản đối cắt thưởng"),
    ("no_strike", "bieu tinh truoc cong nha may, co ai biet khong"),
    ("fake_document", "Lộ công văn cắt giảm 30% nhân sự toàn ngành"),
    ("fake_document", "tai lieu noi bo ve ke hoach cat giam 30 phan tram nhan vien bi ro ri"),
    ("fake_document", "Văn bản mật về cắt người đây, có cả chữ ký"),
    ("fake_document", "cong van cat giam nhan su 30% dang lan tren zalo"),
    ("health_check", "Khám sức khỏe định kỳ năm nay công đoàn thu mỗi người 300 nghìn"),
    ("health_check", "kham suc khoe dinh ky phai tu tra tien tu nam nay"),
    ("health_check", "Công đoàn bắt đóng tiền khám sức khỏe"),
    ("health_check", "nam nay ko duoc kham suc khoe mien phi nua"),
    ("member_count", "Đoàn viên bỏ công đoàn dầu khí hàng loạt"),
    ("member_count", "so doan vien giam mot nua, ai cung ra khoi cong doan"),
    ("member_count", "Công đoàn dầu khí chỉ còn 20 nghìn đoàn viên"),
    ("member_count", "doan vien roi cong doan vi thu phi cao"),
    ("paper_ballot", "Bầu cử đại hội dùng phần mềm, dễ gian lận lắm"),
    ("paper_ballot", "bo phieu dien tu tai dai hoi, ket qua da cai san"),
    ("paper_ballot", "Kiểm phiếu kín, không cho đại biểu xem"),
    ("paper_ballot", "dai hoi bau bang app, khong co phieu giay"),
    ("shift_meal", "Tiền ăn ca giảm còn 25 nghìn một suất"),
    ("shift_meal", "bua an giua ca bi cat tu dau nam"),
    ("shift_meal", "Cơm ca dầu khí giờ chỉ còn cơm với rau vì cắt tiền ăn"),
    ("shift_meal", "suat an ca giam con mot nua, cong doan ko len tieng"),
    ("tet_holiday", "Tết năm nay chỉ được nghỉ 3 ngày"),
    ("tet_holiday", "nghi tet 2025 khong huong luong"),
    ("tet_holiday", "Lịch nghỉ Tết Âm lịch bị cắt, đi làm mùng 2"),
    ("tet_holiday", "nghi tet am lich nam nay la nghi khong luong ha"),
    ("grassroots_active", "Công đoàn cơ sở Khí Vũng Tàu bị giải thể rồi"),
    ("grassroots_active", "cd co so khi vung tau ngung hoat dong tu thang nay"),
    ("grassroots_active", "Khí Vũng Tàu không còn công đoàn nữa, ai lo cho anh em"),
    ("grassroots_active", "giai the cong doan co so khi vung tau, doan phi tra lai ko"),
    ("workers_month", "Tháng Công nhân năm nay bị bỏ, không tổ chức gì"),
    ("workers_month", "thang cong nhan 2025 doi sang thang 10"),
    ("workers_month", "Chủ đề Tháng Công nhân là tăng ca vì doanh nghiệp à?"),
    ("workers_month", "thang cong nhan nam nay khong co chu de, chi lam hinh thuc"),
    # teencode and typos
    ("union_fee", "doan fi cd tang r, tru vao luong hang thang lun"),
    ("leader_impersonation", "ct cd nhan tin mượn tien gap, chuyen khoan cho ng nha"),
    ("layoffs_bsr", "bsr sa thai cn hang loat, ns that do"),
    ("bhxh_lump_sum", "ko dc rut bhxh 1 lan nua, mn rut ngay di"),
]
