from guanai.people.tests.imports.conftest import ids, run_import  # noqa: F401 - shared fixtures
