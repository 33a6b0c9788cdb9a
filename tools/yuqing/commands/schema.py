"""``yuqing schema``: regenerate schema/*.schema.json from the pydantic models."""

from __future__ import annotations

import json

from yuqing.commands._shared import open_workspace
from yuqing.models import Incident, Org, Policy, Review, Signal, Training

SCHEMAS = {
    "incident.schema.json": (Incident, "舆情事件记录"),
    "review.schema.json": (Review, "复盘评估记录"),
    "signal.schema.json": (Signal, "预警信息记录"),
    "training.schema.json": (Training, "培训记录"),
    "org.schema.json": (Org, "组织机构"),
    "policy.schema.json": (Policy, "预案义务与时限"),
}


def generate() -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
        schema["title"] = title
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def run(args) -> int:
    workspace = open_workspace(args)
    stale = []
    for name, text in generate().items():
        path = workspace.root / "schema" / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check:
        for name in stale:
            print(f"schema/{name} 已过期，请运行 yuqing schema 重新生成。" if args.lang != "en"
                  else f"schema/{name} is stale; run yuqing schema.")
        return 1 if stale else 0
    for name in stale:
        print(f"已更新 schema/{name}" if args.lang != "en" else f"updated schema/{name}")
    if not stale:
        print("schema/*.schema.json 已是最新。" if args.lang != "en" else "schema files are up to date.")
    return 0
