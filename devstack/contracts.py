"""An import-linter contract: apps use each other only through their public surface.

Every pair of apps is checked: a module of app A may import from app B only
B's public modules (by default `public`, `selectors`, `services` and
`choices`, with their submodules, plus any listed in `extra_public`), never
its models, tasks, views, admin screens, API routers or other internals. The
layers contract says which way imports may point; this one says through which
door. Project modules outside the apps (`lantoa.api`, `lantoa.urls`,
`lantoa.settings`) mount the apps and may import what they mount; tests
(`<app>.tests`) build other apps' rows with those apps' factories.

Configured in pyproject.toml (`[tool.importlinter]`); `make check` runs it.
"""

from dataclasses import dataclass
from typing import cast

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils


@dataclass(frozen=True)
class IllegalImport:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


def app_of(module: str, apps: list[str]) -> str | None:
    """The app `module` belongs to; None outside the apps and in tests."""
    if ".tests." in f"{module}.":
        return None
    for app in apps:
        if module == app or module.startswith(app + "."):
            return app
    return None


def is_public(module: str, app: str, public: list[str], extra: list[str]) -> bool:
    """True when `module` of `app` is one of the app's public modules (or inside one)."""
    if module == app:  # the package itself: its __init__ holds no code in our apps
        return True
    doors = [f"{app}.{name}" for name in public] + [e for e in extra if e.startswith(app + ".")]
    return any(module == door or module.startswith(door + ".") for door in doors)


class PublicSurfaceContract(Contract):
    """Configuration options:

    - apps: the apps' packages (lantoa.org, lantoa.channels, ...).
    - public_modules: names of the modules every app offers (public, selectors, ...).
    - extra_public: further public modules, by full name (lantoa.org.scoping).
    - ignore_imports: imports to let through (optional).
    """

    type_name = "public_surface"

    apps = fields.ListField(subfield=fields.StringField())
    public_modules = fields.ListField(subfield=fields.StringField())
    extra_public = fields.ListField(subfield=fields.StringField(), required=False)
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(
        contract_utils.AlertLevel, default=contract_utils.AlertLevel.ERROR
    )

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        # The fields hold the parsed options once the contract is built.
        apps = cast(list[str], self.apps)
        public = cast(list[str], self.public_modules)
        extra = cast(list[str], self.extra_public or [])
        illegal: list[IllegalImport] = []
        for importer in sorted(graph.modules):
            own = app_of(importer, apps)
            if own is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                other = app_of(imported, apps)
                if other is None or other == own or is_public(imported, other, public, extra):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                illegal.append(
                    IllegalImport(importer, imported, tuple(d["line_number"] for d in details))
                )
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"illegal": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error(
            "Imports of another app's internals (use its public, selectors, services "
            "or choices modules):",
            bold=False,
        )
        output.new_line()
        for item in check.metadata["illegal"]:
            lines = ", ".join(map(str, item.line_numbers))
            output.print_error(f"- {item.importer} -> {item.imported} (l.{lines})", bold=False)
        output.new_line()
