from django import forms

from lantoa.contests.services.entries import MAX_IMAGE_BYTES


class EntryForm(forms.Form):
    image = forms.ImageField(
        label="Ảnh dự thi (JPEG, PNG hoặc WebP)",
        help_text=f"Cạnh ngắn từ 800 điểm ảnh, tối đa {MAX_IMAGE_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    title = forms.CharField(label="Tên ảnh", max_length=200)
    description = forms.CharField(
        label="Câu chuyện của bức ảnh",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    location = forms.CharField(label="Địa điểm chụp", required=False, max_length=200)
    taken_on = forms.DateField(
        label="Ngày chụp",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    credit = forms.CharField(
        label="Ghi tên tác giả khi đăng",
        max_length=200,
        help_text="Ví dụ: Ảnh: Nguyễn Văn An, CĐCS Khí Vũng Tàu",
    )
    consent_author = forms.BooleanField(
        label="Tôi là tác giả của bức ảnh và ảnh chưa đoạt giải ở cuộc thi khác.", required=False
    )
    consent_subjects = forms.BooleanField(
        label="Những người có thể nhận ra trong ảnh đã đồng ý cho dự thi và đăng ảnh.",
        required=False,
    )
    consent_publish = forms.BooleanField(
        label="Tôi đồng ý để công đoàn đăng ảnh, kèm tên tác giả, trên trang tin và kênh "
        "truyền thông của công đoàn.",
        required=False,
    )


class ScoreForm(forms.Form):
    score = forms.IntegerField(label="Điểm", min_value=0, max_value=100)
    note = forms.CharField(
        label="Nhận xét", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
