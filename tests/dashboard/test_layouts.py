"""Layout builders: component trees checked without a browser."""

from __future__ import annotations

import pandas as pd
from dash import dcc

from layouts.chart_card import chart_card, data_table


def _find(component, kind):
    found = [component] if isinstance(component, kind) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and hasattr(child, "to_plotly_json"):
            found += _find(child, kind)
    return found


def test_a_card_without_a_figure_has_no_graph_and_says_why():
    frame = pd.DataFrame({"a": [1]})
    card = chart_card("c", "T", None, frame, "note", "/download/x.csv", "Nothing to draw.")
    assert _find(card, dcc.Graph) == []
    assert "Nothing to draw." in str(card.to_plotly_json())


def test_a_table_only_card_has_no_graph_and_no_empty_message():
    card = chart_card("c", "T", None, pd.DataFrame({"a": [1]}), "n", "/d.csv", "")
    assert _find(card, dcc.Graph) == []
    assert "empty-result" not in str(card.to_plotly_json())


def test_data_table_escapes_cell_text():
    table = data_table(pd.DataFrame({"name": ["<script>alert(1)</script>"]}), "Caption & more")
    assert "<script>" not in table.children
    assert "&lt;script&gt;" in table.children
    assert "<caption>Caption &amp; more</caption>" in table.children
