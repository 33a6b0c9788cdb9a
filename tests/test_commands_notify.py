"""``yuqing notify``: the overdue list posted to a DingTalk or WeCom robot, against a real local
HTTP server (tests/robotkit.py) that records the request bodies."""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import hmac
import http.client
import io
import json
import ssl
import time
import urllib.error
import urllib.parse

import pytest

import overduekit as kit
from robotkit import Reply, Robot
from yuqing import cli
from yuqing.commands import notify


def _notify(root, *args, now=kit.NOW):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["notify", "--root", str(root), "--now", now, "--backoff", "0", *args])
        except SystemExit as exc:  # argparse's own usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    for name in (notify.ENV_WEBHOOK, notify.ENV_SECRET, notify.ENV_KIND):
        monkeypatch.delenv(name, raising=False)


def test_dingtalk_body(repo):
    kit.write(repo.root)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--kind", "dingtalk", "--link", "https://ci.example/1")
    assert code == 0, err
    assert "已向钉钉群机器人（127.0.0.1）发送通知：3 项逾期。" in out
    assert "t0ken" not in out + err  # the token in the address is a secret
    [request] = robot.requests
    assert request["path"] == "/robot/send?access_token=t0ken"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    [body] = robot.bodies()
    assert set(body) == {"msgtype", "markdown"} and body["msgtype"] == "markdown"
    assert set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["title"] == "舆情台账提醒：3 项逾期，2 项即将到期"
    text = body["markdown"]["text"]
    assert text.startswith("### 舆情台账提醒：3 项逾期，2 项即将到期\n")
    # who, by when, what — in due order, overdue first
    first = text.index("**养老服务科（刘洋、黄晓燕、王芳）** 应在 **2024-08-26 09:35** 前：重大舆情口头报告")
    second = text.index("**局办公室、基层政权科（王芳、赵磊、马强、林小红）** 应在 **2024-09-27 17:00** 前：复盘评估")
    third = text.index("**社会救助科（李明、陈静）** 应在 **2024-09-30（当天内）** 前：复盘整改措施：修订低保审批办事指南")
    soon = text.index("**即将到期**")
    assert first < second < third < soon < text.index("**社会事务科（张伟、徐慧）** 应在 **2024-10-01 10:20** 前")
    assert "已逾期 3天17小时" in text and f"{kit.NO_REVIEW_ID} 村委会换届选举程序遭网民质疑" in text
    assert "[查看详情](https://ci.example/1)" in text


def test_wecom_body(repo):
    kit.write(repo.root)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--kind", "wecom")
    assert code == 0, err
    assert "企业微信" in out
    [body] = robot.bodies()
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"content"}
    content = body["markdown"]["content"]
    assert content.startswith("### 舆情台账提醒：3 项逾期，2 项即将到期\n")
    assert "**社会救助科（李明、陈静）** 应在 **2024-09-30（当天内）** 前" in content
    assert len(content.encode("utf-8")) <= 4096


def test_wecom_guessed_from_the_address_and_cut_to_its_size_limit(repo):
    kit.write(repo.root)
    rows = 30
    for number in range(6, 6 + rows):  # many closed incidents without a review: 30 more overdue rows
        data = kit.unreviewed_major()
        data["id"] = f"YZMZ-2024-{number:04d}"
        repo.write(f"incidents/2024/YZMZ-2024-{number:04d}.md", _markdown(data))
    assert notify.guess_kind("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k") == "wecom"
    assert notify.guess_kind("https://oapi.dingtalk.com/robot/send?access_token=k") == "dingtalk"
    with Robot() as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--kind", "wecom")
    assert code == 0, err
    content = robot.bodies()[0]["markdown"]["content"]
    assert len(content.encode("utf-8")) <= 4096
    assert "……另有" in content and "项未列出" in content


def _markdown(data):
    from recordkit import to_markdown

    return to_markdown(data)


def test_retry_after_a_server_error(repo):
    kit.write(repo.root)
    with Robot(Reply(500, {"error": "busy"}), Reply(502, {}), Reply()) as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--retries", "3")
    assert code == 0, err
    assert len(robot.requests) == 3
    bodies = robot.bodies()
    assert bodies[0] == bodies[1] == bodies[2]  # the same message each time


def test_gives_up_after_the_retries(repo):
    kit.write(repo.root)
    with Robot(Reply(503, {})) as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--retries", "2")
    assert code == 1
    assert len(robot.requests) == 3
    assert "通知发送失败：127.0.0.1 返回 HTTP 503；共尝试 3 次，仍未成功。" in err
    assert "Traceback" not in err


def test_a_client_error_is_not_retried(repo):
    kit.write(repo.root)
    with Robot(Reply(404, {})) as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--retries", "3")
    assert code == 1 and len(robot.requests) == 1
    assert "HTTP 404" in err and "不再重试" in err


def test_a_robot_refusal_is_reported(repo):
    kit.write(repo.root)
    with Robot(Reply(200, {"errcode": 310000, "errmsg": "keywords not in content"})) as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url)
    assert code == 1 and len(robot.requests) == 1
    assert "拒绝了消息：errcode 310000 keywords not in content" in err


def test_timeout_then_success(repo):
    kit.write(repo.root)
    with Robot(Reply(delay=2.0), Reply()) as robot:
        started = time.monotonic()
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--timeout", "0.3", "--retries", "1")
        elapsed = time.monotonic() - started
    assert code == 0, err
    assert len(robot.requests) == 2
    assert elapsed < 2.0  # the client did not wait for the slow answer


def test_timeout_every_time(repo):
    kit.write(repo.root)
    with Robot(Reply(delay=1.5)) as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--timeout", "0.2", "--retries", "1")
    assert code == 1
    assert len(robot.requests) == 2
    assert "在 0.2 秒内没有响应（超时）；共尝试 2 次，仍未成功。" in err


def test_nothing_posted_when_nothing_is_overdue(repo):
    from recordkit import files_of, grave, review

    for path, text in files_of(grave(), review()).items():  # every obligation met
        repo.write(path, text)
    with Robot() as robot:
        code, out, _ = _notify(repo.root, "--webhook", robot.url)
        assert code == 0 and "没有逾期事项，不发送通知。" in out
        assert robot.requests == []
        code, _, _ = _notify(repo.root, "--webhook", robot.url, "--always")
    assert code == 0 and len(robot.requests) == 1
    assert robot.bodies()[0]["markdown"]["title"] == "舆情台账提醒：没有逾期事项"


def test_only_pending_is_not_posted(repo):
    from recordkit import files_of

    for path, text in files_of(kit.open_major()).items():
        repo.write(path, text)
    with Robot() as robot:
        code, out, _ = _notify(repo.root, "--webhook", robot.url)
    assert code == 0 and robot.requests == [] and "不发送" in out


def test_dingtalk_signature(repo):
    kit.write(repo.root)
    with Robot() as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--secret", "SECabc")
    assert code == 0, err
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(robot.requests[0]["path"]).query)
    assert query["access_token"] == ["t0ken"]
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    assert abs(int(timestamp) / 1000 - time.time()) < 60
    expected = base64.b64encode(hmac.new(b"SECabc", f"{timestamp}\nSECabc".encode(), hashlib.sha256).digest()).decode()
    assert sign == expected


def test_webhook_from_the_environment(repo, monkeypatch):
    kit.write(repo.root)
    with Robot() as robot:
        monkeypatch.setenv(notify.ENV_WEBHOOK, robot.url)
        code, _, err = _notify(repo.root)
    assert code == 0, err
    assert len(robot.requests) == 1


def test_dry_run_prints_the_body_and_posts_nothing(repo):
    kit.write(repo.root)
    with Robot() as robot:
        code, out, _ = _notify(repo.root, "--webhook", robot.url, "--kind", "wecom", "--dry-run")
    assert code == 0 and robot.requests == []
    assert json.loads(out)["markdown"]["content"].startswith("### 舆情台账提醒")


@pytest.mark.parametrize("args, words", [
    ([], "请用 --webhook 指定群机器人地址"),
    (["--webhook", "not a url"], "--webhook 应是群机器人的完整地址"),
    (["--webhook", "ftp://example.com/x"], "--webhook 应是群机器人的完整地址"),
    (["--webhook", "http://127.0.0.1:99999/x"], "端口号无效"),
    (["--webhook", "http://127.0.0.1/x", "--timeout", "0"], "--timeout 应大于 0 秒"),
    (["--webhook", "http://127.0.0.1/x", "--retries", "-1"], "--retries 不能小于 0"),
    (["--webhook", "http://127.0.0.1/x", "--kind", "slack"], "参数 --kind：取值 'slack' 无效，只能是：'dingtalk', 'wecom'"),
])
def test_usage_errors(repo, args, words):
    kit.write(repo.root)
    code, _, err = _notify(repo.root, *args)
    assert code == 2
    assert words in err and "Traceback" not in err


def test_unreachable_address(repo):
    kit.write(repo.root)
    with Robot() as robot:
        url = robot.url
    # the server is closed now: nothing listens on that port
    code, _, err = _notify(repo.root, "--webhook", url, "--retries", "1")
    assert code == 1
    assert "无法连接 127.0.0.1：连接被拒绝" in err and "共尝试 2 次" in err and "Traceback" not in err


def test_backoff_doubles(monkeypatch):
    waits = []
    result = notify.post("http://127.0.0.1:9/x", {"a": 1}, timeout=0.5, retries=3, backoff=1.0, sleep=waits.append)
    assert not result.ok and result.attempts == 4
    assert waits == [1.0, 2.0, 4.0]


@pytest.mark.parametrize(("raised", "zh"), [
    (urllib.error.URLError(ssl.SSLCertVerificationError(1, "certificate verify failed")), "网络、代理或证书问题"),
    (urllib.error.URLError(PermissionError(errno.EACCES, "Permission denied")), "没有读取权限"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "与 example.cn 的连接中断：连接被对方中断"),
    (http.client.RemoteDisconnected("Remote end closed connection without response"), "服务器的回答不完整"),
])
def test_connection_failures_are_said_in_chinese(monkeypatch, raised, zh):
    def fail(*_args, **_kwargs):
        raise raised

    monkeypatch.setattr(notify.urllib.request, "urlopen", fail)
    result = notify.post("https://example.cn/x", {"a": 1}, timeout=0.5, retries=0, backoff=0, sleep=lambda _: None)
    assert not result.ok and zh in result.msg.zh, result.msg.zh
    for words in ("certificate verify", "Permission denied", "reset by peer", "Remote end", "Errno"):
        assert words not in result.msg.zh, result.msg.zh


HOSTILE_TITLE = "![跟踪](https://evil.example/t.png)[点我](https://evil.example/) <img src=x onerror=alert(1)> **粗**"


def test_record_text_cannot_put_a_link_an_image_or_markup_into_the_message(repo):
    from recordkit import files_of

    record = kit.unreviewed_major()
    record["title"] = HOSTILE_TITLE
    for path, text in files_of(record).items():
        (repo.root / path).parent.mkdir(parents=True, exist_ok=True)
        (repo.root / path).write_text(text, encoding="utf-8")
    with Robot() as robot:
        code, _, err = _notify(repo.root, "--webhook", robot.url, "--kind", "dingtalk")
    assert code == 0, err
    [body] = robot.bodies()
    text = body["markdown"]["text"]
    assert "!［跟踪］(https://evil.example/t.png)［点我］(https://evil.example/) ＜img src=x onerror=alert(1)＞ ＊＊粗＊＊" in text
    assert "](" not in text and "<img" not in text


def test_chat_text_keeps_words_and_drops_markup():
    assert notify.chat_text("网民反映[午餐]质量差\n<b>") == "网民反映［午餐］质量差 ＜b＞"


# --- --due-within: a warning before the deadline ----------------------------------------------------

def test_due_within_posts_before_a_deadline_when_nothing_is_overdue(repo):
    import duekit

    duekit.write(repo.root)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--due-within", "2h", now="2024-09-30 07:40")
    assert code == 0, err
    assert "已向钉钉群机器人（127.0.0.1）发送通知：0 项逾期，1 项将在 2小时 内到期。" in out
    [body] = robot.bodies()
    assert body["markdown"]["title"] == "舆情台账提醒：0 项逾期，1 项即将到期"
    text = body["markdown"]["text"]
    assert "**即将到期**" in text and "**逾期**" not in text
    assert (f"**养老服务科（刘洋、黄晓燕、王芳）** 应在 **{duekit.FOLLOW_UP_DUE}** 前：第 2 次续报（间隔不超过 24 小时），"
            "还有 1小时20分钟") in text
    assert duekit.ACTION_WHAT not in text  # due by the end of the day: not within 2 hours


def test_due_within_nothing_in_the_window_sends_nothing(repo):
    import duekit

    duekit.write(repo.root)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--due-within", "2h", now=duekit.NOW)
    assert code == 0, err
    assert out.strip() == "没有逾期事项，也没有 2小时 内到期的事项，不发送通知。"
    assert robot.requests == []
    # without --due-within the same repository sends nothing either: nothing is overdue
    with Robot() as robot:
        code, out, _ = _notify(repo.root, "--webhook", robot.url, now=duekit.SOON)
    assert code == 0 and out.strip() == "没有逾期事项，不发送通知。" and robot.requests == []


def test_due_within_lists_only_the_window_besides_what_is_overdue(repo):
    kit.write(repo.root)  # 3 overdue; the first report (10:20) and a follow-up (next day) pending
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--due-within", "2h")
    assert code == 0, err
    assert "3 项逾期，1 项将在 2小时 内到期" in out
    text = robot.bodies()[0]["markdown"]["text"]
    assert text.startswith("### 舆情台账提醒：3 项逾期，1 项即将到期\n")
    assert "**社会事务科（张伟、徐慧）** 应在 **2024-10-01 10:20** 前" in text and "还有 20分钟" in text
    assert "2024-10-02 09:50" not in text  # the follow-up is a day away


def test_due_within_a_bad_duration(repo):
    kit.write(repo.root)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--due-within", "两小时")
    assert code == 2 and robot.requests == []
    assert "用法错误：--due-within 的时长“两小时”无法识别" in err and "Traceback" not in err


def test_due_within_warns_of_a_signal_waiting_for_its_assessment(repo):
    import duekit

    duekit.write(repo.root)
    duekit.write_signal(repo.root)  # its assessment falls due 08:30, before the follow-up (09:00)
    with Robot() as robot:
        code, out, err = _notify(repo.root, "--webhook", robot.url, "--due-within", "2h", now="2024-09-30 07:40")
    assert code == 0, err
    assert "2 项将在 2小时 内到期" in out
    text = robot.bodies()[0]["markdown"]["text"]
    assert duekit.SIGNAL_ID in text and duekit.SIGNAL_SECTION in text
