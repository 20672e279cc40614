"""The fixed choices of the facts format, each with its Chinese label.

A value may be given by its English id (`provincial`) or its Chinese label
(`省级`); both read as the id. The labels are what the workbook's dropdowns
offer and what the Chinese output prints.
"""

from __future__ import annotations

from enum import StrEnum

from . import i18n


class Choice(StrEnum):
    """A StrEnum whose members carry a Chinese label (`.zh`) and English one."""

    zh: str
    en: str
    aliases: tuple[str, ...]

    # The labels take defaults only for the checker: it reads `Level("national")`,
    # the enum's lookup by value, as a call of this constructor; every member gives `zh`.
    def __new__(cls, value: str, zh: str = "", en: str = "", *aliases: str) -> Choice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh = zh
        member.en = en or value.replace("_", " ")
        member.aliases = aliases
        return member

    def label(self, lang: str = "zh") -> str:
        return i18n.pick(self.zh, self.en, lang)

    @classmethod
    def lookup(cls) -> dict[str, Choice]:
        table = _LOOKUPS.get(cls)
        if table is None:
            from .money import normalise_text  # what a value is normalised with before lookup

            table = {}
            for member in cls:
                for key in (member.value, member.zh, member.en, *member.aliases):
                    table[normalise_text(key).casefold()] = member
            _LOOKUPS[cls] = table
        return table


_LOOKUPS: dict[type, dict[str, Choice]] = {}  # built once per choice (the batch reads them per cell)


class ApplicantKind(Choice):
    ENTERPRISE = "enterprise", "企业"
    PARK = "park", "产业园区", "industrial park", "园区"
    RESEARCH_INSTITUTE = "research_institute", "科研院所", "research institute"
    UNIVERSITY = "university", "高校", "university", "高等院校"
    INDIVIDUAL = "individual", "个人"


class Size(Choice):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class Sector(Choice):
    """第一条's four parts of the AI industry."""

    KEY_COMPONENTS = "key_components", "关键基础元器件", "key basic components"
    INTELLIGENT_SOFTWARE = "intelligent_software", "智能软件", "intelligent software"
    INTELLIGENT_TERMINALS = "intelligent_terminals", "智能终端", "intelligent terminals"
    AI_APPLICATIONS = "ai_applications", "融合应用", "AI applied in other industries", "融合应用带动的相关行业"


class Level(Choice):
    NATIONAL = "national", "国家级", "national", "国家"
    PROVINCIAL = "provincial", "省级", "provincial", "省"
    MUNICIPAL = "municipal", "市级", "municipal", "市"


class EventType(Choice):
    """Recognitions, selections, titles and prizes (articles 3, 4, 5, 7, 8)."""

    SINGLE_CHAMPION_ENTERPRISE = (
        "single_champion_enterprise",
        "制造业单项冠军示范企业",
        "manufacturing single champion enterprise",
    )
    SINGLE_CHAMPION_PRODUCT = "single_champion_product", "制造业单项冠军产品", "manufacturing single champion product"
    SPECIALISED_SME = "specialised_sme", "专精特新中小企业", "specialised and innovative SME"
    LITTLE_GIANT = "little_giant", "专精特新“小巨人”企业", "little giant enterprise", "小巨人"
    HENAN_DATA_ENTERPRISE = "henan_data_enterprise", "河南省数据企业", "Henan data enterprise"
    DATA_INDUSTRY_CLUSTER = "data_industry_cluster", "数据产业集聚区", "data industry cluster"
    INNOVATION_CENTRE = "innovation_centre", "创新中心", "innovation centre"
    KEY_LABORATORY = "key_laboratory", "重点实验室", "key laboratory"
    INTERNATIONAL_JOINT_LABORATORY = (
        "international_joint_laboratory",
        "国际联合实验室",
        "international joint laboratory",
    )
    ENTERPRISE_TECHNOLOGY_CENTRE = "enterprise_technology_centre", "企业技术中心", "enterprise technology centre"
    ENGINEERING_RESEARCH_CENTRE = "engineering_research_centre", "工程研究中心", "engineering research centre"
    AI_EMPOWERMENT_CENTRE = "ai_empowerment_centre", "人工智能行业赋能中心", "AI industry empowerment centre"
    AI_APPLICATION_CASE = "ai_application_case", "人工智能典型应用场景或案例", "AI typical application scenario or case"
    INTELLIGENT_MANUFACTURING_PILOT = (
        "intelligent_manufacturing_pilot",
        "智能制造试点示范企业",
        "intelligent manufacturing pilot enterprise",
    )
    SMART_FACTORY = "smart_factory", "智能工厂", "smart factory"
    SMART_WORKSHOP = "smart_workshop", "智能车间", "smart workshop"
    HIGH_QUALITY_DATASET_CASE = "high_quality_dataset_case", "高质量数据集典型案例", "high-quality dataset case"
    DATA_LABELLING_CASE = "data_labelling_case", "数据标注优秀案例", "data labelling excellent case"
    DATA_ELEMENTS_CASE = "data_elements_case", "“数据要素×”典型案例", "Data Elements x case", "数据要素×典型案例"
    DATA_ELEMENTS_PRIZE = (
        "data_elements_prize",
        "“数据要素×”大赛奖项",
        "Data Elements x competition prize",
        "数据要素×大赛奖项",
    )


class ProviderType(Choice):
    """第六条's three kinds of compute provider."""

    SUPERCOMPUTING_CENTRE = "supercomputing_centre", "超算中心", "supercomputing centre"
    AI_COMPUTING_CENTRE = "ai_computing_centre", "人工智能计算中心", "AI computing centre"
    DATA_CENTRE = "data_centre", "数据中心", "data centre"
    OTHER = "other", "其他", "other"


class Degree(Choice):
    PHD = "phd", "博士", "PhD"
    MASTER = "master", "硕士", "master"
    BACHELOR = "bachelor", "本科", "bachelor"
    PREPARATORY_TECHNICIAN = (
        "preparatory_technician",
        "预备技师（技师）",
        "preparatory technician / technician class",
        "预备技师",
        "技师",
    )
    OTHER = "other", "其他", "other"


class HireStatus(Choice):
    """第九条 second paragraph: who the hired graduate was."""

    GRADUATION_YEAR = "graduation_year", "毕业年度高校毕业生", "graduate in the graduation year", "毕业年度"
    UNEMPLOYED = "unemployed", "离校未就业高校毕业生", "unemployed since leaving school", "离校未就业"
    EMPLOYED_BEFORE = "employed_before", "离校后曾就业", "employed before"
