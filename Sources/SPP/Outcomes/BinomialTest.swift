import Glibc

/// The two-sided exact binomial test (as R's `binom.test`): how likely a
/// count at least as far from the expected as `successes` out of `trials`
/// is, when each trial succeeds with `probability`. Outcomes compare a
/// cohort's improved count with the national rate this way (CONTRACT §3).
enum BinomialTest {
    /// The p-value: the total probability of every count no more likely than
    /// the one observed (with R's relative tolerance for ties).
    static func pValue(successes: Int, trials: Int, probability: Double) -> Double {
        precondition((0...trials).contains(successes) && (0...1).contains(probability))
        if probability == 0 { return successes == 0 ? 1 : 0 }
        if probability == 1 { return successes == trials ? 1 : 0 }
        let observed = logProbability(successes, trials, probability)
        let threshold = observed + log1p(1e-7)
        var total = 0.0
        for count in 0...trials where logProbability(count, trials, probability) <= threshold {
            total += exp(logProbability(count, trials, probability))
        }
        return min(1, total)
    }

    /// log P(X = k) for X ~ Binomial(n, p), in logs so large cohorts do not underflow.
    private static func logProbability(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let choose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return choose + Double(k) * log(p) + Double(n - k) * log1p(-p)
    }
}
