"""Extractors that fail on purpose, for the batch tests (run inside worker processes).

A text that contains FAULT:RAISE raises, FAULT:HANG never returns, FAULT:CRASH kills its
own process; any other text is extracted as usual.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from allegiance.batch import extract_one
from allegiance.model import Extraction
from allegiance.read.inputs import Source


def faulty(source: Source, **options: Any) -> Extraction:
    text = source.text or source.html or ""
    if "FAULT:RAISE" in text:
        raise RuntimeError("injected failure")
    if "FAULT:HANG" in text:
        while True:
            time.sleep(1)
    if "FAULT:CRASH" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    return extract_one(source, **options)
