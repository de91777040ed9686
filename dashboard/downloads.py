"""Stable CSV addresses for analysts: `/download/<dataset>.csv?<the page's query string>`.

The CSV holds exactly what the chart plots, through the same gateway (so the same role checks,
area scope and suppression), with the filters in its file name.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template_string, request
from flask_login import current_user

from dashboard.filters import FilterError, Filters
from data_access import audit, gateway
from data_access.datasets import DATASETS

INDEX = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Downloads – Caring2Learn monitoring</title></head><body><main>
<h1>Downloads</h1>
<p>Each dataset is a CSV at a stable address. Add the dashboard page's query string to filter it,
for example <code>/download/persistent_absence.csv?cohort=CLA&amp;from=2018/19</code>.</p>
<ul>{% for name in names %}<li><a href="/download/{{ name }}.csv">{{ name }}.csv</a></li>
{% endfor %}</ul></main></body></html>"""


def register(server: Flask) -> None:
    server.add_url_rule("/download/", "download_index", download_index)
    server.add_url_rule("/download/<name>.csv", "download_csv", download_csv)


def download_index() -> str:
    names = sorted(name for name in DATASETS if not name.endswith("_list"))
    return render_template_string(INDEX, names=names)


def download_csv(name: str) -> Response:
    try:
        filters = Filters.from_query(request.query_string.decode("utf-8", "replace"))
        frame = gateway.fetch(name, filters, current_user, current_app.extensions["c2l"])
    except gateway.UnknownDataset:
        return _refusal(404, f"There is no dataset called {name!r}; see /download/.")
    except (FilterError, gateway.UnknownValue) as error:
        return _refusal(400, str(error))
    except gateway.AccessDenied as error:
        return _refusal(403, str(error))
    audit.record(
        current_app.extensions["c2l"].engine,
        audit.DOWNLOAD,
        current_user.username,
        request.remote_addr or "unknown",
        detail=name,
        filters=filters.to_query(),
        rows=len(frame),
    )
    filename = "_".join(part for part in (name, filters.slug()) if part) + ".csv"
    return Response(
        frame.to_csv(index=False, na_rep="x", lineterminator="\r\n"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _refusal(status: int, message: str) -> Response:
    return Response(message, status=status, mimetype="text/plain")
