"""Scorecards and lists as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese
headers) and XLSX, with zh-CN column headers, and department, street and category names
where the figures hold codes (a code the district does not name stays as it is). The writing
itself is common.exports'."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from common.exports import Column, Sheet, table, to_csv, to_xlsx

__all__ = ["Column", "Names", "Sheet", "named", "table", "to_csv", "to_xlsx"]


@dataclass(frozen=True)
class Names:
    """The district's names for the codes the figures hold."""

    departments: Mapping[str, str]
    categories: Mapping[str, str]
    domains: Mapping[str, str] = field(default_factory=dict)  # domain code -> name


#: Which columns hold a department's code (a street is a department too) or a category's
NAMED_COLUMNS = {
    "department": "departments",
    "responsible_unit": "departments",
    "area": "departments",
    "category": "categories",
    "domain": "domains",
}


def named(sheet: Sheet, names: Names) -> Sheet:
    """The sheet with the district's names in place of codes."""
    return Sheet(
        sheet.title,
        [
            replace(column, labels=getattr(names, NAMED_COLUMNS[column.key]))
            if column.key in NAMED_COLUMNS and column.labels is None
            else column
            for column in sheet.columns
        ],
    )


NOT_RANKED_ZH = {"below_minimum_sample": "样本量不足", "no_data": "暂无数据"}
PROBLEM_STATUS_ZH = {"open": "待整改", "in_progress": "整改中", "done": "已销号"}

SCORECARD = Sheet(
    "考核统计",
    [
        Column("period", "统计期间"),
        Column("department", "承办单位"),
        Column("category", "问题类别"),
        Column("accepted", "受理量"),
        Column("resolved", "办结量"),
        Column("response_rate", "响应率", percent=True),
        Column("on_time_rate", "按时办结率", percent=True),
        Column("solved_rate", "解决率", percent=True),
        Column("satisfaction_rate", "满意率", percent=True),
        Column("callback_rate", "回访率", percent=True),
        Column("overdue", "超期件"),
        Column("returns", "退单次数"),
        Column("domain", "领域"),
        Column("explained", "解释答疑"),
        Column("on_the_spot", "即办"),
        Column("in_progress", "办理中"),
        Column("closed", "已办结"),
        Column("case_satisfaction_rate", "满意率（按件）", percent=True),
        Column("window_answers", "窗口解答量"),
        Column("window_answers_from_article", "知识库命中量"),
        Column("knowledge_hit_rate", "知识库命中率", percent=True),
        Column("window_answer_rate", "当场解答率", percent=True),
        Column("consultations_resolved_with_article", "咨询件办结（引用知识）"),
        Column("consultations_resolved_without_article", "咨询件办结（未引用知识）"),
        Column("gaps_opened", "新增知识缺口"),
        Column("gaps_closed", "关闭知识缺口"),
        Column("gaps_open", "期末知识缺口"),
        Column("answers_wrong", "答复有误"),
    ],
)

RANKING = Sheet(
    "单位排名",
    [
        Column("rank", "排名"),
        Column("department", "承办单位"),
        Column("reason", "未排名原因", labels=NOT_RANKED_ZH),
        *(column for column in SCORECARD.columns[3:] if column.key != "domain"),
    ],
)

#: Each kind of evaluation campaign's latest scores beside the case figures (api.figures
#: flattens a scorecard row's `evaluations` into these keys).
EVALUATION_KINDS = {
    "residents_rate_services": "群众评服务",
    "enterprises_rate_government": "企业评政府",
    "grassroots_rate_agencies": "基层评机关",
}
EVALUATION_COLUMNS = [
    column
    for kind, name in EVALUATION_KINDS.items()
    for column in (
        Column(f"evaluation_{kind}", f"{name}综合得分"),
        Column(f"evaluation_{kind}_rank", f"{name}名次"),
    )
]
SCORECARD = Sheet(SCORECARD.title, [*SCORECARD.columns, *EVALUATION_COLUMNS])

HOTSPOTS = Sheet(
    "热点问题",
    [
        Column("period", "统计期间"),
        Column("category", "问题类别"),
        Column("area", "区域"),
        Column("cases", "件数"),
    ],
)

RECURRING = Sheet(
    "重复发生问题",
    [
        Column("case_id", "案件编号"),
        Column("earlier_case_id", "前案编号"),
        Column("category", "问题类别"),
        Column("area", "区域"),
        Column("address", "地点"),
        Column("days_after_closure", "距前案办结天数"),
    ],
)

PROBLEM_LIST = Sheet(
    "问题清单",
    [
        Column("item_id", "序号"),
        Column("title", "问题"),
        Column("responsible_unit", "责任单位"),
        Column("time_limit", "完成时限"),
        Column("status", "状态", labels=PROBLEM_STATUS_ZH),
        Column("outcome", "整改结果"),
        Column("linked_cases", "关联案件"),
    ],
)

LEDGER_SOURCE_ZH = {"case": "案件", "opinion": "收集意见"}
LEDGER_PROGRESS_ZH = {"open": "待整改", "in_progress": "整改中", "rectified": "已整改"}
YES_NO_ZH = {"true": "是", "false": "否"}

LEDGER = Sheet(
    "专项整治台账",
    [
        Column("entry_id", "序号"),
        Column("source", "来源", labels=LEDGER_SOURCE_ZH),
        Column("case_id", "受理编号"),
        Column("text", "问题（意见）"),
        Column("raised_by", "提出方"),
        Column("collected_on", "收集日期"),
        Column("disposition", "处置方式"),
        Column("responsible_unit", "责任单位"),
        Column("time_limit", "整改时限"),
        Column("progress", "整改进展", labels=LEDGER_PROGRESS_ZH),
        Column("outcome", "整改结果"),
        Column("rectified_on", "整改完成日期"),
        Column("overdue", "是否超期", labels=YES_NO_ZH),
    ],
)


def ledger_sheet(dispositions: Mapping[str, str]) -> Sheet:
    """The ledger's sheet with the district's disposition names (code -> name)."""
    return Sheet(
        LEDGER.title,
        [
            replace(column, labels=dispositions) if column.key == "disposition" else column
            for column in LEDGER.columns
        ],
    )


CAMPAIGN_RESULTS = Sheet(
    "评议结果",
    [
        Column("rank", "名次"),
        Column("department", "被评议单位"),
        Column("responses", "评价数"),
        Column("negative_list", "负面清单得分"),
        Column("satisfaction", "满意度得分"),
        Column("overall", "综合得分"),
        Column("note", "未排名原因"),
        Column("summoned", "约谈"),
        Column("comments", "意见建议"),
    ],
)
