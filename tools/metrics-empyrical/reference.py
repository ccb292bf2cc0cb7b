"""Known answers for packages/core's metric tests, computed by empyrical-reloaded.

Prints JSON: empyrical's value of every metric of ours it has, on the deterministic series the
tests use (packages/core/src/metrics/test-series.ts), with the arguments that match our
conventions (365 periods a year, risk-free 0, required return 0). Where empyrical has no such
metric, the value comes from a numpy or scipy primitive instead, and says so.

    EMPYRICAL_SRC=/tmp/empyrical-reloaded/src /usr/bin/python3 tools/metrics-empyrical/reference.py

`empyrical` is imported from an installed package, or else from the source directory
EMPYRICAL_SRC names (the one holding `empyrical/`, or the repository root holding
`src/empyrical/`). EMPYRICAL_REV, when set, is echoed as the revision used (a source checkout
has no version of its own: setuptools_scm writes it only when the package is built).
"""
import json
import math
import os
import sys
from pathlib import Path

N = 400
PPY = 365
WINDOW = 30
START_DATE = "2024-01-01"


def import_empyrical():
    try:
        import empyrical

        return empyrical
    except ImportError as err:
        installed_error = err
    src = os.environ.get("EMPYRICAL_SRC")
    if not src:
        sys.exit(
            f"empyrical is not importable ({installed_error}) and EMPYRICAL_SRC is not set.\n"
            "Install empyrical-reloaded, or point EMPYRICAL_SRC at its source (see README.md)."
        )
    root = Path(src)
    for candidate in (root, root / "src"):
        if (candidate / "empyrical" / "__init__.py").is_file():
            sys.path.insert(0, str(candidate))
            import empyrical

            return empyrical
    sys.exit(f"EMPYRICAL_SRC={src} holds neither empyrical/ nor src/empyrical/.")


ep = import_empyrical()
import numpy as np  # noqa: E402  (after empyrical's import, which may need the path set up)
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
import scipy.stats  # noqa: E402
from empyrical.utils import down, up  # noqa: E402


def series(n, phase=0.0):
    """testSeries(n, phase) of packages/core/src/metrics/test-series.ts."""
    i = np.arange(n, dtype=np.float64)
    return (
        0.0008
        + 0.021 * np.sin(i * 0.7 + phase)
        + 0.013 * np.cos(i * 1.3 + 0.5 + phase)
        + 0.004 * np.sin(i * 0.05)
    )


def weights(n):
    """testWeights(n) of packages/core/src/metrics/test-series.ts."""
    return 1.0 + np.abs(np.sin(np.arange(n, dtype=np.float64) * 1.7)) * 50


def capture_at(ppy):
    """empyrical's capture() with the annualisation made explicit: capture() only takes a period
    name, and none of them ("daily" is 252) is 365. Its body is this ratio of annual_return."""

    def capture(returns, factor_returns):
        return ep.annual_return(returns, annualization=ppy) / ep.annual_return(
            factor_returns, annualization=ppy
        )

    return capture


def registry_metrics(r, b):
    """Our builtinMetrics() names → empyrical's answer at 365 periods a year."""
    alpha, beta = ep.alpha_beta(r, b, risk_free=0.0, annualization=PPY)
    up_capture = up(r, b, function=capture_at(PPY))
    down_capture = down(r, b, function=capture_at(PPY))
    return {
        "totalReturn": ep.cum_returns_final(r),
        "annualReturn": ep.annual_return(r, annualization=PPY),
        "annualVolatility": ep.annual_volatility(r, annualization=PPY),
        "downsideRisk": ep.downside_risk(r, required_return=0, annualization=PPY),
        "maxDrawdown": ep.max_drawdown(r),
        "valueAtRisk": ep.value_at_risk(r, cutoff=0.05),
        "conditionalValueAtRisk": ep.conditional_value_at_risk(r, cutoff=0.05),
        "tailRatio": ep.tail_ratio(r),
        "sharpeRatio": ep.sharpe_ratio(r, risk_free=0, annualization=PPY),
        "sortinoRatio": ep.sortino_ratio(r, required_return=0, annualization=PPY),
        "calmarRatio": ep.calmar_ratio(r, annualization=PPY),
        "omegaRatio": ep.omega_ratio(r, risk_free=0.0, required_return=0.0, annualization=PPY),
        "stabilityOfTimeseries": ep.stability_of_timeseries(r),
        "alpha": alpha,
        "beta": beta,
        "upCapture": up_capture,
        "downCapture": down_capture,
        # up_down_capture() is up_capture() / down_capture(), which the two lines above are
        "upDownCapture": up_capture / down_capture,
        # empyrical has no tracking error; it is the annual volatility of the active return
        "trackingError": ep.annual_volatility(r - b, annualization=PPY),
    }


def as_is(r, b):
    """empyrical's own functions where they fix an argument ours leaves free."""
    return {
        # capture at the "daily" period (252): upCapture(r, b, 252) etc. should match them
        "upCapture252": ep.up_capture(r, b),
        "downCapture252": ep.down_capture(r, b),
        "upDownCapture252": ep.up_down_capture(r, b),
        # mean(r − b) / std(r − b, ddof 1), per period: our informationRatio at periodsPerYear 1
        "excessSharpe": ep.excess_sharpe(r, b),
    }


def at(values, indices):
    return {str(i): float(values[i]) for i in indices}


def series_metrics(r):
    """Per-period outputs at a few periods: cumulative returns, rolling metrics (empyrical's
    element k is the window ending at period k + WINDOW − 1, keyed here by that period) and
    calendar aggregation of returns dated one a day from START_DATE."""
    ends = [WINDOW - 1, WINDOW, 99, 199, len(r) - 1]
    rolled = {
        "volatility": ep.roll_annual_volatility(r, WINDOW, annualization=PPY),
        "sharpe": ep.roll_sharpe_ratio(r, WINDOW, annualization=PPY),
        "maxDrawdown": ep.roll_max_drawdown(r, WINDOW),
    }
    dated = pd.Series(r, index=pd.date_range(START_DATE, periods=len(r), freq="D"))
    return {
        "cumulativeReturns": at(ep.cum_returns(r), [0, 1, 99, 199, 299, len(r) - 1]),
        "rolling": {
            "window": WINDOW,
            **{k: {str(i): float(v[i - WINDOW + 1]) for i in ends} for k, v in rolled.items()},
        },
        "aggregate": {
            "startDate": START_DATE,
            # grouped by (calendar year, ISO week number), as empyrical does
            "weekly": {
                f"{y}-W{w:02d}": float(v)
                for (y, w), v in ep.aggregate_returns(dated, "weekly").items()
            },
            "monthly": {
                f"{y}-{m:02d}": float(v)
                for (y, m), v in ep.aggregate_returns(dated, "monthly").items()
            },
            "quarterly": {
                f"{y}-Q{q}": float(v)
                for (y, q), v in ep.aggregate_returns(dated, "quarterly").items()
            },
            "yearly": {str(y): float(v) for y, v in ep.aggregate_returns(dated, "yearly").items()},
        },
    }


def not_in_empyrical(r, b, w):
    """Metrics empyrical lacks, from numpy's and scipy's own primitives."""
    p = w / w.sum()
    s = np.sort(p)[::-1]
    return {
        "correlation": float(np.corrcoef(r, b)[0, 1]),
        "diversity": {
            "hhi": float(np.dot(p, p)),
            "effectiveHoldings": float(1 / np.dot(p, p)),
            # scipy.stats.entropy normalises w itself; divided by ln n, the maximum
            "normalizedEntropy": float(scipy.stats.entropy(w) / math.log(len(w))),
            "top1Share": float(s[0]),
            "top5Share": float(s[:5].sum()),
        },
    }


def main():
    r, b, w = series(N), series(N, 1.0), weights(100)
    out = {
        "empyrical": ep.__version__,
        "revision": os.environ.get("EMPYRICAL_REV"),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
        "python": sys.version.split()[0],
        "n": N,
        "periodsPerYear": PPY,
        "registry": {k: float(v) for k, v in registry_metrics(r, b).items()},
        "asIs": {k: float(v) for k, v in as_is(r, b).items()},
        "series": series_metrics(r),
        "notInEmpyrical": not_in_empyrical(r, b, w),
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
