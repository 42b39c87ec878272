"""The Mail and Send log sheets: what `xlkpi send` reads and writes, in both languages.

    邮件 Mail        label | value | note rows: subject and body templates HR edits for each
                     person, each manager and the department head, who receives the
                     department pack, whether attachments are encrypted, the appeal window
    发送记录 Send log  one row per message attempt, written by `xlkpi send` (never edited)

Like layout.py for the other sheets, this is the one place that knows their labels (the
placeholder names, kinds and statuses are read from xlkpi/words/mail.toml); the
Mail sheet is optional (the defaults below are used without it) and is found by its name
in either language (`layout.SHEETS["mail"]`).
"""

from __future__ import annotations

from xlkpi import words
from xlkpi.core.label import Label
from xlkpi.workbook.layout import Column, Kind, Setting, Table
from xlkpi.workbook.layout import label_key as label_key  # the one lookup of a word

L = Label

#: the placeholders a subject or body may use: key -> the name HR may also write in Chinese
PLACEHOLDERS = words.table("mail", "placeholders")

_PERSON_BODY = L(
    "{姓名}，您好：\n\n"
    "附件是您{考核周期}的绩效考核结果，请查阅。\n"
    "如对结果有异议，请于{申诉截止日期}前以书面形式向人力资源部提出申诉。\n\n"
    "人力资源部",
    "Dear {name},\n\n"
    "Attached are your performance results for {period}.\n"
    "If you disagree with them, please appeal in writing to Human Resources by "
    "{appeal deadline}.\n\n"
    "Human Resources",
)
_MANAGER_BODY = L(
    "{姓名}，您好：\n\n"
    "附件是您团队{人数}人{考核周期}的绩效考核结果，请在3个工作日内与每位成员进行绩效面谈。\n"
    "结果仅供您本人查阅，请勿转发。\n\n"
    "人力资源部",
    "Dear {name},\n\n"
    "Attached are the {period} results of your team of {team size}. Please hold each "
    "member's performance interview within 3 working days.\n"
    "The results are for you only: please do not forward them.\n\n"
    "Human Resources",
)
_DEPARTMENT_BODY = L(
    "{姓名}，您好：\n\n附件是本部门{人数}人{考核周期}的绩效考核结果汇总，请查阅。\n\n人力资源部",
    "Dear {name},\n\nAttached are the {period} results of the department ({team size} "
    "people).\n\nHuman Resources",
)

_NOTE_PLACEHOLDERS = L(
    "可用占位符：{姓名} {工号} {考核周期} {岗位} {部门} {总分} {等级} {排名} {申诉截止日期}",
    "Placeholders: {name} {id} {period} {position} {department} {total} {grade} {rank} "
    "{appeal deadline}",
)

MAIL_SETTINGS: list[Setting] = [
    Setting(
        "person_subject",
        L("员工邮件主题", "Subject to each person"),
        Kind.TEXT,
        L("{考核周期}绩效考核结果（{姓名}）", "Your performance results for {period}"),
        note=_NOTE_PLACEHOLDERS,
    ),
    Setting("person_body", L("员工邮件正文", "Message to each person"), Kind.TEXT, _PERSON_BODY),
    Setting(
        "manager_subject",
        L("经理邮件主题", "Subject to each manager"),
        Kind.TEXT,
        L("{考核周期}团队绩效考核结果（{人数}人）", "Your team's results for {period}"),
        note=L("{人数}为团队人数", "{team size} is the number of people in the team"),
    ),
    Setting("manager_body", L("经理邮件正文", "Message to each manager"), Kind.TEXT, _MANAGER_BODY),
    Setting(
        "department_subject",
        L("部门邮件主题", "Subject to the department head"),
        Kind.TEXT,
        L("{考核周期}部门绩效考核结果汇总", "Department results for {period}"),
    ),
    Setting(
        "department_body",
        L("部门邮件正文", "Message to the department head"),
        Kind.TEXT,
        _DEPARTMENT_BODY,
    ),
    Setting(
        "department_head",
        L("部门汇总收件人工号", "Department pack to (employee ID)"),
        Kind.TEXT,
        "",
        note=L(
            "填写部门负责人的工号，其收到全部门的结果；留空则不发送部门汇总",
            "The department head's employee ID: they receive everyone's results; "
            "leave empty for no department pack",
        ),
    ),
    Setting(
        "encrypt",
        L("附件加密", "Encrypt attachments"),
        Kind.CHOICE,
        "no",
        "yes_no",
        note=L(
            "选“是”时，每个附件用收件人在“人员”表“附件密码”列的密码加密；密码不会出现在邮件中",
            "Yes: each attachment is encrypted with its recipient's File password "
            "(Roster sheet); passwords never appear in any e-mail",
        ),
    ),
    Setting(
        "appeal_days",
        L("申诉期限（工作日）", "Appeal within (working days)"),
        Kind.INTEGER,
        2,
    ),
    Setting(
        "published",
        L("结果公布日期", "Results published on"),
        Kind.DATE,
        None,
        note=L("留空则为发送当天", "Empty: the day of sending"),
    ),
]

MAIL_SETTINGS_BY_KEY = {s.key: s for s in MAIL_SETTINGS}

MAIL_TITLE = L("邮件发送设置", "Sending results by e-mail")
MAIL_HINT = L(
    "“xlkpi send”按下列模板给每位员工发送其成绩单、给每位上级发送团队汇总。"
    "邮件服务器和密码不在工作簿中设置（见 docs/send.md）。",
    "`xlkpi send` mails each person their scorecard and each manager their team's pack "
    "with these templates. The mail server and its password are never kept in the "
    "workbook (see docs/send.md).",
)


# ---------------------------------------------------------------------------------------
# Send log
# ---------------------------------------------------------------------------------------


def _log(key: str, label: Label, width: float) -> Column:
    return Column(key, label, width=width, computed=True)  # written by `xlkpi send` only


#: the Send log table, declared like every other table (its columns: key, label, width)
SEND_LOG = Table(
    "send_log",
    "send_log",
    (
        _log("time", L("时间", "Time"), 19),
        _log("kind", L("类型", "Kind"), 12),
        _log("id", L("工号", "Employee ID"), 10),
        _log("name", L("姓名", "Name"), 10),
        _log("address", L("收件人", "Address"), 26),
        _log("file", L("附件", "File"), 30),
        _log("hash", L("附件校验值", "File hash"), 18),
        _log("message_id", L("邮件编号", "Message ID"), 36),
        _log("status", L("状态", "Status"), 12),
        _log("note", L("说明", "Note"), 40),
    ),
)
SEND_LOG_COLUMNS: tuple[Column, ...] = SEND_LOG.columns

SEND_LOG_TITLE = L("发送记录", "Send log")
SEND_LOG_HINT = L(
    "由“xlkpi send”写入，请勿修改：已发送的不会重复发送（--resend 可强制重发）。",
    "Written by `xlkpi send`; do not edit. What was sent is not sent again (--resend overrides).",
)
#: rows above the Send log's header row: title, hint
SEND_LOG_HEADER_ROW = 2

KIND_LABELS = words.table("mail", "kind_labels")

STATUS_LABELS = words.table("mail", "status_labels")
