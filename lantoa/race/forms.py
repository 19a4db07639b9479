from datetime import timedelta

from django import forms

from lantoa.race.choices import Sport
from lantoa.race.models import Race
from lantoa.race.services.activities import MAX_UPLOAD_BYTES


def _sport_choices(race: Race) -> list[tuple[str, str]]:
    return [(s, str(Sport(s).label)) for s in race.sports if s in Sport.values]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp hoạt động (GPX, FIT hoặc TCX)",
        help_text=f"Xuất từ Strava, Garmin Connect, … Tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".gpx,.fit,.tcx"}),
    )
    sport = forms.ChoiceField(label="Môn")

    def __init__(self, *args: object, race: Race, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sport"].choices = _sport_choices(race)  # type: ignore[attr-defined]


class ManualForm(forms.Form):
    sport = forms.ChoiceField(label="Môn")
    started_at = forms.DateTimeField(
        label="Bắt đầu lúc",
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    distance_km = forms.DecimalField(
        label="Quãng đường (km)", min_value=0, max_digits=6, decimal_places=2, localize=True
    )
    minutes = forms.IntegerField(label="Thời gian (phút)", min_value=1, max_value=48 * 60)

    def __init__(self, *args: object, race: Race, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sport"].choices = _sport_choices(race)  # type: ignore[attr-defined]

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.cleaned_data["minutes"])


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Lý do khiếu nại",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ví dụ: đồng hồ mất GPS trong hầm, thực tế tôi chạy liên tục.",
    )
