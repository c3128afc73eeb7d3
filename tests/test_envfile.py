from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hftray.core.envfile import EnvFile, EnvFileError

SAMPLE = (
    "# CoderClaw secrets\n"
    "\n"
    "OPENAI_API_KEY=sk-1\n"
    "export HF_TOKEN=hf_old\n"
    "  SPACED = 'quoted value'  # comment\n"
    "LAST=x"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reads_plain_export_and_quoted_values(tmp_path: Path):
    env = EnvFile.load(write(tmp_path / ".env", SAMPLE))
    assert env.get("OPENAI_API_KEY") == "sk-1"
    assert env.get("HF_TOKEN") == "hf_old"
    assert env.get("SPACED") == "quoted value"
    assert env.get("LAST") == "x"
    assert env.get("MISSING") is None


def test_reading_strips_double_quotes_and_inline_comments(tmp_path: Path):
    env = EnvFile.load(write(tmp_path / ".env", 'A="v#1"\nB=plain # note\n#C=hidden\n'))
    assert env.get("A") == "v#1"
    assert env.get("B") == "plain"
    assert env.get("C") is None


def test_last_definition_wins_on_read(tmp_path: Path):
    env = EnvFile.load(write(tmp_path / ".env", "A=1\nA=2\n"))
    assert env.get("A") == "2"
    assert env.as_dict() == {"A": "2"}


def test_set_replaces_in_place_keeping_export_and_every_other_byte(tmp_path: Path):
    path = write(tmp_path / ".env", SAMPLE)
    env = EnvFile.load(path)
    env.set("HF_TOKEN", "hf_new")
    env.save()
    assert path.read_text() == SAMPLE.replace("export HF_TOKEN=hf_old", "export HF_TOKEN=hf_new")


def test_set_appends_plain_line_after_a_file_without_final_newline(tmp_path: Path):
    path = write(tmp_path / ".env", "A=1")
    env = EnvFile.load(path)
    env.set("HF_TOKEN", "hf_abc")
    env.save()
    assert path.read_text() == "A=1\nHF_TOKEN=hf_abc\n"


def test_set_keeps_crlf_line_endings(tmp_path: Path):
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\r\nHF_TOKEN=old\r\n")
    env = EnvFile.load(path)
    env.set("HF_TOKEN", "new")
    env.set("B", "2")
    env.save()
    assert path.read_bytes() == b"A=1\r\nHF_TOKEN=new\r\nB=2\r\n"


def test_set_collapses_duplicate_definitions(tmp_path: Path):
    path = write(tmp_path / ".env", "K=1\n# keep\nK=2\n")
    env = EnvFile.load(path)
    env.set("K", "3")
    env.save()
    assert path.read_text() == "K=3\n# keep\n"


def test_remove_deletes_only_that_key(tmp_path: Path):
    path = write(tmp_path / ".env", SAMPLE)
    env = EnvFile.load(path)
    assert env.remove("HF_TOKEN") is True
    assert env.remove("NOPE") is False
    env.save()
    assert path.read_text() == SAMPLE.replace("export HF_TOKEN=hf_old\n", "")


def test_missing_file_is_created_private_on_save(tmp_path: Path):
    path = tmp_path / "state" / ".env"
    env = EnvFile.load(path)
    assert env.exists is False
    assert env.text == ""
    env.set("HF_TOKEN", "hf_abc")
    env.save()
    assert path.read_text() == "HF_TOKEN=hf_abc\n"
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_save_tightens_an_existing_world_readable_file(tmp_path: Path):
    path = write(tmp_path / ".env", "A=1\n")
    path.chmod(0o644)
    env = EnvFile.load(path)
    env.set("A", "2")
    env.save()
    assert mode(path) == 0o600


def test_unchanged_file_is_not_rewritten(tmp_path: Path):
    path = write(tmp_path / ".env", "A=1\n")
    before = path.stat().st_ino
    env = EnvFile.load(path)
    env.set("A", "1")
    env.save()
    assert path.stat().st_ino == before


def test_non_utf8_bytes_survive_a_rewrite(tmp_path: Path):
    path = tmp_path / ".env"
    path.write_bytes(b"# caf\xe9 latin-1 comment\nA=1\n")
    env = EnvFile.load(path)
    env.set("A", "2")
    env.save()
    assert path.read_bytes() == b"# caf\xe9 latin-1 comment\nA=2\n"


@pytest.mark.parametrize("value", ["hf_a\nEVIL=1", "hf_a\r", " padded", "'quoted'", "a #b"])
def test_values_that_cannot_be_written_plainly_are_refused_without_echoing(
    tmp_path: Path, value: str
):
    env = EnvFile.load(tmp_path / ".env")
    with pytest.raises(EnvFileError) as raised:
        env.set("HF_TOKEN", value)
    assert value.strip() not in str(raised.value)
    assert env.text == ""


def test_invalid_key_is_refused(tmp_path: Path):
    with pytest.raises(EnvFileError):
        EnvFile.load(tmp_path / ".env").set("BAD KEY", "x")


def test_unreadable_file_raises_a_readable_error(tmp_path: Path):
    (tmp_path / ".env").mkdir()  # a folder where the file should be
    with pytest.raises(EnvFileError, match="cannot read"):
        EnvFile.load(tmp_path / ".env")
