"""What every rule shares: the context of a run, the awards already received,
and the helpers that record each step of an award (start, meets, cap, pay,
refuse, unknown) — the trace of `jzai check --trace`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic

from .. import i18n
from ..policy_model import P
from ..policy_model import Params as _Params  # noqa: F401 - the rule modules take it from here
from ..result import Award, Cap, FactName, LabelKey, Limit, Message, NearMiss, Status, Step

if TYPE_CHECKING:
    from ..facts import AwardReceived, Facts
    from ..policy_model import Clause, Policy, Threshold

# The sentences every rule may use, registered into the message catalogue (jzai_cli.i18n);
# every number and word of the policy comes from the clause's parameters.
MESSAGES = i18n.register(
    {
        "event_not_in_year": (
            "事项于{obtained}年取得，不在评估年度{year}年（D5）",
            "obtained in {obtained}, not in the assessment year {year} (D5)",
        ),
        "event_after_year": (
            "事项于{obtained}年取得，晚于评估年度{year}年",
            "obtained in {obtained}, after the assessment year {year}",
        ),
        "below_threshold": ("未满足“{threshold}”（实际为 {value}）", 'does not meet "{threshold}" (actual {value})'),
        "already_once": ("本条款奖励已获得过，一次性奖励不再重复", "this one-time award was already received"),
        "already_event": (
            "“{event}”已获本条款奖励，一次性奖励不再重复",
            '"{event}" was already rewarded under this clause',
        ),
        "cap_exhausted": ("上限{limit}元已用完", "the limit of {limit} yuan is used up"),
        "listed_twice": (
            "与本表第{first}项为同一对象（{what}），不重复奖励",
            "the same as item {first} of this list ({what}): not paid twice",
        ),
        "ceiling": (
            "符合条件，最高{ceiling}（具体金额以审核为准）",
            "eligible: up to {amount} yuan (the sum is set on review)",
        ),
        "rows_contradict": (
            "与本表第{rows}项为同一人（{who}），但{fields}不一致，无法确定以哪一项为准，本项暂不计算；请核对改正，若为不同的人请分别填写身份证号码。涉及事实：{facts}",
            "the same person ({who}) as item {rows} of this list, but {fields} differ: which is right cannot be told, so this item is not computed; correct the rows, or, if they are different people, give each one's identity number. Facts concerned: {facts}",
        ),
        "person_unclear": (
            "本表中“{who}”另有填写了身份证号码的行，本行未填身份证号码，无法确定是否为同一人；请填写身份证号码。缺少事实：{facts}",
            'another row of this list named "{who}" gives an identity number and this one does not: whether they are the same person cannot be told; give the identity number. Missing facts: {facts}',
        ),
        "received_by_shared_name": (
            "已获奖励第{records}项只写了姓名“{who}”，而本表中不止一人叫这个名字，无法确定是谁获得的；请在已获奖励中填写其身份证号码。涉及事实：{facts}",
            'award(s) received {records} name only "{who}", and more than one person of this list has that name: whose it was cannot be told; give the identity number as its event. Facts concerned: {facts}',
        ),
        "maybe_received": (
            "已获奖励第{records}项（{what}）记在本条款下，未对应本表中的任何事项，可能就是本项的奖励；一次性奖励不重复，能否再奖无法确定，本项暂不计算；请填写{hint}。缺少事实：{facts}",
            "award(s) received {records} ({what}) are under this clause but name none of the items listed: they may be this item's, and a one-time award is not paid twice, so this item is not computed; give {hint_en}. Missing facts: {facts}",
        ),
        "person_maybe_received": (
            "已获奖励第{records}项（{what}）记在本条款下，未对应本表中的任何人，可能就是本人所得，已用去的月份无法确定，本项暂不计算；请填写{hint}。缺少事实：{facts}",
            "award(s) received {records} ({what}) are under this clause but name no one listed: they may be this person's, so the months already used cannot be told and this item is not computed; give {hint_en}. Missing facts: {facts}",
        ),
        "unnamed_alike": (
            "与本表第{rows}项同为未填名称的同类、同日事项，无法区分是同一事项重复填写还是不同的事项；请填写事项名称。缺少事实：{facts}",
            "like item {rows} of this list, an event of the same type and date without a name: whether it is the same event given again or another event cannot be told; give each its name. Missing facts: {facts}",
        ),
        "trace_quote": ("原文：“{quote}”", "source: \u201c{quote}\u201d"),
        "trace_facts": ("读取的事实：{facts}", "facts read: {facts}"),
        "trace_threshold": (
            "{threshold}：{what} {value} {op} {limit} {mark}（{how_zh}）",
            "{threshold}: {what} {value} {op} {limit} {mark} ({how_en})",
        ),
        "trace_new_event": (
            "取得于{obtained}年，评估年度{year}年（D5：{option}）",
            "obtained in {obtained}, assessment year {year} (D5: {option})",
        ),
        "trace_cap": (
            "{cap}：{limit}，尚可用 {room}；封顶前 {before}，封顶后 {after}",
            "{cap}: {limit}, room left {room}; before {before}, after {after}",
        ),
    }
)


ZERO = Decimal(0)


class _Untraced(list):
    """The steps of an award computed without its trace: nothing is kept."""

    __slots__ = ()

    def append(self, step: Any) -> None:
        pass

    def extend(self, steps: Any) -> None:
        pass

    def insert(self, index: Any, step: Any) -> None:
        pass

    def __setitem__(self, index: Any, step: Any) -> None:
        pass  # a rule restating its outcome step (`steps[-1] = …`) has nothing to restate


# An award started while the trace is off (`untraced`) records no step: its
# steps are this list, which keeps nothing, and the helpers below build no
# step for it. Everything else of the award is computed as always.
UNTRACED = _Untraced()
_TRACING: ContextVar[bool] = ContextVar("jzai_tracing", default=True)


@contextmanager
def untraced() -> Iterator[None]:
    """Awards started inside record no steps (the batch writes no trace)."""
    token = _TRACING.set(False)
    try:
        yield
    finally:
        _TRACING.reset(token)


class History:
    """The awards already received, indexed by clause; each record keeps its
    position in `awards_received` (from 1) so a message can name it."""

    def __init__(self, received: Iterable[AwardReceived]) -> None:
        self.by_clause: dict[str, list[tuple[int, AwardReceived]]] = {}
        for index, record in enumerate(received, start=1):
            self.by_clause.setdefault(record.clause, []).append((index, record))

    def indexed(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> list[tuple[int, AwardReceived]]:
        names = None if events is None else {e for e in events if e}
        return [
            (index, r)
            for index, r in self.by_clause.get(clause, [])
            if (event is None or r.event == event)
            and (names is None or r.event in names)
            and (year is None or r.year == year)
        ]

    def records(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> list[AwardReceived]:
        return [r for _, r in self.indexed(clause, event=event, year=year, events=events)]

    def total(
        self,
        clause: str,
        *,
        event: str | None = None,
        year: int | None = None,
        events: Iterable[str | None] | None = None,
    ) -> Decimal:
        return sum((r.amount for r in self.records(clause, event=event, year=year, events=events)), ZERO)


@dataclass
class Context:
    policy: Policy
    facts: Facts
    year: int
    history: History

    def reading(self, reading_id: str) -> str:
        return self.policy.reading(reading_id)


def person_of(row: Any) -> str:
    """Who a row of graduates (or hires) is: the identity number where it is
    given, else the name alone (two people of one name need their numbers)."""
    return str(row.person)


def people_by_name(rows: list[Any]) -> dict[str, set[str]]:
    """Each name of the rows (graduates or hires) → the people (`person_of`) of that name."""
    people: dict[str, set[str]] = {}
    for row in rows:
        people.setdefault(row.name, set()).add(person_of(row))
    return people


def who(row: Any, people: dict[str, set[str]]) -> str:
    """The person as outputs name them (a limit's subject): the name, with the
    identity number when another person (`people_by_name`) has the same name,
    so that two people of one name stay apart."""
    return f"{row.name}（{row.id_number}）" if row.id_number and len(people[row.name]) > 1 else row.name


def rows_in_doubt(
    section: str,
    rows: list[Any],
    person_fields: tuple[str, ...],
    same_keys: tuple[str, ...],
    same_fields: tuple[str, ...],
    number: str = "id_number",
    words: tuple[str, str] = ("rows_contradict", "person_unclear"),
) -> dict[int, tuple[Message, list[str]]]:
    """Rows (numbered from 1) that cannot be computed, with the reason and the
    facts concerned: a row without an identity number whose name another row
    gives with one (the same person or not cannot be told); rows of one person
    that differ in a fact of the person (`person_fields`), or that are one
    contract or hire (the same `same_keys`, the first of them given) and differ
    in any of `same_fields`.
    Each row is judged on all the rows, so the outcome does not depend on their order.
    A referred enterprise (4.1) is the same with its credit code as `number`
    and its own `words`."""
    doubt: dict[int, tuple[Message, list[str]]] = {}
    numbered = {row.name for row in rows if getattr(row, number)}
    groups: dict[str, list[tuple[int, Any]]] = {}
    for index, row in enumerate(rows, start=1):
        given = getattr(row, number)
        if not given and row.name in numbered:
            facts = [f"{section}[{index}].{number}"]
            doubt[index] = (Message(words[1], {"who": row.name, "facts": facts}), facts)
            continue
        groups.setdefault(f"{number}:{given}" if given else f"name:{row.name}", []).append((index, row))
    for group in groups.values():
        clash: dict[int, dict[str, set[int]]] = {}  # row → field → the other rows it disagrees with
        _differ(clash, group, person_fields, skip_unknown=True)
        same: dict[Any, list[tuple[int, Any]]] = {}
        for index, row in group:
            key = tuple(getattr(row, name) for name in same_keys)
            if key and key[0] is not None:
                same.setdefault(key, []).append((index, row))
        for members in same.values():
            _differ(clash, members, same_fields, skip_unknown=False)
        for index, by_field in clash.items():
            fields = [name for name in (*person_fields, *same_fields) if name in by_field]
            others = sorted(set().union(*by_field.values()))
            facts = [f"{section}[{index}].{name}" for name in fields]
            row = rows[index - 1]
            shown = f"{row.name}（{getattr(row, number)}）" if getattr(row, number) else row.name
            reason = Message(
                words[0], {"rows": others, "who": shown, "fields": [FactName(f) for f in fields], "facts": facts}
            )
            doubt[index] = (reason, facts)
    return doubt


def _differ(
    clash: dict[int, dict[str, set[int]]], members: list[tuple[int, Any]], fields: tuple[str, ...], skip_unknown: bool
) -> None:
    """Record in `clash` each pair of `members` that differ in one of `fields`
    (a fact left out differs from none when `skip_unknown`)."""
    for name in fields:
        for i, a in members:
            for j, b in members:
                va, vb = getattr(a, name), getattr(b, name)
                if i != j and va != vb and not (skip_unknown and (va is None or vb is None)):
                    clash.setdefault(i, {}).setdefault(name, set()).add(j)


def unnamed_alike(events: list[tuple[int, Any]]) -> dict[int, tuple[Message, list[str]]]:
    """Events without a name of one type and date (or year), which cannot be
    told apart: one event listed twice, or two events. Rows alike in every fact:
    the first is computed, the others are held; rows that differ: all are held
    (which to take would depend on the order of the rows)."""
    groups: dict[str, list[tuple[int, Any]]] = {}
    for index, event in events:
        if not event.name:
            groups.setdefault(event.key, []).append((index, event))
    held: dict[int, tuple[Message, list[str]]] = {}
    for members in groups.values():
        if not members[1:]:
            continue
        alike = all(event == members[0][1] for _, event in members)
        for index, _ in members[1:] if alike else members:
            facts = [f"events[{index}].name"]
            others = [i for i, _ in members if i != index]
            held[index] = (Message("unnamed_alike", {"rows": others, "facts": facts}), facts)
    return held


def received_by_person(
    ctx: Context, clause: str, row: Any, people: dict[str, set[str]], year: int | None = None
) -> tuple[list[tuple[int, AwardReceived]], list[int]]:
    """The awards received for the person of `row` (by name or identity number),
    and those named only by a name two people (`people_by_name`) share (whose
    they were cannot be told)."""
    records = ctx.history.indexed(clause, events=(row.name, row.id_number), year=year)
    shared = len(people[row.name]) > 1
    unclear = [i for i, r in records if shared and r.event == row.name]
    return records, unclear


def doubt_about(award: Award, doubt: tuple[Message, list[str]]) -> Award:
    """A row `rows_in_doubt` found: undetermined, with its reason."""
    reason, facts = doubt
    unknown(award, facts)
    award.reason = reason
    award.steps[-1] = Step("outcome", reason, ZERO)
    return award


_ID_NUMBER = re.compile(r"\d{17}[\dXx]")  # how a record names a person by identity number


def unplaced_records(ctx: Context, clause_id: str, rows: list[Any], row: Any) -> list[tuple[int, AwardReceived]]:
    """Awards received under a per-person clause (9.1, 9.2) that name no one listed and may be the
    person of `row`'s: one that names nothing may be anyone's, and one that names an identity
    number no row gives may be that of a row given without its number (a name not listed is
    another person's)."""
    names = {r.name for r in rows}
    numbers = {r.id_number for r in rows if r.id_number}
    return [
        (index, record)
        for index, record in ctx.history.indexed(clause_id)
        if record.event is None
        or (
            not row.id_number
            and record.event not in names
            and record.event not in numbers
            and _ID_NUMBER.fullmatch(record.event) is not None
        )
    ]


def person_maybe_received(records: list[tuple[int, AwardReceived]], path: str) -> tuple[Message, list[str]]:
    """Why a row is not computed when `unplaced_records` could change what it pays, and the facts
    that would tell, for `doubt_about`."""
    facts = [f"awards_received[{index}].event" for index, record in records if record.event is None]
    hint, hint_en = "已获奖励的对应人员", "whom the award received was for"
    if any(record.event for _, record in records):
        facts.append(f"{path}.id_number")
        hint, hint_en = "身份证号码", "the identity number"
    values = {
        "records": "、".join(str(index) for index, _ in records),
        "what": "、".join(f"{record.year}年{record.event or '未填对应人员'}" for _, record in records),
        "hint": hint,
        "hint_en": hint_en,
        "facts": facts,
    }
    return Message("person_maybe_received", values), facts


def maybe_received(
    ctx: Context, clause_id: str, keys: set[str], named: bool, obtained: int | None, path: str
) -> tuple[Message, list[str]] | None:
    """Awards received under a one-time clause that name none of the items listed now (`keys`: the
    names by which records refer to them) may be this item's: any of them when this item has no
    name, a record that names nothing when it has one. Then whether this item was rewarded
    cannot be told: the reason and the facts that would tell, for `doubt_about`. A record of a
    year before the item was obtained is not its award."""
    records = [
        (index, record)
        for index, record in ctx.history.indexed(clause_id)
        if (record.event is None or record.event not in keys)
        and (not named or record.event is None)
        and (obtained is None or record.year >= obtained)
    ]
    if not records:
        return None
    what = "、".join(f"{record.year}年{record.event or '未填对应事项'}" for _, record in records)
    if named:
        facts = [f"awards_received[{index}].event" for index, _ in records]
        hint, hint_en = "已获奖励的对应事项", "the event of the award received"
    else:
        facts = [f"{path}.name"] + [
            f"awards_received[{index}].event" for index, record in records if record.event is None
        ]
        hint, hint_en = "事项名称（与已获奖励的对应事项一致）", "the item's name (as the award received names it)"
    values = {
        "records": "、".join(str(index) for index, _ in records),
        "what": what,
        "hint": hint,
        "hint_en": hint_en,
        "facts": facts,
    }
    return Message("maybe_received", values), facts


def received_unclear(award: Award, row: Any, unclear: list[int]) -> Award:
    facts = [f"awards_received[{i}].event" for i in unclear]
    unknown(award, facts)
    award.reason = Message("received_by_shared_name", {"records": unclear, "who": row.name, "facts": facts})
    award.steps[-1] = Step("outcome", award.reason, ZERO)
    return award


def start(clause: Clause, event: str | None, **facts: Any) -> Award:
    award = Award(
        clause=clause.id,
        article=clause.article,
        title=clause.title,
        title_en=clause.title_en,
        kind=clause.kind,
        recipient=clause.recipient,
        event=event,
        status=Status.ELIGIBLE,
        ceiling=clause.kind == "ceiling",
        facts={k: v for k, v in facts.items() if v is not None},
        steps=[] if _TRACING.get() else UNTRACED,
    )
    if award.steps is UNTRACED:
        return award
    award.steps.append(Step("quote", Message("trace_quote", {"quote": clause.quote})))
    if award.facts:
        award.steps.append(Step("facts", Message("trace_facts", {"facts": dict(award.facts)})))
    return award


def meets(award: Award, threshold: Threshold, value: Decimal, what: str = "") -> bool:
    """Whether `value` meets `threshold`, recorded as a step of the trace."""
    met = threshold.met_by(value)
    if award.steps is UNTRACED:
        return met
    word = threshold.word
    incl_zh, incl_en = (
        ("含本数", "the number counts") if threshold.inclusive else ("不含本数", "the number itself does not count")
    )
    award.steps.append(
        Step(
            "threshold",
            Message(
                "trace_threshold",
                {
                    "threshold": threshold.text,
                    "what": FactName(what),
                    "value": value,
                    "op": "≥" if threshold.inclusive else ">",
                    "limit": threshold.value,
                    "mark": "✓" if met else "✗",
                    "how_zh": f"“{word}”{incl_zh}" if word else incl_zh,
                    "how_en": f"\u201c{word}\u201d: {incl_en}" if word else incl_en,
                },
            ),
        )
    )
    return met


def refuse(award: Award, key: str, **values: Any) -> Award:
    award.status = Status.NOT_ELIGIBLE
    award.amount = ZERO
    award.reason = Message(key, values)
    if award.steps is not UNTRACED:
        award.steps.append(Step("outcome", award.reason, ZERO))
    return award


def unknown(award: Award, missing: list[str], potential: Decimal | None = None) -> Award:
    award.status = Status.UNDETERMINED
    award.amount = ZERO
    award.potential = potential
    award.missing.extend(m for m in missing if m not in award.missing)
    award.reason = Message("missing", {"facts": list(award.missing)})
    if award.steps is not UNTRACED:
        award.steps.append(Step("outcome", award.reason, ZERO))
    return award


def pay(award: Award, amount: Decimal, key: str, **values: Any) -> Award:
    award.amount = amount
    award.reason = Message(key, {"amount": amount, **values})
    if award.steps is not UNTRACED:
        award.steps.append(Step("outcome", award.reason, amount))
    return award


def cap(award: Award, name: str, limit: Decimal, amount: Decimal, room: Decimal | None = None) -> Decimal:
    """Apply a cap of `limit` (of which `room` is left), record it, return the capped amount."""
    after = min(amount, max(limit if room is None else room, ZERO))
    award.caps.append(Cap(name=name, limit=limit, before=amount, after=after))
    if award.steps is UNTRACED:
        return after
    award.steps.append(
        Step(
            "cap",
            Message(
                "trace_cap",
                {
                    "cap": LabelKey(name),
                    "limit": limit,
                    "room": limit if room is None else max(room, ZERO),
                    "before": amount,
                    "after": after,
                },
            ),
            after,
        )
    )
    return after


def near_miss(
    clause: str, threshold: Threshold, value: Decimal, unit: str, would_pay: Decimal | None
) -> NearMiss | None:
    """A threshold missed, when meeting it would add money (None when the gain is nothing)."""
    if would_pay is not None and would_pay <= 0:
        return None
    return NearMiss(clause, threshold.text, value, threshold.shortfall(value), unit=unit, would_pay=would_pay)


def _room(amount: Decimal | None, room: Decimal) -> Decimal | None:
    return None if amount is None else max(min(amount, room), ZERO)


def missing_of(path: str, values: dict[str, Any]) -> list[str]:
    return [f"{path}.{name}" if path else name for name, value in values.items() if value is None]


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_day(first: dt.date, window: Threshold) -> dt.date:
    """The last day within `window` years of `first`: the anniversary itself
    when the window's words include the number (两年内, 以内), the day before
    when they exclude it (不满两年, 不足)."""
    end = add_years(first, int(window.value))
    return end if window.inclusive else end - dt.timedelta(days=1)


MONTHS_PER_YEAR = 12


def month_index(day: dt.date) -> int:
    """Months since year 0: consecutive calendar months differ by one."""
    return day.year * MONTHS_PER_YEAR + day.month - 1


def new_event(ctx: Context, award: Award, obtained: int | None, path: str) -> bool | None:
    """D5: a "new"/"first" event counts in the year it was obtained."""
    award.readings.append("D5")
    if obtained is None:
        unknown(award, [f"{path}.date"])
        return None
    if award.steps is not UNTRACED:
        award.steps.append(
            Step(
                "reading",
                Message("trace_new_event", {"obtained": obtained, "year": ctx.year, "option": ctx.reading("D5")}),
            )
        )
    if ctx.reading("D5") == "never_rewarded":
        if obtained > ctx.year:
            refuse(award, "event_after_year", obtained=obtained, year=ctx.year)
            return False
        return True
    if obtained != ctx.year:
        refuse(award, "event_not_in_year", obtained=obtained, year=ctx.year)
        return False
    return True


def _zh_en(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


@dataclass(frozen=True)
class Rule(Generic[P]):
    """A way of paying: its parameter model, its computation, its description
    for `explain` and its standing limits, all of the same parameters `P`."""

    params: type[P]
    run: Callable[[Clause[P], Context], list[Award]]
    describe: Callable[[P], tuple[dict, dict]]
    limits: Callable[[Clause[P], Context], list[Limit]] | None = None
