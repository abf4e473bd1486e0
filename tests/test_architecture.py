"""Imports point one way (GUIDE 3.2): model at the bottom; ingest and scoring on it; checks above them; the
command line on top. Every module's imports are read from its source (ast), lazy imports included."""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "jixiao"

# Layer → the layers its modules may import (their own always allowed). A new package must be given
# a place here before it can ship: the test below fails for a layer it does not know.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "settings": frozenset(),
    "i18n": frozenset(),
    "model": frozenset({"settings"}),
    "layouts": frozenset({"model", "settings"}),
    "ingest": frozenset({"model", "layouts", "settings"}),
    "scoring": frozenset({"model", "layouts", "settings"}),
    "checks": frozenset({"model", "layouts", "ingest", "scoring", "settings"}),
    "export": frozenset({"model", "layouts", "ingest", "scoring", "checks", "settings", "i18n"}),
    "store": frozenset({"model", "layouts", "ingest", "scoring", "checks", "settings"}),
    "batch": frozenset({"model", "layouts", "ingest", "scoring", "checks", "export", "store", "settings", "i18n"}),
    "jixiao": frozenset({"model", "layouts", "ingest", "scoring", "checks", "export", "settings"}),  # the public API
    "web": frozenset({"jixiao", "model", "layouts", "ingest", "scoring", "checks", "export", "store", "batch",
                      "settings", "i18n"}),
    "cli": frozenset({"jixiao", "model", "layouts", "ingest", "scoring", "checks", "export", "store", "batch",
                      "settings", "i18n"}),
    "__main__": frozenset({"cli"}),
    "synth": frozenset({"model", "layouts", "ingest", "settings"}),
}


def module_name(path: Path) -> str:
    parts = ["jixiao", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """``jixiao.ingest.readers.text`` → ``ingest``; the package itself → ``jixiao``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "jixiao"


def is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


@cache
def imports_of(path: Path) -> tuple[tuple[str, int], ...]:
    """(imported jixiao module, line) for every import in the file, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.split(".")[0] == "jixiao"]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "jixiao":
                continue
            for alias in node.names:  # ``from jixiao import settings`` imports the module jixiao.settings
                target = f"{base}.{alias.name}"
                found.append((target if is_module(target) else base, node.lineno))
    return tuple(found)


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_there() -> None:
    names = {module_name(path) for path in MODULES}
    assert {"jixiao", "jixiao.model.parse", "jixiao.ingest.loader", "jixiao.scoring.engine",
            "jixiao.checks.runner"} <= names


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_imports_point_down(path: Path) -> None:
    own = layer(module_name(path))
    assert own in MAY_IMPORT, f"{module_name(path)}: layer {own!r} has no place in MAY_IMPORT"
    wrong = [f"line {line}: {target}" for target, line in imports_of(path)
             if layer(target) != own and layer(target) not in MAY_IMPORT[own]]
    assert not wrong, f"{module_name(path)} ({own}) imports above or beside its layer: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=[module_name(p) for p in MODULES])
def test_only_main_imports_the_command_line(path: Path) -> None:
    own = layer(module_name(path))
    if own in ("cli", "__main__"):
        return
    assert not [t for t, _ in imports_of(path) if layer(t) == "cli"], f"{module_name(path)} imports jixiao.cli"


# What a reader may use of jixiao: the grid it builds, the error it raises, the guards against hostile
# files and the limits in settings. Nothing of the model, so no domain word can reach a reader.
# Readers may share code with each other and with format detection, which is no domain either.
READER_IMPORTS = frozenset({"jixiao.ingest.grid", "jixiao.ingest.safety", "jixiao.ingest.detect",
                            "jixiao.settings", "jixiao"})


def test_readers_know_no_domain_and_layouts_no_file_format() -> None:
    """GUIDE 4.4: a reader turns bytes into grids; a layout turns grids into forms."""
    for path in (PACKAGE / "ingest" / "readers").glob("*.py"):
        for target, line in imports_of(path):
            allowed = target in READER_IMPORTS or target.startswith("jixiao.ingest.readers.")
            assert allowed, f"{module_name(path)} line {line} imports {target}"
    for path in (PACKAGE / "ingest" / "layouts").rglob("*.py"):
        for target, line in imports_of(path):
            assert not target.startswith(("jixiao.ingest.readers", "jixiao.ingest.loader")), (
                f"{module_name(path)} line {line} imports {target}")


def test_the_walk_sees_relative_lazy_and_package_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "jixiao"
    for folder in ("model", "checks", "cli"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "settings.py").write_text("")
    (root / "checks" / "runner.py").write_text("")
    bad = root / "model" / "bad.py"
    bad.write_text("from .. import settings\nfrom ..checks import runner\n\n"
                   "def later():\n    import jixiao.cli\n    from jixiao import checks\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", root)
    assert module_name(bad) == "jixiao.model.bad"
    assert [target for target, _ in imports_of(bad)] == [
        "jixiao.settings", "jixiao.checks.runner", "jixiao.cli", "jixiao.checks"]
    with pytest.raises(AssertionError, match=r"line 2: jixiao.checks.runner.*line 5: jixiao.cli"):
        test_imports_point_down(bad)
    with pytest.raises(AssertionError, match=r"imports jixiao\.cli"):
        test_only_main_imports_the_command_line(bad)


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_in_the_package_reads_the_shared_folder(path: Path) -> None:
    """The project stands on its own: ../shared (the guide and samples) is not part of it."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    for needle in ("../shared", "/work/shared", "shared/samples", "shared/GUIDE", "000_3b13b2285587347d"):
        assert needle not in text, f"{path} mentions {needle}"
