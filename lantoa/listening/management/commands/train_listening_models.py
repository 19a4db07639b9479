"""Train the listening models from the public datasets and the union's own labels.

    manage.py train_listening_models [--with-corrections] [--extra-sentiment-csv F] …
                                     [--model-version V] [--linear-only]

Writes a new versioned artefact folder with its model card; choose it with
LANTOA_LISTENING_MODEL_VERSION. The TextCNN half of the ensemble is trained with
PyTorch, a training-only extra (`pip install -e .[train]`); `--linear-only` trains
the TF-IDF models alone, without it."""

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantoa.listening.choices import LabelTask
from lantoa.listening.ml.neural_train import torch_available
from lantoa.listening.ml.train import DEFAULT_CNN, DEFAULT_TOXICITY_CNN, train_all
from lantoa.listening.services.triage import corrections_export_csv


class Command(BaseCommand):
    help = (
        "Huấn luyện mô hình sắc thái, độc hại và đoạn xúc phạm; ghi phiên bản mới kèm thẻ mô hình."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Not "--version": Django's BaseCommand owns it (prints Django's version), and
        # the clash made argparse refuse to build this command's parser at all.
        parser.add_argument(
            "--model-version",
            dest="version",
            help="Tên phiên bản (mặc định: YYYYMMDD-public|org).",
        )
        parser.add_argument(
            "--data-dir", type=Path, help="Thư mục dữ liệu công khai (mặc định ../shared/data)."
        )
        parser.add_argument("--out-dir", type=Path, help="Thư mục ghi artefact.")
        parser.add_argument("--extra-sentiment-csv", type=Path, action="append", default=[])
        parser.add_argument("--extra-toxicity-csv", type=Path, action="append", default=[])
        parser.add_argument(
            "--with-corrections",
            action="store_true",
            help="Thêm các nhãn cán bộ đã hiệu chỉnh trong Lantoa vào dữ liệu huấn luyện.",
        )
        parser.add_argument(
            "--linear-only",
            action="store_true",
            help="Chỉ huấn luyện mô hình tuyến tính TF-IDF (không cần PyTorch, kém chính xác hơn).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["linear_only"] and not torch_available():
            raise CommandError(
                "Cần PyTorch để huấn luyện TextCNN: pip install -e '.[train]' "
                "(hoặc dùng --linear-only)."
            )
        sentiment_csvs = list(options["extra_sentiment_csv"])
        toxicity_csvs = list(options["extra_toxicity_csv"])
        for path in [*sentiment_csvs, *toxicity_csvs]:
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp «{path}».")
        with tempfile.TemporaryDirectory(prefix="lantoa-labels-") as tmp:
            if options["with_corrections"]:
                for task, bucket in (
                    (LabelTask.SENTIMENT, sentiment_csvs),
                    (LabelTask.TOXICITY, toxicity_csvs),
                ):
                    path = Path(tmp) / f"{task}.csv"
                    rows = corrections_export_csv(task=task, path=path)
                    self.stdout.write(f"{rows} nhãn hiệu chỉnh «{task}» từ cán bộ.")
                    if rows:
                        bucket.append(path)
            try:
                folder, models = train_all(
                    version=options["version"],
                    out_root=options["out_dir"],
                    data_root=options["data_dir"],
                    extra_sentiment_csvs=sentiment_csvs,
                    extra_toxicity_csvs=toxicity_csvs,
                    cnn=None if options["linear_only"] else DEFAULT_CNN,
                    toxicity_cnn=None if options["linear_only"] else DEFAULT_TOXICITY_CNN,
                )
            except FileNotFoundError as exc:
                raise CommandError(f"Thiếu dữ liệu huấn luyện: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Đã ghi phiên bản {models.version} vào {folder}"))
