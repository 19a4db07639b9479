"""Pseudonyms for platform users: stable, apart per platform, never the id."""

from lantoa.core.pseudonyms import platform_user_ref


def test_the_same_person_on_the_same_platform_gets_the_same_pseudonym():
    first = platform_user_ref("facebook_page", "6012345678")

    assert first == platform_user_ref("facebook_page", "6012345678")
    assert len(first) == 32
    assert "6012345678" not in first


def test_the_same_id_on_another_platform_is_another_person():
    assert platform_user_ref("facebook_page", "42") != platform_user_ref("zalo_oa", "42")


def test_no_id_gives_no_pseudonym():
    assert platform_user_ref("website", "") == ""


def test_the_pseudonym_depends_on_the_sites_secret_key(settings):
    before = platform_user_ref("website", "a@example.vn")
    settings.SECRET_KEY = "another-deployment-" + "x" * 40

    assert platform_user_ref("website", "a@example.vn") != before
