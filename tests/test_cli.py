"""The command line: --version, help for every option, recon status, recon explain (the kinds of
id are in test_explain.py), errors that name the file or option at fault."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from flows.cli import build_parser, main


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _parsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"recon": parser, **action.choices}


def test_version_names_the_package_version(capsys) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith(f"recon {version('dl-history-recon')}")


@pytest.mark.parametrize("command", sorted(_parsers()))
def test_every_option_and_argument_has_help_text_without_markup(command: str) -> None:
    parser = _parsers()[command]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help and action.help != argparse.SUPPRESS, f"{command}: {action.dest} has no help"
    text = parser.format_help()
    assert "``" not in text and ":func:" not in text and ":mod:" not in text


def test_status_prints_the_last_publish_in_two_lines(capsys, seed_published: Path) -> None:
    code, out, _ = _run(capsys, "status", "--curated", str(seed_published))
    manifest = json.loads((seed_published / "_manifest.json").read_text())
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(f"{seed_published}: run {manifest['run_id']}, published ")
    assert lines[0].endswith("validation passed")
    counts = manifest["row_counts"]
    assert f"{counts['claims']} claims, {counts['contradictions']} contradictions (" in lines[1]
    code, out, _ = _run(capsys, "status", "--curated", str(seed_published), "--json")
    assert json.loads(out)["run_id"] == manifest["run_id"]


@pytest.mark.parametrize("command", ["status", "explain"])
def test_without_a_published_run_the_error_names_the_file_and_the_option(capsys, tmp_path, command) -> None:
    argv = [command, *(["alexnet"] if command == "explain" else []), "--curated", str(tmp_path)]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith(f"recon {command}: no published run at {tmp_path}")
    assert str(tmp_path / "_manifest.json") in err and "--curated" in err


def test_explain_as_json(capsys, seed_published: Path) -> None:
    code, out, _ = _run(capsys, "explain", "alexnet", "--curated", str(seed_published), "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "entity" and data["id"] == "alexnet"
    assert any(s["heading"].startswith("links that formed it") for s in data["sections"])


def test_an_unknown_id_is_refused_with_suggestions(capsys, seed_published: Path) -> None:
    code, out, err = _run(capsys, "explain", "AlexNett", "--curated", str(seed_published))
    assert code == 2 and out == ""
    assert "no contradiction, claim, mention or entity has the id 'AlexNett'; did you mean: AlexNet" in err


def test_explain_prints_the_explanation_with_the_value_marked(capsys, seed_published: Path) -> None:
    code, out, _ = _run(capsys, "explain", "ctr-231f7f8f8b24", "--curated", str(seed_published))
    assert code == 0 and out.startswith("contradiction ctr-231f7f8f8b24: AlexNet · error_rate")
    assert "[[15.3%]]" in out  # not a terminal: brackets, not reverse video
