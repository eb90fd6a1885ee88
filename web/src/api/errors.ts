// The services' error body: {"error": <stable code>, "message": <text>, ...details}; a 422
// adds "fields": [{"field": "submitter.phone", "message": ..., "type": ...}].
// What a person reads is Chinese: the API's own message when it is Chinese, otherwise the
// console's zh-CN text for the error code or status.

export interface FieldProblem {
  field: string;
  message?: string;
  type?: string | null;
}

export interface ErrorBody {
  error?: string;
  message?: string;
  fields?: FieldProblem[];
  [detail: string]: unknown;
}

const CHINESE = /[\u4e00-\u9fff]/;

const BY_CODE: Record<string, string> = {
  validation_failed: "提交的内容有误，请按提示修改",
  invalid_credentials: "用户名或密码错误",
  too_many_attempts: "尝试次数过多，请稍后再试",
  case_not_found: "未找到该受理编号，或查询码不正确",
  payload_too_large: "文件或内容过大",
  unsupported_media_type: "不支持的文件类型，请上传 JPEG、PNG、WebP 图片或 PDF 文档",
  too_many_attachments: "附件数量已达上限",
  empty_attachment: "文件是空的",
  rating_link_not_found: "评价链接无效，请核对短信或微信中的链接",
  rating_link_used: "该评价链接已使用过，感谢您的评价",
  rating_link_expired: "该评价链接已过期",
  unauthorized: "登录已失效，请重新登录",
  forbidden_role: "您的角色无权进行此操作",
};

const BY_STATUS: Record<number, string> = {
  400: "请求有误",
  401: "登录已失效，请重新登录",
  403: "您无权进行此操作",
  404: "未找到相关内容",
  409: "当前状态下不能进行此操作",
  410: "链接已失效",
  413: "文件或内容过大",
  422: "提交的内容有误，请按提示修改",
  429: "尝试次数过多，请稍后再试",
};

const BY_FIELD_TYPE: Record<string, string> = {
  missing: "此项为必填项",
  string_too_short: "内容太短",
  string_too_long: "内容太长",
  string_pattern_mismatch: "格式不正确",
  enum: "请从选项中选择",
  literal_error: "请从选项中选择",
  extra_forbidden: "不应提交此项",
  greater_than_equal: "数值太小",
  less_than_equal: "数值太大",
  too_long: "项目太多",
};

export const UNREACHABLE = "服务暂时无法访问，请检查网络后重试";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ErrorBody;
  /** API field path ("submitter.phone", "location") -> zh-CN message. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, body: ErrorBody) {
    super(chineseMessage(status, body));
    this.name = "ApiError";
    this.status = status;
    this.code = body.error ?? (status === 0 ? "unreachable" : `http_${status}`);
    this.body = body;
    this.fields = fieldMessages(body.fields);
  }

  /** The message for a form field: its own, or one given for a field it belongs to. */
  forField(path: string): string | undefined {
    let probe = path;
    for (;;) {
      const found = this.fields[probe];
      if (found) return found;
      const dot = probe.lastIndexOf(".");
      if (dot < 0) return undefined;
      probe = probe.slice(0, dot);
    }
  }
}

function chineseMessage(status: number, body: ErrorBody): string {
  if (status === 0) return UNREACHABLE;
  if (typeof body.message === "string" && CHINESE.test(body.message)) return body.message;
  const byCode = body.error ? BY_CODE[body.error] : undefined;
  if (byCode) return byCode;
  if (status >= 500) return "服务暂时不可用，请稍后再试";
  return BY_STATUS[status] ?? "请求未能完成，请稍后再试";
}

function fieldMessages(problems: FieldProblem[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const problem of problems ?? []) {
    if (!problem || typeof problem.field !== "string") continue;
    const message =
      typeof problem.message === "string" && CHINESE.test(problem.message)
        ? problem.message
        : (BY_FIELD_TYPE[problem.type ?? ""] ?? "内容不正确");
    out[problem.field] ??= message;
  }
  return out;
}

/** Whatever a failed response's body was (JSON, text, nothing), as an ApiError. */
export function errorFrom(status: number, body: unknown): ApiError {
  const parsed = typeof body === "object" && body !== null ? (body as ErrorBody) : {};
  return new ApiError(status, parsed);
}

/** Any thrown value as the Chinese text to show. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return UNREACHABLE;
}
