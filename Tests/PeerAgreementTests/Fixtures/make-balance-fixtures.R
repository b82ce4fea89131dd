# Balance of MatchIt 4.5.1's default matching on lalonde, in cobalt's conventions (cobalt is not
# packaged in Debian; its defaults are applied to MatchIt's own summary). Run once from the
# repository root with Debian's r-cran-matchit:
#   Rscript Tests/PeerAgreementTests/Fixtures/make-balance-fixtures.R
# Writes balance-lalonde.csv beside this script: every level of race (raceblack, the reference
# level model.matrix leaves out, included), the distance first; for binary covariates the raw
# difference in proportions (Means Treated - Means Control) and no variance ratio, for the
# distance and continuous ones MatchIt's standardised mean difference (treated SD) and variance ratio.
suppressPackageStartupMessages(library(MatchIt))
out <- "Tests/PeerAgreementTests/Fixtures"
data("lalonde", package = "MatchIt")
m <- matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde, method = "nearest")
s <- summary(m)
binary <- c("raceblack", "racehispan", "racewhite", "married", "nodegree")
side <- function(t) {
  bin <- rownames(t) %in% binary
  list(diff = ifelse(bin, t[, "Means Treated"] - t[, "Means Control"], t[, "Std. Mean Diff."]),
       vr = ifelse(bin, NA, t[, "Var. Ratio"]))
}
b <- side(s$sum.all); a <- side(s$sum.matched)
f <- function(x) ifelse(is.na(x), "", formatC(x, digits = 17, format = "g"))
type <- ifelse(rownames(s$sum.all) == "distance", "distance", ifelse(rownames(s$sum.all) %in% binary, "binary", "continuous"))
write.csv(data.frame(covariate = rownames(s$sum.all), type = type, diff_before = f(b$diff), diff_after = f(a$diff),
                     variance_ratio_before = f(b$vr), variance_ratio_after = f(a$vr)),
          file.path(out, "balance-lalonde.csv"), row.names = FALSE, quote = FALSE)
