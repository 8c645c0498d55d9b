# Installed by .ci/contract.sh into a Python 3.11 venv (a .pth file imports it at start-up).
# CPython 3.11's ast.parse can fail with "SystemError: AST constructor recursion depth mismatch"
# (fixed in 3.12) when hypothesis describes a filter lambda deep inside schemathesis's coverage phase;
# the description is only cosmetic, so fall back to a plain one instead of aborting the operation.
import sys

if sys.version_info[:2] == (3, 11):
    try:
        from hypothesis.internal import lambda_sources as _ls

        _original = _ls.lambda_description

        def _safe_lambda_description(f):
            try:
                return _original(f)
            except SystemError:
                return "lambda: <source unavailable>"

        _ls.lambda_description = _safe_lambda_description
    except Exception:  # hypothesis missing or changed: leave it alone
        pass
