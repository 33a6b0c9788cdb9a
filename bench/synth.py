"""Realistic synthetic records repositories for the benchmarks (and a test that keeps them valid).

N incidents of every level and every section of schema/org.yml, written the way the shipped
records are: oral and written reports with every element, follow-ups every few hours until a
final report, public responses with the leaders' approvals, escalations for grave incidents,
tracking owners, a review write-up after closure with action items, a Markdown narrative of a
few hundred characters. About 3% are drills, 4% are ``visibility: restricted``, 5% are ``.yml``
files with the narrative in ``body``. About one incident in ten has a late or missing
obligation explained in ``exceptions`` (the excused verdicts); the rest are on time. The last
incidents before the clock (``now``) are still open.

Beside them, monitoring/ holds about 3 signals (研判预警) per incident: a third of the incidents
(not drills) were first noticed as a signal (``noticed_at`` = the incident's ``discovered_at``,
assessed 转为事件 with ``incident:``), the others were assessed 不构成舆情 or 持续关注 (then closed
a few days later) within ``signals.assess_within``, except about 2% assessed late on purpose (YQ314
warnings). trainings/ holds the office's 培训班 every six months for every section (one that held a
drill since the last may skip it), a 研讨 in between and 演练讲评 after some drills, so that YQ313
finds no section behind; org.yml's ``ledger_since`` is set to the synthetic start. A full
``yuqing check --now <now>`` of the result passes (warnings only: the excused delays and the late
signals).

Deterministic: incident *i* depends only on the seed and *i* (so the first 1,000 incidents of a
10,000-incident repository are the 1,000-incident repository).

With Git (the default), the history is written through one ``git fast-import`` stream: every
entry is committed some minutes after the time it claims (a registration commit with the first
reports, one per follow-up, response, escalation, closure, and the review), by a member of the
record's section (the review by 局办公室; a signal by its section: one that became an incident
minutes after it was noticed and before the incident, with the 转为事件 assessment and the link
appended after the incident's registration; the others with their first assessment or before it,
later assessments appended; a training by the office the day it was held). Asked for fewer commits than that, consecutive
changes are batched; asked for more, notes commits pad the history. ``--no-git`` writes the
plain files of the same records as they stand at ``now``.

    .venv/bin/python bench/synth.py DIR [--records N] [--commits M] [--no-git] [--site] [--seed S]

prints the ``--now`` to check the repository with.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

PROJECT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2021, 1, 4, 8, 0, tzinfo=TZ)
SPACING = timedelta(hours=3)  # mean time between two discoveries (about 2,900 a year: ids stay 4 digits)
DEFAULT_SEED = 20240826
OFFICE = ("王芳", "wangfang@yzmz.example.cn")
OFFICE_STAFF = ["王芳", "赵磊"]
LEADERS = {"分管领导": ["孙丽华", "吴志强"], "主要领导": ["周建国"]}
BOTH = ["分管领导", "主要领导"]
SITE_FILES = ("mkdocs.yml", "docs")  # copied from the project with --site
RECORD_DIRS = ("incidents", "monitoring", "trainings")


# -- text banks -----------------------------------------------------------------------------------
# Each topic: title, summary, 事件概况, 核实情况, 原因, 处置措施, 处置结果, the public response, a lesson
# and action items for the review. {place}, {comm}, {inst}, {n} and {who} are filled per incident.

TOPICS: dict[str, list[dict[str, object]]] = {
    "社会救助科": [
        {"title": "市民反映{place}低保申请一个多月无结果",
         "summary": "市民在微博发帖称其家人在{place}提交最低生活保障申请一个多月仍无结果，往返窗口多次，认为审核拖沓，要求尽快办理并说明原因。",
         "over": "申请人于上月提交低保申请，街道已受理；因需跨市比对家庭成员存款信息，家庭经济状况核对报告迟迟未出，街道也未主动告知办理进度。",
         "fact": "经调取申请档案，街道受理、入户调查和信息比对均按规定开展，流程本身无违规，但未按要求向申请人告知进度，申请人因此多次往返。",
         "cause": "跨市信息比对耗时较长，街道未履行进度告知义务，申请人不了解办理环节。",
         "act": "督促街道三个工作日内完成民主评议；科室电话回访申请人说明进度；在全区推行低保办理进度短信告知。",
         "res": "申请人家人经审核符合条件，当月纳入低保；申请人表示满意，帖文已由本人补充说明。",
         "say": "您反映的低保申请事宜已收悉。经核实，申请已由街道受理，因需核对家庭成员收入、存款等信息，办理时间较长。街道将于三个工作日内完成入户调查和民主评议，结果由街道社会救助服务窗口告知您。如有疑问请拨打区民政局社会救助科电话0574-87110001咨询。",
         "lesson": "进度告知不到位，群众“来回跑”，小事酿成网上投诉。",
         "fix": ["推行低保办理进度短信告知", "对各街道社会救助窗口开展一次业务督查"]},
        {"title": "网传{place}困难家庭冬季临时救助“发放不公”",
         "summary": "有网民在本地论坛发帖，称{place}{comm}临时救助金发放“优亲厚友”，附一份名单截图，帖文被多次转载。",
         "over": "网帖所附名单为{comm}公示的临时救助对象名单，网民质疑其中两户与社区工作人员存在亲属关系。",
         "fact": "经与街道逐户核对，名单中两户确与一名社区工作人员同姓，但无亲属关系，均经申请、入户调查和公示程序，符合临时救助条件。",
         "cause": "公示名单信息过简，未同时公开救助事由和审核程序，群众对个别对象产生误解。",
         "act": "组织街道重新核查全部救助对象；补充公示救助事由和审核流程；约请发帖人面对面说明。",
         "res": "核查未发现违规发放，发帖人接受说明并删除帖文，论坛讨论平息。",
         "say": "网民反映的临时救助发放问题，我局高度重视，已会同街道逐户核查。经核实，名单所列对象均按规定程序申请、调查和公示，未发现违规情况。我局将进一步完善公示内容，欢迎群众继续监督，监督电话0574-87110001。",
         "lesson": "公示内容过于简单，信息公开不充分，容易引发猜疑。",
         "fix": ["完善社会救助对象公示格式，增加救助事由和审核环节", "开展一次社会救助领域优亲厚友问题自查"]},
        {"title": "特困人员反映{place}供养金发放延迟",
         "summary": "一名特困供养人员的亲属在短视频平台发布视频，称{place}本月供养金迟迟未到账，视频点赞转发较多。",
         "over": "当月特困人员基本生活费因代发银行系统升级延迟两日到账，涉及{place}部分供养对象。",
         "fact": "经与代发银行核对，系统升级导致批量代发延迟，资金已于次日全部到账，未发生漏发、少发。",
         "cause": "代发银行系统升级未提前告知，科室和街道也未及时向供养对象解释。",
         "act": "协调银行加急处理并出具说明；街道工作人员逐户上门告知到账情况；与银行建立代发异常提前告知机制。",
         "res": "供养金已全部到账，视频发布者更新说明，评论区负面情绪消退。",
         "say": "关于网民反映的特困供养金到账延迟问题，经核实，系因代发银行系统升级造成，资金已全部到账，未影响供养对象生活。给大家带来的不便，我们深表歉意，今后将提前做好告知工作。",
         "lesson": "与代发银行沟通机制不健全，发放异常未能提前告知。",
         "fix": ["与代发银行签订异常情况提前告知约定", "建立供养金到账情况抽查回访制度"]},
    ],
    "养老服务科": [
        {"title": "网传{inst}护理员推搡老人视频",
         "summary": "短视频平台出现一段视频，称{inst}护理员推搡一名坐轮椅的老人，视频转发较多，评论要求严查。",
         "over": "视频拍摄于{inst}二楼走廊，显示一名护理员拉拽老人轮椅时动作粗暴，老人身体前倾。",
         "fact": "经调取监控并询问当事双方，护理员因老人情绪激动欲起身，拉回轮椅时用力过猛，老人未受伤；该护理员入职不足三个月，未完成全部岗前培训。",
         "cause": "机构新入职护理员培训不到位，对失能老人护理规范掌握不足，管理人员巡查不及时。",
         "act": "责令机构暂停涉事护理员工作并开展全员培训；联系老人家属说明情况并致歉；对全区养老机构开展服务安全检查。",
         "res": "涉事护理员被辞退，机构整改通过验收，老人家属表示谅解，舆情平息。",
         "say": "关于网传{inst}护理员推搡老人视频，我局已第一时间介入调查。经核实，涉事护理员操作不规范，老人经检查未受伤。机构已停止该护理员工作，我局已责令机构全面整改，并将对全区养老机构开展服务安全检查。感谢社会各界监督。",
         "lesson": "养老机构新员工岗前培训和日常巡查存在薄弱环节。",
         "fix": ["对全区养老机构护理员开展护理规范轮训", "将护理员岗前培训完成情况纳入机构等级评定"]},
        {"title": "老年食堂突然停餐，{comm}老人就餐无着落",
         "summary": "微信群和本地论坛流传消息，称{place}{comm}老年食堂突然停止供餐，数十名老人中午无处就餐，要求说明原因。",
         "over": "{comm}老年食堂运营方因合同到期未续签，于当日起停止供餐，街道未提前安排过渡，约六十名老人受影响。",
         "fact": "经核实，运营合同上月底到期，街道招标程序尚未完成，双方对过渡期安排沟通不畅，导致停餐。",
         "cause": "街道对运营合同到期衔接准备不足，未制定过渡方案，也未提前告知就餐老人。",
         "act": "协调原运营方恢复供餐至新运营方进场；街道为行动不便老人送餐上门；全面排查老年食堂合同到期情况。",
         "res": "次日恢复供餐，新运营方两周后进场，老人就餐未再中断，网上讨论转为正面。",
         "say": "关于{comm}老年食堂停餐问题，经协调，食堂已于次日恢复供餐，行动不便的老人由工作人员送餐上门。我局已要求各街道全面排查老年食堂运营情况，确保老人吃饭不断档。",
         "lesson": "老年助餐服务合同管理缺少到期预警，过渡安排缺位。",
         "fix": ["建立老年食堂运营合同到期提前三个月预警机制", "制定老年助餐服务中断应急预案"]},
        {"title": "居家养老服务补贴“只签字不服务”被曝光",
         "summary": "有媒体记者暗访报道，称{place}部分居家养老服务对象“只签字不服务”，服务组织虚报服务时长套取补贴。",
         "over": "报道涉及{place}一家居家养老服务组织，称其服务人员让老人在空白服务单上签字，实际上门时间不足。",
         "fact": "经调取服务记录和定位数据并入户回访，该组织部分服务工单存在时长虚报，涉及服务对象十余名。",
         "cause": "服务组织内部管理松懈，街道对服务质量的抽查和回访流于形式。",
         "act": "暂停该组织新增服务派单；追回虚报部分补贴；对全区居家养老服务工单开展专项核查。",
         "res": "追回虚报补贴，该组织被列入重点监管名单，专项核查结果向社会公布。",
         "say": "针对媒体报道的居家养老服务问题，我局已成立核查组。经核实，涉事服务组织存在虚报服务时长情况，我局已暂停其派单并追回相关资金，同时在全区开展专项核查，结果将及时向社会公布。",
         "lesson": "对服务组织的过程监管和回访抽查不足，存在监管漏洞。",
         "fix": ["推行居家养老服务电子工单和定位签到", "每季度按比例抽查回访服务对象"]},
    ],
    "社会事务科": [
        {"title": "婚姻登记处“七夕”预约系统崩溃，新人排长队",
         "summary": "“七夕”当天婚姻登记网上预约系统一度无法访问，现场排队等候超过两小时，多名网民在微博吐槽。",
         "over": "当日上午婚姻登记预约系统因访问量激增出现故障，现场候登新人较平日增加三倍，等候时间较长。",
         "fact": "经核实，系统故障持续约四十分钟，登记处临时启用纸质预约和分时叫号，当日全部办结。",
         "cause": "对节日登记高峰预估不足，系统扩容和现场分流预案准备不充分。",
         "act": "增开登记窗口并延长办公时间；安排志愿者现场引导；协调技术单位对预约系统扩容。",
         "res": "当天所有预约新人均完成登记，网上讨论转向点赞工作人员加班服务。",
         "say": "“七夕”当天婚姻登记量大幅增加，预约系统一度访问不畅，给新人们带来不便，我们深表歉意。登记处已增开窗口、延时服务，确保当日到场新人全部办结。祝福每一对新人！",
         "lesson": "节日登记高峰应对预案不完善，信息系统容量不足。",
         "fix": ["节日前开展婚姻登记预约系统压力测试", "制定节日登记高峰现场分流方案"]},
        {"title": "网民质疑{place}公墓收费标准过高",
         "summary": "清明前夕，有网民在本地论坛发帖，称{place}一公墓墓位价格“天价”，还捆绑收取管理费，要求主管部门说明。",
         "over": "帖文列出该公墓部分墓位售价和二十年管理费，质疑其未按规定明码标价、捆绑销售。",
         "fact": "经现场检查，该公墓墓位价格已按规定备案并公示，但管理费收取方式未在显著位置告知，部分销售人员存在口头推销附加服务的情况。",
         "cause": "公墓经营单位价格公示不全面，销售行为不规范。",
         "act": "责令公墓经营单位完善价格公示、停止捆绑推销；联合市场监管部门开展殡葬服务收费专项检查。",
         "res": "该公墓完成整改并向购墓群众退还附加服务费用，专项检查结果已公开。",
         "say": "关于网民反映的公墓收费问题，我局已会同市场监管部门现场检查，责令经营单位规范价格公示、停止捆绑推销。群众如发现殡葬服务乱收费问题，可拨打0574-87110003反映。",
         "lesson": "对经营性公墓日常价格监管不够，群众反映渠道宣传不足。",
         "fix": ["清明、冬至前开展殡葬服务收费专项检查", "在各公墓显著位置公布投诉电话"]},
        {"title": "残疾人两项补贴停发引发家属网上求助",
         "summary": "一名重度残疾人的家属在微信朋友圈和本地论坛求助，称补贴突然停发且无人告知，帖文被多个公众号转发。",
         "over": "该残疾人因户籍迁移信息未同步，系统比对时被判定为不符合条件，重度残疾人护理补贴被暂停发放两个月。",
         "fact": "经核实，户籍迁移发生在区内，属数据比对规则设置问题，本人仍符合补贴条件。",
         "cause": "数据比对规则未区分区内迁移情形，暂停发放前也未履行告知程序。",
         "act": "当即恢复补贴并补发停发期间款项；修正比对规则；排查同类情形。",
         "res": "补贴已补发到位，排查发现同类情形三例并一并纠正，家属发帖致谢。",
         "say": "关于网民反映的残疾人补贴停发问题，经核实，系数据比对规则设置不当所致，我局已恢复发放并补发相关款项，同时排查纠正同类问题。对此给群众带来的困扰，我们深表歉意。",
         "lesson": "信息系统比对规则变更前未充分论证，停发前缺少人工复核和告知。",
         "fix": ["补贴暂停发放前增加人工复核和书面告知环节", "修订残疾人两项补贴数据比对规则"]},
    ],
    "基层政权科": [
        {"title": "{comm}居委会换届选举被指“走过场”",
         "summary": "有居民在微信群发文，称{place}{comm}居委会换届选举未充分告知居民、选民登记不全，质疑选举“走过场”。",
         "over": "发文居民称本人及部分邻居未收到选民登记通知，投票当天才得知选举消息。",
         "fact": "经核查选举档案，选民登记公告已在{comm}公告栏张贴，但未通过微信群等渠道告知，部分新入住居民未被登记。",
         "cause": "选举宣传告知方式单一，新入住居民底数摸排不清。",
         "act": "指导街道对遗漏居民补充登记并说明情况；对全区社区换届选民登记开展复核。",
         "res": "补充登记居民均已确认选举结果有效，发文居民表示理解。",
         "say": "关于{comm}换届选举选民登记问题，经核查，选举程序符合规定，但告知渠道不够全面。我局已指导街道补充登记并改进告知方式，欢迎居民积极参与社区治理。",
         "lesson": "选举告知方式单一，对新入住居民摸排不到位。",
         "fix": ["换届选举选民登记同时通过微信群和公告栏告知", "开展一次新入住居民底数排查"]},
        {"title": "网民质疑新地名命名“崇洋媚外”",
         "summary": "有网民在微博发帖，称{place}一处新建道路拟用名称含外文音译词，质疑不符合地名管理规定。",
         "over": "帖文所指为开发单位在楼盘宣传中使用的推广名，并非已批准的标准地名。",
         "fact": "经核实，该道路标准名称尚在审批中，开发单位擅自在宣传中使用推广名，误导群众。",
         "cause": "开发单位违规使用未经批准的名称，地名宣传解释工作不到位。",
         "act": "责令开发单位停止使用推广名；公开道路命名审批进展；开展不规范地名排查。",
         "res": "开发单位已撤下相关宣传，标准地名经公示后批准，网上讨论平息。",
         "say": "关于网民关注的道路命名问题，经核实，网传名称为开发单位宣传推广名，并非标准地名。我局已责令其停止使用，道路标准名称将按规定程序公示后批准。",
         "lesson": "对楼盘推广名的日常监管不足，地名政策解读不及时。",
         "fix": ["联合住建部门开展不规范地名专项清理", "在新建道路命名前开展公众意见征集"]},
    ],
    "社会组织科": [
        {"title": "网传某慈善组织违规募捐",
         "summary": "有网民发帖称一家登记在本区的慈善组织在街头和网络平台募捐，款项去向不明，帖文附有募捐现场照片。",
         "over": "帖文照片显示数名身着统一马甲的人员在商场门口设点募捐，使用该组织名义和个人收款码。",
         "fact": "经核查，该组织未取得公开募捐资格，现场人员系以该组织名义活动的志愿者团队，收款码为个人账户。",
         "cause": "社会组织对志愿者团队管理失控，存在未取得资格开展公开募捐的违规行为。",
         "act": "责令立即停止募捐并清退款项；约谈该组织负责人；发布防范非法募捐提示。",
         "res": "所募款项已原路退还，该组织受到警告处罚，网民对处置表示认可。",
         "say": "关于网民反映的募捐问题，经核查，相关活动未取得公开募捐资格，我局已责令停止并退还所募款项，依法作出处理。提醒广大市民，捐赠请认准具有公开募捐资格的慈善组织。",
         "lesson": "对登记社会组织的日常活动监管不足，公众识别非法募捐的宣传不够。",
         "fix": ["开展一次社会组织公开募捐专项检查", "在官方微信发布慈善募捐资格查询指引"]},
        {"title": "培训类社会组织“跑路”，家长讨要学费",
         "summary": "多名家长在短视频平台和微信群反映，{place}一家登记为民办非企业单位的培训机构突然停课，预收学费无法退还。",
         "over": "该机构预收一百余名学员学费，负责人失联，家长聚集在机构门口讨要说法。",
         "fact": "经核查，该机构已连续两年年检不合格，存在超范围预收费问题，现负责人联系不上。",
         "cause": "机构经营不善且违规预收费，年检不合格后的跟进处置不到位。",
         "act": "会同教育、公安、市场监管部门成立工作专班；登记家长诉求；依法启动清算程序。",
         "res": "负责人到案配合清算，家长学费按清算方案分批退还，聚集已疏散。",
         "say": "关于家长反映的培训机构停课退费问题，我局已会同相关部门成立专班处置，依法推进清算退费。请家长通过专班登记诉求，理性表达，不信谣、不传谣。",
         "lesson": "对年检不合格社会组织缺少后续监管和风险预警。",
         "fix": ["建立年检不合格社会组织风险台账和跟踪回访机制", "联合教育部门开展预收费专项排查"]},
    ],
    "区社会福利院": [
        {"title": "网传区社会福利院伙食差、老人吃不饱",
         "summary": "一名入住老人家属在微博发帖，附多张饭菜照片，称区社会福利院伙食“清汤寡水”，老人吃不饱。",
         "over": "帖文照片为某日晚餐，菜品为两素一汤，家属称近期伙食明显变差。",
         "fact": "经核查，当日晚餐因供货延误临时调整菜单，平日伙食标准和营养搭配符合规定，但菜品公示和家属沟通不到位。",
         "cause": "临时调整菜单未告知老人和家属，伙食管理委员会作用发挥不够。",
         "act": "邀请家属代表参加伙食管理委员会；每周公示菜谱；对临时调整建立告知制度。",
         "res": "家属参观食堂后表示理解并更新帖文，院内老人满意度回访良好。",
         "say": "感谢家属对院内老人生活的关心。经核查，当日因供货延误临时调整菜单，平时伙食标准符合规定。福利院将每周公示菜谱，并邀请家属代表参与伙食管理，欢迎监督。",
         "lesson": "院务公开和家属沟通机制不健全。",
         "fix": ["每周在院内和微信公众号公示菜谱", "每季度召开一次家属代表座谈会"]},
        {"title": "区社会福利院一名老人夜间摔伤，家属质疑看护不力",
         "summary": "一名入住老人家属在短视频平台发布视频，称老人夜间在房间摔伤骨折，福利院未及时通知家属。",
         "over": "老人夜间自行起床如厕时摔倒，值班护理员巡查发现后送医，诊断为手腕骨折。",
         "fact": "经调取巡查记录，护理员按规定频次巡查并及时送医，但通知家属晚了约两小时。",
         "cause": "夜间突发情况家属告知流程不明确，值班人员优先处理送医，延误告知。",
         "act": "院方向家属致歉并承担相关医疗费用；完善夜间突发情况告知流程；为高风险老人加装离床报警装置。",
         "res": "老人康复出院，家属接受处理方案并删除视频。",
         "say": "关于入住老人夜间摔伤一事，福利院在发现后及时送医救治，但通知家属不够及时，我们向家属诚恳致歉。院方已完善告知流程并加装防跌倒设施，全力做好老人康复照护。",
         "lesson": "夜间突发情况的家属告知流程不清晰，防跌倒设施不足。",
         "fix": ["制定夜间突发情况家属告知流程", "为跌倒高风险老人加装离床报警装置"]},
    ],
    "区救助管理站": [
        {"title": "网传流浪人员冬夜露宿{place}桥洞无人管",
         "summary": "寒潮期间，有网民在微博发帖并配照片，称一名流浪人员在{place}桥洞露宿，质疑救助站“不作为”。",
         "over": "照片显示一名男子在桥洞下用纸板和旧被褥过夜，帖文发布后多名网民转发呼吁救助。",
         "fact": "经核查，救助站此前已三次街面巡查劝导该人员入站，均被拒绝，工作人员已为其发放棉被和食品。",
         "cause": "受助人员拒绝入站，救助工作情况未及时向社会说明。",
         "act": "救助站再次上门劝导并联系属地派出所核实身份；寒潮期间加密巡查；公开街面巡查记录。",
         "res": "该人员经劝导同意入站，后联系到其家属接回，网上舆情转为点赞。",
         "say": "关于网民反映的流浪人员露宿问题，区救助管理站此前已多次劝导其入站并发放御寒物资。寒潮期间我们将加密街面巡查，市民发现需要帮助的流浪人员，请拨打救助热线0574-87110007。",
         "lesson": "主动公开救助工作不够，街面巡查信息未与社会共享。",
         "fix": ["寒潮、高温期间实行街面巡查每日两次", "在官方微博定期公布街面巡查和救助情况"]},
        {"title": "受助人员在站内与工作人员发生冲突视频流传",
         "summary": "一段受助人员在区救助管理站内与工作人员发生推搡的视频在短视频平台流传，评论质疑工作人员态度粗暴。",
         "over": "视频显示一名受助人员因要求立即返乡与工作人员发生争执并推搡，工作人员进行了制止。",
         "fact": "经调取站内监控，受助人员情绪激动先行动手，工作人员制止时未使用过当手段，视频经过剪辑。",
         "cause": "受助人员诉求未得到及时解释，现场处置沟通方式欠妥。",
         "act": "公开完整监控视频片段；为受助人员办理返乡手续；开展工作人员沟通技巧培训。",
         "res": "受助人员顺利返乡，完整视频公开后网上质疑平息。",
         "say": "关于网传救助站内冲突视频，经调取完整监控，系受助人员因返乡诉求情绪激动引发争执，工作人员依规制止，未使用过当手段。我站已为其办理返乡手续，并将进一步改进服务沟通方式。",
         "lesson": "对情绪激动受助人员的沟通安抚能力不足。",
         "fix": ["开展受助人员沟通安抚专题培训", "完善站内冲突处置规程"]},
    ],
    "局办公室": [
        {"title": "网民问政平台集中反映民政服务热线难打通",
         "summary": "一周内网民问政平台和12345热线集中出现十余条反映，称区民政局咨询电话长时间占线或无人接听。",
         "over": "反映集中在工作日上午，涉及社会救助、养老服务等多个业务咨询电话。",
         "fact": "经核查，近期政策调整导致咨询量激增，部分科室电话无人值守时未设置转接。",
         "cause": "咨询高峰应对不足，电话值守和转接制度落实不到位。",
         "act": "各科室落实电话专人值守和转接；在官网公布各业务咨询电话和办理指南；建立咨询量周报制度。",
         "res": "此后一个月相关反映降为零，网民问政平台满意度回升。",
         "say": "近期部分市民反映我局咨询电话难以打通，我们深表歉意。我局已落实各业务电话专人值守和转接，并在官网公布办事指南。局办公室电话0574-87110000。",
         "lesson": "政策调整后的咨询高峰缺少预判，值守制度执行不严。",
         "fix": ["政策调整发布前预判咨询量并安排专人值守", "每周统计分析咨询电话接通率"]},
    ],
}

PLACES = ["某街道", "东部某街道", "城区某街道", "南部某镇", "西部某镇", "某镇"]
COMMUNITIES = ["某社区", "某村", "某小区", "某新村"]
INSTITUTIONS = ["某养老院", "某颐养中心", "某民办养老机构", "某镇敬老院"]
CHANNELS = ["微博", "微信", "抖音", "12345热线", "媒体", "信访", "微博", "微信"]
SOURCE_NOTES = {
    "微博": "舆情信息员日常巡网发现，帖文被本地大V转发。",
    "微信": "属地街道工作人员在社区微信群中看到转发后报告。",
    "抖音": "短视频平台推送，评论区讨论较多。",
    "12345热线": "12345热线工单转办，来电人同时在网上发帖。",
    "媒体": "本地媒体记者来电求证，拟作报道。",
    "信访": "群众来信同时在网上发帖，信访部门转来。",
}
RESPONSE_CHANNELS = ["官方微博“鄞州民政”", "官方微信", "12345工单答复", "微博评论区", "电话回复", "本地论坛回帖"]
READS = ["约三千", "约五千", "八千余", "1.2万", "2.6万", "3.4万", "5万余", "十余万"]
SPREAD = [
    "帖文发布后两小时内为传播高峰，之后转发量明显下降。",
    "相关话题一度进入本地热搜榜，情况说明发布后讨论迅速回落。",
    "评论区以询问进展为主，未见恶意炒作。",
    "少数营销号跟风转发，经平台协助处理后未继续扩散。",
    "多数网民对处置表示认可，发帖人后来更新了帖文说明情况。",
]
FOLLOW_UPS = [
    "事态平稳，未见新增负面帖文，继续跟踪网上评论。",
    "已联系发帖人当面沟通，对方表示理解；相关帖文阅读量增长放缓。",
    "核查工作正在进行，已调取相关记录，预计明日形成核查结论。",
    "网上出现少量转载，已请属地网信部门关注；当事人情绪稳定。",
    "整改措施已落实，舆情热度持续下降，评论区以正面评价为主。",
]
DELAY_REASONS = ["节假日值班人员不足", "科室负责人外出参加会议", "当日同时处置另一起突发事件", "夜间值班人员未能及时联系上科室负责人"]
CONCLUSIONS = [
    "报告及时、核实准确、回应有据，舆情平稳消退；告知和公开方面仍有改进空间。",
    "处置总体规范，按时限报告并专人跟踪；前期告知不到位是引发舆情的主要原因。",
    "响应迅速，处置得当，但暴露出日常管理中的薄弱环节，须举一反三。",
]
EXPERTS = ["区委网信办舆情研判专家（特邀）", "高校新闻传播学院教师（特邀）", "区法律顾问"]


# -- helpers ---------------------------------------------------------------------------------------

def fmt(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%Y-%m-%d %H:%M")


def cn_day(moment: datetime) -> str:
    return f"{moment.month}月{moment.day}日"


def cn_time(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^\n]*")


def scalar(text: str) -> str:
    """A YAML scalar: plain where that is unambiguous, double-quoted (JSON) otherwise."""
    if (_PLAIN.fullmatch(text) and ": " not in text and " #" not in text and not text.endswith((":", " "))
            and not re.fullmatch(r"[-+.\d]+|true|false|null|yes|no|on|off|~", text, re.IGNORECASE)):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(names: list[str]) -> str:
    return "[" + ", ".join(names) + "]"


def load_org() -> dict:
    return yaml.safe_load((PROJECT / "schema" / "org.yml").read_text(encoding="utf-8"))


@dataclass
class Entry:
    """One list entry of a record: when it claims to have happened (``at``) and when it was committed."""

    at: datetime
    recorded: datetime
    fields: dict


@dataclass
class Incident:
    """One synthetic incident with its whole life; :meth:`text` renders it as known at a moment."""

    index: int
    id: str
    level: str
    section: str
    members: list[tuple[str, str]]  # (name, git identity); the head first
    discovered: datetime
    occurred: datetime
    title: str
    summary: str
    source: dict
    drill: bool
    restricted: bool
    yml: bool
    registered: datetime  # the registration commit: the record's first version
    reports: list[Entry] = field(default_factory=list)
    responses: list[Entry] = field(default_factory=list)
    escalations: list[Entry] = field(default_factory=list)
    exceptions: list[Entry] = field(default_factory=list)
    tracking: dict | None = None
    closed: datetime | None = None
    closed_recorded: datetime | None = None
    narrative: str = ""
    review: dict | None = None  # held_at, recorded, text
    mr_extra: list[Entry] = field(default_factory=list)  # entries appended by a merge request

    @property
    def year(self) -> int:
        return self.discovered.year

    @property
    def path(self) -> str:
        return f"incidents/{self.year}/{self.id}{'.yml' if self.yml else '.md'}"

    @property
    def review_path(self) -> str:
        return f"incidents/{self.year}/{self.id}.review.md"

    @property
    def author(self) -> tuple[str, str]:
        return self.members[0]

    def moments(self) -> list[datetime]:
        """Every moment the incident file changes (its commits), oldest first."""
        stamps = {self.registered}
        for entries in (self.reports, self.responses, self.escalations, self.exceptions):
            stamps.update(entry.recorded for entry in entries)
        if self.closed_recorded:
            stamps.add(self.closed_recorded)
        return sorted(stamps)

    def status(self, moment: datetime) -> str:
        if self.closed_recorded and self.closed_recorded <= moment:
            return "已办结"
        if any(entry.recorded <= moment for entry in self.responses):
            return "跟踪中"
        return "处置中"

    def text(self, moment: datetime) -> str:
        """The incident file as committed by ``moment`` (entries recorded later are not in it yet)."""
        def known(entries: list[Entry]) -> list[Entry]:
            return [entry for entry in entries if entry.recorded <= moment]

        lines = [
            f"id: {self.id}",
            f"title: {scalar(self.title)}",
            f"level: {self.level}",
            f"status: {self.status(moment)}",
            f"section: {self.section}",
            f"discovered_at: {fmt(self.discovered)}",
            f"occurred_at: {fmt(self.occurred)}",
            f"drill: {'true' if self.drill else 'false'}",
            f"visibility: {'restricted' if self.restricted else 'internal'}",
            "source:",
            f"  channel: {scalar(self.source['channel'])}",
        ]
        if self.source.get("note"):
            lines.append(f"  note: {scalar(self.source['note'])}")
        lines.append(f"summary: {scalar(self.summary)}")
        lines += _entries("reports", known(self.reports))
        lines += _entries("responses", known(self.responses))
        if self.tracking:
            lines.append("tracking:")
            lines += [f"  {key}: {scalar(value)}" for key, value in self.tracking.items()]
        lines += _entries("escalations", known(self.escalations) + known(self.mr_extra))
        lines += _entries("exceptions", known(self.exceptions))
        if self.closed_recorded and self.closed_recorded <= moment:
            lines.append(f"closed_at: {fmt(self.closed)}")
        if self.yml:
            body = "\n".join(("  " + line) if line else "" for line in self.narrative.strip("\n").split("\n"))
            return "\n".join(lines) + "\nbody: |\n" + body + "\n"
        return "---\n" + "\n".join(lines) + "\n---\n" + self.narrative

    def review_text(self) -> str:
        review = self.review
        lines = [f"incident: {self.id}", f"title: {scalar(review['title'])}", f"held_at: {fmt(review['held_at'])}",
                 "organizer: 局办公室", f"participants: {flow(review['participants'])}"]
        if review["experts"]:
            lines.append(f"experts: {flow(review['experts'])}")
        lines.append(f"conclusion: {scalar(review['conclusion'])}")
        lines.append("actions:")
        for action in review["actions"]:
            lines.append(f"  - what: {scalar(action['what'])}")
            lines.append(f"    owner: {action['owner']}")
            lines.append(f"    due: {action['due'].isoformat()}")
            if action.get("done_at"):
                lines.append(f"    done_at: {action['done_at'].isoformat()}")
        return "---\n" + "\n".join(lines) + "\n---\n" + review["body"]

    def files(self, moment: datetime) -> dict[str, str]:
        """The record files as they stand at ``moment``."""
        files = {self.path: self.text(moment)}
        if self.review and self.review["recorded"] <= moment:
            files[self.review_path] = self.review_text()
        return files


def _entries(name: str, entries: list[Entry]) -> list[str]:
    if not entries:
        return [f"{name}: []"]
    lines = [f"{name}:"]
    for entry in entries:
        first = True
        for key, value in entry.fields.items():
            prefix = "  - " if first else "    "
            first = False
            if isinstance(value, datetime):
                lines.append(f"{prefix}{key}: {fmt(value)}")
            elif isinstance(value, list) and value and isinstance(value[0], dict):  # approvals
                lines.append(f"{prefix}{key}:")
                for item in value:
                    lines.append("      - {" + ", ".join(f"{k}: {fmt(v) if isinstance(v, datetime) else v}"
                                                        for k, v in item.items()) + "}")
            elif isinstance(value, list):
                lines.append(f"{prefix}{key}: {flow(value)}")
            elif isinstance(value, dict):  # elements
                lines.append(f"{prefix}{key}:")
                lines += [f"      {k}: {scalar(v)}" for k, v in value.items()]
            else:
                lines.append(f"{prefix}{key}: {scalar(str(value))}")
    return lines


# -- one incident's life ----------------------------------------------------------------------------

class _Life:
    """Builds one incident's entries; ``late`` names the obligation it misses (with an excuse), if any."""

    def __init__(self, incident: Incident, rng: random.Random, topic: dict, fill: dict, late: str | None):
        self.incident, self.rng, self.topic, self.fill, self.late = incident, rng, topic, fill, late

    def minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))

    def report(self, kind: str, at: datetime, recorded: datetime, to: list[str], channel: str, **extra) -> Entry:
        by = self.incident.members[0][0] if kind in ("口头报告", "书面报告", "终报") else self.rng.choice(
            self.incident.members)[0]
        fields = {"kind": kind, "at": at, "by": by, "to": list(to)}
        if not extra.pop("no_cc", False):
            fields["cc"] = ["局办公室"]
        fields["channel"] = channel
        fields.update(extra)
        entry = Entry(at, recorded, fields)
        self.incident.reports.append(entry)
        return entry

    def excuse(self, rule: str, reason: str, at: datetime) -> None:
        self.incident.exceptions.append(Entry(at, at + self.minutes(5, 60), {
            "rule": rule, "reason": reason, "approved_by": "王芳", "at": at}))

    def written_elements(self, at: datetime) -> dict[str, str]:
        d, rng = self.incident.discovered, self.rng
        return {
            "时间": f"{fmt(self.incident.occurred)} 网上出现相关信息；{cn_time(d)} 本局获知",
            "地点": self.fill["place"] + (self.fill["comm"] if rng.random() < 0.5 else ""),
            "信息来源": f"{self.incident.source['channel']}，{self.incident.source.get('note') or '日常巡查发现'}",
            "事件概况": self.topic["over"].format(**self.fill),
            "影响范围": f"截至{cn_time(at)}相关帖文阅读{rng.choice(READS)}、评论{rng.randint(12, 900)}条，"
                        + rng.choice(["未见大V转发，影响有限。", "有本地大V转发，关注度上升。",
                                      "部分网民情绪激动，存在扩散风险。"]),
            "已采取措施": "已安排专人核实情况；" + rng.choice(["已与当事人取得联系；", "已调取相关档案和记录；",
                                                        "已通知属地街道上门了解；"]) + "拟定回应口径报领导审核。",
        }

    def final_elements(self) -> dict[str, str]:
        return {"原因": self.topic["cause"].format(**self.fill), "处置措施": self.topic["act"].format(**self.fill),
                "处置结果": self.topic["res"].format(**self.fill)}

    def respond(self, at: datetime, approvals: bool = True, early: bool = False) -> Entry:
        rng = self.rng
        fields = {"at": at, "channel": rng.choice(RESPONSE_CHANNELS), "text": self.topic["say"].format(**self.fill)}
        if approvals:  # both within the time since discovery; the second one after publication if ``early``
            span = int((at - self.incident.discovered).total_seconds() // 60)
            first = at - timedelta(minutes=min(rng.randint(45, 150), span // 2))
            second = (at + self.minutes(5, 40)) if early else (
                at - timedelta(minutes=rng.randint(1, max(1, int((at - first).total_seconds() // 60) - 1))))
            fields["approvals"] = [{"role": "分管领导", "at": first, "by": rng.choice(LEADERS["分管领导"])},
                                   {"role": "主要领导", "at": second, "by": LEADERS["主要领导"][0]}]
        entry = Entry(at, at + self.minutes(10, 90), fields)
        self.incident.responses.append(entry)
        return entry

    def escalate(self, to: str, at: datetime, content: str) -> None:
        self.incident.escalations.append(Entry(at, at + self.minutes(20, 120), {
            "to": to, "at": at, "by": self.rng.choice(OFFICE_STAFF), "channel": self.rng.choice(["电话", "政务钉钉"]),
            "content": content}))

    def follow_ups(self, start: datetime, until_days: int, low_h: int, high_h: int, late_gap: bool) -> datetime:
        """续报 every few hours from ``start``; returns the last one's time."""
        at = start
        count = max(1, until_days * 24 // ((low_h + high_h) // 2))
        late_at = self.rng.randrange(count) if late_gap else -1
        for number in range(count):
            gap = self.minutes(25 * 60, 30 * 60) if number == late_at else self.minutes(low_h * 60, high_h * 60)
            at = at + gap
            if number == late_at:
                hours = round(gap.total_seconds() / 3600, 1)
                self.excuse("YQ306", f"事态平稳期间，跟踪专人因{self.rng.choice(DELAY_REASONS)}，两次续报间隔约{hours}小时，"
                            "超过24小时。已明确由科室其他人员代为续报，局办公室同步跟踪。", at)
            self.report("续报", at, at + self.minutes(5, 45), BOTH, self.rng.choice(["政务钉钉", "OA"]),
                        content=self.rng.choice(FOLLOW_UPS))
        return at

    def close(self, last: datetime, final: bool) -> None:
        rng, incident = self.rng, self.incident
        if final:
            at = last + self.minutes(120, 20 * 60)
            self.report("终报", at, at + self.minutes(5, 30), BOTH, rng.choice(["政务钉钉", "OA"]),
                        elements=self.final_elements())
            last = at
        times = [e.at for entries in (incident.reports, incident.responses, incident.escalations) for e in entries]
        times += [a["at"] for e in incident.responses for a in e.fields.get("approvals", [])]
        incident.closed = max([last, *times]) + self.minutes(10, 180)
        incident.closed_recorded = incident.closed + self.minutes(10, 90)

    def review(self, now: datetime) -> None:
        rng, incident = self.rng, self.incident
        days = rng.randint(8, 12) if self.late == "YQ307" else rng.randint(1, 5)
        held = (incident.closed + timedelta(days=days)).replace(hour=rng.choice([9, 10, 14, 15]), minute=rng.choice([0, 30]))
        if held <= incident.closed:
            held += timedelta(days=1)
        if self.late == "YQ307":
            due = incident.closed + timedelta(days=7)
            self.excuse("YQ307", f"复盘会因{rng.choice(['专家时间冲突', '主要领导外出学习', '需等待相关部门调查结论'])}推迟召开，"
                        f"晚于办结后7天的要求约{max(1, round((held - due).total_seconds() / 86400))}天，经局办公室同意。", due - timedelta(hours=6))
        recorded = held + self.minutes(60, 20 * 60)
        if recorded > now:
            return
        head, staff = incident.members[0][0], incident.members[1][0]
        actions = []
        for number, what in enumerate(self.topic["fix"]):
            due = (held + timedelta(days=rng.randint(14, 60))).date()
            done = due - timedelta(days=rng.randint(0, 10))
            action = {"what": what, "owner": incident.section if number == 0 else head, "due": due}
            if done <= now.date():  # done by the clock; otherwise still open and not yet due
                action["done_at"] = done
            actions.append(action)
        topic, fill = self.topic, self.fill
        body = (
            "\n## 事件回顾\n\n"
            f"{cn_day(incident.discovered)}{cn_time(incident.discovered)}{incident.section}获知相关信息，"
            f"{self._report_story()}，{cn_day(incident.closed)}办结。{topic['summary'].format(**fill)}\n\n"
            "## 处置评价\n\n"
            f"一是核实及时，{topic['fact'].format(**fill)}二是回应有据，经领导审核后发布情况说明；"
            f"三是跟踪到位，{incident.tracking['owner'] if incident.tracking else head}负责跟踪至舆情平息。\n\n"
            "## 存在问题\n\n"
            f"{topic['lesson'].format(**fill)}{topic['cause'].format(**fill)}\n\n"
            "## 整改措施\n\n" + "".join(f"{n + 1}. {a['what']}；\n" for n, a in enumerate(actions))
        )
        incident.review = {
            "title": f"{incident.title}舆情复盘", "held_at": held, "recorded": recorded,
            "participants": ["王芳", "赵磊", head, staff] + (["周建国"] if incident.level == "重大" else []),
            "experts": [rng.choice(EXPERTS)] if incident.level != "一般" else [],
            "conclusion": rng.choice(CONCLUSIONS), "actions": actions, "body": body,
        }

    def _report_story(self) -> str:
        reports = self.incident.reports
        kinds = [entry.fields["kind"] for entry in reports]
        first = reports[0]
        story = f"{cn_time(first.at)}{first.fields['kind']}"
        if "续报" in kinds:
            story += f"，其后续报{kinds.count('续报')}次"
        if "终报" in kinds:
            story += "，办结前终报"
        return story


def _narrative(incident: Incident, topic: dict, fill: dict, rng: random.Random) -> str:
    d = incident.discovered
    finder = incident.members[1][0]
    first = incident.reports[0]
    response = incident.responses[0] if incident.responses else None
    parts = [
        "\n## 事件经过\n",
        f"{cn_day(incident.occurred)}{cn_time(incident.occurred)}起，{topic['summary'].format(**fill)}"
        f"{cn_day(d)}{cn_time(d)}，{incident.section}{finder}{rng.choice(['巡网发现', '接到转办', '接到报告'])}后"
        f"立即报告{incident.members[0][0]}，{cn_time(first.at)}{first.fields['kind']}{'、'.join(first.fields['to'])}。",
        "\n## 核实情况\n",
        topic["fact"].format(**fill),
        "\n## 处置情况\n",
        topic["act"].format(**fill).rstrip("。") + "。"
        + (f"{cn_day(response.at)}{cn_time(response.at)}经领导审核后通过{response.fields['channel']}发布回应。" if response else ""),
        "\n## 舆情走势\n",
        f"相关帖文阅读{rng.choice(READS)}，{rng.choice(SPREAD)}{topic['res'].format(**fill)}",
    ]
    if incident.drill:
        parts.insert(1, "本次为局舆情应急处置演练，情景为模拟设定，检验报告时限和部门协同。\n")
    return "\n".join(parts) + "\n"


def make_incident(index: int, number: int, discovered: datetime, org: dict, now: datetime,
                  seed: int = DEFAULT_SEED) -> Incident:
    rng = random.Random(f"{seed}:{index}")
    sections = [s for s in org["sections"] if s["name"] in TOPICS]
    # the office handles few incidents itself; every other section about equally many
    weights = [1 if s["name"] == org["office_section"] else 6 for s in sections]
    section = rng.choices(sections, weights)[0]
    members = [(m["name"], m["git"][0]) for m in section["members"]]
    topic = rng.choice(TOPICS[section["name"]])
    fill = {"place": rng.choice(PLACES), "comm": rng.choice(COMMUNITIES), "inst": rng.choice(INSTITUTIONS)}
    drill = rng.random() < 0.03
    level = "重大" if drill and rng.random() < 0.7 else rng.choices(["一般", "较大", "重大"], [55, 30, 15])[0]
    channel = rng.choice(CHANNELS)
    source = {"channel": channel}
    if rng.random() < 0.7:
        source["note"] = SOURCE_NOTES[channel]
    recent = discovered > now - timedelta(days=40)
    late = None
    if not recent and rng.random() < 0.11:
        late = rng.choice({"一般": ["YQ305", "YQ305-missing", "YQ307"],
                           "较大": ["YQ303", "YQ304", "YQ306", "YQ307"],
                           "重大": ["YQ301", "YQ302", "YQ306", "YQ307"]}[level])
    title = topic["title"].format(**fill)
    incident = Incident(
        index=index, id=f"{org['id_prefix']}-{discovered.year}-{number:04d}", level=level, section=section["name"],
        members=members, discovered=discovered, occurred=discovered - timedelta(minutes=rng.randint(15, 600)),
        title=("【演练】" + title) if drill else title,
        summary=(("【演练情景】" if drill else "") + topic["summary"].format(**fill)),
        source=source, drill=drill, restricted=rng.random() < 0.04, yml=rng.random() < 0.05,
        registered=discovered)
    life = _Life(incident, rng, topic, fill, late)
    d = discovered
    head = members[0][0]
    if level == "一般":
        at = d + life.minutes(30, 240)
        incident.registered = at + life.minutes(10, 60)
        if rng.random() < 0.4:
            life.report("口头报告", d + life.minutes(10, 25), incident.registered, ["分管领导"], "电话",
                        content="简要报告网上信息和初步核实情况。")
        life.report("书面报告", at, incident.registered, rng.choice([["分管领导"], BOTH]), "OA",
                    content="呈报核实情况及拟答复口径。", elements=life.written_elements(at))
        response_at = at + life.minutes(3 * 60, 28 * 60)
        if late == "YQ305-missing":
            life.respond(response_at, approvals=False)
            life.excuse("YQ305", "发帖人当晚情绪激动，科室负责人为防止事态升级，按以往口径先行电话回复，未报领导审核。"
                        "事后已补报分管领导和主要领导，局办公室已重申回应口径须先审后发。", response_at + life.minutes(60, 300))
        elif late == "YQ305":
            life.respond(response_at, early=True)
            life.excuse("YQ305", "主要领导在外开会，经电话口头同意后先行发布，书面审核在发布后补签。"
                        "局办公室已明确电话同意也须当即在系统中记录审核时间。", response_at + life.minutes(60, 300))
        else:
            life.respond(response_at)
        last = response_at
        if rng.random() < 0.3:
            last = last + life.minutes(120, 20 * 60)
            life.report("续报", last, last + life.minutes(5, 60), ["分管领导"], "OA", content=rng.choice(FOLLOW_UPS))
        life.close(last, final=rng.random() < 0.5)
    else:
        grave = level == "重大"
        limit = 15 if grave else 30
        if late in ("YQ301", "YQ303"):
            oral = d + life.minutes(limit + 1, limit + (10 if grave else 60))
            over = int((oral - d).total_seconds() // 60) - limit
            life.excuse(late, f"{members[1][0]}发现后即告知{head}，{head}当时{rng.choice(DELAY_REASONS[1:])}，"
                        f"为避免报告未经核实的信息，{int((oral - d).total_seconds() // 60)}分钟后才电话报告两位领导，"
                        f"超出{limit}分钟时限{over}分钟。已作书面说明，局办公室已重申“边核实、边报告”。",
                        oral + life.minutes(30, 240))
        else:
            oral = d + life.minutes(4, 14 if grave else 28)
        written = oral + (life.minutes(21, 40) if late == "YQ302" else life.minutes(8, 19 if grave else 60))
        if late == "YQ302":
            life.excuse("YQ302", f"口头报告后，{head}为补充核实影响范围等要素，书面报告晚于20分钟时限"
                        f"{int((written - oral).total_seconds() // 60) - 20}分钟报出。局办公室已要求先报已掌握情况，后续以续报补充。",
                        written + life.minutes(30, 240))
        incident.registered = written + life.minutes(10, 50)
        life.report("口头报告", oral, incident.registered, BOTH, "电话", no_cc=late == "YQ304",
                    content="报告网上信息、初步核实情况和拟采取的措施。")
        if late == "YQ304":
            life.excuse("YQ304", f"首报时{head}仅电话报告两位领导，未同时告知局办公室；局办公室于当日通过书面报告知悉，"
                        "已要求今后首报一律抄送局办公室。", written + life.minutes(30, 240))
        life.report("书面报告", written, incident.registered, BOTH, rng.choice(["政务钉钉", "OA"]),
                    elements=life.written_elements(written))
        incident.tracking = {"owner": members[1][0], "office_owner": rng.choice(OFFICE_STAFF)}
        if grave:
            life.escalate("市民政局", d + life.minutes(30, 70), "电话报告市民政局，随后报送书面材料。")
            life.escalate("区委办", d + life.minutes(40, 90), "报送书面报告。")
            if rng.random() < 0.5:
                life.escalate("区委宣传部", d + life.minutes(50, 110), "通报舆情情况，商定回应口径和发布渠道。")
        elif rng.random() < 0.3:
            life.escalate("区委网信办", d + life.minutes(60, 180), "通报舆情情况，请协助关注网上传播。")
        life.respond(written + life.minutes(90, 8 * 60))
        days = rng.randint(2, 6) if grave else rng.randint(1, 4)
        last = life.follow_ups(d, days, 4 if grave else 8, 20 if grave else 22, late == "YQ306")
        life.close(last, final=True)
    for entries in (incident.reports, incident.responses, incident.escalations, incident.exceptions):
        entries.sort(key=lambda entry: entry.at)
        for before, after in zip(entries, entries[1:], strict=False):  # committed in list order: appending only
            after.recorded = max(after.recorded, before.recorded)
    incident.narrative = _narrative(incident, topic, fill, rng)
    if incident.closed_recorded and incident.closed_recorded <= now:
        life.review(now)
    return incident


def make_incidents(count: int, seed: int = DEFAULT_SEED, now: datetime | None = None,
                   spacing: timedelta = SPACING) -> tuple[list[Incident], datetime]:
    """``count`` incidents, discovered about every ``spacing`` from 2021-01-04, and the clock to check them at
    (default: six hours after the last discovery)."""
    org = load_org()
    jitter = random.Random(f"{seed}:times")
    spread = max(1, int(spacing.total_seconds() // 60 * 5 // 6))
    times = [T0 + index * spacing + timedelta(minutes=jitter.randint(0, spread)) for index in range(count)]
    if now is None:
        now = (times[-1] + timedelta(hours=6)).replace(second=0, microsecond=0)
    numbers: dict[int, int] = {}
    incidents = []
    for index, discovered in enumerate(times):
        numbers[discovered.year] = numbers.get(discovered.year, 0) + 1
        incidents.append(make_incident(index, numbers[discovered.year], discovered, org, now, seed))
    return incidents, now


# -- signals (研判预警) and trainings ------------------------------------------------------------------
# What monitoring notices between two incidents: mostly posts that are no 舆情 at all or are watched
# for a few days, now and then the first sign of the next incident.

ASSESS_WITHIN = timedelta(hours=24)  # schema/policy.yml signals.assess_within (its default)
TRAINING_EVERY = 12  # months: schema/policy.yml training.every (its default); a 培训班 every half of it
SIGNALS_PER_SLOT = ([1, 2, 3, 4], [15, 30, 30, 25])  # unlinked signals between two discoveries: 2.65 on average
LINKED_SHARE = 0.35  # incidents (not drills) that a signal noticed first
WATCH_SHARE = 0.35  # unlinked signals first assessed 持续关注 (the rest 不构成舆情)
LATE_SIGNAL_SHARE = 0.02  # unlinked signals first assessed after assess_within (deliberate YQ314 findings)
TOGETHER_SHARE = 0.6  # unlinked signals first committed with their first assessment (the others before it)
SIGNAL_TOPICS: dict[str, list[str]] = {
    "局办公室": ["网民在问政平台询问区民政局办事大厅{n}月是否调整办公时间，跟帖{k}条，语气平和。",
             "本地论坛有帖文转发上级民政政策解读，个别网民误读为本区即将调整补助标准，跟帖{k}条。",
             "微博有网民抱怨民政咨询电话占线，转发{k}次，未点名具体科室。"],
    "社会救助科": ["{place}有居民在业主群询问低保复核为何要重新提交材料，群内讨论{k}条。",
              "短视频称{place}临时救助“申请太难”，点赞{k}次，评论多为询问办理流程。"],
    "养老服务科": ["网民在本地论坛询问{inst}收费是否上涨，跟帖{k}条，未见投诉内容。",
              "{comm}老人家属在微信群转发老年食堂菜单，抱怨菜品单一，讨论{k}条。"],
    "社会事务科": ["微博网民询问婚姻登记处节假日是否办公，评论{k}条，未见负面情绪。",
              "本地论坛有帖文询问{place}公墓节假日期间交通安排，跟帖{k}条。"],
    "基层政权科": ["{comm}业主群讨论社区换届时间安排，有居民询问如何参选，讨论{k}条。",
              "网民在问政平台询问{place}新建道路何时命名，跟帖{k}条。"],
    "社会组织科": ["网民转发一则“某公益组织募捐”链接，询问是否正规，转发{k}次。",
              "家长群询问{place}一家培训类社会组织是否年检合格，讨论{k}条。"],
    "区社会福利院": ["短视频平台有网民转发区社会福利院探访活动视频，评论{k}条，个别询问入住条件。",
               "入住老人家属在朋友圈抱怨探视预约不便，被转发{k}次。"],
    "区救助管理站": ["短视频称{place}桥下有人夜宿，评论中有人询问救助站是否知情，点赞{k}次。",
               "网民在微博询问寒潮期间救助站是否开放，转发{k}次。"],
}
NOT_OPINION_NOTES = ["属正常咨询，转相关科室按常规答复，不作舆情处置。", "内容属实但无负面情绪，传播范围小，不构成舆情。",
                     "经核实系误读政策，已在原帖下答复说明，不构成舆情。", "帖文已由发帖人删除，未见转载，不构成舆情。"]
WATCH_NOTES = ["帖文有一定转发，暂未见负面扩散，继续观察三天。", "已请属地街道了解情况，视进展再研判。",
               "评论区有少量情绪化表达，安排专人每日巡看。"]
END_NOTES = ["相关帖文未再扩散，热度回落，结束关注。", "属地已答复当事人，对方表示理解，结束关注。",
             "连续三天未见新增讨论，结束关注。"]
LATE_NOTES = ["周末值班期间未及时研判，周一补做研判：帖文未扩散，不构成舆情。",
              "信息员休假，研判延后；经查帖文已沉底，不构成舆情。"]
TRAINING_TOPICS = ["网络舆情应急处置流程与报告时限（重大舆情 15 分钟口头报告、20 分钟书面报告）",
                   "舆情台账填报与复盘评估：如实记录时间、按时复盘整改",
                   "回应口径的起草与审核：先审后发、及时准确"]
SEMINAR_TOPICS = ["苗头性信息的发现与研判：从预警信息到事件登记", "近期典型舆情案例复盘交流",
                  "跨科室协同处置与信息共享"]


@dataclass
class Signal:
    """One synthetic monitoring signal; :meth:`text` renders it as known at a moment."""

    slot: int  # the incident index it follows (its signals are noticed before the next discovery)
    order: int
    section: str
    noticed: datetime
    noticed_by: tuple[str, str]  # (name, git identity)
    assessor: str
    source: dict
    summary: str
    registered: datetime  # its first commit, without assessments
    assessments: list[Entry] = field(default_factory=list)
    incident: Incident | None = None  # linked by the 转为事件 assessment, in that assessment's commit
    late: bool = False  # first assessed after ASSESS_WITHIN: a YQ314 finding, deliberately
    body: str = ""
    id: str = ""

    @property
    def year(self) -> int:
        return self.noticed.year

    @property
    def path(self) -> str:
        return f"monitoring/{self.year}/{self.id}.md"

    @property
    def author(self) -> tuple[str, str]:
        return self.noticed_by

    def moments(self) -> list[datetime]:
        return sorted({self.registered, *(entry.recorded for entry in self.assessments)})

    def text(self, moment: datetime) -> str:
        known = [entry for entry in self.assessments if entry.recorded <= moment]
        lines = [f"id: {self.id}", f"noticed_at: {fmt(self.noticed)}", f"noticed_by: {self.noticed_by[0]}",
                 f"section: {self.section}", "source:", f"  channel: {scalar(self.source['channel'])}"]
        if self.source.get("note"):
            lines.append(f"  note: {scalar(self.source['note'])}")
        lines.append(f"summary: {scalar(self.summary)}")
        lines += _entries("assessments", known)
        if self.incident is not None and any(entry.fields["conclusion"] == "转为事件" for entry in known):
            lines.append(f"incident: {self.incident.id}")
        return "---\n" + "\n".join(lines) + "\n---\n" + self.body

    def files(self, moment: datetime) -> dict[str, str]:
        return {self.path: self.text(moment)} if self.registered <= moment else {}


@dataclass
class Training:
    """One synthetic training session, committed once by the office."""

    held: datetime
    slug: str
    kind: str
    topic: str
    attendees: list[str]
    recorded: datetime
    body: str
    section: str = "局办公室"
    author: tuple[str, str] = OFFICE

    @property
    def id(self) -> str:
        return f"{self.held.date().isoformat()}-{self.slug}"

    @property
    def path(self) -> str:
        return f"trainings/{self.held.year}/{self.id}.md"

    def moments(self) -> list[datetime]:
        return [self.recorded]

    def text(self) -> str:
        lines = [f"held_at: {fmt(self.held)}", "organizer: 局办公室", f"topic: {scalar(self.topic)}",
                 f"kind: {self.kind}", f"attendees: {flow(self.attendees)}", "materials: [training/self-check.md]"]
        return "---\n" + "\n".join(lines) + "\n---\n" + self.body

    def files(self, moment: datetime) -> dict[str, str]:
        return {self.path: self.text()} if self.recorded <= moment else {}


def _assessment(at: datetime, by: str, conclusion: str, note: str, rng: random.Random) -> Entry:
    return Entry(at, at + timedelta(minutes=rng.randint(2, 30)),
                 {"at": at, "by": by, "conclusion": conclusion, "note": note})


def make_slot_signals(index: int, start: datetime, spacing: timedelta, incident: Incident, org: dict,
                      now: datetime, seed: int = DEFAULT_SEED) -> list[Signal]:
    """The signals noticed in slot ``index`` (from ``start``, one ``spacing`` long): perhaps the first sign of
    incident ``index`` (noticed at its discovery, so YQ315 holds), and a few that were no incident.
    Depends only on the seed and ``index``; ids are given later, in order of registration."""
    rng = random.Random(f"{seed}:{index}:signals")
    sections = {s["name"]: [(m["name"], m["git"][0]) for m in s["members"]] for s in org["sections"]}
    office = org["office_section"]
    signals = []
    if not incident.drill and rng.random() < LINKED_SHARE:
        by_office = rng.random() < 0.3  # the office's 舆情信息员 noticed it, else the section's own staff
        section = office if by_office else incident.section
        noticer = sections[office][1] if by_office else incident.members[1]
        assessor = sections[office][0][0] if by_office else incident.members[0][0]
        noticed = incident.discovered
        registered = noticed + timedelta(minutes=rng.randint(2, 8))  # before the incident's registration
        signal = Signal(index, 0, section, noticed, noticer, assessor, dict(incident.source), incident.summary,
                        registered, incident=incident)
        at = registered + timedelta(minutes=rng.randint(1, 8))
        entry = _assessment(at, assessor, "转为事件", f"按{incident.level}舆情登记为事件，由{incident.section}牵头处置。", rng)
        entry.recorded = max(entry.recorded, incident.registered + timedelta(minutes=rng.randint(2, 20)))
        signal.assessments.append(entry)
        signal.body = (f"\n## 研判经过\n\n{noticer[0]}发现后报{assessor}，研判后登记为事件 {incident.id}，"
                       f"转{incident.section}处置。\n")
        signals.append(signal)
    recent = start > now - timedelta(days=40)
    window = max(1, int(spacing.total_seconds() // 60))
    count = rng.choices(*SIGNALS_PER_SLOT)[0]
    for order in range(1, count + 1):
        section = office if rng.random() < 0.45 else rng.choice([name for name in sections if name != office])
        members = sections[section]
        noticer = members[1] if len(members) > 1 else members[0]
        assessor = members[0][0]
        noticed = start + timedelta(minutes=rng.randrange(window))
        channel = rng.choice(CHANNELS)
        source = {"channel": channel}
        if rng.random() < 0.3:
            source["note"] = SOURCE_NOTES[channel]
        fill = {"place": rng.choice(PLACES), "comm": rng.choice(COMMUNITIES), "inst": rng.choice(INSTITUTIONS),
                "n": noticed.month % 12 + 1, "k": rng.randint(3, 60)}
        registered = noticed + timedelta(minutes=rng.randint(3, 40))
        signal = Signal(index, order, section, noticed, noticer, assessor, source,
                        rng.choice(SIGNAL_TOPICS[section]).format(**fill), registered)
        signal.late = not recent and rng.random() < LATE_SIGNAL_SHARE
        if signal.late:
            at = noticed + ASSESS_WITHIN + timedelta(minutes=rng.randint(60, 36 * 60))
            signal.assessments.append(_assessment(at, assessor, "不构成舆情", rng.choice(LATE_NOTES), rng))
        elif rng.random() < WATCH_SHARE:
            at = registered + timedelta(minutes=rng.randint(15, 8 * 60))
            signal.assessments.append(_assessment(at, assessor, "持续关注", rng.choice(WATCH_NOTES), rng))
            for _ in range(rng.choice([1, 1, 1, 2])):  # watched for a few days, then closed
                at = at + timedelta(days=rng.randint(1, 3), minutes=rng.randint(-120, 120))
                signal.assessments.append(_assessment(at, assessor, "持续关注", rng.choice(WATCH_NOTES), rng))
            signal.assessments[-1].fields.update(conclusion="不构成舆情", note=rng.choice(END_NOTES))
        else:
            at = registered + timedelta(minutes=rng.randint(15, 10 * 60))
            signal.assessments.append(_assessment(at, assessor, "不构成舆情", rng.choice(NOT_OPINION_NOTES), rng))
        if not signal.late and rng.random() < TOGETHER_SHARE:  # written up once assessed: one commit
            signal.registered = signal.assessments[0].recorded
        signals.append(signal)
    return signals


def number_signals(signals: list[Signal], prefix: str, now: datetime) -> list[Signal]:
    """The signals recorded by ``now``, in the order they were, each given its id (the year: of noticing)."""
    kept = sorted((s for s in signals if s.registered <= now), key=lambda s: (s.registered, s.slot, s.order))
    numbers: dict[int, int] = {}
    for signal in kept:
        numbers[signal.year] = numbers.get(signal.year, 0) + 1
        signal.id = f"{prefix}-YJ-{signal.year}-{numbers[signal.year]:04d}"
    return kept


def _add_months(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    return moment.replace(year=year, month=month + 1)  # day 15 only: always valid


def make_trainings(incidents: list[Incident], org: dict, now: datetime, seed: int = DEFAULT_SEED) -> list[Training]:
    """The office's training record from T0 to ``now``: a 培训班 for every section each January and July
    (a section that held a drill since the previous one may skip it: its drill counts, YQ313), a
    研讨 with a few heads of the sections that came each April and October, and a 演练讲评 after about half
    of the other drills. Every section trains or drills at least every 6 months (a drill in the half year
    before a 培训班 it skips), so YQ313 never finds one behind."""
    rng = random.Random(f"{seed}:trainings")
    office = org["office_section"]
    sections = {s["name"]: [m["name"] for m in s["members"]] for s in org["sections"]}
    drills = [i for i in incidents if i.drill]
    trainings: list[Training] = []

    def add(held: datetime, slug: str, kind: str, topic: str, attendees: list[str], body: str) -> None:
        recorded = held + timedelta(minutes=rng.randint(2 * 60, 8 * 60))  # written up the same day
        if recorded <= now:
            trainings.append(Training(held, slug, kind, topic, attendees, recorded, body))

    counted: set[str] = set()  # drills that stood in for their section's 培训班: no 演练讲评 of their own
    course = datetime(T0.year, T0.month, 15, 14, 30, tzinfo=TZ)
    previous = _add_months(course, -(TRAINING_EVERY // 2))
    while course <= now:
        attendees = list(sections[office])
        skipped = []
        for name, people in sections.items():
            if name == office:
                continue
            drilled = [d for d in drills if d.section == name and previous + timedelta(days=1) < d.discovered
                       and d.registered <= course]
            if drilled and rng.random() < 0.5:
                skipped.append(name)
                counted.update(d.id for d in drilled)
                continue
            attendees += [people[0]] + [p for p in people[1:] if rng.random() < 0.6]
        note = f"{'、'.join(skipped)}本期已组织演练，未参加。" if skipped else "各科室（单位）均派员参加。"
        add(course, "舆情应急处置培训班", "培训班", rng.choice(TRAINING_TOPICS), attendees,
            f"\n## 内容\n\n局办公室讲解预案的分级标准、报告时限和台账填报，各科室结合近期事件交流。{note}\n")
        seminar = _add_months(course, TRAINING_EVERY // 4).replace(hour=9, minute=30)
        if seminar <= now:
            invited = sorted(set(sections) - {office} - set(skipped))
            heads = [sections[name][0] for name in rng.sample(invited, min(len(invited), rng.randint(3, 5)))]
            add(seminar, "舆情研判工作研讨", "研讨", rng.choice(SEMINAR_TOPICS), [sections[office][0], *heads],
                "\n## 内容\n\n结合近期预警信息和事件，研讨研判标准和处置中的协同问题。\n")
        previous, course = course, _add_months(course, TRAINING_EVERY // 2)
    seen: set[str] = set()
    for drill in drills:
        if drill.closed is None or drill.id in counted or rng.random() < 0.5:
            continue
        held = (drill.closed + timedelta(days=rng.randint(1, 5))).replace(hour=14, minute=30)
        slug = f"{drill.section}演练讲评"
        while f"{held.date()}-{slug}" in seen:
            slug += "-2"
        seen.add(f"{held.date()}-{slug}")
        add(held, slug, "演练讲评", f"{drill.title.removeprefix('【演练】')}：演练讲评",
            list(dict.fromkeys([*sections[office], *sections[drill.section]])),
            f"\n## 内容\n\n对 {drill.id} 演练的报告时限和部门协同逐项讲评。\n")
    trainings.sort(key=lambda t: (t.held, t.slug))
    return trainings


@dataclass
class Ledger:
    """Everything the generator writes: incidents (and reviews), signals, trainings, and the clock."""

    incidents: list[Incident]
    signals: list[Signal]
    trainings: list[Training]
    now: datetime

    def records(self) -> list:
        return [*self.incidents, *self.signals, *self.trainings]


def make_ledger(count: int, seed: int = DEFAULT_SEED, now: datetime | None = None,
                spacing: timedelta = SPACING) -> Ledger:
    incidents, now = make_incidents(count, seed, now, spacing)
    org = load_org()
    signals = []
    for incident in incidents:
        signals += make_slot_signals(incident.index, T0 + incident.index * spacing, spacing, incident, org, now, seed)
    return Ledger(incidents, number_signals(signals, org["id_prefix"], now), make_trainings(incidents, org, now, seed),
                  now)

# -- repositories -----------------------------------------------------------------------------------

def project_files(site: bool) -> dict[str, bytes]:
    """schema/org.yml and policy.yml (and mkdocs.yml with docs/ for a site) from the project."""
    files = {f"schema/{name}": (PROJECT / "schema" / name).read_bytes() for name in ("org.yml", "policy.yml")}
    # the synthetic ledger began at T0: records since then are not 补录, and YQ313 counts from there
    files["schema/org.yml"] = re.sub(rb"(?m)^ledger_since: .*$", f"ledger_since: {T0.date()}".encode(),
                                     files["schema/org.yml"])
    if site:
        files["mkdocs.yml"] = (PROJECT / "mkdocs.yml").read_bytes()
        for path in sorted((PROJECT / "docs").rglob("*")):
            if path.is_file():
                files[path.relative_to(PROJECT).as_posix()] = path.read_bytes()
    return files


def write_plain(root: Path, ledger: Ledger, site: bool = False) -> int:
    """The records as plain files at ``ledger.now`` (no Git); returns the number of record files."""
    count = 0
    for path, payload in project_files(site).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(payload)
    made: set[Path] = set()
    for record in ledger.records():
        for path, text in record.files(ledger.now).items():
            target = root / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_text(text, encoding="utf-8")
            count += 1
    return count


@dataclass
class Commit:
    moment: datetime
    author: tuple[str, str]
    message: str
    files: dict[str, str]


def plan_commits(ledger: Ledger, commits: int | None) -> list[Commit]:
    """Exactly ``commits`` commits (None: one per change) that bring the records to their state at ``now``:
    a signal's first commit before its incident's, its assessments (and the link) appended later."""
    now = ledger.now
    changes = []  # (moment, order, record, what)
    for order, record in enumerate(ledger.records()):
        moments = record.moments()
        for moment in moments:
            if moment <= now:
                changes.append((moment, order, record, "registered" if moment == moments[0] else "update"))
        if isinstance(record, Incident) and record.review and record.review["recorded"] <= now:
            changes.append((record.review["recorded"], order, record, "review"))
    changes.sort(key=lambda change: (change[0], change[1]))
    changes = [(moment, record, what) for moment, _, record, what in changes]
    if commits is None:
        commits = len(changes)
    groups: list[list] = []
    if commits < len(changes):  # batches of consecutive changes
        for number in range(commits):
            groups.append(changes[number * len(changes) // commits:(number + 1) * len(changes) // commits])
    else:
        groups = [[change] for change in changes]
    result = []
    for group in groups:
        moment = group[-1][0]
        files: dict[str, str] = {}
        touched = []
        for _, incident, what in group:
            files.update(incident.files(moment))
            touched.append((incident, what))
        sections = {incident.section for incident, _ in touched}
        single = len(touched) == 1
        incident, what = touched[-1]
        if what == "review":
            author = OFFICE
        elif len(sections) == 1:
            author = incident.author
        else:
            author = OFFICE
        if single and isinstance(incident, Signal):
            message = f"预警 {incident.id}" if what == "registered" else f"{incident.id} 研判"
        elif single and isinstance(incident, Training):
            message = f"培训记录 {incident.id}"
        elif single:
            message = {"registered": f"登记 {incident.id}", "update": f"{incident.id} 续报/更新",
                       "review": f"{incident.id} 复盘评估"}[what]
        else:
            message = f"台账更新：{touched[0][0].id} 等 {len({i.id for i, _ in touched})} 件"
        result.append(Commit(moment, author, message, files))
    last = result[-1].moment if result else T0
    for pad in range(commits - len(result)):  # more commits than changes: the office's notes beside the records
        result.append(Commit(last + timedelta(minutes=pad + 1), OFFICE, f"工作记录 {pad + 1}",
                             {"notes/log.md": f"# 工作记录\n\n第 {pad + 1} 次更新。\n"}))
    return result


def fast_import(root: Path, commits: list[Commit], extra: dict[str, bytes], branch: str = "main") -> None:
    """Write ``commits`` to ``branch`` through one ``git fast-import`` stream (``extra`` files in the first)."""
    process = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=root, stdin=subprocess.PIPE)
    out = process.stdin

    def data(payload: bytes) -> None:
        out.write(b"data %d\n" % len(payload) + payload + b"\n")

    try:
        for number, commit in enumerate(commits):
            name, email = commit.author
            stamp = f"{int(commit.moment.timestamp())} +0800"
            out.write(f"commit refs/heads/{branch}\n".encode())
            who = f"{name} <{email}> {stamp}\n".encode()
            out.write(b"author " + who + b"committer " + who)
            data(commit.message.encode("utf-8"))
            files = list(extra.items()) if number == 0 else []
            files += [(path, text.encode("utf-8")) for path, text in commit.files.items()]
            for path, payload in files:
                out.write(f"M 100644 inline {path}\n".encode())
                data(payload)
        out.write(b"done\n")
    finally:
        out.close()
    if process.wait() != 0:
        raise RuntimeError("git fast-import failed")


def git(root: Path, *args: str, env: dict | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True, env=full_env).stdout


@dataclass
class Repository:
    root: Path
    incidents: list[Incident]
    now: datetime
    files: int  # record files (incidents, reviews, signals, trainings)
    commits: int | None  # None without Git
    signals: list[Signal] = field(default_factory=list)
    trainings: list[Training] = field(default_factory=list)

    @property
    def now_text(self) -> str:
        return fmt(self.now)


def build(root: Path, records: int, commits: int | None = None, git_history: bool = True, site: bool = False,
          seed: int = DEFAULT_SEED, spacing: timedelta = SPACING) -> Repository:
    """A repository of ``records`` incidents at ``root`` (created if missing).

    With ``git_history``: a Git repository on branch main with ``commits`` commits (default: one per
    change), its work tree checked out. Without: the plain files.
    """
    root.mkdir(parents=True, exist_ok=True)
    ledger = make_ledger(records, seed, spacing=spacing)
    if not git_history:
        count = write_plain(root, ledger, site)
        return Repository(root, ledger.incidents, ledger.now, count, None, ledger.signals, ledger.trainings)
    plan = plan_commits(ledger, commits)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", OFFICE[0])
    git(root, "config", "user.email", OFFICE[1])
    fast_import(root, plan, project_files(site))
    git(root, "reset", "-q", "--hard", "main")
    count = sum(1 for directory in RECORD_DIRS for path in (root / directory).rglob("*") if path.is_file())
    return Repository(root, ledger.incidents, ledger.now, count, len(plan), ledger.signals, ledger.trainings)


def make_merge_request(repo: Repository, count: int = 5, branch: str = "mr") -> list[str]:
    """Branch ``branch`` off main: ``count`` closed records each get one escalation appended (补记),
    committed by their section after ``now``. Returns the changed paths; moves ``repo.now`` past them."""
    root = repo.root
    git(root, "checkout", "-q", "-b", branch)
    settled = [i for i in repo.incidents if i.closed_recorded and i.review and
               max(i.moments()[-1], i.review["recorded"]) <= repo.now]
    chosen = [settled[(n * len(settled)) // count + len(settled) // (2 * count)] for n in range(count)]
    moment = repo.now
    for number, incident in enumerate(chosen):
        at = incident.discovered + timedelta(hours=2)
        moment = repo.now + timedelta(hours=number + 1)
        incident.mr_extra.append(Entry(at, moment, {"to": "区委网信办", "at": at, "by": incident.author[0],
                                                    "channel": "电话", "content": "补记：当日已电话通报区委网信办。"}))
        (root / incident.path).write_text(incident.text(moment), encoding="utf-8")
        stamp = moment.isoformat()
        name, email = incident.author
        env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
               "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        git(root, "add", incident.path)
        git(root, "commit", "-q", "-m", f"{incident.id} 补记上报", env=env)
    repo.now = moment + timedelta(hours=1)
    return [incident.path for incident in chosen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to create the repository (must not exist or be empty)")
    parser.add_argument("--records", type=int, default=1000, help="number of incidents (default 1000)")
    parser.add_argument("--commits", type=int, help="number of commits (default: one per change)")
    parser.add_argument("--no-git", action="store_true", help="plain files, no Git history")
    parser.add_argument("--site", action="store_true", help="also copy mkdocs.yml and docs/ from the project")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--spacing-hours", type=float, default=SPACING.total_seconds() / 3600,
                        help="mean time between two discoveries (default 3 h)")
    args = parser.parse_args(argv)
    if args.dir.exists() and any(args.dir.iterdir()):
        parser.error(f"{args.dir} is not empty")
    repo = build(args.dir, args.records, args.commits, not args.no_git, args.site, args.seed,
                 timedelta(hours=args.spacing_hours))
    history = f", {repo.commits} commits" if repo.commits is not None else ""
    print(f"{args.dir}: {args.records} incidents, {len(repo.signals)} signals, {len(repo.trainings)} trainings, "
          f"{repo.files} record files{history}", file=sys.stderr)
    print(f"check with: yuqing check --root {args.dir} --now '{repo.now_text}'", file=sys.stderr)
    print(repo.now_text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
