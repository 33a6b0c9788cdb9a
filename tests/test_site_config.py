"""The plugin's configuration: defaults and validation as MkDocs applies them."""

from __future__ import annotations

from yuqing.site.config import YuqingConfig


def validate(options: dict):
    config = YuqingConfig()
    config.load_dict(options)
    errors, warnings = config.validate()
    return config, errors, warnings


def test_defaults():
    config, errors, warnings = validate({})
    assert errors == [] and warnings == []
    assert config.enabled is True and config.root is None and config.now is None and config.rules_in_nav is True


def test_values_and_wrong_types():
    config, errors, _ = validate({"root": "ledger", "now": "2024-10-01 10:00", "rules_in_nav": False})
    assert errors == [] and config.root == "ledger" and config.rules_in_nav is False
    _, errors, _ = validate({"enabled": "yes"})
    assert errors and errors[0][0] == "enabled"
    _, errors, warnings = validate({"unknown": 1})
    assert errors == [] and warnings and warnings[0][0] == "unknown"  # MkDocs warns about unknown options
