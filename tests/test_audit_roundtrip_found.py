"""Reader bugs the round-trip property (tests/test_audit_roundtrip.py) found, each as its minimal input.

Every input is written here by hand in the layout the property rendered; every expectation is worked out by
hand from it. Each failed before the fix named in its docstring.
"""

from __future__ import annotations

from opengov.audit import AuditResult, audit_report

_FUJIAN_HEAD = ["政府信息公开情况统计表", "指标名称", "计量单位", "2013年度", "历年累计"]


def _column(result: AuditResult, table: str, column: str) -> dict[str, object]:
    cells = result.report.table(table).cells
    return {
        row: cell.value for (row, col), cell in cells.items() if col == column and cell.state != "missing"
    }


def test_a_label_broken_into_pieces_that_name_other_rows_is_joined() -> None:
    """``其中：1.同意`` / ``公开答复数``: the second piece alone shares most of its characters with
    ``否决公开答复数``, and was read as that row, so 同意公开's figures went to 否决公开.
    Lines that together, and only together, spell a label are now one label."""
    rows = [
        ["对申请的答复总数", "条", "12", "60"],
        ["其中：1.同意", "公开答复数", "条", "8", "40"],
        ["2.同意部分公开答复数", "条", "3", "15"],
        ["3.否决公开答复数", "条", "1", "5"],
    ]
    result = audit_report("\n".join(_FUJIAN_HEAD + [x for r in rows for x in r]), format="fujian2008")
    assert _column(result, "statistics", "year") == {
        "answers": 12,
        "answers.granted": 8,
        "answers.partial": 3,
        "answers.refused": 1,
    }
    assert result.ok, result.to_text()


def test_total_broken_into_four_nodes_is_read() -> None:
    """``（`` / ``七`` / ``）`` / ``总计``: no piece names a row (``总计`` alone is too short to count), so
    （七）总计's figures were dropped."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "总计"]
    for label, figures in [
        ("一、本年新收政府信息公开申请数量", "3 0 0 0 0 0 3"),
        ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
        ("（一）予以公开", "3 0 0 0 0 0 3"),
    ]:
        lines += [label, *figures.split()]
    lines += ["（", "七", "）", "总计", *["3", "0", "0", "0", "0", "0", "3"]]
    lines += ["四、结转下年度继续办理", *["0", "0", "0", "0", "0", "0", "0"]]
    result = audit_report("\n".join(lines), format="gov2021")
    assert _column(result, "applications", "total")["applications.total"] == 3


def test_the_last_row_of_a_one_line_table_with_unit_person_times_is_read() -> None:
    """gov2008's units 人 / 人次 / 篇 after a label on a one-line web page: the cutter knew only
    条件元个次项份万, so ``(三) 接受培训人员数人次0`` ran on into the page chrome and the row was lost."""
    text = (
        "政府信息公开情况统计表统计指标单位统计数九、政府信息公开会议和培训情况"
        "(一) 召开政府信息公开工作会议或专题会议数次2(二) 举办各类培训班数次1(三) 接受培训人员数人次40"
        " 相关链接： --> 附件下载 【打印本页】【关闭窗口】 网站地图 | 联系我们"
    )
    result = audit_report(text, format="gov2008")
    values = _column(result, "statistics", "value")
    assert values == {"meetings.meetings": 2, "meetings.trainings": 1, "meetings.attendees": 40}


def test_a_number_broken_over_two_nodes_in_a_one_column_table_stays_in_its_row() -> None:
    """``7`` / ``77`` for 777 under (一) 维持具体行政行为数: the second piece went to the next row by
    position, and every later row shifted by one (false failures of 行政复议数量 = 维持 + 纠错 + 其他).
    A row placed by position whose own label comes right after its figures now sends the table to the
    labels-first reading; its label (二) 被依法纠错数 is shared with 行政诉讼, and is matched to the row
    just placed."""
    rows = [
        ("四、行政复议数量", ["800"]),
        ("(一) 维持具体行政行为数", ["7", "77"]),
        ("(二) 被依法纠错数", ["20"]),
        ("(三) 其他情形数", ["3"]),
        ("五、行政诉讼数量", ["5"]),
        ("(一) 维持具体行政行为或者驳回原告诉讼请求数", ["2"]),
        ("(二) 被依法纠错数", ["3"]),
        ("(三) 其他情形数", ["0"]),
    ]
    lines = ["政府信息公开情况统计表", "统计指标", "单位", "统计数"]
    for label, figures in rows:
        lines += [label, "件", *figures]
    result = audit_report("\n".join(lines), format="gov2008")
    values = _column(result, "statistics", "value")
    assert values["reconsiderations.upheld"] == 777
    assert values["reconsiderations.corrected"] == 20
    assert values["lawsuits"] == 5
    assert result.ok, result.to_text()


def test_a_broken_number_in_a_table_without_rules_is_reported_not_guessed() -> None:
    """规章 ``6`` / ``0`` / ``6`` / ``16`` (6, 0, 616): 规章 took 6 0 6, ``16`` went to 行政规范性文件 by
    position, and 行政规范性文件's own figures 0 0 0 were read as 160 0 0 — two wrong rows, no rule to
    catch them. Now each row keeps the figures under its label: 规章's four pieces fit 60 6 16 and
    6 0 616, so it is reported ambiguous, and 行政规范性文件 reads 0 0 0."""
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "6",
        "0",
        "6",
        "16",
        "行政规范性文件",
        "0",
        "0",
        "0",
    ]
    for title, header, rows in [
        ("第二十条第（五）项", "本年处理决定数量", [("行政许可", "5")]),
        ("第二十条第（六）项", "本年处理决定数量", [("行政处罚", "2"), ("行政强制", "0")]),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", [("行政事业性收费", "1.5")]),
    ]:
        lines += [title, "信息内容", header, *(x for row in rows for x in row)]
    result = audit_report("\n".join(lines), format="gov2021")
    table = result.report.table("proactive.item1")
    assert [table.value("proactive.normative", c) for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert {table.cell("proactive.rules", c).state for c in ("issued", "repealed", "in_force")} == {
        "ambiguous"
    }
    assert [f.kind for f in result.findings] == ["ambiguous"]
    assert "规章" in result.findings[0].text


def test_figures_on_lines_of_their_own_are_separate_cells() -> None:
    """行政事业性收费 / ``111`` / ``405`` (gov2019 第二十条第（八）项, two columns): one number of three or
    more digits on a line of its own was taken for a whole row's run-together digits, so ``111`` was
    split two ways and reported ambiguous and ``405`` dropped."""
    lines = [
        "第二十条第（八）项",
        "信息内容",
        "上一年项目数量",
        "本年增/减",
        "行政事业性收费",
        "111",
        "405",
    ]
    result = audit_report("\n".join(lines), format="gov2019")
    table = result.report.table("proactive.item8")
    assert [table.value("proactive.fees", c.key) for c in table.spec.columns] == [111, 405]
    assert not result.findings


def test_table_four_with_a_number_broken_over_two_nodes_is_rejoined_by_its_rules() -> None:
    """Table 四 prints no row label; 16 nodes for its 15 cells (尚未审结 12 printed ``1`` / ``2``). The reader
    stopped at 15 and dropped the 16th, shifting the last group (three false failures). Now the extra figure
    stays in the row, and the one rejoining that satisfies the three 总计 rules is taken (and said so)."""
    figures = ["3", "1", "0", "1", "5", "2", "0", "0", "1", "2", "14", "0", "0", "0", "0", "0"]
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "结果维持", "总计", *figures]
    lines.append("五、存在的主要问题及改进情况")
    result = audit_report("\n".join(lines), format="gov2021")
    table = result.report.table("disputes")
    assert [table.value("disputes.count", c.key) for c in table.spec.columns] == [
        3, 1, 0, 1, 5, 2, 0, 0, 12, 14, 0, 0, 0, 0, 0,
    ]  # fmt: skip
    assert result.ok, result.to_text()
    assert any("1 / 2" in note for note in result.notes)


def test_a_rule_across_two_ambiguous_rows_that_no_reading_satisfies_is_an_error() -> None:
    """对申请的答复总数 ``1122`` (1 | 122 or 11 | 22) and 同意部分公开 ``1111`` (1 | 111 or 11 | 11), the
    other answer kinds 0 | 0: each row alone is ambiguous, so each was left unread and 答复 = Σ 答复类型
    was not checkable — a table that fails it whatever was meant (历年累计 122 or 22 against 111 or 11)
    passed. The rows' readings are now tried together."""
    text = (
        "某县2016年政府信息公开工作年度报告 指标名称计量单位2016年度历年累计主动公开文件数条00"
        "其中：1.政府网站公开数条002.政府公报公开数条00受理政府信息公开申请总数条1122其中：1.当面申请数条00"
        "2.网上申请数条003.信函申请数条1122对申请的答复总数条1122其中：1.同意公开答复数条00"
        "2.同意部分公开答复数条11113.不予公开答复数条004.其他类型答复数条00接受行政申诉、举报数件00"
        "行政复议数件00行政诉讼数件00 相关链接"
    )
    result = audit_report(text, format="fujian2014")
    assert [(f.code, f.kind) for f in result.errors] == [("read.statistics.joint", "split")]
    assert "fujian2014.parts[answers].cumulative" in result.errors[0].message
    assert {c.row for c in result.errors[0].cells} >= {"answers", "answers.partial"}


def test_an_item_table_whose_title_is_not_printed_reads_no_other_items_figures() -> None:
    """Only 第二十条第（一）项 printed under 二、主动公开政府信息情况: the items whose titles are missing were
    read from the whole section, so 行政许可 took 规章's figures (6 0 6 → 606) and 行政处罚 and 行政事业性收费
    too. An item whose title is not printed, where others' are, is now not in the report."""
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    lines += ["规章", "6", "0", "6", "行政规范性文件", "0", "0", "0"]
    result = audit_report("\n".join(lines), format="gov2021")
    assert result.report.table("proactive.item1").value("proactive.rules", "in_force") == 6
    for key in ("proactive.item5", "proactive.item6", "proactive.item8"):
        assert not result.report.table(key).found, key
    assert not result.findings, result.to_text()
