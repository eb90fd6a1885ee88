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
    FIRST_RESPONSE = "first_response"  # 首次响应时限
    RESOLUTION = "resolution"  # 办结时限
    CALLBACK = "callback"  # 回访时限


class ScreeningOutcome(StrEnum):
    """What the window clerk decides at screening (甄别)."""

    ACCEPT = "accept"  # 受理
    REJECT = "reject"  # 不予受理
    RESOLVE_ON_THE_SPOT = "resolve_on_the_spot"  # 即办
    ANSWER_CONSULTATION = "answer_consultation"  # 解释答疑
    MERGE_DUPLICATE = "merge_duplicate"  # 重复件合并


class ArbitrationDecision(StrEnum):
    """The dispatcher's ruling on a return (退单仲裁)."""

    REROUTE = "reroute"  # 同意退单，改派
    SEND_BACK = "send_back"  # 驳回退单，原单位继续办理


class EscalationStep(StrEnum):
    """The ladder after a limit passes: urge, then order, then accountability."""

    URGE = "urge"  # 催办
    SUPERVISION_ORDER = "supervision_order"  # 督办
    ACCOUNTABILITY = "accountability"  # 问责


class CallbackAttemptOutcome(StrEnum):
    REACHED = "reached"  # 已接通
    NO_ANSWER = "no_answer"  # 无人接听
    WRONG_NUMBER = "wrong_number"  # 号码错误
    REFUSED = "refused"  # 拒绝回访
    NO_CONTACT = "no_contact"  # 无联系方式: the submitter left no phone (Open311 allows it)


class AccountabilityMeasure(StrEnum):
    ADMONITION_TALK = "admonition_talk"  # 约谈
    NOTICE = "notice"  # 通报
    DISCIPLINARY_REFERRAL = "disciplinary_referral"  # 问责移送


class Role(StrEnum):
    CLERK = "clerk"  # 窗口工作人员
    DISPATCHER = "dispatcher"  # 派单员
    HANDLER = "handler"  # 承办单位工作人员
    CALLBACK_AGENT = "callback_agent"  # 回访员
    SUPERVISOR = "supervisor"  # 督查
    ADMIN = "admin"  # 系统管理员


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
        ScreeningOutcome.ACCEPT: "受理",
        ScreeningOutcome.REJECT: "不予受理",
        ScreeningOutcome.RESOLVE_ON_THE_SPOT: "即办",
        ScreeningOutcome.ANSWER_CONSULTATION: "解释答疑",
        ScreeningOutcome.MERGE_DUPLICATE: "重复件合并",
    },
    **{
        TimerStage.SIGN: "签收时限",
        TimerStage.FIRST_RESPONSE: "首次响应时限",
        TimerStage.RESOLUTION: "办结时限",
        TimerStage.CALLBACK: "回访时限",
    },
    **{
        EscalationStep.URGE: "催办",
        EscalationStep.SUPERVISION_ORDER: "督办",
        EscalationStep.ACCOUNTABILITY: "问责",
    },
    **{
        CallbackAttemptOutcome.REACHED: "已接通",
        CallbackAttemptOutcome.NO_ANSWER: "无人接听",
        CallbackAttemptOutcome.WRONG_NUMBER: "号码错误",
        CallbackAttemptOutcome.REFUSED: "拒绝回访",
        CallbackAttemptOutcome.NO_CONTACT: "无联系方式",
    },
    **{
        AccountabilityMeasure.ADMONITION_TALK: "约谈",
        AccountabilityMeasure.NOTICE: "通报",
        AccountabilityMeasure.DISCIPLINARY_REFERRAL: "问责移送",
    },
    **{
        Role.CLERK: "窗口工作人员",
        Role.DISPATCHER: "派单员",
        Role.HANDLER: "承办单位",
        Role.CALLBACK_AGENT: "回访员",
        Role.SUPERVISOR: "督查",
        Role.ADMIN: "系统管理员",
    },
    **{
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.DISSATISFIED: "不满意",
    },
}
