"""The users' words, as code. Values are stable identifiers; zh-CN labels are for display.

Every label a person reads is here, once: LABELS_ZH for the enums below, whose values are
all distinct, and one table each for the words whose codes would collide in it (signal
kinds, public statuses, event types, handling actions). Sentences are built from these
labels by the code that owns the fact.

Longer than ~400 lines on purpose: one place for every word a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    BATCH_IMPORT = "batch_import"  # 批量导入 (a meeting's or a visit's opinions, as a batch)


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
    TRANSFER_ACKNOWLEDGE = "transfer_acknowledge"  # 转办确认接收时限（外单位）
    TRANSFER_ANSWER = "transfer_answer"  # 转办答复时限（外单位）
    DISPATCH = "dispatch"  # 派单时限: a case waiting in the dispatcher's queue


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
    LEADER = "leader"  # 领导: reads the figures and signals, acts on no case
    ADMIN = "admin"  # 系统管理员


class SignalKind(StrEnum):
    """What a supervision signal (督查信号) is about."""

    OVERDUE = "overdue"  # 超期
    DISSATISFIED = "dissatisfied"  # 回访不满意
    UNSOLVED = "unsolved"  # 回访未解决
    REFERRED = "referred"  # 移交督查


class ReasonCode(StrEnum):
    """Why the platform itself did something a person reads about: waiting in a queue,
    routing by rule, closing or reopening after the callback."""

    AUTO_ACCEPTED = "auto_accepted"  # 自动受理
    AWAITING_CLERK = "awaiting_clerk"  # 待窗口甄别
    CATEGORY_UNKNOWN = "category_unknown"  # 未能自动分类
    DUPLICATE_SUSPECTED = "duplicate_suspected"  # 疑似重复件
    CATEGORY_NOT_CONFIRMED = "category_not_confirmed"  # 分类待确认
    NO_ROUTING_RULE = "no_routing_rule"  # 无交办规则
    ROUTED_BY_RULE = "routed_by_rule"  # 按规则交办
    CALLBACK_SATISFIED = "callback_satisfied"  # 回访满意
    CALLBACK_NEEDS_REWORK = "callback_needs_rework"  # 回访不满意或未解决
    ROUNDS_EXHAUSTED = "rounds_exhausted"  # 多轮办理仍未解决
    CALLBACK_UNREACHABLE = "callback_unreachable"  # 无法回访
    SENT_BACK_BY_DISPATCHER = "sent_back_by_dispatcher"  # 派单员退回甄别


@dataclass(frozen=True)
class Reason:
    """A reason the platform gives: its stable code, and the zh-CN sentence people read."""

    code: ReasonCode
    text: str


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
        Channel.BATCH_IMPORT: "批量导入",
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
        SubmitterKind.PERSON: "群众",
        SubmitterKind.ENTERPRISE: "企业",
    },
    **{
        ArbitrationDecision.REROUTE: "同意退单，改派",
        ArbitrationDecision.SEND_BACK: "驳回退单，原单位继续办理",
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
        TimerStage.TRANSFER_ACKNOWLEDGE: "转办确认接收时限",
        TimerStage.TRANSFER_ANSWER: "转办答复时限",
        TimerStage.DISPATCH: "派单时限",
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
        Role.LEADER: "领导",
        Role.ADMIN: "系统管理员",
    },
    **{
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.DISSATISFIED: "不满意",
    },
    **{
        ReasonCode.AUTO_ACCEPTED: "自动受理",
        ReasonCode.AWAITING_CLERK: "待窗口甄别",
        ReasonCode.CATEGORY_UNKNOWN: "未能自动分类",
        ReasonCode.DUPLICATE_SUSPECTED: "疑似重复件",
        ReasonCode.CATEGORY_NOT_CONFIRMED: "分类待确认",
        ReasonCode.NO_ROUTING_RULE: "无交办规则",
        ReasonCode.ROUTED_BY_RULE: "按规则交办",
        ReasonCode.CALLBACK_SATISFIED: "回访满意",
        ReasonCode.CALLBACK_NEEDS_REWORK: "回访不满意或未解决",
        ReasonCode.ROUNDS_EXHAUSTED: "多轮办理仍未解决",
        ReasonCode.CALLBACK_UNREACHABLE: "无法回访",
        ReasonCode.SENT_BACK_BY_DISPATCHER: "派单员退回甄别",
    },
}

#: Supervision signals ("dissatisfied" would collide with Satisfaction in LABELS_ZH).
SIGNAL_KINDS_ZH: dict[str, str] = {
    SignalKind.OVERDUE: "超期",
    SignalKind.DISSATISFIED: "回访不满意",
    SignalKind.UNSOLVED: "回访未解决",
    SignalKind.REFERRED: "移交督查",
}

#: The status the submitter sees on the public timeline (intake's read model).
PUBLIC_STATUS_ZH: dict[str, str] = {
    "registered": "已登记",
    "pending_screening": "待甄别",
    "accepted": "已受理",
    "rejected": "不予受理",
    "resolved_on_the_spot": "已当场办结",
    "merged": "已合并办理",
    "awaiting_dispatch": "待派单",
    "assigned": "已交办",
    "in_progress": "办理中",
    "suspended": "已挂起",
    "resolved": "已办结",
    "callback_done": "已回访",
    "reopened": "重办中",
    "supervised": "督办中",
    "closed": "已归档",
    "transferred": "已转办",
}

#: What each event is called on a staff timeline.
EVENT_LABELS_ZH: dict[str, str] = {
    "CaseRegistered": "登记",
    "CaseAccepted": "受理",
    "CaseRejected": "不予受理",
    "CaseResolvedOnTheSpot": "即办/解释答疑",
    "CaseMerged": "重复件合并",
    "CaseQueuedForDispatcher": "待人工派单",
    "CaseAssigned": "交办",
    "CaseSigned": "签收",
    "SubmitterContacted": "先行联系",
    "CaseReturned": "退单",
    "ReturnArbitrated": "退单仲裁",
    "ExtensionRequested": "延期申请",
    "ExtensionGranted": "同意延期",
    "ExtensionDenied": "不同意延期",
    "CaseSuspended": "挂起",
    "CaseResumed": "恢复办理",
    "CoHandlerOpinionFiled": "协办意见",
    "CaseResolved": "办结",
    "CaseReopened": "重办",
    "CaseClosed": "归档",
    "CaseReferredToSupervision": "转督查",
    "CallbackCompleted": "回访",
    "CallbackFailed": "无法回访",
    "CaseTransferred": "转办",
    "TransferAcknowledged": "转办确认接收",
    "TransferAnswered": "转办答复",
    "CaseReclassified": "改类",
    "CaseSentBackToScreening": "退回甄别",
    "CaseRejectedByDispatcher": "派单驳回（不予受理）",
}

#: The states of the handling lifecycle (dispatch's own; the public sees PUBLIC_STATUS_ZH).
HANDLING_STATES_ZH: dict[str, str] = {
    "awaiting_dispatch": "待派单",
    "assigned": "已交办",
    "signed": "已签收",
    "returned": "已退单待仲裁",
    "suspended": "已挂起",
    "resolved": "已办结",
    "under_supervision": "督办中",
    "closed": "已归档",
    "transferred": "已转办待确认",
    "transfer_acknowledged": "外单位办理中",
    "sent_back": "已退回甄别",
    "rejected": "已驳回（不予受理）",
}

#: The steps of the handling lifecycle (dispatch's actions; "sign" would collide with the
#: timer stage in LABELS_ZH).
HANDLING_ACTIONS_ZH: dict[str, str] = {
    "assign": "交办",
    "sign": "签收",
    "contact": "先行联系",
    "return": "退单",
    "arbitrate": "退单仲裁",
    "request_extension": "延期申请",
    "grant_extension": "同意延期",
    "deny_extension": "不同意延期",
    "suspend": "挂起",
    "resume": "恢复办理",
    "file_opinion": "协办意见",
    "resolve": "办结",
    "reopen": "重办",
    "refer": "移交督查",
    "close": "归档",
    "transfer": "转办",
    "acknowledge_transfer": "确认接收",
    "answer_transfer": "答复",
    "reclassify": "改类",
    "send_back": "退回甄别",
    "reject": "驳回（不予受理）",
    "readmit": "重新受理",
}

#: The states of a callback task (callback's own).
CALLBACK_STATES_ZH: dict[str, str] = {
    "open": "待回访",
    "completed": "已回访",
    "unreachable": "无法回访",
}

#: What a request's fields are called, for the messages that name an invalid one (path and
#: query parameters too). A name not here is shown as it is.
FIELD_LABELS_ZH: dict[str, str] = {
    # who and where
    "submitter": "提交人",
    "kind": "类型",
    "name": "姓名",
    "phone": "联系电话",
    "identity_number": "身份证号码",
    "enterprise_name": "企业名称",
    "uscc": "统一社会信用代码",
    "location": "位置",
    "address": "地址",
    "latitude": "纬度",
    "longitude": "经度",
    "area": "街道（乡镇）",
    # the request itself
    "case_id": "受理编号",
    "code": "编码",
    "channel": "渠道",
    "category": "分类",
    "title": "标题",
    "description": "诉求内容",
    "text": "诉求内容",
    "screening": "甄别",
    "screening_state": "甄别状态",
    "duplicate_review": "重复件核查",
    "original_case_id": "原诉求受理编号",
    "knowledge_article_id": "知识条目",
    "knowledge_article_version": "知识条目版本",
    "gap_id": "知识缺口编号",
    "outcome": "结果",
    "reason": "理由",
    "answer": "答复内容",
    # the knowledge base
    "question": "问题",
    "phrasings": "其他问法",
    "basis": "政策依据",
    "categories": "适用分类",
    "valid_from": "生效日期",
    "valid_until": "失效日期",
    "article_id": "知识编号",
    "flagged": "答复有误标记",
    "review_overdue": "逾期未复核",
    "q": "检索内容",
    "filename": "文件名",
    "attachment_id": "附件编号",
    "key_id": "密钥编号",
    "active": "是否启用",
    "registered_from": "登记起始时间",
    "registered_to": "登记截止时间",
    "since": "起始时间",
    "limit": "条数",
    "offset": "起始位置",
    # staff and handling
    "username": "用户名",
    "password": "密码",
    "role": "角色",
    "department": "部门",
    "departments": "部门",
    "parent": "上级部门",
    "lead": "主办单位",
    "co_handlers": "协办单位",
    "decision": "决定",
    "opinion": "协办意见",
    "result": "办理结果",
    "summary": "办理情况",
    "note": "备注",
    "state": "状态",
    "status": "状态",
    # deadlines
    "stage": "时限阶段",
    "working_days": "工作日数",
    "working_hours": "工作时间",
    "warning_fractions": "预警比例",
    "escalation": "升级规则",
    "rules": "规则",
    "version": "版本",
    "year": "年份",
    "holidays": "节假日",
    "make_up_workdays": "调休上班日",
    "source": "来源",
    # callback
    "satisfaction": "满意度",
    "solved": "是否解决",
    "comment": "评价",
    "answer_wrong": "答复有误",
    "token": "链接令牌",
    # window visits (窗口单位百姓评)
    "window": "窗口评分",
    "staff": "工作人员评分",
    # supervision
    "demand": "督办要求",
    "response": "书面答复",
    "respond_by": "答复期限",
    "time_limit": "办理时限",
    "responsible_unit": "责任单位",
    "owner": "责任单位",
    "due": "完成时限",
    "decisions": "议定事项",
    "attendees": "参会人员",
    "held_at": "召开时间",
    "linked_cases": "关联诉求",
    "evidence_event_ids": "证据事件",
    "measure": "问责措施",
    "upheld": "是否支持",
    "order_id": "督办单编号",
    "appeal_id": "申诉编号",
    "item_id": "事项编号",
    "period": "统计周期",
    "date": "日期",
    "from": "开始日期",
    "to": "结束日期",
    # the window's duty roster and acceptance form
    "half": "时段（上午 am / 下午 pm）",
    "specialists": "窗口专员",
    "leader": "值班领导",
    "tracking_code": "查询码",
    "by": "排名指标",
    "group": "分组",
    "top": "前几名",
    "fmt": "格式",
    "requested_by": "期望办结日期",
}
