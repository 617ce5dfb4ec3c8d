"""What a procedure costs: national fee rules, a province's own amounts, the online reduction."""

from __future__ import annotations

from dataclasses import dataclass

from app.catalogue.models import FeeRule, Procedure


@dataclass(frozen=True)
class FeeLine:
    code: str
    name: str
    amount: int
    online_amount: int
    note: str
    province_code: int | None

    @property
    def online_saving(self) -> int:
        return self.amount - self.online_amount

    @property
    def waived_online(self) -> bool:
        return self.amount > 0 and self.online_amount == 0


def fee_lines(procedure: Procedure, province_code: int | None = None) -> list[FeeLine]:
    """The fee items that apply in a province (or nationally when `province_code` is None).

    A province's own rule replaces the national rule with the same code.
    """
    chosen: dict[str, FeeRule] = {}
    for rule in procedure.fee_rules:
        if rule.province_code is None:
            chosen.setdefault(rule.code, rule)
    for rule in procedure.fee_rules:
        if province_code is not None and rule.province_code == province_code:
            chosen[rule.code] = rule
    # dicts keep insertion order: a replaced item stays where the national one was listed
    return [_line(rule) for rule in chosen.values()]


def province_overrides(procedure: Procedure) -> list[FeeLine]:
    return [_line(rule) for rule in procedure.fee_rules if rule.province_code is not None]


def total(lines: list[FeeLine], online: bool) -> int:
    return sum(line.online_amount if online else line.amount for line in lines)


def _line(rule: FeeRule) -> FeeLine:
    online_amount = rule.amount if rule.online_amount is None else rule.online_amount
    return FeeLine(
        code=rule.code,
        name=rule.name,
        amount=rule.amount,
        online_amount=online_amount,
        note=rule.note,
        province_code=rule.province_code,
    )
