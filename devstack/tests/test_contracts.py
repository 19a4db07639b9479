"""The public-surface import contract, on a small import graph."""

from grimp import ImportGraph

from devstack.contracts import PublicSurfaceContract

APPS = ["lantoa.org", "lantoa.channels", "lantoa.campaigns"]


def _contract(**options):
    return PublicSurfaceContract(
        name="surface",
        session_options={"root_packages": ["lantoa"]},
        contract_options={
            "apps": APPS,
            "public_modules": ["public", "selectors", "services", "choices"],
            "extra_public": ["lantoa.org.scoping"],
            **options,
        },
    )


def _graph(*imports):
    graph = ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=3, line_contents="")
    return graph


def _illegal(check):
    return [(i.importer, i.imported) for i in check.metadata["illegal"]]


def test_imports_through_the_public_surface_keep_the_contract():
    graph = _graph(
        ("lantoa.campaigns.selectors", "lantoa.channels.selectors"),
        ("lantoa.campaigns.services.adoption", "lantoa.channels.services.autopost"),
        ("lantoa.campaigns.models", "lantoa.org.public"),
        ("lantoa.campaigns.forms", "lantoa.org.scoping"),
        ("lantoa.campaigns.selectors", "lantoa.campaigns.models"),  # its own internals
        ("lantoa.api", "lantoa.channels.api.router"),  # the project mounts the apps
        ("lantoa.campaigns.tests.test_x", "lantoa.channels.models"),  # tests build rows
    )

    check = _contract().check(graph, verbose=False)

    assert check.kept is True


def test_another_apps_models_tasks_or_admin_break_it():
    graph = _graph(
        ("lantoa.campaigns.selectors", "lantoa.channels.models"),
        ("lantoa.campaigns.services.adoption", "lantoa.channels.tasks"),
        ("lantoa.channels.viewsets.common", "lantoa.org.viewsets.common"),
    )

    check = _contract().check(graph, verbose=False)

    assert check.kept is False
    assert _illegal(check) == [
        ("lantoa.campaigns.selectors", "lantoa.channels.models"),
        ("lantoa.campaigns.services.adoption", "lantoa.channels.tasks"),
        ("lantoa.channels.viewsets.common", "lantoa.org.viewsets.common"),
    ]


def test_a_listed_import_is_let_through():
    graph = _graph(("lantoa.campaigns.selectors", "lantoa.channels.models"))

    check = _contract(
        ignore_imports=["lantoa.campaigns.selectors -> lantoa.channels.models"]
    ).check(graph, verbose=False)

    assert (check.kept, check.ignored_import_count) == (True, 1)
