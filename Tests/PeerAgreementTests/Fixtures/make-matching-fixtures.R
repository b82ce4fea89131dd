# Reference nearest-neighbour matching results on MatchIt's lalonde and on a tie-free
# simulated table. Run once from the repository root with Debian's r-cran-matchit:
#   Rscript Tests/PeerAgreementTests/Fixtures/make-matching-fixtures.R
# Writes matching-att.csv and tiefree.csv beside this script.
#
# Two references per data set:
# - matchit: MatchIt 4.5.1, method = "nearest" (1:1, no replacement, largest score first).
#   Its vectorised matcher (src/nn_matchC_vec.cpp) compares distances with C's integer
#   abs(), which truncates every propensity-score difference to 0, so it always takes the
#   nearest available control below the treated unit's score when one exists.
# - greedy: the same greedy algorithm with real distances (the nearest available control,
#   lower score on an exact tie), written out below in plain R.
suppressPackageStartupMessages(library(MatchIt))
out <- "Tests/PeerAgreementTests/Fixtures"
greedy <- function(ps, tr) {
  t <- which(tr == 1); c <- which(tr == 0); avail <- rep(TRUE, length(c)); res <- integer(length(t))
  for (i in t[order(ps[t], decreasing = TRUE)]) {
    d <- abs(ps[c] - ps[i]); d[!avail] <- Inf
    best <- which(d == min(d)); j <- best[which.min(ps[c][best])]
    res[match(i, t)] <- c[j]; avail[j] <- FALSE
  }
  res
}
att <- function(y, tr, mt) mean(y[tr == 1]) - mean(y[mt])
matchit_att <- function(m, y, tr) { md <- match.data(m); v <- md[[y]]; w <- md$weights; weighted.mean(v[md$treat == 1], w[md$treat == 1]) - weighted.mean(v[md$treat == 0], w[md$treat == 0]) }

data("lalonde", package = "MatchIt")
m <- matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde, method = "nearest")
lal <- c(matchit_att(m, "re78", lalonde$treat), att(lalonde$re78, lalonde$treat, greedy(m$distance, lalonde$treat)))

set.seed(42); n <- 3000
d <- data.frame(x1 = rnorm(n), x2 = rnorm(n), x3 = runif(n))
d$treat <- rbinom(n, 1, plogis(-1.2 + 0.8 * d$x1 - 0.5 * d$x2 + d$x3))
d$y <- 1 + 2 * d$treat + d$x1 + 0.5 * d$x2 + rnorm(n)
write.csv(d, file.path(out, "tiefree.csv"), row.names = FALSE)
m2 <- matchit(treat ~ x1 + x2 + x3, data = d, method = "nearest")
tf <- c(matchit_att(m2, "y", d$treat), att(d$y, d$treat, greedy(m2$distance, d$treat)))

write.csv(data.frame(quantity = c("lalonde_matchit", "lalonde_greedy", "tiefree_matchit", "tiefree_greedy"),
                     value = formatC(c(lal, tf), digits = 17, format = "g")),
          file.path(out, "matching-att.csv"), row.names = FALSE, quote = FALSE)
