"""The answer store: atomic saves, recovery from bad files, migration, limits, hostile text."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mystory.core.store import (
    MAX_CHARS,
    SCHEMA,
    AnswerFileProblem,
    AnswerStore,
    AnswerTooLong,
    read_answers,
)


def store(tmp_path: Path) -> AnswerStore:
    return AnswerStore(tmp_path / "welcome.answers.json", module="00-welcome")


def test_save_and_reload(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-name", "Sam")
    again = store(tmp_path)
    assert again.get("welcome-name") == "Sam"
    data = json.loads(s.path.read_text())
    assert data["schema"] == SCHEMA
    assert data["module"] == "00-welcome"
    assert data["saved_at"] and data["answers"]["welcome-name"]["saved_at"]


def test_missing_file_is_an_empty_page(tmp_path: Path) -> None:
    s = store(tmp_path)
    assert s.answers == {} and s.notice is None


def test_previous_version_is_kept(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-name", "first")
    s.save("welcome-name", "second")
    backup = json.loads(s.backup_path.read_text())
    assert backup["answers"]["welcome-name"]["value"] == "first"
    assert read_answers(s.path)["welcome-name"] == "second"


@pytest.mark.parametrize("junk", [b"{not json", b"\xff\xfe\x00", b"[1, 2, 3]", b'"text"',
                                  b'{"schema": 2, "answers": {"a": 5}}', b""])
def test_corrupt_file_is_moved_aside_never_overwritten(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "welcome.answers.json"
    path.write_bytes(junk)
    s = store(tmp_path)
    assert s.answers == {}
    assert s.notice and "could not read" in s.notice
    aside = list(tmp_path.glob("welcome.answers.unreadable-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == junk
    assert aside[0].name in s.notice
    # A second broken file gets its own name: the first one is never overwritten.
    path.write_bytes(junk + b"x")
    store(tmp_path)
    kept = sorted(p.read_bytes() for p in tmp_path.glob("welcome.answers.unreadable-*.json"))
    assert kept == sorted([junk, junk + b"x"])


def test_corrupt_file_recovers_from_backup(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-name", "Sam")
    s.save("welcome-trust", "people-like-me")
    s.path.write_text("{broken")
    again = store(tmp_path)
    assert again.get("welcome-name") == "Sam"  # the backup holds the save before the last
    assert again.notice and "brought back" in again.notice
    assert read_answers(again.path)["welcome-name"] == "Sam"


def test_saving_over_a_corrupt_file_keeps_it(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.path.write_text("garbage")
    s.save("welcome-name", "Sam")
    assert read_answers(s.path) == {"welcome-name": "Sam"}
    assert [p.read_text() for p in tmp_path.glob("*.unreadable-*")] == ["garbage"]


def test_old_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "welcome.answers.json"
    path.write_text(json.dumps({"schema": 1, "answers": {"welcome-name": "Old Sam"}}))
    s = store(tmp_path)
    assert s.get("welcome-name") == "Old Sam"
    data = json.loads(path.read_text())
    assert data["schema"] == SCHEMA
    assert data["answers"]["welcome-name"]["value"] == "Old Sam"
    assert json.loads(s.backup_path.read_text())["schema"] == 1  # the old file is kept


def test_newer_schema_is_not_destroyed(tmp_path: Path) -> None:
    path = tmp_path / "welcome.answers.json"
    path.write_text(json.dumps({"schema": 99, "answers": {}}))
    s = store(tmp_path)
    assert s.notice and "newer version" in s.notice
    assert list(tmp_path.glob("*.unreadable-*"))


def test_size_limit_has_a_kind_message_and_keeps_the_old_answer(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-care-about", "short")
    with pytest.raises(AnswerTooLong) as err:
        s.save("welcome-care-about", "x" * (MAX_CHARS + 1), label="Your answer")
    message = str(err.value)
    assert "5,001 characters" in message and "still in the box" in message
    assert read_answers(s.path)["welcome-care-about"] == "short"
    s.save("welcome-care-about", "x" * MAX_CHARS)  # exactly at the limit is fine


HOSTILE = [
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "مرحبا، أنا أحب حديقتي",  # right-to-left
    "I love my allotment 🍅🌻👩🏽‍🌾",
    "lone surrogate \ud83d here",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_as_data(tmp_path: Path, text: str) -> None:
    s = store(tmp_path)
    s.save("welcome-care-about", text)
    back = read_answers(s.path)["welcome-care-about"]
    expected = text.encode("utf-8", "replace").decode("utf-8")
    assert back == expected


def test_nul_and_invisible_controls_are_left_out_the_rest_kept(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-care-about", "nul\x00in the\x07 middle\tand\nlines")
    assert read_answers(s.path)["welcome-care-about"] == "nulin the middle\tand\nlines"
    assert b"\\u0000" not in s.path.read_bytes()


DEEP = b'{"schema": 2, "answers": {"a": {"value": ' + b"[" * 10_000 + b"]" * 10_000 + b"}}}"


@pytest.mark.parametrize("raw", [DEEP, b'{"schema": 2, "answers": {}, "x": "' + b"a" * (3 << 20)
                                 + b'"}'], ids=["deep", "huge"])
def test_deep_or_huge_file_is_moved_aside_with_a_plain_notice(tmp_path: Path, raw: bytes) -> None:
    """Valid JSON nested 10,000 deep (22 KB) once raised RecursionError; a huge file is
    refused before it is parsed. Both: moved aside, a plain notice, a fresh start."""
    path = tmp_path / "welcome.answers.json"
    path.write_bytes(raw)
    with pytest.raises(AnswerFileProblem):
        read_answers(path)
    s = store(tmp_path)
    assert s.answers == {} and s.notice and "starts fresh" in s.notice
    assert "recursion" not in s.notice.lower()
    [aside] = tmp_path.glob("welcome.answers.unreadable-*.json")
    assert aside.read_bytes() == raw  # nothing thrown away
    s.save("welcome-care-about", "a fresh start")
    assert read_answers(path) == {"welcome-care-about": "a fresh start"}


def test_answers_at_the_usual_depth_still_parse(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.save("welcome-care-about", {"a": [[{"b": ["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]}]]})
    assert read_answers(s.path)["welcome-care-about"]["a"][0][0]["b"][0].startswith("[[[")


def test_stale_temporary_files_are_cleaned_when_the_folder_is_opened(tmp_path: Path) -> None:
    """Kernels killed mid-save leave `.<file>.*.tmp`: old ones of ours go, nothing else does."""
    path = tmp_path / "welcome.answers.json"
    AnswerStore(path).save("welcome-care-about", "kept")
    old = time.time() - 3600
    orphans = [tmp_path / ".welcome.answers.json.abc123.tmp",
               tmp_path / ".welcome.answers.json.bak.def456.tmp"]
    fresh = tmp_path / ".welcome.answers.json.new789.tmp"  # maybe being written right now
    other = tmp_path / ".story.answers.json.xyz.tmp"  # another module's: its store's business
    mine = tmp_path / "notes.tmp"  # not the store's at all
    for file in (*orphans, fresh, other, mine):
        file.write_bytes(b"{half a save")
    for file in (*orphans, other, mine):
        os.utime(file, (old, old))
    s = store(tmp_path)
    assert s.answers == {"welcome-care-about": "kept"} and s.notice is None
    assert not any(p.exists() for p in orphans)
    assert fresh.exists() and other.exists() and mine.exists()


def test_huge_text_is_refused_not_truncated(tmp_path: Path) -> None:
    s = store(tmp_path)
    with pytest.raises(AnswerTooLong):
        s.save("welcome-care-about", "a" * 1_000_000)
    assert not s.path.exists()


def test_strict_reader_never_moves_files(tmp_path: Path) -> None:
    path = tmp_path / "welcome.answers.json"
    path.write_text("print('hello')")
    with pytest.raises(AnswerFileProblem):
        read_answers(path)
    assert path.read_text() == "print('hello')"


WRITER = textwrap.dedent("""
    import sys
    from mystory.core.store import AnswerStore
    path, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = AnswerStore(path, module="00-welcome")
    for i in range(count):
        s.save(f"{key}-{i}", f"{key} answer {i}")
        if count < 0:
            break
    print("done", flush=True)
""")

FLIPPER = textwrap.dedent("""
    import sys
    from mystory.core.store import AnswerStore
    s = AnswerStore(sys.argv[1], module="00-welcome")
    big = int(sys.argv[2])
    print("ready", flush=True)
    n = 0
    while True:
        s.save("welcome-care-about", ("AB"[n % 2]) * big)
        n += 1
""")


def test_killed_mid_write_leaves_old_or_new_file(tmp_path: Path) -> None:
    """A process saving answers (as a kernel does) is killed with SIGKILL, 40 times."""
    path = tmp_path / "welcome.answers.json"
    big = 4000
    AnswerStore(path).save("welcome-care-about", "A" * big)
    rng = random.Random(1234)
    for _ in range(40):
        proc = subprocess.Popen([sys.executable, "-c", FLIPPER, str(path), str(big)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        value = read_answers(path)["welcome-care-about"]
        assert value in ("A" * big, "B" * big)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # A temporary file may be left by the kill; it is never the answer file itself.
    assert all(name.startswith(".welcome.answers.json.") for name in leftovers)


def test_two_kernels_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "welcome.answers.json"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), key, "60"],
                              stdout=subprocess.PIPE, text=True) for key in ("left", "right")]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "done" in out
    saved = read_answers(path)
    assert len(saved) == 120
    assert saved["left-59"] == "left answer 59" and saved["right-0"] == "right answer 0"


def test_store_notices_speak_welsh(tmp_path: Path) -> None:
    """What the store tells a learner (a damaged file, an answer too long) follows the language."""
    from mystory.core.language import ENGLISH, use_language

    use_language("cy")
    try:
        (tmp_path / "welcome.answers.json").write_bytes(b"{broken")
        s = store(tmp_path)
        assert s.notice and s.notice.startswith("Doedden ni ddim yn gallu darllen")
        with pytest.raises(AnswerTooLong, match="nod o hyd"):
            s.save("welcome-name", "x" * (MAX_CHARS + 1))
    finally:
        use_language(ENGLISH)
