# An independent generator of linked benefits and trajectories exports with known effects,
# written apart from reval's own simulator (Sources/Cohort/Simulation) and with other
# functional forms, so that truth recovery is not a test of reval against its own quirks:
#   - continuous age with a quadratic effect, months worked with a log effect;
#   - duration dependence of leaving benefit smooth in log spell duration, plus an
#     unobserved frailty that affects leaving only (it selects who is still on benefit at τ,
#     for treated and controls alike, so selection stays on observables);
#   - the trajectory-start hazard peaks around month 6 and is lower for re-entrants into a
#     new spell (it depends on the current spell, not only on the elapsed month);
#   - other inflow years (2005–2006), extraction date 2016-12-31.
# Truth as reval's: each treated person's path simulated again with the same random numbers,
# with no trajectory (now-vs-never) or none in month τ (now-vs-waiting).
# Usage: python3 independent-generator.py PERSONS SEED OUTDIR   (needs numpy)
import datetime as dt, json, sys
from collections import defaultdict
import numpy as np

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
EXTRACTION = dt.date(2016, 12, 31)
rng = np.random.default_rng([seed, 0])

# Inflow on day 1–28 of a month in 2005–2006, so every anniversary exists.
inflow_month = rng.integers(0, 24, n)                  # months since 2005-01
inflow_day = rng.integers(1, 29, n)
def anniversary(i, m):
    k = inflow_month[i] + m
    return dt.date(2005 + k // 12, 1 + k % 12, inflow_day[i])
followup = np.array([(EXTRACTION.year - 2005) * 12 + EXTRACTION.month - 1 - inflow_month[i] - (1 if EXTRACTION.day < inflow_day[i] else 0) for i in range(n)])
months = int(followup.max()) + 1

age = rng.uniform(18, 55, n)                         # under 67 (state pension) at every spell up to the extraction
female = rng.uniform(size=n) < 0.5
edu_codes = np.array(["BO", "VMBO", "MBO", "HAVO", "HBO", "WO", "unknown"])
edu = edu_codes[rng.choice(7, n, p=[0.12, 0.25, 0.28, 0.05, 0.12, 0.06, 0.12])]
low = np.isin(edu, ["BO", "VMBO"]); high = np.isin(edu, ["MBO", "HAVO", "HBO", "WO"]); unknown = edu == "unknown"
household = np.array(["single", "single_parent", "couple"])[rng.choice(3, n, p=[0.55, 0.2, 0.25])]
worked = np.where(rng.uniform(size=n) < 0.45, rng.integers(1, 25, n), 0)
earlier = (rng.uniform(size=n) < 0.3) & (age >= 21)       # an earlier spell before the cohort spell (from age 18 on)
frailty = rng.normal(0, 0.5, n)

exit_x = (-0.0015 * (age - 35) ** 2 + 0.35 * high - 0.15 * unknown + 0.25 * np.log1p(worked) - 0.12 * female
          - 0.25 * (household == "single_parent") - 0.2 * earlier + frailty)
treat_x = 0.3 * low + 0.25 * (worked == 0) - 0.02 * np.maximum(age - 50, 0) * 3 + 0.1 * female

def logistic(v): return 1 / (1 + np.exp(-v))

# Common random numbers: one uniform per person, month and kind (0 treatment, 1 matching in the
# bundle, 2 schooling, 3 leaving, 4 coming back, 5 exit day, 6 re-entry day), drawn once.
U = np.stack([np.random.default_rng([seed, 1, m]).uniform(size=(7, n)).astype(np.float32) for m in range(months)])

def simulate(policy, actual_tau=None, idx=None):
    """policy: 'actual', 'never' or 'not_at' (no trajectory in month actual_tau); idx: the persons simulated."""
    idx = np.arange(n) if idx is None else idx
    k = len(idx)
    def uniforms(kind, m): return U[m, kind, idx]
    age_, low_, high_, female_ = age[idx], low[idx], high[idx], female[idx]
    exit_x_, treat_x_ = exit_x[idx], treat_x[idx]
    on = np.ones(k, bool); spell = np.zeros(k, int); off_months = np.zeros(k, int)
    tau = np.full(k, -1); match = np.zeros(k, bool); school = np.zeros(k, bool)
    state = np.zeros((months + 1, k), bool)
    events = []                                           # (month, kind, persons, day offsets)
    for m in range(months):
        state[m] = on
        if policy != "never":
            month_effect = -3.2 + 0.5 * np.exp(-((m - 6) / 5) ** 2) - 0.15 * (m > 24)
            p = logistic(month_effect + treat_x_ - 0.4 * (spell < 3) * (m > 3))
            can = on & (tau < 0) & (m >= 1)
            if policy == "not_at":
                can &= m != actual_tau
            start = can & (uniforms(0, m) < p)
            tau[start] = m
            u = uniforms(1, m)
            match[start] = u[start] < 0.55
            school[start] = (uniforms(2, m) < np.where(low_, 0.35, 0.15))[start]
        # Leaving benefit: smooth duration dependence, effects from the trajectory start on.
        effect = np.zeros(k)
        treated = tau >= 0
        effect += np.where(treated & match, 0.35 + 0.15 * high_ - 0.2 * (age_ >= 55), 0)
        in_lock = (m - tau) < 4
        effect += np.where(treated & school, np.where(in_lock, -0.6, 0.45 * low_ + 0.2), 0)
        p_exit = logistic(-1.6 - 0.45 * np.log1p(spell) + exit_x_ + effect)
        leave = on & (uniforms(3, m) < p_exit)
        back = ~on & (uniforms(4, m) < np.where(off_months < 12, 0.025, 0.008))
        if policy == "actual":
            events.append((m, "exit", idx[leave], (uniforms(5, m) * 28).astype(int)))
            events.append((m, "back", idx[back], 1 + (uniforms(6, m) * 27).astype(int)))
        spell = np.where(on & ~leave, spell + 1, np.where(back, 0, spell))
        off_months = np.where(~on | leave, np.where(leave, 0, off_months + 1), 0)
        on = (on & ~leave) | back
    state[months] = on
    return state, tau, match, school, events

state, tau, match, school, events = simulate("actual")

# Exports: spells from the exit and re-entry events, cut at the extraction date.
start_day = {i: anniversary(i, 0) for i in range(n)}
spells = defaultdict(list)
for m, kind, persons, offsets in events:
    for i in persons:
        d = anniversary(i, m) + dt.timedelta(days=int(offsets[i]))
        if d > EXTRACTION:
            continue
        if kind == "exit" and i in start_day:
            spells[i].append((start_day.pop(i), d))
        elif kind == "back" and i not in start_day:
            start_day[i] = d
for i, s in start_day.items():
    if s <= EXTRACTION:
        spells[i].append((s, None))
edu_share = {"BO": "low", "VMBO": "low", "unknown": "unknown"}
with open(f"{out}/benefits.csv", "w") as f:
    f.write("person_id,spell_start,spell_end,end_reason,birth_date,sex,education,household,months_worked_24m\n")
    for i in range(n):
        inflow = anniversary(i, 0)
        birth = dt.date(inflow.year - int(age[i]), inflow.month, min(inflow_day[i], 28)) - dt.timedelta(days=int((age[i] % 1) * 360))
        rows = ([(dt.date(inflow.year - 3, inflow.month, 1), dt.date(inflow.year - 2, inflow.month, 1))] if earlier[i] else []) + spells[i]
        for s, e in rows:
            reason = "" if e is None else ("work" if (i * 7 + s.toordinal()) % 3 else "other")
            f.write(f"X{i:07d},{s},{e or ''},{reason},{birth},{'F' if female[i] else 'M'},{edu[i]},{household[i]},{worked[i]}\n")
with open(f"{out}/trajectories.csv", "w") as f:
    f.write("person_id,instrument,start_date,end_date,provider\n")
    for i in np.flatnonzero(tau >= 0):
        s = anniversary(i, tau[i])                        # on benefit on the anniversary, whatever happens later in the month
        if s > EXTRACTION:
            continue
        bundle = (["matching"] if match[i] else []) + (["schooling"] if school[i] else []) or ["active_mediation"]
        for inst in bundle:
            f.write(f"X{i:07d},{inst},{s},,independent generator\n")

# Truth, by the linkage's subgroups.
never, *_ = simulate("never")
waiting = np.zeros_like(state)
for t in np.unique(tau[tau >= 1]):
    # The persons treated in month t, again without a trajectory in month t (possibly later).
    who = np.flatnonzero(tau == t)
    waiting[:, who] = simulate("not_at", actual_tau=t, idx=who)[0]
age_at_inflow = age.astype(int)
band = np.where(age_at_inflow < 25, "18-24", np.where(age_at_inflow < 45, "25-44", np.where(age_at_inflow < 55, "45-54", "55+")))
groups = {"all": np.full(n, "all"), "education": np.where(low, "low", np.where(unknown, "unknown", "high")), "age": band,
          "work_history": np.where(worked > 0, "worked_24m", "not_worked_24m"), "sex": np.where(female, "F", "M")}
sums = defaultdict(lambda: [0.0, 0])
for inst, has in [("matching", match), ("schooling", school)]:
    for i in np.flatnonzero((tau >= 1) & has):
        t = tau[i]
        for h in [24, 96]:
            if t + h > followup[i]:
                continue
            y1 = 0 if state[t + h, i] else 1
            cf = {"now-vs-never": never, "now-vs-waiting": waiting}
            for est, c in cf.items():
                diffs = [("out_of_benefit", 100 * (y1 - (0 if c[t + h, i] else 1)))]
                if h == 96:
                    diffs.append(("months_out_of_benefit", float((~state[t:t + h, i]).sum() - (~c[t:t + h, i]).sum())))
                for outcome, d in diffs:
                    for dim, g in groups.items():
                        for limit in [None, 36] if t <= 36 else [None]:
                            s = sums[(inst, dim, g[i], outcome, h, est, limit)]
                            s[0] += d; s[1] += 1
effects = [{"instrument": k[0], "dimension": k[1], "subgroup": k[2], "outcome": k[3], "horizon_months": k[4], "estimand": k[5],
            "max_tau": k[6], "att": v[0] / v[1], "n_treated": v[1]} for k, v in sorted(sums.items(), key=lambda kv: str(kv[0]))]
json.dump({"generator": "scripts/lib/independent-generator.py", "persons": n, "seed": seed, "effects": effects}, open(f"{out}/truth.json", "w"), indent=1)
