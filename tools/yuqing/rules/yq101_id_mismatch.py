"""编号与文件不符（YQ101 id-mismatch）

事件编号的格式是 `<前缀>-<年份>-<四位序号>`，例如 `YZMZ-2024-0007`：

- 前缀来自 schema/org.yml 的 `id_prefix`（本局为 YZMZ）；
- 年份是 `discovered_at`（获知时间）所在的年份；
- 文件名必须等于编号：`incidents/2024/YZMZ-2024-0007.md`，并放在同一年份的目录下；
- 复盘记录的文件名是 `<事件编号>.review.md`，其中 `incident` 字段必须是同一个编号；
- 预警信息（monitoring/）的编号是 `<前缀>-YJ-<年份>-<四位序号>`，年份取发现时间 `noticed_at`，
  文件为 `monitoring/<年份>/<编号>.md`；
- 培训记录（trainings/）的文件名以举办日期开头：`trainings/<年份>/<YYYY-MM-DD>-<简称>.md`。

编号与文件名一致，才能保证网站链接、复盘关联和 Git 历史追溯不出错。

**怎么改**：用 `yuqing new` 生成记录可以自动取得下一个可用编号；如果获知时间跨年，
请把文件移到对应年份的目录并修改编号。
"""

import re
from pathlib import PurePosixPath

from yuqing.findings import Problem
from yuqing.i18n import Msg
from yuqing.models import Incident, Review, Signal, Training

ID = "YQ101"
NAME = "id-mismatch"
LEVEL = "error"
CLAUSE = None
SUMMARY = Msg("编号与文件名、前缀或获知年份不一致", "id vs file name, prefix, year of discovered_at")
HOOKS = ("check",)
NEEDS = frozenset()


def _year_dir(path: str) -> str:
    return PurePosixPath(path).parent.name


def check(record, ctx):
    model = record.model
    prefix = ctx.org.id_prefix
    if isinstance(model, Incident):
        yield from _numbered(record, model.id, f"{prefix}-", model.discovered_at, "获知时间", "discovered_at",
                             "incidents", ctx)
    elif isinstance(model, Review):
        expected = model.incident + ".review"
        if record.stem != expected:
            yield Problem(Msg(
                f"复盘文件名“{record.stem}”与所复盘事件“{model.incident}”不一致，应为 {expected}.md。",
                f"review file name '{record.stem}' should be {expected}.md."), loc=("incident",))
    elif isinstance(model, Signal):
        yield from _numbered(record, model.id, f"{prefix}-YJ-", model.noticed_at, "发现时间", "noticed_at",
                             "monitoring", ctx)
    elif isinstance(model, Training):
        day = model.held_at.astimezone(ctx.tz).date().isoformat()
        if not record.stem.startswith(day + "-") and record.stem != day:
            yield Problem(Msg(
                f"培训记录的文件名“{record.stem}”应以举办日期 {day} 开头，例如 {day}-舆情应对培训.md。",
                f"a training file name should start with its date {day}."), loc=("held_at",))
        if _year_dir(record.path) != day[:4]:
            yield Problem(Msg(
                f"文件应放在 trainings/{day[:4]}/ 目录下（现在在 {_year_dir(record.path)}/）。",
                f"the file belongs in trainings/{day[:4]}/."), loc=("held_at",))


def _numbered(record, record_id: str, head: str, moment, label: str, field: str, directory: str, ctx):
    """An id ``<head><YYYY>-<NNNN>`` whose year is that of ``moment``, naming the file, in ``directory/<YYYY>/``."""
    match = re.match(rf"^{re.escape(head)}(\d{{4}})-(\d{{4}})$", record_id)
    if not match:
        yield Problem(Msg(
            f"编号“{record_id}”格式不对，应为 {head}年份-四位序号，例如 {head}2024-0001。",
            f"id '{record_id}' should look like {head}2024-0001."), loc=("id",))
        return
    year = moment.astimezone(ctx.tz).year
    if int(match[1]) != year:
        yield Problem(Msg(
            f"编号中的年份 {match[1]} 与{label}的年份 {year} 不一致。编号年份应取{label}所在年份。",
            f"the id's year {match[1]} differs from the year of {field} ({year})."), loc=("id",))
    if record.stem != record_id:
        yield Problem(Msg(
            f"文件名“{record.stem}”与编号“{record_id}”不一致。请把文件改名为 {record_id}.md。",
            f"file name '{record.stem}' differs from id '{record_id}'."), loc=("id",))
    if _year_dir(record.path) != match[1]:
        yield Problem(Msg(
            f"文件应放在 {directory}/{match[1]}/ 目录下（现在在 {_year_dir(record.path)}/）。",
            f"the file belongs in {directory}/{match[1]}/."), loc=("id",))
