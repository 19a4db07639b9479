"""The process entry point: starts all four fakes, prints their URLs, stops on SIGINT/SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from devstack.fakes.__main__ import start_fakes

ROOT = Path(__file__).resolve().parents[4]


def test_start_fakes_on_consecutive_ports(tmp_path) -> None:
    fakes = start_fakes(["facebook", "telegram"], 0, tmp_path)
    try:
        assert [f.platform for f in fakes] == ["facebook", "telegram"]
        for fake in fakes:
            assert httpx.get(fake.url("/_fake/health")).json()["platform"] == fake.platform
    finally:
        for fake in fakes:
            fake.stop()


def test_cli_runs_all_and_stops_on_signal(tmp_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devstack.fakes",
            "--all",
            "--json",
            "--posts-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        infos = [json.loads(proc.stdout.readline()) for _ in range(4)]  # type: ignore[union-attr]
        assert [i["platform"] for i in infos] == ["facebook", "zalo", "viber", "telegram"]
        tg = infos[3]
        r = httpx.post(
            f"{tg['api_base']}{tg['token']}/sendMessage",
            json={"chat_id": "@lantoa_demo", "text": "hi"},
        )
        assert r.json()["ok"] is True
        assert (tmp_path / "telegram.jsonl").read_text().count('"posted"') == 1
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
