"""The message catalogue: every sentence jzai prints, in Chinese and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .result import FactName, LabelKey, Message

MESSAGES: dict[str, tuple[str, str]] = {
    "none": ("", ""),
    "missing": ("缺少事实：{facts}", "missing facts: {facts}"),
    "event_not_in_year": ("事项于{obtained}年取得，不在评估年度{year}年（D5）", "obtained in {obtained}, not in the assessment year {year} (D5)"),
    "event_after_year": ("事项于{obtained}年取得，晚于评估年度{year}年", "obtained in {obtained}, after the assessment year {year}"),
    "not_lead_unit": ("申请人不是牵头单位", "the applicant is not the lead unit"),
    "below_threshold": ("未满足“{threshold}”（实际为 {value}）", "does not meet \"{threshold}\" (actual {value})"),
    "already_once": ("本条款奖励已获得过，一次性奖励不再重复", "this one-time award was already received"),
    "already_event": ("“{event}”已获本条款奖励，一次性奖励不再重复", "\"{event}\" was already rewarded under this clause"),
    "already_this_year": ("{year}年已获本条款奖励", "already received for {year}"),
    "fixed": ("符合条件，一次性奖励{text}", "eligible: a one-time award of {amount} yuan"),
    "prize": ("{rank_zh}等奖，奖励{text}", "rank {rank} prize: {amount} yuan"),
    "not_above_size_yet": ("被引荐企业尚未升规", "the referred enterprise is not yet above designated size"),
    "above_size_before_introduced": ("升规日期早于引进日期，不属于新引进企业升规", "it was above size before it was introduced"),
    "above_size_too_late": ("升规不在引进后{window}（截止{deadline}，D9）", "became above size outside \"{window}\" of its introduction (deadline {deadline}, D9)"),
    "cap_exhausted": ("上限{limit}元已用完", "the limit of {limit} yuan is used up"),
    "per_unit": ("每户奖励{text}，实得 {amount} 元", "{amount} yuan for this referred enterprise"),
    "provider_not_qualified": ("服务商不属于超算中心、人工智能计算中心或数据中心", "the provider is not a supercomputing, AI computing or data centre"),
    "self_built": ("自建自用算力除外", "self-built compute for own use is excluded"),
    "proportional": ("按使用费 {base} 元的{rate}计 {amount} 元", "{rate} of fees of {base} yuan: {amount} yuan"),
    "not_data_labelling": ("申请人不是数据标注企业", "the applicant is not a data-labelling enterprise"),
    "tier_already_paid": ("已获本档及以下奖励 {paid} 元，晋级补差无差额", "already paid {paid} yuan for this tier: no top-up due"),
    "step_up": ("收入达到 {threshold} 元档（{tier}），晋级补差：减去已获 {paid} 元，得 {amount} 元", "revenue reached the {threshold} yuan tier: tier award less {paid} yuan already paid = {amount} yuan"),
    "platform_not_qualified": ("挂牌平台不是符合条件的数据交易平台", "the platform is not a qualified data-trading platform"),
    "proportional_ceiling": ("按挂牌服务费 {base} 元的{rate}计，最高{ceiling}：最高 {amount} 元", "{rate} of the listing fee of {base} yuan, capped: up to {amount} yuan"),
    "ceiling": ("符合条件，最高{ceiling}（具体金额以审核为准）", "eligible: up to {amount} yuan (the sum is set on review)"),
    "degree_not_covered": ("学历“{degree}”不在补贴范围（D2）", "degree \"{degree}\" is not covered (D2)"),
    "not_full_time": ("非全日制毕业生", "not a full-time graduate"),
    "contract_too_late": ("签订合同不在{window}（截止{deadline}）", "contract signed outside \"{window}\" (deadline {deadline})"),
    "no_months_in_year": ("{year}年没有可补贴的月份（超出{window}、毕业前或合同期外，D10）", "no subsidised month in {year} (outside the {window}, before graduation or outside the contract, D10)"),
    "monthly": ("每月{rate}元 × {months}个月 = {amount} 元", "{rate} yuan a month × {months} months = {amount} yuan"),
    "size_not_small": ("企业规模为“{size}”，本条仅限小微企业", "size is \"{size}\"; only small and micro enterprises qualify"),
    "hire_status": ("招用前已就业，不属于毕业年度或离校未就业毕业生", "employed before: neither in the graduation year nor unemployed"),
    "contract_too_short": ("劳动合同{months}个月，未达{minimum}", "contract of {months} months, short of \"{minimum}\""),
    "hired_before_graduation": ("招用日期早于毕业日期", "hired before graduating"),
    "not_graduation_year": ("{graduated}年毕业、{hired}年招用，不是毕业年度", "graduated in {graduated}, hired in {hired}: not the graduation year"),
    "hired_too_late": ("招用不在{window}（截止{deadline}）", "hired outside \"{window}\" (deadline {deadline})"),
    "months_exhausted": ("已享受满{limit}个月补贴", "the {limit} subsidised months are used up"),
    "reimbursement": ("按单位实际缴纳社保费补贴 {months} 个月，{amount} 元", "employer's social insurance actually paid for {months} months: {amount} yuan"),
    "reimbursement_share": ("按单位实际缴纳社保费补贴 {months} 个月；这几个月的实际缴费未单列，按月均摊估算为 {amount} 元（{total} 元 × {months}/{of}），以实际缴费为准，需复核", "employer's social insurance for {months} months; what was paid for those months is not given, so an equal share is estimated, {amount} yuan ({total} × {months}/{of}), to be checked against what was actually paid"),
    "listed_twice": ("与本表第{first}项为同一对象（{what}），不重复奖励", "the same as item {first} of this list ({what}): not paid twice"),
    "rank_unknown": ("获奖等次{rank}不在本条款的奖项（{ranks}）之列", "rank {rank} is not one of this clause's prizes ({ranks})"),
    "prize_already_covered": ("本项目已获奖励 {paid} 元，不低于{text}，无补差", "this project already received {paid} yuan, no less than {text}: nothing to top up"),
    "graduated_after_year": ("毕业日期{graduated}晚于评估年度{year}年", "graduation date {graduated} is after the assessment year {year}"),
    "insured_months_ambiguous": ("只给出当年缴纳社保{months}个月，而{window}与合同期在本年只覆盖{open}个月，无法确定哪些月份在内；请填写社保缴纳起止日期。缺少事实：{facts}", "only a count of {months} insured months is given, while the {window} and the contract cover {open} months of the year: which months fall inside is unknown; give the insured period. Missing facts: {facts}"),
    "revenue_disagree": ("该事项的获得当年应税收入 {event} 元与申请人当年应税收入 {applicant} 元不一致，对“{threshold}”的结论不同，请核对改正。涉及事实：{facts}", "the event's taxable revenue of its year, {event} yuan, and the applicant's of the same year, {applicant} yuan, disagree on \"{threshold}\": check which is right. Facts concerned: {facts}"),
    "insured_months_disagree": ("当年缴纳社保{months}个月，与社保缴纳起止日期在本年的{period}个月不一致，请核对改正。涉及事实：{facts}", "{months} insured months of the year are given, but the insured period covers {period} months of it: check which is right. Facts concerned: {facts}"),
    "months_already_counted": ("这些月份已在毕业生第{first}项计入，同一人不重复补贴", "these months were already counted for the same person in graduates[{first}]: not paid twice"),
    "hired_after_year": ("招用日期{hired}晚于评估年度{year}年", "hired on {hired}, after the assessment year {year}"),
    "hire_window_passed": ("评估年度的缴费月份不在招用后{window}之内（D18）", "no month of the assessment year falls within {window} of hiring (D18)"),
    "kind_not_admitted": ("本条款不适用于申请人类型“{kind}”", "this clause does not admit applicants of kind \"{kind}\""),
    "not_highest": ("就高不重复（D13）：只享受金额最高的一项，即{clause}的 {amount} 元", "no double dipping (D13): only the largest award is paid, {clause} with {amount} yuan"),
    "gate_failed": ("不符合第二条：{conditions}", "fails article 2: {conditions}"),
    # the trace (jzai check --trace): one sentence per step
    "trace_quote": ("原文：“{quote}”", "source: \u201c{quote}\u201d"),
    "trace_facts": ("读取的事实：{facts}", "facts read: {facts}"),
    "trace_threshold": ("{threshold}：{what} {value} {op} {limit} {mark}（{how_zh}）", "{threshold}: {what} {value} {op} {limit} {mark} ({how_en})"),
    "trace_new_event": ("取得于{obtained}年，评估年度{year}年（D5：{option}）", "obtained in {obtained}, assessment year {year} (D5: {option})"),
    "trace_cap": ("{cap}：{limit}，尚可用 {room}；封顶前 {before}，封顶后 {after}", "{cap}: {limit}, room left {room}; before {before}, after {after}"),
    "trace_gate_review": ("第二条“原则上”条件未满足或未知，金额需复核：{conditions}", "article 2's soft condition is not met or unknown: held for review ({conditions})"),
    "trace_rounding": ("四舍五入到元（按条款合计一次）：{exact} → {yuan} 元", "rounded half up to whole yuan (once per clause): {exact} → {yuan} yuan"),
    # notes
    "year_from_today": ("未给出评估年度，按当前年度计算", "no assessment year given: the current year is used"),
    "gate_review": ("第二条“原则上”条件未满足或未知，奖励需复核：{conditions}", "article 2's soft condition is not met or unknown, awards need review: {conditions}"),
    "unknown_clause_in_history": ("已获奖励第{index}项的条款“{clause}”不是本政策的条款，已忽略", "awards_received[{index}]: \"{clause}\" is not a clause of this policy and is ignored"),
    "event_matches_no_clause": ("事项第{index}项（{type}，{level}）不对应任何条款", "events[{index}] ({type}, {level}) matches no clause"),
    "no_double_dipping_rule": ("草案未规定“就高不重复”，不同事项的奖励叠加计算（D13）", "the draft has no no-double-dipping rule: awards for different events stack (D13)"),
}


def _value(value: Any, lang: str) -> str:
    if isinstance(value, LabelKey):
        return label(value, lang)
    if isinstance(value, FactName):
        if lang == "zh":
            from .facts import title_of

            return title_of(value)
        return str(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(_value(v, lang) for v in value)
    if isinstance(value, dict):  # facts by name: their Chinese labels under zh
        if lang == "zh":
            from .facts import title_of

            return "；".join(f"{title_of(k)} = {_value(_zh_value(v), lang)}" for k, v in value.items())
        return "; ".join(f"{k} = {_value(v, lang)}" for k, v in value.items())
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "—" if lang == "zh" else "unknown"
    return str(value)


def _zh_value(value: Any) -> Any:
    """A fact's value as Chinese output shows it: 是/否 for true/false, a choice's label."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return getattr(value, "zh", value)


def text(message: Message, lang: str = "zh") -> str:
    zh, en = MESSAGES[message.key]
    template = zh if lang == "zh" else en
    return template.format(**{k: _value(v, lang) for k, v in message.values.items()})


# Labels of the output itself.
LABELS: dict[str, tuple[str, str]] = {
    "eligible": ("符合", "eligible"),
    "needs_review": ("需复核", "needs review"),
    "undetermined": ("待定", "undetermined"),
    "not_eligible": ("不符合", "not eligible"),
    "fixed": ("定额", "fixed"),
    "per_unit": ("按户", "per unit"),
    "proportional": ("按比例", "proportional"),
    "monthly": ("按月", "monthly"),
    "step_up": ("晋级补差", "step-up"),
    "ceiling": ("最高限额", "up to"),
    "reimbursement": ("据实补贴", "reimbursement"),
    "applicant": ("申请人", "applicant"),
    "individual": ("个人", "individual"),
    "per_project": ("每个项目最高", "per project"),
    "yearly": ("每年上限", "yearly cap"),
    "cumulative": ("累计上限", "cumulative cap"),
    "per_person": ("每人上限", "per person"),
    "max_months": ("月数上限", "months limit"),
    "top_up": ("晋级补差", "top-up"),
}


def label(key: str, lang: str = "zh") -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang == "zh" else en
