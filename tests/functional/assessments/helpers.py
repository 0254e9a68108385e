"""Shared data and helpers of the assessment tests."""

from __future__ import annotations

from survey_app.assessments import scoring
from survey_app.extensions import db

#: six 10-point items in two dimensions: the size of Shrout & Fleiss (1979), table 2
SHEET_YAML = """
key: tp_test
kind: third_party
version: "t1"
title: {zh_CN: 第三方评估测试表, en: Third-party test sheet}
dimensions:
  - {key: cleaning, label: {zh_CN: 清洁卫生, en: Cleaning}}
  - {key: security, label: {zh_CN: 秩序维护, en: Security}}
sections:
  - id: cleaning
    dimension: cleaning
    title: {zh_CN: 清洁卫生, en: Cleaning}
    items:
      - {id: c1, type: points, max_points: 10, text: 楼道清洁, standard: 无积尘、无杂物}
      - {id: c2, type: points, max_points: 10, text: 垃圾分类, standard: 分类投放、日产日清}
      - {id: c3, type: points, max_points: 10, text: 地库清洁}
  - id: security
    dimension: security
    title: {zh_CN: 秩序维护, en: Security}
    items:
      - {id: s1, type: points, max_points: 10, text: 门岗值守}
      - {id: s2, type: points, max_points: 10, text: 巡逻记录}
      - {id: s3, type: points, max_points: 10, text: 消防通道}
"""
ITEMS = ("c1", "c2", "c3", "s1", "s2", "s3")
#: Shrout & Fleiss (1979) table 2: 6 targets × 4 judges; ICC(2,1) = 0.29, ICC(2,4) = 0.62
SHROUT_FLEISS = (
    (9, 2, 5, 8),
    (6, 1, 3, 2),
    (8, 4, 6, 8),
    (7, 1, 2, 6),
    (10, 5, 6, 9),
    (6, 2, 4, 7),
)


def sheet_form(values: dict, notes: dict | None = None, action: str = "save") -> dict:
    """Form data of a score sheet: item id → points (None = not applicable)."""
    data = {"action": action}
    for item, value in values.items():
        if value is None:
            data[f"na-{item}"] = "1"
        else:
            data[f"points-{item}"] = str(value)
        data[f"note-{item}"] = (notes or {}).get(item, "")
    return data


def fill_directly(project, matrix) -> None:
    """Every assessor submits a column of the items × assessors matrix (through the service)."""
    for column, sheet in enumerate(project.sheets):
        entries = {item: scoring.Entry(points=str(row[column]))
                   for item, row in zip(ITEMS, matrix, strict=True)}
        scoring.save_sheet(sheet, entries, submit=True)
    db.session.commit()
