"""Settings of the server ``python -m bench.load`` starts: the settings it was run with (named by
``BENCH_BASE_SETTINGS``), with the benchmark's URLs, which add the reference page to the app's."""

import importlib
import os

globals().update(
    (name, value)
    for name, value in vars(importlib.import_module(os.environ["BENCH_BASE_SETTINGS"])).items()
    if name.isupper()
)

ROOT_URLCONF = "bench.urls"
