"""Channel and delivery pages label every field in Vietnamese: no "Last error
at", "Attempt count" or "External url" generated from a field's name."""

import pytest
from django.apps import apps


@pytest.mark.parametrize(
    "model", apps.get_app_config("social_channels").get_models(), ids=lambda m: m.__name__
)
def test_every_field_has_a_vietnamese_label(model):
    unlabelled = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and not field.auto_created
        and str(field.verbose_name) == field.name.replace("_", " ")
    ]
    assert unlabelled == []
