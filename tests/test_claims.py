"""The mapping from the eID's claims to a profile."""

from datetime import date

import pytest

from app.identity.claims import ClaimNames, assurance_level, profile_from_claims

NATIONAL = ClaimNames(personal_id="so_dinh_danh", assurance="loa", address="dia_chi_thuong_tru")


def test_standard_claims_and_the_configured_names_make_the_profile():
    profile = profile_from_claims({
        "sub": "abc", "name": "Nguyễn Thị Lan", "birthdate": "1988-03-14", "gender": "female",
        "so_dinh_danh": "001188012345", "loa": "urn:vneid:loa:2", "dia_chi_thuong_tru": "12 Kim Mã, Hà Nội",
        "phone_number": "+84 912 345 678", "email": "lan@example.vn",
        "personal_id_number": "999999999999", "acr": "1",  # the default names, which are not in use here
    }, NATIONAL)
    assert profile.subject == "abc"
    assert profile.full_name == "Nguyễn Thị Lan"
    assert profile.personal_id_number == "001188012345"
    assert profile.birth_date == date(1988, 3, 14)
    assert profile.sex == "female"
    assert profile.permanent_address == "12 Kim Mã, Hà Nội"
    assert profile.phone == "0912345678"
    assert profile.email == "lan@example.vn"
    assert profile.assurance_level == 2


def test_the_name_is_put_together_when_only_its_parts_come():
    profile = profile_from_claims({"sub": "x", "family_name": "Trần", "middle_name": "Văn", "given_name": "Minh"},
                                  ClaimNames())
    assert profile.full_name == "Trần Văn Minh"


def test_an_oidc_address_object_gives_its_formatted_text_or_its_parts():
    formatted = profile_from_claims({"sub": "x", "address": {"formatted": "45 Lê Thánh Tôn, Bến Thành"}}, ClaimNames())
    assert formatted.permanent_address == "45 Lê Thánh Tôn, Bến Thành"
    parts = profile_from_claims({"sub": "x", "address": {"street_address": "45 Lê Thánh Tôn",
                                                         "locality": "Phường Bến Thành",
                                                         "region": "TP Hồ Chí Minh"}}, ClaimNames())
    assert parts.permanent_address == "45 Lê Thánh Tôn, Phường Bến Thành, TP Hồ Chí Minh"
    assert parts.address_parts["locality"] == "Phường Bến Thành"


@pytest.mark.parametrize("claims", [
    {"personal_id_number": "12345"}, {"personal_id_number": "00118801234X"}, {"birthdate": "14/03/1988"},
    {"gender": "unknown"}, {"phone_number": "call me"},
])
def test_a_value_that_does_not_fit_is_left_out_not_guessed(claims):
    profile = profile_from_claims({"sub": "x", **claims}, ClaimNames())
    assert (profile.personal_id_number, profile.birth_date, profile.sex, profile.phone) == (None, None, None, None)


@pytest.mark.parametrize("value, level", [
    ("2", 2), ("level2", 2), ("urn:vn:loa:2", 2), (2, 2), ("1", 1), ("level1", 1), (None, 1), ("", 1), ("high", 1),
])
def test_the_assurance_level_never_grants_more_than_it_says(value, level):
    assert assurance_level(value) == level
