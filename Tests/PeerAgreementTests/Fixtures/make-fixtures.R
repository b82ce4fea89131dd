# Reference results from R for reval's StatKit tests.
# Run once from the repository root with Debian's r-base-core, r-cran-matchit,
# r-cran-sandwich and r-cran-survival:
#   Rscript Tests/PeerAgreementTests/Fixtures/make-fixtures.R
# It writes Data/lalonde.csv and the *.csv fixtures beside this script.
# R is a checking tool only; reval never calls it.
suppressPackageStartupMessages({ library(MatchIt); library(sandwich); library(survival) })
out <- "Tests/PeerAgreementTests/Fixtures"
num <- function(x) formatC(x, digits = 17, format = "g")
write_table <- function(df, file) write.csv(df, file.path(out, file), row.names = FALSE, quote = FALSE)

data("lalonde", package = "MatchIt")
# Row names (NSW1, PSID1, ...) identify persons: never shipped.
write.csv(lalonde, "Data/lalonde.csv", row.names = FALSE, quote = FALSE)

coef_table <- function(fit, se = sqrt(diag(vcov(fit)))) {
  data.frame(term = names(coef(fit)), estimate = num(coef(fit)), se = num(se))
}

# 1. Propensity model: logistic regression by IRLS.
f <- treat ~ age + educ + race + married + nodegree + re74 + re75
m <- glm(f, family = binomial, data = lalonde)
write_table(coef_table(m), "glm-lalonde-binomial.csv")
write_table(data.frame(
  quantity = c("deviance", "null_deviance", "aic", "iterations", "df_residual", "df_null"),
  value = num(c(m$deviance, m$null.deviance, m$aic, m$iter, m$df.residual, m$df.null))),
  "glm-lalonde-binomial-summary.csv")

# 2. Gaussian GLM of earnings.
g <- glm(re78 ~ treat + age + educ + race + married + nodegree + re74 + re75, family = gaussian, data = lalonde)
write_table(coef_table(g), "glm-lalonde-gaussian.csv")
write_table(data.frame(
  quantity = c("deviance", "null_deviance", "aic", "dispersion", "iterations"),
  value = num(c(g$deviance, g$null.deviance, g$aic, summary(g)$dispersion, g$iter))),
  "glm-lalonde-gaussian-summary.csv")

# 3. OLS with classical, HC1 and cluster-robust (clusters = years of education) SEs.
l <- lm(re78 ~ treat + age + educ + married + re74, data = lalonde)
write_table(data.frame(term = names(coef(l)), estimate = num(coef(l)),
  se_classical = num(sqrt(diag(vcov(l)))),
  se_hc1 = num(sqrt(diag(vcovHC(l, type = "HC1")))),
  se_cluster = num(sqrt(diag(vcovCL(l, cluster = ~educ, type = "HC1"))))),
  "lm-lalonde-robust.csv")

