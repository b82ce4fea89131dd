# Scores effect tables against truth.json: share of 95% CIs that contain the true ATT, mean absolute bias.
# Usage: python3 scripts/lib/score-truth.py DIR ESTIMAND MAX_TAU   (DIR holds truth.json, matching.csv, schooling.csv)
import csv, json, sys
work, max_tau = sys.argv[1], int(sys.argv[3])
# The truth for the treated who started by max tau where truth.json has it, else for every tau.
effects = [e for e in json.load(open(f"{work}/truth.json"))["effects"] if e["estimand"] == sys.argv[2]]
limit = max_tau if any(e.get("max_tau") == max_tau for e in effects) else None
truth = {(e["instrument"], e["dimension"], e["subgroup"], e["outcome"], e["horizon_months"]): e["att"]
         for e in effects if e.get("max_tau") == limit}
cells = covered = 0
bias = {"out_of_benefit": [], "months_out_of_benefit": []}
for inst in ["matching", "schooling"]:
    for r in csv.DictReader(open(f"{work}/{inst}.csv")):
        key = (r["instrument"], r["dimension"], r["subgroup"], r["outcome"], int(r["horizon_months"]))
        if r["status"] != "estimate" or key not in truth:
            continue
        t, est, lo, hi = truth[key], float(r["estimate"]), float(r["ci_low"]), float(r["ci_high"])
        cells += 1
        covered += lo <= t <= hi
        bias[r["outcome"]].append(abs(est - t))
        flag = "" if lo <= t <= hi else "   <- truth outside CI"
        print(f"{inst:9} {r['dimension']:12} {r['subgroup']:15} {r['outcome']:22} {key[4]:3}  est {est:7.2f}  CI {lo:7.2f} to {hi:7.2f}  truth {t:7.2f}{flag}")
print(f"\nestimand {sys.argv[2]}, truth for tau <= {limit or 'any'}; {cells} cells: {covered} CIs contain the true ATT ({100 * covered / cells:.1f}%)")
for k, v in bias.items():
    if v:
        print(f"mean absolute bias, {k}: {sum(v) / len(v):.2f} ({'percentage points' if k == 'out_of_benefit' else 'months'})")
