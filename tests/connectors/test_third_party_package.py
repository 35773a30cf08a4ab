"""A third-party connector package runs skiptrace's shipped contract suite in its own tests.

The package is made in a temp folder as its author would write it (a pyproject with an
entry point in ``skiptrace.connectors``, a connector module that imports only
``skiptrace.connector_api``, a test subclassing ``skiptrace.testing.ConnectorContract``),
installed by pip (no dependencies, no network) and tested by pytest in a child process,
where the ``loopback_http`` fixture comes from skiptrace's installed pytest plugin.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "acme-people"
version = "1.0"
dependencies = ["skiptrace"]

[project.entry-points."skiptrace.connectors"]
acme_people = "acme_people:AcmePeople"

[tool.setuptools]
py-modules = ["acme_people"]
"""

CONNECTOR = '''\
"""Acme's people search: GET {base_url}/people?last=... with a bearer token."""

import requests

from skiptrace import connector_api as api


class AcmePeople:
    manifest = api.Manifest(
        id="acme_people",
        display_name="Acme people search",
        needs=(api.QueryField.NAME,),
        returns=(api.LeadKind.ADDRESS,),
        credentials=("token",),
        network=True,
        defaults={"base_url": "https://api.acme.example", "timeout": "5"},
    )

    def search(self, query: api.Query, context: api.Context) -> api.Outcome:
        TOKEN_LINE
        url = context.setting("base_url") + "/people"
        params, headers = {"last": query.last_name}, {"Authorization": f"Bearer {token}"}
        FETCH_LINE
        people = api.dig(data, "people", list)
        return api.found(
            self.manifest.id,
            [
                api.person_candidate(
                    self.manifest.id,
                    api.dig(p, "id", str, where=f"people[{i}]"),
                    p,
                    addresses=p.get("addresses", []),
                )
                for i, p in enumerate(people)
            ],
        )
'''

# a careful connector asks for its key (auth_failed when absent) and uses the shared HTTP
CAREFUL = {
    "TOKEN_LINE": 'token = context.secret("token")',
    "FETCH_LINE": "data = api.get_json(context, url, params=params, headers=headers)",
}
# ... a leaky one sends its request anyway, a wayward one follows redirects anywhere
LEAKY = {**CAREFUL, "TOKEN_LINE": 'token = context.credentials.get("token") or ""'}
WAYWARD = {
    **CAREFUL,
    "FETCH_LINE": "data = requests.get(url, params=params, headers=headers, timeout=5).json()",
}


def connector_source(lines: dict[str, str]) -> str:
    """The connector module with its variable lines filled in."""
    source = CONNECTOR
    for mark, line in lines.items():
        source = source.replace(mark, line)
    return source


TEST = """\
from acme_people import AcmePeople

from skiptrace.testing import ConnectorContract


class TestAcmePeople(ConnectorContract):
    connector = AcmePeople
    registered_as = "acme_people"

    def arrange_hit(self, server):
        server.expect_request("/people", query_string={"last": "Kowalski"}).respond_with_json(
            {
                "people": [
                    {
                        "id": "P1",
                        "first_name": "Robert",
                        "last_name": "Kowalski",
                        "addresses": [
                            {"line1": "1 Main St", "city": "Columbus", "zip": "43215"}
                        ],
                    }
                ]
            }
        )
"""

CONTRACT_TESTS = [
    "test_manifest_is_complete",
    "test_loads_through_a_registry",
    "test_registered_as_an_entry_point",
    "test_a_hit_gives_candidates_from_this_source",
    "test_missing_credential_fails_before_any_request",
    "test_a_redirect_to_another_host_is_not_followed",
    "test_a_cancelled_search_ends_at_once",
    "test_query_repr_hides_pii",
]


def make_package(root: Path, lines: dict[str, str]) -> Path:
    """The connector package as its author would lay it out."""
    (root / "tests").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "acme_people.py").write_text(connector_source(lines))
    (root / "tests" / "test_acme_people.py").write_text(TEST)
    return root


def install(package: Path, target: Path) -> None:
    """pip-install the package into ``target``: its metadata and entry points, no deps."""
    args = ["install", "--quiet", "--no-deps", "--disable-pip-version-check"]
    if importlib.util.find_spec("setuptools") is not None:
        args.append("--no-build-isolation")  # setuptools (a test extra) builds it offline
    subprocess.run(
        [sys.executable, "-m", "pip", *args, "--target", str(target), str(package)],
        check=True,
        capture_output=True,
        timeout=120,
    )


NO_QT = ["-p", "no:pytest-qt"]


def run_its_tests(package: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """pytest over the package's own tests, as its CI would run them."""
    env = dict(os.environ, PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        # -P: the package's source folder is not on the path, only what pip installed;
        # no pytest-qt: a connector's CI has no Qt
        [sys.executable, "-P", "-m", "pytest", "-v", "-p", "no:cacheprovider", *NO_QT, "tests"],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The package and the folder pip installed it into (built once: a build takes seconds)."""
    root = tmp_path_factory.mktemp("third-party")
    package = make_package(root / "acme-people", CAREFUL)
    install(package, root / "site")
    return package, root / "site"


@pytest.mark.slow
def test_a_third_party_package_runs_the_shipped_contract_and_passes(installed):
    package, site = installed
    run = run_its_tests(package, site)
    assert run.returncode == 0, run.stdout + run.stderr
    for name in CONTRACT_TESTS:
        assert f"TestAcmePeople::{name} PASSED" in run.stdout, name
    assert f"{len(CONTRACT_TESTS)} passed" in run.stdout


BROKEN_RULES = {
    # the same installed package whose connector now sends its request without the key
    "sends without its key": (
        LEAKY,
        "test_missing_credential_fails_before_any_request",
        "assert <Status.OK: 'ok'> is <Status.AUTH_FAILED: 'auth_failed'>",
    ),
    # ... or asks requests itself, which follows a redirect to any host
    "follows a redirect elsewhere": (
        WAYWARD,
        "test_a_redirect_to_another_host_is_not_followed",
        "the query and its key never reach another host",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("rule", list(BROKEN_RULES))
def test_the_shipped_contract_fails_a_connector_that_breaks_a_rule(installed, tmp_path, rule):
    lines, failing, why = BROKEN_RULES[rule]
    package, site = installed
    broken_site = shutil.copytree(
        site, tmp_path / "site", ignore=shutil.ignore_patterns("__pycache__")
    )
    (broken_site / "acme_people.py").write_text(connector_source(lines))
    run = run_its_tests(package, broken_site)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"TestAcmePeople::{failing} FAILED" in run.stdout
    # the author sees why, in pytest's own words (the shipped module's asserts are rewritten)
    assert why in run.stdout
    assert f"1 failed, {len(CONTRACT_TESTS) - 1} passed" in run.stdout
