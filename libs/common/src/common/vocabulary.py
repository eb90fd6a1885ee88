"""The users' words, as code. Values are stable identifiers; zh-CN labels are for display."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    WINDOW = "window"  # 窗口
    WEB = "web"  # 网站
    HOTLINE = "hotline"  # 12345 热线
    MOBILE_SNAPSHOT = "mobile_snapshot"  # 随手拍
    WECHAT = "wechat"  # 微信
    EMAIL = "email"  # 电子邮件
    QUESTIONNAIRE = "questionnaire"  # 问卷
    LEADER_AT_WINDOW = "leader_at_window"  # 领导坐窗口


class RequestKind(StrEnum):
    COMPLAINT = "complaint"  # 投诉
    HELP = "help"  # 求助
    CONSULTATION = "consultation"  # 咨询
    SUGGESTION = "suggestion"  # 建议
    REPORT = "report"  # 举报
    COULD_NOT_GET_IT_DONE = "could_not_get_it_done"  # 办不成事


class SubmitterKind(StrEnum):
    PERSON = "person"  # 群众
    ENTERPRISE = "enterprise"  # 企业


class ResolutionResult(StrEnum):
    SOLVED = "solved"  # 已解决
    PARTLY_SOLVED = "partly_solved"  # 部分解决
    EXPLAINED = "explained"  # 已解释（无法解决）


class Satisfaction(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意


class TimerStage(StrEnum):
    SIGN = "sign"  # 签收时限
    RESOLUTION = "resolution"  # 办结时限
    CALLBACK = "callback"  # 回访时限


LABELS_ZH: dict[str, str] = {
    **{
        Channel.WINDOW: "窗口",
        Channel.WEB: "网站",
        Channel.HOTLINE: "12345热线",
        Channel.MOBILE_SNAPSHOT: "随手拍",
        Channel.WECHAT: "微信",
        Channel.EMAIL: "电子邮件",
        Channel.QUESTIONNAIRE: "问卷",
        Channel.LEADER_AT_WINDOW: "领导坐窗口",
    },
    **{
        RequestKind.COMPLAINT: "投诉",
        RequestKind.HELP: "求助",
        RequestKind.CONSULTATION: "咨询",
        RequestKind.SUGGESTION: "建议",
        RequestKind.REPORT: "举报",
        RequestKind.COULD_NOT_GET_IT_DONE: "办不成事",
    },
    **{
        ResolutionResult.SOLVED: "已解决",
        ResolutionResult.PARTLY_SOLVED: "部分解决",
        ResolutionResult.EXPLAINED: "已解释",
    },
    **{
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.DISSATISFIED: "不满意",
    },
}
