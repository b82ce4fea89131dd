# Reference IPW and AIPW estimates from statsmodels' TreatmentEffect on MatchIt's lalonde.
# Run once from the repository root (statsmodels from PyPI, e.g. the .venv-bench of scripts/bench-logit):
#   .venv-bench/bin/python Tests/PeerAgreementTests/Fixtures/make-estimator-fixtures.py
# Python is a checking tool only; reval never calls it.
import csv
import numpy as np
import statsmodels.api as sm
from statsmodels.treatment.treatment_effects import TreatmentEffect

rows = list(csv.DictReader(open("Data/lalonde.csv")))
treat = np.array([float(r["treat"]) for r in rows])
y = np.array([float(r["re78"]) for r in rows])
cols = [np.ones(len(rows))]
for name in ["age", "educ"]:
    cols.append(np.array([float(r[name]) for r in rows]))
cols.append(np.array([1.0 if r["race"] == "hispan" else 0.0 for r in rows]))
cols.append(np.array([1.0 if r["race"] == "white" else 0.0 for r in rows]))
for name in ["married", "nodegree", "re74", "re75"]:
    cols.append(np.array([float(r[name]) for r in rows]))
X = np.column_stack(cols)

select = sm.Logit(treat, X).fit(disp=0, tol=1e-12, maxiter=100)
te = TreatmentEffect(sm.OLS(y, X), treat.astype(int), results_select=select)
out = {
    "ipw_ate": te.ipw(effect_group="all", return_results=False)[0],
    "ipw_att": te.ipw(effect_group=1, return_results=False)[0],
    "aipw_ate": te.aipw(return_results=False)[0],
}
with open("Tests/PeerAgreementTests/Fixtures/statsmodels-lalonde-effects.csv", "w") as f:
    f.write("quantity,value\n")
    for k, v in out.items():
        f.write(f"{k},{float(v)!r}\n")
print(out)
