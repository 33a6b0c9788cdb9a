"""``yuqing notify``: post what is overdue to a group-chat robot (DingTalk or WeCom).

A full check at ``--now`` (default: the real time), then the overdue list of
:mod:`yuqing.overdue` as one Markdown message. With ``--due-within 2h`` the message lists, besides
what is overdue, what falls due within 2 hours (pending obligations and open review actions, as
``yuqing due --within 2h``), and is posted when there is such a thing even if nothing is overdue:
a warning before the deadline, not only after. Nothing is posted when there is nothing to say
(unless ``--always``). Retries with exponential backoff on server errors (5xx, 429),
timeouts and connection failures; a 4xx answer or a robot's ``errcode`` is final.
Exit 0: sent, or nothing to send; 1: the post failed; 2: usage or configuration error.
The webhook address carries the robot's token: it is never printed, only its host.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import socket
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from yuqing.checking import run_check
from yuqing.commands._shared import open_workspace, parse_now
from yuqing.i18n import Msg
from yuqing.loader import os_reason
from yuqing.overdue import Due, falling_due, overdue
from yuqing.timeparse import format_duration, format_time

KINDS = ("dingtalk", "wecom")
ENV_WEBHOOK = "YUQING_WEBHOOK"
ENV_SECRET = "YUQING_WEBHOOK_SECRET"
ENV_KIND = "YUQING_WEBHOOK_KIND"

#: Message size limits of the robots (bytes of UTF-8 text): WeCom 4096, DingTalk 20000.
LIMITS = {"dingtalk": 18000, "wecom": 4000}
MAX_BACKOFF = 30.0


@dataclass
class PostResult:
    ok: bool
    attempts: int
    msg: Msg


# --- the message ---------------------------------------------------------------------------------

# A robot's Markdown dialect has no reliable escapes: record text loses what could make a link,
# an image or markup (as full-width forms, natural in Chinese text).
_CHAT_MARKUP = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞", "*": "＊", "`": "｀", "\n": " ", "\r": " "})


def chat_text(text: str) -> str:
    """A record's text as it may appear in a group-chat message."""
    return str(text).translate(_CHAT_MARKUP)


def _item(row: Due, tz, lang: str, number: int, now=None) -> str:
    en = lang == "en"
    what = chat_text(row.what.text(lang))
    if row.detail is not None:
        what += (": " if en else "：") + chat_text(row.detail.text(lang))
    drill = ("[drill] " if en else "【演练】") if row.drill else ""
    late = ""
    if row.overdue_by is not None:
        late = f", {row.overdue_text(lang)} overdue" if en else f"，已逾期 {row.overdue_text(lang)}"
    elif now is not None and row.left(now) is not None:
        late = f", {row.left_text(now, lang)}" if en else f"，{row.left_text(now, lang)}"
    if en:
        head = f"{number}. **{chat_text(row.who(lang))}** by **{row.due_text(tz, lang)}**: {what}{late}"
        tail = f"{drill}{chat_text(row.incident)} {chat_text(row.title)} ({row.rule}, {row.path}:{row.line}). {row.todo.text(lang)}"
    else:
        head = f"{number}. **{chat_text(row.who(lang))}** 应在 **{row.due_text(tz, lang)}** 前：{what}{late}"
        tail = f"{drill}{chat_text(row.incident)} {chat_text(row.title)}（{row.rule}，{row.path}:{row.line}）。{row.todo.text(lang)}"
    return f"{head}\n\n   {tail}"


def _heading(rows: list[Due], lang: str) -> str:
    late = sum(1 for row in rows if row.overdue)
    soon = len(rows) - late
    if lang == "en":
        return f"yuqing: {late} overdue, {soon} due soon" if rows else "yuqing: nothing overdue"
    return f"舆情台账提醒：{late} 项逾期，{soon} 项即将到期" if rows else "舆情台账提醒：没有逾期事项"


def compose(rows: list[Due], now, tz, lang: str = "zh", link: str | None = None,
            limit: int = LIMITS["dingtalk"]) -> tuple[str, str]:
    """(title, Markdown text) of the message; items beyond ``limit`` bytes are counted, not listed."""
    en = lang == "en"
    title = _heading(rows, lang)
    head = [f"### {title}", "", (f"Checked at {format_time(now, tz)} (Beijing time)." if en
                                 else f"检查时间：{format_time(now, tz)}（北京时间）。")]
    footer = []
    if link:
        footer += ["", f"[{'Details' if en else '查看详情'}]({link})"]
    if not en:
        footer += ["", "> 时间如实记录，不要改动；超时的请在 exceptions 中写明情况说明。"]
    groups = [(Msg("逾期", "Overdue"), [r for r in rows if r.overdue]),
              (Msg("即将到期", "Due soon"), [r for r in rows if not r.overdue])]
    body: list[str] = []
    used = len("\n".join(head + footer).encode("utf-8"))
    left_out = 0
    for label, group in groups:
        if not group:
            continue
        section = ["", f"**{label.text(lang)}**", ""]
        for number, row in enumerate(group, 1):
            item = _item(row, tz, lang, number, now)
            size = len(("\n".join(section) + "\n\n" + item).encode("utf-8")) + 200
            if left_out or used + size > limit:
                left_out += 1
                continue
            section += [item, ""]
        if len(section) > 3:
            body += section
            used += len("\n".join(section).encode("utf-8"))
    if left_out:
        body += ["", f"… {left_out} more not listed; run `yuqing check` for all." if en
                 else f"……另有 {left_out} 项未列出，请查看 CI 任务摘要或运行 yuqing check。"]
    return title, "\n".join(head + body + footer).rstrip() + "\n"


def payload(kind: str, title: str, text: str) -> dict:
    """The robot's JSON body: DingTalk ``markdown.{title,text}``, WeCom ``markdown.content``."""
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


# --- the post ------------------------------------------------------------------------------------

def signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """DingTalk's 加签: ``timestamp`` and ``sign`` = Base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + f"timestamp={timestamp}&sign={sign}"


def _host(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname or url


def _retryable_status(code: int) -> bool:
    return code >= 500 or code == 429


def post(url: str, body: dict, timeout: float, retries: int, backoff: float, sleep=time.sleep) -> PostResult:
    """POST ``body`` as JSON; retry transient failures ``retries`` times with doubling waits."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    host = _host(url)
    last = Msg("", "")
    attempts = 0
    for attempt in range(retries + 1):
        if attempt:
            sleep(min(backoff * 2 ** (attempt - 1), MAX_BACKOFF))
        attempts += 1
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8",
                                                  "User-Agent": "yuqing-notify"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = response.read(65536)
        except urllib.error.HTTPError as exc:
            last = Msg(f"{host} 返回 HTTP {exc.code}", f"{host} answered HTTP {exc.code}")
            if _retryable_status(exc.code):
                continue
            return PostResult(False, attempts, last + Msg("（地址或机器人配置有误，不再重试）。",
                                                         "(check the address or the robot; not retried)."))
        except TimeoutError:
            last = Msg(f"{host} 在 {timeout:g} 秒内没有响应（超时）", f"{host} did not answer within {timeout:g} s")
            continue
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                last = Msg(f"{host} 在 {timeout:g} 秒内没有响应（超时）",
                           f"{host} did not answer within {timeout:g} s")
            elif isinstance(reason, ConnectionRefusedError):
                last = Msg(f"无法连接 {host}：连接被拒绝（该地址没有服务在运行）",
                           f"cannot connect to {host}: connection refused")
            elif isinstance(reason, socket.gaierror):
                last = Msg(f"找不到服务器 {host}（域名无法解析，请检查地址和网络）",
                           f"cannot resolve {host} (check the address and the network)")
            elif isinstance(reason, OSError) and not isinstance(reason, ssl.SSLError) and reason.errno:
                last = Msg(f"无法连接 {host}：", f"cannot connect to {host}: ") + os_reason(reason)
            else:  # an SSL certificate problem, a proxy: urllib's own words are English
                last = Msg(f"无法连接 {host}（网络、代理或证书问题，请检查地址、网络和代理设置）",
                           f"cannot connect to {host}: {reason}")
            continue
        except (http.client.HTTPException, OSError) as exc:
            last = Msg(f"与 {host} 的连接中断：", f"connection to {host} failed: ") + _connection_reason(exc)
            continue
        problem = _robot_error(answer)
        if problem is not None:
            return PostResult(False, attempts, Msg(f"{host} 拒绝了消息：{problem}",
                                                   f"{host} refused the message: {problem}"))
        return PostResult(True, attempts, Msg("", ""))
    return PostResult(False, attempts, last + Msg(f"；共尝试 {attempts} 次，仍未成功。",
                                                  f"; gave up after {attempts} attempts."))


def _connection_reason(exc: Exception) -> Msg:
    """Why a connection broke off, in Chinese (the exception's own words are for --lang en)."""
    if isinstance(exc, http.client.HTTPException):  # RemoteDisconnected is an OSError as well
        return Msg("服务器的回答不完整或格式不对", f"{type(exc).__name__}: {exc}")
    if isinstance(exc, ssl.SSLError):
        return Msg("加密连接（HTTPS）出错", str(exc))
    if isinstance(exc, OSError) and exc.errno:
        return os_reason(exc)
    return Msg("网络连接出错", str(exc) or type(exc).__name__)


def _robot_error(answer: bytes) -> str | None:
    """DingTalk and WeCom answer HTTP 200 with ``{"errcode": N, "errmsg": …}``; N != 0 is a refusal."""
    try:
        parsed = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if isinstance(parsed, dict) and parsed.get("errcode") not in (None, 0, "0"):
        return f"errcode {parsed.get('errcode')} {parsed.get('errmsg', '')}".strip()
    return None


# --- the command ---------------------------------------------------------------------------------

class UsageError(Exception):
    """A bad option: exit 2 with a Chinese message (never a traceback)."""

    def __init__(self, msg: Msg):
        super().__init__(msg.en)
        self.msg = msg


def _usage(zh: str, en: str) -> UsageError:
    return UsageError(Msg(f"用法错误：{zh}", f"usage error: {en}"))


def guess_kind(url: str) -> str:
    return "wecom" if _host(url).endswith("qyapi.weixin.qq.com") else "dingtalk"


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _usage("--webhook 应是群机器人的完整地址，以 https:// 开头，例如 "
                     "https://oapi.dingtalk.com/robot/send?access_token=…",
                     "--webhook must be the robot's full https:// address")
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise _usage("--webhook 地址中的端口号无效。", "--webhook has an invalid port.") from None


def run(args) -> int:
    try:
        return _run(args)
    except UsageError as exc:
        print(exc.msg.text(args.lang), file=sys.stderr)
        return 2


def _run(args) -> int:
    lang = args.lang
    url = args.webhook or os.environ.get(ENV_WEBHOOK, "").strip() or None
    if url is None and not args.dry_run:
        raise _usage(f"请用 --webhook 指定群机器人地址，或设置环境变量 {ENV_WEBHOOK}。",
                     f"give --webhook URL or set {ENV_WEBHOOK}.")
    if url is not None:
        _check_url(url)
    if args.timeout <= 0:
        raise _usage("--timeout 应大于 0 秒。", "--timeout must be positive.")
    if args.retries < 0:
        raise _usage("--retries 不能小于 0。", "--retries must not be negative.")
    if args.backoff < 0:
        raise _usage("--backoff 不能小于 0。", "--backoff must not be negative.")
    kind = args.kind or os.environ.get(ENV_KIND) or (guess_kind(url) if url else "dingtalk")
    if kind not in KINDS:
        raise _usage(f"机器人类型应是 dingtalk 或 wecom，而不是 {kind}。", f"kind must be dingtalk or wecom, not {kind}.")

    within = None
    if getattr(args, "due_within", None) is not None:
        from yuqing.commands.due import parse_within

        within = parse_within(args.due_within, "--due-within")

    workspace = open_workspace(args)
    now = parse_now(args.now, workspace)
    result = run_check(workspace, now, verdicts=True).result
    rows = overdue(result)
    late = [row for row in rows if row.overdue]
    soon: list[Due] = []
    if within is not None:  # only what falls due within the window, review actions included
        soon = falling_due(result, within, signals=True)
        rows = sorted(late + soon, key=lambda row: (row.due or now, row.incident, row.rule, row.path, row.line))
    if not late and not soon and not args.always:
        if within is not None:
            span = format_duration(within, "zh"), format_duration(within, "en")
            print(Msg(f"没有逾期事项，也没有 {span[0]} 内到期的事项，不发送通知。",
                      f"Nothing is overdue or due within {span[1]}; no message sent.").text(lang))
        else:
            print(Msg("没有逾期事项，不发送通知。", "Nothing is overdue; no message sent.").text(lang))
        return 0
    title, text = compose(rows, now, workspace.org.tz, lang, args.link, LIMITS[kind])
    body = payload(kind, title, text)
    if args.dry_run:
        print(json.dumps(body, ensure_ascii=False, indent=2))
        return 0
    secret = args.secret or os.environ.get(ENV_SECRET, "").strip() or None
    target = signed_url(url, secret) if secret and kind == "dingtalk" else url
    outcome = post(target, body, args.timeout, args.retries, args.backoff)
    robot = Msg("钉钉" if kind == "dingtalk" else "企业微信", "DingTalk" if kind == "dingtalk" else "WeCom")
    if outcome.ok:
        if within is not None:
            print(Msg(f"已向{robot.zh}群机器人（{_host(url)}）发送通知：{len(late)} 项逾期，"
                      f"{len(soon)} 项将在 {format_duration(within, 'zh')} 内到期。",
                      f"Sent to the {robot.en} robot ({_host(url)}): {len(late)} overdue, "
                      f"{len(soon)} due within {format_duration(within, 'en')}.").text(lang))
        else:
            print(Msg(f"已向{robot.zh}群机器人（{_host(url)}）发送通知：{len(late)} 项逾期。",
                      f"Sent to the {robot.en} robot ({_host(url)}): {len(late)} overdue.").text(lang))
        return 0
    print(Msg(f"通知发送失败：{outcome.msg.zh}", f"notification failed: {outcome.msg.en}").text(lang), file=sys.stderr)
    return 1
