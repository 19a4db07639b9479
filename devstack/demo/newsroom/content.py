"""Demo texts of the newsroom, written for the demo union (fictional events).

Days are counted back from the day the demo is loaded, so the site always
looks current; the congress is always a few weeks ahead.
"""

from typing import Any

CONGRESS_TAG = "Đại hội VII"
CONGRESS_IN_DAYS = 24

ROOT_SECTIONS = [
    ("tin-tuc-su-kien", "Tin tức - Sự kiện", "Hoạt động của Công đoàn Dầu khí Việt Nam."),
    ("tuyen-giao-cac-cap", "Tuyên giáo các cấp", "Công tác tuyên truyền ở các công đoàn."),
    ("an-toan-ve-sinh-lao-dong", "An toàn - Vệ sinh lao động", "Vì người lao động an toàn."),
    ("cham-lo-doi-song", "Chăm lo đời sống", "Việc làm, thu nhập, phúc lợi của đoàn viên."),
    ("van-hoa-the-thao", "Văn hóa - Thể thao", "Phong trào văn nghệ, thể thao công nhân."),
]

UNIT_SECTIONS = [
    ("tin-hoat-dong", "Tin hoạt động", "Tin tức từ công đoàn đơn vị."),
    ("tuyen-giao", "Tuyên giáo", "Tuyên truyền, phổ biến chính sách tại đơn vị."),
]

# section slug, title, lead, paragraphs, tags, days ago, featured
ROOT_ARTICLES: list[dict[str, Any]] = [
    {
        "section": "tin-tuc-su-kien",
        "title": "Khẩn trương chuẩn bị Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII",
        "lead": "Ban Chấp hành Công đoàn Dầu khí Việt Nam họp phiên mở rộng, thống nhất "
        "kế hoạch tổ chức Đại hội lần thứ VII và phân công nhiệm vụ cho các tiểu ban.",
        "paragraphs": [
            "Phiên họp đã nghe báo cáo tiến độ chuẩn bị văn kiện, nhân sự, công tác tuyên "
            "truyền và hậu cần. Các tiểu ban được giao hoàn thiện dự thảo báo cáo chính trị "
            "trước khi lấy ý kiến rộng rãi của đoàn viên.",
            "Theo kế hoạch, đại hội công đoàn các cấp trực thuộc phải hoàn thành trước thời "
            "điểm khai mạc đại hội ngành. Mỗi công đoàn cơ sở được đề nghị cập nhật tin bài "
            "về đại hội của mình lên trang thông tin điện tử và các kênh mạng xã hội.",
            "Đồng chí Chủ tịch nhấn mạnh: đại hội phải thực sự là ngày hội của người lao "
            "động dầu khí, nơi mỗi đoàn viên được nói lên tiếng nói của mình.",
        ],
        "quote": (
            "Đại hội phải thực sự là ngày hội của người lao động dầu khí.",
            "Chủ tịch Công đoàn",
        ),
        "tags": [CONGRESS_TAG, "Ban Chấp hành"],
        "days_ago": 2,
        "featured": True,
    },
    {
        "section": "tin-tuc-su-kien",
        "title": "Lấy ý kiến đoàn viên vào dự thảo văn kiện đại hội",
        "lead": "Hơn một nghìn ý kiến góp ý đã được gửi về qua hộp thư điện tử, biểu mẫu trực "
        "tuyến và các buổi đối thoại tại đơn vị.",
        "paragraphs": [
            "Các ý kiến tập trung vào việc làm, tiền lương, nhà ở cho công nhân và chế độ "
            "cho người lao động làm việc trên giàn khoan ngoài khơi.",
            "Tiểu ban văn kiện cho biết mọi ý kiến đều được tổng hợp, phân loại và trả lời "
            "công khai trên trang tin của Công đoàn Dầu khí Việt Nam.",
        ],
        "tags": [CONGRESS_TAG, "Góp ý văn kiện"],
        "days_ago": 5,
    },
    {
        "section": "tin-tuc-su-kien",
        "title": "Đại hội điểm cấp cơ sở thành công, rút kinh nghiệm cho toàn ngành",
        "lead": "Đại hội điểm tại một công đoàn cơ sở khối chế biến khí diễn ra đúng quy "
        "trình, bầu đủ số lượng ban chấp hành với tỷ lệ tín nhiệm cao.",
        "paragraphs": [
            "Đại hội điểm được tổ chức để các đơn vị khác tham khảo cách chuẩn bị văn kiện, "
            "giới thiệu nhân sự và điều hành thảo luận.",
            "Đoàn công tác của Công đoàn ngành ghi nhận việc ứng dụng trình chiếu, biểu quyết "
            "điện tử giúp tiết kiệm thời gian và minh bạch kết quả.",
        ],
        "tags": [CONGRESS_TAG],
        "days_ago": 9,
    },
    {
        "section": "tin-tuc-su-kien",
        "title": "Công đoàn ngành gặp mặt cán bộ công đoàn nghỉ hưu",
        "lead": "Buổi gặp mặt ấm cúng là dịp ôn lại truyền thống và tri ân những người đã "
        "đặt nền móng cho phong trào công nhân dầu khí.",
        "paragraphs": [
            "Nhiều cán bộ lão thành xúc động kể lại những năm tháng đầu tiên xây dựng tổ "
            "chức công đoàn tại các công trường, giàn khoan.",
            "Ban Thường vụ mong muốn các cô, chú tiếp tục đồng hành, góp ý cho công tác "
            "công đoàn trong nhiệm kỳ mới.",
        ],
        "tags": ["Truyền thống"],
        "days_ago": 16,
    },
    {
        "section": "tuyen-giao-cac-cap",
        "title": "Tập huấn kỹ năng viết tin bài cho cán bộ tuyên giáo cơ sở",
        "lead": "Hơn tám mươi cán bộ phụ trách truyền thông của các công đoàn cơ sở được "
        "hướng dẫn cách viết tin ngắn, chụp ảnh bằng điện thoại và đăng bài lên trang tin.",
        "paragraphs": [
            "Giảng viên nhấn mạnh nguyên tắc viết tin: trả lời đủ ai, làm gì, ở đâu, khi "
            "nào, vì sao; câu ngắn, số liệu chính xác, ảnh có chú thích đầy đủ.",
            "Các học viên thực hành ngay trên hệ thống: soạn bài, gửi duyệt và theo dõi bài "
            "được xuất bản trên trang của đơn vị mình.",
            "Kết thúc lớp học, mỗi công đoàn cơ sở cam kết có ít nhất hai tin bài mỗi tháng "
            "về hoạt động của đơn vị.",
        ],
        "tags": ["Tập huấn", "Truyền thông"],
        "days_ago": 3,
    },
    {
        "section": "tuyen-giao-cac-cap",
        "title": "Mỗi cán bộ công đoàn là một tuyên truyền viên trên mạng xã hội",
        "lead": "Công đoàn ngành phát động đoàn viên chia sẻ thông tin chính thống, góp phần "
        "lan tỏa hình ảnh đẹp của người lao động dầu khí.",
        "paragraphs": [
            "Mỗi tuần, ban tuyên giáo gửi tới các đơn vị một bộ nội dung gồm ảnh, video "
            "ngắn và lời giới thiệu soạn sẵn để đoàn viên chia sẻ.",
            "Đoàn viên được khuyến khích kiểm chứng thông tin trước khi chia sẻ, không lan "
            "truyền tin chưa rõ nguồn gốc.",
        ],
        "tags": ["Mạng xã hội", "Truyền thông"],
        "days_ago": 6,
    },
    {
        "section": "tuyen-giao-cac-cap",
        "title": "100% công đoàn trực thuộc có trang mạng xã hội hoạt động",
        "lead": "Sau sáu tháng triển khai, toàn bộ công đoàn trực thuộc đã có ít nhất một "
        "kênh mạng xã hội hoạt động thường xuyên.",
        "paragraphs": [
            "Nhiều đơn vị duy trì cả trang Facebook và tài khoản Zalo chính thức, đăng tin "
            "đều đặn về hoạt động chăm lo đoàn viên.",
            "Ban tuyên giáo sẽ tiếp tục theo dõi, nhắc nhở những kênh lâu không cập nhật và "
            "hỗ trợ đơn vị gặp khó khăn về nhân lực.",
        ],
        "numbers": (
            "Kết quả sau sáu tháng",
            [("100%", "công đoàn trực thuộc có kênh mạng xã hội"), ("312", "tin bài mỗi tháng")],
        ),
        "tags": ["Mạng xã hội"],
        "days_ago": 12,
    },
    {
        "section": "tuyen-giao-cac-cap",
        "title": "Bản tin công đoàn số tháng này: chuyên đề an toàn trên giàn khoan",
        "lead": "Bản tin điện tử tháng này dành nhiều trang cho những tấm gương làm việc an "
        "toàn và kinh nghiệm phòng ngừa tai nạn ngoài khơi.",
        "paragraphs": [
            "Bản tin được gửi qua thư điện tử tới đoàn viên đã đăng ký và in để phát tại "
            "các căn cứ dịch vụ.",
            "Ban biên tập mong nhận thêm bài viết, ảnh của đoàn viên cho các số tiếp theo.",
        ],
        "tags": ["Bản tin"],
        "days_ago": 20,
    },
    {
        "section": "an-toan-ve-sinh-lao-dong",
        "title": "Phát động Tháng hành động về an toàn, vệ sinh lao động",
        "lead": "Lễ phát động được tổ chức đồng loạt tại các đơn vị với chủ đề tăng cường "
        "nhận diện mối nguy, chủ động phòng ngừa rủi ro.",
        "paragraphs": [
            "Trong tháng, các đơn vị rà soát nội quy, kiểm tra thiết bị có yêu cầu nghiêm "
            "ngặt về an toàn và tổ chức diễn tập ứng cứu sự cố.",
            "Mạng lưới an toàn vệ sinh viên được tập huấn lại kỹ năng phát hiện, báo cáo "
            "tình huống nguy hiểm.",
            "Công đoàn ngành đề nghị mỗi tổ công đoàn có ít nhất một sáng kiến cải thiện "
            "điều kiện làm việc.",
        ],
        "tags": ["An toàn lao động", "Tháng hành động"],
        "days_ago": 4,
        "featured": True,
    },
    {
        "section": "an-toan-ve-sinh-lao-dong",
        "title": "Diễn tập ứng phó sự cố tràn dầu tại cảng dịch vụ",
        "lead": "Cuộc diễn tập huy động tàu chuyên dụng, phao quây và hơn một trăm người "
        "tham gia, kiểm tra khả năng phối hợp giữa các lực lượng.",
        "paragraphs": [
            "Tình huống giả định là sự cố rò rỉ tại bến xuất, dầu loang trên mặt nước.",
            "Ban chỉ huy đánh giá các lực lượng triển khai nhanh, đúng phương án.",
        ],
        "tags": ["An toàn lao động"],
        "days_ago": 11,
    },
    {
        "section": "an-toan-ve-sinh-lao-dong",
        "title": "Tuyên dương an toàn vệ sinh viên tiêu biểu",
        "lead": "Ba mươi an toàn vệ sinh viên được khen thưởng vì phát hiện kịp thời nguy cơ "
        "và đề xuất giải pháp thiết thực.",
        "paragraphs": [
            "Nhiều đề xuất đã được áp dụng, như lắp thêm biển cảnh báo ở khu vực bồn chứa "
            "và cải tiến quy trình khóa thẻ khi bảo dưỡng thiết bị.",
            "Công đoàn ngành sẽ nhân rộng các sáng kiến này trong toàn ngành.",
        ],
        "tags": ["An toàn lao động", "Khen thưởng"],
        "days_ago": 25,
    },
    {
        "section": "cham-lo-doi-song",
        "title": "Tết Sum vầy: trao quà cho đoàn viên có hoàn cảnh khó khăn",
        "lead": "Chương trình Tết Sum vầy năm nay trao hàng nghìn suất quà và hỗ trợ vé xe "
        "cho công nhân về quê đón Tết.",
        "paragraphs": [
            "Ưu tiên những đoàn viên bị bệnh hiểm nghèo, gia đình gặp thiên tai và công "
            "nhân làm việc xa nhà dịp Tết.",
            "Nhiều đơn vị tổ chức phiên chợ Tết công đoàn với hàng hóa giảm giá, gian hàng "
            "không đồng cho người lao động.",
        ],
        "tags": ["Tết Sum vầy", "Chăm lo"],
        "days_ago": 8,
    },
    {
        "section": "cham-lo-doi-song",
        "title": "Đối thoại với người lao động về tiền lương và chế độ ca kíp",
        "lead": "Hội nghị đối thoại giúp người lao động trực tiếp nêu ý kiến với lãnh đạo "
        "doanh nghiệp về tiền lương, ăn ca và thời gian nghỉ ngơi.",
        "paragraphs": [
            "Các kiến nghị được trả lời ngay tại hội nghị; những nội dung cần nghiên cứu "
            "được ghi nhận kèm thời hạn trả lời cụ thể.",
            "Công đoàn cơ sở sẽ giám sát việc thực hiện các cam kết sau đối thoại.",
        ],
        "tags": ["Đối thoại", "Chăm lo"],
        "days_ago": 14,
    },
    {
        "section": "cham-lo-doi-song",
        "title": "Ký kết thỏa ước lao động tập thể với nhiều điều khoản có lợi hơn luật",
        "lead": "Thỏa ước mới bổ sung chế độ khám sức khỏe chuyên sâu, hỗ trợ nhà ở và quà "
        "sinh nhật cho đoàn viên.",
        "paragraphs": [
            "Dự thảo thỏa ước đã được lấy ý kiến tại tất cả các tổ công đoàn trước khi ký.",
            "Công đoàn sẽ phổ biến nội dung thỏa ước tới từng người lao động.",
        ],
        "tags": ["Thỏa ước", "Chăm lo"],
        "days_ago": 30,
    },
    {
        "section": "van-hoa-the-thao",
        "title": "Giải chạy trực tuyến “Dầu khí vươn xa” thu hút hàng nghìn vận động viên",
        "lead": "Trong ba tuần, đoàn viên trên bờ và ngoài giàn cùng ghi nhận quãng đường "
        "chạy qua ứng dụng, góp quỹ hỗ trợ con đoàn viên khó khăn.",
        "paragraphs": [
            "Mỗi ki-lô-mét hoàn thành được nhà tài trợ quy đổi thành tiền ủng hộ quỹ học "
            "bổng của công đoàn.",
            "Nhiều đội chạy tận dụng giờ nghỉ ca trên giàn khoan để tập luyện trên máy chạy "
            "bộ, tạo nên hình ảnh đẹp của người lao động dầu khí.",
        ],
        "numbers": (
            "Giải chạy qua những con số",
            [("3.450", "vận động viên"), ("98.700 km", "quãng đường"), ("410", "suất học bổng")],
        ),
        "tags": ["Giải chạy", "Thể thao"],
        "days_ago": 7,
    },
    {
        "section": "van-hoa-the-thao",
        "title": "Hội diễn văn nghệ quần chúng chào mừng đại hội",
        "lead": "Mười hai đội văn nghệ mang đến những tiết mục ca ngợi quê hương, đất nước "
        "và người lao động dầu khí.",
        "paragraphs": [
            "Nhiều tiết mục do chính công nhân sáng tác, dàn dựng sau giờ làm việc.",
            "Ban tổ chức trao giải nhất cho tiết mục hát múa về những người thợ khoan.",
        ],
        "tags": [CONGRESS_TAG, "Văn nghệ"],
        "days_ago": 10,
    },
    {
        "section": "van-hoa-the-thao",
        "title": "Tháng Công nhân: chương trình “Vì sức khỏe người lao động”",
        "lead": "Chuỗi hoạt động khám sức khỏe, tập thể dục giữa ca và tư vấn dinh dưỡng "
        "được tổ chức tại các nhà máy trong Tháng Công nhân.",
        "paragraphs": [
            "Bài tập thể dục giữa ca được hướng dẫn qua video, mỗi ca dành mười phút để "
            "người lao động thư giãn.",
            "Các bác sĩ tư vấn cách phòng bệnh nghề nghiệp cho người làm việc ca đêm.",
        ],
        "tags": ["Tháng Công nhân", "Sức khỏe"],
        "days_ago": 18,
    },
    {
        "section": "van-hoa-the-thao",
        "title": "Cuộc thi ảnh “Nét đẹp người lao động dầu khí” nhận hơn 600 tác phẩm",
        "lead": "Các tác phẩm ghi lại khoảnh khắc lao động trên giàn, trong nhà máy và những "
        "sinh hoạt đời thường giản dị.",
        "paragraphs": [
            "Ban giám khảo đánh giá cao tính chân thực và cảm xúc của nhiều bức ảnh chụp "
            "bằng điện thoại.",
            "Các ảnh đoạt giải sẽ được triển lãm tại đại hội và đăng trong thư viện ảnh "
            "của trang tin.",
        ],
        "tags": ["Cuộc thi ảnh", CONGRESS_TAG],
        "days_ago": 22,
    },
    {
        "section": "tin-tuc-su-kien",
        "title": "Hội nghị sơ kết công tác truyền thông sáu tháng",
        "lead": "Hội nghị đánh giá kết quả truyền thông trên ba kênh: bản tin, trang tin điện "
        "tử và mạng xã hội, đồng thời đặt mục tiêu cho sáu tháng cuối năm.",
        "paragraphs": [
            "Số tin bài đăng trên trang tin của các đơn vị tăng gần gấp đôi so với cùng kỳ.",
            "Hội nghị thống nhất các chỉ tiêu: mỗi đơn vị có kênh mạng xã hội hoạt động, "
            "mỗi tháng ít nhất một bản tin.",
        ],
        "tags": ["Truyền thông", "Sơ kết"],
        "days_ago": 35,
    },
    {
        "section": "tuyen-giao-cac-cap",
        "title": "Xử lý thông tin sai lệch trên mạng: cán bộ công đoàn cần làm gì?",
        "lead": "Khi phát hiện thông tin sai sự thật về đơn vị, cán bộ công đoàn cần bình "
        "tĩnh xác minh, báo cáo và phối hợp đưa thông tin chính xác.",
        "paragraphs": [
            "Bước đầu tiên là lưu lại bằng chứng, xác định nguồn và mức độ lan truyền.",
            "Sau khi xác minh, công đoàn phối hợp với chuyên môn đăng thông tin chính thức "
            "trên các kênh của đơn vị và trả lời đoàn viên.",
        ],
        "tags": ["Thông tin sai lệch", "Truyền thông"],
        "days_ago": 27,
    },
    {
        "section": "cham-lo-doi-song",
        "title": "Mái ấm công đoàn: bàn giao nhà cho đoàn viên khó khăn về nhà ở",
        "lead": "Ba căn nhà được xây mới từ quỹ Mái ấm công đoàn và sự đóng góp của đồng "
        "nghiệp đã được bàn giao trước mùa mưa bão.",
        "paragraphs": [
            "Các gia đình nhận nhà đều có hoàn cảnh đặc biệt khó khăn, nhà cũ xuống cấp.",
            "Công đoàn cơ sở cùng đoàn viên góp ngày công xây dựng.",
        ],
        "tags": ["Mái ấm công đoàn", "Chăm lo"],
        "days_ago": 40,
    },
    {
        "section": "an-toan-ve-sinh-lao-dong",
        "title": "Hướng dẫn phòng chống nắng nóng cho người lao động ngoài trời",
        "lead": "Công đoàn ngành khuyến cáo bố trí giờ làm việc hợp lý, bổ sung nước uống và "
        "chỗ nghỉ có bóng mát trong những ngày nắng nóng.",
        "paragraphs": [
            "Người lao động cần nhận biết sớm dấu hiệu say nắng: chóng mặt, buồn nôn, da "
            "nóng đỏ, để kịp thời nghỉ ngơi và sơ cứu.",
            "Các đơn vị được đề nghị kiểm tra việc cấp phát nước uống, mũ, áo chống nắng.",
        ],
        "tags": ["An toàn lao động", "Sức khỏe"],
        "days_ago": 45,
    },
    {
        "section": "tin-tuc-su-kien",
        "title": "Trao tặng học bổng cho con đoàn viên vượt khó học giỏi",
        "lead": "Hơn bốn trăm suất học bổng từ quỹ của giải chạy trực tuyến được trao tận tay "
        "các em học sinh, sinh viên.",
        "paragraphs": [
            "Nhiều em là con của người lao động đã mất do tai nạn lao động hoặc bệnh hiểm nghèo.",
            "Công đoàn ngành sẽ tiếp tục đồng hành cùng các em trong những năm học tới.",
        ],
        "tags": ["Học bổng", "Chăm lo"],
        "days_ago": 50,
    },
]

UNIT_ARTICLE_TEMPLATES: list[dict[str, Any]] = [
    {
        "section": "tin-hoat-dong",
        "title": "{short} tổ chức đại hội công đoàn nhiệm kỳ mới",
        "lead": "Đại hội {name} đã bầu ban chấp hành khóa mới và thông qua chương trình hành "
        "động chăm lo cho người lao động.",
        "paragraphs": [
            "Đại biểu thảo luận sôi nổi về việc làm, thu nhập và điều kiện làm việc.",
            "Đại hội cũng bầu đoàn đại biểu dự Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII.",
        ],
        "tags": [CONGRESS_TAG],
        "days_ago": 13,
    },
    {
        "section": "tin-hoat-dong",
        "title": "{short} thăm hỏi công nhân làm việc ca đêm",
        "lead": "Ban chấp hành {name} đến tận nơi làm việc động viên người lao động trực ca "
        "đêm, tặng quà và lắng nghe tâm tư.",
        "paragraphs": [
            "Nhiều ý kiến đề nghị cải thiện bữa ăn giữa ca và phòng nghỉ cho người trực ca.",
        ],
        "tags": ["Chăm lo"],
        "days_ago": 6,
    },
    {
        "section": "tuyen-giao",
        "title": "{short} hưởng ứng Tháng hành động về an toàn, vệ sinh lao động",
        "lead": "{name} treo băng rôn, tổ chức kiểm tra chéo và thi tìm hiểu về an toàn lao "
        "động trong toàn đơn vị.",
        "paragraphs": [
            "Mỗi tổ công đoàn cử người tham gia hội thi an toàn vệ sinh viên giỏi.",
        ],
        "tags": ["An toàn lao động", "Tháng hành động"],
        "days_ago": 4,
    },
]

ALBUMS = [
    ("thang-cong-nhan", "Tháng Công nhân: những khoảnh khắc đẹp", "Tháng Công nhân", 6),
    ("giai-chay-dau-khi-vuon-xa", "Giải chạy “Dầu khí vươn xa”", "Giải chạy", 6),
    ("chuan-bi-dai-hoi-vii", "Chuẩn bị Đại hội VII", "Đại hội VII", 5),
]

LINKS = [
    ("Tổng Liên đoàn Lao động Việt Nam", "https://www.congdoan.vn/"),
    ("Báo Lao Động", "https://laodong.vn/"),
    ("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam", "https://www.pvn.vn/"),
]

TERM_NUMBERS = (
    "Những con số ấn tượng nhiệm kỳ 2018–2023",
    [
        ("62.000", "đoàn viên công đoàn"),
        ("1.250", "sáng kiến được công nhận"),
        ("3.100", "lượt đoàn viên được hỗ trợ khi khó khăn"),
        ("148", "căn nhà Mái ấm công đoàn"),
        ("100%", "công đoàn trực thuộc có kênh mạng xã hội"),
        ("9.800", "tin bài trên trang tin các cấp"),
    ],
)

GUIDANCE_DOCUMENTS = [
    (
        "Hướng dẫn tổ chức đại hội công đoàn cơ sở",
        [
            "Đại hội công đoàn cơ sở được tổ chức theo Điều lệ Công đoàn Việt Nam.",
            "Ban chấp hành chuẩn bị báo cáo, dự kiến nhân sự và thông báo cho đoàn viên "
            "ít nhất mười ngày trước đại hội.",
            "Kết quả đại hội được báo cáo lên công đoàn cấp trên trong năm ngày làm việc.",
        ],
    ),
    (
        "Hướng dẫn tuyên truyền Đại hội VII trên mạng xã hội",
        [
            "Sử dụng bộ nhận diện chung: ảnh bìa, khung ảnh đại diện, thẻ #DaiHoiVII.",
            "Mỗi kênh đăng ít nhất hai bài mỗi tuần trong giai đoạn trước đại hội.",
            "Không đăng tải văn kiện khi chưa được phép công bố.",
        ],
    ),
    (
        "Đề cương tuyên truyền Đại hội Công đoàn Dầu khí Việt Nam lần thứ VII",
        [
            "Ý nghĩa của đại hội đối với người lao động dầu khí.",
            "Kết quả nổi bật nhiệm kỳ 2018–2023 và phương hướng nhiệm kỳ mới.",
            "Các hoạt động thi đua chào mừng đại hội.",
        ],
    ),
]
