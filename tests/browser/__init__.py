"""End-to-end tests: a real `streamlit run` server driven by Playwright in Debian's Chromium.

A package (this file) so that `tests/browser/conftest.py` does not shadow `tests/conftest.py`
as the module `conftest`, and so the test files can share `harness` by relative import.
"""
