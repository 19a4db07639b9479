"""Bulletin benchmark: one issue sent to 60,000 recipients through a local SMTP
sink (aiosmtpd on 127.0.0.1), on PostgreSQL.

Prints the sender's messages/s and peak memory (one `db_worker --batch`
process doing the whole send: preparing the 60,000 Delivery rows, then the
batches), the time to render the PDF of a 16-page issue, and — in the same
run, to the same sink — the rate of a bare smtplib loop sending the same
messages over one connection (the ratio is the figure; target >= 0.5). The
sink's own counts verify zero duplicates and zero missing.

    .venv/bin/python bench/bulletin.py [--recipients 60000] [--batch 200]
"""

import argparse
import io
import json
import os
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._common import (  # noqa: E402
    print_table,
    run_measured,
    throwaway_postgres_database,
    write_json,
)

PARAGRAPH = (
    "Trong những năm qua, tổ chức công đoàn các cấp đã chủ động phối hợp với chuyên môn chăm lo "
    "việc làm, thu nhập và điều kiện làm việc cho người lao động; đầu tư trang thiết bị bảo hộ, "
    "tổ chức khám sức khỏe định kỳ, thăm hỏi gia đình đoàn viên có hoàn cảnh khó khăn. "
)
TITLES = [
    "Đại hội Công đoàn Dầu khí nhiệm kỳ mới",
    "Người lao động vượt nắng gió ngoài giàn",
    "Bữa ăn ca đủ chất cho thợ khoan",
    "Những người thợ lặn giữ dòng dầu chảy",
    "Sáng kiến tiết kiệm hàng tỷ đồng",
    "Tháng Công nhân: nghìn phần quà sẻ chia",
    "An toàn, vệ sinh lao động trên công trường",
    "Đối thoại định kỳ tại nơi làm việc",
    "Mái ấm công đoàn cho đoàn viên khó khăn",
    "Giải chạy trực tuyến lan tỏa tinh thần",
    "Kỹ sư trẻ và khát vọng đổi mới",
    "Thương lượng tập thể vì quyền lợi người lao động",
    "Khám sức khỏe định kỳ cho thợ vận hành",
    "Tuyên dương đoàn viên tiêu biểu",
]


def _django(db_url: str, extra: dict[str, str]) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "lantoa.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": db_url,
            "LANTOA_FERNET_KEYS": "ZmFrZS1iZW5jaC1rZXktMzItYnl0ZXMtbG9uZy14eHg=",
            "LANTOA_LOG_LEVEL": "WARNING",
            "LANTOA_MEDIA_ROOT": tempfile.mkdtemp(prefix="lantoa-bench-media-"),
            **extra,
        }
    )
    import django

    django.setup()


def _migrate() -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=os.environ.copy(),
        check=True,
    )


def _jpeg(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1000), (30 + seed * 13 % 200, 80, 140))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1600, 80):
        draw.line([(i, 0), (1600 - i, 1000)], fill=(240, 200, 80), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def build_world(recipients: int):
    """The union tree, its members with e-mail, and a 16-page issue."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.images.models import Image
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    from lantoa.bulletin.models import Issue, IssueArticle
    from lantoa.bulletin.services import issues
    from lantoa.core.text import search_key
    from lantoa.newsroom.models import ArticlePage
    from lantoa.org.models import Member, OrgUnit

    root = OrgUnit.add_root(
        kind="industry_union", code="DKVN", name="Công đoàn Dầu khí Việt Nam", slug="dkvn"
    )
    units = [
        root.add_child(
            kind="grassroots_union", code=f"CS{i:03d}", name=f"Công đoàn cơ sở {i}", slug=f"cs-{i}"
        )
        for i in range(60)
    ]
    started = time.perf_counter()
    batch = []
    for n in range(recipients):
        name = f"Nguyễn Văn Đoàn Viên {n}"
        batch.append(
            Member(
                unit=units[n % len(units)],
                unit_path=units[n % len(units)].path,
                full_name=name,
                search_name=search_key(name),
                employee_code=f"NV{n:07d}",
                email=f"doanvien{n:06d}@pvn.example.vn",
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    members_seconds = time.perf_counter() - started

    bulletin = issues.bulletin_create(
        actor=None, unit=root, name="Bản tin Công đoàn Dầu khí Việt Nam"
    )
    home = Page.get_first_root_node()
    now = timezone.now()
    pages = []
    for n, title in enumerate(TITLES):
        image = Image(title=f"Ảnh {n}", file=ContentFile(_jpeg(n), name=f"anh-{n}.jpg"))
        image.save()
        body = [("text", RichText("".join(f"<p>{PARAGRAPH}</p>" for _ in range(5))))]
        page = ArticlePage(
            title=title,
            slug=f"bai-{n}",
            lead="Công đoàn chăm lo đời sống, việc làm của người lao động Dầu khí.",
            body=body,
            unit=units[n],
            hero_image=image,
            live=True,
            first_published_at=now,
        )
        home.add_child(instance=page)
        pages.append(page)
    issue = Issue.objects.create(
        bulletin=bulletin,
        number=10,
        year=2023,
        period_start=now.date(),
        period_end=now.date(),
        title="Lan tỏa tinh thần Tháng Công nhân",
        editorial="<p>Số bản tin tháng Mười.</p>",
        cover_image=pages[0].hero_image,
    )
    IssueArticle.objects.bulk_create(
        IssueArticle(issue=issue, section="Thời sự" if n < 7 else "Đời sống", page=p, sort_order=n)
        for n, p in enumerate(pages)
    )
    admin = get_user_model().objects.create_superuser("bench", "bench@example.vn", "x" * 20)
    return issue, admin, members_seconds


def measure_pdf(issue) -> dict:
    from lantoa.bulletin.services.pdf import issue_pdf_bytes

    times, pages = [], 0
    for _ in range(3):
        started = time.perf_counter()
        data, pages = issue_pdf_bytes(issue)
        times.append(time.perf_counter() - started)
    return {"pages": pages, "bytes": len(data), "first_s": times[0], "best_s": min(times)}


class Sink:
    """The SMTP sink in its own process, so it competes with neither side."""

    def __init__(self, port: int, workdir: Path, name: str) -> None:
        self.stats_file = workdir / f"{name}.json"
        self.ready = self.stats_file.with_suffix(".ready")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devstack.smtp_sink", "--port", str(port), "--no-store",
             "--stats", str(self.stats_file)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.time() + 30
        while not self.ready.exists():
            if time.time() > deadline:
                raise RuntimeError("the SMTP sink did not start")
            time.sleep(0.05)

    def stop(self) -> dict:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        return json.loads(self.stats_file.read_text())


def run_lantoa(issue, admin, port: int, workdir: Path, batch: int) -> dict:
    from django.db.models import Max, Min

    from lantoa.bulletin.models import Delivery, Issue
    from lantoa.bulletin.services import sending

    sink = Sink(port, workdir, "lantoa")
    sending.issue_send(actor=admin, issue=issue)  # enqueues the preparation (autocommit)
    child = run_measured(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--interval",
            "0.05",
            "--no-startup-delay",
        ],
        env=os.environ.copy(),
    )
    stats = sink.stop()
    issue = Issue.objects.get(pk=issue.pk)
    span = Delivery.objects.filter(issue=issue).aggregate(
        first=Min("claimed_at"), last=Max("sent_at")
    )
    sending_seconds = (span["last"] - span["first"]).total_seconds()
    sent = Delivery.objects.filter(issue=issue, state="sent").count()
    expected = set(Delivery.objects.filter(issue=issue).values_list("email", flat=True))
    return {
        "state": issue.state,
        "sent": sent,
        "failed": Delivery.objects.filter(issue=issue, state="failed").count(),
        "worker_returncode": child.returncode,
        "worker_seconds": child.seconds,
        "peak_rss_mb": child.peak_rss_mb,
        "sending_seconds": sending_seconds,
        "per_s": sent / sending_seconds,
        "end_to_end_per_s": sent / child.seconds,
        "sink_received": stats["received"],
        "sink_duplicates": stats["duplicates"],
        "missing": len(expected - set(stats["stored_by_recipient"])),
        "duplicated": sum(1 for c in stats["received_by_recipient"].values() if c > 1),
    }


def run_baseline(issue, port: int, workdir: Path, *, prepared: bool = True) -> dict:
    """smtplib, one connection, the same personalised messages: the message of
    the first recipient, re-addressed per recipient (To, Message-ID, name)."""
    from lantoa.bulletin.models import Delivery
    from lantoa.bulletin.services.email import build_message, issue_email_template

    if prepared:
        rows = list(
            Delivery.objects.filter(issue=issue).order_by("id").values_list("email", "name")
        )
    else:  # before the send: the same recipients, straight from the recipient query
        from lantoa.bulletin.selectors import member_recipients

        rows = [
            (e.lower(), n)
            for e, n in member_recipients(issue.bulletin)
            .order_by("id")
            .values_list("email", "full_name")
        ]
    first_email, first_name = rows[0]
    template = issue_email_template(issue)
    message = build_message(template, email=first_email, name=first_name)
    raw = message.message().as_bytes(linesep="\r\n")
    sender = message.from_email
    sink = Sink(port, workdir, f"baseline-{prepared}")
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for n, (email, _name) in enumerate(rows):
            data = raw.replace(first_email.encode(), email.encode()).replace(
                b"@lantoa.bulletin>", f".{n}@baseline>".encode(), 1
            )
            smtp.sendmail(sender, [email], data)
    seconds = time.perf_counter() - started
    stats = sink.stop()
    return {
        "messages": len(rows),
        "message_bytes": len(raw),
        "seconds": seconds,
        "per_s": len(rows) / seconds,
        "sink_received": stats["received"],
        "missing": len({e for e, _ in rows} - set(stats["stored_by_recipient"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=60_000)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()

    from devstack.smtp_sink import free_port

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="lantoa-bench-bulletin-"))
    with throwaway_postgres_database() as db_url:
        _django(
            db_url,
            {
                "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                "LANTOA_BULLETIN_BATCH_SIZE": str(args.batch),
                "LANTOA_BULLETIN_MAX_PER_SECOND": "0",  # unthrottled: measure the machinery
                "LANTOA_BULLETIN_SEND_LANES": "1",
            },
        )
        _migrate()
        issue, admin, members_seconds = build_world(args.recipients)
        print(f"{args.recipients:,} members written in {members_seconds:.1f} s")
        pdf = measure_pdf(issue)
        print(
            f"PDF: {pdf['pages']} pages, {pdf['bytes'] / 1e6:.1f} MB, first {pdf['first_s']:.2f} s, best {pdf['best_s']:.2f} s"
        )
        from lantoa.bulletin.services import issues

        issue = issues.issue_approve(actor=admin, issue=issue)
        # Approval enqueues the PDF rendering: run it now, so that the measured
        # worker below does the send and nothing else.
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "-v", "0"],
            cwd=REPO,
            env=os.environ.copy(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The baseline runs before and after the send and the two are averaged:
        # on a shared machine the load drifts over the minutes a run takes.
        before = run_baseline(issue, port, workdir, prepared=False)
        lantoa = run_lantoa(issue, admin, port, workdir, args.batch)
        after = run_baseline(issue, port, workdir)
        base = {
            **after,
            "per_s": (before["per_s"] + after["per_s"]) / 2,
            "before": before,
            "after": after,
        }

    ratio = lantoa["per_s"] / base["per_s"]
    print(
        f"\n== one issue to {args.recipients:,} recipients through aiosmtpd on 127.0.0.1 (PostgreSQL) =="
    )
    print_table(
        ["", "messages/s", "seconds", "peak RSS MB", "sink received", "missing", "duplicated"],
        [
            ["Lantoa (db_worker, 1 lane)", lantoa["per_s"], lantoa["sending_seconds"], lantoa["peak_rss_mb"],
             lantoa["sink_received"], lantoa["missing"], lantoa["duplicated"]],
            ["bare smtplib loop, before", before["per_s"], before["seconds"], "-", before["sink_received"], before["missing"], 0],
            ["bare smtplib loop, after", after["per_s"], after["seconds"], "-", after["sink_received"], after["missing"], 0],
        ],
    )  # fmt: skip
    print(
        f"ratio Lantoa/smtplib (mean of before and after): {ratio:.2f} (target >= 0.5)   "
        f"end to end incl. worker start and preparing {lantoa['sent']:,} deliveries: "
        f"{lantoa['end_to_end_per_s']:.0f}/s in {lantoa['worker_seconds']:.0f} s   "
        f"issue state: {lantoa['state']}   failed: {lantoa['failed']}"
    )
    print(
        f"PDF of the {pdf['pages']}-page issue: {pdf['best_s']:.2f} s (first {pdf['first_s']:.2f} s; target < 10 s)"
    )
    path = write_json(
        "bulletin.json",
        {
            "recipients": args.recipients,
            "batch": args.batch,
            "lantoa": lantoa,
            "baseline": base,
            "ratio": ratio,
            "pdf": pdf,
        },
    )
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
