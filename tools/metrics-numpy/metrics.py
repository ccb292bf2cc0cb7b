"""The metric suite in numpy, for `pnpm bench` to time beside ours.

`--bench` times the whole suite (the definitions of packages/core/src/metrics, written in numpy)
over 10 years of daily data plus 100 weights. It is a speed yardstick only: the tests' known
answers come from a peer library, empyrical-reloaded (tools/metrics-empyrical), not from here.
"""
import json
import math
import sys
import time

import numpy as np


def series(n, phase=0.0):
    i = np.arange(n, dtype=np.float64)
    return 0.0008 + 0.021 * np.sin(i * 0.7 + phase) + 0.013 * np.cos(i * 1.3 + 0.5 + phase) + 0.004 * np.sin(i * 0.05)


def total_return(r):
    return np.prod(1 + r) - 1


def annual_return(r, ppy=365):
    return (1 + total_return(r)) ** (ppy / len(r)) - 1


def annual_volatility(r, ppy=365):
    return np.std(r, ddof=1) * math.sqrt(ppy)


def downside_risk(r, req=0.0, ppy=365):
    d = np.clip(r - req, -np.inf, 0)
    return math.sqrt(np.mean(d * d)) * math.sqrt(ppy)


def max_drawdown(r):
    wealth = np.concatenate(([1.0], np.cumprod(1 + r)))
    peak = np.maximum.accumulate(wealth)
    return np.min(wealth / peak - 1)


def value_at_risk(r, cutoff=0.05):
    return np.percentile(r, 100 * cutoff)


def cvar(r, cutoff=0.05):
    k = int((len(r) - 1) * cutoff)
    return np.mean(np.partition(r, k)[: k + 1])


def tail_ratio(r):
    return abs(np.percentile(r, 95)) / abs(np.percentile(r, 5))


def sharpe(r, rf=0.0, ppy=365):
    a = r - rf
    return np.mean(a) / np.std(a, ddof=1) * math.sqrt(ppy)


def sortino(r, req=0.0, ppy=365):
    return np.mean(r - req) * ppy / downside_risk(r, req, ppy)


def calmar(r, ppy=365):
    return annual_return(r, ppy) / abs(max_drawdown(r))


def omega(r, rf=0.0, req=0.0, ppy=365):
    th = (1 + req) ** (1 / ppy) - 1
    d = r - rf - th
    return np.sum(d[d > 0]) / -np.sum(d[d < 0])


def stability(r):
    y = np.cumsum(np.log1p(r))
    x = np.arange(len(r), dtype=np.float64)
    c = np.corrcoef(x, y)[0, 1]
    return c * c


def alpha_beta(r, b, rf=0.0, ppy=365):
    ra, ba = r - rf, b - rf
    beta = np.cov(ra, ba, ddof=0)[0, 1] / np.var(ba)
    alpha = (1 + np.mean(ra - beta * ba)) ** ppy - 1
    return alpha, beta


def capture(r, b, mask, ppy=365):
    return annual_return(r[mask], ppy) / annual_return(b[mask], ppy)


def tracking_error(r, b, ppy=365):
    return np.std(r - b, ddof=1) * math.sqrt(ppy)


def information_ratio(r, b, ppy=365):
    a = r - b
    return np.mean(a) / np.std(a, ddof=1) * math.sqrt(ppy)


def correlation(r, b):
    return np.corrcoef(r, b)[0, 1]


def diversity(w):
    w = w[w > 0] / np.sum(w)
    hhi = np.sum(w * w)
    ent = -np.sum(w * np.log(w)) / math.log(len(w))
    s = np.sort(w)[::-1]
    return hhi, 1 / hhi, ent, s[0], np.sum(s[:5])


def suite(r, b, w):
    up, down = b > 0, b < 0
    a, be = alpha_beta(r, b)
    uc, dc = capture(r, b, up), capture(r, b, down)
    return {
        "totalReturn": total_return(r),
        "annualReturn": annual_return(r),
        "annualVolatility": annual_volatility(r),
        "downsideRisk": downside_risk(r),
        "maxDrawdown": max_drawdown(r),
        "valueAtRisk": value_at_risk(r),
        "conditionalValueAtRisk": cvar(r),
        "tailRatio": tail_ratio(r),
        "sharpeRatio": sharpe(r),
        "sortinoRatio": sortino(r),
        "calmarRatio": calmar(r),
        "omegaRatio": omega(r),
        "stabilityOfTimeseries": stability(r),
        "alpha": a,
        "beta": be,
        "upCapture": uc,
        "downCapture": dc,
        "upDownCapture": uc / dc,
        "trackingError": tracking_error(r, b),
        "informationRatio": information_ratio(r, b),
        "correlation": correlation(r, b),
        "diversity": diversity(w),
    }


def weights(n):
    return 1.0 + np.abs(np.sin(np.arange(n, dtype=np.float64) * 1.7)) * 50


if __name__ == "__main__":
    if sys.argv[1:] != ["--bench"]:
        sys.exit("usage: metrics.py --bench")
    r, b, w = series(3650), series(3650, 1.0), weights(100)
    for _ in range(50):
        suite(r, b, w)
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        reps = 200
        for _ in range(reps):
            suite(r, b, w)
        runs.append((time.perf_counter() - t0) / reps * 1000)
    runs.sort()
    print(json.dumps({"medianMs": runs[len(runs) // 2], "minMs": runs[0], "numpy": np.__version__}))
