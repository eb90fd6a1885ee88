"""What an Open311 client may send: phones as people write them, no phone at all, and no
parameter PostgreSQL cannot store or that names nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from common.district import load_district
from intake.domain.open311 import Open311Error
from intake.domain.open311_input import check_storable, parse_phone, parse_query, parse_request
from intake.schemas import PHONE_PATTERN, Registration, Submitter, SubmitterDetails

DISTRICT = load_district()
NOW = datetime(2026, 4, 14, 2, 0, tzinfo=UTC)


def form(**fields: str) -> dict[str, list[str]]:
    base = {
        "service_code": "streetlight",
        "address_string": "湘江新区望月湖路12号",
        "description": "望月湖路12号门口三盏路灯一个月没亮了，晚上看不清路。",
    }
    return {k: [v] for k, v in {**base, **fields}.items()}


def refused(call: object, *args: object, **kwargs: object) -> Open311Error:
    assert callable(call)
    with pytest.raises(Open311Error) as raised:
        call(*args, **kwargs)
    return raised.value


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("+86 138 0013 8000", "+8613800138000"),
        ("0731-8888 6666", "073188886666"),
        ("(0731) 8888-6666", "073188886666"),
        ("(+86) 138-0013-8000", "+8613800138000"),
        ("138.0013.8000", "13800138000"),
        ("１３８ ００１３ ８０００", "13800138000"),  # full-width, as Chinese input methods type
        ("+44 20 7946 0958", "+442079460958"),
        ("13800138000", "13800138000"),
    ],
)
def test_phones_as_people_write_them_are_kept_as_digits(written: str, kept: str) -> None:
    assert parse_phone(written) == kept
    assert re.fullmatch(PHONE_PATTERN, kept)  # what registration takes
    assert parse_request(DISTRICT, form(phone=written)).phone == kept


@pytest.mark.parametrize(
    "written", ["call me", "123456", "+", "++8613800138000", "138 0013 8000 转 12", "1" * 16]
)
def test_what_is_not_a_phone_number_is_400_naming_phone(written: str) -> None:
    error = refused(parse_request, DISTRICT, form(phone=written))
    assert error.status == 400 and error.description.startswith("phone")


def test_phone_is_optional_and_registration_takes_a_submitter_without_one() -> None:
    parsed = parse_request(DISTRICT, form())
    assert parsed.phone is None
    registration = Registration(
        channel="web",
        kind=parsed.kind,
        category=parsed.service_code,
        title=parsed.title,
        description=parsed.description,
        submitter=SubmitterDetails(name=parsed.name, phone=parsed.phone),
    )
    assert registration.submitter.phone is None
    with pytest.raises(ValidationError):
        Submitter(name="张")  # type: ignore[call-arg]  # intake's own routes still need one


def test_an_unknown_service_code_is_404_as_the_spec_says() -> None:
    error = refused(parse_request, DISTRICT, form(service_code="potholes"))
    assert error.status == 404 and "service_code 'potholes'" in error.description


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"description": ["路灯\x00不亮了好几天"]}, "description"),
        ({"service_request_id": ["20260412000001\x00"]}, "service_request_id"),
        ({"attribute[pole_number]": ["WY\x00017"]}, "attribute[pole_number]"),
        ({"first_name": ["\ud800"]}, "first_name"),
        ({"token": ["\x00"]}, "token"),
    ],
)
def test_a_nul_or_a_lone_surrogate_anywhere_is_400_naming_the_parameter(
    params: dict[str, list[str]], named: str
) -> None:
    error = refused(check_storable, {"api_key": ["k"], **params})
    assert error.status == 400 and error.description.startswith(f"{named}: ")


def test_a_nul_in_a_parameter_name_is_400() -> None:
    error = refused(check_storable, {"attribute[a\x00]": ["x"]})
    assert error.status == 400 and error.description.startswith("parameter name")


@pytest.mark.parametrize(
    "field",
    ["description", "first_name", "last_name", "address_string", "attribute[pole_number]"],
)
def test_a_value_of_only_invisible_characters_is_400_naming_it(field: str) -> None:
    error = refused(parse_request, DISTRICT, form(**{field: "\u200b\ufeff\u200b\u200b\u200d"}))
    assert error.status == 400 and error.description.startswith(f"{field}: ")
    assert "不可见字符" in error.description


def test_blank_optional_parameters_count_as_not_given() -> None:
    parsed = parse_request(DISTRICT, form(phone="  ", email="", first_name="\u3000"))
    assert (parsed.phone, parsed.email, parsed.name) == (None, None, "匿名")


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": ["9999-12-31T00:00:00Z"]},
        {"end_date": ["0001-01-01T00:00:00+08:00"]},
        {"start_date": ["1899-12-31T00:00:00Z"], "end_date": ["1900-01-02T00:00:00Z"]},
        {"service_code": ["streetlight,\u200b"]},
    ],
)
def test_dates_outside_the_calendar_and_invisible_filters_are_400(
    params: dict[str, list[str]],
) -> None:
    error = refused(parse_query, params, now=NOW)
    assert error.status == 400
