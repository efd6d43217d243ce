"""The language model moved to shared memory classifies exactly as loaded, and a process that
uses it counts only the pages it reads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json
import py3langid
from flows.language_model import share_language_model
from transforms.parse.language import load_model

def shmem_mb():
    for line in open("/proc/self/status"):
        if line.startswith("RssShmem"):
            return int(line.split()[1]) / 1024

texts = json.loads(input())
load_model()
before = [py3langid.classify(t) for t in texts]
shared = share_language_model()
after = [py3langid.classify(t) for t in texts]
ident = py3langid.langid.IDENTIFIER
maps = open("/proc/self/maps").read()
print(json.dumps({
    "shared": shared, "same": before == after, "labels": [l for l, _ in after],
    "views": isinstance(ident.tk_nextmove, memoryview) and not ident.nb_ptc.flags.owndata,
    "memfd": "memfd:py3langid-model" in maps, "read_mb": shmem_mb(),
}))
"""

TEXTS = [
    "Збройні сили України знищили ворожу техніку поблизу міста",
    "The General Staff said on Monday that the losses had risen again",
    "Генштаб сообщил о потерях противника за прошедшие сутки",
    "Der Generalstab meldete am Montag neue Verluste an der Front",
    "Sztab Generalny poinformował w poniedziałek o nowych stratach",
    "",
]


def test_the_shared_model_classifies_as_loaded_and_is_read_in_part():
    if not sys.platform.startswith("linux"):
        pytest.skip("memfd and /proc are Linux's")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(TEXTS),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["shared"] and result["views"] and result["memfd"]
    assert result["same"]  # labels and scores, to the last bit
    assert result["labels"][:5] == ["uk", "en", "ru", "de", "pl"]
    # ~65 MB is shared; a few sentences read a small part of it
    assert 0 < result["read_mb"] < 30
