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


@cache
def communes_by_province() -> dict[int, tuple[Ward, ...]]:
    grouped: dict[int, list[Ward]] = {}
    for ward in communes():
        grouped.setdefault(int(ward.province_code), []).append(ward)
    return {code: tuple(sorted(wards, key=lambda ward: ward.name)) for code, wards in grouped.items()}


@cache
def commune_by_code() -> dict[int, Ward]:
    return {int(ward.code): ward for ward in communes()}


def full_address(street: str, commune_code: int | None, province_code: int | None) -> str:
    """"12 Kim Mã, Phường Giảng Võ, Thành phố Hà Nội"; parts that are missing are left out."""
    parts = [street.strip()] if street and street.strip() else []
    if commune_code in commune_by_code():
        parts.append(commune_by_code()[commune_code].name)
    if province_code in province_by_code():
        province = province_by_code()[province_code]
        parts.append(province.name if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
                     else f"Tỉnh {province.name}")
    return ", ".join(parts)
