"""Independent reference for the matching ATT's standard error adjusted for the estimated
propensity score (Abadie & Imbens 2016), written separately from reval's Swift code: plain numpy,
brute-force O(n^2) neighbour search, logit by Newton's method. A checking tool, never a runtime
dependency of reval.

    python3 make-ai2016-fixtures.py      # writes ai2016-matching.csv next to this script

Conventions (as Stata's `teffects psmatch ..., atet` with the default vce(robust, nn(2))):
1 nearest control with replacement on the fitted score, every control tied at the nearest
distance with weight 1/ties; conditional moments over the 2 nearest units of a group (the unit
itself counts in its own group), ties at the 2nd distance included.

cattaneo2.csv: the Cattaneo (2010) birth-weight excerpt used in Stata's teffects examples, as
shipped by statsmodels (statsmodels/treatment/tests/results/cataneo2.csv, BSD-3-Clause), with
the labelled columns recoded to 0/1 (mbsmoke 1 = smoker, mmarried 1 = married, prenatal1 and
fbaby 1 = yes).
"""
import csv, os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path, treatment, outcome, covariates):
    rows = list(csv.DictReader(open(path)))
    cols = [np.ones(len(rows))]
    for c in covariates:
        vals = [r[c] for r in rows]
        try:
            cols.append(np.array([float(v) for v in vals]))
        except ValueError:  # string covariate: dummies, first sorted level as reference (as R)
            for level in sorted(set(vals))[1:]:
                cols.append(np.array([1.0 if v == level else 0.0 for v in vals]))
    w = np.array([int(float(r[treatment])) for r in rows])
    y = np.array([float(r[outcome]) for r in rows])
    return np.column_stack(cols), w, y


def logit(x, w):
    b = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ b))
        step = np.linalg.solve((x * (p * (1 - p))[:, None]).T @ x, x.T @ (w - p))
        b += step
        if np.max(np.abs(step)) < 1e-13:
            break
    p = 1 / (1 + np.exp(-x @ b))
    return p, np.linalg.inv((x * (p * (1 - p))[:, None]).T @ x)


def within(p, members, i, count):
    """Members whose |p - p_i| is at most the count-th smallest such distance."""
    d = np.abs(p[members] - p[i])
    return members[d <= np.sort(d)[count - 1]]


def ai2016(x, w, y):
    n = len(y)
    p, vtheta = logit(x, w)
    f = p * (1 - p)
    t, c = np.where(w == 1)[0], np.where(w == 0)[0]
    n1 = len(t)
    match = {i: within(p, c, i, 1) for i in t}
    y0 = np.array([y[match[i]].mean() for i in t])
    att = np.mean(y[t] - y0)
    k, k2 = np.zeros(n), np.zeros(n)
    for i in t:
        k[match[i]] += 1 / len(match[i])
        k2[match[i]] += 1 / len(match[i]) ** 2
    # conditional moments over H_w(i)
    mu = np.zeros((2, n)); cov = np.zeros((2, n, x.shape[1])); s2 = np.zeros(n)
    for g, members in ((1, t), (0, c)):
        for i in range(n):
            h = within(p, members, i, 2)
            mu[g, i] = y[h].mean()
            if len(h) > 1:
                cov[g, i] = ((x[h] - x[h].mean(0)) * (y[h] - y[h].mean())[:, None]).sum(0) / (len(h) - 1)
                if w[i] == g:
                    s2[i] = np.var(y[h], ddof=1)
    r = y[t] - y0 - att
    v_ai = (np.sum(r ** 2) + np.sum((k[c] ** 2 - k2[c]) * s2[c])) / n1 ** 2
    gamma = ((x[t] * ((1 - p[t]) * r)[:, None]).sum(0) + (cov[0, c] * (k[c] * p[c])[:, None]).sum(0)) / n1
    dtau = ((x * (f * (mu[1] - mu[0] - att))[:, None]).sum(0) + (f[:, None] * (cov[1] - cov[0])).sum(0)) / n1
    v_adj = v_ai - gamma @ vtheta @ gamma + dtau @ vtheta @ dtau
    return att, np.sqrt(v_ai), np.sqrt(v_adj)


def main():
    out = [("quantity", "value")]
    cases = {
        "cattaneo2": (os.path.join(HERE, "cattaneo2.csv"), "mbsmoke", "bweight", ["mmarried", "mage", "fage", "medu", "prenatal1"]),
        "lalonde": (os.path.join(HERE, "..", "..", "..", "Data", "lalonde.csv"), "treat", "re78",
                    ["age", "educ", "race", "married", "nodegree", "re74", "re75"]),
    }
    for name, (path, tr, oc, covs) in cases.items():
        att, se_nn2, se_adj = ai2016(*load(path, tr, oc, covs))
        out += [(f"{name}_att", att), (f"{name}_se_adjusted", se_adj), (f"{name}_se_ai2006_nn2", se_nn2)]
    with open(os.path.join(HERE, "ai2016-matching.csv"), "w") as fh:
        for q, v in out:
            fh.write(f"{q},{v if isinstance(v, str) else repr(float(v))}\n")


if __name__ == "__main__":
    main()
