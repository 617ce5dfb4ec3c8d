"""Viet Nam's two-tier local government (34 provinces, 3,321 communes since 1 July 2025).

The only source is the `vietnam-provinces` package; nothing here lists places by hand.
"""

from __future__ import annotations

from functools import cache

from vietnam_provinces import Province, VietNamDivisionType, Ward


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(sorted(Province.iter_all(), key=lambda province: int(province.code)))


@cache
def province_by_code() -> dict[int, Province]:
    return {int(province.code): province for province in provinces()}


@cache
def communes() -> tuple[Ward, ...]:
    return tuple(sorted(Ward.iter_all(), key=lambda ward: int(ward.code)))


def province_name(code: int) -> str:
    return province_by_code()[code].name


def province_title(province: Province) -> str:
    """The name as it follows an office's name: "Thành phố Hà Nội", "tỉnh Cao Bằng"."""
    if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG:
        return province.name
    return f"tỉnh {province.name}"
