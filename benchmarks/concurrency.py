"""Simulated users: each signs in once, then posts the pages' data callbacks in turn, with
changing filters, as fast as the server answers, for a fixed time.

One asyncio client holds every user (an `httpx.AsyncClient` each, so each has its own session
cookie); at most one request per user is in flight. An error is a transport failure, a status
other than 200, or a callback answering with the page's problem notice.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx

from benchmarks.pages import UPDATE_URL, login_form, refused
from benchmarks.timing import Timings

REQUEST_TIMEOUT_S = 60.0


@dataclass
class LoadResult:
    users: int
    seconds: float = 0.0
    latencies: Timings = field(default_factory=Timings)
    errors: int = 0
    first_error: str = ""

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies.samples) / self.seconds if self.seconds else 0.0

    def failed(self, reason: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or reason


def run_users(
    base: str, username: str, password: str, bodies: list[bytes], users: int, seconds: float
) -> LoadResult:
    """`users` users for `seconds`; each starts at a different place in `bodies`."""
    return asyncio.run(_run(base, username, password, bodies, users, seconds))


async def _run(
    base: str, username: str, password: str, bodies: list[bytes], users: int, seconds: float
) -> LoadResult:
    result = LoadResult(users)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
    clients = [httpx.AsyncClient(base_url=base, timeout=timeout) for _ in range(users)]
    try:
        await asyncio.gather(*(_sign_in(client, username, password) for client in clients))
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(
                _user(client, bodies, index * len(bodies) // users, deadline, result)
                for index, client in enumerate(clients)
            )
        )
        result.seconds = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return result


async def _sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    login_page = (await client.get("/login")).text
    response = await client.post("/login", data=login_form(login_page, username, password))
    if response.status_code != 302:
        raise RuntimeError(f"A simulated user could not sign in: HTTP {response.status_code}.")


async def _user(
    client: httpx.AsyncClient, bodies: list[bytes], start: int, deadline: float, result: LoadResult
) -> None:
    index = start
    headers = {"Content-Type": "application/json"}
    while time.perf_counter() < deadline:
        body = bodies[index % len(bodies)]
        index += 1
        sent = time.perf_counter()
        try:
            response = await client.post(UPDATE_URL, content=body, headers=headers)
        except httpx.HTTPError as error:
            result.failed(f"{type(error).__name__}: {error}")
            continue
        result.latencies.add(time.perf_counter() - sent)
        if response.status_code != 200 or refused(response.text):
            result.failed(f"HTTP {response.status_code}: {response.text[:200]}")
