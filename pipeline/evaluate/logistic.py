"""The numbers behind the confidence fit: an L2-regularised logistic regression, folds by article,
out-of-fold scores and a monotone (isotonic) step table, in numpy.
"""
from __future__ import annotations

import zlib

import numpy as np


def fit_logistic(x: np.ndarray, y: np.ndarray, penalty: float, iterations: int = 50) -> np.ndarray:
    """Return [intercept, weights…] (in the features' own units) minimising log-loss + penalty/2·|w|²,
    where w are the weights of the standardised features (so the penalty treats every feature alike)."""
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0  # a constant feature stays 0 after centring and gets no weight
    X = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = np.zeros(X.shape[1])
    reg = np.full(X.shape[1], penalty)
    reg[0] = 1e-6  # the intercept is not shrunk (a tiny ridge keeps the Hessian invertible)
    for _ in range(iterations):  # Newton's method: the loss is convex and smooth
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -40, 40)))
        grad = X.T @ (p - y) + reg * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    raw = w[1:] / sd
    return np.concatenate([[w[0] - raw @ mu], raw])


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the model's probabilities for rows of x."""
    return 1.0 / (1.0 + np.exp(-np.clip(w[0] + x @ w[1:], -40, 40)))


def folds_of(groups: list[str], k: int, salt: str = "") -> np.ndarray:
    """A fold number per sample, the same for every record of one article (stable across runs)."""
    return np.array([zlib.crc32((salt + g).encode()) % k for g in groups])


def cross_validated(x: np.ndarray, y: np.ndarray, groups: list[str], penalty: float, k: int,
                    salt: str = "") -> np.ndarray:
    """Return out-of-fold raw probabilities: each article scored by a regression fitted without it."""
    folds = folds_of(groups, k, salt)
    out = np.zeros(len(y))
    for f in range(k):
        test = folds == f
        if test.any() and (~test).any():
            out[test] = predict(fit_logistic(x[~test], y[~test], penalty), x[test])
    return out


def isotonic(raw: np.ndarray, y: np.ndarray, min_block: int = 1) -> tuple[list[float], list[float]]:
    """Pool adjacent violators: the non-decreasing step function of raw score that best fits y.

    Returns (lower edge of each block, share right of each block); equal scores share a block,
    and no block holds fewer than min_block records (unless all records together do).
    """
    order = np.argsort(raw, kind="stable")
    blocks: list[list[float]] = []  # [lower edge, sum right, count]
    for score, ok in zip(raw[order], y[order]):
        if blocks and score == blocks[-1][0]:
            blocks[-1][1] += ok
            blocks[-1][2] += 1
        else:
            blocks.append([float(score), float(ok), 1.0])
        while len(blocks) > 1 and _share(blocks[-2]) >= _share(blocks[-1]):
            edge, right, n = blocks.pop()
            blocks[-1][1] += right
            blocks[-1][2] += n
    blocks = _merge_small(blocks, min_block)
    return [round(b[0], 6) for b in blocks], [round(_share(b), 4) for b in blocks]


def _merge_small(blocks: list[list[float]], min_block: int) -> list[list[float]]:
    """Merge each block of fewer than min_block records into the neighbour whose share right is
    nearer; merging neighbours of a non-decreasing step keeps it non-decreasing."""
    blocks = [list(b) for b in blocks]
    while len(blocks) > 1:
        small = next((i for i, b in enumerate(blocks) if b[2] < min_block), None)
        if small is None:
            break
        if small == 0:
            low = 0
        elif small == len(blocks) - 1:
            low = small - 1
        else:
            here = _share(blocks[small])
            below, above = here - _share(blocks[small - 1]), _share(blocks[small + 1]) - here
            low = small - 1 if below <= above else small
        _edge, right, n = blocks.pop(low + 1)
        blocks[low][1] += right
        blocks[low][2] += n
    return blocks


def _share(block: list[float]) -> float:
    """A block's share right as the posterior mean under a uniform prior, (right + 1) / (n + 2):
    20 right of 20 says 0.95, not certainty; 0 of 30 says 0.03, not impossibility."""
    return (block[1] + 1) / (block[2] + 2)


def apply_steps(steps: list[float], probs: list[float], raw: np.ndarray) -> np.ndarray:
    """Map raw scores through the step function (as ConfidenceModel.score does; no steps: raw itself)."""
    if not steps:
        return raw
    idx = np.clip(np.searchsorted(np.array(steps), raw, side="right") - 1, 0, len(steps) - 1)
    return np.array(probs)[idx]




def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of labels y under probabilities p."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
