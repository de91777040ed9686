"""Two gunicorn instances of two workers each, on one PostgreSQL schema and one Redis, act as one:
a sign-in on one is honoured by the other, the cache one fills serves the other, and a load made
by a third process is seen by both."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import requests
from cachelib import RedisCache
from sqlalchemy.engine import make_url

from dashboard.app_factory import CACHE_KEY_PREFIX
from dashboard.auth import hash_password
from dashboard.config import PROJECT_ROOT
from data_access import users
from data_access.cache import TIMEOUT, warehouse_tag
from data_access.db import make_engine
from tests.conftest import PASSWORD, POSTGRES_URL
from tests.data_access.test_cache import (
    ONE_MORE_CHILD,
    REDIS_URL,
    WORLD_SOURCE,
    load_rows,
    load_world,
    redis_or_skip,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="C2L_TEST_POSTGRES_URL is not set"),
    pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True),
]

STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_instance(
    name: str, environment: dict[str, str], logs: Path
) -> tuple[str, subprocess.Popen]:
    """`python -m gunicorn -w 2 app:server` on a free port, in a process group of its own."""
    port = free_port()
    log = (logs / f"{name}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:server"],
        cwd=PROJECT_ROOT,
        env={**environment, "C2L_INSTANCE_PATH": str(logs / name)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return f"http://127.0.0.1:{port}", process


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (it stops its workers); the whole group if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_answering(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if requests.get(f"{base}/login", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.fixture
def instances(warehouse_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Instances A and B, answering, on the test's PostgreSQL schema and the test Redis."""
    redis_or_skip().close()
    engine = make_engine(warehouse_url)
    load_world(engine)
    users.add_user(engine, "lead", hash_password(PASSWORD), "analyst", ())
    engine.dispose()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("C2L_")},
        "C2L_DATABASE_URL": warehouse_url,
        "C2L_CACHE_URL": REDIS_URL,
        "C2L_SECRET_KEY": "one key for every instance",
        "C2L_SUPPRESSION_THRESHOLD": "1",
    }
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_instance(name, environment, tmp_path))
        for (base, process), name in zip(started, ("a", "b"), strict=True):
            wait_until_answering(base, process, tmp_path / f"{name}.log")
        yield started[0][0], started[1][0]
    finally:
        for _, process in started:
            stop(process)
        client = redis_or_skip()
        for key in client.scan_iter(entries(warehouse_url)):
            client.delete(key)
        client.close()


def entries(warehouse_url: str, dataset: str = "*") -> str:
    """The Redis pattern of the cache entries for this warehouse (and dataset)."""
    return f"{CACHE_KEY_PREFIX}{warehouse_tag(make_url(warehouse_url))}:{dataset}:*"


def sign_in(base: str) -> dict[str, str]:
    """The real form: GET for the CSRF token and its session, POST the credentials with both."""
    form = requests.get(f"{base}/login", timeout=10)
    token = form.text.split('name="csrf" value="')[1].split('"')[0]
    answer = requests.post(
        f"{base}/login",
        data={"csrf": token, "username": "lead", "password": PASSWORD},
        headers=cookie(form.cookies["session"]),
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return cookie(answer.cookies["session"])


def cookie(session: str) -> dict[str, str]:
    """Sent by hand: the session cookie is `Secure`, so a client would not send it over http."""
    return {"Cookie": f"session={session}"}


def about_update(base: str, signed_in: dict[str, str]) -> str:
    """The About page's callback request, built from the instance's own `/_dash-dependencies`."""
    answer = requests.get(f"{base}/_dash-dependencies", headers=signed_in, timeout=30)
    ready = {"id": "about-ready", "property": "data"}
    (about,) = [callback for callback in answer.json() if ready in callback["inputs"]]
    outputs = [part.rsplit(".", 1) for part in about["output"].strip(".").split("...")]
    return json.dumps(
        {
            "output": about["output"],
            "outputs": [{"id": name, "property": prop} for name, prop in outputs],
            "inputs": [{**ready, "value": True}],
            "changedPropIds": ["about-ready.data"],
            "state": [],
        }
    )


def form_token(base: str, signed_in: dict[str, str]) -> str:
    """The CSRF token of the navbar's suppression form, from the page layout (analysts only)."""
    layout = requests.get(f"{base}/_dash-layout", headers=signed_in, timeout=30).json()
    nodes = [layout]
    while nodes:
        node = nodes.pop()
        if isinstance(node, dict):
            if node.get("name") == "csrf":
                return node["value"]
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)
    raise AssertionError("no CSRF token in the layout")


def download(base: str, signed_in: dict[str, str], name: str) -> pd.DataFrame:
    answer = requests.get(f"{base}/download/{name}.csv", headers=signed_in, timeout=30)
    assert answer.status_code == 200, answer.text
    return pd.read_csv(io.StringIO(answer.text))


def test_a_sign_in_on_one_instance_works_on_the_other(instances):
    a, b = instances
    signed_in = sign_in(a)
    page = requests.get(f"{b}/", headers=signed_in, allow_redirects=False, timeout=30)
    assert page.status_code == 200
    update = requests.post(
        f"{b}/_dash-update-component",
        data=about_update(b, signed_in),
        headers={**signed_in, "Content-Type": "application/json"},
        timeout=30,
    )
    assert update.status_code == 200
    assert WORLD_SOURCE in update.text
    anonymous = requests.post(
        f"{b}/_dash-update-component",
        data=about_update(b, signed_in),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert anonymous.status_code == 401


def test_a_form_token_issued_by_one_instance_is_accepted_by_the_other(instances):
    a, b = instances
    signed_in = sign_in(a)
    token = form_token(a, signed_in)
    switch = {"suppression": "off"}
    forged = requests.post(
        f"{b}/suppression",
        data={**switch, "csrf": "forged"},
        headers=signed_in,
        allow_redirects=False,
        timeout=30,
    )
    accepted = requests.post(
        f"{b}/suppression",
        data={**switch, "csrf": token},
        headers=signed_in,
        allow_redirects=False,
        timeout=30,
    )
    assert (forged.status_code, accepted.status_code) == (400, 302)


def test_the_cache_one_instance_fills_serves_the_other_until_a_load(instances, warehouse_url):
    a, b = instances
    signed_in = sign_in(a)
    client = redis_or_skip()
    ours = entries(warehouse_url, "overall_absence")
    assert list(client.scan_iter(ours)) == []
    from_a = download(a, signed_in, "overall_absence")
    assert list(from_a["numerator"]) == [82, 15]
    (key,) = client.scan_iter(ours)
    # Change the entry A left in Redis: B answering with the change was served from it.
    shared = RedisCache(client, key_prefix=CACHE_KEY_PREFIX)
    entry = key.decode().removeprefix(CACHE_KEY_PREFIX)
    frame = shared.get(entry)
    frame.loc[0, "numerator"] = 424242
    shared.set(entry, frame, timeout=TIMEOUT)
    assert list(download(b, signed_in, "overall_absence")["numerator"]) == [424242, 15]
    # A load by another process (this one, as `c2l load` would be) changes every key.
    engine = make_engine(warehouse_url)
    load_rows(engine, ONE_MORE_CHILD, "one more child")
    engine.dispose()
    assert list(download(b, signed_in, "overall_absence")["numerator"]) == [82, 15]
    assert len(list(client.scan_iter(ours))) == 2
    client.close()
