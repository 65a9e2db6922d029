"""Write the fixture reports of ``tests/audit_fixtures`` (run once from the repo root; output committed).

Every fixture holds the same consistent figures (``_data.py``) in a different layout, except the ones
named ``*_errors*``, which change a few figures on purpose.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _data import DISPUTES, PROACTIVE, T3, TAIL, figure_rows, head, label, row3

HERE = Path(__file__).parent
COLUMNS = "自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计"
T3_TITLE = "三、收到和处理政府信息公开申请情况"
T4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"


def tabs() -> str:
    lines = [*head(), T3_TITLE, "本列数据的勾稽关系\t" + COLUMNS]
    for row in T3.rows:
        if row.is_heading:
            lines.append(row.label)
        else:
            lines.append(row.label + "\t" + "\t".join(map(str, row3(row.key))))
    lines += [T4_TITLE, "行政复议\t\t\t\t\t行政诉讼", "\t".join(map(str, DISPUTES))]
    return "\n".join(lines + TAIL) + "\n"


def glued() -> str:
    lines = [head()[0], "一、总体情况", head()[2], "二、主动公开政府信息情况"]
    for title, header, rows in PROACTIVE:
        lines += [title, header.replace(" ", "")]
        lines += [name + values.replace(" ", "") for name, values in rows]
    lines += [T3_TITLE, "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    for row in T3.rows:
        if row.is_heading:
            lines.append(row.label)
        else:
            lines.append(row.label + "".join(map(str, row3(row.key))))
    lines += [
        T4_TITLE,
        "行政复议行政诉讼未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计",
        "".join(map(str, DISPUTES)),
    ]
    return "\n".join(lines + TAIL) + "\n"


def layout(errors: bool = False) -> str:
    """Space-aligned like ``pdftotext -layout``: long labels broken, parent labels between children, a
    page footer and form feed inside the table, the group label rotated one character per line."""
    lines = [
        *head(),
        "                  " + T3_TITLE,
        "                                                      申请人情况",
        "                                             自然人   法人或其他组织            总计",
    ]
    rotated = iter("三、本年度办理结果")
    for n, key in enumerate(figure_rows()):
        values = list(row3(key))
        if errors and key == "applications.disclosed":
            values[0] += 1  # 自然人 予以公开 21 instead of 20: breaks the row total and the column sum
        if errors and key == "applications.carried_forward":
            values[6] = 6  # 结转 总计 6 instead of 5
        cells = "".join(f"{v:>6}" for v in values)
        name = label(key)
        if key == "applications.partially_disclosed":
            lines += [
                "          （二）部分公开（区分处理的，只计这一情",
                "     " + " " * 40 + cells,
                "          形，不计其他情形）",
            ]
            continue
        if key == "applications.withheld.third_party":
            lines.append("          （三）不予公开")
        if key == "applications.unavailable.needs_creation":
            lines += ["", "                                   -3-", "\f          （四）无法提供"]
        if key == "applications.otherwise.no_correction":
            lines += [
                "               1.申请人无正当理由逾期不补",
                "               正、行政机关不再处理其政府信" + cells,
                "               息公开申请",
            ]
            continue
        prefix = next(rotated, " ") if 2 <= n < 20 else " "
        lines.append(f"{prefix}   {name:<30}{cells}")
    lines += [
        "     " + T4_TITLE,
        "          行政复议                              行政诉讼",
        "结果   结果     其他   尚未     总计",
        "维持   纠正     结果   审结",
        "   ".join(map(str, DISPUTES)),
    ]
    return "\n".join(lines + TAIL) + "\n"


def one_cell() -> str:
    """Plain ``pdftotext``: one cell per line in reading order, blank lines between cells."""
    out = [head()[0], "一、总体情况", head()[2], "二、主动公开政府信息情况"]
    for title, header, rows in PROACTIVE:
        out += [title, *header.split()]
        for name, values in rows:
            out += ["", name]
            for v in values.split():
                out += ["", v]
    out += ["", T3_TITLE, "申请人情况", "自然人", "法人或其他组织", "商业", "企业", "总计"]
    for row in T3.rows:
        out += ["", row.label]
        if not row.is_heading:
            for v in row3(row.key):
                out += ["", str(v)]
    out += ["", T4_TITLE, "行政复议", "行政诉讼", "结果", "维持"]
    for v in DISPUTES:
        out += ["", str(v)]
    return "\n".join([*out, "", *TAIL]) + "\n"


def markdown() -> str:
    """A converter's pipe tables: invented headers, and some rows that lost their labels."""
    out = [*head(), "", T3_TITLE, ""]
    out.append("| Column1 | Column2 | Column3 | Column4 | Column5 | Column6 | Column7 | Column8 |")
    out.append("|---|---|---|---|---|---|---|---|")
    for n, key in enumerate(figure_rows()):
        name = "" if n in (3, 4, 9) else label(key)
        out.append("| " + name + " | " + " | ".join(map(str, row3(key))) + " |")
    out += ["", T4_TITLE, "", "| A | B | C | D | E | F | G | H | I | J | K | L | M | N | O |"]
    out.append("|" + "---|" * 15)
    out.append("| " + " | ".join(map(str, DISPUTES)) + " |")
    return "\n".join([*out, "", *TAIL]) + "\n"


def html() -> str:
    """HTML with a rowspan group label, rowspan sub-group labels and colspan headers."""
    parts = ["<html><body>"] + [f"<p>{line}</p>" for line in head()]
    parts.append(f"<h2>{T3_TITLE}</h2><table border=1>")
    parts.append(
        '<tr><th colspan="3" rowspan="2">本列数据的勾稽关系</th><th colspan="7">申请人情况</th></tr>'
    )
    parts.append(
        '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>'
    )
    parts.append(
        "<tr><th>x</th><th>x</th><th>x</th>"
        + "".join(f"<th>{c}</th>" for c in COLUMNS.split("\t")[1:6])
        + "</tr>"
    )
    results = [
        k
        for k in figure_rows()
        if k not in ("applications.new", "applications.carried_in", "applications.carried_forward")
    ]
    for key in figure_rows():
        cells = "".join(f"<td>{v}</td>" for v in row3(key))
        row = T3.row(key)
        if key in ("applications.new", "applications.carried_in", "applications.carried_forward"):
            parts.append(f'<tr><td colspan="3">{row.label}</td>{cells}</tr>')
            continue
        first = ""
        if key == results[0]:
            first = f'<td rowspan="{len(results)}">三、本年度办理结果</td>'
        parent = (
            T3.row(row.parent)
            if row.parent and T3.row(row.parent).is_heading and row.parent != "applications.results"
            else None
        )
        if parent is None:
            parts.append(f'<tr>{first}<td colspan="2">{row.label}</td>{cells}</tr>')
            continue
        siblings = [r.key for r in T3.rows if r.parent == parent.key]
        group = f'<td rowspan="{len(siblings)}">{parent.label}</td>' if key == siblings[0] else ""
        parts.append(f"<tr>{first}{group}<td>{row.label}</td>{cells}</tr>")
    parts.append("</table>")
    parts.append(
        f"<h2>{T4_TITLE}</h2><table><tr><th colspan=5>行政复议</th><th colspan=10>行政诉讼</th></tr>"
    )
    parts.append("<tr>" + "".join(f"<td>{v}</td>" for v in DISPUTES) + "</tr></table>")
    parts += [f"<p>{line}</p>" for line in TAIL] + ["</body></html>"]
    return "\n".join(parts) + "\n"


def gov2008() -> str:
    from opengov.formats import FORMATS

    table = FORMATS["gov2008"].tables[0]
    figures = {
        "proactive.items": 120,
        "proactive.items.normative": 8,
        "proactive.normative_issued": 9,
        "proactive.gazette": 10,
        "proactive.website": 100,
        "proactive.weibo": 30,
        "proactive.wechat": 40,
        "proactive.other": 5,
        "applications.received": 12,
        "applications.received.in_person": 4,
        "applications.received.online": 7,
        "applications.received.mail": 1,
        "applications.concluded": 12,
        "applications.concluded.on_time": 11,
        "applications.concluded.extended": 1,
        "applications.answered": 12,
        "applications.answered.disclosed": 9,
        "applications.answered.refused": 2,
        "applications.refused.state_secret": 1,
        "applications.refused.personal_privacy": 1,
        "applications.answered.does_not_exist": 1,
        "reconsiderations": 1,
        "reconsiderations.upheld": 1,
        "capacity.staff": 3,
        "capacity.staff.full_time": 1,
        "capacity.staff.part_time": 2,
        "fees": "0.03",
        "capacity.funding": "1.5",
    }
    lines = [
        "某某局2015年政府信息公开工作年度报告",
        "今年共受理政府信息公开申请 12 件。",
        "政府信息公开情况统计表",
        "统计指标\t单位\t统计数",
    ]
    for row in table.rows:
        if row.is_heading:
            lines.append(row.label)
        else:
            value = figures.get(row.key, "")
            lines.append(f"{row.label}\t{row.unit}\t{value}")
    return "\n".join(lines) + "\n"


def main() -> None:
    for name, text in {
        "gov2021_tabs.txt": tabs(),
        "gov2021_glued.txt": glued(),
        "gov2021_layout.txt": layout(),
        "gov2021_layout_errors.txt": layout(errors=True),
        "gov2021_one_cell.txt": one_cell(),
        "gov2021_markdown.md": markdown(),
        "gov2021_table.html": html(),
        "gov2008_tabs.txt": gov2008(),
    }.items():
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
